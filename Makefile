# make report   build the HTML and PDF report (EDITION=data/raw/<edition>, RENDERER=auto|quarto|fallback)
# make test     ruff check, then the test suite
# Both create .venv and install the pinned dependencies first, again whenever pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EDITION ?=
RENDERER ?= auto
OUT ?= report/_output

.PHONY: report test venv clean

report: $(STAMP)
	$(BIN)/python -m competency_framework report $(if $(EDITION),--edition $(EDITION)) --renderer $(RENDERER) --out $(OUT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test,reconstruct]'
	touch $@

# Generated files only; the venv stays (delete .venv yourself for a clean install).
clean:
	rm -rf report/_output report/executed .quarto
