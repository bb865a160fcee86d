"""One list of pins: make and Binder install the same versions; Binder builds with conda + postBuild."""
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import pins  # noqa: E402


def env_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return conda, {pins.normalise(p.split("==")[0]): p.split("==")[1] for p in pip}


def test_environment_yml_and_lock_agree_exactly():
    _, pip = env_pins()
    assert pip == pins.lock_pins(), "run: python tools/pins.py write"
    assert pins.main(["check"]) == 0


def test_every_binder_package_is_pinned_exactly():
    conda, pip = env_pins()
    assert all(re.fullmatch(r"[\w-]+=\d+(\.\d+)+", c) for c in conda), conda
    assert any(c.startswith("python=3.11.") for c in conda)
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_entries = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert all(re.fullmatch(r"[\w.-]+==[\w.]+", e) for e in pip_entries), pip_entries
    assert {"jupyterlab-language-pack-nl-nl", "jupyter-resource-usage", "jupyterlab"} <= set(pip)


def test_lock_satisfies_the_ranges_of_pyproject():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = pins.lock_pins()
    test_lock = pins.lock_pins(ROOT / "requirements" / "test-lock.txt")
    for spec, source in [(d, lock) for d in project["dependencies"]] + [
            (d, {**lock, **test_lock}) for d in project["optional-dependencies"]["test"]]:
        req = Requirement(spec)
        version = source.get(pins.normalise(req.name))
        assert version, f"{req.name} is not pinned"
        assert req.specifier.contains(version, prereleases=True), f"{req.name}=={version} not in {req.specifier}"


def test_installed_versions_are_the_pinned_ones():
    from importlib.metadata import PackageNotFoundError, version

    wrong = {}
    for name, pinned in {**pins.lock_pins(), **pins.lock_pins(ROOT / "requirements/test-lock.txt")}.items():
        try:
            got = version(name)
        except PackageNotFoundError:
            wrong[name] = "missing"
            continue
        if got != pinned:
            wrong[name] = f"{got} != {pinned}"
    assert not wrong, wrong


def test_postbuild_installs_journeylib_and_stops_on_errors():
    post = ROOT / "postBuild"
    text = post.read_text()
    assert "set -e" in text
    assert "python -m pip install --no-deps --no-cache-dir -e ." in text
    assert post.stat().st_mode & stat.S_IXUSR


def test_repo2docker_uses_conda_environment_and_postbuild(tmp_path):
    exe = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent)) or shutil.which(
        "jupyter-repo2docker")
    assert exe, "jupyter-repo2docker is part of the test tools"
    result = subprocess.run([exe, "--no-build", "--debug", "."], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-2000:]
    assert "Building conda environment for python=3.11" in out
    assert '--file "environment.yml"' in out
    assert "RUN ./postBuild" in out


def test_readme_commands_and_ci_agree():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "apt-get install -y" in ci and "chromium" in ci
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    # each badge sets its lab language (journeylib.labsettings), then opens its welcome notebook
    for lang, nb in (("nl", "notebooks/nl/00_welkom.ipynb"), ("en", "notebooks/en/00_welcome.ipynb")):
        assert f"urlpath=journeylib/{lang}/lab/tree/{nb}" in readme
    assert "git-pull?repo=" in readme  # nbgitpuller link for instructors


def test_lab_settings_start_the_kernel_without_asking(tmp_path):
    import json

    from journeylib import labsettings

    existing = labsettings.target(str(tmp_path))
    existing.parent.mkdir(parents=True)
    existing.write_text(json.dumps({"other:plugin": {"x": 1}}))
    path = labsettings.install(str(tmp_path))
    merged = json.loads(path.read_text())
    assert merged["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
    assert merged["@jupyterlab/notebook-extension:tracker"]["kernelShutdown"] is True  # closing a tab frees its kernel
    assert merged["other:plugin"] == {"x": 1}
    server = json.loads(labsettings.server_target(str(tmp_path)).read_text())
    assert server["ServerApp"]["tornado_settings"]["websocket_max_message_size"] >= 50 * 2**20
    assert server["ServerApp"]["jpserver_extensions"]["journeylib.labsettings"] is True  # the badges' language links
    for lang, locale in (("nl", "nl_NL"), ("en", "en")):  # make lab LAB_LANG=<lang>
        config = labsettings.language_config_dir(lang, str(tmp_path)) / "labconfig" / "default_setting_overrides.json"
        assert json.loads(config.read_text())["@jupyterlab/translation-extension:plugin"]["locale"] == locale
    assert "journeylib.labsettings" in (ROOT / "postBuild").read_text()
    assert "journeylib.labsettings" in (ROOT / "Makefile").read_text()
