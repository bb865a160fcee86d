"""Keep the one list of exact versions and environment.yml in step.

    python tools/pins.py write   # rewrite environment.yml's pip section from requirements/lock.txt
    python tools/pins.py check   # exit 1 when they disagree (tests/test_environment.py does the same)

requirements/lock.txt is the source: `make` installs it; Binder installs environment.yml.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
ENV = ROOT / "environment.yml"
PYTHON = "3.11.7"
PIP = "24.3.1"
HEADER = f"""\
# Binder / conda environment. Generated from requirements/lock.txt by `python tools/pins.py write`:
# do not edit the pip list by hand (tests/test_environment.py fails when it and the lock disagree).
name: cx-journey-lab
channels:
  - conda-forge
dependencies:
  - python={PYTHON}
  - pip={PIP}
  - pip:
"""


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins(path: Path = LOCK) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[normalise(name)] = version
    return pins


def render(pins_text: str) -> str:
    lines = [ln.split("#", 1)[0].strip() for ln in pins_text.splitlines()]
    return HEADER + "".join(f"      - {ln}\n" for ln in lines if ln)


def main(argv: list[str]) -> int:
    wanted = render(LOCK.read_text(encoding="utf-8"))
    if argv[:1] == ["write"]:
        ENV.write_text(wanted, encoding="utf-8")
        return 0
    if argv[:1] == ["check"]:
        if ENV.read_text(encoding="utf-8") != wanted:
            print("environment.yml does not match requirements/lock.txt: run python tools/pins.py write")
            return 1
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
