# Jiha — two commands: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JIHA := $(BIN)/jiha
STAMP := $(VENV)/.installed
ASSETS := jiha/portal/static/dist/jiha.js

.PHONY: run test install assets lint typecheck pytest clean worker

# A local clamd scans uploads when ClamAV is installed; without it uploads are refused clearly.
run: install assets
	-@[ -x /usr/sbin/clamd ] && tools/clamd-local.sh start || echo "clamd not started (apt-get install clamav-daemon): document uploads will be refused"
	$(JIHA) up --demo 127.0.0.1:8000

test: install assets lint typecheck pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: $(ASSETS)

$(ASSETS): node_modules/.package-lock.json frontend/build.mjs $(wildcard frontend/src/*.js)
	npm run --silent build

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy jiha tools
	$(BIN)/mypy --strict jiha/engines jiha/legislation

# The suite runs on every core with pytest-xdist (worksteal scheduling, see
# docs/decisions/0035); `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= auto
PYTEST_DIST ?= worksteal

pytest: install assets
	@$(BIN)/pytest -n $(PYTEST_WORKERS) --dist $(PYTEST_DIST) $(PYTEST_ARGS); code=$$?; \
	if [ $$code -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	exit $$code

worker: install
	$(JIHA) worker

clean:
	rm -rf $(VENV) node_modules jiha/portal/static/dist
