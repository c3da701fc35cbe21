# Spares: build, test and benchmark. `make test` works on a fresh Debian/Ubuntu machine with the
# Swift toolchain: it installs GSL, SQLite and zlib headers and pkg-config when they are missing.
SHELL := /bin/bash
SWIFT ?= swift
JOBS ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)

.PHONY: all deps build release test test-cluster demo bench bench-build static clean help

# The demo: the six policies of the data-centre scenario compared on the same 200 replications.
DEMO_SCENARIO ?= Models/datacenter-emea
DEMO_REPLICATIONS ?= 200
DEMO_OUT ?= Reports/demo-datacenter-emea

all: build

help:
	@echo "make demo         compare the policies of a bundled scenario; results and summary under Reports/"
	@echo "make test         install missing dependencies, build, run every test, build the benchmarks"
	@echo "make test-cluster sharded run on a one-node Slurm cluster on localhost, merged and compared"
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

# Runs with --resume, so an interrupted demo continues where it stopped. A folder that no longer fits
# (exit 65: the scenario or Spares' results layout changed since it was written) is started afresh.
DEMO_RUN = .build/release/spares compare $(DEMO_SCENARIO) --replications $(DEMO_REPLICATIONS) --out $(DEMO_OUT)
demo: release
	@mkdir -p $(DEMO_OUT)
	@set -o pipefail; $(DEMO_RUN) --resume | tee $(DEMO_OUT)/summary.txt; rc=$$?; \
	if [ $$rc = 65 ]; then \
	  echo "make demo: $(DEMO_OUT) holds results this scenario and Spares cannot resume; starting afresh"; \
	  rm -rf $(DEMO_OUT) && mkdir -p $(DEMO_OUT) && $(DEMO_RUN) | tee $(DEMO_OUT)/summary.txt || exit 1; \
	elif [ $$rc != 0 ]; then exit $$rc; fi
	@echo "results: $(DEMO_OUT)/ (summary.txt, results.json, replications.csv, results.sqlite); report: $(DEMO_OUT)/report/index.html"

test: deps
	$(SWIFT) build --build-tests -j $(JOBS)
	$(SWIFT) test --skip-build
	$(MAKE) bench-build

# A one-node Slurm cluster on localhost runs a sharded compare as an array job; the merged results
# must equal a local run byte for byte (installs Slurm and munge with apt-get when missing).
test-cluster: deps
	@[ -x .build/debug/spares ] || $(SWIFT) build -j $(JOBS) --product spares
	bash Tests/cluster/slurm-array.sh

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
