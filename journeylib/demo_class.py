"""Deterministic example work: a complete demo workbook and a demo class of learners.

:func:`demo_workbook` fills a shipped case the way a learner who did every task might;
:func:`demo_class` writes a folder of such workbooks in which learners did different parts
of the work (and one broken file), so the instructor notebooks and the class overview run
headless with their default parameters and show something. The same seed gives the same
files (stored notebook outputs stay the same).
"""
from __future__ import annotations

import base64
import io
import os
import random
from pathlib import Path

from .i18n import check_language, t
from .model import PHASES
from .text import join_words

__all__ = ["DEMO_NAMES", "demo_workbook", "demo_class"]

DEMO_NAMES = ("Anouk de Vries", "Bram Jansen", "Chloé Bakker", "Daan Visser", "Eline Smit", "Fatima El Amrani",
              "Gijs Meijer", "Hanna de Boer", "Ivo Mulder", "Julia de Groot", "Kees Bos", "Lotte Vos",
              "Mehmet Yilmaz", "Noor Peters", "Olaf Hendriks", "Priya Ramdin")
_TILE_COLOURS = {"before": (86, 180, 233), "during": (230, 159, 0), "after": (0, 158, 115)}
#: How likely a learner of the demo class did each optional task.
_TASK_CHANCE = {"brand": 0.85, "moments": 0.75, "service": 0.65, "channels": 0.55, "reflection": 0.7, "advice": 0.5,
                "hospitality": 0.6, "selfcheck": 0.8}


