"""The ``journeylib`` command.

    journeylib cases                       the shipped case names, one per line
    journeylib new --case NAME -o FILE     a workbook pre-filled from a case
    journeylib check FILE...               validate workbooks (.json) and case files (.yaml)

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


def cmd_check(args) -> int:
    bad = 0
    for path in args.files:
        try:
            kind = check_file(path)
        except JourneyError as exc:
            bad += 1
            print(exc.message(), file=sys.stderr)
            if args.debug:
                import traceback

                traceback.print_exc()
            continue
        print(t("cli.valid", file=str(path), kind=t(f"cli.kind_{kind}")))
    if bad:
        print(t("cli.summary_bad", bad=bad, total=len(args.files)), file=sys.stderr)
        return 1
    return 0


COMMANDS = {"cases": cmd_cases, "new": cmd_new, "check": cmd_check}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.debug = getattr(args, "debug", False)
    lang = getattr(args, "lang", None)
    if lang:
        i18n.set_language(lang)
    try:
        return COMMANDS[args.command](args)
    except JourneyError as exc:
        print(exc.message(), file=sys.stderr)
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
