# Magnesium Tracker: `make run` serves the app, `make test` runs every test.
# Both create the virtual environment and install what is missing, so either works first.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app tracker

.PHONY: help install db run serve test test-fast test-postgres coverage lint format bench load clean

help:
	@echo "make run           set up (venv, database, foods) and serve http://127.0.0.1:$(PORT)"
	@echo "make test          set up and run the whole test suite, in parallel"
	@echo "make test-fast     the same without the browser tests (the inner loop)"
	@echo "make test-postgres the whole suite on TRACKER_TEST_DATABASE_URL (PostgreSQL)"
	@echo "make coverage      the whole suite with branch coverage of tracker/, report printed"
	@echo "make lint          ruff check and format check, mypy over tracker/"
	@echo "make bench         run the benchmarks in bench/"
	@echo "make load          load test: gunicorn, 2 workers, 10/50/100 users (bench/README.md)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

# axe-core for the accessibility tests (package.json); the app itself serves nothing from npm.
NODE_STAMP := node_modules/.installed-stamp

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund && touch $(NODE_STAMP); \
	else \
		echo "npm not found: the accessibility tests will skip (apt-get install npm)"; \
	fi

install: $(STAMP) $(NODE_STAMP)

# Applies migrations and loads the USDA foods; both are no-ops when already done.
# instance/ comes from git as 0755; it holds health data, so only its owner may open it.
db: install
	@test ! -d "$${TRACKER_INSTANCE_PATH:-instance}" || chmod 700 "$${TRACKER_INSTANCE_PATH:-instance}"
	$(FLASK) db upgrade
	$(FLASK) load-foods

run: db
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production-style server (see README, Deployment).
serve: db
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) --no-control-socket 'tracker:create_app()'

# In parallel (pytest-xdist): a worker per core, each with its own app and database
# (tests/conftest.py). WORKERS=0 runs in one process; WORKERS=4 picks the count.
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(WORKERS)

test: install
	$(PYTEST)

test-fast: install
	$(PYTEST) -m "not browser"

# Starts nothing: runs against the (empty) PostgreSQL database you name, as CI does.
test-postgres: install
	@case "$$TRACKER_TEST_DATABASE_URL" in postgresql*) ;; *) \
		echo "Set TRACKER_TEST_DATABASE_URL=postgresql+psycopg://user:pass@127.0.0.1/dbname"; \
		echo "(an empty database; its role needs CREATEDB for the parallel workers' own)"; \
		exit 2;; esac
	$(PYTEST)

coverage: install
	$(PYTEST) --cov --cov-report=term --cov-report=html

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: db
	$(BIN)/python bench/bench_search.py

# Loopback only, bounded; installs locust (the [bench] extra) on first use.
load: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run_load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts .coverage .coverage.*
