# docmend — the two commands a new user needs are `make run` and `make test`.
CARGO ?= cargo
BIN := target/release/docmend
EVAL := ../shared/eval/run.py

.PHONY: run build test lint fmt eval clean-output

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

clean-output:
	find output -type f ! -name .gitkeep -delete
