"""What every journeylib widget shares.

* It is an ``ipywidgets.VBox`` over a :class:`~journeylib.store.WorkbookSession`: it edits
  ``session.workbook`` and calls ``session.changed()``; the session autosaves.
* Errors appear next to the field that caused them (:class:`FieldMessage`), in the
  current language; nothing raises into the notebook.
* Charts go into an ``Output`` widget through its state (SVG text in ``outputs``, see
  :func:`figure_svg`; the page shows it as an ``<img>`` with alt text), never with ``with
  out:`` capture, so strict nbval and Voila both work.
* Its display bundle is the live view plus two texts: a short, stable ``repr`` (e.g.
  ``<TouchpointMapper: 12 touchpoints in 3 phases>``) and ``describe()``, a deterministic
  paragraph about the current chart. nbval compares both texts; a screen reader and a
  headless run (papermill) read them.
* Labels follow :func:`journeylib.set_language` (``relabel``).
* Its first child is a :class:`~journeylib.widgets.guard.ConnectionGuard`: when the view's
  kernel connection is gone it says so and disables the inputs; keys typed in the view never
  reach JupyterLab's shortcuts. The root carries the CSS class ``jl-widget``.
* When another notebook (another kernel) changes the workbook, the session emits "external"
  and the view shows the new values (``refresh``), as after an upload.

The toolkit every view is built from (docs/architecture.md, "A new widget"):

* :class:`FieldBinding` (``view.bind(control, ...)``): a control bound to one workbook field,
  validated on change, the message shown under the control;
* ``view.quietly()``: the view sets its own controls without their observers reacting
  (``view.on_change(control, handler)`` observes a control outside those updates);
* layouts: :data:`WIDE`, :func:`row`, :func:`stack`, :func:`beside`, :func:`fit`, :func:`up_to`,
  :func:`full`;
* :class:`Explorer`, :class:`FigureCache`, :func:`set_options` for the analysis views;
* ``view.close()``: the one way to end a view (idempotent; ``view.closed`` says it happened).

Widget modules import this module, :mod:`.guard` and :mod:`.upload`, never each other.
"""
from __future__ import annotations

import base64
import html
import re
import weakref
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Callable

import ipywidgets as W

from .. import i18n
from ..charts.export import figure_png, figure_svg, young_garbage
from ..errors import JourneyError
from ..i18n import get_language, t

ERROR_STYLE = "color:#B00020;font-weight:600"
OK_STYLE = "color:#006644"
#: A wrong answer is part of learning, not a fault: calm feedback in a neutral colour
#: (no red, no ⚠, no role=alert), with the explanation and a hint.
NOTE_STYLE = "color:#37474F"
#: A control's ``style`` whose label is as wide as its text (never cut to ipywidgets' 8em).
WIDE = {"description_width": "initial"}


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def named_error(exc: JourneyError, label: str) -> JourneyError:
    """The same error, naming the field as the learner sees it ("Waarden", not ``values[2]``)."""
    if "field" not in exc.params:
        return exc
    return type(exc)(exc.key, file=exc.file, **{**exc.params, "field": label})


