"""Child process for tests/test_crash_safety.py: saves a workbook over and over until killed.

Run as ``python tests/crash_writer.py [--bulk N] [--break MODE]``. It imports journeylib
once and then acts as a "zygote": for each line ``fork <mode> <workbook path>`` read from stdin
it forks a worker (a copy with everything already imported, so a new worker costs a
millisecond instead of a Python start-up), reports ``forked <pid>``, waits for the worker
to die (the test kills it with SIGKILL) and reports ``dead <pid> <status>``. ``quit`` ends it.

Workers write one line per event to stdout, flushed, each a single ``write`` (atomic on a
pipe), so the test knows exactly what finished before the kill. A worker whose test has gone
away stops at its next line (broken pipe), so none is left behind.

* mode ``autosave``: ``opened <v>`` after :func:`journeylib.open_workbook` read the file
  (version ``v``, the number in the learner name ``v<v>``); then, forever: change the
  workbook to version ``v + 1`` (learner name and advice text), let the session's debounced
  autosave write it (``session.changed()``), wait for its "saved" event and report
  ``done <v + 1>``.
* mode ``field:<key>``: the same loop, changing only ``answers[<key>]`` (two workers with
  different keys edit one file at once).
* mode ``first``: build a large workbook, report ``ready``, :func:`journeylib.store.save_workbook`
  it to a path that does not exist yet, report ``done 1``, and wait to be killed.

``--break MODE`` damages journeylib in this process only, to show that the test catches a
store that is not crash-safe: ``direct`` writes in place (``open(path, "wb")``, no temporary
file and ``os.replace``), ``bak-after`` writes the new file before keeping the ``.bak``,
``last-wins`` makes a session write its own copy whole, merging nothing (the store
before issue 11), ``no-clean`` makes :func:`journeylib.store.clean_temporary_files` do nothing.

:func:`workbook_version` builds the exact workbook of version ``v``; the test compares
what is on disk against it.
"""
from __future__ import annotations

import os
import sys
import threading
import time

BULK_TOUCHPOINTS = 60  # bulk, so that one save takes a few milliseconds
ADVICE_CHARS = 30_000


def base_workbook(bulk: int = BULK_TOUCHPOINTS):
    from journeylib.model import Journey, Touchpoint, Workbook

    touchpoints = [
        Touchpoint(id=f"tp-{i}", name=f"Contactmoment {i}", phase=("before", "during", "after")[i % 3],
                   description=("beschrijving %d " % i) * 180, notes=("notitie %d " % i) * 300)
        for i in range(bulk)
    ]
    return Workbook(learner="v0", journeys=[Journey(name="Bezoek", touchpoints=touchpoints)])


def advice_text(version: int) -> str:
    line = f"Advies versie {version}: verbeter het wachten aan de balie. "
    return (line * (ADVICE_CHARS // len(line) + 1))[:ADVICE_CHARS]


def set_version(workbook, version: int) -> None:
    workbook.learner = f"v{version}"
    workbook.advice = advice_text(version)


def workbook_version(version: int, bulk: int = BULK_TOUCHPOINTS):
    """The workbook exactly as the worker saves it for ``version``."""
    workbook = base_workbook(bulk)
    set_version(workbook, version)
    return workbook


def version_of(workbook) -> int:
    name = workbook.learner
    if not (name.startswith("v") and name[1:].isdigit()):
        raise ValueError(f"not a crash-test workbook: learner {name!r}")
    return int(name[1:])


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())  # one write per line: atomic on a pipe, no buffering


def _break(mode: str) -> None:
    import journeylib.store as store

    if mode == "direct":
        def direct_write(path, data):
            with open(path, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())

        store.atomic_write = direct_write
    elif mode == "bak-after":
        atomic_write = store.atomic_write
        pending = {}

        def new_first(path, data):  # hold back the .bak until the new file is written
            path = str(path)
            if path.endswith(".bak"):
                pending[path] = data
                return
            atomic_write(path, data)
            if path + ".bak" in pending:
                atomic_write(path + ".bak", pending.pop(path + ".bak"))

        store.atomic_write = new_first
    elif mode == "last-wins":  # the store before sessions merged: the last writer wins
        store.merge = lambda base, mine, theirs: (mine, [])
    elif mode == "no-clean":
        store.clean_temporary_files = lambda path, older_than=60.0: 0


def save_loop(path: str, read, write) -> None:
    """Open ``path``, report the version ``read(workbook)``; then, forever: ``write(workbook,
    v + 1)``, let the debounced autosave save it, wait for "saved", report ``done v + 1``."""
    from journeylib import open_workbook

    session = open_workbook(path, delay=0.001)
    version = read(session.workbook)
    say(f"opened {version}")
    saved = threading.Event()
    session.observe(lambda event, _s: saved.set() if event == "saved" else None)
    while True:
        version += 1
        saved.clear()
        write(session.workbook, version)
        session.changed()
        if not saved.wait(30) or session.error is not None:
            say(f"error {session.error}")
            os._exit(2)
        say(f"done {version}")


def worker_autosave(path: str) -> None:
    save_loop(path, version_of, set_version)


def worker_field(path: str, key: str) -> None:
    """Like autosave, but only ``answers[key]`` changes (the version as text), so that two
    workers on one file edit different fields: each must keep the other's work."""
    def write(workbook, version):
        workbook.answers = {**workbook.answers, key: str(version)}

    save_loop(path, lambda workbook: int(workbook.answers.get(key, "0")), write)


def worker_first(path: str, bulk: int) -> None:
    from journeylib.store import save_workbook

    workbook = workbook_version(1, bulk)
    say("ready")
    save_workbook(workbook, path)
    say("done 1")
    time.sleep(30)  # the test kills it long before; if it does not, the test sees a normal exit


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--bulk", type=int, default=BULK_TOUCHPOINTS)
    parser.add_argument("--break", dest="broken", choices=["direct", "bak-after", "no-clean", "last-wins"])
    args = parser.parse_args(argv)

    import journeylib.store  # noqa: F401  (everything imported before the first fork)
    import journeylib.model  # noqa: F401

    if args.broken:
        _break(args.broken)
    workbook_version(1, args.bulk)  # warm up pydantic
    say("ready")
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            break
        if command[0] != "fork":
            say(f"error unknown command {line.strip()!r}")
            continue
        mode, path = command[1], line.split(None, 2)[2].rstrip("\n")
        pid = os.fork()
        if pid == 0:  # the worker: never returns into this loop
            code = 0
            try:
                if mode == "autosave":
                    worker_autosave(path)
                elif mode.startswith("field:"):
                    worker_field(path, mode.split(":", 1)[1])
                else:
                    worker_first(path, args.bulk)
            except BrokenPipeError:  # the test is gone: stop
                code = 4
            except BaseException as exc:  # noqa: BLE001
                code = 3
                try:
                    say(f"error {type(exc).__name__}: {exc}")
                except BaseException:  # noqa: BLE001
                    pass
            finally:
                os._exit(code)
        say(f"forked {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"dead {pid} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
