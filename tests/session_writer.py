"""Child process for tests/test_sessions.py: one kernel's session editing its own fields.

``python tests/session_writer.py PATH NAME EDITS SEED``: opens PATH, then makes EDITS edits
of its own answer ``w-NAME-<i>`` (each a new key) and of its own touchpoint's notes, with
random pauses, reading what others saved in between as a kernel's watcher does; prints
``done`` when all are saved.
"""
import random
import sys
import time


def main(path: str, name: str, edits: int, seed: int) -> None:
    from journeylib.store import open_workbook

    rng = random.Random(seed)
    session = open_workbook(path, delay=0)
    for i in range(edits):
        if rng.random() < 0.5:
            session.check_external()
        answers = dict(session.workbook.answers)
        answers[f"w-{name}-{i}"] = f"{name} {i}"
        session.workbook.answers = answers
        for tp in session.workbook.journeys[0].touchpoints:
            if tp.id == f"tp-{name}":
                tp.notes = f"{name} edit {i}"
        session.changed()
        if session.error is not None:
            print(f"error {session.error}", flush=True)
            sys.exit(2)
        time.sleep(rng.random() * 0.01)
    session.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
