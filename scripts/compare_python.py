#!/usr/bin/env python3
"""planmap side by side with the pipeline a Python analyst would write.

Run through `scripts/compare-python`, which makes the venv (jieba, networkx)
and builds the release CLI. On the same input files, in the same run:

  python   read + decode, split into parts / sections / sentences with regular
           expressions, jieba.lcut every sentence, suffix regexes for entity
           kinds (…平台 / …园区 / …工程 / …区 / …县 …), a networkx DiGraph
           (document → parts → sections → sentences → entities; entity → place
           co-occurring in a sentence), nodes / edges / passages into sqlite3
           with executemany in one transaction. Each run is a fresh process
           (`--worker`), so jieba's dictionary load is paid once per run, as it
           is for an analyst's script; it is reported with and without.
  planmap  the release CLI `planmap build FILE --db TMP`, a fresh process per
           file: decode, restore, outline, extraction, links, SQLite with FTS.

The Python side does less than planmap: no restoration of masked characters,
no goals, indicators or measures, no link scoring, no full-text index, no
integrity check. It is written the way one would write it (the dictionary is
loaded once per process, regexes compiled once, one transaction), not to be slow.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# ───────────────────────────── the analyst's pipeline ─────────────────────────────

CN_NUM = "一二三四五六七八九十"
PART_RE = re.compile(rf"^(?:第[{CN_NUM}]+部分|[{CN_NUM}]+、)\s*(.*)$")
SECTION_RE = re.compile(rf"^(?:（[{CN_NUM}]+）|\([{CN_NUM}]+\)|[{CN_NUM}]+$)\s*(.*)$")
SENTENCE_RE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")
# entity kinds by name suffix, longest suffixes first
SUFFIXES = {
    "platform": ["平台", "园区", "开发区", "高新区", "科创走廊", "走廊", "基地", "中心", "实验室", "研究院"],
    "project": ["工程", "项目", "铁路", "高速", "机场", "港"],
    "program": ["计划", "行动", "战略", "改革", "试点", "示范区"],
    "industry": ["产业", "经济", "制造", "服务业"],
    "organization": ["委员会", "政府", "大学", "学院", "集团", "公司"],
    "region": ["市", "县", "区", "镇", "街道", "省", "湖", "荡"],
}
SUFFIX_RE = re.compile(
    "("
    + "|".join(
        sorted({re.escape(s) for ss in SUFFIXES.values() for s in ss}, key=len, reverse=True)
    )
    + ")$"
)
KIND_OF = {s: k for k, ss in SUFFIXES.items() for s in ss}
CJK_RE = re.compile(r"^[\u4e00-\u9fff]+$")
STOP = {"的", "和", "与", "及", "等", "在", "是", "为", "了", "对", "把", "将", "以"}


def decode(raw: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def outline(text: str):
    """[(part title, section title, paragraph)] from heading regexes."""
    part, section, pending = "前言", "", False
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        m = PART_RE.match(line)
        if m and len(line) < 80:
            part, section, pending = m.group(1) or line, "", False
            continue
        m = SECTION_RE.match(line)
        if m and len(line) < 80:
            section = m.group(1) or line
            pending = not m.group(1)  # a lone numeral: its title is the next line
            continue
        if pending and len(line) < 40 and not line.endswith(("。", "；")):
            section, pending = line, False
            continue
        pending = False
        out.append((part, section, line))
    return out


def entities(words: list[str]):
    """(label, kind) of names ending in a kind suffix: the token itself when it
    is long enough, else glued to the CJK tokens before it."""
    found = []
    for i, w in enumerate(words):
        m = SUFFIX_RE.search(w)
        if not m or w in STOP:
            continue
        label = w
        j = i
        while len(label) < 4 and j > 0 and CJK_RE.match(words[j - 1]) and words[j - 1] not in STOP:
            j -= 1
            label = words[j] + label
        if len(label) < 2 or label == m.group(1):
            continue
        found.append((label, KIND_OF[m.group(1)]))
    return found


def pipeline(path: Path, jieba, db: Path) -> dict:
    import sqlite3

    import networkx as nx

    text = decode(path.read_bytes())
    paras = outline(text)
    g = nx.DiGraph()
    doc = f"doc:{path.name}"
    g.add_node(doc, kind="document", label=path.name)
    passages = []
    sent_no = 0
    for part, section, para in paras:
        pid = f"part:{part}"
        sid = f"section:{part}/{section}"
        if pid not in g:
            g.add_node(pid, kind="part", label=part)
            g.add_edge(doc, pid, kind="contains")
        if sid not in g:
            g.add_node(sid, kind="section", label=section)
            g.add_edge(pid, sid, kind="contains")
        for m in SENTENCE_RE.finditer(para):
            s = m.group(0).strip()
            if not s:
                continue
            sent_no += 1
            nid = f"sentence:{sent_no}"
            g.add_node(nid, kind="sentence", label=s[:30])
            g.add_edge(sid, nid, kind="contains")
            passages.append((sent_no, path.name, part, section, s))
            words = jieba.lcut(s)
            ents = entities(words)
            places = [e for e, k in ents if k == "region"]
            for label, kind in ents:
                eid = f"{kind}:{label}"
                if eid not in g:
                    g.add_node(eid, kind=kind, label=label)
                g.add_edge(nid, eid, kind="mentions")
            for label, kind in ents:
                if kind == "region":
                    continue
                for p in places:
                    u, v = f"{kind}:{label}", f"region:{p}"
                    w = g.edges[u, v]["weight"] + 1 if g.has_edge(u, v) else 1
                    g.add_edge(u, v, kind="located_in", weight=w)
    con = sqlite3.connect(db)
    with con:
        con.executescript(
            """
            DROP TABLE IF EXISTS nodes; DROP TABLE IF EXISTS edges; DROP TABLE IF EXISTS passages;
            CREATE TABLE nodes (id TEXT PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL);
            CREATE TABLE edges (source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, weight REAL);
            CREATE TABLE passages (id INTEGER PRIMARY KEY, doc TEXT, part TEXT, section TEXT, text TEXT);
            """
        )
        con.executemany(
            "INSERT INTO nodes VALUES (?, ?, ?)",
            ((n, a["kind"], a["label"]) for n, a in g.nodes(data=True)),
        )
        con.executemany(
            "INSERT INTO edges VALUES (?, ?, ?, ?)",
            ((u, v, a["kind"], a.get("weight")) for u, v, a in g.edges(data=True)),
        )
        con.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?)", passages)
    con.close()
    kinds = {}
    for _, a in g.nodes(data=True):
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "sentences": sent_no,
        "entities": sum(v for k, v in kinds.items() if k not in ("document", "part", "section", "sentence")),
    }


def worker(files: list[Path]) -> None:
    """One analyst's run, in this (fresh) process: prints JSON timings."""
    t0 = time.perf_counter()
    import jieba
    import networkx  # noqa: F401  (the import is part of their run)

    jieba.setLogLevel(60)
    t1 = time.perf_counter()
    jieba.initialize()  # the dictionary load
    t2 = time.perf_counter()
    counts = []
    with tempfile.TemporaryDirectory() as d:
        for i, f in enumerate(files):
            counts.append(pipeline(f, jieba, Path(d) / f"py{i}.db"))
    t3 = time.perf_counter()
    print(
        json.dumps(
            {
                "import": t1 - t0,
                "load": t2 - t1,
                "pipeline": t3 - t2,
                "counts": counts,
            }
        )
    )


