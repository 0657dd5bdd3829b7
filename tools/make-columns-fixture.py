#!/usr/bin/env python3
"""Write fixtures/columns/raw.txt: the English fixture's text laid out the way
`pdftotext -layout` prints a two-column page (two columns side by side, a gutter of
spaces, form feeds between pages, `Page n` footers), and fixtures/columns/source.txt:
its paragraphs in reading order, which the mended text must reproduce."""
import pathlib
import re
import textwrap

root = pathlib.Path(__file__).resolve().parent.parent
md = (root / "fixtures/en/expected.md").read_text(encoding="utf-8")
body = md.split("---", 2)[2]
paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
paras = [re.sub(r"^[#*]+ *|\*$", "", p) for p in paras]
col, gutter, rows = 36, 5, 14
lines = []
for p in paras:
    lines.extend(textwrap.wrap(p, col))
    lines.append("")
pages = []
while lines:
    left, right = lines[:rows], lines[rows:2 * rows]
    lines = lines[2 * rows:]
    right += [""] * (rows - len(right))
    page = [(l.ljust(col + gutter) + r).rstrip() for l, r in zip(left, right)]
    pages.append("\n".join(page) + "\n\n" + " " * 60 + f"Page {len(pages) + 1}\n")
out = root / "fixtures/columns"
out.mkdir(exist_ok=True)
(out / "raw.txt").write_text("\f".join(pages), encoding="utf-8")
(out / "source.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
