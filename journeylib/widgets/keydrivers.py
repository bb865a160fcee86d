"""Key drivers of a survey: which touchpoints move the overall judgement most.

:class:`KeyDriverExplorer` works on a survey, never on the workbook: the shipped survey of
a case (:func:`journeylib.datasets.load_survey`) or a file the learner uploads (``.csv``,
``.tsv``, ``.txt`` or ``.xlsx``), read by :func:`~journeylib.datasets.load_survey_file`,
which recognises the survey tool that wrote it (Google Forms, Microsoft Forms, Qualtrics,
SurveyMonkey, LimeSurvey, Excel, a plain CSV or the public airline survey's layout) and
keeps only the rating questions. The learner picks the outcome, the drivers and the
method; the widget shows the driver chart
(:func:`~journeylib.charts.drivers.plot_key_drivers`) and the derived
importance-performance grid (:func:`~journeylib.analysis.ipa.derived_ipa`).

Nothing of a survey is stored in the workbook, not even the file's name: the analysis is
recomputed. The upload control is emptied at once, so the file is not in the notebook's
widget state either. Only a file that may have to be read again (a workbook with several
sheets, answers to put in order) keeps its bytes, in the kernel's memory, while the view
lives.

Problems appear next to the control that can fix them: too many drivers for the exact
method and constant or duplicate drivers next to the drivers, a constant outcome next to
the outcome, an unreadable or too large file next to the upload, labels that need an order
next to the ordering controls.
"""
from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as W
import pandas as pd

from .. import datasets
from ..analysis.ipa import CROSSHAIRS, derived_ipa
from ..analysis.keydrivers import MAX_EXACT_DRIVERS, METHODS, OutcomeChoice, choose_outcome, key_drivers
from ..charts.drivers import describe_key_drivers, plot_key_drivers
from ..charts.quadrants import describe_ipa, plot_ipa
from ..errors import CaseError, JourneyError, LimitError
from ..i18n import get_language, has, t
from ..surveyfile import normalize_label
from ..text import format_number, join_words, quote
from ..textfile import read_bytes
from .base import OK_STYLE, WIDE, Explorer, FieldMessage, esc, fit, row, set_options
from .upload import UploadButton

__all__ = ["KeyDriverExplorer", "SURVEY_FILES"]

#: The file names the upload offers (the content decides how a file is read, never its name).
SURVEY_FILES = (".csv", ".tsv", ".txt", ".xlsx")
#: Column names that identify a respondent, never a driver.
ID_NAMES = frozenset({"id", "respondent", "respondent_id", "respondentnummer", "nr", "nummer"})
#: Column names of overall judgements: an outcome, not a driver (besides what
#: :func:`~journeylib.analysis.keydrivers.choose_outcome` recognises).
OUTCOME_NAMES = frozenset({"satisfaction", "satisfied", "recommend", "nps", "overall", "tevredenheid",
                           "aanbevelen", "ces", "csat"})
#: Rating scales tried, in order, for the performance axis of the derived IPA.
SCALES = ((1, 5), (0, 1), (1, 7), (1, 10), (0, 10))
#: Crosshair choices of the derived IPA, its default ("mean") first.
DERIVED_CROSSHAIRS = tuple(sorted(CROSSHAIRS, key=lambda c: c != "mean"))
#: Left-out columns named in the list under the upload (the one-line summary counts them all).
MAX_NAMED_DROPPED = 40
_CASES: dict = {}
WARN_STYLE = "color:#8A4B00;font-weight:600"
_REASONS = ("identifier", "timestamp", "personal", "free_text", "metadata", "empty", "constant")


class NoteMessage(FieldMessage):
    """A :class:`FieldMessage` that can also warn (a problem that does not stop the analysis)
    or inform (how a default was chosen)."""

    def warn(self, text: str) -> None:
        self.value = f'<span role="status" style="{WARN_STYLE}">⚠ {esc(text)}</span>'

    def info(self, text: str) -> None:
        self.value = f'<span role="status" style="{OK_STYLE}">ℹ {esc(text)}</span>'

    @property
    def text(self) -> str:
        return super().text.lstrip("ℹ ").strip()


def _case(name: str, lang: str):
    """A shipped case in ``lang`` (read once per kernel: the YAML parser is slow)."""
    key = (name, lang)
    if key not in _CASES:
        _CASES[key] = datasets.load_case(name, lang)
    return _CASES[key]


def survey_cases() -> list[str]:
    """The shipped cases that come with a survey, in :func:`datasets.list_cases` order."""
    found = []
    for name in datasets.list_cases():
        try:
            if _case(name, get_language()).survey:
                found.append(name)
        except JourneyError:  # a broken case file must not break the widget
            continue
    return found


