# zonenews: `make demo` and `make test` set up everything they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYWB_VENV := .venv-pywb
FLOOR_VENV := .venv-floor
FLOOR := .ci/floor-constraints.txt
DIR ?= output/demo

.PHONY: venv pywb demo test test-floor lint bench clean

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# pywb pins an old redis client: it lives in a venv of its own, used only by the replay tests.
pywb: $(PYWB_VENV)/bin/wayback

$(PYWB_VENV)/bin/wayback:
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/pip install -q --upgrade pip
	$(PYWB_VENV)/bin/pip install -q 'pywb>=2.8'

demo: venv
	$(BIN)/zonenews demo --out $(DIR)

lint: venv
	$(BIN)/ruff check zonenews tests benchmarks
	$(BIN)/ruff format --check zonenews tests benchmarks

test: venv pywb lint
	$(BIN)/pytest

# The oldest versions pyproject.toml allows, pinned in $(FLOOR), so that its floors stay true:
# the quick tests, and the two crawls that drive Scrapy's and Twisted's HTTP client through the
# WARC capture (a few minutes in all; `make test` runs everything on current versions).
test-floor: $(FLOOR_VENV)/bin/.installed
	$(FLOOR_VENV)/bin/pytest -q -m "not e2e"
	$(FLOOR_VENV)/bin/pytest -q tests/archive/test_addon.py tests/archive/test_warc_capture.py

$(FLOOR_VENV)/bin/.installed: pyproject.toml $(FLOOR)
	rm -rf $(FLOOR_VENV)
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/pip install -q --upgrade pip
	$(FLOOR_VENV)/bin/pip install -q -c $(FLOOR) -e '.[test]'
	touch $@

# Several minutes; installs Debian's nginx, wget and time when absent (as root). CI does not run it.
bench: venv
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(PYWB_VENV) $(FLOOR_VENV) output .pytest_cache
