# Souk — `make help` lists the targets.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-dev run port-free migrate demo test test-all lint hooks format check bench worker clean

# Every link Souk prints or mails (sign-on, sign-up, e-mails) carries the port
# `make run` serves on; `make test` leaves it out (the test settings pin it empty).
run port-free demo migrate: export PLATFORM_PORT ?= $(PORT)

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Souk needs $(PYTHON)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[embedded]'
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install Souk

install-dev: $(VENV)/.installed-dev ## Install Souk with the test and lint tools

migrate: install ## Migrate the public schema, every shop and the shop template
	$(PY) manage.py migrate_schemas --verbosity 0

demo: migrate ## Seed the demo platform (two shops and their owners; idempotent; e-mails to .data/demo-emails/)
	$(PY) manage.py seed_demo

port-free: ## Fail at once if PORT (default 8000) is taken on HOST (make run checks it first)
	@command -v $(PYTHON) >/dev/null || { echo "Souk needs $(PYTHON)"; exit 1; }
	@$(PYTHON) -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((sys.argv[1], int(sys.argv[2])))' $(HOST) $(PORT) 2>/dev/null \
	  || { echo "Port $(PORT) on $(HOST) is already in use. Stop what uses it, or pick another: make run PORT=8123"; exit 1; }

run: port-free demo ## Run Souk on http://localhost:8000, shops at http://<shop>.localhost:8000 (another port: make run PORT=8123)
	@$(PY) manage.py runserver $(HOST):$(PORT) & server=$$!; \
	trap 'kill $$server 2>/dev/null; wait $$server 2>/dev/null; exit 0' INT TERM; \
	$(PY) -c 'import socket, sys, time; any(socket.socket().connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 or time.sleep(0.2) for _ in range(300))' $(HOST) $(PORT); \
	$(PY) manage.py seed_demo --summary; \
	wait $$server

worker: install ## Run a Celery worker (needs REDIS_URL or CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config worker --loglevel INFO

test: install-dev ## Run the test suite (embedded PostgreSQL unless DATABASE_URL is set)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev ## ruff, the import layers and cycles, Django's checks and the migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pytest tests/architecture -q
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

hooks: install-dev ## Install the git pre-commit hook (what make lint runs, .pre-commit-config.yaml)
	$(VENV)/bin/pre-commit install

format: install-dev ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-dev ## Run the benchmarks in bench/ and rewrite docs/benchmarks.md
	$(PY) bench/run.py

clean: ## Remove the virtualenv and the embedded data (.data/)
	-$(PY) -c "import pgserver" 2>/dev/null && $(VENV)/bin/python -c "import pgserver; pgserver.get_server('.data/postgres', cleanup_mode='stop')" || true
	rm -rf $(VENV) .data staticfiles

.PHONY: api-fuzz api-openapi
api-fuzz: install-dev ## Longer schemathesis run of both APIs (200 examples per operation)
	SOUK_SCHEMATHESIS_EXAMPLES=200 $(VENV)/bin/pytest tests/api/test_schemathesis.py

api-openapi: install ## Rewrite docs/api/*.json from the code (tests/api/test_openapi.py checks them)
	$(PY) manage.py api_openapi
