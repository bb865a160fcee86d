"""Install the course's JupyterLab defaults (run by `make` and by Binder's postBuild).

    python -m journeylib.labsettings

Writes ``<sys.prefix>/share/jupyter/lab/settings/overrides.json``: notebooks start their
kernel without asking (no kernel-selection dialog for learners), and no news or update
pop-ups (the course runs offline). Existing overrides are kept; ours are merged in.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OURS = Path(__file__).with_name("data") / "lab_overrides.json"


def target(prefix: str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def install(prefix: str | None = None) -> Path:
    path = target(prefix)
    merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for plugin, values in json.loads(OURS.read_text(encoding="utf-8")).items():
        merged.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(install(sys.argv[1] if len(sys.argv) > 1 else None))
