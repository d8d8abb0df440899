# Two commands do all the set-up on a fresh machine (see README):
#   make check   - install into .venv and check the real Cremasco 2021 plan
#   make test    - install into .venv and run the tests
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# durable-rules ships as C source only; on Python 3.13 it needs this define to import.
DURABLE_CPPFLAGS := $(shell $(PY) -c 'import sys; print("-DPyEval_CallObject=PyObject_CallObject" if sys.version_info >= (3, 13) else "")' 2>/dev/null)

.PHONY: install check test rules-test schema bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	CPPFLAGS="$(DURABLE_CPPFLAGS)" $(BIN)/python -m pip install -q --no-cache-dir -e ".[test,mappa]"
	touch $@

# Exit code 1 means "the plan has at least one violation", which is a valid result here.
check: install
	@$(BIN)/compliance check cases/cremasco-2021.yaml; status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi

test: install
	$(BIN)/python -m pytest

rules-test: install
	$(BIN)/compliance rules test

# Benchmarks, not part of the tests: medians and ratios against plain Python.
bench: install
	$(BIN)/python benchmarks/bench.py

schema: install
	@$(BIN)/compliance schema

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
