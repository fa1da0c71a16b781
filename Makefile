# make report   build the HTML site and the PDF (EDITION=data/raw/<edition>, RENDERER=auto|quarto|fallback,
#               JOBS=<notebooks run at once, default: every core>, PROFILES=1|0: with or without
#               the per-institute profiles; default: with them for a collected edition only, as
#               a reconstructed edition's profiles are illustrative; PREVIOUS=data/raw/<edition>:
#               add the chapter on what changed since that edition, by default the one the
#               edition's datapackage.json names as "previous"; PREVIOUS=none: no such chapter)
# make test     ruff check, mypy (the type checker, configured in pyproject.toml), then the test
#               suite (installs axe-core from npm for the browser test)
# make test-fast  ruff check, then the tests not marked `build` (no report builds, notebook runs,
#               browser or subprocesses): under a minute
# make bench    benchmarks: the report build at 1x and 50x (time, peak memory), load, statistics,
#               figures, audit at 1x-1,000x (BENCH="--quick", "--build-scales 1,50", see --help)
# Each creates .venv and installs the pinned dependencies first, again whenever pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
EDITION ?=
RENDERER ?= auto
OUT ?= report/_output
JOBS ?=
PROFILES ?=
PREVIOUS ?=
ifneq ($(filter-out 0 1,$(PROFILES)),)
$(error PROFILES=$(PROFILES): use PROFILES=1 (with the institute profiles) or PROFILES=0)
endif

.PHONY: report test test-fast venv clean bench

report: $(STAMP)
	$(if $(JOBS),REPORT_JOBS=$(JOBS) )$(BIN)/python -m competency_framework report $(if $(EDITION),--edition $(EDITION)) --renderer $(RENDERER) --out $(OUT)$(if $(filter 1,$(PROFILES)), --profiles)$(if $(filter 0,$(PROFILES)), --no-profiles)$(if $(filter none,$(PREVIOUS)), --no-previous,$(if $(PREVIOUS), --previous $(PREVIOUS)))

test: $(STAMP) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not build"

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH)

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test,reconstruct]'
	touch $@

# axe-core, pinned in package-lock.json, for the accessibility test (skipped without npm,
# except in CI, where .ci/run installs npm first)
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility test will be skipped (apt-get install npm)"; fi

# Generated files only; the venv stays (delete .venv yourself for a clean install).
clean:
	rm -rf report/_output report/executed .quarto
