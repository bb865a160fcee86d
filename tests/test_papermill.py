"""papermill runs every notebook for each language × case, with parameters as values only."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = ["airlines", "telecom", "hospital", "partner-visit"]
COURSE = sorted((ROOT / "notebooks" / "nl").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "en").glob("*.ipynb"))
INSTRUCTOR = sorted((ROOT / "notebooks" / "instructor").glob("*.ipynb"))
# a course notebook: its own language × every case; an instructor notebook: both languages,
# each with another case (their case parameter only picks examples)
RUNS = [(nb, nb.parent.name, case) for nb in COURSE for case in CASES] + [
    (nb, lang, case) for nb in INSTRUCTOR for lang, case in (("nl", "telecom"), ("en", "partner-visit"))]


@pytest.mark.slow
@pytest.mark.parametrize("notebook, lang, case", RUNS,
                         ids=[f"{nb.parent.name}/{nb.stem}-{lang}-{case}" for nb, lang, case in RUNS])
def test_papermill_runs_notebook(notebook, lang, case, tmp_path, monkeypatch):
    import papermill as pm

    monkeypatch.setenv("JOURNEYLIB_WORK", str(tmp_path / "work"))
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(notebook), str(out), parameters={"lang": lang, "case": case}, kernel_name="python3",
                        cwd=str(notebook.parent), progress_bar=False, execution_timeout=120)
    nb = json.loads(out.read_text(encoding="utf-8"))
    injected = [c for c in nb["cells"] if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(injected) == 1 and f'lang = "{lang}"' in "".join(injected[0]["source"])
    errors = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
              if o["output_type"] == "error"]
    assert errors == []
    text = json.dumps(nb["cells"])
    assert "Traceback" not in text
