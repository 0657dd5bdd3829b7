#!/usr/bin/env python3
"""Build assets/zh/words.bin, docmend's table of common Chinese words, from jieba's
dictionary (dict.txt: `word frequency tag` per line; jieba and jieba-rs, MIT licence).

Usage: tools/zh_words.py PATH/TO/dict.txt [MIN_FREQ] > assets/zh/words.bin

Kept: words of one to four Han characters seen at least MIN_FREQ (default 10) times.
Layout (little-endian):
  b"DMW1", u32 count, f32 ln(total frequency of all dictionary entries),
  count x u64  FNV-1a 64 of the word's UTF-8 bytes, sorted ascending,
  count x u8   the word's cost, round(4 * ln(total / frequency)), capped at 255.
The Rust side (src/lexicon.rs) reads it with include_bytes!.
"""
import math
import re
import struct
import sys

HAN = re.compile(r"^[\u4e00-\u9fff]{1,4}$")


def fnv1a(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main() -> None:
    path = sys.argv[1]
    min_freq = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    total = 0
    words = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            total += freq
            if freq >= min_freq and HAN.match(word):
                words[word] = words.get(word, 0) + freq
    entries = {}
    for word, freq in words.items():
        key = fnv1a(word.encode("utf-8"))
        cost = min(255, round(4 * math.log(total / freq)))
        # A (vanishingly unlikely) hash collision keeps the cheaper word.
        entries[key] = min(cost, entries.get(key, 255))
    keys = sorted(entries)
    out = sys.stdout.buffer
    out.write(b"DMW1")
    out.write(struct.pack("<If", len(keys), math.log(total)))
    out.write(b"".join(struct.pack("<Q", k) for k in keys))
    out.write(bytes(entries[k] for k in keys))


if __name__ == "__main__":
    main()
