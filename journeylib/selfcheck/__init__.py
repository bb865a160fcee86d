"""The course's question bank: every self-check and quiz question, with its answer.

The answers live here, never in a notebook file. Each notebook NN ("00" ... "08") has a
module ``journeylib/selfcheck/nbNN.py`` with

* ``QUESTIONS``: the self-check at the end of the notebook, and
* optionally ``QUIZZES``: named question sets shown earlier in the notebook (notebook 07
  has "hospitality", "pie" and "authentic"; :class:`journeylib.widgets.communication.Quiz`
  builds on them).

All questions have one format. A *choice* question::

    {"id": "q1", "kind": "apply", "options": ["a", "b", "c"], "answer": "b"}

A *match* question pairs each item with one of the options (the categories)::

    {"id": "hosp2", "kind": "apply", "items": ["item1", "item2"],
     "options": ["hospitality", "communication"], "answer": ["communication", "hospitality"]}

``kind`` says what the question asks of the learner: ``"apply"`` (use a concept in a
short situation the notebook does not describe) or ``"recall"`` (remember what the
notebook says). ``id`` is unique within the notebook, over all its sets.

The texts are in ``journeylib/locales/{nl,en}/selfcheck_NN.json``::

    selfcheck.NN.q1           the question
    selfcheck.NN.q1.hint      a hint, shown after a wrong answer
    selfcheck.NN.q1.a         option a
    selfcheck.NN.q1.a.why     why a is right, or why not (choice questions)
    selfcheck.NN.hosp2.item1      item 1 of a match question
    selfcheck.NN.hosp2.item1.why  why item 1 belongs where it does

Options are shown in an order of their own for every learner: :func:`option_order`.

A learner's answers are kept in ``workbook.answers`` under :func:`answer_id`
(``check-NN-<question id>``), for the self-check and the quizzes alike: the option
(``"b"``), or one option per item of a match question (``"words,tone,face"``), and after
``|`` the first answer the learner checked when it was another one (``"b|a"``: right now,
wrong at the first try). :func:`saved_answer` also reads the keys of earlier versions
(notebook 07's quizzes saved ``quiz-<question id>``); :func:`results` is what the report
and the class overview count.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from importlib import import_module

#: The notebooks that have a question bank.
NOTEBOOKS = tuple(f"{n:02d}" for n in range(9))
#: The name of the end-of-notebook self-check among a notebook's :func:`sets`.
CHECK = "check"
#: What a question asks of the learner.
KINDS = ("apply", "recall")


def _module(notebook: str):
    if notebook not in NOTEBOOKS:
        raise ValueError(f"unknown notebook {notebook!r}; choose one of {', '.join(NOTEBOOKS)}")
    return import_module(f"journeylib.selfcheck.nb{notebook}")


def spec(notebook: str) -> list[dict]:
    """The self-check questions of notebook ``notebook`` ("00" ... "08")."""
    return [dict(q) for q in _module(notebook).QUESTIONS]


def sets(notebook: str) -> dict[str, list[dict]]:
    """Every question set of ``notebook``: ``{"check": [...], <quiz name>: [...], ...}``."""
    quizzes = getattr(_module(notebook), "QUIZZES", {})
    return {CHECK: spec(notebook), **{name: [dict(q) for q in qs] for name, qs in quizzes.items()}}


def questions(notebook: str) -> list[dict]:
    """All questions of ``notebook``, the self-check first, then its quizzes in order."""
    return [q for qs in sets(notebook).values() for q in qs]


def quiz(name: str) -> tuple[str, list[dict]]:
    """The notebook and the questions of the quiz named ``name`` (e.g. ``"pie"``)."""
    for notebook in NOTEBOOKS:
        quizzes = getattr(_module(notebook), "QUIZZES", {})
        if name in quizzes:
            return notebook, [dict(q) for q in quizzes[name]]
    raise KeyError(name)


def quiz_names() -> list[str]:
    """The names of all quizzes, in notebook order."""
    return [name for n in NOTEBOOKS for name in getattr(_module(n), "QUIZZES", {})]


def is_match(question: dict) -> bool:
    """True for a match question (items to pair with the options), False for a choice."""
    return "items" in question


def key(notebook: str, question: str, *parts: str) -> str:
    """The locale key of a question text: ``key("03", "q1", "a", "why")``."""
    return ".".join(["selfcheck", notebook, question, *parts])


def text_keys(notebook: str, question: dict) -> list[str]:
    """Every locale key the question needs: question, hint, options, items, explanations."""
    qid = question["id"]
    keys = [key(notebook, qid), key(notebook, qid, "hint")]
    keys += [key(notebook, qid, option) for option in question["options"]]
    if is_match(question):
        keys += [k for item in question["items"] for k in (key(notebook, qid, item), key(notebook, qid, item, "why"))]
    else:
        keys += [key(notebook, qid, option, "why") for option in question["options"]]
    return keys


def is_right(question: dict, given) -> bool:
    """Whether ``given`` (an option, or one option per item) answers ``question``."""
    if is_match(question):
        return list(given or ()) == list(question["answer"])
    return given == question["answer"]


def _learner(learner_key) -> str:
    """The learner key as used for the order: spacing and capitals do not matter."""
    return " ".join(str(learner_key or "").split()).casefold()


def option_order(notebook: str, question_id: str, learner_key: str) -> list[str]:
    """The options of question ``question_id`` of ``notebook`` in this learner's order.

    The order follows from a SHA-256 hash of (learner, notebook, question, option), not
    from Python's ``hash()`` (which changes with every start of Python). So one learner
    sees the same order every time the notebook is opened, on any computer, and other
    learners see other orders: neighbours cannot copy "the second one", and the right
    answer has no fixed place. Adding an option later keeps the order of the others.

    ``learner_key`` is what identifies the learner: the self-check and quiz widgets pass
    the workbook's learner name (``session.workbook.learner``; the same learner typed
    with other spacing or capitals keeps the order). Without a learner (an empty key)
    the order is still shuffled, the same for everyone without a name.
    """
    q = next((q for q in questions(notebook) if q["id"] == question_id), None)
    if q is None:
        raise KeyError(f"{notebook}/{question_id}")
    who = _learner(learner_key)

    def rank(option: str) -> bytes:
        return hashlib.sha256("\x1f".join((who, notebook, question_id, option)).encode("utf-8")).digest()

    return sorted(q["options"], key=rank)


# --------------------------------------------------------------------------- saved answers

def answer_id(notebook: str, question_id: str) -> str:
    """The key of a question's answer in ``workbook.answers``: ``check-03-q1``, ``check-07-pie2``."""
    return f"check-{notebook}-{question_id}"


