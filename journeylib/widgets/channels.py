"""Which channel's staff may solve which type of problem? A grid to fill in.

:class:`ChannelGrid` edits ``workbook.channels`` (a
:class:`~journeylib.model.ChannelMatrix`): one row per problem type, one column per
channel, a yes/no button in every cell. Channels and problem types can be added and
removed. Problem types that some channels may solve and others not (the course's telecom
example) are flagged live, and a heatmap in the same orientation (problem types as rows,
channels as columns) shows the whole matrix. A grid where no channel may solve anything is
not praised as consistent: the findings say that no channel may solve these problems.
"""
from __future__ import annotations

import ipywidgets as W

from ..analysis.channels import consistency_score, describe_inconsistency, inconsistencies, nothing_allowed, unsolved
from ..charts import style
from ..charts.channels import describe_channel_heatmap, figure_size, plot_channel_heatmap
from ..errors import JourneyError
from ..i18n import t
from ..model import LIMITS, ChannelMatrix, assign, validate
from ..text import count_words, format_percent, join_words
from .base import (WIDE, FieldMessage, JourneyWidget, chart_area, detached_axes, esc, fit, full, named_error, one_line,
                   row, show_figure, up_to)

__all__ = ["ChannelGrid"]

_WARN = "⚠"


class ChannelGrid(JourneyWidget):
    """Tick per problem type which channels may solve it; see where channels differ."""

    def __init__(self, session):
        super().__init__(session)
        self.cells: dict[tuple[str, str], W.ToggleButton] = {}
        self.remove_channel_buttons: dict[str, W.Button] = {}
        self.remove_problem_buttons: dict[str, W.Button] = {}
        self._problem_labels: dict[str, W.HTML] = {}
        self.intro = W.HTML()
        self.new_channel = W.Text(style=WIDE, layout=up_to("26em"))
        self.add_channel = W.Button(icon="plus", button_style="primary", layout=fit())
        self.channel_message = FieldMessage()
        self.new_problem = W.Text(style=WIDE, layout=up_to("34em"))
        self.add_problem = W.Button(icon="plus", button_style="primary", layout=fit())
        self.problem_message = FieldMessage()
        self.grid = W.GridBox(layout=full(overflow="auto", grid_gap="0.25em 0.4em", align_items="center"))
        self.hint = W.HTML()
        self.findings = W.HTML(layout=full())
        self.out, self.caption = chart_area()

        self.add_channel.on_click(lambda _: self._add("channels"))
        self.add_problem.on_click(lambda _: self._add("problems"))

        self.children = [
            self.intro,
            row([self.new_channel, self.add_channel], gap="0.5em"), self.channel_message,
            row([self.new_problem, self.add_problem], gap="0.5em"), self.problem_message,
            self.hint, self.grid, self.message, self.findings, self.out, self.caption,
        ]
        self.relabel()

    @property
    def matrix(self) -> ChannelMatrix:
        return self.session.workbook.channels

    # -- display
    def __repr__(self) -> str:
        matrix = self.matrix
        # reprs are English in every language: they are stable
        return (f"<ChannelGrid: {count_words(len(matrix.channels), 'channel', lang='en')} × "
                f"{count_words(len(matrix.problems), 'problem', lang='en')}, "
                f"{count_words(len(inconsistencies(matrix)), 'inconsistency', 'inconsistencies', lang='en')}>")

    def describe(self) -> str:
        return describe_channel_heatmap(self.matrix)

    def relabel(self) -> None:
        self.intro.value = f"<p style='font-size:1.1em;margin:0 0 0.4em'>{esc(t('channel_grid.intro'))}</p>"
        self.new_channel.description = t("channel_grid.new_channel")
        self.new_channel.tooltip = t("channel_grid.new_channel_help", limit=LIMITS["channels"])
        self.new_channel.placeholder = t("channel_grid.new_channel_placeholder")
        self.new_problem.description = t("channel_grid.new_problem")
        self.new_problem.tooltip = t("channel_grid.new_problem_help", limit=LIMITS["problems"])
        self.new_problem.placeholder = t("channel_grid.new_problem_placeholder")
        self.label_controls("channel_grid", ("add_channel", "add_problem"))
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the grid from ``session.workbook.channels``."""
        if self.closed:
            return
        for message in (self.channel_message, self.problem_message, self.message):
            message.clear()
        self._build()
        self._update()

    def _build(self) -> None:
        matrix = self.matrix
        self.cells, self.remove_channel_buttons, self.remove_problem_buttons = {}, {}, {}
        self._problem_labels = {}
        if not matrix.channels or not matrix.problems:
            self.hint.value = f"<p role='status' style='font-size:1.1em'>ℹ {esc(t('channel_grid.empty'))}</p>"
        else:
            self.hint.value = ""
        if not matrix.channels and not matrix.problems:
            self.grid.children = ()
            self.grid.layout.display = "none"
            return
        self.grid.layout.display = None
        header = [W.HTML(f"<b>{esc(t('channel_grid.corner'))}</b>")]
        for channel in matrix.channels:
            remove = self._remove_button(channel, "channels")
            self.remove_channel_buttons[channel] = remove
            header.append(W.VBox([W.HTML(f"<b style='font-size:1.05em'>{esc(channel)}</b>"), remove],
                                 layout=W.Layout(align_items="center")))
        children = header
        for problem in matrix.problems:
            remove = self._remove_button(problem, "problems")
            self.remove_problem_buttons[problem] = remove
            label = W.HTML(layout=W.Layout(min_width="10em"))
            self._problem_labels[problem] = label
            children.append(row([remove, label], gap="0.4em"))
            for channel in matrix.channels:
                cell = W.ToggleButton(value=matrix.allowed(channel, problem), layout=full(height="2.4em"))
                self.on_change(cell, lambda change, c=channel, p=problem: self._toggle(c, p, change["new"]))
                self.cells[(channel, problem)] = cell
                self._look(cell, channel, problem)
                children.append(cell)
        columns = max(len(matrix.channels), 0)
        self.grid.layout.grid_template_columns = (f"minmax(14em, 2.2fr) repeat({columns}, minmax(6.5em, 1fr))"
                                                  if columns else "minmax(14em, 1fr)")
        self.grid.children = children

    def _remove_button(self, name: str, kind: str) -> W.Button:
        button = W.Button(icon="trash", description=t("channel_grid.remove"),
                          tooltip=t(f"channel_grid.remove_{kind[:-1]}_help", name=name),
                          layout=fit())
        button.on_click(lambda _: self._remove(kind, name))
        return button

    @staticmethod
    def _look(cell: W.ToggleButton, channel: str, problem: str) -> None:
        can = cell.value
        cell.description = t("channel_grid.yes") if can else t("channel_grid.no")
        cell.icon = "check" if can else "times"
        cell.button_style = "success" if can else ""
        cell.tooltip = t("channel_grid.cell_help", channel=channel, problem=problem)

    def _update(self) -> None:
        """Inconsistency marks, the list of findings and the heatmap."""
        matrix = self.matrix
        found = inconsistencies(matrix)
        odd = {item.problem for item in found}
        for problem, label in self._problem_labels.items():
            if problem in odd:
                label.value = (f"<b style='font-size:1.05em;color:#0072B2' title='{esc(t('channel_grid.differs'))}'>"
                               f"{_WARN} {esc(problem)}</b>")
            else:
                label.value = f"<span style='font-size:1.05em'>{esc(problem)}</span>"
        if matrix.problems and matrix.channels and nothing_allowed(matrix):  # the same "no" everywhere is not praised
            key = "channels.nothing_allowed_one" if len(matrix.problems) == 1 else "channels.nothing_allowed"
            text = t(key, total=len(matrix.problems), problem=matrix.problems[0]) + " " + t("channel_grid.nothing_allowed_hint")
            self.findings.value = (f"<div role='status'><p style='font-size:1.15em;font-weight:600;"
                                   f"margin:0.6em 0 0.2em'>{_WARN} {esc(t('channel_grid.nothing_allowed'))}</p>"
                                   f"<p>{esc(text)}</p></div>")
        elif matrix.problems and len(matrix.channels) >= 2:
            head = t("channel_grid.findings", n=len(found), score=format_percent(consistency_score(matrix)))
            items = "".join(f"<li>{esc(describe_inconsistency(item))}</li>" for item in found)
            none_may = unsolved(matrix)
            extra = (f"<p>{esc(t('channels.unsolved', problems=join_words(none_may, quote=True)))}</p>"
                     if none_may else "")
            if items:
                more = f"<ul style='font-size:1.05em;line-height:1.5'>{items}</ul>{extra}"
            elif none_may:
                more = f"{extra}<p>{esc(t('channels.all_consistent_but'))}</p>"
            else:
                more = f"<p>{esc(t('channel_grid.all_same'))}</p>"
            self.findings.value = (f"<div role='status'><p style='font-size:1.15em;font-weight:600;"
                                   f"margin:0.6em 0 0.2em'>{esc(head)}</p>{more}</div>")
        else:
            self.findings.value = ""
        size = figure_size(matrix)
        ax = plot_channel_heatmap(matrix, ax=detached_axes(size))
        text = self.describe()
        show_figure(self.out, ax.figure, text)
        self.caption.value = f"<p style='max-width:52em'>{esc(text)}</p>"

    # -- edits
    def _toggle(self, channel: str, problem: str, value: bool) -> None:
        matrix = self.matrix
        cell = self.cells[(channel, problem)]
        allowed = {c: set(matrix.can_solve.get(c, ())) for c in matrix.channels}
        (allowed[channel].add if value else allowed[channel].discard)(problem)
        can_solve = {c: [p for p in matrix.problems if p in allowed[c]] for c in matrix.channels if allowed[c]}
        try:
            assign(matrix, "can_solve", can_solve)
        except JourneyError as exc:
            self.message.error(exc)
            with self.quietly():
                cell.value = matrix.allowed(channel, problem)
            self._look(cell, channel, problem)
            return
        self.message.clear()
        self._look(cell, channel, problem)
        self.changed()
        self._update()

    def _add(self, kind: str) -> None:
        box, message = ((self.new_channel, self.channel_message) if kind == "channels"
                        else (self.new_problem, self.problem_message))
        name = one_line(box.value)
        matrix = self.matrix
        names = list(getattr(matrix, kind))
        if not name:
            message.error(t(f"channel_grid.empty_{kind[:-1]}"))
            return
        if name.casefold() in {n.casefold() for n in names}:
            message.error(t(f"channel_grid.duplicate_{kind[:-1]}", name=name))
            return
        if len(names) >= LIMITS[kind]:
            message.error(t(f"channel_grid.too_many_{kind}", limit=LIMITS[kind]))
            return
        data = matrix.model_dump()
        data[kind] = [*names, name]
        try:
            assign(self.session.workbook, "channels", validate(ChannelMatrix, data))
        except JourneyError as exc:
            message.error(named_error(exc, t(f"channel_grid.new_{kind[:-1]}")))
            return
        box.value = ""
        self.changed()
        self.refresh()
        message.ok(t(f"channel_grid.added_{kind[:-1]}", name=name))

    def _remove(self, kind: str, name: str) -> None:
        matrix = self.matrix
        data = matrix.model_dump()
        data[kind] = [n for n in data[kind] if n != name]
        if kind == "channels":
            data["can_solve"].pop(name, None)
        else:
            data["can_solve"] = {c: [p for p in ps if p != name] for c, ps in data["can_solve"].items()}
        data["can_solve"] = {c: ps for c, ps in data["can_solve"].items() if ps}
        try:
            assign(self.session.workbook, "channels", validate(ChannelMatrix, data))
        except JourneyError as exc:
            self.message.error(exc)
            return
        self.changed()
        self.refresh()
        self.message.ok(t(f"channel_grid.removed_{kind[:-1]}", name=name))
