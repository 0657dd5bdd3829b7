#!/usr/bin/env python3
"""Cut the fonts docmend ships inside its binary (assets/fonts/).

Run by hand, not by the build:

    python3 tools/make-fonts.py            # writes assets/fonts/*.otf
    python3 tools/make-fonts.py --check    # only print what would be made

Needs fontTools (`pip install fonttools`, which provides `pyftsubset`) and the Debian/
Ubuntu package `fonts-noto-cjk` (Noto Serif CJK / Noto Sans CJK collections under
/usr/share/fonts/opentype/noto/).

What it does, per face:
  1. picks the simplified-Chinese face of the .ttc collection (index 2: in Noto CJK
     collections index 0 is Japanese, 1 Korean, 2 SC, 3 TC, 4 HK);
  2. subsets it with `pyftsubset` to the character set below: all of GB2312 (its 6763
     Han characters and its symbol rows: punctuation, full-width forms, Greek, Cyrillic,
     kana, pinyin, box drawing, circled/parenthesised numbers) plus whole Unicode blocks
     for Latin-1, Latin Extended-A, General Punctuation, CJK Symbols and Punctuation,
     half-/full-width forms, Greek, arrows, mathematical operators, box drawing, enclosed
     alphanumerics, geometric shapes (bullets) and a few other list-marker symbols;
  3. keeps only the layout features docmend shapes with (kerning, proportional
     widths, ligatures, marks) and drops hinting and the vertical-writing tables
     (docmend sets text horizontally).

The outlines stay CFF (`OTTO`): the Rust side (ttf-parser and rustybuzz for shaping,
subsetter for the per-document subset, printpdf embedding it as a bare CID-keyed CFF
`/FontFile3`) handles CFF, so no conversion to TrueType outlines is needed. The output
is deterministic for a given fontTools version and source font.
"""

import argparse
import os
import subprocess
import sys
import tempfile

NOTO_DIR = "/usr/share/fonts/opentype/noto"
SC_INDEX = 2  # simplified Chinese face in the Noto CJK collections

# (source collection, face index, output file)
FACES = [
    ("NotoSerifCJK-Regular.ttc", SC_INDEX, "NotoSerifCJKsc-Regular-subset.otf"),
    ("NotoSansCJK-Bold.ttc", SC_INDEX, "NotoSansCJKsc-Bold-subset.otf"),
]

# Whole Unicode blocks (inclusive ranges) kept besides GB2312.
RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x02C6, 0x02DD),  # spacing modifiers used by GB2312 and Latin text (ˇ ˉ ˊ ˋ ˙ ˜)
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x2000, 0x206F),  # General Punctuation (— ‘ ’ “ ” … • ‰ ※)
    (0x20A0, 0x20BF),  # Currency symbols (€)
    (0x2100, 0x214F),  # Letterlike symbols (℃ № ™)
    (0x2150, 0x218F),  # Number forms (Ⅰ Ⅱ ⅰ ⅱ)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical operators
    (0x2460, 0x24FF),  # Enclosed alphanumerics (① ⑴ ⒈ Ⓐ)
    (0x2500, 0x257F),  # Box drawing
    (0x25A0, 0x25FF),  # Geometric shapes (■ □ ▪ ▲ ● ○ ◆ ◇)
    (0x2600, 0x2613),  # ★ ☆ and neighbours
    (0x2713, 0x2714),  # ✓ ✔
    (0x2776, 0x2793),  # dingbat circled digits (❶ ➀)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3200, 0x32FF),  # Enclosed CJK letters (㈠ ㊀)
    (0xFE30, 0xFE4F),  # CJK compatibility forms (﹏)
    (0xFF00, 0xFFEF),  # Half-width and full-width forms
]


def gb2312_chars():
    """Every character GB2312 encodes: rows 0xA1..0xF7, cells 0xA1..0xFE."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(s)
    return chars


def codepoints():
    cps = {ord(c) for c in gb2312_chars()}
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    return sorted(cps)


def is_han(cp):
    return 0x4E00 <= cp <= 0x9FFF


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=NOTO_DIR, help="directory with the Noto CJK .ttc files")
    ap.add_argument(
        "--out",
        default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "fonts"),
        help="output directory (default: assets/fonts)",
    )
    ap.add_argument("--check", action="store_true", help="print the plan, write nothing")
    args = ap.parse_args()

    cps = codepoints()
    gb = gb2312_chars()
    han = sum(1 for c in gb if is_han(ord(c)))
    print(f"GB2312: {len(gb)} characters, {han} Han; kept code points in total: {len(cps)}")
    if han != 6763:
        sys.exit(f"expected 6763 GB2312 Han characters, got {han}")
    if args.check:
        return

    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        uni_file = os.path.join(tmp, "unicodes.txt")
        with open(uni_file, "w") as f:
            for cp in cps:
                f.write(f"U+{cp:04X}\n")
        for src_name, index, out_name in FACES:
            src = os.path.join(args.src, src_name)
            out = os.path.join(args.out, out_name)
            cmd = [
                "pyftsubset",
                src,
                f"--font-number={index}",
                f"--unicodes-file={uni_file}",
                f"--output-file={out}",
                # Horizontal typesetting only. No `locl`: its closure pulls in the Japanese,
                # Korean and traditional forms (+5500 glyphs); the SC face defaults to SC forms.
                # `pwid` gives Latin-width quotes/apostrophes for English text (+5 glyphs).
                "--layout-features=kern,palt,halt,pwid,liga,ccmp,mark,mkmk",
                "--no-hinting",
                "--drop-tables+=vhea,vmtx,VORG,DSIG,BASE",
                "--name-IDs=0,1,2,3,4,5,6,13,14",
                "--name-languages=0x409",
                "--notdef-outline",
                "--recalc-bounds",
                "--no-recalc-timestamp",
            ]
            print("+", " ".join(cmd))
            subprocess.run(cmd, check=True)
            print(f"  {out_name}: {os.path.getsize(out):,} bytes")


if __name__ == "__main__":
    main()
