"""Brand identity: build the brand essence (golden circle + three essence words) and
check which behaviours fit it.

* :class:`BrandEssenceBuilder` edits ``workbook.brand``: organisation, why / how / what,
  exactly three essence words (suggestions in the current language, free text allowed)
  and the values; a live golden circle shows the result.
* :class:`BrandFitCheck` rates behaviours against the three essence words (-2 clashes ...
  +2 fits) and keeps the ratings in ``workbook.brand_fit``; a live chart shows the fit.
"""
from __future__ import annotations

import ipywidgets as W

from ..analysis.brandfit import fit_rows, verdict, verdict_rule
from ..charts import style
from ..charts.brandfit import describe_brand_fit, plot_brand_fit
from ..charts.golden import describe_golden_circle, plot_golden_circle
from ..errors import JourneyError, ValidationError
from ..i18n import t
from ..model import LIMITS, BrandFitRating, assign, validate
from ..text import format_signed, shorten
from .base import (WIDE, FieldMessage, JourneyWidget, attribute, beside, chart_area, detached_axes, esc, fit,
                   full, named_error, one_line, row, show_figure, up_to)

__all__ = ["BrandEssenceBuilder", "BrandFitCheck"]

_RINGS = ("why", "how", "what")


def _repr_name(organisation: str) -> str:
    """The organisation as a repr shows it: at most 32 characters, ``...`` when cut."""
    return shorten(organisation, 32, ellipsis="...", words=False) or "(no organisation)"


def unique_names(items) -> list[str]:
    """Names with tidy spaces, empty ones and repeats (ignoring capitals) left out."""
    out: list[str] = []
    seen: set[str] = set()
    for part in items:
        item = one_line(part)
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def _too_many_values(values: list) -> str | None:
    limit = LIMITS["values_per_brand"]
    return t("essence_builder.values_too_many", n=len(values), limit=limit) if len(values) > limit else None


def _split_list(text: str) -> list[str]:
    """``"eerlijk, samen,, eerlijk"`` -> ``["eerlijk", "samen"]`` (first spelling kept)."""
    return unique_names(str(text).replace(";", ",").replace("\n", ",").split(","))


# =========================================================================== BrandEssenceBuilder

