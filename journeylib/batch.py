"""Run one notebook many times with papermill: once per workbook, or once per combination
of parameter values, in parallel processes (one kernel per run), with a progress bar.

    journeylib batch NOTEBOOK --workbooks DIR|ZIP -o OUTDIR [--jobs N] [-p NAME VALUE]...
    journeylib batch NOTEBOOK --param NAME=V1,V2 [--param ...] -o OUTDIR [--html]

Safety rules (learner input never becomes code):

* Learner text reaches a notebook only as a parameter *value*, and only the path of the
  workbook is passed (``workbook``), never its content. Papermill writes parameters as
  Python literals; values here are always plain ``str``, ``int``, ``float`` or ``bool``
  (checked), and parameter *names* must be Python identifiers (a name is written into the
  code as it is, so ``-p "x=1;import os" 1`` is refused).
* Output names come from the learner's name through :func:`slugify` (lower-case ASCII
  letters, digits and ``-``), are made unique, and the resolved output path must lie
  directly inside the output folder; nothing is ever written elsewhere (a file or link in
  the way that resolves outside is refused, not followed).
* Invalid workbooks are validated before anything runs and reported as ``invalid`` with the
  reason; they are not run. One failing run does not stop the others; :func:`run_batch`
  returns every result, and the CLI exits non-zero when any failed.
* Every run gets an empty ``JOURNEYLIB_WORK`` folder of its own (parallel runs never share
  a default workbook file) and the inline matplotlib backend.

Runs happen in a ``spawn`` process pool (no fork of a process that has threads). As with any
``spawn`` pool, a *script* that calls :func:`run_batch` needs the usual
``if __name__ == "__main__":`` guard; the CLI and notebooks need nothing.

``--report html|pdf|docx`` also writes each workbook's advice report (:mod:`journeylib.reports`) as
``<name>.html``, ``.pdf`` or ``.docx`` beside its notebook, under the same output-name rules.

``--html`` converts each executed notebook with nbconvert (lab template, code hidden; no
network: the URLs of scripts are emptied and a Content-Security-Policy forbids loading
anything but inline styles and ``data:`` images).
"""
from __future__ import annotations

import itertools
import keyword
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import JourneyError
from .i18n import check_language, t
from .names import slugify

__all__ = ["Job", "Result", "BatchError", "slugify", "unique_names", "parse_value", "parse_params",
           "parse_grid", "plan", "run_jobs", "run_batch", "format_table", "default_jobs"]

#: The only types a parameter value may have (papermill writes them as Python literals).
PLAIN = (str, bool, int, float)
_INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"
#: The formats ``--report`` writes a learner's advice report in.
REPORT_FORMATS = ("html", "pdf", "docx")


class BatchError(JourneyError):
    """A batch that cannot start: a bad parameter, notebook or folder."""


@dataclass
class Job:
    name: str  # safe output stem, unique within the batch
    label: str  # what the result table shows (the learner's name or the combination)
    parameters: dict[str, Any]
    source: str = ""  # the workbook file name, if any
    error: str | None = None  # set: not run (invalid workbook, unsafe output)


@dataclass
class Result:
    name: str
    label: str
    status: str  # "ok", "failed" or "invalid"
    detail: str  # output file(s) when ok, the reason otherwise
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# --------------------------------------------------------------------------- names and values

