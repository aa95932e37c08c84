# Two commands for a new user: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PORT ?= 8000
# Test processes (pytest-xdist): one per CPU by default; TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint format bench messages clean-venv

# A Python >= 3.12 found on this machine (python3.13, python3.12, pyenv's, uv's...).
$(VENV)/.created:
	@set -e; py="$$(scripts/find-python)"; \
	  echo "Using $$py ($$($$py --version))"; \
	  "$$py" -m venv $(VENV); \
	  $(PIP) install --quiet --upgrade pip; \
	  touch $@

$(VENV)/.installed: $(VENV)/.created requirements.txt
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed
	@scripts/ensure-fonts --soft
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_site
	$(PY) manage.py load_demo
	@echo "Task worker: started in the background (log: .local/worker.log)"
	@mkdir -p .local; $(PY) manage.py db_worker > .local/worker.log 2>&1 & echo $$! > .local/worker.pid
	@trap 'kill $$(cat .local/worker.pid) 2>/dev/null' EXIT INT TERM; \
	  echo "Serving http://127.0.0.1:$(PORT)/  (Ctrl-C stops the site and the worker)"; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	@scripts/ensure-browser
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev
	@scripts/ensure-bench-tools
	$(PY) -m bench

# Refresh both translation catalogues from the code and templates.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

clean-venv:
	rm -rf $(VENV)
