#!/bin/sh
# docmend benchmarks: whole-process wall time, throughput and peak RSS per size,
# language and format. Inputs are built deterministically from the fixture dumps
# (the sample and the development cases, pages separated by form feeds) repeated to
# the size asked for. Usage: tools/bench.sh [SIZE_MB...]   (default: 1)
set -eu
BIN=${BIN:-target/release/docmend}
OUT=target/bench
mkdir -p "$OUT"
[ $# -gt 0 ] || set -- 1

# make_dump LANG MB FILE: repeat that language's fixture dumps to MB megabytes.
make_dump() {
    lang=$1 mb=$2 file=$3
    want=$((mb * 1000000))
    : > "$file"
    while [ "$(wc -c < "$file")" -lt "$want" ]; do
        for f in fixtures/cases/dev-"$lang"-*/raw.txt $( [ "$lang" = zh ] && echo fixtures/seed/raw.txt || echo fixtures/en/raw.txt ); do
            cat "$f" >> "$file"
            printf '\f' >> "$file"
        done
    done
}

printf "%-6s %-4s %-12s %8s %8s %10s\n" size lang format "wall s" "MB/s" "peak MB"
for mb in "$@"; do
    for lang in zh en; do
        dump="$OUT/$lang-${mb}mb.txt"
        [ -f "$dump" ] || make_dump "$lang" "$mb" "$dump"
        bytes=$(wc -c < "$dump")
        for fmt in md docx pdf md,docx,pdf; do
            rm -rf "$OUT/out" && mkdir -p "$OUT/out"
            /usr/bin/time -f '%e %M' -o "$OUT/time" "$BIN" convert "$dump" --to "$fmt" -o "$OUT/out/" -q
            read -r wall rss < "$OUT/time"
            awk -v s="${mb}MB" -v l="$lang" -v f="$fmt" -v w="$wall" -v b="$bytes" -v r="$rss" \
                'BEGIN { printf "%-6s %-4s %-12s %8.2f %8.1f %10.0f\n", s, l, f, w, (w > 0 ? b / 1e6 / w : 0), r / 1024 }'
        done
    done
done
