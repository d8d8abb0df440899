# Two commands do all the set-up on a fresh machine (see README):
#   make check   - install into .venv and check the real Cremasco 2021 plan
#   make test    - install into .venv, install the Debian packages the tests need if missing, run the tests
# Dependencies are installed at the versions of constraints.txt (the lock); `make lock` resolves
# them again to the newest versions allowed by pyproject.toml, rewrites it and runs the tests.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LOCK := constraints.txt
LOCK_VENV := .venv-lock
# durable-rules ships as C source only; on Python 3.13 it needs this define to import.
DURABLE_CPPFLAGS := $(shell $(PY) -c 'import sys; print("-DPyEval_CallObject=PyObject_CallObject" if sys.version_info >= (3, 13) else "")' 2>/dev/null)

.PHONY: install check test system-packages lock rules-test schema bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py $(LOCK)
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c $(LOCK) --upgrade pip
	@# PYTHONWARNINGS: setuptools' boxed note that an editable install reads the checkout (the point of it)
	PYTHONWARNINGS="ignore:Editable installation" CPPFLAGS="$(DURABLE_CPPFLAGS)" $(BIN)/python -m pip install \
	  -q --no-cache-dir -c $(LOCK) --build-constraint $(LOCK) -e ".[test,mappa]"
	touch $@

# Exit code 1 means "the plan has at least one violation", which is a valid result here.
check: install
	@$(BIN)/compliance check cases/cremasco-2021.yaml; status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi

test: install system-packages
	$(BIN)/python -m pytest

# Programs the tests use besides Python's: Chromium (browser tests, screenshots), poppler-utils
# (document import), LibreOffice Calc (spreadsheets as a clerk's program opens them), Pango
# (WeasyPrint's PDF/A). Missing: installed with apt-get as root (or sudo without a password);
# otherwise the tests do not start and tools/system-packages.sh says what to install.
system-packages: install
	@PY=$(BIN)/python tools/system-packages.sh

# Refresh the lock: newest versions that pyproject.toml allows, in a throw-away venv; then the
# tests run on them (commit constraints.txt only if they pass).
lock:
	rm -rf $(LOCK_VENV)
	$(PY) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install -q --upgrade pip
	CPPFLAGS="$(DURABLE_CPPFLAGS)" $(LOCK_VENV)/bin/python -m pip install -q --no-cache-dir ".[test,mappa]"
	{ echo "# The versions the tests pass with (pip constraints; make install uses them)."; \
	  echo "# Refresh: make lock (resolves again, rewrites this file, runs the tests)."; \
	  echo "# Made with $$($(LOCK_VENV)/bin/python -c 'import platform; print("Python", platform.python_version())') on $$(date -u +%Y-%m-%d)."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude compliance; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf $(LOCK_VENV) build compliance.egg-info
	$(MAKE) test

rules-test: install
	$(BIN)/compliance rules test

# Benchmarks, not part of the tests: medians and ratios against plain Python.
bench: install
	$(BIN)/python benchmarks/bench.py

schema: install
	@$(BIN)/compliance schema

clean:
	rm -rf $(VENV) $(LOCK_VENV) *.egg-info .pytest_cache build dist
