"""Moments of truth, step by step: weigh the score, read the ranking, mark your choice.

:class:`MomentsOfTruthExplorer` shows, for one journey of the workbook:

1. a slider per component of the moment-of-truth score
   (:data:`journeylib.analysis.moments.COMPONENTS`), 0-10 points each, with the reason
   for the component (``explain_weights``) as help; the weights live in the widget only
   (they are a way of looking, not part of the learner's work);
2. the ranking table from :func:`~journeylib.analysis.moments.mot_scores`: rank,
   touchpoint, phase, each component's contribution and the score;
3. a checkbox per touchpoint that marks it as a moment of truth
   (``Touchpoint.moment_of_truth``, saved in the workbook);
4. the importance-performance grid (crosshair on the scale midpoint or the mean) and
   the importance x influence grid ("Example WOW").

Only what depends on a control is redrawn: a weight changes the table (no chart uses the
weights), the crosshair changes the IPA chart, a mark changes the table. Rendered charts
are kept per content (:class:`FigureCache`), so going back to an earlier state costs
nothing.
"""
from __future__ import annotations

import ipywidgets as W

from ..analysis.ipa import CROSSHAIRS, journey_ipa
from ..analysis.moments import COMPONENTS, DEFAULT_WEIGHTS, check_weights, explain_weights, mot_scores
from ..charts.quadrants import describe_importance_influence, describe_ipa, plot_importance_influence, plot_ipa
from ..errors import JourneyError
from ..i18n import get_language, t
from ..model import PHASES, assign
from ..text import count_words, format_number, format_percent, join_words
from .base import FIGURES, WIDE, Explorer, FieldMessage, esc, fit, row, set_options  # noqa: F401 (FIGURES: benchmarks)

__all__ = ["MomentsOfTruthExplorer"]

#: Weight sliders run from 0 to this many points; the defaults are 3, 2, 2, 2, 1.
WEIGHT_POINTS = 10
#: Colours of the components in the score bars (Okabe-Ito, as in the charts).
_COMPONENT_COLOURS = dict(zip(COMPONENTS, ("#0072B2", "#E69F00", "#CC79A7", "#D55E00", "#009E73")))


