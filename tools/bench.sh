#!/bin/sh
# docmend whole-process benchmarks: wall time, throughput and peak RSS per size,
# language and format, on deterministic broken dumps (examples/gen_dump: wrapped
# lines, hyphens, page numbers, running headers, mid-sentence blank lines, headings,
# lists). `txt` is mending alone (decode, stages, structure). Where pandoc is
# installed, its Markdown→DOCX on the same content is timed too, and the ratio given.
# Then the speed-up of all three formats from 1 to 2 threads.
# Usage: tools/bench.sh [SIZE_MB...]   (default: 1 10)
set -eu
BIN=${BIN:-target/release/docmend}
GEN=${GEN:-target/release/examples/gen_dump}
OUT=target/bench
mkdir -p "$OUT"
[ $# -gt 0 ] || set -- 1 10

run() { # run LABEL CMD... : prints "wall peak_kb"
    /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" >/dev/null 2>&1 || true
    cat "$OUT/time"
}

printf '%-6s %-4s %-14s %8s %9s %9s\n' size lang format "wall s" "MB/s" "peak MB"
for mb in "$@"; do
    for lang in zh en; do
        dump="$OUT/gen-$lang-$mb.txt"
        [ -f "$dump" ] || "$GEN" "$lang" "$mb" > "$dump"
        bytes=$(wc -c < "$dump")
        for fmt in txt md docx pdf md,docx,pdf; do
            rm -rf "$OUT/out" && mkdir -p "$OUT/out"
            set -- $(run "$BIN" convert "$dump" --to "$fmt" -o "$OUT/out/" -q)
            all_wall=$1
            awk -v s="${mb}MB" -v l="$lang" -v f="$fmt" -v w="$1" -v b="$bytes" -v r="$2" \
                'BEGIN { printf "%-6s %-4s %-14s %8.2f %9.1f %9.0f\n", s, l, f, w, (w > 0 ? b / 1e6 / w : 0), r / 1024 }'
        done
        if command -v pandoc >/dev/null 2>&1; then
            "$BIN" convert "$dump" --to md -o "$OUT/pandoc-in.md" -q
            set -- $(run pandoc -f markdown -t docx -o "$OUT/pandoc.docx" "$OUT/pandoc-in.md")
            awk -v s="${mb}MB" -v l="$lang" -v w="$1" -v b="$bytes" -v r="$2" -v ours="$all_wall" \
                'BEGIN { printf "%-6s %-4s %-14s %8.2f %9.1f %9.0f   docmend all three: %.2fx pandoc time\n", s, l, "pandoc md→docx", w, (w > 0 ? b / 1e6 / w : 0), r / 1024, (w > 0 ? ours / w : 0) }'
        fi
    done
done
echo
echo "Threads (largest size, all three formats):"
for lang in zh en; do
    dump="$OUT/gen-$lang-$mb.txt"
    set -- $(run "$BIN" convert "$dump" --to md,docx,pdf -o "$OUT/out/" -q --jobs 1)
    one=$1
    set -- $(run "$BIN" convert "$dump" --to md,docx,pdf -o "$OUT/out/" -q --jobs 2)
    awk -v l="$lang" -v a="$one" -v b="$1" 'BEGIN { printf "  %s: 1 thread %.2f s, 2 threads %.2f s, speed-up %.2fx\n", l, a, b, (b > 0 ? a / b : 0) }'
done
