# One place for the commands the README gives. Every target sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint eval baseline index browser wrk bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch is pinned in pyproject.toml to the CPU build these machines carry.
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## install, build the index if missing, serve on http://127.0.0.1:8000
	$(BIN)/qa-service serve

index: $(STAMP)
	$(BIN)/qa-service build-index

lint: $(STAMP)
	$(BIN)/ruff check qa_service tests
	$(BIN)/ruff format --check qa_service tests

browser:  ## Debian's Chromium for the widget's browser tests (Playwright's own download cannot work offline)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

wrk:  ## Debian's wrk, the benchmark's HTTP load generator (without it the benchmark loads from Python threads)
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

test: $(STAMP) lint browser  ## lint, the whole test suite, and the answer-quality gate
	$(BIN)/python -m pytest -q
	$(BIN)/qa-service eval --split test --compare eval/baseline.json

eval: $(STAMP)
	$(BIN)/qa-service eval --split test

baseline: $(STAMP)  ## deliberately accept the current quality as the new baseline
	$(BIN)/qa-service eval --split test --update-baseline eval/baseline.json

bench: $(STAMP) wrk  ## latency against the one-embedding floor, the server under load, start-up, memory, growth
	$(BIN)/qa-service bench
