"""Self-check of notebook 06 (channels and empowerment). Texts: locales/*/selfcheck_06.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q3", "options": ["a", "b", "c"], "answer": "a"},
]
