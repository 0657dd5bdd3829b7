#!/usr/bin/env python3
"""Compare docmend's PDF with LibreOffice's text→PDF on every fixture that has a truth:
pages, outline entries, and how faithfully pdftotext gives back the truth's text
(1 − normalised Levenshtein distance, whitespace ignored).

Usage: tools/compare-libreoffice.py [docmend flags…]   e.g. --font-size 10 --margin 20mm
Needs soffice, pdfinfo, pdftotext and the rapidfuzz module; run from the repository root
after `make build`.
"""
import glob, os, re, shutil, subprocess, sys, tempfile

from rapidfuzz.distance import Levenshtein

flags = sys.argv[1:]
tmp = tempfile.mkdtemp(prefix="docmend-lo-")
cases = sorted(d for d in glob.glob("fixtures/cases/*") + ["fixtures/seed"] if os.path.isdir(d))
for d in cases:
    shutil.copy(f"{d}/raw.txt", f"{tmp}/{os.path.basename(d)}.txt")
txts = sorted(glob.glob(f"{tmp}/*.txt"))
subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", f"{tmp}/lo", *txts],
               check=True, capture_output=True)
subprocess.run(["target/release/docmend", "convert", *txts, "--to", "pdf", "-o", f"{tmp}/ours/", "-q", *flags],
               check=True)


def pages(p):
    out = subprocess.run(["pdfinfo", p], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def outline(p):
    # Outline items are the only objects with a /Parent and a /Title in our files and
    # LibreOffice's; a rough count is enough to tell none from some.
    data = open(p, "rb").read()
    return data.count(b"/Parent") if b"/Outlines" in data else 0


def squash(s):
    return re.sub(r"\s+", "", s)


def truth(md):
    t = open(md, encoding="utf-8").read()
    t = re.sub(r"^(#+ |- |\d+\. |> )", "", t, flags=re.M)
    return squash(t.replace("*", "").replace("\\", ""))


def fidelity(pdf, want):
    got = squash(subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout)
    return 1 - Levenshtein.normalized_distance(got, want)


print(f"docmend flags: {' '.join(flags) or '(defaults)'}")
print("| case | LibreOffice pages | docmend pages | LO outline | docmend outline | LO pdftotext | docmend pdftotext |")
print("|---|---:|---:|---:|---:|---:|---:|")
tot = [0, 0, 0.0, 0.0]
for d in cases:
    n = os.path.basename(d)
    want = truth(f"{d}/truth.md")
    lo, us = f"{tmp}/lo/{n}.pdf", f"{tmp}/ours/{n}.pdf"
    row = (pages(lo), pages(us), outline(lo), outline(us), fidelity(lo, want), fidelity(us, want))
    tot = [tot[0] + row[0], tot[1] + row[1], tot[2] + row[4], tot[3] + row[5]]
    print(f"| {n} | {row[0]} | {row[1]} | {row[2]} | {row[3]} | {row[4]:.3f} | {row[5]:.3f} |")
k = len(cases)
print(f"| all | {tot[0]} | {tot[1]} | | | {tot[2] / k:.3f} | {tot[3] / k:.3f} |")
shutil.rmtree(tmp)