class BrandEssenceBuilder(JourneyWidget):
    """Fill in the brand essence: organisation, why / how / what (Simon Sinek's golden
    circle), three essence words and the values. The golden circle redraws live."""

    def __init__(self, session):
        super().__init__(session)
        self._build_controls()
        self._bind_fields()
        self.children = [beside([self.intro, *self.organisation_field.parts,
                                 *[part for ring in _RINGS for part in self.ring_fields[ring].parts],
                                 self.words_heading,
                                 *[part for i in range(3) for part in (self.words[i], self.word_messages[i])],
                                 *self.values_field.parts, self.message],
                                [self.out, self.caption])]
        for box in self.words:
            self.on_change(box, lambda _: self._set_words())
        self._labels()
        self.refresh()

    def _build_controls(self) -> None:
        self.intro = W.HTML()
        self.organisation = W.Text(continuous_update=False, style=WIDE, layout=up_to("36em"))
        self.rings = {ring: W.Textarea(continuous_update=False, rows=3, style=WIDE,
                                       layout=full(min_height="5em")) for ring in _RINGS}
        self.words_heading = W.HTML()
        self.words = [W.Combobox(ensure_option=False, continuous_update=False, style=WIDE, layout=up_to("22em"))
                      for _ in range(3)]
        self.word_messages = [FieldMessage() for _ in range(3)]
        self.values = W.Text(continuous_update=False, style=WIDE, layout=full())
        self.out, self.caption = chart_area()

    def _bind_fields(self) -> None:
        edited = lambda _old, _new: self._edited()  # noqa: E731
        get, put = attribute(lambda: self.brand, "organisation")
        self.organisation_field = self.bind(
            self.organisation, get=get, put=put, read=one_line, label=lambda: t("field.organisation"),
            after=lambda old, new: (self._rename_fit_ratings(old, new), self._edited()))
        self.ring_fields = {}
        for ring, box in self.rings.items():
            get, put = attribute(lambda: self.brand, ring)
            self.ring_fields[ring] = self.bind(box, get=get, put=put, label=lambda ring=ring: t(f"field.{ring}"),
                                               after=edited)
        get, put = attribute(lambda: self.brand, "values")
        self.values_field = self.bind(self.values, get=lambda: list(get()), put=put, read=_split_list,
                                      write=", ".join, check=_too_many_values, label=lambda: t("field.values"),
                                      after=edited)
        self.organisation_message = self.organisation_field.message
        self.ring_messages = {ring: field.message for ring, field in self.ring_fields.items()}
        self.values_message = self.values_field.message

    # -- display
    @property
    def brand(self):
        return self.session.workbook.brand

    def __repr__(self) -> str:
        brand = self.brand
        name = _repr_name(brand.organisation)
        filled = sum(1 for w in brand.essence_words if w)
        return f"<BrandEssenceBuilder: {name}, {filled} of 3 essence words>"

    def describe(self) -> str:
        return describe_golden_circle(self.brand)

    def relabel(self) -> None:
        self._labels()
        self._draw()

    def _labels(self) -> None:
        self.intro.value = f"<p style='font-size:1.1em;margin:0 0 0.4em'>{esc(t('essence_builder.intro'))}</p>"
        self.organisation.description = t("field.organisation")
        self.organisation.tooltip = t("essence_builder.organisation_help")
        self.organisation.placeholder = t("essence_builder.organisation_placeholder")
        for ring, box in self.rings.items():
            box.description = t(f"field.{ring}")
            box.tooltip = t(f"essence_builder.{ring}_help")
            box.placeholder = t(f"essence_builder.{ring}_placeholder")
        self.words_heading.value = (f"<b style='font-size:1.1em'>{esc(t('field.essence_words'))}</b> "
                                    f"<span>{esc(t('essence_builder.words_intro'))}</span>")
        suggestions = _split_list(t("essence_builder.suggestions"))
        for i, box in enumerate(self.words):
            box.description = t("essence_builder.word", n=i + 1)
            box.tooltip = t("essence_builder.word_help")
            box.placeholder = t("essence_builder.word_placeholder")
            box.options = suggestions
        self.values.description = t("field.values")
        self.values.tooltip = t("essence_builder.values_help", limit=LIMITS["values_per_brand"])
        self.values.placeholder = t("essence_builder.values_placeholder")

    def refresh(self) -> None:
        """Show ``session.workbook.brand`` again (after an upload replaced the workbook)."""
        if self.closed:
            return
        self.show_fields()
        with self.quietly():
            for box, word in zip(self.words, self.brand.essence_words):
                box.value = word
        for message in (self.message, *self.word_messages):
            message.clear()
        self._draw()

    def _draw(self) -> None:
        ax = plot_golden_circle(self.brand)
        text = self.describe()
        show_figure(self.out, ax.figure, text)
        self.caption.value = f"<p style='max-width:48em'>{esc(text)}</p>"

    def _edited(self) -> None:
        self.changed()
        self._draw()

    # -- edits
    def _assign(self, field: str, value, message: FieldMessage, label: str) -> bool:
        try:
            assign(self.brand, field, value)
        except JourneyError as exc:
            message.error(named_error(exc, label))
            return False
        message.clear()
        return True

    def _rename_fit_ratings(self, old: str, new: str) -> None:
        """Brand-fit ratings of the old name belong to the renamed organisation."""
        workbook = self.session.workbook
        if not any(r.brand == old for r in workbook.brand_fit):
            return
        kept, seen = [], set()
        for rating in workbook.brand_fit:
            brand = new if rating.brand == old else rating.brand
            key = (brand, rating.behaviour.casefold())
            if key in seen:
                continue
            seen.add(key)
            kept.append(rating.model_copy(update={"brand": brand}))
        assign(workbook, "brand_fit", kept)

    def _set_words(self) -> None:
        """Apply every word field that differs from the workbook, one at a time, so a word
        refused as a duplicate is taken as soon as the other field changes."""
        brand = self.brand
        any_change = False
        for i, box in enumerate(self.words):
            message = self.word_messages[i]
            word = one_line(box.value)
            words = list(brand.essence_words)
            if word == words[i]:
                message.clear()
                continue
            if len(word) > LIMITS["short_text"]:
                message.error(t("essence_builder.word_too_long", n=len(word), limit=LIMITS["short_text"]))
                continue
            if word and any(word.casefold() == w.casefold() for j, w in enumerate(words) if j != i):
                message.error(t("essence_builder.word_duplicate", word=word))
                continue
            words[i] = word
            if self._assign("essence_words", words, message, t("essence_builder.word", n=i + 1)):
                any_change = True
        if any_change:
            self._edited()


