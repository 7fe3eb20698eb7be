# kanwu: two commands on a fresh machine with Python 3.11 and make.
#   make site   set up .venv/ and build the sample site into site/
#   make test   set up .venv/ and run every test
#   make bench  set up .venv/ and compare kanwu with Hugo + Pagefind on a ten-year archive
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test

.PHONY: site test bench lint format serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	$(BIN)/python -m compileall -q generator
	touch $@

$(TESTING): pyproject.toml $(RUNTIME)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

site: $(RUNTIME)
	@# Each issue and 通报 is offered as PDF, printed by Debian's chromium:
	@# installed when missing (as root); without it the site offers no downloads.
	@if bash tools/ensure-chromium.sh; then \
	  $(BIN)/kanwu build --content content --output site; \
	else \
	  echo "没有 Chromium：本次生成的站点不提供 PDF 和 Word 下载。"; \
	  KANWU_DOCUMENTS=false $(BIN)/kanwu build --content content --output site; \
	fi
	@echo "预览：运行 $(BIN)/kanwu serve（实时预览），或 python3 -m http.server -d site 8000 后打开 http://127.0.0.1:8000/"

test: $(TESTING)
	bash tools/ensure-chromium.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@# On every core; a test file's tests stay together (they share its fixtures).
	$(BIN)/python -m pytest -n auto --dist loadfile
	@# The tests that drive the engine, again on ProperDocs, MkDocs' maintained
	@# fork (README「站点引擎」; tests/build/test_engines.py compares the sites).
	KANWU_ENGINE=properdocs $(BIN)/python -m pytest -n auto --dist loadfile -m engine

bench: $(TESTING)
	bash tools/ensure-chromium.sh
	$(BIN)/python -m benchmarks.run --json bench.json

lint: $(TESTING)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TESTING)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: $(RUNTIME)
	$(BIN)/kanwu serve --content content

clean:
	rm -rf $(VENV) site .site.* .pytest_cache .ruff_cache bench.json
