# Two commands on a fresh machine: `make demo` and `make test`.
# Both create (or reuse) .venv and install the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export INFOBOX_TOOLS_CORPUS ?= $(abspath ../shared/corpus)

.PHONY: demo test golden lint typecheck bench fuzz venv clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,dev]'
	$(BIN)/python -m compileall -q src  # as pip does for an installed package (PYTHONDONTWRITEBYTECODE may be set)
	$(BIN)/python -c 'from infobox_tools.normalize.registry import precompile; precompile()'  # the registry's cache, likewise
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
	$(BIN)/python -m pytest --cov=infobox_tools --cov-report=term:skip-covered --cov-fail-under=90

lint: $(STAMP)
	$(BIN)/ruff check src tests bench fuzz

typecheck: $(STAMP)
	$(BIN)/mypy

SIZE ?= 48.7
bench: $(STAMP)
	$(BIN)/python bench/bench.py $(SIZE)

FUZZ_SECONDS ?= 30
FUZZ_SEEDS_pipetext := $(INFOBOX_TOOLS_CORPUS)/pipetext/trafilatura-1.12.2 $(INFOBOX_TOOLS_CORPUS)/pipetext/trafilatura-2.2.0
FUZZ_SEEDS_wikitext := $(INFOBOX_TOOLS_CORPUS)/wikitext/wtf_wikipedia_cache
FUZZ_SEEDS_html := $(INFOBOX_TOOLS_CORPUS)/html/enterprise_parser/testdata

# Coverage-guided fuzzing of the three readers with atheris; crashes land in fuzz/crashes/<form>/,
# which tests/test_hostile.py replays as regression tests.
fuzz: $(STAMP)
	$(BIN)/python -c 'import atheris' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[fuzz]'
	set -e; for form in pipetext wikitext html; do \
	  mkdir -p fuzz/work/$$form fuzz/crashes/$$form; \
	  echo "== fuzz $$form ($(FUZZ_SECONDS) s)"; \
	  $(BIN)/python fuzz/fuzz_reader.py $$form -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
	    -max_len=65536 -dict=fuzz/tokens.dict -artifact_prefix=fuzz/crashes/$$form/ -print_final_stats=1 \
	    fuzz/work/$$form $(FUZZ_SEEDS_$$form); \
	done

golden: $(STAMP)
	INFOBOX_TOOLS_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py -q
	git diff --stat fixtures/golden

clean:
	rm -rf $(VENV) out .pytest_cache
