# CX Journey Lab. Two commands for everyone:  make lab  (open the course)  and  make test.
# A fresh machine needs only python3 (3.11+), pip, git and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PIP    := $(PY) -m pip --disable-pip-version-check
# the lab's display language for `make lab` (nl: Dutch menus from jupyterlab-language-pack-nl-NL;
# en: English). Only the default of this server: Settings > Language still wins.
LAB_LANG ?= nl
# JupyterLab refuses to run as root unless told
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# the whole suite: first the two quick source checks (the import-linter contracts of
# pyproject.toml: the layering in docs/architecture.md; every stored notebook matches its
# YAML source in tools/notebooks/), then unit, property, widget, papermill and browser tests
# (every notebook in Chromium, the lecture view in Voila) in parallel on every core; then
# strict nbval on every stored notebook (one process: a notebook's cells run in order)
PYTEST_ARGS ?= -n auto --dist loadgroup
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env

.PHONY: help lab test test-browser notebooks bench book lock clean

help:
	@echo "make lab        open the course in JupyterLab, Dutch menus (LAB_LANG=en: English)"
	@echo "make test       install the test tools and run the whole test suite"
	@echo "make test-browser  only the browser tests (every notebook in Chromium, Voila)"
	@echo "make notebooks  re-execute every notebook and store its outputs"
	@echo "make bench      run the performance budgets and update benchmarks/README.md"
	@echo "make book       build the course website into _build/book/html (BOOK_HUB=https://your-hub)"

$(PY):
	$(PYTHON) -m venv $(VENV)

# exact versions from the lock (the same ones Binder installs), then the course library
$(VENV)/.runtime: requirements/lock.txt pyproject.toml journeylib/labsettings.py journeylib/kernel.py journeylib/data/lab_overrides.json | $(PY)
	$(PIP) install --quiet -r requirements/lock.txt
	$(PIP) install --quiet --no-deps -e .
	$(PY) -m journeylib.labsettings
	@touch $@

$(VENV)/.test: requirements/test-lock.txt $(VENV)/.runtime
	$(PIP) install --quiet -r requirements/test-lock.txt
	@touch $@

lab: $(VENV)/.runtime
	@test -d "$(VENV)/share/jupyter/journeylib/lab-$(LAB_LANG)" || { echo "LAB_LANG=$(LAB_LANG): use nl or en"; exit 2; }
	JUPYTER_CONFIG_PATH="$(abspath $(VENV))/share/jupyter/journeylib/lab-$(LAB_LANG)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

test: $(VENV)/.test
	$(BIN)/lint-imports --no-logo
	$(PY) tools/build_notebooks.py --check
	$(PY) -m pytest $(PYTEST_ARGS) tests
	$(PY) -m pytest $(NBVAL) notebooks

# a shortcut for the browser part of make test: every notebook opened, run and used in
# Chromium (two JupyterLab servers in parallel) and the lecture view in Voila
test-browser: $(VENV)/.test
	$(PY) -m pytest -n auto --dist loadgroup tests/browser

notebooks: $(VENV)/.test
	$(PY) tools/run_notebooks.py

bench: $(VENV)/.test
	$(PY) benchmarks/run_all.py

# the course website from the stored notebooks (nothing is executed; works offline), both
# languages, into _build/book/html; BOOK_HUB is the JupyterHub of the launch links
book: $(VENV)/.test
	$(PY) tools/build_book.py $(if $(BOOK_HUB),--hub-url $(BOOK_HUB),)

# regenerate the pins (needs the package index): resolve the ranges of pyproject.toml afresh
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e . jupyterlab-language-pack-nl-NL jupyter-resource-usage
	.lock-venv/bin/pip freeze --exclude-editable | grep -iv '^journeylib' > requirements/lock.txt.new
	mv requirements/lock.txt.new requirements/lock.txt && rm -rf .lock-venv
	$(PYTHON) tools/pins.py write

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
