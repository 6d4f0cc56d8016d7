# Magnesium Tracker: `make run` serves the app, `make test` runs every test.
# Both create the virtual environment and install what is missing, so either works first.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app tracker

.PHONY: help install db run serve test test-postgres lint format bench clean

help:
	@echo "make run     set up (venv, database, foods) and serve http://127.0.0.1:$(PORT)"
	@echo "make test    set up and run the whole test suite"
	@echo "make lint    ruff check and format check"
	@echo "make bench   run the benchmarks in bench/"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# Applies migrations and loads the USDA foods; both are no-ops when already done.
db: install
	$(FLASK) db upgrade
	$(FLASK) load-foods

run: db
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production-style server (see README, Deployment).
serve: db
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) --no-control-socket 'tracker:create_app()'

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: db
	$(BIN)/python bench/bench_search.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
