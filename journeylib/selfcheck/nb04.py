"""Self-check of notebook 04 (moments of truth). Texts: locales/*/selfcheck_04.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q3", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q4", "options": ["a", "b", "c"], "answer": "a"},
]
