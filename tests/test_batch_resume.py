"""The batch runner resuming an interrupted run: Ctrl-C or kill -9 at every point of the
commit loop (see batch.checkpoint), then ``resume=True`` must give byte for byte what an
uninterrupted run gives; resuming a complete run, or with other options, is refused or
a no-op.  The fake parse functions and helpers come from test_batch.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from infobox_tools import batch
from infobox_tools.batch import convert
from infobox_tools.errors import InputError
from test_batch import HERE, RUNNER, expected_enwiki, fake_parse
from test_sources import ENWIKI


@pytest.mark.parametrize(("to", "sig"), [("jsonl", signal.SIGKILL), ("tei", signal.SIGINT)])
def test_resume_after_kill_gives_the_same_bytes(corpus: Path, tmp_path: Path, to: str, sig: int) -> None:
    src = str(corpus / ENWIKI)
    full = tmp_path / "full"
    convert([src], full, to=to, jobs=1, parse=fake_parse, progress=False, chunk_pages=10)
    out = tmp_path / "killed"
    code = RUNNER.format(tests=str(HERE), src=src, out=str(out), to=to, jobs=1)
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(HERE)})
    state = out / ".infobox-tools-state.json"
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if state.exists() and json.loads(state.read_text() or "{}").get("chunks", 0) >= 2:
                break
            time.sleep(0.02)
        else:
            pytest.fail("the run never committed two chunks")
    finally:
        proc.send_signal(sig)
        proc.wait(timeout=30)
    assert proc.returncode != 0
    if sig == signal.SIGINT:  # Ctrl-C: a summary saying so, and the state to resume from
        assert json.loads((out / "summary.json").read_text())["status"] == "interrupted"
    committed = json.loads(state.read_text())["chunks"]
    assert 2 <= committed < 21
    assert not (out / "records.jsonl").exists() and not (out / "tei").exists()  # nothing looks complete
    summary = convert([src], out, to=to, jobs=2, parse=fake_parse, progress=False, chunk_pages=10, resume=True)
    assert summary.resumed and summary.pages == 206
    assert (out / "errors.jsonl").read_bytes() == (full / "errors.jsonl").read_bytes()
    if to == "jsonl":
        assert (out / "records.jsonl").read_bytes() == (full / "records.jsonl").read_bytes()
    else:
        names = sorted(p.name for p in (full / "tei").iterdir())
        assert sorted(p.name for p in (out / "tei").iterdir()) == names
        for name in names:
            assert (out / "tei" / name).read_bytes() == (full / "tei" / name).read_bytes()


# Output kinds as (to, csv_shape); every crash point of the commit loop (see batch.checkpoint).
KINDS = [("jsonl", "long"), ("csv", "long"), ("csv", "wide"), ("tei", "long"), ("tei-corpus", "long")]
POINTS = [("written", 0), ("written", 7), ("synced", 3), ("committed", 0), ("committed", 12),
          ("committed", 20), ("finishing", -1)]  # enwiki: 206 pages = 21 chunks of 10


def interrupt_at(point: str, at: int) -> Any:
    """A stand-in for batch.checkpoint that raises KeyboardInterrupt (Ctrl-C) at one point."""
    def checkpoint(name: str, chunk: int) -> None:
        if (name, chunk) == (point, at):
            raise KeyboardInterrupt

    return checkpoint


def tree(out: Path) -> dict[str, bytes]:
    """Every output file below ``out`` with its bytes (not the summary, which has timings)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "summary.json"}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Any:
    """The outputs of an uninterrupted run per kind (computed once per kind)."""
    cache: dict[tuple[str, str], dict[str, bytes]] = {}

    def get(to: str, shape: str) -> dict[str, bytes]:
        if (to, shape) not in cache:
            out = tmp_path_factory.mktemp(f"full-{to}-{shape}")
            convert([corpus / ENWIKI], out, to=to, csv_shape=shape, jobs=1, parse=fake_parse, progress=False,
                    chunk_pages=10)
            cache[to, shape] = tree(out)
        return cache[to, shape]

    return get


