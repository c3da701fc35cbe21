# Spares: build, test and benchmark. `make test` works on a fresh Debian/Ubuntu machine with the
# Swift toolchain: it installs GSL and pkg-config when they are missing.
SHELL := /bin/bash
SWIFT ?= swift
JOBS ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)

.PHONY: all deps build release test bench bench-build static clean help

all: build

help:
	@echo "make test         install missing dependencies, build, run every test, build the benchmarks"
	@echo "make build        debug build of the spares CLI"
	@echo "make release      release build (.build/release/spares)"
	@echo "make bench        run the benchmarks (kernel vs SimPy, allocations) and print the results"
	@echo "make static       release binary with the Swift runtime and GSL linked in (.build-static/)"

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -j $(JOBS)

release: deps
	$(SWIFT) build -c release -j $(JOBS)

test: deps
	$(SWIFT) build --build-tests -j $(JOBS)
	$(SWIFT) test --skip-build
	$(MAKE) bench-build

# CI builds the benchmarks, so they never rot, but does not time them.
bench-build: deps
	$(SWIFT) build --package-path Benchmarks -j $(JOBS)

bench: deps
	./Benchmarks/run.sh

# A binary for machines without the Swift toolchain or libgsl (a lent device, a cluster node).
static: deps
	SPARES_STATIC=1 $(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-static -j $(JOBS)
	@ldd .build-static/release/spares | grep -E 'gsl|swift' && { echo "static build still links GSL or Swift dynamically" >&2; exit 1; } || true
	@echo "static binary: .build-static/release/spares"

clean:
	rm -rf .build .build-static Benchmarks/.build