# ───────────────────────────── the comparison ─────────────────────────────


def run_python(files: list[Path], runs: int) -> dict:
    walls, ins = [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--worker", *map(str, files)],
            check=True,
            capture_output=True,
            text=True,
        )
        walls.append(time.perf_counter() - t)
        ins.append(json.loads(out.stdout))
    return {
        "wall": walls,
        "with_load": [r["load"] + r["pipeline"] for r in ins],
        "without_load": [r["pipeline"] for r in ins],
        "import": [r["import"] for r in ins],
        "counts": ins[-1]["counts"],
    }


BUILT_RE = re.compile(r"(\d+) nodes, (\d+) edges")


def run_planmap(binary: Path, files: list[Path], runs: int) -> dict:
    """Each run builds every file, one process per file (the CLI takes one)."""
    walls, counts = [], []
    with tempfile.TemporaryDirectory() as d:
        for _ in range(runs):
            total, counts = 0.0, []
            for i, f in enumerate(files):
                db = Path(d) / f"pm{i}.db"
                t = time.perf_counter()
                out = subprocess.run(
                    [str(binary), "build", str(f), "--db", str(db)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                total += time.perf_counter() - t
                m = BUILT_RE.search(out.stderr)
                counts.append({"nodes": int(m.group(1)), "edges": int(m.group(2))} if m else {})
            walls.append(total)
    return {"wall": walls, "counts": counts}


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def ms(x: float) -> str:
    return f"{x * 1000:,.1f} ms"


def spread(xs: list[float]) -> str:
    return f"[{min(xs) * 1000:,.1f} – {max(xs) * 1000:,.1f}]"


def compare(label: str, files: list[Path], binary: Path, py_runs: int, pm_runs: int) -> dict:
    size = sum(f.stat().st_size for f in files)
    print(f"\n## {label}: {len(files)} file(s), {size:,} bytes")
    sys.stdout.flush()
    py = run_python(files, py_runs)
    pm = run_planmap(binary, files, pm_runs)
    pm_wall = med(pm["wall"])
    rows = [
        ("planmap build (whole processes, wall)", pm["wall"], None),
        ("python: whole process (interpreter, imports, jieba load, pipeline)", py["wall"], med(py["wall"]) / pm_wall),
        ("python: jieba load + pipeline (in process)", py["with_load"], med(py["with_load"]) / pm_wall),
        ("python: pipeline only, jieba already loaded (in process)", py["without_load"], med(py["without_load"]) / pm_wall),
    ]
    print(f"\n| what | runs | median | [min – max] | python / planmap |")
    print("|---|---|---|---|---|")
    for name, xs, ratio in rows:
        r = f"**{ratio:.1f}×**" if ratio is not None else "1×"
        print(f"| {name} | {len(xs)} | {ms(med(xs))} | {spread(xs)} | {r} |")
    pn = sum(c.get("nodes", 0) for c in pm["counts"])
    pe = sum(c.get("edges", 0) for c in pm["counts"])
    yn = sum(c["nodes"] for c in py["counts"])
    ye = sum(c["edges"] for c in py["counts"])
    ys = sum(c["sentences"] for c in py["counts"])
    ya = sum(c["entities"] for c in py["counts"])
    print(f"\n| output | nodes | edges |\n|---|---|---|")
    print(f"| planmap | {pn:,} | {pe:,} |")
    print(f"| python | {yn:,} ({ys:,} sentences, {ya:,} entities) | {ye:,} |")
    print(f"\n(python imports alone: median {ms(med(py['import']))}, not counted above except in the whole-process row)")
    sys.stdout.flush()
    return {
        "label": label,
        "ratio_wall": med(py["wall"]) / pm_wall,
        "ratio_with_load": med(py["with_load"]) / pm_wall,
        "ratio_without_load": med(py["without_load"]) / pm_wall,
    }


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker([Path(p) for p in sys.argv[2:]])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--planmap", required=True, type=Path, help="the release planmap binary")
    ap.add_argument("--plan", required=True, type=Path, help="the shipped plan")
    ap.add_argument("--corpus", type=Path, help="a folder of .txt plans (optional)")
    ap.add_argument("--python-runs", type=int, default=3)
    ap.add_argument("--planmap-runs", type=int, default=7)
    ap.add_argument("--target", type=float, default=20.0, help="ratio to reach on the shipped plan")
    a = ap.parse_args()
    results = [compare("Shipped plan", [a.plan], a.planmap, a.python_runs, a.planmap_runs)]
    if a.corpus and a.corpus.is_dir():
        files = sorted(a.corpus.glob("*.txt"))
        if files:
            results.append(compare(f"Corpus {a.corpus.name}", files, a.planmap, a.python_runs, max(3, a.planmap_runs // 2)))
    r = results[0]
    # The target is end to end: a whole planmap process against a whole
    # Python process on the same file. The two in-process ratios leave out
    # Python's interpreter start and imports but not planmap's process start,
    # so they are reported, not judged.
    ok = r["ratio_wall"] >= a.target
    print(
        f"\nshipped plan: planmap is {r['ratio_wall']:.1f}× faster than the Python process end to end "
        f"(target ≥ {a.target:g}× end to end: {'met' if ok else 'NOT met'}); "
        f"{r['ratio_with_load']:.1f}× against the Python run in process counting jieba's load, "
        f"{r['ratio_without_load']:.1f}× against the Python pipeline alone with jieba loaded"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
