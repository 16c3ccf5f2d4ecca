# The two set-up commands of the README, and the tasks around them.
#   make book   create .venv, install, execute every chapter, build the HTML into _build/html
#   make test   the same set-up, then a cold warnings-as-errors book build, the test suite and
#               the browser check of every page (make check-html)
#   make bench  timings: a cold book build with each chapter's execution, optimizer steps vs
#               torch.optim, live widget redraws, a cold test run
#   make strip  remove outputs from the chapters before committing
#   make colab-check  execute every chapter and move every widget as in Colab: Python 3.13 with
#               Colab's preinstalled versions (tests/colab_versions.txt: ipywidgets 7, torch 2.9),
#               built once into ~/.cache/lectures-lib-colab/, lectures_lib installed as the
#               setup cell does; fails if that install would change a preinstalled package
#   make clean  remove the build outputs (and `make distclean` the .venv too)

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# -W: warnings (a failing cell among them) fail the build; -n: broken references too.
JB_FLAGS := -W -n --keep-going

# The chapters train tiny networks: one BLAS/torch thread per kernel is several times faster than
# two threads fighting over CI's two cores (and pytest runs two chapters at once).
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.PHONY: book test check-html chromium bench strip clean distclean venv

venv: $(STAMP)

# Each phase prints a "[time] phase: N s" line (make bench collects them).
NOW = date +%s
$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: run 'make PYTHON=python3 ...'"; exit 1; }
	@start=$$($(NOW)) && set -x && \
	{ test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); } && \
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt && \
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . && \
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lectures_lib)" && \
	{ set +x; } 2>/dev/null && echo "[time] installs: $$(( $$($(NOW)) - start )) s"
	touch $(STAMP)

# jupyter-cache re-executes a chapter only when its code changes; it does not see changes to the
# library, so the cache is emptied whenever lectures_lib or the pinned requirements change. So
# are the pages and doctrees: the API pages are the library's docstrings, and a page that moved
# would otherwise stay behind (and its objects clash with the new page's).
# What a build leaves; without it the next build executes every chapter from cold.
BUILD_OUTPUTS := _build/html _build/.doctrees _build/jupyter_execute _build/.jupyter_cache _build/.lib-hash
LIB_HASH = $(shell $(BIN)/python -c "from lectures_lib.book.execution_cache import library_hash; print(library_hash())")
book: $(STAMP)
	@mkdir -p _build
	@if [ "$$(cat _build/.lib-hash 2>/dev/null)" != "$(LIB_HASH)" ]; then \
	  echo "lectures_lib or requirements changed: executing every chapter and writing every page afresh"; \
	  rm -rf _build/.jupyter_cache _build/html _build/.doctrees; echo "$(LIB_HASH)" > _build/.lib-hash; fi
	@start=$$($(NOW)) && set -x && $(BIN)/python -m lectures_lib --execute && { set +x; } 2>/dev/null \
	  && echo "[time] execution of the chapters: $$(( $$($(NOW)) - start )) s"
	@start=$$($(NOW)) && set -x && $(BIN)/jupyter-book build . $(JB_FLAGS) && { set +x; } 2>/dev/null \
	  && echo "[time] html build: $$(( $$($(NOW)) - start )) s"
	@echo "The book is in _build/html/index.html"

# Each chapter executes once: the cold `make book` executes them two at a time into the build's
# cache and builds the book from it with warnings as errors; pytest's chapter tests then read
# the executed chapters from that cache (tests/test_chapters.py).
test: $(STAMP) chromium
	rm -rf $(BUILD_OUTPUTS)
	$(MAKE) --no-print-directory book
	@start=$$($(NOW)) && set -x && $(BIN)/python -m pytest -n 2 --durations=10 && { set +x; } 2>/dev/null \
	  && echo "[time] pytest: $$(( $$($(NOW)) - start )) s"
	@start=$$($(NOW)) && $(MAKE) --no-print-directory check-html \
	  && echo "[time] browser check: $$(( $$($(NOW)) - start )) s"

# Open every page of the built book in headless Chromium (Debian's package, driven by
# Playwright), offline, and fail on what a reader would see broken; screenshots go to
# _build/screenshots/.
check-html: $(STAMP) chromium
	$(BIN)/python tests/check_html.py _build/html