def _tile(phase: str, variant: int) -> bytes:
    """A small deterministic PNG (a coloured tile with a shape) standing in for a learner's photo."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (240, 160), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    colour = _TILE_COLOURS[phase]
    draw.rectangle((10, 10, 229, 149), outline=colour, width=6)
    if variant % 2:
        draw.ellipse((80, 40, 160, 120), fill=colour)
    else:
        draw.polygon([(120, 30), (175, 130), (65, 130)], fill=colour)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _demo_fill(wb, case, lang: str, rng: random.Random, *, complete: bool = True) -> None:
    """Fill ``wb`` (pre-filled from ``case``) the way a learner might, deterministically."""
    from .analysis.moments import mot_rows
    from .analysis.service import SCENARIOS
    from .model import ChannelMatrix, PhaseReflection, ServiceLevel, StoredImage

    def did_task(task: str) -> bool:
        return complete or rng.random() < _TASK_CHANCE[task]

    journey = wb.journeys[0]
    # moments of truth: the learner marks two or three of the strongest candidates
    ranked = [row["id"] for row in mot_rows(journey)]
    if did_task("moments"):
        picks = set(ranked[: 3 + rng.randrange(2)])
        picks = set(rng.sample(sorted(picks), min(len(picks), 2 + rng.randrange(2))))
    else:
        picks = set()
    for tp in journey.touchpoints:
        tp.moment_of_truth = tp.id in picks
        gap = tp.performance - tp.expectation
        base = 3 + (1 if gap > 0 else -1 if gap < 0 else 0) + rng.choice((0, 0, 0, 1, -1))
        tp.service_level = ServiceLevel(min(6, max(1, base)))
    if not did_task("brand"):
        wb.brand.essence_words = [wb.brand.essence_words[0], "", ""]
    if did_task("service"):
        chosen = rng.sample(list(SCENARIOS), 6)
        wb.service_ratings = {s.id: ServiceLevel(min(6, max(1, int(s.level) + rng.choice((0, 0, 0, 1, -1)))))
                              for s in chosen}
    if not (wb.channels.channels and wb.channels.problems) and did_task("channels"):
        channels = list(dict.fromkeys(tp.channel for tp in journey.touchpoints if tp.channel))[:4]
        problems = [p.strip() for p in t("report.demo.problems", lang).split("|")]
        if len(channels) >= 2:
            wb.channels = ChannelMatrix(channels=channels, problems=problems,
                                        can_solve={c: [p for p in problems if rng.random() < 0.6] for c in channels})
    elif not complete and not did_task("channels"):
        wb.channels = ChannelMatrix()
    if did_task("reflection"):
        boards = {}
        for i, phase in enumerate(PHASES):
            pool = [w.strip() for w in t(f"report.demo.keywords.{phase}", lang).split(",")]
            keywords = rng.sample(pool, 3 + rng.randrange(2))
            raw = _tile(phase, i + rng.randrange(2))
            image = StoredImage(name=t("report.demo.image", lang, phase=t(f"phase.{phase}", lang).lower()),
                                mime="png", width=240, height=160, data=base64.b64encode(raw).decode("ascii"))
            boards[phase] = PhaseReflection(keywords=keywords, images=[image] if complete or i != 1 else [])
        wb.reflections = boards
    if did_task("advice"):
        chosen_names = [tp.name for tp in journey.touchpoints if tp.moment_of_truth] or [journey.touchpoints[0].name]
        weakest = min(journey.touchpoints, key=lambda tp: (tp.performance - tp.expectation, tp.name)).name
        wb.advice = t("report.demo.advice", lang, organisation=wb.brand.organisation or case.title,
                      moments=join_words(chosen_names, lang), weakest=weakest)
    # drawn last, so the work above stays as it was for the same seed
    if did_task("hospitality"):
        _demo_hospitality(wb, lang)
    if did_task("selfcheck"):
        _demo_selfchecks(wb, rng, complete=complete)


def _demo_hospitality(wb, lang: str) -> None:
    """Notebook 07's answers (the hospitality model, the pie's slices, authentic) as a learner wrote them."""
    from .assignments import ASSIGNMENTS

    answers = dict(wb.answers)
    for assignment in ASSIGNMENTS:
        if assignment.kind == "text":
            answers[assignment.id] = t(f"report.demo.answer.{assignment.id}", lang)
        elif assignment.kind == "pie":
            names = t("report.demo.answer.pie", lang).split(",")
            answers.update({key: name.strip() for key, name in zip(assignment.keys, names)})
    wb.answers = answers


def _demo_selfchecks(wb, rng: random.Random, *, complete: bool) -> None:
    """Self-checks and quizzes answered: most right at once, some only at a second try, some
    questions harder than others (so the class overview's most-missed list has a shape)."""
    from .selfcheck import NOTEBOOKS, is_match, is_right, record_answer, sets

    answers = dict(wb.answers)
    for notebook in NOTEBOOKS:
        if not complete and rng.random() < 0.25:
            continue  # a notebook this learner did not get to
        for qs in sets(notebook).values():
            for n, question in enumerate(qs):
                right = tuple(question["answer"]) if is_match(question) else question["answer"]
                wrong_options = [o for o in question["options"] if o != (right[0] if is_match(question) else right)]
                wrong = (tuple(reversed(right)) if is_match(question) else rng.choice(wrong_options))
                hard = (n + len(notebook)) % 3 == 0  # a fixed third of the questions is harder
                if rng.random() < (0.45 if hard else 0.8) or is_right(question, wrong):
                    answers = record_answer(answers, notebook, question, right)
                else:
                    answers = record_answer(answers, notebook, question, wrong)
                    if rng.random() < 0.6:  # tried again after the hint
                        answers = record_answer(answers, notebook, question, right)
    wb.answers = answers


def demo_workbook(case: str = "hospital", lang: str | None = None, *, learner: str | None = None, seed: int = 0):
    """A complete example workbook from a shipped case: every report section has content.

    Deterministic for the same ``case``, ``lang`` and ``seed`` (for stored notebook outputs).
    """
    from .datasets import load_case

    lang = check_language(lang)
    source = load_case(case, lang=lang)
    name = learner if learner is not None else t("report.demo.learner", lang)
    wb = source.to_workbook(learner=name, language=lang)
    _demo_fill(wb, source, lang, random.Random(f"{case}:{seed}"), complete=True)
    return wb


def demo_class(folder: str | os.PathLike | None = None, *, size: int = 12, lang: str | None = None,
               invalid: bool = True, seed: int = 0) -> Path:
    """Write a demo class of ``size`` workbooks (from the shipped cases, in turn) to ``folder``.

    Learners do different parts of the work, so the overview has something to show; with
    ``invalid`` one broken file is added, to show how the overview lists it. Without
    ``folder`` a temporary folder is made (removed when Python exits). Returns the folder.
    """
    from .datasets import list_cases, load_case
    from .store import save_workbook

    lang = check_language(lang)
    if folder is None:
        import atexit
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="jl-demo-class-")
        atexit.register(shutil.rmtree, folder, True)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cases = [c for c in list_cases() if c in ("airlines", "hospital", "partner-visit", "telecom")] or list_cases()
    rng = random.Random(f"class:{seed}")
    for i in range(size):
        case_id = cases[i % len(cases)]
        source = load_case(case_id, lang=lang)
        learner = DEMO_NAMES[i % len(DEMO_NAMES)] + (f" {i // len(DEMO_NAMES) + 1}" if i >= len(DEMO_NAMES) else "")
        wb = source.to_workbook(learner=learner, language=lang)
        _demo_fill(wb, source, lang, random.Random(f"{seed}:{i}:{rng.random()}"), complete=False)
        save_workbook(wb, folder / f"{i + 1:03d}-{case_id}.workbook.json")
    if invalid:
        (folder / "zz-broken.workbook.json").write_text('{"format": "cx-journey-lab/workbook", "schema_version": 1,'
                                                       ' "learner": ', encoding="utf-8")
    return folder
