"""Self-check of notebook 07 (hospitality and communication). Texts: locales/*/selfcheck_07.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q3", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q4", "options": ["a", "b", "c"], "answer": "b"},
]