# =========================================================================== BrandFitCheck

class _FitRow:
    """One behaviour: three sliders (one per essence word), its verdict and a remove button."""

    def __init__(self, owner: "BrandFitCheck", behaviour: str):
        self.behaviour = behaviour
        self.name = W.HTML(layout=W.Layout(width="16em", min_width="10em"))
        self.sliders = [W.IntSlider(value=0, min=-2, max=2, step=1, continuous_update=False, readout=True,
                                    style=WIDE, layout=W.Layout(width="17em")) for _ in range(3)]
        self.verdict = W.HTML(layout=W.Layout(width="9em"))
        # A slider that stays at 0 sends no change: without this button a behaviour that is
        # not rated yet could never be rated neutral (0/0/0).
        self.neutral = W.Button(icon="circle-o", layout=fit())
        self.remove = W.Button(icon="trash", layout=fit())
        self.message = FieldMessage()
        for slider in self.sliders:
            owner.on_change(slider, lambda _: owner._rate(self))
        self.neutral.on_click(lambda _: owner._rate_neutral(self))
        self.remove.on_click(lambda _: owner._remove(self))
        self.box = W.VBox([
            row([self.name, *self.sliders, self.verdict, self.neutral, self.remove], gap="0.3em 0.8em"),
            self.message,
        ], layout=W.Layout(border_bottom="1px solid #DDDDDD", padding="0.3em 0"))

    def relabel(self, words: list[str]) -> None:
        self.name.value = f"<b style='font-size:1.05em'>{esc(self.behaviour)}</b>"
        for slider, word in zip(self.sliders, words):
            slider.description = word
            slider.tooltip = t("fit_check.slider_help", word=word, behaviour=self.behaviour)
        self.neutral.description = t("fit_check.neutral")
        self.neutral.tooltip = t("fit_check.neutral_help", behaviour=self.behaviour)
        self.remove.description = t("fit_check.remove")
        self.remove.tooltip = t("fit_check.remove_help", behaviour=self.behaviour)

    def show(self, scores: list[int] | None) -> None:
        if scores is None:
            self.verdict.value = f"<i style='color:#555'>{esc(t('fit_check.not_rated'))}</i>"
            return
        key = verdict(scores)
        mark = {"fits": "✓", "neutral": "○", "clashes": "✗"}[key]
        self.verdict.value = (f"<b>{mark} {esc(format_signed(sum(scores)))} "
                              f"{esc(t(f'brandfit.verdict.{key}'))}</b>")