@dataclass
class Survey:
    """One survey the widget can analyse: its rows and how to read its columns.

    ``kind`` is "case" (a shipped case's survey) or "file" (read by
    :func:`datasets.load_survey_file`; its ``df.attrs`` say what was found). A file keeps its
    bytes (``raw``, in memory only), the sheet and the orders it was read with, and the
    columns whose labels needed an order when it was first read (``to_order``)."""

    key: str  # option value: "case:<id>" or "upload:<n>"
    name: str  # for the repr: "hospital survey" or the file name
    kind: str
    df: pd.DataFrame
    case: str = ""
    raw: bytes | None = field(default=None, repr=False)
    sheet: object = None
    orders: dict = field(default_factory=dict)
    to_order: dict = field(default_factory=dict)  # column -> labels, first seen first

    @property
    def layout(self) -> str:
        return self.df.attrs.get("layout", "case") if self.kind == "file" else "case"

    def labels(self) -> dict[str, str]:
        """Readable names of the columns in the current language (charts and tables): the
        touchpoints of a case, the airline survey's questions; a file's columns are already
        their short labels."""
        if self.kind == "case":
            return datasets.survey_columns(_case(self.case, get_language()))
        if self.layout == "airline":
            return datasets.airline_labels()
        return {}

    def questions(self) -> dict[str, str]:
        """Short label -> full question text, for a file's questions whose text is longer."""
        if self.kind != "file" or self.layout == "airline":
            return {}
        return {c: text for c, text in self.df.attrs.get("labels", {}).items()
                if c in self.df.columns and str(text).strip() and str(text) != str(c)}

    def title(self) -> str:
        if self.kind == "case":
            return t("driver_explorer.case_survey", title=_case(self.case, get_language()).title)
        return t("driver_explorer.upload_survey", file=self.name)

    @property
    def needs_order(self) -> bool:
        return bool(self.kind == "file" and self.df.attrs.get("needs_order"))

    @functools.cached_property
    def _numeric(self) -> tuple:
        df = self.df
        return tuple(c for c, dtype in zip(df.columns, df.dtypes)
                     if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
                     and df[c].notna().any())

    def numeric(self) -> list[str]:
        """Columns holding numbers (and at least one answer)."""
        return list(self._numeric)

    def choosable(self) -> list[str]:
        """Columns that can be the outcome or a driver: numbers, not a respondent number."""
        return [c for c in self._numeric if str(c).strip().casefold() not in ID_NAMES]

    @functools.cached_property
    def outcome_choice(self) -> OutcomeChoice:
        """The outcome chosen from the column names and values (never "the last column")."""
        return choose_outcome(self.df, self.choosable())

    def default_outcome(self) -> str | None:
        found = self.df.attrs.get("outcome") if self.kind == "file" else None
        if found in self.choosable():
            return found
        return self.outcome_choice.column

    def default_drivers(self, outcome) -> list[str]:
        numeric = self.numeric()
        if self.kind == "case":
            wanted = list(self.labels())
        elif self.layout == "airline":
            wanted = list(datasets.AIRLINE_SERVICE_COLUMNS)
        else:  # the rating questions: not the overall questions (satisfaction, recommendation)
            others = {*self.outcome_choice.others, self.outcome_choice.column, self.df.attrs.get("outcome"),
                      *self.df.attrs.get("nps", ())}
            wanted = [c for c in numeric if str(c).strip().casefold() not in ID_NAMES | OUTCOME_NAMES
                      and c not in others]
        return [c for c in wanted if c in numeric and c != outcome]

    def outcome_note(self) -> tuple[str, str] | None:
        """``(kind, text)`` saying how the outcome of an uploaded file was chosen, or None."""
        if self.kind != "file" or self.layout == "airline":
            return None
        column, choice = self.default_outcome(), self.outcome_choice
        if column is None:
            return None
        if column != choice.column:  # the loader knew it from the question's text or its 0-10 scale
            key = "outcome_nps" if column in self.df.attrs.get("nps", ()) else "outcome_question"
            return "info", t(f"driver_explorer.{key}", column=str(column))
        key = f"driver_explorer.outcome_{choice.reason}"
        return ("warn" if choice.reason == "fallback" else "info"), t(key, column=str(column))

    def scale(self, drivers) -> tuple[float, float]:
        """The rating scale of the driver columns: from the file when it says (the widest of
        their scales), else the first of :data:`SCALES` that holds their answers."""
        scales = self.df.attrs.get("scales", {}) if self.kind == "file" else {}
        if drivers and all(d in scales for d in drivers):
            return (min(scales[d][0] for d in drivers), max(scales[d][1] for d in drivers))
        return _scale(self.df, drivers)


def _scale(df: pd.DataFrame, drivers) -> tuple[float, float]:
    """The rating scale of the driver columns: the first of :data:`SCALES` that holds them all."""
    values = df[list(drivers)].to_numpy(dtype=float)
    values = values[~pd.isna(values)]
    if not values.size:
        return (1, 5)
    low, high = float(values.min()), float(values.max())
    for a, b in SCALES:
        if a <= low and high <= b:
            return (a, b)
    low, high = math.floor(low), math.ceil(high)
    return (low, high if high > low else low + 1)


