# Bayesian Mixture Models in Python -- build, test and run the book.
# Needs make, a C++ compiler and a Python 3.12 or newer: tools/build/find_python.sh finds one
# (or says what to install); `make PYTHON=/path/to/python3.13 ...` picks one. The rest goes
# into .venv, exactly as requirements-lock.txt says.
#
#   make book       execute every page and build the website into _build/html
#   make test       unit tests + execute every page listed in _toc.yml
#   make test-one NB=notebooks/02_normal_mixture.md    execute one page
#   make lab        JupyterLab with the .md notebooks opening as notebooks
#   make ipynb      plain .ipynb copies of every chapter in ipynb/
#   make help       list all targets

PYTHON ?=
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# JupyterLab settings of `make lab`, the same as Binder's (binder/overrides.json)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
# Pages executed at the same time by `make book` (BOOK_JOBS) and `make test` (NB_WORKERS,
# pytest-xdist): one page per two cores, at least 2 (1 on a single core); tools/build/cpu_budget.py.
PAGE_JOBS := $(shell python3 tools/build/cpu_budget.py 2>/dev/null || echo 2)
NB_WORKERS ?= $(PAGE_JOBS)
NB_TIMEOUT ?= 900
# every process that executes pages or tests runs with the network blocked
# (tools/build/offline/sitecustomize.py, imported at start-up from PYTHONPATH)
OFFLINE := MIXTURE_BOOK_OFFLINE=1 PYTHONPATH=$(CURDIR)/tools/build/offline$(if $(PYTHONPATH),:$(PYTHONPATH),)

.DEFAULT_GOAL := help
.PHONY: help venv book student instructor test unit test-notebooks test-one test-site chromium bench sweep coverage lab ipynb lock clean clean-all

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): requirements-lock.txt pyproject.toml
	@# a .venv left from the Python 3.11 book is replaced: the lock needs 3.12 or newer
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "Removing $(VENV), made with $$($(PY) -V): the book needs Python 3.12 or newer"; rm -rf $(VENV); fi
	@test -x $(PY) || { python=$$(PYTHON="$(PYTHON)" sh tools/build/find_python.sh) && \
	  echo "Creating $(VENV) with $$python ($$($$python -V))" && $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip uv
	# --compile-bytecode: write the .pyc files now. uv does not by default (pip does), and where
	# PYTHONDONTWRITEBYTECODE is set (as in some CI images) every kernel would otherwise
	# recompile PyMC, PyTensor and ArviZ from source: 8 s per import against 2.5 s (measured).
	$(VENV)/bin/uv pip sync --python $(PY) --quiet --compile-bytecode requirements-lock.txt
	$(VENV)/bin/uv pip install --python $(PY) --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)  ## create .venv from the lock file (done by every other target when needed)

# The execution cache keys on each page's own code; a change to the helper
# package changes results too, so it clears the cache and Sphinx's parsed pages
# (without the latter, Sphinx would not even re-read an unchanged page).
CACHE_STAMP := _build/.jupyter_cache/.helpers-stamp
$(CACHE_STAMP): $(wildcard src/mixture_tools/*.py src/mixture_tools/data/*)
	rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute
	mkdir -p _build/.jupyter_cache
	touch $@

# pages that `make book` executes at the same time (see PAGE_JOBS)
BOOK_JOBS ?= $(PAGE_JOBS)

book: $(STAMP) $(CACHE_STAMP)  ## execute the pages (cached) and build the website into _build/html
	$(OFFLINE) $(PY) -m tools.build.execute_pages --jobs $(BOOK_JOBS)
	$(VENV)/bin/jupyter-book build . --warningiserror --nitpick --keep-going

# Two editions for a course, built from the executed website (no page runs again): the student
# edition has no solutions, its notebooks match it; the instructor's edition shows every solution.
student: $(STAMP)  ## the student edition, without solutions, into _build/student (after make book)
	$(PY) -m tools.build.editions student

instructor: $(STAMP)  ## the instructor's edition, every solution open, into _build/instructor (after make book)
	$(PY) -m tools.build.editions instructor

unit: $(STAMP)  ## unit tests of the helper package, the tools and the book's structure
	$(OFFLINE) $(PY) -m pytest tests -m "not site and not notebook"

ipynb: $(STAMP)  ## write plain .ipynb copies of every chapter into ipynb/
	$(PY) -m tools.build.convert_notebooks ipynb

# every chapter executed as a plain notebook (jupyter nbconvert --execute on the ipynb/ copy),
# checked for errors, stderr and figures that it does not display (tests/test_notebooks.py)
test-notebooks: ipynb  ## execute every page as a plain notebook
	$(OFFLINE) NB_TIMEOUT=$(NB_TIMEOUT) $(PY) -m pytest tests/test_notebooks.py -m notebook -p no:cacheprovider \
	  $(if $(filter-out 1,$(NB_WORKERS)),-n $(NB_WORKERS),)

test: unit test-notebooks  ## unit tests, then every page executed

test-one: $(STAMP)  ## execute one page: make test-one NB=notebooks/02_normal_mixture.md
	@test -n "$(NB)" || { echo "usage: make test-one NB=notebooks/<page>.md"; exit 2; }
	$(PY) -m tools.build.convert_notebooks ipynb $(NB)
	$(OFFLINE) NB_TIMEOUT=$(NB_TIMEOUT) $(PY) -m pytest tests/test_notebooks.py -m notebook -p no:cacheprovider \
	  -k $(basename $(notdir $(NB)))

CHROMIUM ?= $(shell command -v chromium || echo /usr/bin/chromium)

chromium:  ## install Debian's Chromium for the browser test (as root; otherwise prints how)
	@if [ -x "$(CHROMIUM)" ]; then echo "Chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Install Chromium first, e.g. sudo apt-get install chromium (or set CHROMIUM=/path/to/chrome)"; exit 1; fi

test-site: $(STAMP) $(LAB_SETTINGS) chromium student instructor  ## the website, both editions, and chapters run in JupyterLab (after make book)
	REQUIRE_SITE=1 CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests -m site

bench: $(STAMP)  ## time every page cold and warm, chapter 3's sampler routes and chapter 8's component forms; tables in results/
	$(PY) -m tools.bench.page_times
	$(PY) -m tools.bench.sampler_routes
	$(PY) -m tools.bench.mv_components

sweep: $(STAMP)  ## re-check every page's hidden claims under the default seed and 5 fresh ones (results/seed_sweep.md)
	$(PY) -m tools.bench.seed_sweep $(SEEDS)

coverage: $(STAMP)  ## unit tests with a coverage report of the helper package
	$(OFFLINE) $(PY) -m pytest tests -m "not site and not notebook" --cov=mixture_tools --cov-report=term-missing

# the same settings as on Binder (binder/postBuild): .md chapters open as notebooks
$(LAB_SETTINGS): binder/overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp binder/overrides.json $@

lab: $(LAB_SETTINGS)  ## open JupyterLab; .md notebooks open as notebooks through jupytext, MyST rendered by jupyterlab-myst
	$(VENV)/bin/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

lock:  ## re-resolve requirements.in into requirements-lock.txt, one lock for Python 3.12+ (needs network)
	$(VENV)/bin/uv pip compile requirements.in -o requirements-lock.txt --universal --python-version 3.12 --no-header

clean:  ## remove built website and notebook copies (keeps .venv and caches)
	rm -rf _build/html _build/student _build/instructor _build/editions ipynb

clean-all: clean  ## remove everything that make created
	rm -rf _build $(VENV)
