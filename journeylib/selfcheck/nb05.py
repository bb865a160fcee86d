"""Self-check of notebook 05 (moments of truth from data). Texts: locales/*/selfcheck_05.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q3", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q4", "options": ["a", "b", "c"], "answer": "b"},
]
