#!/usr/bin/env python3
"""Where a dump conversion spends its time, stage by stage, in one process.

    .venv/bin/python bench/profile_stages.py                     # bench/work/bench-8.xml.bz2
    .venv/bin/python bench/profile_stages.py DUMP.xml.bz2 --cprofile 30

Runs the stages of ``infobox-tools batch`` one after the other on every page of a
(single-stream) dump, timing each on its own: decompression (bz2 alone), XML (lxml
page iteration over the decompressed bytes), the wikitext reader's infobox part and
prose part, the normalisers, and JSON serialisation.  Stages are timed by calling the same functions
the batch worker calls, so the sum is close to a 1-job run's CPU time (imports are
shown apart).  ``--cprofile N`` also prints the N functions with the most own time.
"""

from __future__ import annotations

import argparse
import bz2
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "bench" / "work" / "bench-8.xml.bz2"


def stages(path: Path) -> tuple[dict[str, float], int, int]:
    """Seconds per stage, pages parsed, XML bytes."""
    t0 = time.perf_counter()
    import infobox_tools.normalize  # noqa: F401  (imports timed apart: a run pays them once)
    import infobox_tools.readers.wikiprose  # noqa: F401
    from infobox_tools.normalize import normalize
    from infobox_tools.readers import wikitext
    from infobox_tools.readers.wikiinfobox import INFOBOX_NAMES, read_infoboxes
    from infobox_tools.readers.wikiprose import extract_prose
    from infobox_tools.sources.xmldump import XmlDumpSource
    from infobox_tools.writers.json import record_to_json

    t: dict[str, float] = {"imports": time.perf_counter() - t0}

    from infobox_tools.sources.multistream import _fast_decompress  # what the workers use

    t0 = time.perf_counter()
    data = path.read_bytes()
    xml = _fast_decompress(data) or bz2.decompress(data)
    t["decompression"] = time.perf_counter() - t0
    del data

    t0 = time.perf_counter()  # lxml page iteration on the decompressed bytes
    source = XmlDumpSource(str(path), namespaces=frozenset({0}), skip_redirects=False)
    docs = [d for d in source._pages(io.BytesIO(xml))  # noqa: SLF001 (the pages loop without the file)
            if d.skip_reason is None and d.redirect is None and d.error is None]
    t["XML (lxml iterparse)"] = time.perf_counter() - t0
    size = len(xml)
    del xml

    def clock(name: str, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        t1 = time.perf_counter()
        out = fn(*args, **kw)
        t[name] = t.get(name, 0.0) + time.perf_counter() - t1
        return out

    for d in docs:
        text = d.text or ""
        clock("reader: infobox", read_infoboxes, text, INFOBOX_NAMES)
        clock("reader: prose", extract_prose, text)
        # the whole reader once more, untimed, for the normaliser's input (its own extra
        # work, the redirect and disambiguation checks, is two regex matches)
        raw = wikitext.read(text, title=d.title, source=d.source)
        rec = clock("normalisation", normalize, raw, lang=d.source.lang)
        clock("serialisation (JSON)", record_to_json, rec)
    return t, len(docs), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dump", nargs="?", type=Path, default=DEFAULT, help="a single-stream .xml.bz2 dump")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the top N functions")
    args = parser.parse_args()
    if not args.dump.exists():
        sys.exit(f"{args.dump}: not found (build it with: .venv/bin/python bench/bench.py 8 --quick)")
    prof = cProfile.Profile() if args.cprofile else None
    if prof:
        prof.enable()
    t, pages, size = stages(args.dump)
    if prof:
        prof.disable()
    total = sum(v for k, v in t.items() if k != "imports")
    print(f"{args.dump.name}: {size / 1e6:.1f} MB XML, {pages} articles parsed (redirects skipped)"
          + (" [under cProfile: times inflated]" if prof else ""))
    print(f"{'stage':<28} {'s':>7} {'%':>6} {'ms/page':>8}")
    for name, v in sorted(t.items(), key=lambda kv: -kv[1]):
        if name == "imports":
            continue
        print(f"{name:<28} {v:>7.2f} {100 * v / total:>5.1f}% {1000 * v / max(pages, 1):>8.2f}")
    print(f"{'total':<28} {total:>7.2f}  ({size / 1e6 / total:.2f} MB/s); imports {t['imports']:.2f} s apart")
    if prof:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(args.cprofile)
        print(buf.getvalue())


if __name__ == "__main__":
    main()
