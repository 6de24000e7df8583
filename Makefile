# The two set-up commands: `make run` (service with demo data on SQLite) and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
export SIDEKICK_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test install install-test worker clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q -e ".[test,dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/sidekick db upgrade
	$(BIN)/sidekick demo --if-empty
	$(BIN)/sidekick run

test: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance tests/artifacts .pytest_cache
