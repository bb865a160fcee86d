"""The course's Python kernel: ipykernel, lighter, for nine notebooks open at once.

    python -m journeylib.kernel -f CONNECTION_FILE

``python -m journeylib.labsettings`` installs it as the environment's ``python3`` kernel spec
(same name and display name as ipykernel's own), so JupyterLab, Voila, papermill and nbval all
start it for the course notebooks. Two differences from ``ipykernel_launcher``, both about
memory (a learner who opens every notebook runs nine kernels in Binder's ~2 GB):

* no debugger: ipykernel imports debugpy's server part (~100 modules) into every kernel at
  start, even when nobody debugs. Learners run cells and use widgets; they never step through
  code. Blocking that one import makes ipykernel start without its debugger, as it does where
  debugpy is not installed, and the kernel spec tells JupyterLab so (no debugger button).
  ``JOURNEYLIB_DEBUGGER=1`` keeps the debugger for a developer who wants it.
* after each cell, freed memory goes back to the system (glibc's ``malloc_trim``): drawing a
  chart frees its buffers, but glibc keeps the pages for later unless asked.

``benchmarks/bench_lab_memory.py`` measures the effect (see benchmarks/README.md).
"""
from __future__ import annotations

import ctypes
import functools
import os
import sys

#: ipykernel/debugger.py imports this at start; None in sys.modules makes that import fail
DEBUGGER_MODULE = "debugpy.server"

SPEC_NAME = "python3"


def kernel_spec() -> dict:
    """The kernel.json that starts this kernel ("python": Jupyter puts its own interpreter there,
    as for ipykernel's own spec)."""
    return {
        "argv": ["python", "-m", "journeylib.kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",  # as ipykernel's: the notebooks store this name
        "language": "python",
        "metadata": {"debugger": debugger_wanted()},
        "kernel_protocol_version": "5.5",
    }


def debugger_wanted() -> bool:
    return os.environ.get("JOURNEYLIB_DEBUGGER", "") == "1"


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, musl)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None


def give_back_memory(*_args) -> None:
    """Return freed heap pages to the system (an IPython ``post_run_cell`` callback)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def main(argv: list[str] | None = None) -> None:
    # as ipykernel_launcher: the working directory comes back on sys.path with the shell
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    if not debugger_wanted():
        sys.modules.setdefault(DEBUGGER_MODULE, None)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(argv)
    app.shell.events.register("post_run_cell", give_back_memory)
    app.start()


if __name__ == "__main__":
    main()
