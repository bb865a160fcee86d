"""The ``journeylib`` command.

    journeylib cases                       the shipped case names, one per line
    journeylib new --case NAME -o FILE     a workbook pre-filled from a case
    journeylib check FILE...               validate workbooks (.json) and case files (.yaml)
    journeylib report WORKBOOK -o OUT      the learner's advice report (OUT.html, OUT.pdf or OUT.docx)
    journeylib batch NOTEBOOK --workbooks DIR -o OUTDIR [--jobs N] [-p NAME VALUE]... [--html]
    journeylib batch NOTEBOOK --param NAME=V1,V2 [--param ...] -o OUTDIR
                                           run a notebook per workbook / per combination (papermill)
    journeylib overview DIR|ZIP -o OUT.html [--anonymous]
                                           the class at a glance (a folder, or a learning platform's zip)
    journeylib lecture NOTEBOOK [--port P] a notebook as a code-free lecture view (Voila, 127.0.0.1)

Every problem a person can cause prints one line (in ``--lang``, default ``$JOURNEYLIB_LANG``
or Dutch) and exits non-zero; ``--debug`` shows the traceback as well.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import i18n
from .errors import JourneyError
from .i18n import t

CASE_SUFFIXES = (".yaml", ".yml")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: the option may stand before or after the command without one erasing the other
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                        help="language of messages and output (nl or en)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the full traceback on errors")

    parser = argparse.ArgumentParser(prog="journeylib", parents=[common],
                                     description="CX Journey Lab: course workbooks, cases and reports.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("cases", parents=[common], help="list the shipped cases")

    new = sub.add_parser("new", parents=[common], help="write a new workbook pre-filled from a case")
    new.add_argument("--case", required=True, help="case name (see 'journeylib cases') or a case YAML file")
    new.add_argument("-o", "--output", required=True, type=Path, help="the workbook file to write")
    new.add_argument("--learner", default="", help="the learner's name")
    new.add_argument("--force", action="store_true", help="replace an existing workbook (a .bak is kept)")

    check = sub.add_parser("check", parents=[common], help="validate workbooks and case files")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")

    report = sub.add_parser("report", parents=[common], help="write a learner's advice report (HTML, PDF or Word)")
    report.add_argument("workbook", type=Path, metavar="WORKBOOK")
    report.add_argument("-o", "--output", required=True, type=Path, help="OUT.html, OUT.pdf or OUT.docx")
    report.add_argument("--force", action="store_true", help="replace an existing report file")

    batch = sub.add_parser("batch", parents=[common], help="run a notebook for every workbook or parameter combination")
    batch.add_argument("notebook", type=Path, metavar="NOTEBOOK")
    batch.add_argument("--workbooks", type=Path, metavar="DIR|ZIP", help="run once per workbook (*.json) in DIR, "
                       "or in a learning platform's submissions zip (the latest per learner); "
                       "the notebook gets the parameter 'workbook' = its path")
    batch.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR", help="folder for the results")
    batch.add_argument("--jobs", "-j", type=int, default=None, help="parallel runs (default: every core)")
    batch.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                       help="a fixed parameter for every run (repeatable); whole numbers, numbers and "
                       "True/False are passed as such, anything else as text")
    batch.add_argument("--param", action="append", metavar="NAME=V1,V2", default=[],
                       help="run every combination of these values (repeatable)")
    batch.add_argument("--html", action="store_true", help="also convert every result to HTML (code hidden)")
    batch.add_argument("--report", choices=("html", "pdf", "docx"), default=None,
                       help="also write each workbook's advice report in this format")
    batch.add_argument("--timeout", type=float, default=600, help="seconds one cell may take (default 600)")

    overview = sub.add_parser("overview", parents=[common], help="the class at a glance, from a folder of workbooks "
                              "or a learning platform's submissions zip (Brightspace, Canvas, Moodle)")
    overview.add_argument("folder", type=Path, metavar="DIR|ZIP")
    overview.add_argument("-o", "--output", required=True, type=Path, help="OUT.html")
    overview.add_argument("--anonymous", action="store_true", help="learners as 'Learner 1..n', without names, "
                          "organisations, file names or free text: made to be projected")

    lecture = sub.add_parser("lecture", parents=[common], help="serve a notebook as a lecture view with Voila")
    lecture.add_argument("notebook", type=Path, metavar="NOTEBOOK")
    lecture.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (default 8866)")
    return parser


def cmd_cases(args) -> int:
    from .datasets import list_cases

    for name in list_cases():
        print(name)
    return 0


def cmd_new(args) -> int:
    from .datasets import load_case
    from .store import save_workbook

    lang = i18n.get_language()
    out: Path = args.output
    if out.exists() and not args.force:
        print(t("cli.exists", file=str(out)), file=sys.stderr)
        return 1
    workbook = load_case(args.case, lang=lang).to_workbook(learner=args.learner, language=lang)
    save_workbook(workbook, out)
    print(t("cli.written", file=str(out)))
    return 0


def check_file(path: Path) -> str:
    """Validate one file; returns its kind ("workbook" or "case"), raises JourneyError."""
    if path.suffix.lower() in CASE_SUFFIXES:
        from .datasets import check_case

        check_case(path)  # both languages: a text with only 'nl' fails in English too
        return "case"
    from .store import load_workbook

    load_workbook(path)
    return "workbook"


def one_line(text: str) -> str:
    """A message on exactly one line, whatever line breaks a file smuggled into it."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def cmd_check(args) -> int:
    bad = 0
    for path in args.files:
        try:
            kind = check_file(path)
        except JourneyError as exc:
            bad += 1
            print(one_line(exc.message()), file=sys.stderr)
            if args.debug:
                import traceback

                traceback.print_exc()
            continue
        print(t("cli.valid", file=str(path), kind=t(f"cli.kind_{kind}")))
    if bad:
        print(t("cli.summary_bad", bad=bad, total=len(args.files)), file=sys.stderr)
        return 1
    return 0


