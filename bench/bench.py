#!/usr/bin/env python3
"""Benchmark the batch runner against bzcat and WikiExtractor on one dump (issue 8).

    .venv/bin/python bench/bench.py                # the 48.7 MB dump of the issue, 3 runs each
    .venv/bin/python bench/bench.py 100 --repeat 1 --quick

Builds ``bench/work/bench-SIZE.xml.bz2`` (one bz2 stream) and
``bench/work/bench-SIZE-multistream.xml.bz2`` + ``-multistream-index.txt.bz2`` (100
pages per stream) from the real enwiki sample of the corpus, repeating its pages with
new page ids and titles until the XML reaches SIZE MB; then runs, one after the other
on the same machine: ``bzcat`` alone (the floor: decompression), ``infobox-tools batch``
(full conversion to JSON Lines) with 1 and 2 jobs on the multistream dump and 2 jobs
on the single stream, and WikiExtractor with 1 and 2 processes (installed with pip into
``bench/work/wikiextractor-venv``; a failed install is shown in the table).  The
commands run in ``--repeat`` interleaved rounds under ``/usr/bin/time`` (wall, CPU =
user+sys with children, largest process's RSS) while the whole process tree's RSS is
sampled; the median is shown.  Then the issue's targets with PASS/FAIL (exit status 1 on a FAIL),
including peak memory against a 1/4-size dump and ``infobox-tools convert`` of the
reference article.  Files are reused when already built.  The machine is shared: the
CPU time other processes took during each run is measured (/proc/stat, hypervisor steal
included), and a note names the commands whose runs lost more than 3 % of the machine.
"""

from __future__ import annotations

import argparse
import bz2
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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


def build(size_mb: float) -> tuple[Path, Path, int]:
    """(single-stream .bz2, multistream .bz2, pages), building them if needed."""
    WORK.mkdir(parents=True, exist_ok=True)
    tag = f"{size_mb:g}"
    single = WORK / f"bench-{tag}.xml.bz2"
    multi = WORK / f"bench-{tag}-multistream.xml.bz2"
    index = WORK / f"bench-{tag}-multistream-index.txt.bz2"
    count_file = WORK / f"bench-{tag}.pages"
    if single.exists() and multi.exists() and index.exists() and count_file.exists():
        return single, multi, int(count_file.read_text())
    xml = bz2.decompress((corpus_dir() / SAMPLE).read_bytes())
    first = xml.index(b"  <page>")
    header, pages = xml[:first], PAGE.findall(xml)
    footer = b"</mediawiki>\n"
    target = int(size_mb * 1_000_000)
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


