# Two commands do all the set-up on a fresh machine (see README):
#   make check   - install into .venv and check the real Cremasco 2021 plan
#   make test    - install into .venv, install Chromium if missing (PDF tests), run the tests
# Dependencies are installed at the versions of constraints.txt (the lock); `make lock` resolves
# them again to the newest versions allowed by pyproject.toml, rewrites it and runs the tests.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LOCK := constraints.txt
LOCK_VENV := .venv-lock
# durable-rules ships as C source only; on Python 3.13 it needs this define to import.
DURABLE_CPPFLAGS := $(shell $(PY) -c 'import sys; print("-DPyEval_CallObject=PyObject_CallObject" if sys.version_info >= (3, 13) else "")' 2>/dev/null)

.PHONY: install check test chromium lock rules-test schema bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py $(LOCK)
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c $(LOCK) --upgrade pip
	@# PYTHONWARNINGS: setuptools' boxed note that an editable install reads the checkout (the point of it)
	PYTHONWARNINGS="ignore:Editable installation" CPPFLAGS="$(DURABLE_CPPFLAGS)" $(BIN)/python -m pip install \
	  -q --no-cache-dir -c $(LOCK) --build-constraint $(LOCK) -e ".[test]"
	touch $@

# Exit code 1 means "the plan has at least one violation", which is a valid result here.
check: install
	@$(BIN)/compliance check cases/cremasco-2021.yaml; status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi

test: install chromium
	$(BIN)/python -m pytest

# The PDF report and the audit page are tested in headless Chromium (Debian package "chromium").
# Missing: installed with apt-get as root (or with sudo, if it needs no password); otherwise the
# tests do not start and this says what to do (they never skip).
FIND_CHROMIUM := $(BIN)/python -c 'import sys; from compliance.report.pdf import find_chromium; sys.exit(find_chromium() is None)'
chromium: install
	@if $(FIND_CHROMIUM); then exit 0; fi; \
	if [ -n "$$COMPLIANCE_CHROMIUM" ]; then \
	  echo "make test: COMPLIANCE_CHROMIUM=$$COMPLIANCE_CHROMIUM names no program: fix or unset it." >&2; exit 1; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Chromium missing: apt-get install chromium"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  echo "Chromium missing: sudo apt-get install chromium"; \
	  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -q && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi; \
	if ! $(FIND_CHROMIUM); then \
	  echo "make test: the PDF and browser tests need Chromium, and it is missing." >&2; \
	  echo "  Install it as root (Debian: apt-get install chromium), or name the program in" >&2; \
	  echo "  COMPLIANCE_CHROMIUM=/path/to/chromium, then run make test again." >&2; \
	  exit 1; \
	fi

# Refresh the lock: newest versions that pyproject.toml allows, in a throw-away venv; then the
# tests run on them (commit constraints.txt only if they pass).
lock:
	rm -rf $(LOCK_VENV)
	$(PY) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install -q --upgrade pip
	CPPFLAGS="$(DURABLE_CPPFLAGS)" $(LOCK_VENV)/bin/python -m pip install -q --no-cache-dir ".[test]"
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