chromium:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser check"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Figures, not tests: a cold build of the book (every chapter executed afresh, two at a time,
# then the HTML) with each chapter's execution time, each chapter executed alone (as a student
# runs it, then as the book executes it), each optimizer's step() time against
# torch.optim's, then a cold `make test` in a fresh clone of the committed HEAD (venv creation
# and installs included) with the time of each phase. Targets on CI's 2 cores: each chapter
# under 20 s and all seven under 90 s of execution; make test under 6 minutes, installs at most 3.
BENCH_CLONE := _build/bench-clone
bench: $(STAMP)
	@echo "== cold build of the book: execution of every chapter, then the HTML =="
	rm -rf $(BUILD_OUTPUTS)
	@start=$$($(NOW)); \
	$(MAKE) --no-print-directory book > _build/bench-book.log 2>&1; rc=$$?; \
	seconds=$$(( $$($(NOW)) - start )); \
	sed -nE 's/^([0-9][0-9]_[a-z_]+): executed in ([0-9.]+) s$$/\2 \1/p' _build/bench-book.log \
	  | awk '{ total += $$1; printf "  %-32s %6.1f s%s\n", $$2, $$1, ($$1 > 20 ? "  (over 20 s)" : "") } \
	         END { printf "  %-32s %6.1f s%s\n", "all chapters", total, (total > 90 ? "  (over 90 s)" : "") }'; \
	grep -E "^(executed [0-9]+ chapter|\[time\])" _build/bench-book.log | sed 's/^/  /'; \
	echo "cold book build: $$seconds s, exit status $$rc (log: _build/bench-book.log)"; \
	test $$rc -eq 0
	@echo "== each chapter alone in a fresh kernel, as a student's Run all runs it (no book pictures) =="
	LECTURES_LIB_BOOK=0 $(BIN)/python -m lectures_lib --time
	@echo "== each chapter alone in a fresh kernel, as the book executes it (kernel-free widget pictures too) =="
	LECTURES_LIB_BOOK=1 $(BIN)/python -m lectures_lib --time
	@echo "== lectures_lib.optim step() time as a ratio to torch.optim's (2.4M-parameter MLP, CPU) =="
	$(BIN)/python tests/bench_optimizers.py
	@echo "== live widget redraws: each control to its ends and back, then again from the cache =="
	$(BIN)/python tests/bench_widgets.py
	@echo "== cold make test in a fresh clone of HEAD, installs included =="
	rm -rf $(BENCH_CLONE) && git clone --quiet . $(BENCH_CLONE)
	@start=$$($(NOW)); \
	$(MAKE) --no-print-directory -C $(BENCH_CLONE) test PYTHON=$(PYTHON) > $(BENCH_CLONE).log 2>&1; rc=$$?; \
	echo "cold make test: $$(( $$($(NOW)) - start )) s, exit status $$rc (target: under 360 s; log: $(BENCH_CLONE).log)"; \
	grep -E "^\[time\]|passed in|page\(s\) failed" $(BENCH_CLONE).log | sed 's/^/  /'; \
	rm -rf $(BENCH_CLONE); exit $$rc

strip: $(STAMP)  ## also rewrites each chapter's Colab setup cell from _config.yml
	$(BIN)/python -c "from lectures_lib.book import notebooks; [print('stripped', p) for p in notebooks.strip_files(sorted(notebooks.ROOT.glob('book/*.ipynb')))]"

clean:
	rm -rf _build .pytest_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# Colab as Colab ships (tests/colab_check.py). Its environment lives outside the repository,
# keyed by a hash of tests/colab_versions.txt and the Python version, so a fresh clone reuses it.
COLAB_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) python3.13)
.PHONY: colab-check
colab-check:
	@command -v $(COLAB_PYTHON) >/dev/null || { echo "$(COLAB_PYTHON) not found: run 'make COLAB_PYTHON=/path/to/python3.13 colab-check'"; exit 1; }
	$(COLAB_PYTHON) tests/colab_check.py --python $(COLAB_PYTHON)
