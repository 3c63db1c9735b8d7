# Two commands on a fresh machine:  `make run`  (the bot; a sandbox chat without a token)  and  `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/thidua-bot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q -n 2 --durations=10

bench: $(STAMP)
	$(BIN)/python bench/roundtrip.py
	$(BIN)/python bench/reminders.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