def order_groups(to_order: dict) -> list[tuple[list, list]]:
    """Columns whose labels need an order, grouped by their set of labels: ``[(columns,
    labels)]``, so that eight questions answered with 'Nooit' ... 'Altijd' are put in order
    once. A group's labels are those of its first column, first seen first, followed by any
    other column's spelling of a label it lacks."""
    groups: dict[frozenset, tuple[list, list]] = {}
    for column, labels in to_order.items():
        key = frozenset(normalize_label(label) for label in labels)
        if key not in groups:
            groups[key] = ([], list(labels))
        groups[key][0].append(column)
    return list(groups.values())


class OrderGroup:
    """One ordering control: the labels of some questions in a list, lowest first, each
    with a button to move it up and one to move it down, and a box to use these questions."""

    def __init__(self, columns: list, labels: list, *, use: bool = True):
        self.columns, self.order = list(columns), list(labels)
        self.title = W.HTML()
        self.use = W.Checkbox(value=use, indent=False, layout=fit())
        self.places, self.ups, self.downs = [], [], []
        lines = []
        for i in range(len(self.order)):
            place = W.HTML(layout=W.Layout(min_width="14em"))
            up = W.Button(icon="arrow-up", layout=W.Layout(width="2.8em", min_width="2.8em"))
            down = W.Button(icon="arrow-down", layout=W.Layout(width="2.8em", min_width="2.8em"))
            up.on_click(lambda _b, i=i: self.move(i, -1))
            down.on_click(lambda _b, i=i: self.move(i, 1))
            self.places.append(place)
            self.ups.append(up)
            self.downs.append(down)
            lines.append(row([up, down, place], gap="0.3em"))
        self.list = W.VBox(lines, layout=W.Layout(margin="0 0 0 1.5em"))
        self.box = W.VBox([self.title, self.use, self.list],
                          layout=W.Layout(border="1px solid #cfd8dc", padding="0.3em 0.6em", margin="0.3em 0"))
        self.draw()

    def move(self, i: int, step: int) -> None:
        j = i + step
        if 0 <= j < len(self.order):
            self.order[i], self.order[j] = self.order[j], self.order[i]
            self.draw()

    def draw(self) -> None:
        """Every text in the current language, for the current order."""
        names = join_words([quote(c, 50) for c in self.columns[:6]], get_language())
        if len(self.columns) > 6:
            names += " " + t("driver_explorer.order_more", count=len(self.columns) - 6)
        self.title.value = f"<b>{esc(t('driver_explorer.order_group', columns=names))}</b>"
        self.use.description = t("driver_explorer.order_use" + (".one" if len(self.columns) == 1 else ""))
        self.use.tooltip = t("driver_explorer.order_use_help")
        last = len(self.order) - 1
        for i, label in enumerate(self.order):
            end = (" " + t("driver_explorer.order_lowest") if i == 0 else
                   " " + t("driver_explorer.order_highest") if i == last else "")
            self.places[i].value = f"{i + 1}. {esc(label)}<i>{esc(end)}</i>"
            self.ups[i].disabled, self.downs[i].disabled = i == 0, i == last
            self.ups[i].tooltip = t("driver_explorer.order_up", label=quote(label, 60))
            self.downs[i].tooltip = t("driver_explorer.order_down", label=quote(label, 60))

    def orders(self) -> dict:
        return {column: list(self.order) for column in self.columns} if self.use.value else {}


