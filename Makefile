# Targets a developer and CI use. `make help` lists them.
GO      ?= go
BIN     := bin
PKGS    := ./...

.PHONY: help build test lint bench bench-analyzers bench-logscan bench-logscan-baseline bench-watch bench-js bench-js-setup demo sample clean bench-fix bench-logscan-duckdb bench-watch-index accuracy-analyzers

help:
	@echo "build            build auth0audit and auth0vet into ./bin"
	@echo "test             run the whole test suite (the README's test command)"
	@echo "lint             gofmt, go vet and auth0vet on the project itself"
	@echo "bench            run every benchmark against its named baseline"
	@echo "bench-analyzers  auth0vet vs go vet's default suite on a large real module"
	@echo "bench-logscan    log scanner vs wc -l, jq and pigz on a generated 1 GiB corpus"
	@echo "accuracy-analyzers  auth0vet found/total and false positives on the realistic and heldout test modules"
	@echo "bench-watch      auth0audit watch under load: events/s, ack p50/p99, RSS (EVENTS=10000000 for the long run)"
	@echo "bench-watch-index  watch's log_id index over a long history, keep-all baseline vs the 35-day window (IDS=50000000 for the long run)"
	@echo "bench-logscan-baseline  this build's log scanner vs BASELINE (default main), same run"
	@echo "bench-js-setup   fetch the bench-js corpus (npm pack) and ESLint into bench/js/.cache, once"
	@echo "bench-js         JS/TS scanner vs ESLint (one no-restricted-syntax rule) on the same files"
	@echo "bench-fix        1,000-client verified bulk rotation vs the tenant's allowed request rate"
	@echo "bench-logscan-duckdb  the classification's SQL in DuckDB beside the Go scanner (256 MiB; cgo)"
	@echo "demo             the whole audit on the bundled sample (no tenant needed)"

build:
	$(GO) build -o $(BIN)/ ./cmd/auth0audit ./cmd/auth0vet

test:
	$(GO) test $(PKGS)

lint: build
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '/testdata/')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) vet -vettool=$(abspath $(BIN)/auth0vet) $(PKGS)

bench: bench-analyzers bench-logscan bench-js bench-fix

bench-analyzers: build
	bash bench/analyzers/run.sh

bench-logscan: build
	bash bench/logscan/run.sh

accuracy-analyzers:
	bash bench/analyzers/accuracy.sh
	bash bench/analyzers/accuracy.sh ./heldout/...
	bash bench/analyzers/accuracy.sh ./heldout2/...
	bash bench/analyzers/accuracy.sh ./heldout3/...

# The log-stream receiver under load on loopback: 8 senders, batches of 100, bounded by
# EVENTS and 15 minutes. EVENTS=10000000 shows RSS staying flat over a long run.
EVENTS ?= 1000000
bench-watch: build
	$(GO) run ./bench/watch/loadgen -bin $(BIN)/auth0audit -events $(EVENTS)

# The log_id index after IDS ids over 60 days: ids kept, disk, and the time a restart takes.
IDS ?= 5000000
bench-watch-index:
	WATCH_INDEX_IDS=$(IDS) $(GO) test -run '^$$' -bench DedupeIndexHistory -benchtime 1x -timeout 3h ./watch/

BASELINE ?= main
bench-logscan-baseline: build
	BENCH_BASELINE=$(BASELINE) BENCH_ONLY_BASELINE=1 BENCH_HUGE=none bash bench/logscan/run.sh

bench-js-setup:
	bash bench/js/setup.sh

# bench-js never downloads: it fails, naming bench-js-setup, when the cache is missing.
bench-js:
	bash bench/js/run.sh

bench-logscan-duckdb:
	bash bench/logscan/duckdb.sh

bench-fix:
	$(GO) test -run '^$$' -bench BulkRotation1000 -benchtime 1x ./remediate/

demo:
	$(GO) run ./cmd/auth0audit demo

clean:
	rm -rf $(BIN) out