class FieldMessage(W.HTML):
    """A one-line message shown next to a field (errors are announced to screen readers)."""

    def __init__(self, **kwargs):
        super().__init__(value="", **kwargs)

    def error(self, exc: JourneyError | str) -> None:
        text = exc.message() if isinstance(exc, JourneyError) else str(exc)
        self.value = f'<span role="alert" style="{ERROR_STYLE}">⚠ {esc(text)}</span>'

    def ok(self, text: str) -> None:
        self.value = f'<span role="status" style="{OK_STYLE}">✓ {esc(text)}</span>'

    def clear(self) -> None:
        self.value = ""

    @property
    def text(self) -> str:
        """The message without markup (for tests and reprs)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.value)).lstrip("⚠✓ ").strip()


#: Resolution of PNG charts inside widgets: sharp on a projector, cheap to redraw.
WIDGET_DPI = 100


def figure_output_data(fig, description: str = "", fmt: str = "svg", dpi: int = WIDGET_DPI, *,
                       whole: bool = True) -> dict:
    """A display_data output holding ``fig`` as SVG (or PNG at ``dpi`` with ``fmt="png"``)
    and its description as text; closes the figure. ``whole``: see :func:`figure_svg`.

    The page shows it as an HTML ``<img>`` whose alternative text is the description's first
    sentence (JupyterLab and Voila give a plain image output no alt text), in a box that
    scrolls sideways and is reached with Tab (see ``charts.style.image_html``)."""
    import matplotlib.pyplot as plt

    from ..charts.style import alt_text, image_html

    try:
        if fmt == "png":
            data = base64.b64encode(figure_png(fig, dpi)).decode("ascii")
        else:
            data = figure_svg(fig, whole=whole)
    finally:
        plt.close(fig)
    mime = "image/png" if fmt == "png" else "image/svg+xml"
    encoded = data if fmt == "png" else base64.b64encode(data.encode("utf-8")).decode("ascii")
    page = image_html(encoded, mime, alt_text(description) if description else t("a11y.chart"))
    return {
        "output_type": "display_data",
        "data": {"text/html": page, mime: data, "text/plain": description or "<figure>"},
        "metadata": {mime: {"alt": description}} if description else {},
    }


def show_figure(out: W.Output, fig, description: str = "", fmt: str = "svg", dpi: int = WIDGET_DPI, *,
                whole: bool = True) -> None:
    """Replace what ``out`` shows with ``fig`` (through the Output's state), as SVG unless
    ``fmt="png"``."""
    out.outputs = (figure_output_data(fig, description, fmt, dpi, whole=whole),)


def detached_axes(figsize):
    """An Axes on a figure of its own, in the course style but outside pyplot, so a view
    may redraw from the autosave thread without touching pyplot's global figure list."""
    from matplotlib.figure import Figure

    from ..charts import style

    style.apply()
    return Figure(figsize=figsize).add_subplot()


# --------------------------------------------------------------------------- layouts
#
# The few layouts every view uses. Each call makes a new ``Layout``: one shared by two
# controls would hide both when one is hidden (``layout.display = "none"``).

def fit(**more) -> W.Layout:
    """As wide as the content (buttons: the whole description, in every language)."""
    return W.Layout(width="auto", **more)


def up_to(width: str, **more) -> W.Layout:
    """``width`` wide, narrower on a small screen (``min(<width>, 100%)``)."""
    return W.Layout(width=f"min({width}, 100%)", **more)


def full(**more) -> W.Layout:
    """The whole width of the view."""
    return W.Layout(width="100%", **more)


def row(children=(), *, gap: str | None = "0.6em", align: str = "center", **more) -> W.Box:
    """Controls side by side that wrap onto the next line when the view is narrow
    (``gap=None``: the stylesheet's narrow gap)."""
    if gap is not None:
        more["grid_gap"] = gap
    return W.Box(list(children), layout=W.Layout(flex_flow="row wrap", align_items=align, **more))


def stack(children=(), *, gap: str = "0.3em", **more) -> W.VBox:
    """Controls one under the other, ``gap`` apart."""
    return W.VBox(list(children), layout=W.Layout(grid_gap=gap, **more))


def beside(form, chart, *, form_width: str = "26em", form_min: str = "20em", gap: str = "0.2em") -> W.Box:
    """The form of a view beside its chart (``chart``: the Output and its caption); the
    chart goes under the form on a narrow screen."""
    left = stack(form, gap=gap, flex=f"1 1 {form_width}", min_width=form_min)
    right = W.VBox(list(chart), layout=W.Layout(flex="1 1 34em", min_width="min(100%, 40em)"))
    return row([left, right], gap="1.5em", align="flex-start", width="100%")


def chart_area() -> tuple[W.Output, W.HTML]:
    """The Output a view draws its chart into, and the caption (its description) under it."""
    return W.Output(layout=full()), W.HTML(layout=full())


# --------------------------------------------------------------------------- field bindings

def one_line(text) -> str:
    """``text`` with runs of white space as one space, no space at the ends."""
    return " ".join(str(text).split())


def attribute(target: Callable[[], Any], name: str):
    """``get`` and ``put`` for :class:`FieldBinding`: field ``name`` of the model ``target()``
    (looked up at every change: an upload replaces the workbook), set through
    :func:`journeylib.model.assign` (validated; a refused value raises JourneyError)."""
    from ..model import assign

    return (lambda: getattr(target(), name)), (lambda value: assign(target(), name, value))


class FieldBinding:
    """One control bound to one field of the workbook, validated on change.

    On every change of ``control.value`` (unless its view is :meth:`~JourneyWidget.quietly`
    setting it): ``read`` turns the control's value into the field's (tidying spaces, say),
    ``check`` may refuse it with a message, ``put`` stores it (a JourneyError refuses it and is
    shown in :attr:`message`, naming the field by ``label()`` unless it is None), and ``after(old, new)`` runs
    (save, redraw). A value equal to the stored one changes nothing. After a change the
    control may show the value as stored (``echo``). :meth:`show` puts the stored value in
    the control.

    ``get``/``put``: see :func:`attribute`; ``active``: whether there is a field to edit now
    (the mapper's form without a selected touchpoint has none); ``write``: the stored value as
    the control shows it; ``echo``: after a change the control shows the value as stored
    (spaces tidied) instead of as typed.
    """

    def __init__(self, view: "JourneyWidget", control, *, get, put, label: Callable[[], str] | None,
                 read: Callable = None, write: Callable = None, check: Callable = None,
                 after: Callable = None, active: Callable[[], bool] = None, echo: bool = False):
        self.view, self.control, self.message = view, control, FieldMessage()
        self.echo = echo
        self.get, self.put, self.label = get, put, label
        self.read = read or (lambda value: value)
        self.write = write or (lambda value: value)
        self.check, self.after, self.active = check, after, active
        view.on_change(control, lambda _change: self.changed())

    @property
    def parts(self) -> tuple:
        """The control and its message, to place in a layout."""
        return self.control, self.message

    def show(self) -> None:
        """The stored value in the control (quietly), the message cleared."""
        self.message.clear()
        if self.active is None or self.active():
            self.set_control(self.get())

    def set_control(self, value) -> None:
        shown = self.write(value)
        if self.control.value != shown:
            with self.view.quietly():
                self.control.value = shown

    def changed(self) -> None:
        if self.active is not None and not self.active():
            return
        value = self.read(self.control.value)
        old = self.get()
        if value == old:
            self.message.clear()
            return
        problem = self.check(value) if self.check is not None else None
        if problem:
            self.message.error(problem)
            return
        try:
            self.put(value)
        except JourneyError as exc:
            self.message.error(named_error(exc, self.label()) if self.label is not None else exc)
            return
        self.message.clear()
        if self.echo:
            self.set_control(self.get())  # as stored (spaces tidied)
        if self.after is not None:
            self.after(old, self.get())


# --------------------------------------------------------------------------- the base class

_LIVE: "weakref.WeakSet[JourneyWidget]" = weakref.WeakSet()


def _on_language(lang: str) -> None:
    """Every open view relabels itself (a closed one never: ``relabel`` need not check)."""
    for widget in list(_LIVE):
        if widget.closed:
            continue
        try:
            widget.relabel()
            widget.guard_view.relabel()
        except Exception:  # one broken view must not stop the others
            pass


i18n.on_language_change(_on_language)


class JourneyWidget(W.VBox):
    """Base class: a view over a workbook session with a stable repr and a description."""

    _quiet_depth = 0  # > 0 while the view sets its own controls (see quietly)
    _closed = False

    def __init__(self, session=None, **kwargs):
        from .guard import ConnectionGuard

        self.guard_view = ConnectionGuard()
        self.bindings: list[FieldBinding] = []
        super().__init__(**kwargs)
        self.add_class("jl-widget")
        self.observe(self._keep_guard_first, names="children")
        self._keep_guard_first()
        self.session = session
        self.message = FieldMessage()
        _LIVE.add(self)
        if session is not None:
            session.observe(self._on_session_event)

    def _keep_guard_first(self, _change=None) -> None:
        children = tuple(self.children)
        if not children or children[0] is not self.guard_view:
            self.children = (self.guard_view, *(c for c in children if c is not self.guard_view))

    # -- construction, as the ipywidgets tutorial's applications do it
    def build(self) -> None:
        """Make the view in three steps a subclass provides: :meth:`_build_controls` (the
        controls, unconnected), :meth:`_layout` (returns the children) and :meth:`_wire`
        (observers and clicks)."""
        self._build_controls()
        self.children = self._layout()
        self._wire()

    def _build_controls(self) -> None:
        """Make the controls (and bind the fields)."""

    def _layout(self) -> list:
        """The view's children, from the controls."""
        return list(self.children)

    def _wire(self) -> None:
        """Connect the controls' changes and clicks to the view."""

    # -- to be provided by subclasses
    def describe(self) -> str:
        """A deterministic paragraph about what the view shows now."""
        return ""

    def relabel(self) -> None:
        """Set every label again in the current language."""

    def refresh(self) -> None:
        """Redraw from ``session.workbook`` (after an upload replaced it)."""

    # -- quiet updates and field bindings
    @contextmanager
    def quietly(self):
        """Set the view's own controls without their observers reacting: a value the view
        shows is not an edit by the learner. Nests; observers registered with
        :meth:`on_change` or :meth:`bind` do nothing inside it."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    @property
    def quiet(self) -> bool:
        """True inside :meth:`quietly`."""
        return self._quiet_depth > 0

    def on_change(self, control, handler, names: str = "value") -> None:
        """Call ``handler(change)`` when the learner changes ``control`` (not when the view
        sets it :meth:`quietly`)."""
        control.observe(lambda change: None if self.quiet else handler(change), names=names)

    def bind(self, control, *, get, put, label, **options) -> FieldBinding:
        """Bind ``control`` to one field (see :class:`FieldBinding`); :meth:`show_fields` shows
        every bound field again."""
        binding = FieldBinding(self, control, get=get, put=put, label=label, **options)
        self.bindings.append(binding)
        return binding

    def show_fields(self) -> None:
        """Every bound control shows its field as stored; their messages are cleared."""
        for binding in self.bindings:
            binding.show()

    # -- closing: the one way a view ends
    @property
    def closed(self) -> bool:
        """True after ``close()``: the view no longer follows session or language."""
        return self._closed or getattr(self, "comm", None) is None

    def close(self) -> None:
        """Close the view and every control it made: it stops following the session and the
        language. Closing twice does nothing the second time."""
        if self._closed:
            return
        self._closed = True
        _LIVE.discard(self)
        session = getattr(self, "session", None)  # None when __init__ failed half-way (refused input)
        if session is not None:
            session.unobserve(self._on_session_event)
        for widget in self._own_widgets():
            widget.close()
        super().close()

    def _own_widgets(self) -> list:
        """The controls of the view, shown or not (a mapper without a journey keeps its form
        aside): every widget among its attributes and children, and theirs."""
        found: dict[int, W.Widget] = {}
        stack_ = [value for name, value in vars(self).items() if not name.startswith("_trait")]
        stack_ += list(self.children)
        while stack_:
            item = stack_.pop()
            if isinstance(item, dict):
                stack_.extend(item.values())
            elif isinstance(item, (list, tuple)):
                stack_.extend(item)
            elif isinstance(item, FieldBinding):
                stack_.extend(item.parts)
            elif isinstance(item, W.Widget) and item is not self and id(item) not in found:
                found[id(item)] = item
                stack_.extend(getattr(item, "children", ()))
        return list(found.values())

    def _on_session_event(self, event: str, session) -> None:
        if event in ("replaced", "external"):
            self.refresh()
        elif event == "error" and session.error is not None:
            self.message.error(session.error)

    def changed(self) -> None:
        """The workbook was edited: autosave (debounced)."""
        if self.session is not None:
            self.session.changed()
            if self.session.error is not None and self.session.status != "ok":
                self.message.error(self.session.notice or self.session.error)

    def follow_session(self) -> None:
        """Another view of this session in this kernel edited the workbook (see
        :meth:`tell_peers`); views that show the same data redraw what changed. Default: nothing."""

    def tell_peers(self) -> None:
        """This view edited its session's workbook: the other views of the same session in
        this kernel (the mapper and the moments explorer of notebook 04) follow now, not after
        a click. Other kernels learn of it through the session's "external" event."""
        for other in list(_LIVE):
            if other is not self and other.session is self.session and not other.closed:
                try:
                    other.follow_session()
                except Exception:  # one broken view must not stop the edit
                    pass

    def guard(self, message: FieldMessage, action, *args, **kwargs):
        """Run ``action``; a JourneyError is shown in ``message`` instead of raised."""
        try:
            result = action(*args, **kwargs)
        except JourneyError as exc:
            message.error(exc)
            return None
        message.clear()
        return result

    def _repr_mimebundle_(self, **kwargs):
        """The live view, and what shows where it cannot be live: JupyterLab falls back to
        the HTML when the view's model is gone (the page reloaded before the notebook was
        saved, a notebook opened with stored outputs), so that a learner sees what the view
        showed and a note to run the cell, never a dead copy that accepts typing."""
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = repr(self)
        text = self.describe()
        if text:
            bundle["text/markdown"] = text
        bundle["text/html"] = (f'<div class="jl-static"><p>{esc(text)}</p>'
                               f'<p style="color:#5a3b00"><em>{esc(t("widget.static_note"))}</em></p></div>')
        return bundle

    @staticmethod
    def label(key: str, **params) -> str:
        return t(key, **params)

    def label_controls(self, prefix: str, names, **params) -> None:
        """Each control ``self.<name>`` gets the description ``t("<prefix>.<name>")`` and the
        tooltip ``t("<prefix>.<name>_help", **params)``."""
        for name in names:
            control = getattr(self, name)
            control.description = t(f"{prefix}.{name}")
            control.tooltip = t(f"{prefix}.{name}_help", **params)


# --------------------------------------------------------------------------- the analysis views

class FigureCache:
    """Rendered charts (Output states) by content key, the most recent few kept.

    ``show(out, key, make, description)`` puts the chart for ``key`` into ``out``: from the
    cache when it was drawn before, else ``make()`` (returning a Figure) is drawn with
    :func:`figure_output_data` (SVG). The key must hold everything the picture depends on;
    language and projector style are added here.
    """

    def __init__(self, size: int = 12):
        self.size = size
        self._items: OrderedDict = OrderedDict()

    def show(self, out: W.Output, key, make, description: str, *, whole: bool = True) -> bool:
        """Fill ``out``; returns True when the chart had to be drawn. ``whole=False`` for a
        chart that keeps every text inside its figure (see ``charts.export.figure_svg``)."""
        from ..charts import style

        full_key = (key, get_language(), style.is_lecture(), description)
        cached = self._items.get(full_key)
        if cached is None:
            with young_garbage():  # charts.export: no full collection in the middle of a change
                cached = figure_output_data(make(), description, whole=whole)
            self._items[full_key] = cached
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            drawn = True
        else:
            self._items.move_to_end(full_key)
            drawn = False
        out.outputs = (cached,)
        return drawn

    def clear(self) -> None:
        self._items.clear()


#: One cache for every explorer in the kernel: running a cell again, or a second view of
#: the same journey, shows the charts at once.
FIGURES = FigureCache(24)


def set_options(widget, options) -> None:
    """Give a selection widget new (translated) options and keep its value.

    ipywidgets resets the value when the options change; the caller sets the options
    :meth:`~JourneyWidget.quietly`.
    """
    value = widget.value
    widget.options = options
    values = [v for _label, v in options]
    if isinstance(value, tuple):
        widget.value = tuple(v for v in value if v in values)
    elif value in values:
        widget.value = value


class Explorer(JourneyWidget):
    """What the analysis views (moments of truth, key drivers) share: the chart cache and
    section headings."""

    figures = FIGURES

    @staticmethod
    def _heading(title_key: str, intro_key: str) -> str:
        return (f"<h3 style='margin:1.2em 0 0.2em 0'>{esc(t(title_key))}</h3>"
                f"<p style='margin:0 0 0.5em 0'>{esc(t(intro_key))}</p>")