def _headless() -> None:
    import os

    os.environ.setdefault("MPLBACKEND", "Agg")  # figures are drawn for files only


def cmd_report(args) -> int:
    _headless()
    from .reports import write_report

    if args.output.exists() and not args.force:  # a report the learner may have edited is never lost
        print(t("report_docx.exists", file=str(args.output)), file=sys.stderr)
        return 1
    path = write_report(args.workbook, args.output, lang=i18n.get_language())
    print(t("cli.written", file=str(path)))
    return 0


def cmd_batch(args) -> int:
    from .batch import format_table, parse_grid, parse_params, run_batch, skip_slow_imports

    skip_slow_imports()

    lang = i18n.get_language()
    results = run_batch(args.notebook, args.output, workbooks=args.workbooks, params=parse_params(args.parameter),
                        grid=parse_grid(args.param), workers=args.jobs, html=args.html, timeout=args.timeout,
                        lang=lang, report=args.report)
    print(format_table(results, lang))
    return 0 if all(r.ok for r in results) else 1


def cmd_overview(args) -> int:
    _headless()
    from .batch import printable
    from .reports import write_overview

    overview = write_overview(args.folder, args.output, lang=i18n.get_language(), anonymous=args.anonymous)
    for name, reason in overview.invalid:  # every file skipped, and why: one line each
        print(printable(f"{name}: {reason}", 600), file=sys.stderr)  # names from a zip: no control codes
    print(t("overview.summary", valid=len(overview.entries), invalid=len(overview.invalid)))
    print(t("cli.written", file=str(args.output)))
    return 0 if overview.entries else 1


def lecture_copy(notebook: Path, folder: Path, lang: str | None = None) -> Path:
    """A copy of ``notebook`` in ``folder`` with the parameters ``lecture=True`` (and ``lang``)
    injected the way papermill does it (values only, written as Python literals)."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(notebook))  # as papermill reads it (every cell gets metadata.tags)
    params: dict = {"lecture": True}
    if lang:
        params["lang"] = lang
    nb = parameterize_notebook(nb, params, report_mode=False)
    target = folder / notebook.name
    nbformat.write(nb, target)
    return target


def cmd_lecture(args) -> int:
    """Serve NOTEBOOK with Voila on 127.0.0.1 in lecture style, until Ctrl+C."""
    import os
    import signal
    import subprocess
    import tempfile

    lang = getattr(args, "lang", None)
    notebook: Path = args.notebook
    if not notebook.is_file():
        print(f"{notebook}: {t('lecture.no_notebook')}", file=sys.stderr)
        return 1
    env = dict(os.environ, JOURNEYLIB_LECTURE="1", MPLBACKEND="module://matplotlib_inline.backend_inline")
    if lang:
        env["JOURNEYLIB_LANG"] = lang
    url = f"http://127.0.0.1:{args.port}/"
    with tempfile.TemporaryDirectory(prefix="jl-lecture-") as folder:
        copy = lecture_copy(notebook, Path(folder), lang)
        command = [sys.executable, "-m", "voila", str(copy), "--no-browser", f"--port={args.port}",
                   "--Voila.ip=127.0.0.1", "--Voila.port_retries=0"]
        proc = subprocess.Popen(command, env=env, cwd=folder)
        print(t("lecture.url", url=url), flush=True)

        def stop(signum, frame):  # SIGTERM: stop Voila and remove the copy, as for Ctrl+C
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
    if code:
        print(t("lecture.stopped", code=code, port=args.port), file=sys.stderr)
        return 1
    return 0


COMMANDS = {"cases": cmd_cases, "new": cmd_new, "check": cmd_check, "report": cmd_report, "batch": cmd_batch,
            "overview": cmd_overview, "lecture": cmd_lecture}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.debug = getattr(args, "debug", False)
    lang = getattr(args, "lang", None)
    if lang:
        i18n.set_language(lang)
    try:
        return COMMANDS[args.command](args)
    except JourneyError as exc:
        print(one_line(exc.message()), file=sys.stderr)
        if args.debug:
            raise
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not the user's fault: one line unless --debug
        if args.debug:
            raise
        print(t("cli.unexpected", detail=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
