# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
PORT ?= 8000
# The development settings build the links in e-mails from it.
export PORT
# The load scenario of `make bench` (locust): how long and how many simulated people.
LOAD_DURATION ?= 90s
LOAD_USERS ?= 30
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Compiled modules are kept inside the virtualenv (never beside the sources), also where the
# environment says not to write them: otherwise every process of `make test` (each pytest
# worker, each server a test starts) compiles every module it imports again, about 3 s each.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache
export DJANGO_SETTINGS_MODULE ?= network_portal.settings.dev
# pytest reads its settings from pyproject.toml, but an exported DJANGO_SETTINGS_MODULE wins.
TEST_SETTINGS := network_portal.settings.test
# Parallel test processes (pytest-xdist), each with its own database, media folder, live server
# and Chromium. Whichever process is free takes the next test; a production module stays in one
# process (tests/conftest.py marks its xdist_group).
TEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup

.PHONY: run test quick install checkers db db-stop migrate messages compilemessages lint format pytest bench backup restore clean

run: install db migrate compilemessages ## Set up everything and serve the portal with demo content
	$(MANAGE) load_demo
	@echo ""
	@echo "  The portal:     http://127.0.0.1:$(PORT)/"
	@echo "  Administration: http://127.0.0.1:$(PORT)/cs/sprava/"
	@echo "  Demo logins (password: $${DEMO_PASSWORD:-zdrave-mesto-demo}):"
	@echo "    staff@example.org              network staff"
	@echo "    koordinator.tachov@example.org coordinator of Tachov"
	@echo ""
	@echo "  The background worker (e-mail queue, waiting-list offers, reminders) runs alongside."
	$(MANAGE) run_with_worker 127.0.0.1:$(PORT)

# The browser tests run on their own after the others: Playwright keeps an event loop running
# in its process, and a test after it there could not defer a job (asgiref's async_to_sync).
# The first run builds the test databases afresh and keeps them; the second reuses them.
test: install checkers db compilemessages lint ## Set up everything and run every check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check_translations
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_PARALLEL) --create-db --reuse-db -m "not browser"
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_PARALLEL) --reuse-db -m browser

# Daily work: the fast tests on a kept database (no browser, production image, sweeps or lint).
quick: install db compilemessages ## The fast tests only (make test stays the full gate)
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_PARALLEL) --reuse-db \
		-m "not browser and not production and not sweep" $(ARGS)

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependencies change; the constraints file pins every version.
# --no-compile: Python compiles a module when it is first imported, so the thousands of modules
# of the dependencies that nothing imports are not compiled (the saving: README, Benchmarks).
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-compile -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The W3C Nu HTML checker (vnu.jar from the npm registry, pinned by package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

checkers: node_modules/.installed

db: install ## Make sure the database is there (DATABASE_URL, or this checkout's own cluster)
	$(BIN)/python -m network_portal.devdb start

db-stop: ## Stop this checkout's own PostgreSQL cluster
	$(BIN)/python -m network_portal.devdb stop

migrate: db
	$(MANAGE) migrate --noinput

compilemessages: install
	$(MANAGE) compilemessages --ignore=.venv --verbosity=0

messages: install ## Update the catalogues after changing user-facing strings
	$(MANAGE) update_catalogues

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

pytest: install db compilemessages
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/pytest $(ARGS)

# Synthetic data at realistic volumes in a database of its own (never the demo database).
bench: install db ## Generate members, examples and events at realistic volumes and measure them
	$(eval BENCH_URL := $(or $(BENCH_DATABASE_URL),$(shell $(BIN)/python -m network_portal.devdb url network_portal_bench --fresh)))
	DATABASE_URL=$(BENCH_URL) $(MANAGE) migrate --noinput --verbosity=0
	DATABASE_URL=$(BENCH_URL) $(MANAGE) generate_register
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_members --runs 30
	DATABASE_URL=$(BENCH_URL) $(MANAGE) generate_practices --count 50000
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_search --runs 300
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_search --runs 300 --language en
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_search_design --runs 40
	DATABASE_URL=$(BENCH_URL) $(MANAGE) generate_events --events 20000 --registrations 200000
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_events --runs 30
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_registration --requests 200 --capacity 10
	DATABASE_URL=$(BENCH_URL) $(MANAGE) load_demo
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_http
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_pages
	DATABASE_URL=$(BENCH_URL) $(MANAGE) benchmark_writes
	DATABASE_URL=$(BENCH_URL) $(MANAGE) load_test --duration $(LOAD_DURATION) --users $(LOAD_USERS)

# A dated folder under BACKUP_DIR (default backups/): database.dump (pg_dump -Fc), media.tar.gz
# and manifest.json with checksums. Uses DATABASE_URL and MEDIA_ROOT, or this checkout's cluster.
backup: install db ## Dump the database and archive the uploaded media into a dated folder
	$(MANAGE) backup $(if $(BACKUP_DIR),--dir $(BACKUP_DIR))

# Into an empty database and media folder only (FORCE=1 replaces what they hold).
restore: install db ## Restore a backup: make restore FROM=backups/2026-11-21T0300
	@test -n "$(FROM)" || (echo "Say which backup: make restore FROM=backups/<folder>"; exit 2)
	$(MANAGE) restore $(FROM) $(if $(FORCE),--force)

clean: db-stop
	rm -rf $(VENV) .pgdata staticfiles staticfiles-manifest media
