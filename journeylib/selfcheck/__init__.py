"""Self-check questions per notebook; the answers live here, never in a notebook file.

Each notebook NN has a module ``journeylib/selfcheck/nbNN.py`` with::

    QUESTIONS = [{"id": "q1", "options": ["a", "b", "c"], "answer": "b"}, ...]

and its texts in ``journeylib/locales/{nl,en}/selfcheck_NN.json``::

    selfcheck.NN.q1          the question
    selfcheck.NN.q1.hint     a hint shown after a wrong answer
    selfcheck.NN.q1.a        option a            selfcheck.NN.q1.a.why   why a is (not) right
"""
from __future__ import annotations

from importlib import import_module


def spec(notebook: str) -> list[dict]:
    """The raw question list of notebook ``notebook`` ("00" ... "08")."""
    return list(import_module(f"journeylib.selfcheck.nb{notebook}").QUESTIONS)


def key(notebook: str, question: str, *parts: str) -> str:
    return ".".join(["selfcheck", notebook, question, *parts])
