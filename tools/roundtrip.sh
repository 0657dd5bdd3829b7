#!/bin/sh
# Round-trip check of the repair engine on layouts the development corpus lacks: each
# truth of ../shared/eval/corpus is rendered to PDF by docmend itself (A4 at the
# default size; A5 at 12 pt: narrow lines, titles wrapped, many page breaks; and A4 in
# two columns, which pdftotext's default mode reads out of order as magazines'), read
# back with pdftotext (default mode, then -layout), mended again and scored against the
# same truth. In one column the text comes back in order, so any reordering is the
# engine's own mistake. Usage: tools/roundtrip.sh BIN EVAL_RUN_PY CORPUS_DIR
set -eu
bin=$1 run=$2 corpus=$3
command -v pdftotext >/dev/null || { echo "roundtrip: pdftotext not installed (poppler-utils); skipped"; exit 0; }
work=target/roundtrip
rm -rf "$work"
for setup in ${SETUPS:-a4 a5 a4c2}; do
    case $setup in
        a4) pdf_args="" ;;
        a5) pdf_args="--paper a5 --font-size 12" ;;
        a4c2) pdf_args="--columns 2" ;;
    esac
    mkdir -p "$work/$setup/pdf"
    for d in "$corpus"/*/; do
        cp "$d/truth.md" "$work/$setup/pdf/$(basename "$d").md"
    done
    # shellcheck disable=SC2086
    "$bin" convert "$work/$setup"/pdf/*.md --to pdf -o "$work/$setup/pdf/" -q --force $pdf_args
    for mode in default layout; do
        for d in "$corpus"/*/; do
            id=$(basename "$d")
            case_dir="$work/$setup/corpus-$mode/$setup-$mode-$id"
            mkdir -p "$case_dir"
            cp "$d/truth.md" "$case_dir/"
            # The case's language and title, as pdftotext output with no artifacts known.
            python3 - "$d/meta.json" "$case_dir/meta.json" "$setup-$mode-$id" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
meta.update(id=sys.argv[3], generator="pdftotext", artifacts={})
meta.pop("render", None)
json.dump(meta, open(sys.argv[2], "w"), ensure_ascii=False)
PY
            if [ "$mode" = layout ]; then
                pdftotext -layout "$work/$setup/pdf/$id.pdf" "$case_dir/raw.txt"
            else
                pdftotext "$work/$setup/pdf/$id.pdf" "$case_dir/raw.txt"
            fi
        done
        python3 "$run" --cmd "$bin convert {in} --to md -o {out}" --name "roundtrip-$setup-$mode" \
            --corpus "$work/$setup/corpus-$mode" --out-dir "$work/$setup/out-$mode" \
            --json "$work/$setup-$mode.json"
    done
done