class KeyDriverExplorer(Explorer):
    """Derived importance from a survey: driver chart and derived IPA, with choices.

    ``KeyDriverExplorer(session, survey=None)``: ``survey`` is a shipped case id (default:
    the workbook's case when it has a survey, else the first case that has one) or the
    path of a survey file (as an upload).
    """

    def __init__(self, session, survey=None):
        super().__init__(session)
        self._surveys: dict[str, Survey] = {}
        self._uploads = 0
        self.result: pd.DataFrame | None = None
        self.ipa: pd.DataFrame | None = None
        self.problem: JourneyError | None = None
        self._source_state: tuple | None = None  # ("file", survey) or ("error", exc): the line under the upload
        self._groups: list[OrderGroup] = []
        self._groups_of: str | None = None  # the survey key the ordering controls belong to
        self._order_state = None  # what "Use this order" did last: "done" or a JourneyError
        self._opening = False
        self._default_outcome = False  # the outcome shown is the default: say how it was chosen
        self.build()
        self._relabel_controls()
        self._open_initial(survey)

    def _build_controls(self) -> None:
        self.intro = W.HTML()
        self.choices_title = W.HTML()
        self.source = W.Dropdown(style=WIDE, layout=fit(min_width="26em"))
        self.upload = UploadButton(accept=",".join(SURVEY_FILES), multiple=False)
        self.sheet = W.Dropdown(style=WIDE, layout=fit(min_width="16em", display="none"))
        self.source_msg = FieldMessage(layout=W.Layout(max_width="100%"))
        self.columns_info = W.HTML(layout=W.Layout(max_width="100%"))
        self.order_title = W.HTML()
        self.order_list = W.VBox()
        self.apply_order = W.Button(icon="sort-amount-asc", layout=fit(), button_style="primary")
        self.order_problem = NoteMessage()  # why the controls are there (above them: "put ... in order below")
        self.order_msg = NoteMessage()  # what the button did
        self.order_box = W.VBox([self.order_title, self.order_problem, self.order_list,
                                 row([self.apply_order, self.order_msg], gap="0.8em")],
                                layout=W.Layout(display="none", max_width="60em"))
        self.outcome = W.Dropdown(style=WIDE, layout=fit(min_width="24em"))
        self.outcome_msg = NoteMessage()
        self.drivers = W.SelectMultiple(rows=10, style=WIDE, layout=fit(min_width="30em"))
        self.default_drivers = W.Button(icon="check-square-o", layout=fit())
        self.drivers_msg = NoteMessage()
        self.method = W.ToggleButtons(options=[(m, m) for m in METHODS], value="shapley", style=WIDE)
        self.drivers_title = W.HTML()
        self.drivers_out = W.Output(layout=W.Layout(min_height="16em"))
        self.drivers_text = W.HTML()
        self.ipa_title = W.HTML()
        self.crosshair = W.ToggleButtons(options=[(c, c) for c in DERIVED_CROSSHAIRS], value="mean", style=WIDE)
        self.ipa_msg = FieldMessage()
        self.ipa_out = W.Output(layout=W.Layout(min_height="16em"))
        self.ipa_text = W.HTML()

    def _layout(self) -> list:
        return [
            self.intro,
            self.choices_title,
            row([self.source, self.upload, self.sheet], gap="0.8em"),
            self.source_msg,
            self.columns_info,
            self.order_box,
            row([self.outcome, self.outcome_msg], gap="0.8em"),
            row([self.drivers, W.VBox([self.default_drivers, self.drivers_msg], layout=W.Layout(max_width="32em"))],
                gap="0.8em", align="flex-start"),
            self.method,
            self.drivers_title, self.drivers_out, self.drivers_text,
            self.ipa_title, row([self.crosshair, self.ipa_msg], gap="0.8em"),
            self.ipa_out, self.ipa_text,
            self.message,
        ]

    def _wire(self) -> None:
        for control, handler in ((self.source, self._on_source), (self.upload, self._on_upload),
                                 (self.sheet, self._on_sheet), (self.outcome, self._on_outcome),
                                 (self.drivers, self._on_drivers), (self.method, self._on_method),
                                 (self.crosshair, self._on_crosshair)):
            self.on_change(control, handler)
        self.default_drivers.on_click(lambda _b: self._select_default_drivers())
        self.apply_order.on_click(lambda _b: self.use_order())

    # ------------------------------------------------------------------ the survey
    @property
    def survey(self) -> Survey | None:
        return self._surveys.get(self.source.value)

    def _case_survey(self, name: str) -> Survey:
        key = f"case:{name}"
        if key not in self._surveys:
            case = _case(name, get_language())
            self._surveys[key] = Survey(key, f"{name} survey", "case", datasets.load_survey(case), case=name)
        return self._surveys[key]

    def _open_initial(self, survey) -> None:
        self._opening = True  # a refused ``survey=`` stays said while the default is shown
        try:
            self._open(survey)
        finally:
            self._opening = False

    def _open(self, survey) -> None:
        cases = survey_cases()
        own = self.session.workbook.case
        default = own if own in cases else (cases[0] if cases else None)
        chosen = None
        if isinstance(survey, str) and survey in cases:
            chosen = self.guard(self.source_msg, self._case_survey, survey)
        elif survey is not None:
            chosen = self._try_read(self._file_survey, survey)
        if chosen is None and default is not None:
            try:  # the default; a message about ``survey`` stays visible
                chosen = self._case_survey(default)
            except JourneyError as exc:
                self._say_error(exc)
        if chosen is not None:
            self._surveys[chosen.key] = chosen
        self._set_source_options(cases)
        if chosen is not None:
            self.select(chosen.key)
        else:
            self._show_problem(None)

    def _file_survey(self, path) -> Survey:
        """A survey file on disk (given as ``survey=``): read like an upload."""
        if isinstance(path, str) and not path.lower().endswith(SURVEY_FILES):
            raise CaseError("error.case_unknown", name=path[:60], choices=", ".join(survey_cases()) or "-")
        path = Path(os.fspath(path))
        raw = read_bytes(path, limit=datasets.SURVEY_BYTES)
        return self._read(path.name, raw)

    def _set_source_options(self, cases: list[str] | None = None) -> None:
        cases = survey_cases() if cases is None else cases
        options = []
        for name in cases:
            key = f"case:{name}"
            options.append((t("driver_explorer.case_survey", title=_case(name, get_language()).title), key))
        for key, s in self._surveys.items():
            if s.kind != "case":
                options.append((s.title(), key))
        with self.quietly():
            set_options(self.source, options)

    def select(self, key: str) -> None:
        """Show the survey with option value ``key`` ("case:<id>" or "upload:<n>")."""
        if self.source.value == key:
            self._show_survey()
        else:
            self.source.value = key  # -> _on_source

    def _on_source(self, change) -> None:
        if change["new"] is None:
            return
        key = change["new"]
        if key.startswith("case:") and key not in self._surveys:
            if self.guard(self.source_msg, self._case_survey, key[5:]) is None:
                self._show_problem(None)
                return
        survey = self.survey
        if survey is not None and survey.kind == "file":
            self._source_state = ("file", survey)
        elif self._source_state and (self._source_state[0] == "file" or not self._opening):
            self._source_state = None  # a case's survey needs no line about a file, nor an old refusal
        self._show_source_state()
        self._show_survey()

    def _show_survey(self) -> None:
        self._show_file_parts()
        self._load_columns()
        self._analyse()

    def _load_columns(self) -> None:
        """Outcome and driver choices for the current survey, set to its defaults."""
        survey = self.survey
        if survey is None:
            return
        with self.quietly():
            outcome = survey.default_outcome()
            self.outcome.options = [(self._column_label(c, survey), c) for c in survey.choosable()]
            self.outcome.value = outcome
            self._set_driver_options(survey, outcome)
            self.drivers.value = tuple(survey.default_drivers(outcome))
        self._default_outcome = True
        self.outcome_msg.clear()
        self.drivers_msg.clear()

    def _set_driver_options(self, survey: Survey, outcome) -> None:
        labels = survey.labels()
        options = [(labels.get(c, str(c)), c) for c in survey.choosable() if c != outcome]
        set_options(self.drivers, options)
        self.drivers.rows = max(4, min(12, len(options)))

    @staticmethod
    def _column_label(column, survey: Survey) -> str:
        labels = survey.labels()
        key = f"driver_explorer.col.{column}"
        if column in labels:
            return f"{labels[column]} ({column})"
        if survey.kind != "file" or survey.layout == "airline":
            if has(key):
                return f"{t(key)} ({column})"
        return str(column)

    # ------------------------------------------------------------------ uploads
    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name, content = str(item.get("name") or "upload.csv"), bytes(item["content"])
        try:
            survey = self._try_read(self._read, name, content)
        finally:
            with self.quietly():
                self.upload.value = ()  # the file is not kept in the widget state
        if survey is None:
            return  # refused: the message says why; the survey shown stays as it was
        self._add_upload(survey)

    def _try_read(self, action, *args) -> Survey | None:
        """``action(*args)``, a new :class:`Survey`; a refusal is shown under the upload."""
        try:
            return action(*args)
        except JourneyError as exc:
            self._say_error(exc)
            return None

    def _read(self, name: str, content: bytes, *, sheet=None, orders=None, replace: Survey | None = None) -> Survey:
        """Read a survey file; raises JourneyError when it is refused (too large, unreadable,
        fewer than two rating questions that no order could make up for)."""
        limit = datasets.SURVEY_BYTES
        if len(content) > limit:
            raise LimitError("error.file_too_large", file=name, size=f"{len(content) / 2**20:.1f}",
                             limit=f"{limit / 2**20:.0f}")
        df = datasets.load_survey_file(content, name=name, sheet=sheet, orders=orders or None)
        if replace is not None:
            key, to_order = replace.key, (replace.to_order if replace.sheet == df.attrs.get("sheet") else {})
        else:
            self._uploads += 1
            key, to_order = f"upload:{self._uploads}", {}
        to_order = to_order or dict(df.attrs.get("unordered", {}))
        again = len(df.attrs.get("sheets") or ()) > 1 or bool(to_order)  # may be read again: keep the bytes
        survey = Survey(key, name, "file", df, raw=content if again else None, sheet=df.attrs.get("sheet"),
                        orders=dict(orders or {}), to_order=to_order)
        if not survey.needs_order and len(survey.choosable()) < 2:
            raise JourneyError("driver_explorer.too_few_numeric", file=name, count=len(survey.choosable()))
        return survey

    def _add_upload(self, survey: Survey) -> None:
        self._surveys[survey.key] = survey
        self._source_state = ("file", survey)
        self._set_source_options()
        self._show_source_state()
        if self.source.value == survey.key:
            self._show_survey()
        else:
            self.select(survey.key)

    def _replace(self, survey: Survey, **read) -> bool:
        """Read the file of ``survey`` again (another sheet, orders) in its place."""
        new = self._read(survey.name, survey.raw, replace=survey, **read)
        self._surveys[survey.key] = new
        self._source_state = ("file", new)
        self._show_source_state()
        self._show_survey()
        return True

    def _on_sheet(self, change) -> None:
        survey = self.survey
        if survey is None or survey.kind != "file" or change["new"] is None or change["new"] == survey.sheet:
            return
        try:
            self._replace(survey, sheet=change["new"])
        except JourneyError as exc:
            self._say_error(exc)
            with self.quietly():
                self.sheet.value = survey.sheet  # the sheet shown stays the one read

    def use_order(self) -> None:
        """Read the file again with the labels in the order the learner gave (the questions
        whose box is ticked): those questions take part as numbers 1..k."""
        survey = self.survey
        if survey is None or survey.kind != "file" or not self._groups:
            return
        orders = {}
        for group in self._groups:
            orders.update(group.orders())
        try:
            self._replace(survey, sheet=survey.sheet, orders=orders)
        except JourneyError as exc:
            self._order_state = exc
        else:
            self._order_state = "done"
        self._show_order_state()

    def _show_order_state(self) -> None:
        """What "Use this order" did (an error or how many questions now take part), or nothing."""
        state = self._order_state
        if state is None:
            self.order_msg.clear()
        elif isinstance(state, JourneyError):
            self.order_msg.error(state)
        else:
            self.order_msg.info(self._order_done(self.survey))

    @staticmethod
    def _order_done(survey: Survey) -> str:
        used = sum(1 for c in survey.orders if c in survey.df.columns)
        if not used:
            return t("driver_explorer.order_none")
        return t("driver_explorer.order_done.one") if used == 1 else t("driver_explorer.order_done", count=used)

    # ------------------------------------------------------------------ what a file held
    def _say_error(self, exc: JourneyError) -> None:
        self._source_state = ("error", exc)
        self._show_source_state()

    def _show_source_state(self) -> None:
        state = self._source_state
        if state is None:
            self.source_msg.clear()
        elif state[0] == "error":
            self.source_msg.error(state[1])
        else:
            survey = state[1]
            self.source_msg.ok(t("driver_explorer.file_read", file=survey.name,
                                 summary=datasets.describe_survey_file(survey.df)))

    def _show_file_parts(self) -> None:
        """The sheet chooser, the list of questions and left-out columns, and the ordering
        controls: shown for a file that needs them, hidden otherwise."""
        survey = self.survey
        is_file = survey is not None and survey.kind == "file"
        sheets = list(survey.df.attrs.get("sheets") or []) if is_file else []
        with self.quietly():
            if len(sheets) > 1:
                self.sheet.options = [(str(s), s) for s in sheets]
                self.sheet.value = survey.sheet if survey.sheet in sheets else sheets[0]
            self.sheet.layout.display = "" if len(sheets) > 1 else "none"
        self.columns_info.value = self._columns_html(survey) if is_file else ""
        self._show_order(survey if is_file and survey.to_order else None)

    def _columns_html(self, survey: Survey) -> str:
        """A folded list: each question's short label and its full text, and the columns left out
        and why (headers only: never a value of the file)."""
        questions = survey.questions()
        parts = []
        if questions:
            rows = "".join(f"<tr><th scope='row' style='text-align:left;padding-right:1em;vertical-align:top'>"
                           f"{esc(short)}</th><td style='text-align:left'>{esc(text)}</td></tr>"
                           for short, text in questions.items())
            parts.append(f"<table style='border-collapse:collapse;margin:0.2em 0'><caption style='text-align:left'>"
                         f"{esc(t('driver_explorer.questions_caption'))}</caption>{rows}</table>")
        dropped = survey.df.attrs.get("dropped", {})
        if dropped:
            names = [t("driver_explorer.dropped_item", column=quote(str(col), 50),
                       reason=t(f"driver_explorer.reason.{reason}" if reason in _REASONS else
                                "driver_explorer.reason.metadata"))
                     for col, reason in list(dropped.items())[:MAX_NAMED_DROPPED]]
            more = (" " + t("driver_explorer.order_more", count=len(dropped) - MAX_NAMED_DROPPED)
                    if len(dropped) > MAX_NAMED_DROPPED else "")
            parts.append(f"<p style='margin:0.2em 0'>{esc(t('driver_explorer.dropped_list', columns='; '.join(names)))}"
                         f"{esc(more)}</p>")
        if not parts:
            return ""
        summary = t("driver_explorer.columns_summary")
        return (f"<details style='margin:0.2em 0 0.4em 0;max-width:60em'><summary style='cursor:pointer'>"
                f"{esc(summary)}</summary>{''.join(parts)}</details>")

    def _show_order(self, survey: Survey | None) -> None:
        """The ordering controls of ``survey`` (None: hide them)."""
        if survey is None:
            self.order_box.layout.display = "none"
            return
        if self._groups_of != f"{survey.key}:{survey.sheet}":
            for group in self._groups:
                group.box.close()
                for widget in (group.title, group.use, group.list, *group.places, *group.ups, *group.downs):
                    widget.close()
            self._groups = [OrderGroup(columns, labels, use=True) for columns, labels in order_groups(survey.to_order)]
            self._groups_of = f"{survey.key}:{survey.sheet}"
            self.order_list.children = [g.box for g in self._groups]
            self._order_state = None
            self.order_msg.clear()
        self.order_box.layout.display = ""
        problem = datasets.survey_file_problem(survey.df) if survey.needs_order else None
        if problem:
            self.order_problem.warn(problem)
        else:
            self.order_problem.clear()

    # ------------------------------------------------------------------ choices
    def _on_outcome(self, change) -> None:
        if change["new"] is None:
            return
        survey = self.survey
        self._default_outcome = False  # the learner chose: no note about the default any more
        with self.quietly():
            self._set_driver_options(survey, change["new"])
        self._analyse()

    def _on_drivers(self, _change) -> None:
        self._analyse()

    def _select_default_drivers(self) -> None:
        survey = self.survey
        if survey is not None:
            self.drivers.value = tuple(survey.default_drivers(self.outcome.value))

    def _on_method(self, _change) -> None:
        self._analyse()

    def _on_crosshair(self, _change) -> None:
        if self.result is not None:
            self._draw_ipa()

    # ------------------------------------------------------------------ analysis
    def _chosen_drivers(self) -> list:
        chosen = set(self.drivers.value)
        return [value for _label, value in self.drivers.options if value in chosen]

    def _analyse(self) -> None:
        survey = self.survey
        for msg in (self.outcome_msg, self.drivers_msg, self.ipa_msg, self.message):
            msg.clear()
        if survey is None:
            self._show_problem(None)
            return
        if survey.needs_order:
            self._show_problem(None, waiting=True)
            return
        drivers = self._chosen_drivers()
        try:
            result = key_drivers(survey.df, self.outcome.value, drivers, method=self.method.value)
        except JourneyError as exc:
            self._show_problem(exc)
            return
        self.result, self.problem = result, None
        self._show_notes()
        self._draw_drivers()
        self._draw_ipa()

    def _show_notes(self) -> None:
        """How the outcome was chosen (next to it), and drivers that seem to be the outcome."""
        survey = self.survey
        note = survey.outcome_note() if self._default_outcome and survey is not None else None
        if note is not None:
            kind, text = note
            (self.outcome_msg.warn if kind == "warn" else self.outcome_msg.info)(text)
        near = (self.result.attrs.get("near_outcome") or []) if self.result is not None else []
        if near:
            labels = self._labels()
            driver, r = near[0]
            more = " " + t("driver_explorer.near_more", count=len(near) - 1) if len(near) > 1 else ""
            self.drivers_msg.warn(t("driver_explorer.near_outcome", driver=labels.get(driver, str(driver)),
                                    outcome=labels.get(self.outcome.value, str(self.outcome.value)),
                                    r=format_number(r, digits=2)) + more)

    def _show_problem(self, exc: JourneyError | None, *, waiting: bool = False) -> None:
        """No result: say why next to the control that can fix it, and empty the charts.
        ``waiting``: the file's labels need an order first (said by the ordering controls)."""
        self.result, self.ipa, self.problem = None, None, exc
        for out in (self.drivers_out, self.ipa_out):
            out.outputs = ()
        self.drivers_text.value = self.ipa_text.value = ""
        if exc is None:
            key = "driver_explorer.needs_order" if waiting else "driver_explorer.no_survey"
            self.drivers_text.value = f"<p>{esc(t(key))}</p>"
            return
        key, params = exc.key, exc.params
        if key == "keydrivers.too_many_drivers":
            self.drivers_msg.error(t("driver_explorer.too_many", count=params["count"], limit=params["limit"],
                                     method=t("driver_explorer.method.relative_weights")))
        elif key == "keydrivers.too_few_rows":
            self.drivers_msg.error(t("driver_explorer.too_few_rows", **params))
        elif key == "keydrivers.no_drivers":
            self.drivers_msg.error(t("driver_explorer.no_drivers"))
        elif key in ("keydrivers.constant_outcome",) or params.get("column") == self.outcome.value:
            self.outcome_msg.error(exc)
        elif key.startswith("keydrivers."):
            self.drivers_msg.error(exc)
        else:
            self.message.error(exc)

    def _labels(self) -> dict:
        survey = self.survey
        return survey.labels() if survey is not None else {}

    def _key(self) -> tuple:
        survey = self.survey
        version = (id(survey.df),) if survey is not None and survey.kind == "file" else ()
        return (self.source.value, *version, self.outcome.value, tuple(self._chosen_drivers()), self.method.value)

    def _draw_drivers(self) -> None:
        labels = self._labels()
        result = self.result
        text = describe_key_drivers(result, labels=labels)
        self.figures.show(self.drivers_out, ("drivers", *self._key()),
                          lambda: plot_key_drivers(result, labels=labels).figure, text,
                          whole=False)  # its layout keeps every text inside (tests/test_widget_base.py)
        self.drivers_text.value = f"<p>{esc(text)}</p>"

    def _derived(self) -> pd.DataFrame:
        survey, drivers = self.survey, self._chosen_drivers()
        table = derived_ipa(self.result, survey.df[drivers], crosshair=self.crosshair.value,
                            scale=survey.scale(drivers))
        labels = self._labels()
        table["label"] = [labels.get(d, str(d)) for d in table["label"]]
        return table

    def _draw_ipa(self) -> None:
        table = self.guard(self.ipa_msg, self._derived)
        self.ipa = table
        if table is None:
            self.ipa_out.outputs = ()
            self.ipa_text.value = ""
            return
        text = describe_ipa(table)
        self.figures.show(self.ipa_out, ("ipa", self.crosshair.value, *self._key()),
                          lambda: plot_ipa(table).figure, text, whole=False)
        self.ipa_text.value = f"<p>{esc(text)}</p>"

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        survey = self.survey
        if survey is None:
            return "<KeyDriverExplorer: no survey>"
        head = f"<KeyDriverExplorer: {survey.name}, {len(survey.df)} rows, {len(self._chosen_drivers())} drivers"
        if self.result is None:
            return head + ", no result>"
        return head + f", R² {self.result.attrs['r2']:.2f}>"

    def describe(self) -> str:
        if self.result is None:
            survey = self.survey
            if self.problem is not None:
                reason = self.problem.message()
            elif survey is not None and survey.needs_order:
                reason = datasets.survey_file_problem(survey.df) or t("driver_explorer.needs_order")
            else:
                reason = t("driver_explorer.no_survey")
            return t("driver_explorer.no_result", reason=reason)
        parts = [describe_key_drivers(self.result, labels=self._labels())]
        if self.ipa is not None:
            parts.append(describe_ipa(self.ipa))
        return " ".join(parts)

    def relabel(self) -> None:
        self._relabel_controls()
        survey = self.survey
        self._set_source_options(survey_cases())
        self._show_source_state()
        for group in self._groups:
            group.draw()
        if survey is not None:
            self.columns_info.value = self._columns_html(survey) if survey.kind == "file" else ""
            if survey.kind == "file" and survey.to_order:
                if survey.needs_order:
                    self.order_problem.warn(datasets.survey_file_problem(survey.df))
                self._show_order_state()
            with self.quietly():
                set_options(self.outcome, [(self._column_label(c, survey), c) for c in survey.choosable()])
                self._set_driver_options(survey, self.outcome.value)
            self._analyse()

    def _relabel_controls(self) -> None:
        self.intro.value = f"<p style='font-size:1.1em'>{esc(t('driver_explorer.intro'))}</p>"
        self.choices_title.value = self._heading("driver_explorer.choices_title", "driver_explorer.choices_intro")
        self.drivers_title.value = self._heading("driver_explorer.chart_title", "driver_explorer.chart_intro")
        self.ipa_title.value = self._heading("driver_explorer.ipa_title", "driver_explorer.ipa_intro")
        self.order_title.value = self._heading("driver_explorer.order_title", "driver_explorer.order_intro")
        for widget, name in ((self.source, "source"), (self.upload, "upload"), (self.sheet, "sheet"),
                             (self.outcome, "outcome"), (self.drivers, "drivers"),
                             (self.default_drivers, "default_drivers"), (self.method, "method"),
                             (self.crosshair, "crosshair"), (self.apply_order, "apply_order")):
            widget.description = t(f"driver_explorer.{name}")
            widget.tooltip = t(f"driver_explorer.{name}_help")
        with self.quietly():
            for widget, prefix, values in ((self.method, "method", METHODS),
                                           (self.crosshair, "crosshair", DERIVED_CROSSHAIRS)):
                set_options(widget, [(t(f"driver_explorer.{prefix}.{v}"), v) for v in values])
                widget.tooltips = [t(f"driver_explorer.{prefix}.{v}_help", limit=MAX_EXACT_DRIVERS) for v in values]

    def refresh(self) -> None:
        """A new workbook was uploaded: show its case's survey when the shown one was a case."""
        survey, case = self.survey, self.session.workbook.case
        if survey is not None and survey.kind == "case" and case != survey.case and case in survey_cases():
            if self.guard(self.source_msg, self._case_survey, case) is not None:
                self.select(f"case:{case}")
