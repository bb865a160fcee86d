"""Kaufman's six levels of service: place short service situations on the right level.

:class:`ServiceLevelSorter` shows one situation at a time (Previous / Next, or jump to
any situation) with the six levels as buttons. Each answer is saved in
``workbook.service_ratings`` (scenario id -> level) and gets feedback and an explanation
at once (:func:`journeylib.analysis.service.check_answer`; the answers live there). A score
and a staircase of the learner's placements follow every answer.
"""
from __future__ import annotations

import ipywidgets as W

from ..analysis.service import LEVELS, SCENARIOS, Scenario, check_answer, get_scenario, level_distribution
from ..charts.levels import plot_staircase
from ..errors import JourneyError
from ..i18n import t
from ..model import assign
from .base import WIDE, JourneyWidget, chart_area, esc, fit, full, row, show_figure, up_to

__all__ = ["ServiceLevelSorter"]

_RIGHT_STYLE = "color:#006644;background:#E8F5EE;border-left:5px solid #009E73"
_WRONG_STYLE = "color:#7A3B00;background:#FFF3E0;border-left:5px solid #D55E00"


def _count_situations(ax) -> None:
    """The staircase's note says its numbers count touchpoints; here they count situations."""
    note = t("chart.levels.count_note")
    for text in ax.texts:
        if text.get_text().startswith(note):
            text.set_text(t("level_sorter.count_note") + text.get_text()[len(note):])


