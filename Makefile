# docmend — the two commands a new user needs are `make run` and `make test`.
CARGO ?= cargo
BIN := target/release/docmend
EVAL := ../shared/eval/run.py

.PHONY: run build test lint fmt eval eval-roundtrip render bench fuzz clean-output

## Convert every file in input/ into output/<name>.{md,docx,pdf}.
run: build
	$(BIN) convert input/ -o output/

build:
	$(CARGO) build --release

## Every test: unit tests beside the code and the integration binary (tests/it).
## BLESS=1 make test refreshes the golden files under fixtures/.
test:
	$(CARGO) test --all-targets

## Formatting and clippy, warnings as errors.
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

## Score the repair engine on the development corpus (needs ../shared, a maintainers' folder).
eval: build
	python3 $(EVAL) --cmd '$(BIN) convert {in} --to md -o {out}' --name docmend --out-dir target/eval --json target/eval.json --sample ../shared/seed

## The same scorer on the corpus's truths rendered to PDF by docmend and read back with
## pdftotext (default and -layout): layouts the corpus lacks (needs ../shared, pdftotext).
eval-roundtrip: build
	tools/roundtrip.sh $(BIN) $(EVAL) $(dir $(EVAL))corpus

## Render the first page of each sample's PDF to fixtures/render/ (needs pdftoppm), so
## reviewers see what users get. Run it after a layout change and commit the PNGs.
render: build
	mkdir -p target/render fixtures/render
	$(BIN) convert input/ -o target/render/ --to pdf -q
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile target/render/jining-hitech-changsha-study-report.pdf fixtures/render/zh-page1
	pdftoppm -png -r 60 -f 2 -l 2 -singlefile target/render/jining-hitech-changsha-study-report.pdf fixtures/render/zh-page2
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile target/render/field-notes-handbook-en.pdf fixtures/render/en-page1

## Whole-process timings (wall time, MB/s, peak RSS) on generated Chinese and English
## dumps in each format, against pandoc where installed; SIZES="1 10 100" for more.
## `cargo bench` runs the per-step benchmarks (divan).
SIZES ?= 1 10
bench: build
	$(CARGO) build --release --example gen_dump
	tools/bench.sh $(SIZES)

## Fuzz every target for FUZZ_SECONDS each (needs nightly and cargo-fuzz:
## `cargo install cargo-fuzz`). Corpora start from the fixtures; a crash lands in
## fuzz/artifacts/<target>/ — copy it to fixtures/fuzz-regressions/, where `make test`
## replays it.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := decode mend stage writers readers
fuzz:
	for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t; \
		for f in fixtures/*/raw.txt fixtures/cases/*/raw.* fixtures/ocr/*; do \
			cp -n "$$f" "fuzz/corpus/$$t/$$(echo "$$f" | tr / _)"; done; \
		cargo +nightly fuzz run $$t fuzz/corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 || exit 1; \
	done

clean-output:
	find output -type f ! -name .gitkeep -delete