def unique_names(names: Iterable[str]) -> list[str]:
    """``names`` with ``-2``, ``-3``, ... added where a name is used before."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 2
        while candidate in seen:
            candidate, n = f"{name}-{n}", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out


def printable(text: str, limit: int = 48) -> str:
    """Learner text safe for a terminal: control characters (newlines, escape codes) replaced."""
    clean = "".join(" " if c in "\t\n\r\v\f" else "?" if unicodedata.category(c)[0] == "C" else c
                    for c in str(text))
    clean = " ".join(clean.split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "\u2026"


def check_name(name: str) -> str:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise BatchError("batch.error.param_name", name=printable(str(name), 40))
    return name


def parse_value(text: str) -> str | int | float | bool:
    """A command-line value as papermill's ``-p`` reads it: True/False, an int, a float, else text."""
    if text in ("True", "False"):
        return text == "True"
    if re.fullmatch(r"[+-]?\d{1,18}", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", text):
        value = float(text)
        if value == value and value not in (float("inf"), float("-inf")):
            return value
    return text


def check_value(name: str, value: Any) -> Any:
    """Only plain ``str``/``int``/``float``/``bool`` values (exact types, no subclasses) pass."""
    if type(value) not in PLAIN:
        raise BatchError("batch.error.param_type", name=printable(str(name), 40), kind=type(value).__name__)
    return value


def parse_params(pairs: Iterable[tuple[str, str]] | None) -> dict[str, Any]:
    """``-p NAME VALUE`` pairs as a dict (names checked, values typed)."""
    out: dict[str, Any] = {}
    for name, value in pairs or ():
        check_name(name)
        if name in out:
            raise BatchError("batch.error.param_twice", name=name)
        out[name] = parse_value(value)
    return out


def parse_grid(specs: Iterable[str] | None) -> dict[str, list[Any]]:
    """``--param NAME=V1,V2`` specs as ``{name: [values]}`` (in the order given)."""
    grid: dict[str, list[Any]] = {}
    for spec in specs or ():
        name, sep, values = spec.partition("=")
        if not sep or not values:
            raise BatchError("batch.error.param_format", value=printable(spec, 60))
        check_name(name.strip())
        if name.strip() in grid:
            raise BatchError("batch.error.param_twice", name=name.strip())
        grid[name.strip()] = [parse_value(v) for v in values.split(",")]
    return grid


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- planning

def _workbook_entries(source: Path, outdir: Path, lang: str, on_skip) -> list[tuple[str, str, dict, str, str | None]]:
    """The runs' workbooks from a folder, or from a learning platform's submissions zip (or its
    unpacked folder), through :func:`journeylib.lms.collect_submissions`: the latest workbook of
    each learner. A zip's workbooks are written to ``outdir/workbooks/`` under safe names (the
    notebook gets a path). Damaged or too large workbooks become runs with an error; other
    files and older submissions go to ``on_skip`` (a :class:`journeylib.lms.Skipped`)."""
    from .lms import collect_submissions, is_submissions

    if not is_submissions(source):
        raise BatchError("batch.error.no_folder", file=str(source))
    found = collect_submissions(source, workdir=outdir / "workbooks" if source.is_file() else None, lang=lang)
    entries = []
    for sub in found.workbooks:
        learner = " ".join(sub.workbook.learner.split()) or sub.platform_name
        stem = _stem(Path(sub.name))
        base = slugify(learner, fallback=stem) if learner else slugify(stem, "workbook")
        entries.append((base, learner or Path(sub.name).name, {"workbook": str(sub.path.resolve())}, sub.name, None))
    for skipped in found.skipped:
        if skipped.kind in ("damaged", "too_large"):  # a workbook that does not load: reported as invalid
            entries.append((slugify(_stem(Path(skipped.name)), "workbook"), skipped.name, {}, skipped.name,
                            skipped.reason))
        elif on_skip is not None:
            on_skip(skipped)
    if not entries:
        raise BatchError("batch.error.no_workbooks", file=str(source))
    return entries


def print_skipped(skipped) -> None:
    """One line on stderr for a file of ``--workbooks`` that is not run: its name and why."""
    print(printable(f"{skipped.name}: {skipped.reason}", 600), file=sys.stderr)


def _stem(path: Path) -> str:
    return path.name.removesuffix(".json").removesuffix(".workbook")


def _combo_label(combo: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in combo.items())


def plan(*, outdir: str | os.PathLike, workbooks: str | os.PathLike | None = None,
         params: dict[str, Any] | None = None, grid: dict[str, list[Any]] | None = None,
         lang: str | None = None, on_skip=None) -> list[Job]:
    """The runs of a batch (nothing is executed): one per valid workbook (invalid ones as jobs
    with an ``error``), times every combination of ``grid`` values; ``params`` go to all.
    ``workbooks``: a folder, or a learning platform's submissions zip or its unpacked folder;
    ``on_skip`` is called with each file in it that is not run (see :func:`_workbook_entries`)."""
    lang = check_language(lang)
    params = {check_name(k): check_value(k, v) for k, v in (params or {}).items()}
    grid = {check_name(k): [check_value(k, v) for v in vs] for k, vs in (grid or {}).items()}
    overlap = set(params) & set(grid)
    if overlap:
        raise BatchError("batch.error.param_twice", name=sorted(overlap)[0])
    combos = [dict(zip(grid, values)) for values in itertools.product(*grid.values())] if grid else [{}]

    entries: list[tuple[str, str, dict, str, str | None]] = []  # (base name, label, params, source, error)
    if workbooks is not None:
        if "workbook" in params or "workbook" in grid:
            raise BatchError("batch.error.workbook_param")
        entries.extend(_workbook_entries(Path(workbooks), Path(outdir), lang, on_skip))
    else:
        entries.append(("", "", {}, "", None))

    jobs: list[Job] = []
    for (base, label, own, source, error), combo in itertools.product(entries, combos):
        combo_slug = slugify("_".join(f"{k}-{v}" for k, v in combo.items()), "run") if combo else ""
        name = "__".join(p for p in (base, combo_slug) if p) or "run"
        parts = [p for p in (label, _combo_label(combo)) if p]
        jobs.append(Job(name, " | ".join(parts) or name, {**params, **combo, **own}, source, error))
    for job, unique in zip(jobs, unique_names(j.name for j in jobs)):
        job.name = unique
    return jobs


def output_path(outdir: Path, name: str, suffix: str = ".ipynb") -> Path | None:
    """``outdir/<name><suffix>`` if it resolves to a file directly inside ``outdir``; else None."""
    root = outdir.resolve()
    candidate = (root / f"{name}{suffix}")
    if candidate.is_symlink():
        return None
    resolved = candidate.resolve()
    if resolved.parent != root or resolved.name != f"{name}{suffix}":
        return None
    return resolved


# --------------------------------------------------------------------------- running

def skip_slow_imports() -> None:
    """Keep ``rfc3987_syntax`` from loading in a process of our own (a batch worker, the CLI).

    jsonschema (via nbformat, via papermill) imports it when installed, only to check "iri"
    string formats, which notebook schemas do not use; it builds a parser at import and
    costs about 1.5 s of CPU per process. Never call this in someone else's session.
    """
    if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import now raises ImportError


def _init_worker() -> None:
    """Pool initializer: quick imports, and kernels (which inherit stderr) kept quiet, so
    their start-up chatter does not break the progress bar."""
    skip_slow_imports()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _first_line(text: str, limit: int = 300) -> str:
    line = next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "\u2026"


def _kernel_trouble(exc: BaseException) -> bool:
    """The kernel died or did not start (a busy machine, a port taken by a kernel starting at
    the same moment), as opposed to an error in a cell: worth one more try."""
    from papermill.exceptions import PapermillExecutionError

    name = type(exc).__name__
    return (not isinstance(exc, PapermillExecutionError)
            and name in ("DeadKernelError", "CellTimeoutError", "TimeoutError", "RuntimeError")
            and "kernel" in str(exc).lower())


def _reason(exc: BaseException, lang: str) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return t("batch.error.cell", lang, cell=exc.exec_count if exc.exec_count is not None else exc.cell_index + 1,
                 ename=exc.ename, evalue=_first_line(exc.evalue))
    name = type(exc).__name__
    if _kernel_trouble(exc):
        return t("batch.error.kernel", lang, detail=_first_line(str(exc)))
    if isinstance(exc, JourneyError):
        return t("batch.error.other", lang, detail=exc.message(lang))
    return t("batch.error.other", lang, detail=_first_line(f"{name}: {exc}"))


def to_html(notebook: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Convert an executed notebook to one HTML file without network use (code hidden)."""
    from nbconvert import HTMLExporter

    from .store import atomic_write

    exporter = HTMLExporter(template_name="lab", embed_images=True, exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            mathjax_url="", require_js_url="", mermaid_js_url="", mermaid_layout_elk_js_url="",
                            jquery_url="", widget_renderer_url="", jupyter_widgets_base_url="")
    body, _ = exporter.from_filename(str(notebook))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    body = re.sub(r"<head>", "<head>\n" + meta.replace("\\", "\\\\"), body, count=1)
    atomic_write(target, body.encode("utf-8"))
    return Path(target)


def _execute(task: dict) -> dict:
    """Run one notebook (in a pool process): a fresh kernel, its own empty work folder."""
    import papermill as pm

    lang = task["lang"]
    started = time.perf_counter()
    work = tempfile.mkdtemp(prefix="jl-batch-work-")
    saved = {k: os.environ.get(k) for k in ("JOURNEYLIB_WORK", "JOURNEYLIB_WORKBOOK", "MPLBACKEND")}
    os.environ["JOURNEYLIB_WORK"] = work
    os.environ.pop("JOURNEYLIB_WORKBOOK", None)
    os.environ["MPLBACKEND"] = _INLINE_BACKEND
    outputs: list[str] = []

    def run():
        pm.execute_notebook(task["notebook"], task["output"], parameters=task["parameters"], cwd=task["cwd"],
                            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                            execution_timeout=task["timeout"])

    try:
        try:
            run()
        except Exception as exc:  # a kernel that died or did not start (not a cell's error): once more
            if not _kernel_trouble(exc):
                raise
            run()
        outputs.append(task["output"])
        status, detail = "ok", task["output"]
    except BaseException as exc:  # noqa: BLE001 - report every failure as a result, go on
        if isinstance(exc, KeyboardInterrupt):
            raise
        status, detail = "failed", _reason(exc, lang)
        if os.path.exists(task["output"]):
            outputs.append(task["output"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if status == "ok" and task.get("report"):
        try:
            _write_report(task)
            outputs.append(task["report"])
        except Exception as exc:  # noqa: BLE001 - the run's result says what went wrong
            status, detail = "failed", _reason(exc, lang)
    if status == "ok" and task.get("html"):
        try:
            to_html(task["output"], task["html"])
            outputs.append(task["html"])
            detail = task["html"]
        except Exception as exc:  # noqa: BLE001
            status, detail = "failed", t("batch.error.html", lang, detail=_first_line(f"{type(exc).__name__}: {exc}"))
    return {"status": status, "detail": detail, "seconds": time.perf_counter() - started, "outputs": outputs}


def _write_report(task: dict) -> None:
    """The advice report of the run's workbook, in the format its file name ends in."""
    from .reports import write_report

    saved = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"  # drawn for a file only
    try:
        write_report(task["parameters"]["workbook"], task["report"], lang=task["lang"])
    finally:
        if saved is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = saved


def _check_notebook(notebook: Path) -> None:
    import nbformat

    if not notebook.is_file():
        raise BatchError("batch.error.no_notebook", file=str(notebook))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. cells without ids: papermill copes
            nbformat.read(notebook, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any reading problem is the user's file
        raise BatchError("batch.error.not_notebook", file=str(notebook), detail=_first_line(str(exc), 120)) from None


def run_jobs(notebook: str | os.PathLike, jobs: list[Job], outdir: str | os.PathLike, *, workers: int | None = None,
             html: bool = False, timeout: float | None = None, progress: bool = True,
             lang: str | None = None, report: str | None = None) -> list[Result]:
    """Execute ``jobs`` (from :func:`plan`) in ``workers`` processes; results in job order.
    ``report`` (one of :data:`REPORT_FORMATS`): also write each workbook's advice report."""
    from tqdm import tqdm

    lang = check_language(lang)
    if report is not None and report not in REPORT_FORMATS:
        raise BatchError("report_docx.batch_format", format=printable(str(report), 20),
                         choices=", ".join(REPORT_FORMATS))
    notebook = Path(notebook)
    _check_notebook(notebook)
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError("batch.error.outdir", file=str(outdir), detail=exc.strerror or str(exc)) from None
    if not outdir.is_dir():
        raise BatchError("batch.error.outdir", file=str(outdir), detail="-")
    workers = default_jobs() if workers is None else workers
    if workers < 1:
        raise BatchError("batch.error.jobs", jobs=workers)

    results: list[Result | None] = [None] * len(jobs)
    tasks: dict[int, dict] = {}
    for i, job in enumerate(jobs):
        if job.error is not None:
            results[i] = Result(job.name, job.label, "invalid", job.error)
            continue
        for value in job.parameters.values():  # a last check: only plain values reach papermill
            check_value("value", value)
        target = output_path(outdir, job.name)
        page = output_path(outdir, job.name, ".html") if html else None
        wants_report = bool(report) and "workbook" in job.parameters
        stem = f"{job.name}.report" if report == "html" and html else job.name  # --html has <name>.html
        own_report = output_path(outdir, stem, f".{report}") if wants_report else None
        if target is None or (html and page is None) or (wants_report and own_report is None):
            results[i] = Result(job.name, job.label, "failed", t("batch.error.outside", lang))
            continue
        tasks[i] = {"notebook": str(notebook.resolve()), "output": str(target), "parameters": dict(job.parameters),
                    "cwd": str(notebook.resolve().parent), "timeout": timeout, "lang": lang,
                    "html": str(page) if page else None, "report": str(own_report) if own_report else None}

    bar = tqdm(total=len(jobs), desc=t("batch.progress", lang), unit="nb", file=sys.stderr, disable=not progress,
               dynamic_ncols=True)
    bar.update(len(jobs) - len(tasks))
    if tasks:
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # no fork of a process with threads
        with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context,
                                 initializer=_init_worker) as pool:
            futures = {pool.submit(_execute, task): i for i, task in tasks.items()}
            try:
                for future in as_completed(futures):
                    i = futures[future]
                    job = jobs[i]
                    try:
                        out = future.result()
                        results[i] = Result(job.name, job.label, out["status"], out["detail"], out["seconds"],
                                            out["outputs"])
                    except Exception as exc:  # noqa: BLE001 - a worker that died
                        results[i] = Result(job.name, job.label, "failed", _reason(exc, lang))
                    bar.update(1)
            except KeyboardInterrupt:
                for future in futures:
                    future.cancel()
                raise
    bar.close()
    return [r for r in results if r is not None]


def run_batch(notebook: str | os.PathLike, outdir: str | os.PathLike, *, workbooks: str | os.PathLike | None = None,
              params: dict[str, Any] | None = None, grid: dict[str, list[Any]] | None = None,
              workers: int | None = None, html: bool = False, timeout: float | None = None,
              progress: bool = True, lang: str | None = None, report: str | None = None,
              on_skip=print_skipped) -> list[Result]:
    """Plan and run a batch; returns one :class:`Result` per run (invalid workbooks included).
    Files of ``workbooks`` that are not run are printed on stderr, one line each (``on_skip``)."""
    lang = check_language(lang)
    _check_notebook(Path(notebook))
    jobs = plan(outdir=outdir, workbooks=workbooks, params=params, grid=grid, lang=lang, on_skip=on_skip)
    return run_jobs(notebook, jobs, outdir, workers=workers, html=html, timeout=timeout, progress=progress,
                    lang=lang, report=report)


def format_table(results: list[Result], lang: str | None = None) -> str:
    """The final table: name, status and the output (ok) or the reason (failed/invalid)."""
    lang = check_language(lang)
    head = (t("batch.col.name", lang), t("batch.col.status", lang), t("batch.col.detail", lang))
    rows = [(printable(r.label, 40), t(f"batch.status.{r.status}", lang),
             printable(Path(r.detail).name if r.ok else r.detail, 160)) for r in results]
    widths = [max(len(x) for x in column) for column in zip(head, *rows)] if rows else [len(h) for h in head]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(head, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    failed = sum(1 for r in results if not r.ok)
    lines.append(t("batch.summary", lang, ok=len(results) - failed, total=len(results), failed=failed))
    return "\n".join(lines)
