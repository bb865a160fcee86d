"""Self-check of notebook 01 (brand identity and essence). Texts: locales/*/selfcheck_01.json."""
QUESTIONS = [
    {"id": "q1", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q2", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q3", "options": ["a", "b", "c"], "answer": "a"},
]
