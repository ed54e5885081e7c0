# Two commands do all set-up on a fresh machine (Python 3.11 and make present):
#   make run    create .venv, install, fill corpus/ if empty, build or update the index, start the chat
#   make test   set-up, then the whole test suite (what CI runs)
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run index corpus test test-fast browser-deps bench clean-index

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch pinned in the same call: a CPU wheel; anything else pulls GBs of CUDA
	$(BIN)/pip install --quiet -e '.[test]' torch==2.13.0
	touch $(STAMP)

install: $(STAMP)

corpus: install
	@if [ -z "$$(find corpus -type f ! -name .gitkeep -print -quit 2>/dev/null)" ]; then \
		$(BIN)/infrascope corpus fetch; \
	else echo "corpus/ already has documents"; fi

index: corpus
	$(BIN)/infrascope index

run: index
	GRADIO_ANALYTICS_ENABLED=False $(BIN)/python app.py

# Debian's chromium + chromedriver for the browser tests (root on CI and dev machines here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "warning: could not install chromium; browser tests will be skipped"; \
	fi

test: install browser-deps
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not model and not shared and not browser and not server"

# The default-corpus benchmarks (minutes each on 2 cores); FinanceBench is separate: bench/financebench.py
bench: install
	$(BIN)/python bench/ingest.py --record
	$(BIN)/python bench/incremental.py --record
	$(BIN)/python bench/query_latency.py --record
	$(BIN)/python bench/article_questions.py
	$(BIN)/python bench/load.py --seconds 60 --record

clean-index:
	rm -rf index/gen index/CURRENT index/.build.lock
