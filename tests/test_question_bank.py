"""The question bank (journeylib.selfcheck) cannot be passed by guessing (issue 13, §2).

For every notebook and language: the right option is the longest one in at most a third
of the choice questions (a tie for longest does not count as longest; lengths in
characters of the option text), at least half of the questions ask the learner to apply
a concept to a new situation, and every text exists in both languages. Option order is
shuffled per learner, the same for that learner every time.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journeylib import i18n
from journeylib.selfcheck import (CHECK, KINDS, NOTEBOOKS, is_match, is_right, key, option_order, questions, quiz,
                                  quiz_names, sets, spec, text_keys)

LANGS = ("nl", "en")


def right_is_longest(notebook: str, q: dict, lang: str) -> bool:
    """True when the right option is strictly the longest of a choice question."""
    lengths = {o: len(i18n.t(key(notebook, q["id"], o), lang)) for o in q["options"]}
    longest = max(lengths.values())
    return lengths[q["answer"]] == longest and list(lengths.values()).count(longest) == 1


def longest_counts(notebook: str, lang: str) -> tuple[int, int]:
    """(choice questions whose right option is the longest, choice questions) of a notebook."""
    choice = [q for q in questions(notebook) if not is_match(q)]
    return sum(right_is_longest(notebook, q, lang) for q in choice), len(choice)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_right_option_is_the_longest_in_at_most_a_third(notebook, lang):
    longest, total = longest_counts(notebook, lang)
    assert total and 3 * longest <= total, f"{notebook} {lang}: the right option is the longest in {longest} of {total}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_right_option_is_not_mostly_the_shortest_either(notebook, lang):
    """The opposite trick ("never pick the longest, pick the shortest") must not work either."""
    choice = [q for q in questions(notebook) if not is_match(q)]
    shortest = 0
    for q in choice:
        lengths = {o: len(i18n.t(key(notebook, q["id"], o), lang)) for o in q["options"]}
        least = min(lengths.values())
        shortest += lengths[q["answer"]] == least and list(lengths.values()).count(least) == 1
    assert 2 * shortest <= len(choice), f"{notebook} {lang}: the right option is the shortest in {shortest}"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_at_least_half_of_the_questions_ask_to_apply(notebook):
    qs = questions(notebook)
    assert all(q.get("kind") in KINDS for q in qs), [q["id"] for q in qs if q.get("kind") not in KINDS]
    applied = sum(q["kind"] == "apply" for q in qs)
    assert 2 * applied >= len(qs), f"{notebook}: {applied} of {len(qs)} questions ask to apply"
    for name, qs in sets(notebook).items():  # every quiz set on its own, too
        assert 2 * sum(q["kind"] == "apply" for q in qs) >= len(qs), (notebook, name)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_question_is_well_formed(notebook):
    qs = questions(notebook)
    ids = [q["id"] for q in qs]
    assert len(set(ids)) == len(ids), f"{notebook}: duplicate ids"
    assert 4 <= len(spec(notebook)) <= 6, f"{notebook}: {len(spec(notebook))} self-check questions"
    for q in qs:
        options = q["options"]
        assert len(options) >= 2 and len(set(options)) == len(options), q["id"]
        if is_match(q):
            assert len(q["answer"]) == len(q["items"]) and set(q["answer"]) <= set(options), q["id"]
            assert len(set(q["items"])) == len(q["items"]), q["id"]
            assert is_right(q, q["answer"]) and not is_right(q, list(reversed(q["answer"]))), q["id"]
        else:
            assert q["answer"] in options, q["id"]
            assert is_right(q, q["answer"]) and not any(is_right(q, o) for o in options if o != q["answer"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_question_has_all_its_texts(notebook, lang):
    catalog = i18n._load(lang)
    for q in questions(notebook):
        for k in text_keys(notebook, q):
            assert catalog.get(k, "").strip(), f"{lang}: no text for {k}"
        texts = [catalog[key(notebook, q["id"], o)] for o in q["options"]]
        assert len(set(texts)) == len(texts), f"{lang}: two options of {notebook}/{q['id']} read the same"
    prefix = f"selfcheck.{notebook}."
    used = {k for q in questions(notebook) for k in text_keys(notebook, q)}
    unused = sorted(k for k in catalog if k.startswith(prefix) and k not in used)
    assert unused == [], f"{lang}: texts no question uses: {unused}"


def test_the_three_quizzes_of_notebook_07_live_in_the_bank():
    assert quiz_names() == ["hospitality", "pie", "authentic"]
    for name in quiz_names():
        notebook, qs = quiz(name)
        assert notebook == "07" and qs == sets("07")[name]
        assert {is_match(q) for q in qs} == {True, False}, name  # both kinds in every set
    assert CHECK in sets("07") and list(sets("00")) == [CHECK]
    with pytest.raises(KeyError):
        quiz("nope")


def test_the_pie_quiz_does_not_give_the_slices_away_before_the_learner_answers():
    """What the learner sees before answering (questions, options, items, hints) never
    names a slice together with its share; only the explanations after an answer do."""
    _, qs = quiz("pie")
    for lang in LANGS:
        for q in qs:
            shown = [key("07", q["id"]), key("07", q["id"], "hint"),
                     *[key("07", q["id"], o) for o in q["options"]]]
            for k in shown:
                text = i18n.t(k, lang)
                assert not any(share in text for share in ("7%", "7 %", "38", "55", "7 procent", "7 per")), k


# --------------------------------------------------------------------------- the shuffle

def all_questions():
    return [(n, q) for n in NOTEBOOKS for q in questions(n)]


def test_option_order_is_a_permutation_and_stable_for_one_learner():
    for notebook, q in all_questions():
        order = option_order(notebook, q["id"], "Anna de Vries")
        assert sorted(order) == sorted(q["options"]), (notebook, q["id"])
        assert option_order(notebook, q["id"], "Anna de Vries") == order
        assert option_order(notebook, q["id"], "  anna   DE vries ") == order  # as retyped
    with pytest.raises(KeyError):
        option_order("03", "q99", "Anna")
    with pytest.raises(ValueError):
        option_order("42", "q1", "Anna")


def test_option_order_differs_between_learners():
    learners = [f"learner {i}" for i in range(20)]
    differing = []
    for notebook, q in all_questions():
        orders = [tuple(option_order(notebook, q["id"], who)) for who in learners]
        others = sum(order != orders[0] for order in orders[1:])
        assert others >= 10, f"{notebook}/{q['id']}: only {others} of 19 learners see another order"
        differing.append(others)
        places = {order.index(q["answer"]) for order in orders} if not is_match(q) else {0, 1}
        assert len(places) > 1, f"{notebook}/{q['id']}: the right answer is always in the same place"
    assert sum(differing) >= 0.75 * 19 * len(differing)  # most learners see another order


def test_option_order_does_not_depend_on_pythons_hash_seed():
    """The order is the same in a new Python process with another hash seed (a reopened notebook)."""
    code = ("from journeylib.selfcheck import option_order; "
            "print(option_order('07', 'hosp1', 'Anna'), option_order('03', 'q2', 'Bram'))")
    root = Path(__file__).resolve().parents[1]
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                              check=True)
        outputs.add(done.stdout)
    assert outputs == {f"{option_order('07', 'hosp1', 'Anna')} {option_order('03', 'q2', 'Bram')}\n"}
