"""The course works offline: with the network cut off (only loopback), the tests still pass.

``tools/offline.sh COMMAND`` runs a command in a new network namespace that has only a
loopback interface (see the script). Here:

* inside it, every outside address (IPv4, IPv6, DNS, HTTPS) fails at once, while a server
  on 127.0.0.1 answers, and the only network interface is ``lo``;
* a representative part of the test suite (workbooks opened and autosaved, the CLI, the
  key drivers, the shipped cases and surveys, bad input, the workbook bar) passes inside it.

``.ci/run`` runs the whole suite that way: ``tools/offline.sh make test`` (after installing).

Where no network namespace can be made (not Linux, a container without CAP_SYS_ADMIN and
no user namespaces) these tests skip and say why, unless ``JOURNEYLIB_REQUIRE_OFFLINE=1``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OFFLINE = REPO / "tools" / "offline.sh"
#: Run offline in a child pytest: quick, notebook-free, and touching files, the CLI, pandas, YAML.
SUBSET = [
    "tests/test_store.py",
    "tests/test_cli.py",
    "tests/test_bad_input.py",
    "tests/test_keydrivers.py",
    "tests/test_datasets.py",
    "tests/test_widget_workbook_bar.py",
]


def offline(*command: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(OFFLINE), *command], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, **kwargs)


@pytest.fixture(scope="module")
def namespace_works() -> None:
    """Skip (or fail, with JOURNEYLIB_REQUIRE_OFFLINE=1) where no network namespace can be made."""
    if sys.platform != "linux":
        reason = f"network namespaces are Linux only (this is {sys.platform})"
    else:
        check = offline("--check")
        if check.returncode == 0:
            return
        assert check.returncode == 125, check.stdout + check.stderr  # anything else is a bug of the script
        reason = check.stderr.strip()
    if os.environ.get("JOURNEYLIB_REQUIRE_OFFLINE") == "1":
        pytest.fail(f"JOURNEYLIB_REQUIRE_OFFLINE=1, but: {reason}")
    pytest.skip(reason)


PROBE = textwrap.dedent("""
    import json, socket, threading, time, urllib.request

    result = {"interfaces": [name for _, name in socket.if_nameindex()], "outside": {}}

    def attempt(label, call):
        start = time.monotonic()
        try:
            call()
            outcome = "connected"
        except OSError as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        result["outside"][label] = [outcome, round(time.monotonic() - start, 3)]

    attempt("1.1.1.1:443", lambda: socket.create_connection(("1.1.1.1", 443), timeout=10).close())
    attempt("8.8.8.8:53", lambda: socket.create_connection(("8.8.8.8", 53), timeout=10).close())
    attempt("[2606:4700:4700::1111]:443",
            lambda: socket.create_connection(("2606:4700:4700::1111", 443), timeout=10).close())
    attempt("dns pypi.org", lambda: socket.getaddrinfo("pypi.org", 443))
    attempt("https://pypi.org", lambda: urllib.request.urlopen("https://pypi.org/simple/", timeout=10).close())

    server = socket.create_server(("127.0.0.1", 0))
    def echo():
        conn, _ = server.accept()
        with conn:
            conn.sendall(conn.recv(100).upper())
    threading.Thread(target=echo, daemon=True).start()
    with socket.create_connection(server.getsockname(), timeout=5) as client:
        client.sendall(b"ping")
        result["loopback"] = client.recv(100).decode()
    print(json.dumps(result))
""")


def test_offline_blocks_every_outside_address_and_keeps_loopback(namespace_works):
    run = offline(sys.executable, "-c", PROBE)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["interfaces"] == ["lo"], result
    for label, (outcome, seconds) in result["outside"].items():
        assert outcome != "connected", f"{label} is reachable offline"
        assert seconds < 3, f"{label} took {seconds} s to fail (it must fail at once, not time out)"
    assert result["loopback"] == "PING"


def test_offline_passes_arguments_and_exit_status_through(namespace_works):
    run = offline("sh", "-c", 'printf "%s|" "$@"; exit 7', "sh", "two words", "", "*")
    assert (run.returncode, run.stdout) == (7, "two words||*|"), run.stderr


def test_offline_without_a_command_is_a_usage_error():
    run = offline()
    assert run.returncode == 2 and "usage" in run.stderr


@pytest.mark.slow
def test_test_suite_subset_passes_offline(namespace_works):
    missing = [name for name in SUBSET if not (REPO / name).is_file()]
    assert not missing, missing
    start = time.monotonic()
    run = offline(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  *SUBSET, timeout=600, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    tail = (run.stdout + run.stderr)[-4000:]
    assert run.returncode == 0, tail
    summary = run.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
    print(f"offline: {summary} ({time.monotonic() - start:.0f} s)")
