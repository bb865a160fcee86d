"""Key drivers of a survey: which touchpoints move the overall judgement most.

:class:`KeyDriverExplorer` works on a survey, never on the workbook: the shipped survey of
a case (:func:`journeylib.datasets.load_survey`) or a CSV file the learner uploads (a plain
survey, :func:`~journeylib.datasets.load_survey_csv`, or the layout of the public airline
survey, :func:`~journeylib.datasets.load_airline_survey`; recognised by its columns or
chosen by hand). The learner picks the outcome, the drivers and the method; the widget
shows the driver chart (:func:`~journeylib.charts.drivers.plot_key_drivers`) and the
derived importance-performance grid (:func:`~journeylib.analysis.ipa.derived_ipa`).
Nothing of the survey is stored in the workbook: the analysis is recomputed.

Problems appear next to the control that can fix them: too many drivers for the exact
method and constant or duplicate drivers next to the drivers, a constant outcome next to
the outcome, an unreadable or too large file next to the upload.
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
from ..text import format_number
from ..textfile import read_bytes
from .base import OK_STYLE, WIDE, Explorer, FieldMessage, esc, fit, row, set_options
from .upload import UploadButton

__all__ = ["KeyDriverExplorer"]

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
_CASES: dict = {}
WARN_STYLE = "color:#8A4B00;font-weight:600"


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
    """One survey the widget can analyse: its rows and how to read its columns."""

    key: str  # option value: "case:<id>" or "upload:<n>"
    name: str  # for the repr: "hospital survey" or the file name
    kind: str  # "case", "plain" or "airline"
    df: pd.DataFrame
    case: str = ""
    skipped: list = field(default_factory=list)  # text columns (not analysable)

    def labels(self) -> dict[str, str]:
        """Readable names of the driver columns in the current language."""
        if self.kind == "case":
            return datasets.survey_columns(_case(self.case, get_language()))
        if self.kind == "airline":
            return datasets.airline_labels()
        return {}

    def title(self) -> str:
        if self.kind == "case":
            return t("driver_explorer.case_survey", title=_case(self.case, get_language()).title)
        return t("driver_explorer.upload_survey", file=self.name)

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
        return self.outcome_choice.column

    def default_drivers(self, outcome) -> list[str]:
        numeric = self.numeric()
        if self.kind == "case":
            wanted = list(self.labels())
        elif self.kind == "airline":
            wanted = list(datasets.AIRLINE_SERVICE_COLUMNS)
        else:
            others = set(self.outcome_choice.others) | {self.outcome_choice.column}
            wanted = [c for c in numeric if str(c).strip().casefold() not in ID_NAMES | OUTCOME_NAMES
                      and c not in others]
        return [c for c in wanted if c in numeric and c != outcome]

    def outcome_note(self) -> tuple[str, str] | None:
        """``(kind, text)`` saying how the outcome of an uploaded file was chosen, or None."""
        if self.kind != "plain":
            return None
        choice = self.outcome_choice
        if choice.column is None:
            return None
        key = f"driver_explorer.outcome_{choice.reason}"
        return ("warn" if choice.reason == "fallback" else "info"), t(key, column=str(choice.column))


def _is_airline(raw: bytes) -> bool:
    """Does the header line have every column of the public airline survey?"""
    header = raw[:8192].split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    return all(column in header for column in (*datasets.AIRLINE_SERVICE_COLUMNS, "satisfaction"))


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


class KeyDriverExplorer(Explorer):
    """Derived importance from a survey: driver chart and derived IPA, with choices.

    ``KeyDriverExplorer(session, survey=None)``: ``survey`` is a shipped case id (default:
    the workbook's case when it has a survey, else the first case that has one) or the
    path of a survey CSV file.
    """

    def __init__(self, session, survey=None):
        super().__init__(session)
        self._surveys: dict[str, Survey] = {}
        self._uploads = 0
        self._upload_raw: tuple[str, bytes] | None = None  # the last upload, to read again in another layout
        self.result: pd.DataFrame | None = None
        self.ipa: pd.DataFrame | None = None
        self.problem: JourneyError | None = None
        self._default_outcome = False  # the outcome shown is the default: say how it was chosen
        self.build()
        self._relabel_controls()
        self._open_initial(survey)

    def _build_controls(self) -> None:
        self.intro = W.HTML()
        self.choices_title = W.HTML()
        self.source = W.Dropdown(style=WIDE, layout=fit(min_width="26em"))
        self.upload = UploadButton(accept=".csv,.txt,text/csv", multiple=False)
        self.csv_layout = W.ToggleButtons(options=[("auto", "auto"), ("plain", "plain"), ("airline", "airline")],
                                          value="auto", style=WIDE)
        self.source_msg = FieldMessage()
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
            row([self.source, self.upload, self.csv_layout], gap="0.8em"),
            self.source_msg,
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
                                 (self.csv_layout, self._on_csv_layout), (self.outcome, self._on_outcome),
                                 (self.drivers, self._on_drivers), (self.method, self._on_method),
                                 (self.crosshair, self._on_crosshair)):
            self.on_change(control, handler)
        self.default_drivers.on_click(lambda _b: self._select_default_drivers())

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
        cases = survey_cases()
        own = self.session.workbook.case
        default = own if own in cases else (cases[0] if cases else None)
        chosen = None
        if isinstance(survey, str) and survey in cases:
            chosen = self.guard(self.source_msg, self._case_survey, survey)
        elif survey is not None:
            chosen = self.guard(self.source_msg, self._file_survey, survey)
        if chosen is None and default is not None:
            try:  # the default; a message about ``survey`` stays visible
                chosen = self._case_survey(default)
            except JourneyError as exc:
                self.source_msg.error(exc)
        if chosen is not None:
            self._surveys[chosen.key] = chosen
        self._set_source_options(cases)
        if chosen is not None:
            self.select(chosen.key)
        else:
            self._show_problem(None)

    def _file_survey(self, path) -> Survey:
        """A survey CSV on disk (given as ``survey=``): read like an upload."""
        if isinstance(path, str) and not path.lower().endswith((".csv", ".txt")):
            raise CaseError("error.case_unknown", name=path[:60], choices=", ".join(survey_cases()) or "-")
        path = Path(os.fspath(path))
        raw = read_bytes(path, limit=datasets.SURVEY_BYTES)
        return self._parse(path.name, raw)

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
            self._load_columns()
            self._analyse()
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
            survey = self.guard(self.source_msg, self._parse, name, content)
        finally:
            with self.quietly():
                self.upload.value = ()
        if survey is None:
            return  # refused: the message says why; the survey shown stays as it was
        self._upload_raw = (name, content)
        self._add_upload(survey)

    def _add_upload(self, survey: Survey, replace: str | None = None) -> None:
        if replace is not None:
            self._surveys.pop(replace, None)
        self._surveys[survey.key] = survey
        self._set_source_options()
        self.source_msg.ok(self._loaded_text(survey))
        self.select(survey.key)

    def _loaded_text(self, survey: Survey) -> str:
        layout = t(f"driver_explorer.layout.{survey.kind}")
        text = t("driver_explorer.loaded", file=survey.name, rows=len(survey.df),
                 columns=len(survey.numeric()), layout=layout)
        if survey.skipped:
            text += " " + t("driver_explorer.skipped", columns=", ".join(map(str, survey.skipped[:8]))
                            + (", ..." if len(survey.skipped) > 8 else ""))
        return text

    def _parse(self, name: str, content: bytes) -> Survey:
        """Read an uploaded CSV in the chosen layout; raises JourneyError when it is unusable."""
        limit = datasets.SURVEY_BYTES
        if len(content) > limit:
            raise LimitError("error.file_too_large", file=name, size=f"{len(content) / 2**20:.1f}",
                             limit=f"{limit / 2**20:.0f}")
        layout = self.csv_layout.value
        airline = layout == "airline" or (layout == "auto" and _is_airline(content))
        if airline:
            df = datasets.load_airline_survey(content, name=name)
        else:
            df = datasets.load_survey_csv(content, name=name)
        self._uploads += 1
        survey = Survey(f"upload:{self._uploads}", name, "airline" if airline else "plain", df)
        numeric = survey.numeric()
        if len(survey.choosable()) < 2:
            raise JourneyError("driver_explorer.too_few_numeric", file=name, count=len(survey.choosable()))
        survey.skipped = [c for c in df.columns if c not in numeric and not (airline and c == "satisfaction")]
        return survey

    def _on_csv_layout(self, _change) -> None:
        survey = self.survey
        if survey is None or survey.kind == "case" or self._upload_raw is None:
            return
        name, content = self._upload_raw
        if name != survey.name:
            return
        new = self.guard(self.source_msg, self._parse, name, content)
        if new is not None:
            self._add_upload(new, replace=survey.key)

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

    def _show_problem(self, exc: JourneyError | None) -> None:
        """No result: say why next to the control that can fix it, and empty the charts."""
        self.result, self.ipa, self.problem = None, None, exc
        for out in (self.drivers_out, self.ipa_out):
            out.outputs = ()
        self.drivers_text.value = self.ipa_text.value = ""
        if exc is None:
            self.drivers_text.value = f"<p>{esc(t('driver_explorer.no_survey'))}</p>"
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
        return (self.source.value, self.outcome.value, tuple(self._chosen_drivers()), self.method.value)

    def _draw_drivers(self) -> None:
        labels = self._labels()
        result = self.result
        text = describe_key_drivers(result, labels=labels)
        self.figures.show(self.drivers_out, ("drivers", *self._key()),
                          lambda: plot_key_drivers(result, labels=labels).figure, text)
        self.drivers_text.value = f"<p>{esc(text)}</p>"

    def _derived(self) -> pd.DataFrame:
        survey, drivers = self.survey, self._chosen_drivers()
        table = derived_ipa(self.result, survey.df[drivers], crosshair=self.crosshair.value,
                            scale=_scale(survey.df, drivers))
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
                          lambda: plot_ipa(table).figure, text)
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
            reason = self.problem.message() if self.problem is not None else t("driver_explorer.no_survey")
            return t("driver_explorer.no_result", reason=reason)
        parts = [describe_key_drivers(self.result, labels=self._labels())]
        if self.ipa is not None:
            parts.append(describe_ipa(self.ipa))
        return " ".join(parts)

    def relabel(self) -> None:
        self._relabel_controls()
        survey = self.survey
        self._set_source_options(survey_cases())
        if survey is not None:
            with self.quietly():
                set_options(self.outcome, [(self._column_label(c, survey), c) for c in survey.choosable()])
                self._set_driver_options(survey, self.outcome.value)
            self._analyse()

    def _relabel_controls(self) -> None:
        self.intro.value = f"<p style='font-size:1.1em'>{esc(t('driver_explorer.intro'))}</p>"
        self.choices_title.value = self._heading("driver_explorer.choices_title", "driver_explorer.choices_intro")
        self.drivers_title.value = self._heading("driver_explorer.chart_title", "driver_explorer.chart_intro")
        self.ipa_title.value = self._heading("driver_explorer.ipa_title", "driver_explorer.ipa_intro")
        for widget, name in ((self.source, "source"), (self.upload, "upload"), (self.csv_layout, "layout"),
                             (self.outcome, "outcome"), (self.drivers, "drivers"),
                             (self.default_drivers, "default_drivers"), (self.method, "method"),
                             (self.crosshair, "crosshair")):
            widget.description = t(f"driver_explorer.{name}")
            widget.tooltip = t(f"driver_explorer.{name}_help")
        with self.quietly():
            for widget, prefix, values in ((self.csv_layout, "layout", ("auto", "plain", "airline")),
                                           (self.method, "method", METHODS),
                                           (self.crosshair, "crosshair", DERIVED_CROSSHAIRS)):
                set_options(widget, [(t(f"driver_explorer.{prefix}.{v}"), v) for v in values])
                widget.tooltips = [t(f"driver_explorer.{prefix}.{v}_help", limit=MAX_EXACT_DRIVERS) for v in values]

    def refresh(self) -> None:
        """A new workbook was uploaded: show its case's survey when the shown one was a case."""
        survey, case = self.survey, self.session.workbook.case
        if survey is not None and survey.kind == "case" and case != survey.case and case in survey_cases():
            if self.guard(self.source_msg, self._case_survey, case) is not None:
                self.select(f"case:{case}")

