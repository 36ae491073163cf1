# Newcomer commands: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run serve test bench bench-large loadbench lint format messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo
	@echo "Open http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn with DEBUG=0 against DATABASE_URL (docs/deployment.md). SECRET_KEY,
# ALLOWED_HOSTS and DATABASE_URL come from the environment; nothing is loaded as a demo.
serve: $(VENV)/.installed
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (and SECRET_KEY, ALLOWED_HOSTS): see docs/deployment.md" >&2; exit 1; }
	DEBUG=0 $(PY) manage.py migrate --no-input -v1
	DEBUG=0 $(PY) manage.py collectstatic --no-input -v0
	DEBUG=0 $(VENV)/bin/gunicorn -c gunicorn.conf.py

# The whole suite on SQLite, then on a throwaway PostgreSQL cluster (scripts/test.sh).
test: $(VENV)/.installed
	bash scripts/test.sh

bench: $(VENV)/.installed
	$(PY) scripts/bench_import.py
	$(PY) scripts/bench_registrations.py
	$(PY) scripts/bench_evaluations.py
	$(PY) scripts/bench_accounts.py
	$(PY) scripts/bench_progress.py
	$(PY) scripts/bench_keyboard.py
	$(PY) scripts/bench_todo.py
	$(PY) scripts/bench_dashboards.py
	$(PY) scripts/pg_cluster.py run -- $(PY) scripts/bench_pages.py

# The hot pages at ten times the school (3,000 branches, 150,000 members): about 15 minutes.
bench-large: $(VENV)/.installed
	RENLUYEN_BENCH_FEDERATIONS=100 $(PY) scripts/pg_cluster.py run -- $(PY) scripts/bench_pages.py

# Pages under load with gunicorn and wrk against a bare Django floor, at 15,000 and 150,000
# members on a throwaway PostgreSQL cluster, then py-spy on each page (docs/performance.md).
# About 30 minutes; LOADBENCH_ARGS="--sizes 10 --duration 8" for the first size only.
loadbench: $(VENV)/.installed
	$(PY) scripts/loadbench/run.py --profile $(LOADBENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the translation catalogs after changing user-facing text.
messages: $(VENV)/.installed
	cd renluyen && ../$(PY) ../manage.py makemessages -l vi -l en --no-obsolete
	cd renluyen && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
