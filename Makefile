# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
SIM_RATE ?= 20

.PHONY: run test lint bench contracts clean screenshots vendor

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/gridhub up --simulate $(SIM_RATE)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/pipeline.py $(BENCH_ARGS)

# The console's screenshots in docs/ are taken by the browser tests.
screenshots: $(STAMP)
	HUB_TEST_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

# Refresh the console's third-party web files from the npm registry (needs npm; not run time).
vendor:
	$(PYTHON) scripts/vendor_web.py

contracts: $(STAMP)
	$(BIN)/gridhub contracts export

clean:
	rm -rf $(VENV) var .pytest_cache
