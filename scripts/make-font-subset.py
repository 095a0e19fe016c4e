#!/usr/bin/env python3
"""Make assets/fonts/NotoSansSC-subset.otf, the font embedded for image export.

Takes the Simplified Chinese face ("Noto Sans CJK SC") out of Debian's
fonts-noto-cjk collection and keeps only the characters a Chinese plan needs:

* every character of GB2312 (all 6763 hanzi and its symbol rows: every valid
  two-byte code is decoded),
* printable ASCII and Latin-1,
* CJK and full-width punctuation and common symbols (·、。，《》“”…—％ ℃ ① …),
* every character of the shipped plan, lexicons and curation file (assets/),
  so rare place-name characters outside GB2312 are drawn too.

CFF outlines are kept (resvg/ttf-parser and svg2pdf both read them); hinting
is dropped. The output is deterministic for a given input font.

Usage:  pip install fonttools
        python3 scripts/make-font-subset.py [--ttc PATH] [--out PATH]

The build never runs this script: only the committed .otf is needed.
"""

import argparse
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_OUT = ROOT / "assets" / "fonts" / "NotoSansSC-subset.otf"
FAMILY = "Noto Sans CJK SC"


def gb2312_chars():
    """Every character of GB2312: each valid two-byte code, decoded."""
    chars = set()
    hanzi = 0
    for hi in range(0xA1, 0xFF):
        for lo in range(0xA1, 0xFF):
            try:
                c = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.add(c)
            if 0x4E00 <= ord(c) <= 0x9FFF:
                hanzi += 1
    if hanzi != 6763:
        sys.exit(f"expected 6763 GB2312 hanzi, decoded {hanzi}")
    return chars


def extra_chars():
    """ASCII, Latin-1, punctuation and symbols used in plans."""
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    ranges = [
        (0x2000, 0x206F),  # general punctuation: — – ‘ ’ “ ” … ‰ ※
        (0x2070, 0x209F),  # super- and subscripts
        (0x20A0, 0x20BF),  # currency
        (0x2100, 0x214F),  # letterlike: ℃ № ™
        (0x2150, 0x218F),  # number forms: Ⅰ Ⅱ …
        (0x2190, 0x21FF),  # arrows
        (0x2200, 0x22FF),  # maths: ≤ ≥ ≈ ≠ ± ×
        (0x2460, 0x24FF),  # enclosed alphanumerics: ① ⑴ ⒈
        (0x2500, 0x257F),  # box drawing
        (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ ● ○ ◆
        (0x2600, 0x26FF),  # misc symbols: ★ ☆
        (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》「」【】〇
        (0x3200, 0x32FF),  # enclosed CJK: ㈠ ㊣
        (0x3300, 0x33FF),  # CJK compatibility: ㎡ ㎞
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF00, 0xFFEF),  # half- and full-width forms: （）％，：；！？
    ]
    for a, b in ranges:
        cps.update(range(a, b + 1))
    return {chr(c) for c in cps}


def asset_chars():
    """Every character of the shipped plan text, lexicons and curation file."""
    chars = set()
    for p in sorted((ROOT / "assets").rglob("*")):
        if p.suffix in (".txt", ".toml") and p.is_file():
            chars.update(p.read_text(encoding="utf-8", errors="ignore"))
    return {c for c in chars if c.isprintable() and not c.isspace() or c == " "}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ttc", default=DEFAULT_TTC, help="NotoSansCJK-Regular.ttc")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output .otf")
    args = ap.parse_args()

    collection = TTCollection(args.ttc)
    faces = [f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY]
    if not faces:
        sys.exit(f"no face named {FAMILY!r} in {args.ttc}")
    font = faces[0]

    wanted = gb2312_chars() | extra_chars() | asset_chars()
    cmap = font.getBestCmap()
    unicodes = sorted(ord(c) for c in wanted if ord(c) in cmap)
    missing = sorted(c for c in wanted if ord(c) not in cmap and c.isprintable())

    opts = subset.Options()
    opts.hinting = False  # CFF hints: not needed for export, saves space
    opts.desubroutinize = False
    opts.name_IDs = ["*"]  # keep copyright, licence and URL entries
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.recalc_timestamp = False  # reproducible output
    # horizontal text only: no vertical forms, no other-locale or proportional alternates
    opts.layout_features = ["kern", "liga", "ccmp", "calt"]
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)

    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.recalcTimestamp = False
    font.save(str(out))
    print(
        f"{out}: {len(unicodes)} characters ({len(missing)} wanted but not in the font), "
        f"{out.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
