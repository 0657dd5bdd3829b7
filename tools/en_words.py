#!/usr/bin/env python3
"""Build assets/en/words.bin, docmend's table of English words, from a SCOWL word list
(Debian's wamerican: /usr/share/dict/american-english; one word per line).

Usage: tools/en_words.py /usr/share/dict/american-english > assets/en/words.bin

Kept: words of ASCII letters only (no possessives, no accents), lower-cased, once.
Layout (little-endian):
  b"DME1", u32 count,
  count x u64  FNV-1a 64 of the lower-cased word's bytes, sorted ascending.
The Rust side (src/lexicon.rs) reads it with include_bytes!.
"""
import re
import struct
import sys

from zh_words import fnv1a  # the same 64-bit FNV-1a as src/hash.rs

WORD = re.compile(r"^[A-Za-z]+$")


def main() -> None:
    words = set()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if WORD.match(w):
                words.add(w.lower())
    keys = sorted(set(fnv1a(w.encode("ascii")) for w in words))
    out = sys.stdout.buffer
    out.write(b"DME1")
    out.write(struct.pack("<I", len(keys)))
    out.write(b"".join(struct.pack("<Q", k) for k in keys))


if __name__ == "__main__":
    main()
