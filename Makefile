# Roundtable: the two commands a fresh Debian 12 machine needs are
#   make demo    install what is missing, build, serve a demo area
#   make check   install what is missing, build, run every test
# Everything else here serves those two.

SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc)
DEMO_DB ?= demo/roundtable.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build build-asan build-fuzz check test-unit test-e2e test-browser fuzz demo bench clean

all: build

# The stamp is newer than the script and the lock file once they have run,
# so a second `make` does not even ask dpkg.
build/.deps-stamp: scripts/install-deps package.json package-lock.json
	@scripts/install-deps
	@mkdir -p build && touch $@

deps: build/.deps-stamp

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRT_TESTS=OFF >/dev/null
	@cmake --build build -j$(JOBS)

build-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DRT_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)

build-fuzz: deps
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DRT_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j$(JOBS)

# Every test, under AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer: unit, end-to-end over real HTTP, browser, then each fuzz
# target for a bounded number of inputs.
export ASAN_OPTIONS := detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
# The release build is made too: -O2 warns about things -O0 does not, and
# `make demo` must build.
check: build build-asan build-fuzz
	@ctest --test-dir build-asan --output-on-failure -j2
	@ctest --test-dir build-fuzz --output-on-failure -j2

test-unit: build-asan
	@ctest --test-dir build-asan --output-on-failure -L unit

test-e2e: build-asan
	@ctest --test-dir build-asan --output-on-failure -L e2e

test-browser: build-asan
	@ctest --test-dir build-asan --output-on-failure -L browser

# Longer fuzzing, by hand: FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 300
fuzz: build-fuzz
	@for t in form json fields route risk; do \
	  build-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) build-fuzz/tests/fuzz/corpus-$$t tests/fuzz/corpus/$$t || exit 1; \
	done

demo: build
	@mkdir -p $(dir $(DEMO_DB))
	@build/roundtable demo --db $(DEMO_DB) --force
	@echo
	@echo "Serving the demo at http://$(LISTEN) (Ctrl-C stops it)"
	@build/roundtable serve --db $(DEMO_DB) --listen $(LISTEN)

bench: build
	@bench/run build/roundtable

clean:
	rm -rf build build-asan build-fuzz
