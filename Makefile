# ppdesk: two commands do all set-up on a fresh machine.
#   make run   - create .venv, install ppdesk, start it on the embedded SQLite default
#   make test  - install the test dependencies and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
JOBS   ?= 2

.PHONY: run test lint dist screenshots bench clean forms

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "ppdesk needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dist]'
	rm -f $(VENV)/.installed-*
	touch $@

# PPDESK_DEV_DEMO=1: on a developer's machine an empty database gets the demo school.
# An installed ppdesk never makes demo data (its first start asks for the first account).
run: $(STAMP)
	PPDESK_DEV_DEMO=1 $(PY) -m ppdesk $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(JOBS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

forms: $(STAMP)
	$(PY) -m ppdesk.gui.build_forms

dist: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller build.spec
	@echo "bundle size: $$(du -sm dist/ppdesk | cut -f1) MB in dist/ppdesk (goal: under 200 MB)"

screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) -m ppdesk.gui.screenshots docs/screenshots

bench: $(STAMP)
	@echo "See bench/README.md: each bench/*.py prints its own figures."

clean:
	rm -rf $(VENV) build dist .pytest_cache
