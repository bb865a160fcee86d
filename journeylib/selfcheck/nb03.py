"""Self-check of notebook 03 (the journey and its touchpoints). Texts: locales/*/selfcheck_03.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q3", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q4", "options": ["a", "b", "c"], "answer": "b"},
]
