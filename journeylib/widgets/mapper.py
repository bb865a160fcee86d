"""The touchpoint mapper: build a customer journey touchpoint by touchpoint, with a live map.

:class:`TouchpointMapper` edits one journey of the workbook (``workbook.journeys[journey]``):

* a compact list (filtered by phase, numbered as on the map) picks the touchpoint to edit,
  one form edits every field of :class:`~journeylib.model.Touchpoint`;
* Add / Duplicate / Delete (with Undo: nothing is lost by one click) / Move up / Move down;
* without a journey in the workbook it offers to create one (name and persona), or to
  copy the notebook's example journey;
* the journey map (:func:`~journeylib.charts.journeymap.plot_journey_map`) and its
  description redraw after every change that shows on the map.

Redraw speed (benchmarks/README.md: a change -> redrawn chart within 80 ms for 30 touchpoints): the
map goes into the Output as SVG (:func:`~journeylib.charts.export.figure_svg`), and a change
that does not show on the map (the scores, the texts, the service level) is saved without
redrawing. ``benchmarks/bench_redraw_mapper.py``
measures it.
"""
from __future__ import annotations

import ipywidgets as W

from .. import i18n
from ..charts import style
from ..charts.export import young_garbage
from ..charts.journeymap import describe_journey_map, ordered_touchpoints, plot_journey_map
from ..errors import JourneyError
from ..i18n import t
from ..model import LIMITS, PHASES, Journey, ServiceLevel, Touchpoint, assign, validate
from ..text import count_words, shorten, t_count
from .base import (WIDE, FieldMessage, JourneyWidget, attribute, esc, fit, full, named_error, one_line, row,
                   show_figure, stack, up_to)

__all__ = ["TouchpointMapper"]

SCORES = ("frequency", "importance", "influence", "performance", "expectation")
TEXTS = ("name", "channel", "description", "standard_way", "notes")
LIMIT = LIMITS["touchpoints_per_journey"]
_RANK = {phase: i for i, phase in enumerate(PHASES)}


# --------------------------------------------------------------------------- helpers

def _as_journey(example) -> Journey | None:
    """The example journey: a Journey, the first journey of a case or workbook, or a dict."""
    if example is None or isinstance(example, Journey):
        return example
    journeys = getattr(example, "journeys", None)
    if journeys is not None:
        return journeys[0] if journeys else None
    if isinstance(example, dict):
        return validate(Journey, example)
    raise TypeError(f"example must be a Journey or a case, not {type(example).__name__}")


def _channels(journey: Journey) -> list[str]:
    """The journey's channels, in order of first appearance (ignoring capitals)."""
    seen: dict[str, str] = {}
    for tp in ordered_touchpoints(journey):
        name = tp.channel.strip()
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def _tidy_short(value: str) -> str:
    """A short text with its spaces tidied; one too long stays as typed, so that the
    message says how long it is."""
    return one_line(value) if len(value) <= LIMITS["short_text"] else value


#: Control value -> field value, and back, where they differ.
_FIELD_READ = {"name": _tidy_short, "channel": _tidy_short,
               "service_level": lambda value: None if not value else ServiceLevel(value)}
_FIELD_WRITE = {"service_level": lambda level: 0 if level is None else int(level)}


def _text_area() -> W.Textarea:
    return W.Textarea(continuous_update=False, rows=3, style=WIDE, layout=W.Layout(width="98%", min_height="4.5em"))


def _score_slider(value: int, low: int = 1, high: int = 5) -> W.IntSlider:
    return W.IntSlider(value=value, min=low, max=high, step=1, continuous_update=False, style=WIDE,
                       layout=up_to("30em"))


