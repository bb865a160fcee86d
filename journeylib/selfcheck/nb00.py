"""Self-check of notebook 00 (welcome). Texts: locales/*/selfcheck_00.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "c"},
]
