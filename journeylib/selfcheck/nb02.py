"""Self-check of notebook 02 (expectations and service levels). Texts: locales/*/selfcheck_02.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q3", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q4", "options": ["a", "b", "c"], "answer": "b"},
]
