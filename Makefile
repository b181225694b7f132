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
AXE := tests/.npm/node_modules/axe-core/axe.min.js
APT := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)

.PHONY: install install-test system-deps system-deps-test demo test test-fast golden check clean sample-data bench beelden

# The editable install runs the modules from src/: compile them on every install (quick when nothing
# changed), so no start compiles them again; PYTHONDONTWRITEBYTECODE=1 would otherwise make every start
# do it. A wheel install is compiled by pip itself.
install: system-deps $(BIN)/.installed
	@$(BIN)/python -m compileall -q src

install-test: system-deps system-deps-test $(BIN)/.installed-test $(AXE)
	@$(BIN)/python -m compileall -q src

system-deps:
	@./scripts/apt-ensure.sh "$(APT)" $(SYSTEM_PACKAGES)

system-deps-test:
	@./scripts/apt-ensure.sh "$(APT)" $(TEST_SYSTEM_PACKAGES)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "thuis vraagt Python 3.11 of nieuwer ($(PYTHON) is te oud)."; exit 2; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { ./scripts/apt-ensure.sh "$(APT)" python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(BIN)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(BIN)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(BIN)/.installed

# axe-core, the accessibility rule engine the web page test runs in the browser (not committed).
$(AXE):
	npm install --prefix tests/.npm --no-save --no-audit --no-fund axe-core@4

demo: install
	$(BIN)/thuis check
	$(BIN)/thuis batch --uit $(UIT)
	@echo "Klaar: het voorbeeldpakket (briefings, infografieken, intervisiewerkboek) staat in $(UIT)/"

test: install-test
	$(BIN)/python -m pytest -q

test-fast: install-test  # everything but the slow end-to-end tests (make test runs them all)
	$(BIN)/python -m pytest -q -m "not slow"

golden: install  # regenerate the golden files; review the change with 'git diff tests/golden'
	$(BIN)/python tests/test_golden.py --write

sample-data: install
	$(BIN)/python scripts/genereer_voorbeeldgegevens.py

beelden: install system-deps-test  # the pictures in the README (docs/beelden/); commit them with bron.txt
	$(BIN)/python scripts/beelden.py

bench: install-test
	$(BIN)/python benchmarks/briefs.py

clean:
	rm -rf $(UIT) .pytest_cache build dist
