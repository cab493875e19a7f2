# Sambruk CRM — see README.md. `make run`, `make demo` and `make test` are all a new user needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Development server settings: DEBUG on, embedded SQLite unless DATABASE_URL says otherwise.
DEV_ENV := DEBUG=true
# The demo: a database of its own, never db.sqlite3.
DEMO_ENV := DEBUG=true DATABASE_URL=sqlite:///demo.sqlite3

.PHONY: run demo test install setup lint format messages schema bench load clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.3"
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

setup: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_municipalities
	$(DEV_ENV) $(PY) manage.py ensure_admin

run: setup
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# demo.sqlite3, filled with seed_demo's data once, and a case officer whose new password is
# printed each time.
demo: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py demo_setup
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest --numprocesses auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(DEV_ENV) $(PY) manage.py makemessages --locale sv --no-obsolete --ignore ".venv/*"
	$(DEV_ENV) $(PY) manage.py compilemessages --locale sv --ignore ".venv/*"

# The API's OpenAPI schema, committed so that a change to it shows in review (a test fails
# while it is stale).
schema: install
	$(DEV_ENV) $(PY) manage.py spectacular --validate --fail-on-warn --lang en --file api/openapi.yaml

bench: install
	$(PY) -m bench.run --scale 100 --db sqlite

load: install
	$(PY) -m pip install --quiet -e ".[dev,load]"
	$(PY) -m bench.load

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
