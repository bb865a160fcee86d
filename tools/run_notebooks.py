"""`make notebooks`: re-execute every course notebook in a fresh kernel with its default
parameters and store the outputs (what nbval later compares).

Each notebook runs with its own empty work folder (JOURNEYLIB_WORK), so stored outputs never
depend on a learner's files or on the order notebooks ran in. Widget state is stored in the
notebook metadata, so a freshly opened notebook shows its widgets as they were.

    python tools/run_notebooks.py [NOTEBOOK ...]     (default: every notebook under notebooks/)
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def notebooks(args: list[str]) -> list[Path]:
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def execute(path: Path, timeout: int = 120) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="jl-work-") as work:
        old = os.environ.get("JOURNEYLIB_WORK")
        os.environ["JOURNEYLIB_WORK"] = work
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        try:
            started = time.perf_counter()
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                                    resources={"metadata": {"path": str(path.parent)}})
            client.execute()
            elapsed = time.perf_counter() - started
        finally:
            if old is None:
                os.environ.pop("JOURNEYLIB_WORK", None)
            else:
                os.environ["JOURNEYLIB_WORK"] = old
    for cell in nb.cells:  # execution counts are noise in diffs; keep outputs
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    files = notebooks(argv)
    failed = 0
    for i, path in enumerate(files, 1):
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"[{i}/{len(files)}] {rel} ...", end=" ", flush=True)
        try:
            print(f"{execute(path):.1f} s", flush=True)
        except Exception as exc:  # report and go on; exit 1 at the end
            failed += 1
            print(f"FAILED: {type(exc).__name__}: {str(exc)[:500]}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
