"""Faults during a batch run: disk full, unwritable output, worker processes killed by the OS.

Disk full is real: a 256 KB tmpfs is mounted for the run (root only; skipped where
``mount`` is not allowed).  An unwritable folder is simulated the ways that also work as
root: a read-only tmpfs, and an output path under a regular file.  Each must end in an
OutputError (exit 5) naming the path, with no file presented as complete.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from infobox_tools.batch import convert
from infobox_tools.batch_engine import KILLED
from infobox_tools.cli import main
from infobox_tools.errors import EXIT_OUTPUT, OutputError
from infobox_tools.record import Record
from test_batch import fake_parse, lines
from test_sources import ENWIKI, MULTI

FINAL_NAMES = ("records.jsonl", "records.csv", "records.tei.xml", "tei", "errors.jsonl")


def kill_once(text: str, *, marker: str, victim: str = "Anarchism", **kw: Any) -> Record:
    """Kills its own worker on ``victim`` the first time only (the marker file remembers)."""
    if kw.get("title") == victim and multiprocessing.parent_process() is not None:
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return fake_parse(text, **kw)
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
    return fake_parse(text, **kw)


def kill_always(text: str, **kw: Any) -> Record:
    """Kills its own worker on 'Anarchism' every time (never the test process)."""
    if kw.get("title") == "Anarchism" and multiprocessing.parent_process() is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return fake_parse(text, **kw)


def _mount(folder: Path, *options: str) -> bool:
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(("size=256k", *options)), "tmpfs",
                           str(folder)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB file system: the converted sample dump (~1.5 MB of JSONL) cannot fit."""
    folder = tmp_path / "disk"
    if not _mount(folder):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    if not _mount(folder, "ro"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def assert_nothing_presented_as_complete(out: Path) -> None:
    """After a failed write, the outputs exist only as ``.part`` files (or not at all)."""
    if out.is_dir():
        names = {p.name for p in out.iterdir()}
        assert not names & set(FINAL_NAMES), names
        assert "summary.json" not in names or json.loads((out / "summary.json").read_text())["status"] != "complete"


def test_disk_full_stops_at_once_with_exit_5_naming_the_folder(corpus: Path, small_disk: Path) -> None:
    out = small_disk / "out"
    result = CliRunner().invoke(main, ["batch", str(corpus / ENWIKI), "-o", str(out), "-j", "1", "-q"])
    assert result.exit_code == EXIT_OUTPUT, result.output
    (line,) = result.stderr.splitlines()
    assert line == f"infobox-tools: error: {out}: cannot write: No space left on device"
    assert_nothing_presented_as_complete(out)
    assert (out / "records.jsonl.part").exists()


@pytest.mark.parametrize("to", ["tei", "csv"])
def test_disk_full_in_other_formats_is_an_output_error(corpus: Path, small_disk: Path, to: str) -> None:
    out = small_disk / "out"
    with pytest.raises(OutputError, match="No space left on device") as err:
        convert([corpus / ENWIKI], out, to=to, jobs=1, progress=False)
    assert str(out) in str(err.value)
    assert_nothing_presented_as_complete(out)


def test_disk_full_leaves_no_temporary_files(corpus: Path, small_disk: Path) -> None:
    out = small_disk / "out"
    with pytest.raises(OutputError):
        convert([corpus / ENWIKI], out, jobs=1, progress=False)
    assert (out / "records.jsonl.part").exists()  # the run really got going
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_a_read_only_file_system_is_an_output_error(corpus: Path, read_only_disk: Path) -> None:
    out = read_only_disk / "out"
    result = CliRunner().invoke(main, ["batch", str(corpus / ENWIKI), "-o", str(out), "-j", "1", "-q"])
    assert result.exit_code == EXIT_OUTPUT
    (line,) = result.stderr.splitlines()
    assert line == f"infobox-tools: error: {out}: cannot write: Read-only file system"
    assert not out.exists()


@pytest.mark.parametrize("where", ["read-only folder itself", "under a regular file", "a regular file"])
def test_an_unwritable_output_path_is_an_output_error_naming_it(corpus: Path, tmp_path: Path,
                                                                read_only_disk: Path, where: str) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file, not a folder\n")
    out = {"read-only folder itself": read_only_disk, "under a regular file": blocker / "out",
           "a regular file": blocker}[where]
    with pytest.raises(OutputError) as err:
        convert([corpus / ENWIKI], out, jobs=1, parse=fake_parse, progress=False)
    assert str(out) in str(err.value) and "\n" not in str(err.value)
    assert blocker.read_text() == "a file, not a folder\n"


def test_a_worker_killed_once_is_retried_and_nothing_is_lost(corpus: Path, tmp_path: Path) -> None:
    marker = tmp_path / "killed-once"
    ref = convert([corpus / ENWIKI], tmp_path / "ref", jobs=1, parse=fake_parse, progress=False, chunk_pages=10)
    summary = convert([corpus / ENWIKI], tmp_path / "k", jobs=2, progress=False, chunk_pages=10,
                      parse=functools.partial(kill_once, marker=str(marker)))
    assert marker.exists()  # a worker really died
    assert (summary.pages, summary.written, summary.failed, summary.reasons) == \
        (ref.pages, ref.written, ref.failed, ref.reasons)
    assert (tmp_path / "k" / "records.jsonl").read_bytes() == (tmp_path / "ref" / "records.jsonl").read_bytes()
    assert (tmp_path / "k" / "errors.jsonl").read_bytes() == (tmp_path / "ref" / "errors.jsonl").read_bytes()


def test_a_multistream_stream_that_kills_its_worker_every_time_fails_only_its_pages(corpus: Path,
                                                                                   tmp_path: Path) -> None:
    """test_batch covers a plain dump; here a multistream chunk (a stream the parent never
    decompresses) must still be failed page by page, by title."""
    ref = convert([corpus / MULTI], tmp_path / "ref", jobs=1, parse=fake_parse, progress=False)
    summary = convert([corpus / MULTI], tmp_path / "k", jobs=2, parse=kill_always, progress=False)
    assert summary.status == "complete" and summary.pages == ref.pages
    died = [e for e in lines(tmp_path / "k" / "errors.jsonl") if e["reason"] == KILLED]
    assert "Anarchism" in [e["title"] for e in died] and summary.reasons["failed"]["worker died"] == len(died)
    ref_records = {r["title"]: r for r in lines(tmp_path / "ref" / "records.jsonl")}
    records = lines(tmp_path / "k" / "records.jsonl")
    assert all(record == ref_records[record["title"]] for record in records)
    assert {r["title"] for r in records} | {e["title"] for e in died} >= set(ref_records)
    assert summary.written + summary.skipped + summary.failed == summary.pages


def test_disk_full_at_the_state_commit_is_an_output_error(corpus: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from infobox_tools import batch

    def full(out: Path, state: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out / ".infobox-tools-state.json"))

    monkeypatch.setattr(batch, "save", full)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="No space left on device"):
        convert([corpus / ENWIKI], out, jobs=1, parse=fake_parse, progress=False)
    assert_nothing_presented_as_complete(out)