class BrandFitCheck(JourneyWidget):
    """Rate behaviours against the brand's three essence words (-2 clashes ... +2 fits).

    ``behaviours``: the behaviours to offer besides those already rated in the workbook.
    Without it: the case's behaviours already in the workbook, or, when none is rated yet,
    a few examples in the current language.
    """

    def __init__(self, session, behaviours=None):
        super().__init__(session)
        self._offered = None if behaviours is None else unique_names(behaviours)
        self._dismissed: set[str] = set()
        self._rows: dict[str, _FitRow] = {}
        self._signature = None
        self.intro = W.HTML()
        self.notice = W.HTML()
        self.rows_box = W.VBox(layout=full())
        self.new_behaviour = W.Text(style=WIDE, layout=up_to("34em"))
        self.add = W.Button(icon="plus", button_style="primary", layout=fit())
        self.add.on_click(lambda _: self._add())
        self.add_message = FieldMessage()
        self.out, self.caption = chart_area()
        self.add_box = W.VBox([row([self.new_behaviour, self.add], gap="0.5em"), self.add_message])
        self._labels()
        self.refresh()

    # -- what the workbook holds
    @property
    def brand(self):
        return self.session.workbook.brand

    @property
    def complete(self) -> bool:
        return all(self.brand.essence_words)

    def _own(self, rating) -> bool:
        return rating.brand in ("", self.brand.organisation)

    def ratings(self) -> list[BrandFitRating]:
        """The ratings of the learner's own brand, in workbook order (one per behaviour)."""
        out, seen = [], set()
        for rating in self.session.workbook.brand_fit:
            if self._own(rating) and rating.behaviour.casefold() not in seen:
                seen.add(rating.behaviour.casefold())
                out.append(rating)
        return out

    def _find(self, behaviour: str) -> BrandFitRating | None:
        folded = behaviour.casefold()
        return next((r for r in self.ratings() if r.behaviour.casefold() == folded), None)

    def _table(self):
        own = self.brand.organisation
        rated = [r.model_copy(update={"brand": own}) for r in self.ratings()]
        return fit_rows(rated, self.brand, brand=own) if rated else None

    # -- display
    def __repr__(self) -> str:
        name = _repr_name(self.brand.organisation)
        if not self.complete:
            return f"<BrandFitCheck: {name}, essence words incomplete>"
        rated = self.ratings()
        fits = sum(1 for r in rated if verdict(r.scores) == "fits")
        clashes = sum(1 for r in rated if verdict(r.scores) == "clashes")
        return f"<BrandFitCheck: {name}, {len(rated)} rated, {fits} fit, {clashes} clash>"

    def describe(self) -> str:
        if not self.complete:
            return self._incomplete_text()
        table = self._table()
        if table is None:
            return t("fit_check.none_rated") + " " + verdict_rule()
        return describe_brand_fit(table)

    def _incomplete_text(self) -> str:
        filled = sum(1 for w in self.brand.essence_words if w)
        return t("fit_check.incomplete", filled=filled)

    def relabel(self) -> None:
        self._labels()
        self._show()

    def _labels(self) -> None:
        self.intro.value = (f"<p style='font-size:1.1em;margin:0 0 0.3em'>{esc(t('fit_check.intro'))}</p>"
                            f"<p style='margin:0 0 0.5em;color:#333'>{esc(verdict_rule())}</p>")
        self.new_behaviour.description = t("fit_check.new")
        self.new_behaviour.tooltip = t("fit_check.new_help", limit=LIMITS["behaviours"])
        self.new_behaviour.placeholder = t("fit_check.new_placeholder")
        self.add.description = t("fit_check.add")
        self.add.tooltip = t("fit_check.add_help")

    def refresh(self) -> None:
        """Rebuild the rows from ``session.workbook`` (after an upload, or new essence words)."""
        if self.closed:
            return
        self._signature = (self.brand.organisation, tuple(self.brand.essence_words))
        names = [r.behaviour for r in self.ratings()]
        if self._offered is not None:
            offered = self._offered
        elif names:
            offered = []
        else:
            offered = unique_names(t("fit_check.examples").split("|"))
        for name in offered:
            folded = name.casefold()
            if folded not in self._dismissed and folded not in {n.casefold() for n in names}:
                names.append(name)
        self._rows = {}
        for name in names:
            self._rows[name.casefold()] = _FitRow(self, name)
        for message in (self.add_message, self.message):
            message.clear()
        self._show()

    def _show(self) -> None:
        """Labels, slider positions, the notice or the rows, and the chart."""
        if not self.complete:
            self.notice.value = (f"<p role='status' style='font-size:1.1em;padding:0.6em;border-left:4px solid "
                                 f"#E69F00;background:#FFF6E0'>⚠ {esc(self._incomplete_text())}</p>")
            self.out.outputs = ()
            self.caption.value = ""
            self.children = [self.intro, self.notice, self.message]
            return
        self.notice.value = ""
        words = list(self.brand.essence_words)
        for fit_row in self._rows.values():
            fit_row.relabel(words)
            self._sync_row(fit_row)
        self.rows_box.children = [fit_row.box for fit_row in self._rows.values()]
        self.children = [self.intro, self.rows_box, self.add_box, self.message, self.out, self.caption]
        self._draw()

    def _draw(self) -> None:
        table = self._table()
        if table is None:
            self.out.outputs = ()
            self.caption.value = f"<p>{esc(self.describe())}</p>"
            return
        n = len(table)
        if style.is_lecture():
            size = (13, max(5.0, 0.75 * n + 2.5))
        else:
            size = (9, max(3.5, 0.5 * n + 1.8))
        ax = plot_brand_fit(table, ax=detached_axes(size))
        text = describe_brand_fit(table)
        show_figure(self.out, ax.figure, text)
        self.caption.value = f"<p style='max-width:48em'>{esc(text)}</p>"

    def _on_session_event(self, event: str, session) -> None:
        super()._on_session_event(event, session)
        # The essence words or the organisation changed in another view (a BrandEssenceBuilder
        # on the same session). "saved" may come from the autosave thread: the chart is then
        # drawn on a figure outside pyplot (detached_axes).
        if event == "saved" and self._signature != (self.brand.organisation, tuple(self.brand.essence_words)):
            self.refresh()

    # -- edits
    def _rate(self, fit_row: _FitRow) -> None:
        if not self.complete:
            return
        scores = [slider.value for slider in fit_row.sliders]
        workbook = self.session.workbook
        own = self.brand.organisation
        rating = self._find(fit_row.behaviour)
        try:
            if rating is None:
                new = validate(BrandFitRating, {"brand": own, "behaviour": fit_row.behaviour, "scores": scores})
                assign(workbook, "brand_fit", [*workbook.brand_fit, new])
            else:
                assign(rating, "scores", scores)
                if rating.brand != own:
                    assign(rating, "brand", own)
        except JourneyError as exc:
            fit_row.message.error(named_error(exc, t("fit_check.behaviours")))
            self._sync_row(fit_row)
            return
        fit_row.message.clear()
        fit_row.show(scores)
        self.changed()
        self._draw()

    def _rate_neutral(self, fit_row: _FitRow) -> None:
        """Rate the behaviour 0/0/0 (neutral on every word), also when the sliders already show 0."""
        if not self.complete:
            return
        with self.quietly():
            for slider in fit_row.sliders:
                slider.value = 0
        self._rate(fit_row)

    def _sync_row(self, fit_row: _FitRow) -> None:
        """Sliders and verdict as the workbook has them (also after a refused change)."""
        rating = self._find(fit_row.behaviour)
        with self.quietly():
            for slider, score in zip(fit_row.sliders, rating.scores if rating else (0, 0, 0)):
                slider.value = score
        fit_row.show(list(rating.scores) if rating else None)

    def _add(self) -> None:
        if not self.complete:
            return
        name = one_line(self.new_behaviour.value)
        message = self.add_message
        if not name:
            message.error(t("fit_check.empty"))
            return
        if name.casefold() in self._rows:
            message.error(t("fit_check.duplicate", behaviour=name))
            return
        workbook = self.session.workbook
        try:
            new = validate(BrandFitRating, {"brand": self.brand.organisation, "behaviour": name, "scores": [0, 0, 0]})
            if len(workbook.brand_fit) >= LIMITS["behaviours"]:
                raise ValidationError("fit_check.too_many", limit=LIMITS["behaviours"])
            assign(workbook, "brand_fit", [*workbook.brand_fit, new])
        except JourneyError as exc:
            message.error(named_error(exc, t("fit_check.new")))
            return
        self._dismissed.discard(name.casefold())
        self._rows[name.casefold()] = _FitRow(self, name)
        self.new_behaviour.value = ""
        self.changed()
        self._show()
        message.ok(t("fit_check.added", behaviour=name))

    def _remove(self, fit_row: _FitRow) -> None:
        workbook = self.session.workbook
        folded = fit_row.behaviour.casefold()
        kept = [r for r in workbook.brand_fit if not (self._own(r) and r.behaviour.casefold() == folded)]
        if len(kept) != len(workbook.brand_fit):
            assign(workbook, "brand_fit", kept)
            self.changed()
        self._dismissed.add(folded)
        self._rows.pop(folded, None)
        self._show()
        self.add_message.ok(t("fit_check.removed", behaviour=fit_row.behaviour))
