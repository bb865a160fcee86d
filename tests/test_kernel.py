"""The course kernel (journeylib.kernel): what labsettings installs, and a real kernel started
from that spec runs without debugpy's server part and gives memory back after each cell."""
from __future__ import annotations

import json

import pytest

from journeylib import kernel, labsettings


def test_labsettings_installs_the_course_kernel_as_python3(tmp_path):
    labsettings.install(str(tmp_path))
    spec = json.loads(labsettings.kernel_target(str(tmp_path)).read_text())
    assert spec["argv"][:3] == ["python", "-m", "journeylib.kernel"]
    assert "{connection_file}" in spec["argv"]
    assert spec["metadata"]["debugger"] is False  # JupyterLab shows no debugger button
    assert labsettings.kernel_target(str(tmp_path)).parent.name == "python3"  # the notebooks' kernel


def test_the_environment_runs_the_course_kernel():
    # make (and Binder's postBuild) ran labsettings: JupyterLab, Voila, papermill and nbval
    # start journeylib.kernel for the notebooks
    from jupyter_client.kernelspec import KernelSpecManager

    assert KernelSpecManager().get_kernel_spec("python3").argv[:3] == ["python", "-m", "journeylib.kernel"]


@pytest.mark.timeout(120)
def test_a_course_kernel_has_no_debugger_and_trims_after_cells(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    labsettings.install(str(tmp_path))
    ksm = KernelSpecManager(kernel_dirs=[str(labsettings.kernel_target(str(tmp_path)).parent.parent)])
    km = KernelManager(kernel_name="python3", kernel_spec_manager=ksm)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        code = (
            "import sys\n"
            "print(sys.modules.get('debugpy.server') is None, "
            "[f.__name__ for f in get_ipython().events.callbacks['post_run_cell']])"
        )
        lines = []
        reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: lines.append(m["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
        out = "".join(lines)
        assert out.startswith("True"), out  # no debugpy server in the kernel
        assert "give_back_memory" in out, out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_debugger_can_be_kept_for_developers(monkeypatch):
    monkeypatch.setenv("JOURNEYLIB_DEBUGGER", "1")
    assert kernel.kernel_spec()["metadata"]["debugger"] is True
    monkeypatch.delenv("JOURNEYLIB_DEBUGGER")
    assert kernel.kernel_spec()["metadata"]["debugger"] is False


def test_give_back_memory_is_safe_to_call():
    kernel.give_back_memory(object())  # IPython passes the cell's result
