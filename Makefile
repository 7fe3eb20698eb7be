# kanwu: two commands on a fresh machine with Python 3.11 and make.
#   make site   set up .venv/ and build the sample site into site/
#   make test   set up .venv/ and run every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint format serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/kanwu build --content content --output site
	@echo "预览:$(BIN)/kanwu serve(实时预览),或 python3 -m http.server -d site 8000 后打开 http://127.0.0.1:8000/"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: $(STAMP)
	$(BIN)/kanwu serve --content content

clean:
	rm -rf $(VENV) site .site.* .pytest_cache .ruff_cache