def _kids(pid: int) -> list[int]:
    """Child pids of ``pid`` (all its threads), from /proc/PID/task/*/children."""
    out: list[int] = []
    for f in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            out.extend(int(x) for x in f.read_text().split())
        except OSError:
            pass
    return out


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants (MB)."""
    todo, total = [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(_kids(pid))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            pass
    return total / 1024


def _machine_busy_s() -> float | None:
    """CPU seconds the whole machine has been busy since boot, time taken by the
    hypervisor for other guests (steal) included; ``None`` without /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            ticks = [int(x) for x in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed(cmd: list[str], interval: float = 0.1, **kw: object) -> dict[str, object]:
    """Run ``cmd`` under /usr/bin/time: wall s, CPU s (user+sys, children included),
    peak RSS of the largest single process and of the whole process tree (MB, sampled
    every ``interval`` s), CPU s that other processes took meanwhile, or the error."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        busy_before, own_before = _machine_busy_s(), time.process_time()
        started = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M"] + cmd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)  # type: ignore[call-overload]
        peak = 0.0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.wait(interval):
                peak = max(peak, _tree_rss_mb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate()
        wall = time.monotonic() - started
        busy_after = _machine_busy_s()
        stop.set()
        sampler.join()
        bench_cpu = time.process_time() - own_before  # this script's sampler
        fields = tf.read().strip().splitlines()[-1].split() if proc.returncode == 0 else []
    if proc.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines()
        return {"error": (lines[-1] if lines else f"exit {proc.returncode}")[:120]}
    _, user, system, rss_kb = fields
    # /usr/bin/time itself is ~2 MB of the tree; keep it, it is what the user's shell sees too
    cpu = float(user) + float(system)
    other = None if busy_before is None or busy_after is None else max(0.0, busy_after - busy_before - cpu - bench_cpu)
    return {"wall": wall, "cpu": cpu, "rss": int(rss_kb) / 1024,
            "tree_rss": max(peak, int(rss_kb) / 1024), "other": other}


@dataclass
class Job:
    """One command of the table, run once per round."""

    label: str
    cmd: list[str]
    before: Callable[[], None] = lambda: None
    cwd: Path | None = None
    interval: float = 0.1  # RSS sampling (finer costs CPU: only for the memory runs)
    results: list[dict[str, object]] = field(default_factory=list)
    error: str | None = None


def run_rounds(jobs: list[Job], repeat: int) -> dict[str, dict[str, object]]:
    """Run every job once per round, ``repeat`` rounds (interleaved, so that load from
    others on a shared machine falls on all commands alike); the median of each figure
    (or the job's first error)."""
    for _ in range(repeat):
        for job in jobs:
            if job.error is None:
                job.before()
                r = timed(job.cmd, job.interval, cwd=job.cwd)
                if "error" in r:
                    job.error = str(r["error"])
                else:
                    job.results.append(r)
    out: dict[str, dict[str, object]] = {}
    for job in jobs:
        if job.error is not None:
            out[job.label] = {"error": job.error}
            continue
        med: dict[str, object] = {k: statistics.median(float(r[k]) for r in job.results)  # type: ignore[arg-type]
                                  for k in ("wall", "cpu", "rss", "tree_rss")}
        med["walls"] = [float(r["wall"]) for r in job.results]  # type: ignore[arg-type]
        others = [float(r["other"]) for r in job.results if r.get("other") is not None]  # type: ignore[arg-type]
        med["other"] = statistics.median(others) if others else None
        out[job.label] = med
    return out


def ours(path: Path, jobs: int, out: Path) -> list[str]:
    """The user's command: ``infobox-tools batch DUMP -o OUT --jobs N -q`` (JSON Lines)."""
    return [str(Path(sys.executable).parent / "infobox-tools"), "batch", str(path), "-o", str(out),
            "--jobs", str(jobs), "-q"]


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


def _fmt(x: float | None, spec: str) -> str:
    return "n/a" if x is None else format(x, spec)


def targets(runs: dict[str, dict[str, object]], memory: tuple[float, float] | None, ref_wall: float | None
            ) -> list[tuple[str, float | None, str, bool | None]]:
    """(target, measured, limit, passed) for each target of the issue; ``memory`` is the
    peak RSS of the dedicated memory runs (full size, 1/4 size) when they were made."""
    def get(label: str, key: str) -> float | None:
        r = runs.get(label, {})
        return None if "error" in r or key not in r else float(r[key])  # type: ignore[arg-type]

    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None or b == 0 else a / b

    o2, o1 = get(OURS2, "wall"), get(OURS1, "wall")
    we2, bz = get(WE2, "wall"), get(BZCAT, "wall")
    rows: list[tuple[str, float | None, str, bool | None]] = []

    def add(name: str, value: float | None, limit: str, ok: Callable[[float], bool]) -> None:
        rows.append((name, value, limit, None if value is None else ok(value)))

    add("ours-2 wall / WikiExtractor-2 wall", ratio(o2, we2), "<= 0.50", lambda v: v <= 0.5)
    add("ours-2 CPU / WikiExtractor-2 CPU", ratio(get(OURS2, "cpu"), get(WE2, "cpu")), "<= 0.60",
        lambda v: v <= 0.6)
    add("ours-2 wall / bzcat wall", ratio(o2, bz), "<= 4.0", lambda v: v <= 4.0)
    add("speed-up 1 job -> 2 jobs (multistream)", ratio(o1, o2), ">= 1.8", lambda v: v >= 1.8)
    rss2 = memory[0] if memory else get(OURS2, "tree_rss")
    add("peak RSS, 2 jobs, all processes (MB)", rss2, "< 300", lambda v: v < 300)
    if memory:
        add("peak RSS growth vs a 1/4-size dump (MB)", memory[0] - memory[1], "< 30 (flat)", lambda v: v < 30)
    add("convert reference article, wall s", ref_wall, "< 0.30", lambda v: v < 0.3)
    return rows


BZCAT = "bzcat (decompression only)"
OURS1 = "infobox-tools, multistream, --jobs 1"
OURS2 = "infobox-tools, multistream, --jobs 2"
OURS2S = "infobox-tools, single stream, --jobs 2"
WE1 = "WikiExtractor --processes 1"
WE2 = "WikiExtractor --processes 2"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size_mb", type=float, nargs="?", default=48.7,
                        help="size of the benchmark dump (uncompressed XML, MB; default 48.7 as in issue 8)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command; the median is shown (default 5)")
    parser.add_argument("--skip-wikiextractor", action="store_true")
    parser.add_argument("--quick", action="store_true",
                        help="skip the single-stream, WikiExtractor-1 and 1/4-size memory runs")
    args = parser.parse_args()
    single, multi, pages = build(args.size_mb)
    # Byte-compile our sources as pip does when it installs a package (WikiExtractor's are):
    # with PYTHONDONTWRITEBYTECODE set, an editable install would compile every module again
    # at each start (~90 ms).  Stale .pyc files are never used: Python checks the source.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    # Likewise the mapping registry's cache (written at first use unless PYTHONDONTWRITEBYTECODE).
    subprocess.run([sys.executable, "-c", "from infobox_tools.normalize.registry import precompile; precompile()"],
                   check=True)
    xml_mb = args.size_mb
    print(f"dump: {single.name} ({single.stat().st_size / 1e6:.1f} MB bz2, {pages} pages, {xml_mb:g} MB XML); "
          f"multistream: {multi.name}; {os.cpu_count()} cores; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    out = WORK / "out"

    def clean(path: Path = out) -> Callable[[], None]:
        return lambda: shutil.rmtree(path, ignore_errors=True)

    jobs = [Job(BZCAT, ["bzcat", str(single)]),
            Job(OURS1, ours(multi, 1, out), clean(), ROOT),
            Job(OURS2, ours(multi, 2, out), clean(), ROOT)]
    if not args.quick:
        jobs.append(Job(OURS2S, ours(single, 2, out), clean(), ROOT))
    problem = "skipped (--skip-wikiextractor)"
    exe = None if args.skip_wikiextractor else wikiextractor()
    if exe is not None:
        we, problem = exe
        we_out = WORK / "we-out"
        for label, n in ((WE1, 1), (WE2, 2)):
            if we is not None and not (n == 1 and args.quick):
                jobs.append(Job(label, [str(we), "--processes", str(n), "-q", "-o", str(we_out), str(single)],
                                clean(we_out)))
    load_before = os.getloadavg()[0]
    runs = run_rounds(jobs, args.repeat)
    if WE2 not in runs:
        runs[WE2] = {"error": problem}
    memory = None
    if not args.quick:
        # Peak memory from runs of their own, sampled every 20 ms: at 100 ms the short 1/4-size
        # run's peak was often missed, which made the growth look larger than it is.
        _, small_multi, _ = build(round(args.size_mb / 4, 1))
        mem = run_rounds([Job("full", ours(multi, 2, out), clean(), ROOT, interval=0.02),
                          Job("quarter", ours(small_multi, 2, out), clean(), ROOT, interval=0.02)], 3)
        if "error" not in mem["full"] and "error" not in mem["quarter"]:
            memory = (float(mem["full"]["tree_rss"]), float(mem["quarter"]["tree_rss"]))  # type: ignore[arg-type]
    ref = ROOT / "fixtures" / "invasion_of_south_sakhalin.txt"
    convert = [str(Path(sys.executable).parent / "infobox-tools"), "convert", str(ref)]
    ref_run = run_rounds([Job("ref", convert)], max(5, args.repeat))["ref"]
    ref_wall = None if "error" in ref_run else float(ref_run["wall"])  # type: ignore[arg-type]
    shutil.rmtree(out, ignore_errors=True)

    print(f"\n{xml_mb:g} MB XML, {pages} pages; median of {args.repeat} interleaved rounds; load average after: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\n| {'command':<40} | {'wall s':>7} | {'CPU s':>7} | {'pages/s':>8} | {'MB/s':>6} "
          f"| {'peak RSS MB':>11} | {'(largest proc)':>14} |")
    print(f"|{'-' * 42}|{'-' * 9}:|{'-' * 9}:|{'-' * 10}:|{'-' * 8}:|{'-' * 13}:|{'-' * 16}:|")
    for label, r in runs.items():
        if "error" in r:
            print(f"| {label:<40} | failed: {r['error']} |")
            continue
        wall = float(r["wall"])  # type: ignore[arg-type]
        print(f"| {label:<40} | {wall:>7.2f} | {float(r['cpu']):>7.2f} | {pages / wall:>8.0f} "  # type: ignore[arg-type]
              f"| {xml_mb / wall:>6.2f} | {float(r['tree_rss']):>11.0f} | {float(r['rss']):>14.0f} |")  # type: ignore[arg-type]
    for label, r in runs.items():
        if "walls" in r:
            print(f"  {label}: each run {' '.join(f'{w:.2f}' for w in r['walls'])} s")  # type: ignore[union-attr]
    print("\n| target | measured | limit | result |\n|---|---:|---:|---|")
    failed = 0
    for name, value, limit, ok in targets(runs, memory, ref_wall):
        verdict = "n/a" if ok is None else "PASS" if ok else "FAIL"
        failed += ok is False
        print(f"| {name} | {_fmt(value, '.2f')} | {limit} | {verdict} |")
    print("\nCPU s = user+sys of the process and its children; MB/s of uncompressed XML; peak RSS = "
          "all processes of the run together (sampled every 100 ms), next to the largest single process; "
          "the memory targets come from separate runs sampled every 20 ms (median of 3).")
    # Other processes' CPU during our runs (the load average would count the bench's own runs).
    busy = [(label, float(r["other"]), float(r["wall"])) for label, r in runs.items()  # type: ignore[arg-type]
            if r.get("other") is not None]
    cores = os.cpu_count() or 1
    if not busy and max(load_before, os.getloadavg()[0]) > 0.7:
        print(f"\nNOTE: the machine may have been busy (load average {load_before:.2f} before, "
              f"{os.getloadavg()[0]:.2f} after, {cores} cores): wall times and the 1->2 job "
              "speed-up are then not reliable; CPU seconds and ratios of CPU seconds are.")
    for label, other, wall in busy:
        if other > max(0.03 * wall * cores, 0.05):  # /proc/stat counts 10 ms ticks
            print(f"\nNOTE: other processes took {other:.2f} CPU s (median) during each run of '{label}' "
                  f"({100 * other / (wall * cores):.0f} % of the machine): its wall time is not reliable.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
