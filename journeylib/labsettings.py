"""Install the course's JupyterLab defaults (run by `make` and by Binder's postBuild).

    python -m journeylib.labsettings

Writes ``<sys.prefix>/share/jupyter/lab/settings/overrides.json``: notebooks start their
kernel without asking (no kernel-selection dialog for learners), every cell stays in the
page (windowing off: widgets further down render, screen readers and find-in-page see the
whole notebook), and no news or update pop-ups (the course runs offline). Existing overrides are kept; ours are merged in.

Also merges into ``<sys.prefix>/etc/jupyter/jupyter_server_config.json``: the
server accepts websocket messages up to 64 MB (default ~10 MB), so an uploaded survey CSV
or workbook within journeylib's own limits reaches the kernel instead of failing silently.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OURS = Path(__file__).with_name("data") / "lab_overrides.json"


def target(prefix: str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


SERVER = {"ServerApp": {"tornado_settings": {"websocket_max_message_size": 64 * 1024 * 1024}}}


def server_target(prefix: str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"


def install(prefix: str | None = None) -> Path:
    path = target(prefix)
    merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for plugin, values in json.loads(OURS.read_text(encoding="utf-8")).items():
        merged.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    server = server_target(prefix)
    config = json.loads(server.read_text(encoding="utf-8")) if server.exists() else {}
    config.setdefault("ServerApp", {}).setdefault("tornado_settings", {}).update(
        SERVER["ServerApp"]["tornado_settings"])
    server.parent.mkdir(parents=True, exist_ok=True)
    server.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(install(sys.argv[1] if len(sys.argv) > 1 else None))
