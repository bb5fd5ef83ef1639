# Two commands on a fresh machine: `make demo` and `make test`.
# Both create (or reuse) .venv and install the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export INFOBOX_TOOLS_CORPUS ?= $(abspath ../shared/corpus)

.PHONY: demo test golden lint typecheck bench venv clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/infobox-tools convert fixtures/invasion_of_south_sakhalin.txt --to json -o out/invasion_of_south_sakhalin.json
	$(BIN)/infobox-tools convert fixtures/invasion_of_south_sakhalin.txt --to csv -o out/invasion_of_south_sakhalin.csv
	$(BIN)/infobox-tools convert fixtures/invasion_of_south_sakhalin.txt --to csv --csv-shape wide -o out/invasion_of_south_sakhalin.wide.csv
	$(BIN)/infobox-tools convert fixtures/invasion_of_south_sakhalin.txt --to tei -o out/invasion_of_south_sakhalin.tei.xml
	@echo "wrote out/invasion_of_south_sakhalin.{json,csv,wide.csv,tei.xml}"
	cat out/invasion_of_south_sakhalin.json

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

SIZE ?= 50
bench: $(STAMP)
	$(BIN)/python bench/bench.py $(SIZE)

golden: $(STAMP)
	INFOBOX_TOOLS_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py -q
	git diff --stat fixtures/golden

clean:
	rm -rf $(VENV) out .pytest_cache