class TouchpointMapper(JourneyWidget):
    """Add, edit, remove and reorder the touchpoints of a journey, with a live journey map.

    ``journey``: which journey of the workbook to edit (0 = the first). ``example``: a
    journey (or a case) the learner may copy into the workbook when it has no journey yet.
    """

    def __init__(self, session, journey: int = 0, example=None):
        super().__init__(session)
        self._index = int(journey)
        self._example = _as_journey(example)
        self._selected: str | None = None
        self._undo: list[tuple[int, Touchpoint]] = []
        self._fresh: set[str] = set()  # ids made by Add here; they follow the first real name
        self._name_hint: str | None = None  # the touchpoint the list's "now give it a name" is about
        self._drawn = None  # what the map shows now (see _map_key)
        self.build()
        with self.quietly():
            self._relabel()
        self.refresh()

    # ----------------------------------------------------------------------- construction
    def _build_controls(self) -> None:
        self.intro = W.HTML()
        # no journey yet: create one, or copy the example
        self.create_intro = W.HTML()
        self.new_name = W.Text(continuous_update=False, style=WIDE, layout=up_to("36em"))
        self.new_name_message = FieldMessage()
        self.new_persona = W.Textarea(continuous_update=False, rows=3, style=WIDE, layout=up_to("48em"))
        self.new_persona_message = FieldMessage()
        self.create = W.Button(icon="plus", button_style="primary", layout=fit())
        self.from_example = W.Button(icon="copy", layout=fit(display="none" if self._example is None else None))
        self.create_message = FieldMessage()
        # the journey itself: name and persona
        self.journey_name = W.Text(continuous_update=False, style=WIDE, layout=up_to("36em"))
        self.persona = W.Textarea(continuous_update=False, rows=3, style=WIDE, layout=full())
        # the list and its buttons (each its own Layout: Undo is hidden on its own)
        self.filter = W.ToggleButtons(options=[("", "all"), *[("", p) for p in PHASES]], value="all",
                                      style={"button_width": "6.5em"})
        self.list = W.Select(options=[], rows=16, style=WIDE, layout=W.Layout(width="98%", min_height="22em"))
        self.list_empty = W.HTML()
        self.count = W.HTML()
        self.add = W.Button(icon="plus", button_style="primary", layout=fit())
        self.duplicate = W.Button(icon="clone", layout=fit())
        self.delete = W.Button(icon="trash", button_style="danger", layout=fit())
        self.up = W.Button(icon="arrow-up", layout=fit())
        self.down = W.Button(icon="arrow-down", layout=fit())
        self.undo = W.Button(icon="undo", button_style="warning", layout=fit(display="none"))
        self.list_message = FieldMessage()
        # the form for one touchpoint
        self.editor_title = W.HTML()
        self.texts_heading = W.HTML()
        self.scores_heading = W.HTML()
        self.fields: dict[str, W.DOMWidget] = {
            "name": W.Text(continuous_update=False, style=WIDE, layout=W.Layout(width="96%")),
            "phase": W.Dropdown(options=[("", p) for p in PHASES], style=WIDE, layout=up_to("20em")),
            "channel": W.Combobox(ensure_option=False, continuous_update=False, style=WIDE, layout=up_to("26em")),
            "description": _text_area(),
            "conscious": W.Checkbox(indent=False),
            "moment_of_truth": W.Checkbox(indent=False),
            **{name: _score_slider(3) for name in SCORES},
            "emotion": _score_slider(0, -3, 3),
            "service_level": W.Dropdown(options=[("", 0)], style=WIDE, layout=up_to("20em")),
            "standard_way": _text_area(),
            "notes": _text_area(),
        }
        # the map
        # the map scrolls sideways in its own box, which Tab reaches (charts.style.image_html)
        self.out = W.Output(layout=full())
        self.caption = W.HTML(layout=full())
        self._bind_fields()

    def _bind_fields(self) -> None:
        """The journey's name and persona, and every field of the selected touchpoint."""
        has_journey = lambda: self.journey is not None  # noqa: E731
        for name, control, key in (("name", self.journey_name, "journey_name"), ("persona", self.persona, "persona")):
            get, put = attribute(lambda: self.journey, name)
            binding = self.bind(control, get=get, put=put, label=lambda key=key: t(f"mapper.{key}"),
                                read=_tidy_short if name == "name" else None, active=has_journey,
                                after=lambda _old, _new: self._edited())
            setattr(self, f"{key}_message", binding.message)
        has_touchpoint = lambda: self.touchpoint is not None  # noqa: E731
        self.field_bindings = {}
        for name, control in self.fields.items():
            get, put = attribute(lambda: self.touchpoint, name)
            self.field_bindings[name] = self.bind(
                control, get=get, put=put, label=lambda name=name: t(f"field.{name}"), active=has_touchpoint,
                read=_FIELD_READ.get(name), write=_FIELD_WRITE.get(name), echo=name in ("name", "channel"),
                after=lambda old, _new, name=name: self._after_field(name, old))
        self.field_messages = {name: binding.message for name, binding in self.field_bindings.items()}

    def _layout(self) -> list:
        """The two faces of the view: ``create_box`` while the workbook has no journey, else
        ``main_box``; :meth:`refresh` shows one of them."""
        self.create_box = stack([
            self.create_intro, self.new_name, self.new_name_message, self.new_persona, self.new_persona_message,
            row([self.create, self.from_example], gap="0.6em", align="stretch"),
            self.create_message], padding="0.5em 0")
        self.details = W.Accordion(children=[W.VBox([self.journey_name, self.journey_name_message,
                                                      self.persona, self.persona_message])],
                                   selected_index=None, layout=full())
        picker = stack([
            self.filter, self.count, self.list, self.list_empty,
            row([self.add, self.duplicate, self.delete, self.up, self.down, self.undo], gap="0.4em", align="stretch"),
            self.list_message], flex="1 1 28em", min_width="18em")

        def column(names, heading, flex):
            items = [heading] if heading is not None else []
            for name in names:
                items += self.field_bindings[name].parts
            return stack(items, gap="0.15em", flex=flex, min_width="16em")

        self.form = row([
            column(("name", "phase", "channel", "conscious", "moment_of_truth"), None, "1 1 20em"),
            column((*SCORES, "emotion", "service_level"), self.scores_heading, "1 1 20em"),
            column(("description", "standard_way", "notes"), self.texts_heading, "1 1 100%"),
        ], gap="0.4em 1.5em", align="stretch", width="100%")
        self.editor = W.VBox([self.editor_title, self.form],
                             layout=W.Layout(flex="2 1 36em", min_width="18em", border="1px solid #CCCCCC",
                                             padding="0.5em 0.8em"))
        self.main_box = stack([
            self.details,
            row([picker, self.editor], gap="1em", align="flex-start", width="100%"),
            self.out, self.caption], gap="0.5em", width="100%")
        return [self.intro, self.message]

    def _wire(self) -> None:
        self.create.on_click(lambda _: self._create())
        self.from_example.on_click(lambda _: self._copy_example())
        self.on_change(self.filter, lambda _: self._on_filter())
        self.on_change(self.list, lambda _: self._on_pick())
        for button, action in ((self.add, self._add), (self.duplicate, self._duplicate), (self.delete, self._delete),
                               (self.up, lambda: self._move(-1)), (self.down, lambda: self._move(1)),
                               (self.undo, self._undo_delete)):
            button.on_click(lambda _, action=action: action())

    # ----------------------------------------------------------------------- state
    @property
    def journey(self) -> Journey | None:
        journeys = self.session.workbook.journeys
        return journeys[self._index] if 0 <= self._index < len(journeys) else None

    @property
    def touchpoint(self) -> Touchpoint | None:
        """The touchpoint the form shows (None when nothing is selected)."""
        journey = self.journey
        if journey is None or self._selected is None:
            return None
        return next((tp for tp in journey.touchpoints if tp.id == self._selected), None)

    def _number(self, tp_id: str) -> int:
        """The touchpoint's number on the map (1-based)."""
        return next(i for i, tp in enumerate(ordered_touchpoints(self.journey), 1) if tp.id == tp_id)

    # ----------------------------------------------------------------------- display
    def __repr__(self) -> str:
        journey = self.journey
        if journey is None:
            return "<TouchpointMapper: no journey yet>"
        n = len(journey.touchpoints)
        phases = len({tp.phase for tp in journey.touchpoints})
        return (f"<TouchpointMapper: {count_words(n, 'touchpoint', lang='en')} "
                f"in {count_words(phases, 'phase', lang='en')}>")

    def describe(self) -> str:
        journey = self.journey
        return t("mapper.no_journey") if journey is None else describe_journey_map(journey)

    def relabel(self) -> None:
        with self.quietly():
            self._relabel()
        self._fill_list()
        self._fill_editor()
        self._draw()

    def _relabel(self) -> None:
        self.intro.value = f"<p style='font-size:1.1em;margin:0 0 0.4em'>{esc(t('mapper.intro'))}</p>"
        self._show_create_intro()
        for widget, key in ((self.new_name, "journey_name"), (self.journey_name, "journey_name"),
                            (self.new_persona, "persona"), (self.persona, "persona")):
            widget.description = t(f"mapper.{key}")
            widget.tooltip = t(f"mapper.{key}_help")
            widget.placeholder = t(f"mapper.{key}_placeholder")
        self.label_controls("mapper", ("create",))
        self.from_example.description = t("mapper.from_example")
        if self._example is not None:
            self.from_example.tooltip = t("mapper.from_example_help", name=self._example.name,
                                          count=len(self._example.touchpoints))
        self.details.titles = (t("mapper.journey_section"),)

        shown = self.filter.value
        self.filter.options = [(t("mapper.filter_all"), "all"), *[(t(f"phase.{p}"), p) for p in PHASES]]
        self.filter.value = shown
        self.filter.tooltips = [t("mapper.filter_help")] * (len(PHASES) + 1)
        self.label_controls("mapper", ("filter", "list", "add", "duplicate", "delete", "up", "down", "undo"))

        self.texts_heading.value = f"<b>{esc(t('mapper.texts'))}</b>"
        self.scores_heading.value = f"<b>{esc(t('mapper.scores'))}</b>"
        fields = self.fields
        phase, level = fields["phase"].value, fields["service_level"].value
        fields["phase"].options = [(t(f"phase.{p}"), p) for p in PHASES]
        fields["phase"].value = phase
        fields["service_level"].options = [(t("mapper.not_rated"), 0), *[
            (f"{t(f'level.{rated.key}')} ({int(rated)})", int(rated)) for rated in ServiceLevel]]
        fields["service_level"].value = level
        helps = {"moment_of_truth": "mot"}
        for name, widget in fields.items():
            widget.description = t(f"field.{name}")
            widget.tooltip = t(f"mapper.{helps.get(name, name)}_help", limit=LIMITS["short_text"])
        fields["name"].placeholder = t("mapper.name_placeholder")
        fields["channel"].placeholder = t("mapper.channel_placeholder")

    def _show_create_intro(self) -> None:
        count = len(self.session.workbook.journeys)
        intro = t_count("mapper.create_intro_next", count) if count else t("mapper.create_intro")
        if self._example is not None:
            intro += " " + t("mapper.create_example_intro")
        self.create_intro.value = f"<p style='font-size:1.1em'>{esc(intro)}</p>"

    def refresh(self) -> None:
        """Show ``session.workbook`` again (after an upload replaced it)."""
        if self.closed:
            return
        self._undo.clear()
        self._fresh.clear()
        self.undo.layout.display = "none"
        self._drawn = None
        for message in (self.message, self.list_message, self.create_message, self.new_name_message,
                        self.new_persona_message, *(binding.message for binding in self.bindings)):
            message.clear()
        journey = self.journey
        if journey is None:
            self._show_create_intro()
            self.children = [self.intro, self.create_box, self.message]
            self._selected = None
            self.out.outputs = ()
            self.caption.value = ""
            return
        self.children = [self.intro, self.main_box, self.message]
        for binding in self.bindings[:2]:  # the journey's name and persona
            binding.show()
        if self.touchpoint is None:
            first = ordered_touchpoints(journey)[:1]
            self._selected = first[0].id if first else None
        self._fill_list()
        self._fill_editor()
        self._draw()

    def _visible(self) -> list[tuple[int, Touchpoint]]:
        """(map number, touchpoint) of the touchpoints the list shows (the phase filter)."""
        wanted = self.filter.value
        return [(n, tp) for n, tp in enumerate(ordered_touchpoints(self.journey), 1)
                if wanted == "all" or tp.phase == wanted]

    def _fill_list(self) -> None:
        """The list's labels, the count, the selection and which buttons can be used."""
        journey = self.journey
        if journey is None:
            return
        options = []
        for n, tp in self._visible():
            label = f"{n}. {shorten(tp.name, 60)}"
            if tp.channel:
                label += f" · {shorten(tp.channel, 24)}"
            if tp.moment_of_truth:
                label += " ★"
            options.append((label, tp.id))
        options = tuple(options)
        with self.quietly():
            if tuple(self.list.options) != options:
                self.list.options = options
            ids = [value for _, value in options]
            value = self._selected if self._selected in ids else None
            if self.list.value != value:
                self.list.value = value
        self.list_empty.value = "" if options else f"<i>{esc(t('mapper.list_empty'))}</i>"
        count = len(journey.touchpoints)
        self.count.value = f"<b style='font-size:1.1em'>{esc(t_count('mapper.count', count, limit=LIMIT))}</b>"
        tp = self.touchpoint
        for widget in (self.duplicate, self.delete):
            widget.disabled = tp is None
        if tp is None:
            self.up.disabled = self.down.disabled = True
        else:
            same = [x.id for x in journey.by_phase(tp.phase)]
            place = same.index(tp.id)
            self.up.disabled = place == 0
            self.down.disabled = place == len(same) - 1
        self.undo.layout.display = "" if self._undo else "none"

    def _fill_editor(self) -> None:
        """Put the selected touchpoint in the form (or hide the form)."""
        journey, tp = self.journey, self.touchpoint
        for message in self.field_messages.values():
            message.clear()
        if journey is None or tp is None:
            self.editor_title.value = f"<i>{esc(t('mapper.editor_empty'))}</i>"
            self.form.layout.display = "none"
            return
        self.form.layout.display = ""
        number = self._number(tp.id)
        self.editor_title.value = (f"<h4 style='margin:0.2em 0 0.5em'>"
                                   f"{esc(t('mapper.editor_title', number=number, count=len(journey.touchpoints)))}"
                                   f"</h4>")
        with self.quietly():
            self.fields["channel"].options = _channels(journey)
        for binding in self.field_bindings.values():
            binding.show()

    def _map_key(self, journey: Journey) -> tuple:
        """Everything the map and its description show: the same key, the same picture."""
        return (i18n.get_language(), style.is_lecture(), journey.name,
                tuple((tp.id, tp.name, tp.phase, tp.channel, tp.conscious, tp.moment_of_truth, tp.emotion)
                      for tp in journey.touchpoints))

    def _draw(self) -> None:
        journey = self.journey
        if journey is None:
            return
        key = self._map_key(journey)
        if key == self._drawn:
            return  # nothing on the map changed (a score, a text, the service level)
        text = describe_journey_map(journey)
        with young_garbage():  # charts.export: built, rendered and closed before a young collection
            show_figure(self.out, plot_journey_map(journey).figure, text, whole=False)  # every text inside
        self.caption.value = f"<p style='max-width:60em;font-size:1.05em'>{esc(text)}</p>"
        self._drawn = key

    def _edited(self) -> None:
        """After every change of the journey: save, update the list and the map."""
        self.changed()
        self._fill_list()
        self._draw()
        self.tell_peers()

    def follow_session(self) -> None:
        """Show touchpoints changed by another view of this session (a ★ set in the
        moments-of-truth explorer): the list, the form's mark and the map follow at once."""
        if self.closed or self.journey is None:
            return
        self._fill_list()
        tp = self.touchpoint
        box = self.fields["moment_of_truth"]
        if tp is not None:
            self.field_bindings["moment_of_truth"].set_control(tp.moment_of_truth)
        self._draw()

    def _select(self, tp_id: str | None) -> None:
        self._selected = tp_id
        tp = self.touchpoint
        if tp is not None and self.filter.value not in ("all", tp.phase):
            with self.quietly():
                self.filter.value = "all"  # show the touchpoint we are working on
        self._fill_list()
        self._fill_editor()

    # ----------------------------------------------------------------------- picking
    def _on_filter(self) -> None:
        ids = [tp.id for _, tp in self._visible()]
        if self._selected not in ids:
            self._selected = ids[0] if ids else None
        self.list_message.clear()
        self._fill_list()
        self._fill_editor()

    def _on_pick(self) -> None:
        if self.list.value is None:
            return
        self._selected = self.list.value
        self.list_message.clear()
        self._fill_list()
        self._fill_editor()

    # ----------------------------------------------------------------------- editing
    def _after_field(self, name: str, old) -> None:
        """A field of the selected touchpoint was changed (and stored): keep its place and
        id right, save, redraw."""
        tp = self.touchpoint
        old_id = tp.id
        if name == "phase":
            self._place_in_phase(tp, old)
        elif name == "name" and tp.id in self._fresh:
            self._rename_id(tp)
        if name == "name" and self._name_hint in (tp.id, old_id):
            self._name_hint = None  # it has a name now: the hint to give it one goes
            self.list_message.ok(t("mapper.named", number=self._number(tp.id), name=tp.name))
        self._edited()
        if name in ("phase", "channel", "name"):
            self._fill_editor()  # the number, the channel suggestions

    def _place_in_phase(self, tp: Touchpoint, old_phase: str) -> None:
        """A touchpoint that changed phase goes to the start of a later phase or the end of
        an earlier one, so it moves as little as possible on the map."""
        journey = self.journey
        rest = [x for x in ordered_touchpoints(journey) if x.id != tp.id]
        new = _RANK[tp.phase]
        if new > _RANK[old_phase]:
            at = sum(1 for x in rest if _RANK[x.phase] < new)
        else:
            at = sum(1 for x in rest if _RANK[x.phase] <= new)
        rest.insert(at, tp)
        assign(journey, "touchpoints", rest)

    def _rename_id(self, tp: Touchpoint) -> None:
        """A touchpoint added here gets its id from its first real name (ids stay stable after)."""
        journey = self.journey
        self._fresh.discard(tp.id)
        others = journey.model_copy(update={"touchpoints": [x for x in journey.touchpoints if x.id != tp.id]})
        new_id = others.new_id(tp.name)
        if new_id != tp.id:
            assign(tp, "id", new_id)
            self._selected = new_id

    # ----------------------------------------------------------------------- list actions
    def _room(self) -> bool:
        if len(self.journey.touchpoints) >= LIMIT:
            self.list_message.error(t("mapper.limit", limit=LIMIT))
            return False
        return True

    def _current(self) -> Touchpoint | None:
        """The selected touchpoint, or None (and a message saying to pick one first)."""
        current = self.touchpoint
        if current is None:
            self.list_message.error(t("mapper.nothing_selected"))
        return current

    def _done(self, select: str | None, key: str, name: str, shown: str | None = None) -> None:
        """After a list action: select ``select``, save, redraw and say what happened."""
        self._name_hint = None
        self._select(select)
        self._edited()
        number = self._number(shown) if shown is not None else None
        self.list_message.ok(t(key, name=name, number=number))

    def _insert(self, tp: Touchpoint, after: Touchpoint | None) -> bool:
        """Put ``tp`` into the journey right after ``after`` (else at the end of its phase)."""
        journey = self.journey
        ordered = ordered_touchpoints(journey)
        if after is not None:
            at = next(i for i, x in enumerate(ordered) if x.id == after.id) + 1
        else:
            at = sum(1 for x in ordered if _RANK[x.phase] <= _RANK[tp.phase])
        ordered.insert(at, tp)
        try:
            assign(journey, "touchpoints", ordered)
        except JourneyError as exc:
            self.list_message.error(exc)
            return False
        return True

    def _add(self) -> None:
        journey = self.journey
        if journey is None or not self._room():
            return
        current = self.touchpoint
        if current is not None:
            phase = current.phase
        elif self.filter.value != "all":
            phase = self.filter.value
        else:
            ordered = ordered_touchpoints(journey)
            phase = ordered[-1].phase if ordered else PHASES[0]
        name = t("mapper.new_name")
        tp = Touchpoint(id=journey.new_id(name), name=name, phase=phase)
        if self._insert(tp, current):
            self._fresh.add(tp.id)
            self._done(tp.id, "mapper.added", name, tp.id)
            self._name_hint = tp.id

    def _duplicate(self) -> None:
        current = self._current()
        if current is None or not self._room():
            return
        name = t("mapper.copy_name", name=current.name)
        if len(name) > LIMITS["short_text"]:
            name = current.name
        tp = current.model_copy(deep=True, update={"id": self.journey.new_id(name), "name": name})
        if self._insert(tp, current):
            self._done(tp.id, "mapper.duplicated", name, tp.id)

    def _delete(self) -> None:
        current = self._current()
        if current is None:
            return
        journey = self.journey
        ordered = [x.id for x in ordered_touchpoints(journey) if x.id != current.id]
        at = self._number(current.id) - 1
        index = next(i for i, x in enumerate(journey.touchpoints) if x.id == current.id)
        assign(journey, "touchpoints", [x for x in journey.touchpoints if x.id != current.id])
        self._undo.append((index, current))
        del self._undo[:-20]
        self._done(ordered[min(at, len(ordered) - 1)] if ordered else None, "mapper.deleted", current.name)

    def _undo_delete(self) -> None:
        journey = self.journey
        if journey is None or not self._undo or not self._room():
            return
        index, tp = self._undo[-1]
        if any(x.id == tp.id for x in journey.touchpoints):  # its id was given away meanwhile
            tp = tp.model_copy(update={"id": journey.new_id(tp.name)})
        items = list(journey.touchpoints)
        items.insert(min(index, len(items)), tp)
        assign(journey, "touchpoints", items)
        self._undo.pop()
        self._done(tp.id, "mapper.restored", tp.name, tp.id)

    def _move(self, step: int) -> None:
        current = self._current()
        if current is None:
            return
        journey = self.journey
        ordered = ordered_touchpoints(journey)
        at = self._number(current.id) - 1
        other = at + step
        if not 0 <= other < len(ordered) or ordered[other].phase != current.phase:
            return  # already first (last) in its phase: the button is disabled
        ordered[at], ordered[other] = ordered[other], ordered[at]
        assign(journey, "touchpoints", ordered)
        self._done(current.id, "mapper.moved", current.name, current.id)

    # ----------------------------------------------------------------------- no journey yet
    def _add_journey(self, journey: Journey) -> bool:
        workbook = self.session.workbook
        try:
            assign(workbook, "journeys", [*workbook.journeys, journey])
        except JourneyError as exc:
            self.create_message.error(exc)
            return False
        self._index = len(workbook.journeys) - 1
        self.changed()
        self._selected = None
        self.refresh()
        return True

    def _create(self) -> None:
        name = _tidy_short(self.new_name.value)
        self.new_name_message.clear()
        self.new_persona_message.clear()
        try:
            journey = validate(Journey, {"name": name, "persona": self.new_persona.value})
        except JourneyError as exc:
            if exc.params.get("field") == "persona":
                self.new_persona_message.error(named_error(exc, t("mapper.persona")))
            else:
                self.new_name_message.error(named_error(exc, t("mapper.journey_name")))
            return
        if self._add_journey(journey):
            self.message.ok(t("mapper.created", name=journey.name))

    def _copy_example(self) -> None:
        if self._example is None:
            return
        journey = self._example.model_copy(deep=True)
        if self._add_journey(journey):
            self.message.ok(t("mapper.copied", name=journey.name, count=len(journey.touchpoints)))
