# The two commands of the README: `make run` and `make test`. Both set up .venv when needed.

VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: run test lint

run: $(VENV)/.installed
	$(BIN)/fleetcrew run --demo

test: $(VENV)/.installed-dev
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(BIN)/python:
	python3 -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last install (the stamp files).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e '.[dev]'
	touch $@ $(VENV)/.installed