@functools.lru_cache(maxsize=None)
def _quiz_ids(notebook: str) -> frozenset:
    return frozenset(q["id"] for qs in getattr(_module(notebook), "QUIZZES", {}).values() for q in qs)


def old_answer_ids(notebook: str, question_id: str) -> list[str]:
    """Where an earlier version of the course kept this answer: ``quiz-<id>`` for a quiz question."""
    return [f"quiz-{question_id}"] if question_id in _quiz_ids(notebook) else []


def encode(question: dict, given) -> str:
    """An answer as text: the option (``"b"``), or the options per item joined by commas."""
    return ",".join(given) if is_match(question) else str(given)


def decode(question: dict, text):
    """The answer in ``text`` (see :func:`encode`), or None when it does not fit ``question``."""
    if is_match(question):
        parts = tuple(part.strip() for part in str(text).split(","))
        ok = len(parts) == len(question["items"]) and all(part in question["options"] for part in parts)
        return parts if ok else None
    text = str(text).strip()
    return text if text in question["options"] else None


def saved_answer(answers: dict, notebook: str, question: dict):
    """``(latest, first)``: the answer the learner checked last and the one checked first, from
    ``workbook.answers`` (the key of today, else an old one); None when there is none."""
    for found in (answer_id(notebook, question["id"]), *old_answer_ids(notebook, question["id"])):
        if found not in answers:
            continue
        latest, _, first = str(answers[found]).partition("|")
        given = decode(question, latest)
        if given is not None:
            return given, (decode(question, first) if first else None) or given
    return None


def record_answer(answers: dict, notebook: str, question: dict, given) -> dict:
    """A copy of ``answers`` with ``given`` as the latest checked answer of ``question``: the
    first checked answer is kept beside it, and an old key of the same answer goes."""
    before = saved_answer(answers, notebook, question)
    first = before[1] if before else given
    value = encode(question, given) + ("" if first == given else "|" + encode(question, first))
    old = old_answer_ids(notebook, question["id"])
    return {**{k: v for k, v in answers.items() if k not in old}, answer_id(notebook, question["id"]): value}


@dataclass(frozen=True)
class Result:
    """One question and what a learner answered: the latest and the first checked answer."""

    notebook: str
    set: str
    question: dict
    n: int  # its number in its set, from 1 (as the widget shows it: "Vraag 2 van 4")
    given: object = None
    first: object = None

    @property
    def id(self) -> str:
        return self.question["id"]

    @property
    def answered(self) -> bool:
        return self.given is not None

    @property
    def right(self) -> bool:
        return self.answered and is_right(self.question, self.given)

    @property
    def first_right(self) -> bool:
        """Right at the first check (what the class overview counts)."""
        return self.answered and is_right(self.question, self.first)


def results(answers: dict, notebook: str | None = None) -> list[Result]:
    """Every question of ``notebook`` (or of every notebook) with what ``answers`` holds for it."""
    found = []
    for nb in (notebook,) if notebook else NOTEBOOKS:
        for name, qs in sets(nb).items():
            for n, q in enumerate(qs, 1):
                given, first = saved_answer(answers, nb, q) or (None, None)
                found.append(Result(nb, name, q, n, given, first))
    return found
