#!/usr/bin/env python3
"""Benchmark the batch runner against bzcat and WikiExtractor on one dump.

    .venv/bin/python bench/bench.py 50        # a 50 MB (uncompressed XML) dump

Builds ``bench/work/bench-SIZE.xml.bz2`` (one bz2 stream) and
``bench/work/bench-SIZE-multistream.xml.bz2`` + ``-multistream-index.txt.bz2`` (100
pages per stream) from the real enwiki sample of the corpus, repeating its pages with
new page ids and titles until the XML reaches SIZE MB; then runs, one after the other
on the same machine: ``bzcat`` alone (the floor: decompression), infobox-tools batch
with 1 and 2 jobs (single-stream and multistream), and WikiExtractor (installed with
pip into ``bench/work/wikiextractor-venv``; a failed install is shown in the table).
Each command runs under ``/usr/bin/time`` for wall, CPU (user+sys, children included)
and peak RSS (the largest single process).  Files are reused when already built.
"""

from __future__ import annotations

import argparse
import bz2
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SAMPLE = "dumps/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
PAGE = re.compile(rb"  <page>\n.*?</page>\n", re.S)
TITLE = re.compile(rb"<title>(.*?)</title>")
PAGE_ID = re.compile(rb"(</ns>\s*<id>)(\d+)(</id>)")
REV_ID = re.compile(rb"(<revision>\s*<id>)(\d+)(</id>)")


def corpus_dir() -> Path:
    return Path(os.environ.get("INFOBOX_TOOLS_CORPUS", ROOT.parent / "shared" / "corpus"))


def build(size_mb: int) -> tuple[Path, Path, int]:
    """(single-stream .bz2, multistream .bz2, pages), building them if needed."""
    WORK.mkdir(parents=True, exist_ok=True)
    single = WORK / f"bench-{size_mb}.xml.bz2"
    multi = WORK / f"bench-{size_mb}-multistream.xml.bz2"
    index = WORK / f"bench-{size_mb}-multistream-index.txt.bz2"
    count_file = WORK / f"bench-{size_mb}.pages"
    if single.exists() and multi.exists() and index.exists() and count_file.exists():
        return single, multi, int(count_file.read_text())
    xml = bz2.decompress((corpus_dir() / SAMPLE).read_bytes())
    first = xml.index(b"  <page>")
    header, pages = xml[:first], PAGE.findall(xml)
    footer = b"</mediawiki>\n"
    target = size_mb * 1_000_000
    print(f"building a {size_mb} MB dump from {len(pages)} real pages ...", file=sys.stderr)
    bzip2 = subprocess.Popen(["bzip2", "-c"], stdin=subprocess.PIPE, stdout=open(single, "wb"))
    assert bzip2.stdin is not None
    with open(multi, "wb") as ms, bz2.open(index, "wb") as ix:
        head = bz2.compress(header)
        ms.write(head)
        bzip2.stdin.write(header)
        offset, written, n, rep = len(head), len(header), 0, 0
        group: list[bytes] = []
        group_index: list[bytes] = []

        def flush() -> None:
            nonlocal offset
            data = b"".join(group)
            block = bz2.compress(data)
            ms.write(block)
            ix.write(b"".join(b"%d:%s\n" % (offset, line) for line in group_index))
            bzip2.stdin.write(data)  # type: ignore[union-attr]
            offset += len(block)
            group.clear()
            group_index.clear()

        while written < target:
            for page in pages:
                n += 1
                new_id = n + 10
                title = TITLE.search(page).group(1)  # type: ignore[union-attr]
                new_title = title if rep == 0 else title + b" (%d)" % rep
                page2 = TITLE.sub(lambda m, t=new_title: b"<title>" + t + b"</title>", page, count=1)
                page2 = PAGE_ID.sub(lambda m, i=new_id: m.group(1) + str(i).encode() + m.group(3), page2, count=1)
                page2 = REV_ID.sub(lambda m, r=10**9 + n: m.group(1) + str(r).encode() + m.group(3), page2, count=1)
                group.append(page2)
                group_index.append(b"%d:%s" % (new_id, new_title))
                written += len(page2)
                if len(group) == 100:
                    flush()
                if written >= target:
                    break
            rep += 1
        if group:
            flush()
        tail = bz2.compress(footer)
        ms.write(tail)
        bzip2.stdin.write(footer)
    bzip2.stdin.close()
    bzip2.wait()
    count_file.write_text(str(n))
    return single, multi, n