class MomentsOfTruthExplorer(Explorer):
    """Find the moments of truth of a journey: weights, ranking, marks and two charts.

    ``MomentsOfTruthExplorer(session, journey=0)``: ``journey`` is the position of the
    journey in the workbook (a drop-down switches between journeys).
    """

    def __init__(self, session, journey: int = 0):
        super().__init__(session)
        self._index = journey if isinstance(journey, int) and not isinstance(journey, bool) else 0
        self._weights = check_weights()
        self._table = None
        self._marked_ids: tuple = ()
        self._table_marks = None  # the marks (and names) the ranking table shows
        self.build()
        self._relabel_controls()
        self.refresh()

    def _build_controls(self) -> None:
        self.intro = W.HTML()
        self.hint = W.HTML()
        self.journey_pick = W.Dropdown(style=WIDE, layout=fit(min_width="22em"))
        self.reload = W.Button(icon="refresh", layout=fit())
        # 1. weights
        self.sliders = {component: W.IntSlider(
            value=round(DEFAULT_WEIGHTS[component] * WEIGHT_POINTS), min=0, max=WEIGHT_POINTS, step=1,
            continuous_update=False, style={"description_width": "16em"}, layout=W.Layout(width="34em"))
            for component in COMPONENTS}
        self.slider_share = {component: W.HTML(layout=W.Layout(width="4.5em")) for component in COMPONENTS}
        self.slider_help = {component: W.HTML(layout=W.Layout(flex="1 1 20em")) for component in COMPONENTS}
        self.reset = W.Button(icon="undo", layout=fit())
        self.weights_msg = FieldMessage()
        self.weights_title = W.HTML()
        self.table_title = W.HTML()
        self.ranking = W.HTML()
        self.ranking_text = W.HTML()
        # 2. marks
        self.marks_title = W.HTML()
        self.marks: dict[str, W.Checkbox] = {}
        self.marks_box = row(gap="2em", align="flex-start")
        self.marks_msg = FieldMessage()
        # 3. charts
        self.ipa_title = W.HTML()
        self.crosshair = W.ToggleButtons(options=[(c, c) for c in CROSSHAIRS], value="midpoint", style=WIDE)
        self.crosshair_msg = FieldMessage()
        self.ipa_out = W.Output(layout=W.Layout(min_height="20em"))
        self.ipa_text = W.HTML()
        self.ii_title = W.HTML()
        self.ii_out = W.Output(layout=W.Layout(min_height="20em"))
        self.ii_text = W.HTML()

    def _layout(self) -> list:
        self.body = W.VBox([
            self.weights_title,
            *[row([self.sliders[c], self.slider_share[c], self.slider_help[c]], gap="0.8em") for c in COMPONENTS],
            row([self.reset, self.weights_msg], gap="1em"),
            self.table_title, self.ranking, self.ranking_text,
            self.marks_title, self.marks_box, self.marks_msg,
            self.ipa_title, row([self.crosshair, self.crosshair_msg], gap=None),
            self.ipa_out, self.ipa_text,
            self.ii_title, self.ii_out, self.ii_text,
        ])
        return [self.intro, row([self.journey_pick, self.reload], gap="0.8em"), self.hint, self.body, self.message]

    def _wire(self) -> None:
        self.on_change(self.journey_pick, self._on_journey)
        self.reload.on_click(lambda _b: self.refresh())
        for slider in self.sliders.values():
            self.on_change(slider, self._on_weight)
        self.reset.on_click(lambda _b: self.reset_weights())
        self.on_change(self.crosshair, self._on_crosshair)

    # ------------------------------------------------------------------ model access
    def journey(self):
        """The journey shown (None when the workbook has no journey at that position)."""
        journeys = self.session.workbook.journeys
        return journeys[self._index] if 0 <= self._index < len(journeys) else None

    def _touchpoints(self) -> list:
        journey = self.journey()
        return list(journey.touchpoints) if journey is not None else []

    def _touchpoint(self, tp_id: str):
        return next((tp for tp in self._touchpoints() if tp.id == tp_id), None)

    @property
    def weights(self) -> dict[str, float]:
        """The weights in use, scaled to sum 1 (as :func:`mot_scores` uses them)."""
        return dict(self._weights)

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        tps = self._touchpoints()
        marked = sum(tp.moment_of_truth for tp in tps)
        return (f"<MomentsOfTruthExplorer: {count_words(len(tps), 'touchpoint', lang='en')}, "
                f"{count_words(marked, 'moment', lang='en')} of truth>")

    def describe(self) -> str:
        journey = self.journey()
        if journey is None or not journey.touchpoints:
            return self._hint_text()
        parts = [self._ranking_summary()]
        parts.append(describe_ipa(journey_ipa(journey, self.crosshair.value)))
        parts.append(describe_importance_influence(journey))
        return " ".join(parts)

    def _hint_text(self) -> str:
        journey = self.journey()
        if journey is None:
            return t("mot_explorer.no_journey", count=len(self.session.workbook.journeys))
        return t("mot_explorer.empty", name=journey.name)

    def relabel(self) -> None:
        self._relabel_controls()
        self._marked_ids = None  # phase headings of the checkboxes in the new language
        self.refresh()  # charts and table in the new language

    def _relabel_controls(self) -> None:
        self.intro.value = f"<p style='font-size:1.1em'>{esc(t('mot_explorer.intro'))}</p>"
        self.journey_pick.description = t("mot_explorer.journey")
        self.journey_pick.tooltip = t("mot_explorer.journey_help")
        self.reload.description = t("mot_explorer.reload")
        self.reload.tooltip = t("mot_explorer.reload_help")
        self.weights_title.value = self._heading("mot_explorer.weights_title", "mot_explorer.weights_intro")
        explained = explain_weights()
        for _i, reason in explained.iterrows():
            component = reason["component"]
            self.sliders[component].description = reason["name"]
            self.sliders[component].tooltip = f"{reason['from']}. {reason['explanation']}"
            self.slider_help[component].value = (f"<span style='color:#444'><i>{esc(reason['from'])}</i>: "
                                                 f"{esc(reason['explanation'])}</span>")
        self.reset.description = t("mot_explorer.reset")
        self.reset.tooltip = t("mot_explorer.reset_help")
        self.table_title.value = self._heading("mot_explorer.table_title", "mot_explorer.table_intro")
        self.marks_title.value = self._heading("mot_explorer.marks_title", "mot_explorer.marks_intro")
        self.ipa_title.value = self._heading("mot_explorer.ipa_title", "mot_explorer.ipa_intro")
        self.ii_title.value = self._heading("mot_explorer.ii_title", "mot_explorer.ii_intro")
        self.crosshair.description = t("mot_explorer.crosshair")
        with self.quietly():
            set_options(self.crosshair, [(t(f"mot_explorer.crosshair.{c}"), c) for c in CROSSHAIRS])
        self.crosshair.tooltips = [t(f"mot_explorer.crosshair.{c}_help") for c in CROSSHAIRS]
        for tp_id, box in self.marks.items():
            tp = self._touchpoint(tp_id)
            if tp is not None:
                box.tooltip = t("mot_explorer.mark_help", name=tp.name)

    def refresh(self) -> None:
        """Rebuild everything from ``session.workbook`` (journeys, marks, table, charts)."""
        with self.quietly():
            journeys = self.session.workbook.journeys
            if journeys and not 0 <= self._index < len(journeys):
                self._index = 0
            options = [(f"{i + 1}. {j.name}", i) for i, j in enumerate(journeys)]
            self.journey_pick.options = options
            self.journey_pick.value = self._index if options else None
            self.journey_pick.disabled = len(options) < 2
            self._sync()
            for tp in self._touchpoints():
                self.marks[tp.id].value = tp.moment_of_truth
        tps = self._touchpoints()
        if not tps:
            self.hint.value = f"<p role='status' style='font-size:1.15em'>ℹ {esc(self._hint_text())}</p>"
            self.body.layout.display = "none"
            self._table = None
            return
        self.hint.value = ""
        self.body.layout.display = None
        self._render_table()
        self._draw_ipa()
        self._draw_ii()

    # ------------------------------------------------------------------ 1. weights and ranking
    def reset_weights(self) -> None:
        """Put every slider back on its default (3, 2, 2, 2, 1 points)."""
        with self.quietly():
            for c in COMPONENTS:
                self.sliders[c].value = round(DEFAULT_WEIGHTS[c] * WEIGHT_POINTS)
        self._render_table()

    def _on_weight(self, _change) -> None:
        self._sync()
        self._render_table()

    def _render_table(self) -> None:
        weights = self.guard(self.weights_msg, check_weights, {c: self.sliders[c].value for c in COMPONENTS})
        if weights is None:  # all weights 0: keep the last ranking, say why
            return
        self._weights = weights
        for c in COMPONENTS:
            self.slider_share[c].value = f"<b>{esc(format_percent(weights[c]))}</b>"
        journey = self.journey()
        if journey is None or not journey.touchpoints:
            return
        table = mot_scores(journey, weights)
        self._table = table
        self._table_marks = self._marks_key()
        self.ranking.value = self._table_html(table, weights)
        self.ranking_text.value = f"<p>{esc(self._ranking_summary())}</p>"

    def _table_html(self, table, weights) -> str:
        lang = get_language()
        cell = "padding:0.25em 0.6em;border-bottom:1px solid #ddd"
        head = "padding:0.35em 0.6em;text-align:left;position:sticky;top:0;background:#f3f3f3"
        names = {c: t(f"mot.component.{c}") for c in COMPONENTS}
        cols = [f"<th style='{head}'>{esc(t('mot_explorer.col.rank'))}</th>",
                f"<th style='{head}'>{esc(t('mot_explorer.col.touchpoint'))}</th>",
                f"<th style='{head}'>{esc(t('field.phase'))}</th>"]
        for c in COMPONENTS:
            cols.append(f"<th style='{head};text-align:right' title='{esc(t(f'mot.component.{c}.from'))}'>"
                        f"{esc(names[c])}<br><small>{esc(format_percent(weights[c], lang))}</small></th>")
        cols.append(f"<th style='{head};text-align:right'>{esc(t('mot_explorer.col.score'))}</th>")
        cols.append(f"<th style='{head}'>{esc(t('mot_explorer.col.bar'))}</th>")
        cols.append(f"<th style='{head}'>{esc(t('field.moment_of_truth'))}</th>")
        body = []
        star = f"<span title='{esc(t('field.moment_of_truth'))}'>★</span>"
        for row in table.itertuples(index=False):
            marked = bool(row.moment_of_truth)
            weight = "font-weight:700;background:#FFF6D5" if marked else ""
            cells = [f"<td style='{cell};text-align:right'>{row.rank}</td>",
                     f"<td style='{cell}'>{esc(row.name)}</td>",
                     f"<td style='{cell}'>{esc(t(f'phase.{row.phase}'))}</td>"]
            bar = []
            for c in COMPONENTS:
                part = getattr(row, f"{c}_part")
                raw = getattr(row, f"{c}_raw")
                cells.append(f"<td style='{cell};text-align:right' title='{esc(names[c])}: {raw}'>"
                             f"{esc(format_number(part, lang, 2))}</td>")
                if part > 0:
                    bar.append(f"<span title='{esc(names[c])}' style='display:inline-block;height:0.9em;"
                               f"width:{100 * part:.1f}%;background:{_COMPONENT_COLOURS[c]}'></span>")
            cells.append(f"<td style='{cell};text-align:right'><b>{esc(format_number(row.score, lang, 2))}</b></td>")
            cells.append(f"<td style='{cell};min-width:9em'><span aria-hidden='true' style='display:flex;"
                         f"width:9em;background:#eee'>{''.join(bar)}</span></td>")
            cells.append(f"<td style='{cell};text-align:center'>{star if marked else ''}</td>")
            body.append(f"<tr style='{weight}'>{''.join(cells)}</tr>")
        legend = " ".join(
            f"<span style='white-space:nowrap'><span style='display:inline-block;width:0.9em;height:0.9em;"
            f"background:{_COMPONENT_COLOURS[c]};vertical-align:middle'></span> {esc(names[c])}</span>"
            for c in COMPONENTS)
        return (
            "<div style='max-height:30em;overflow:auto;border:1px solid #ccc'>"
            f"<table style='border-collapse:collapse;font-size:1.05em;width:100%'>"
            f"<caption style='text-align:left;padding:0.3em'>{esc(t('mot_explorer.caption'))}</caption>"
            f"<thead><tr>{''.join(cols)}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
            f"<p style='margin:0.3em 0'>{legend}</p>"
        )

    def _ranking_summary(self) -> str:
        table = self._table
        journey = self.journey()
        if table is None or journey is None:
            return self._hint_text()
        lang = get_language()
        top = table.head(3)
        named = join_words([t("mot_explorer.named", name=r.name, score=format_number(r.score, lang, 2))
                            for r in top.itertuples(index=False)], lang)
        weights = join_words([f"{t(f'mot.component.{c}').lower()} {format_percent(self._weights[c], lang)}"
                              for c in COMPONENTS], lang)
        parts = [t("mot_explorer.summary", n=len(table), journey=journey.name, weights=weights, top=named)]
        marked = [tp.name for tp in journey.touchpoints if tp.moment_of_truth]
        if marked:
            ranks = dict(zip(table["id"], table["rank"]))
            listed = join_words([t("mot_explorer.named_rank", name=tp.name, rank=ranks.get(tp.id, "-"))
                                 for tp in journey.touchpoints if tp.moment_of_truth], lang)
            parts.append(t("mot_explorer.summary_marked", count=len(marked), names=listed))
        else:
            parts.append(t("mot_explorer.summary_none"))
        return " ".join(parts)

    # ------------------------------------------------------------------ 2. marking moments of truth
    def _build_marks(self) -> None:
        """One checkbox per touchpoint, in three columns by phase (journey order within)."""
        for box in self.marks.values():
            box.unobserve_all()
            box.close()
        self.marks = {}
        columns = []
        tps = self._touchpoints()
        for phase in PHASES:
            boxes = []
            for tp in tps:
                if tp.phase != phase:
                    continue
                box = W.Checkbox(value=tp.moment_of_truth, description=tp.name, indent=False,
                                 tooltip=t("mot_explorer.mark_help", name=tp.name),
                                 layout=fit())
                self.on_change(box, lambda change, tp_id=tp.id: self._on_mark(tp_id, change))
                self.marks[tp.id] = box
                boxes.append(box)
            if boxes:
                title = W.HTML(f"<b>{esc(t(f'phase.{phase}'))}</b>")
                columns.append(W.VBox([title, *boxes], layout=W.Layout(min_width="14em")))
        self.marks_box.children = columns
        self._marked_ids = tuple((tp.id, tp.name, tp.phase) for tp in tps)

    def _sync(self) -> None:
        """Rebuild the checkboxes when the touchpoints changed elsewhere (another widget)."""
        current = tuple((tp.id, tp.name, tp.phase) for tp in self._touchpoints())
        if current != self._marked_ids:
            with self.quietly():
                self._build_marks()

    def _marks_key(self) -> tuple:
        return tuple((tp.id, tp.name, tp.phase, tp.moment_of_truth) for tp in self._touchpoints())

    def follow_session(self) -> None:
        """Show marks changed by another view of this session (the mapper of the same
        notebook): the checkboxes and the table's ★ follow at once."""
        if self.closed or not self._touchpoints():
            if not self.closed and self._table is not None:
                self.refresh()
            return
        with self.quietly():
            self._sync()
            for tp in self._touchpoints():
                box = self.marks.get(tp.id)
                if box is not None and box.value != tp.moment_of_truth:
                    box.value = tp.moment_of_truth
        if self._table is None:
            self.refresh()  # the journey got its first touchpoints
        elif self._table_marks != self._marks_key():
            self._render_table()

    def mark(self, tp_id: str, value: bool = True) -> None:
        """Mark (or unmark) the touchpoint ``tp_id`` as a moment of truth, as the checkbox does."""
        self.marks[tp_id].value = bool(value)

    def _on_mark(self, tp_id: str, change) -> None:
        tp = self._touchpoint(tp_id)
        if tp is None:  # removed in another widget meanwhile
            self._sync()
            return
        try:
            assign(tp, "moment_of_truth", bool(change["new"]))
        except JourneyError as exc:
            self.marks_msg.error(exc)
            with self.quietly():
                self.marks[tp_id].value = tp.moment_of_truth
            return
        self.marks_msg.clear()
        self.changed()
        self._render_table()
        self.tell_peers()  # the mapper's list and map show the ★ now

    # ------------------------------------------------------------------ 3. charts
    def _on_crosshair(self, _change) -> None:
        self._sync()
        self._draw_ipa()

    def _draw_ipa(self) -> None:
        journey = self.journey()
        if journey is None or not journey.touchpoints:
            return
        table = self.guard(self.crosshair_msg, journey_ipa, journey, self.crosshair.value)
        if table is None:
            return
        text = describe_ipa(table)
        key = ("ipa", self.crosshair.value,
               tuple((tp.id, tp.name, tp.importance, tp.performance) for tp in journey.touchpoints))
        self.figures.show(self.ipa_out, key, lambda: plot_ipa(table).figure, text, whole=False)
        self.ipa_text.value = f"<p>{esc(text)}</p>"

    def _draw_ii(self) -> None:
        journey = self.journey()
        if journey is None or not journey.touchpoints:
            return
        text = describe_importance_influence(journey)
        key = ("ii", tuple((tp.id, tp.name, tp.importance, tp.influence) for tp in journey.touchpoints))
        self.figures.show(self.ii_out, key, lambda: plot_importance_influence(journey).figure, text,
                          whole=False)
        self.ii_text.value = f"<p>{esc(text)}</p>"

    # ------------------------------------------------------------------ journey choice
    def _on_journey(self, change) -> None:
        if change["new"] is None:
            return
        self._index = int(change["new"])
        self.refresh()
