"""Self-check of notebook 08 (reflection and advice). Texts: locales/*/selfcheck_08.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q3", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q4", "options": ["a", "b", "c"], "answer": "b"},
]
