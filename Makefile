# thuis — set-up and run. `make demo` and `make test` do everything on a fresh Debian machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UIT    ?= out

# Debian libraries WeasyPrint needs (Pango, fontconfig) or benefits from (HarfBuzz subsetting makes
# PDF writing much faster); poppler-utils and qpdf serve the tests and looking at pages, zbar-tools
# reads back the QR codes on the poster and slides; chromium,
# its driver and npm (for axe-core; Debian's, unless an npm is already there) check the web page in a
# real browser.
SYSTEM_PACKAGES      := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
TEST_SYSTEM_PACKAGES := poppler-utils qpdf zbar-tools chromium chromium-driver $(if $(shell command -v npm),,npm)
AXE := tests/axe/node_modules/axe-core/axe.min.js
APT := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)

.PHONY: install install-test system-deps system-deps-test demo test test-fast lint golden check clean sample-data bench beelden bekijk lock

# The editable install runs the modules from src/: compile them on every install (quick when nothing
# changed), so no start compiles them again; PYTHONDONTWRITEBYTECODE=1 would otherwise make every start
# do it. A wheel install is compiled by pip itself.
install: system-deps $(BIN)/.installed
	@$(BIN)/python -m compileall -q src

install-test: system-deps system-deps-test $(BIN)/.installed $(AXE)
	@$(BIN)/python -m compileall -q src

system-deps:
	@./scripts/apt-ensure.sh "$(APT)" $(SYSTEM_PACKAGES)

system-deps-test:
	@./scripts/apt-ensure.sh "$(APT)" $(TEST_SYSTEM_PACKAGES)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "thuis installeert uit een lock voor Python 3.11 ($(PYTHON) is $$($(PYTHON) -V 2>&1)); geef PYTHON=python3.11 mee."; exit 2; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { ./scripts/apt-ensure.sh "$(APT)" python3-venv && $(PYTHON) -m venv $(VENV); }

# Everything comes from the committed lock, with its hashes: the program, the test tools, pip itself and
# hatchling (so building thuis fetches no unlocked build environment). `make lock` refreshes it.
$(BIN)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
	@touch $@

# The lock, refreshed from pyproject.toml (and requirements/tools.in) for Python 3.11 on Linux: one version
# per package (no environment markers), with the hashes of every file of that version; then the venv is
# reinstalled from it and the whole suite runs. Commit requirements.lock only when that passes.
lock: $(BIN)/.installed
	$(BIN)/uv pip compile pyproject.toml requirements/tools.in --extra test --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --generate-hashes --quiet -o requirements.lock
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $(BIN)/.installed
	$(MAKE) test

# axe-core, the accessibility rule engine the web page test runs in the browser, at the version and
# integrity hash of tests/axe/package-lock.json (not committed: tests/axe/node_modules).
$(AXE): tests/axe/package-lock.json
	npm ci --prefix tests/axe --no-audit --no-fund --silent
	@touch $@

demo: install
	$(BIN)/thuis check
	$(BIN)/thuis batch --uit $(UIT)
	$(BIN)/thuis brief --dienst ruimte --gemeente leuven --uit $(UIT)/opvolging --antwoorden sample_data/bevraging/bevraging-leuven-limesurvey.csv --koppeling sample_data/bevraging/bevraging-leuven-limesurvey.yaml --marges sample_data/bevraging/marges-leuven.csv
	@echo "Klaar: het voorbeeldpakket (briefings, infografieken, intervisiewerkboek) staat in $(UIT)/"

# The static checks run first (seconds), then the suite; ruff and mypy are configured in pyproject.toml.
lint: install
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy

# The suite on every core (pytest-xdist), a test file's tests on one worker (--dist loadfile), so that
# a module's expensive fixtures (a rendered workbook) are made once, not once per worker; the longest
# files first (tests/conftest.py SLOW_FIRST, kept in that order by --no-loadscope-reorder); see
# docs/ontwerp.md "De testreeks".
test: install-test lint
	$(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

test-fast: install-test  # everything but the slow end-to-end tests (make test runs them all)
	$(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder -m "not slow"

golden: install  # regenerate the golden files; review the change with 'git diff tests/golden'
	$(BIN)/python tests/test_golden.py --write

sample-data: install
	$(BIN)/python scripts/genereer_voorbeeldgegevens.py

beelden: install system-deps-test  # the pictures in the README (docs/beelden/); commit them with bron.txt
	$(BIN)/python scripts/beelden.py

bekijk: install system-deps-test  # the current products as pictures to look at (not committed)
	$(BIN)/python scripts/bekijk.py

bench: install-test
	$(BIN)/python benchmarks/briefs.py

clean:
	rm -rf $(UIT) .pytest_cache build dist
