"""Question bank of notebook 07 (hospitality and communication); texts in locales/*/selfcheck_07.json.

Format and key scheme: see journeylib.selfcheck. ``kind`` is "apply" (the learner uses a
concept in a new situation) or "recall" (remembers what the notebook says)."""
QUESTIONS = [
    {"id": "q1", "kind": "apply", "options": ["a", "b", "c"], "answer": "b"},
    {"id": "q2", "kind": "apply", "options": ["a", "b", "c"], "answer": "c"},
    {"id": "q3", "kind": "apply", "options": ["a", "b", "c"], "answer": "a"},
    {"id": "q4", "kind": "apply", "options": ["a", "b", "c"], "answer": "b"},
]

#: The quizzes shown earlier in the notebook, by name (journeylib.widgets.communication.Quiz).
QUIZZES = {
    "hospitality": [
        {"id": "hosp1", "kind": "recall", "options": ["a", "b", "c", "d"], "answer": "b"},
        {"id": "hosp2", "kind": "apply", "items": ["item1", "item2", "item3", "item4"], "options": ["hospitality", "communication", "representative"], "answer": ["hospitality", "communication", "representative", "communication"]},
        {"id": "hosp3", "kind": "apply", "options": ["a", "b", "c"], "answer": "c"},
        {"id": "hosp4", "kind": "apply", "options": ["a", "b", "c"], "answer": "a"},
    ],
    "pie": [
        {"id": "pie1", "kind": "recall", "items": ["item1", "item2", "item3"], "options": ["tone", "face", "words"], "answer": ["words", "tone", "face"]},
        {"id": "pie2", "kind": "recall", "options": ["a", "b", "c"], "answer": "c"},
        {"id": "pie3", "kind": "apply", "options": ["a", "b", "c"], "answer": "b"},
        {"id": "pie4", "kind": "apply", "options": ["a", "b", "c"], "answer": "a"},
    ],
    "authentic": [
        {"id": "auth1", "kind": "recall", "options": ["a", "b", "c"], "answer": "b"},
        {"id": "auth2", "kind": "recall", "options": ["a", "b", "c"], "answer": "c"},
        {"id": "auth3", "kind": "apply", "options": ["a", "b", "c"], "answer": "a"},
        {"id": "auth4", "kind": "apply", "items": ["item1", "item2", "item3"], "options": ["self_only", "script_only", "both"], "answer": ["script_only", "self_only", "both"]},
    ],
}