def timed(cmd: list[str], **kw: object) -> dict[str, object]:
    """Run ``cmd`` under /usr/bin/time; wall, cpu, rss (MB) or the error."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        started = time.monotonic()
        proc = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M"] + cmd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)  # type: ignore[call-overload]
        wall = time.monotonic() - started
        fields = tf.read().strip().splitlines()[-1].split() if proc.returncode == 0 else []
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        return {"error": (err[-1] if err else f"exit {proc.returncode}")[:120]}
    _, user, system, rss_kb = fields
    return {"wall": wall, "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024}


def ours(path: Path, jobs: int, out: Path) -> list[str]:
    code = ("import sys; from infobox_tools.batch import convert; "
            f"s = convert([{str(path)!r}], {str(out)!r}, jobs={jobs}, progress=False); "
            "print(s.text(), file=sys.stderr)")
    return [sys.executable, "-c", code]


def wikiextractor() -> tuple[Path | None, str]:
    venv = WORK / "wikiextractor-venv"
    exe = venv / "bin" / "wikiextractor"
    if exe.exists():
        return exe, ""
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "wikiextractor"], check=True,
                       capture_output=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        out = getattr(exc, "stderr", b"") or b""
        return None, f"pip install failed: {out.decode(errors='replace').strip().splitlines()[-1:]}"
    return (exe, "") if exe.exists() else (None, "pip install gave no wikiextractor command")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size_mb", type=int, help="size of the benchmark dump (uncompressed XML, MB)")
    parser.add_argument("--skip-wikiextractor", action="store_true")
    args = parser.parse_args()
    single, multi, pages = build(args.size_mb)
    xml_mb = args.size_mb
    print(f"dump: {single.name} ({single.stat().st_size / 1e6:.1f} MB bz2, {pages} pages, {xml_mb} MB XML); "
          f"multistream: {multi.name}", file=sys.stderr)
    runs: list[tuple[str, dict[str, object]]] = []
    runs.append(("bzcat (decompression only)", timed(["bzcat", str(single)])))
    out = WORK / "out"
    for label, path, jobs in (("infobox-tools batch, 1 job", single, 1),
                              ("infobox-tools batch, 2 jobs", single, 2),
                              ("infobox-tools batch, 2 jobs, multistream", multi, 2)):
        shutil.rmtree(out, ignore_errors=True)
        runs.append((label, timed(ours(path, jobs, out), cwd=ROOT)))
    if args.skip_wikiextractor:
        runs.append(("WikiExtractor", {"error": "skipped (--skip-wikiextractor)"}))
    else:
        exe, problem = wikiextractor()
        if exe is None:
            runs.append(("WikiExtractor", {"error": problem}))
        else:
            shutil.rmtree(WORK / "we-out", ignore_errors=True)
            runs.append(("WikiExtractor --processes 2", timed([str(exe), "--processes", "2", "-q", "-o",
                                                                str(WORK / "we-out"), str(single)])))
    print(f"\n{'command':<44} {'wall s':>8} {'CPU s':>8} {'pages/s':>9} {'MB/s':>7} {'peak RSS MB':>12}")
    for label, r in runs:
        if "error" in r:
            print(f"{label:<44} {'failed: ' + str(r['error'])}")
            continue
        wall = float(r["wall"])  # type: ignore[arg-type]
        print(f"{label:<44} {wall:>8.2f} {float(r['cpu']):>8.2f} {pages / wall:>9.0f} "  # type: ignore[arg-type]
              f"{xml_mb / wall:>7.2f} {float(r['rss']):>12.0f}")  # type: ignore[arg-type]
    print("\nMB/s is of uncompressed XML; peak RSS is the largest single process.")


if __name__ == "__main__":
    main()
