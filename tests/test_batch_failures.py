"""The batch runner when pages or inputs go wrong: a page over the time or memory limit,
a killed worker, a killed run (no worker left behind), truncated .bz2 and multistream
dumps.  Each failure must stay local: the other pages come out as in a clean run.
The fake parse functions and helpers come from test_batch.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infobox_tools.batch import convert
from infobox_tools.errors import InputError
from test_batch import HERE, RUNNER, fake_parse, hungry_parse, killing_parse, lines, spinning_parse
from test_sources import ENWIKI, MULTI


def test_a_page_over_the_time_limit_fails_and_the_run_goes_on(corpus: Path, tmp_path: Path) -> None:
    for jobs in (1, 2):
        out = tmp_path / str(jobs)
        started = time.monotonic()
        summary = convert([corpus / ENWIKI], out, jobs=jobs, parse=spinning_parse, page_timeout=0.5, progress=False)
        assert time.monotonic() - started < 15
        failed = [e for e in lines(out / "errors.jsonl") if e["outcome"] == "failed"]
        timeouts = [e for e in failed if "time limit" in e["reason"]]
        assert [e["title"] for e in timeouts] == ["Anarchism"]
        assert summary.reasons["failed"]["timeout"] == 1
        assert summary.pages == 206


def test_a_killed_worker_fails_only_its_chunk(corpus: Path, tmp_path: Path) -> None:
    ref = convert([corpus / ENWIKI], tmp_path / "ref", jobs=1, parse=fake_parse, progress=False, chunk_pages=10)
    summary = convert([corpus / ENWIKI], tmp_path / "k", jobs=2, parse=killing_parse, progress=False,
                      chunk_pages=10)
    assert summary.pages == 206
    died = [e for e in lines(tmp_path / "k" / "errors.jsonl") if e["reason"].startswith("the worker process died")]
    assert "Anarchism" in [e["title"] for e in died] and 1 <= len(died) <= 10
    assert summary.written == ref.written - len(died) + sum(e["title"].startswith("Ana") for e in died)
    ref_records = {r["title"]: r for r in lines(tmp_path / "ref" / "records.jsonl")}
    for record in lines(tmp_path / "k" / "records.jsonl"):
        assert record == ref_records[record["title"]]


def test_killing_the_run_leaves_no_worker_behind(corpus: Path, tmp_path: Path) -> None:
    if not Path("/proc/self/task").exists():
        pytest.skip("needs Linux /proc to list the worker processes")
    code = RUNNER.format(tests=str(HERE), src=str(corpus / ENWIKI), out=str(tmp_path), to="jsonl", jobs=2)
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(HERE)})
    state = tmp_path / ".infobox-tools-state.json"
    deadline = time.monotonic() + 60
    while not state.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    workers = children.read_text().split() if children.exists() else []
    proc.kill()
    proc.wait()
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_truncated_bz2_stops_with_a_clear_error_and_keeps_earlier_output(corpus: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    convert([corpus / ENWIKI], full, jobs=1, parse=fake_parse, progress=False)
    cut = tmp_path / "cut.xml.bz2"
    data = (corpus / ENWIKI).read_bytes()
    cut.write_bytes(data[: int(len(data) * 0.6)])
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        convert([cut], out, jobs=2, parse=fake_parse, progress=False)
    message = str(err.value)
    assert str(cut) in message and "truncated" in message and "\n" not in message
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "error" and "truncated" in summary["error"]
    kept = (out / "records.jsonl").read_bytes().replace(str(cut).encode(), str(corpus / ENWIKI).encode())
    assert kept and (full / "records.jsonl").read_bytes().startswith(kept)  # whole pages, in order
    assert len(kept.splitlines()) == summary["written"]
    assert summary["written"] + summary["skipped"] + summary["failed"] == summary["pages"] > 50


def test_truncated_multistream_keeps_complete_streams(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ms"
    folder.mkdir()
    for p in (corpus / "dumps/multistream").iterdir():
        shutil.copy(p, folder / p.name)
    dump = folder / MULTI.rsplit("/", 1)[1]
    data = dump.read_bytes()
    dump.write_bytes(data[:1_000_000])  # inside the second page stream
    with pytest.raises(InputError, match="truncated"):
        convert([dump], tmp_path / "out", jobs=2, parse=fake_parse, progress=False)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["pages"] == 100  # the first stream, complete


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_page_past_the_memory_limit_fails_alone(corpus: Path, tmp_path: Path) -> None:
    """--max-memory caps each worker's address space: the page that asks for more fails with
    the reason, its worker lives on, and every other page is as in a run without it."""
    ref = convert([corpus / ENWIKI], tmp_path / "ref", jobs=2, parse=fake_parse, progress=False)
    summary = convert([corpus / ENWIKI], tmp_path / "m", jobs=2, parse=hungry_parse, progress=False,
                      max_memory=1024)
    assert summary.pages == ref.pages and summary.written == ref.written - 1
    assert summary.reasons["failed"].get("out of memory") == 1
    (line,) = [e for e in lines(tmp_path / "m" / "errors.jsonl") if e["title"] == "Albedo"]
    assert line["outcome"] == "failed" and "1024 MB" in line["reason"] and "--max-memory" in line["reason"]
    assert "worker died" not in summary.reasons["failed"]  # a MemoryError, not a killed process
    ref_lines = (tmp_path / "ref" / "records.jsonl").read_bytes().splitlines()
    got = (tmp_path / "m" / "records.jsonl").read_bytes().splitlines()
    assert [x for x in ref_lines if b'"title":"Albedo"' not in x] == got
