# One command to run the portal, one to test it (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run test lint fmt worker bench migrate demo messages clean backup restore

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# Celery beat runs beside the web server so that scheduled work (catalogue packets) happens
# without a manual step; on the embedded default its tasks execute inside the beat process.
run: demo
	$(VENV)/bin/celery -A ocop_portal beat --loglevel=WARNING & beat=$$!; \
	trap 'kill $$beat 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key} $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

fmt: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: $(VENV)/.runtime
	$(VENV)/bin/celery -A ocop_portal worker --beat --loglevel=INFO --concurrency=2

bench: $(VENV)/.dev
	$(PY) -m bench.matchmaking --quick
	$(PY) -m bench.scheduler --quick
	$(PY) -m bench.packets --quick

messages: $(VENV)/.runtime
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) var

# Backups of a PostgreSQL deployment: `make backup [BACKUP_DIR=...]`, `make restore BACKUP_DIR=...`.
backup:
	bin/backup $(BACKUP_DIR)

restore:
	@test -n "$(BACKUP_DIR)" || (echo "usage: make restore BACKUP_DIR=var/backups/<timestamp>" && exit 2)
	bin/restore $(BACKUP_DIR)