class ServiceLevelSorter(JourneyWidget):
    """Place each service situation on one of Kaufman's six levels and learn why.

    ``scenarios``: scenario ids (or :class:`~journeylib.analysis.service.Scenario`
    objects) to use, in this order; default: all of
    :data:`~journeylib.analysis.service.SCENARIOS`.
    """

    def __init__(self, session, scenarios=None):
        super().__init__(session)
        self._problem: JourneyError | None = None
        self.scenarios: tuple[Scenario, ...] = self._pick(SCENARIOS if scenarios is None else scenarios)
        self.index = 0
        self.intro = W.HTML()
        self.jump = W.Dropdown(style=WIDE, layout=up_to("34em"))
        self.previous = W.Button(icon="arrow-left", layout=fit())
        self.next = W.Button(icon="arrow-right", layout=fit())
        self.situation = W.HTML(layout=full())
        self.choice = W.ToggleButtons(value=None, style={**WIDE, "button_width": "9.5em"},
                                      layout=full())
        self.feedback = W.HTML(layout=full())
        self.score = W.HTML()
        self.overview = W.HTML(layout=full())
        self.out, self.caption = chart_area()

        self.on_change(self.jump, self._on_jump)
        self.previous.on_click(lambda _: self.go(self.index - 1))
        self.next.on_click(lambda _: self.go(self.index + 1))
        self.on_change(self.choice, self._on_choice)

        card = W.VBox([self.situation, self.choice, self.feedback],
                      layout=full(border="1px solid #BBBBBB", padding="0.6em 1em"))
        navigation = row([self.previous, self.jump, self.next], gap="0.5em")
        self.children = [self.intro, navigation, card, self.message, self.score, self.overview,
                         self.out, self.caption]
        self.relabel()
        if self._problem is not None:
            self.message.error(self._problem)

    def _pick(self, items) -> tuple[Scenario, ...]:
        """The scenarios to use; an unknown id is left out and named in the message."""
        picked: list[Scenario] = []
        for item in items:
            try:
                scenario = item if isinstance(item, Scenario) else get_scenario(item)
            except JourneyError as exc:
                self._problem = self._problem or exc
                continue
            if scenario.id not in {s.id for s in picked}:
                picked.append(scenario)
        return tuple(picked)

    # -- state
    def answers(self) -> dict[str, object]:
        """Scenario id -> the learner's level, for the scenarios of this sorter."""
        ratings = self.session.workbook.service_ratings
        return {s.id: ratings[s.id] for s in self.scenarios if s.id in ratings}

    def right(self) -> int:
        answers = self.answers()
        return sum(1 for s in self.scenarios if answers.get(s.id) == s.level)

    @property
    def current(self) -> Scenario | None:
        return self.scenarios[self.index] if self.scenarios else None

    # -- display
    def __repr__(self) -> str:
        return f"<ServiceLevelSorter: {len(self.answers())} of {len(self.scenarios)} placed, {self.right()} right>"

    def _distribution(self):
        answers = self.answers()
        return level_distribution({s.id: answers.get(s.id) for s in self.scenarios})

    def describe(self) -> str:
        answers = self.answers()
        placed, total = len(answers), len(self.scenarios)
        if not placed:
            return t("level_sorter.describe_none", total=total)
        table = self._distribution()
        counts = dict(zip(table["key"], table["count"]))
        listing = ", ".join(f"{t(f'level.{level.key}')} {int(counts.get(level.key, 0))}" for level in LEVELS)
        return t("level_sorter.describe", placed=placed, total=total, right=self.right(), listing=listing)

    def relabel(self) -> None:
        self.intro.value = f"<p style='font-size:1.1em;margin:0 0 0.4em'>{esc(t('level_sorter.intro'))}</p>"
        self.label_controls("level_sorter", ("jump", "previous", "next"))
        with self.quietly():
            self.choice.options = [(f"{int(level)} {t(f'level.{level.key}')}", level) for level in LEVELS]
            self.choice.tooltips = [t(f"level.{level.key}.help") for level in LEVELS]
        self.choice.description = t("level_sorter.choice")
        self.choice.tooltip = t("level_sorter.choice_help")
        self.refresh()

    def refresh(self) -> None:
        """Show the workbook's answers again (after an upload replaced the workbook)."""
        if self.closed:
            return
        self.message.clear()
        with self.quietly():
            self._list_situations()
            self.jump.value = self.index if self.scenarios else None
        self._show_scenario()
        self._show_results()

    def _list_situations(self) -> None:
        self.jump.options = [(f"{i + 1}. {s.title()}{self._mark(s)}", i) for i, s in enumerate(self.scenarios)]

    def _mark(self, scenario: Scenario) -> str:
        answer = self.answers().get(scenario.id)
        if answer is None:
            return ""
        return "  ✓" if answer == scenario.level else "  ✗"

    def _show_scenario(self) -> None:
        scenario = self.current
        n = len(self.scenarios)
        self.previous.disabled = self.index <= 0
        self.next.disabled = self.index >= n - 1
        if scenario is None:
            self.situation.value = f"<p>{esc(t('level_sorter.no_scenarios'))}</p>"
            self.choice.disabled = True
            self.feedback.value = ""
            return
        self.choice.disabled = False
        self.situation.value = (
            f"<div style='color:#555'>{esc(t('level_sorter.position', n=self.index + 1, total=n))}</div>"
            f"<h3 style='margin:0.2em 0 0.4em;font-size:1.35em'>{esc(scenario.title())}</h3>"
            f"<p style='font-size:1.15em;line-height:1.5;max-width:48em'>{esc(scenario.text())}</p>")
        answer = self.answers().get(scenario.id)
        with self.quietly():
            self.choice.value = answer
        self._show_feedback(scenario, answer)

    def _show_feedback(self, scenario: Scenario, answer) -> None:
        if answer is None:
            self.feedback.value = f"<p style='color:#555'><i>{esc(t('level_sorter.pick'))}</i></p>"
            return
        right, text = check_answer(scenario.id, answer)
        look, mark = (_RIGHT_STYLE, "✓") if right else (_WRONG_STYLE, "✗")
        self.feedback.value = (f"<p role='status' style='{look};padding:0.5em 0.8em;font-size:1.1em;"
                               f"line-height:1.45;max-width:52em'><b>{mark}</b> {esc(text)}</p>")

    def _show_results(self) -> None:
        answers = self.answers()
        total, placed, right = len(self.scenarios), len(answers), self.right()
        self.score.value = (f"<p style='font-size:1.25em;font-weight:600;margin:0.6em 0 0.2em'>"
                            f"{esc(t('level_sorter.score', right=right, total=total, placed=placed))}</p>")
        rows = []
        for i, s in enumerate(self.scenarios):
            answer = answers.get(s.id)
            if answer is None:
                chosen, verdict = "–", t("level_sorter.open")
            else:
                chosen = t(f"level.{answer.key}")
                verdict = "✓ " + t("level_sorter.right") if answer == s.level else "✗ " + t("level_sorter.wrong")
            rows.append(f"<tr><td>{i + 1}</td><td>{esc(s.title())}</td><td>{esc(chosen)}</td>"
                        f"<td>{esc(verdict)}</td></tr>")
        head = "".join(f"<th style='text-align:left;padding-right:1.2em'>{esc(t(k))}</th>" for k in
                       ("level_sorter.col_nr", "level_sorter.col_situation", "level_sorter.col_answer",
                        "level_sorter.col_result"))
        self.overview.value = (f"<details><summary>{esc(t('level_sorter.overview'))}</summary>"
                               f"<table style='font-size:1.05em'><tr>{head}</tr>{''.join(rows)}</table></details>")
        ax = plot_staircase(self._distribution(), title=t("level_sorter.chart_title", placed=placed, total=total))
        _count_situations(ax)
        text = self.describe()
        show_figure(self.out, ax.figure, text)
        self.caption.value = f"<p style='max-width:48em'>{esc(text)}</p>"

    # -- navigation and answers
    def go(self, index: int) -> None:
        """Show situation ``index`` (0-based; clipped to the first and last)."""
        if not self.scenarios:
            return
        self.index = max(0, min(int(index), len(self.scenarios) - 1))
        with self.quietly():
            self.jump.value = self.index
        self.message.clear()
        self._show_scenario()

    def _on_jump(self, change) -> None:
        if change["new"] is not None:
            self.go(change["new"])

    def _on_choice(self, change) -> None:
        if change["new"] is None or self.current is None:
            return
        scenario, level = self.current, change["new"]
        workbook = self.session.workbook
        try:
            assign(workbook, "service_ratings", {**workbook.service_ratings, scenario.id: level})
        except JourneyError as exc:
            self.message.error(exc)
            with self.quietly():
                self.choice.value = self.answers().get(scenario.id)
            return
        self.message.clear()
        self.changed()
        self._show_feedback(scenario, level)
        with self.quietly():  # the ✓ / ✗ marks in the list of situations
            self._list_situations()
            self.jump.value = self.index
        self._show_results()