@pytest.mark.parametrize(("to", "shape"), KINDS)
@pytest.mark.parametrize(("point", "at"), POINTS)
def test_ctrl_c_at_each_point_then_resume_gives_the_same_bytes(corpus: Path, tmp_path: Path, uninterrupted: Any,
                                                                monkeypatch: pytest.MonkeyPatch, to: str,
                                                                shape: str, point: str, at: int) -> None:
    """Ctrl-C lands at a named point of chunk ``at``; the resumed run (other job count) gives
    byte for byte what an uninterrupted run gives, and the summary never counts ahead."""
    monkeypatch.setattr(batch, "checkpoint", interrupt_at(point, at))
    kw: dict[str, Any] = {"to": to, "csv_shape": shape, "parse": fake_parse, "progress": False, "chunk_pages": 10}
    jobs = 2 if at % 2 else 1
    with pytest.raises(KeyboardInterrupt):
        convert([corpus / ENWIKI], tmp_path, jobs=jobs, **kw)
    monkeypatch.undo()
    committed = 21 if point == "finishing" else at + (point == "committed")
    state_path = tmp_path / ".infobox-tools-state.json"
    state = json.loads(state_path.read_text()) if committed else {"seq": 0}
    assert state_path.exists() == bool(committed)  # before the first commit there is nothing to resume
    assert state.get("chunks", 0) == committed
    interrupted = json.loads((tmp_path / "summary.json").read_text())
    assert interrupted["status"] == "interrupted" and interrupted["pages"] == state["seq"]  # never counts ahead
    summary = convert([corpus / ENWIKI], tmp_path, jobs=3 - jobs, resume=True, **kw)
    assert summary.resumed == bool(committed) and summary.status == "complete" and summary.pages == 206
    assert tree(tmp_path) == uninterrupted(to, shape)


@pytest.mark.parametrize(("to", "shape", "point", "at", "jobs"), [
    ("tei", "long", "written", 5, 2), ("tei", "long", "synced", 2, 1), ("tei", "long", "finishing", -1, 2),
    ("csv", "wide", "committed", 20, 2), ("csv", "wide", "finishing", -1, 1), ("tei-corpus", "long", "synced", 4, 2),
    ("jsonl", "long", "written", 0, 1)])
def test_kill_9_at_each_point_then_resume_gives_the_same_bytes(corpus: Path, tmp_path: Path, uninterrupted: Any,
                                                                to: str, shape: str, point: str, at: int,
                                                                jobs: int) -> None:
    """SIGKILL (no cleanup at all) at a named point, from the INFOBOX_TOOLS_CRASH_AT hook."""
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); from test_batch import fake_parse; "
            f"from infobox_tools.batch import convert; convert([{str(corpus / ENWIKI)!r}], {str(tmp_path)!r}, "
            f"to={to!r}, csv_shape={shape!r}, jobs={jobs}, parse=fake_parse, progress=False, chunk_pages=10)")
    env = {**os.environ, "PYTHONPATH": str(HERE), "INFOBOX_TOOLS_CRASH_AT": f"{point}:{at}"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert not (tmp_path / "summary.json").exists()
    before_first_commit = (point, at) == ("written", 0)
    assert (tmp_path / ".infobox-tools-state.json").exists() != before_first_commit
    summary = convert([corpus / ENWIKI], tmp_path, to=to, csv_shape=shape, jobs=3 - jobs, parse=fake_parse,
                      progress=False, chunk_pages=10, resume=True)
    assert summary.resumed != before_first_commit and summary.pages == 206
    assert tree(tmp_path) == uninterrupted(to, shape)


def test_resume_of_a_complete_run_says_so_and_redoes_nothing(corpus: Path, tmp_path: Path) -> None:
    kw: dict[str, Any] = {"to": "tei", "parse": fake_parse, "progress": False, "chunk_pages": 10}
    first = convert([corpus / ENWIKI], tmp_path, **kw)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    again = convert([corpus / ENWIKI], tmp_path, resume=True, **kw)
    assert again.status == "complete" and again.resumed and again.note and "already complete" in again.note
    assert "already complete" in again.text().splitlines()[0]
    expected = expected_enwiki(corpus)
    assert (again.written, again.failed, again.skipped) == (first.written, first.failed, first.skipped) == (
        expected["written"], expected["failed"], expected["skipped"])
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before  # nothing rewritten
    rerun = convert([corpus / ENWIKI], tmp_path, resume=True, **{**kw, "to": "jsonl"})  # other options: a new run
    assert rerun.note and "nothing to resume" in rerun.note and rerun.pages == 206


def test_resume_with_other_options_names_them_in_one_line(corpus: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "checkpoint", interrupt_at("committed", 3))
    with pytest.raises(KeyboardInterrupt):
        convert([corpus / ENWIKI], tmp_path, to="csv", parse=fake_parse, progress=False, chunk_pages=10)
    monkeypatch.undo()
    state = (tmp_path / ".infobox-tools-state.json").read_bytes()
    with pytest.raises(InputError, match="cannot resume: options csv_shape, to differ") as info:
        convert([corpus / ENWIKI], tmp_path, to="jsonl", csv_shape="wide", parse=fake_parse, progress=False,
                chunk_pages=10, resume=True)
    assert "\n" not in str(info.value)
    assert (tmp_path / ".infobox-tools-state.json").read_bytes() == state  # still resumable as it was


def test_resume_refuses_other_options(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / ".infobox-tools-state.json").write_text(json.dumps({
        "fingerprint": {"inputs": [], "options": {}}, "converted": "2024-01-01"}))
    with pytest.raises(InputError, match="cannot resume"):
        convert([corpus / ENWIKI], tmp_path, parse=fake_parse, progress=False, resume=True)
