"""Question bank of notebook 02 (expectations and service levels); texts in locales/*/selfcheck_02.json.

Format and key scheme: see journeylib.selfcheck. ``kind`` is "apply" (the learner uses a
concept in a new situation) or "recall" (remembers what the notebook says)."""
QUESTIONS = [
    {"id": "q1", "kind": "apply", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q2", "kind": "apply", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q3", "kind": "apply", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q4", "kind": "apply", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q5", "kind": "apply", "options": ["a", "b", "c"], "answer": "b"},
]
