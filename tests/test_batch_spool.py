"""Pool workers hand their records over in spool files, not through the result pipe.

With several local jobs, a worker writes the payloads of a chunk's written pages into
one file of the run's spool folder and sends its name; the parent appends the file and
removes it.  The output must be the bytes a single job writes, the folder must be gone
after every run (complete or interrupted), and a worker that cannot write its file sends
the payloads as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infobox_tools import batch
from infobox_tools.batch import SPOOL_NAME, convert
from infobox_tools.batch_output import Outputs
from infobox_tools.batch_worker import ChunkResult, PageResult, Task, spool_payloads
from test_batch import fake_parse
from test_sources import ENWIKI, MULTI


@pytest.mark.parametrize(("to", "shape"), [("jsonl", "long"), ("csv", "long"), ("tei-corpus", "long"),
                                           ("csv", "wide")])
def test_spooled_records_are_the_bytes_one_job_writes(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      to: str, shape: str) -> None:
    spooled: list[bool] = []
    write = Outputs.write

    def recording(self: Outputs, result: ChunkResult) -> None:
        spooled.append(result.spool is not None)
        assert result.spool is None or Path(result.spool).parent == tmp_path / "two" / SPOOL_NAME
        write(self, result)

    one = convert([corpus / MULTI], tmp_path / "one", to=to, csv_shape=shape, jobs=1, progress=False)
    monkeypatch.setattr(Outputs, "write", recording)
    two = convert([corpus / MULTI], tmp_path / "two", to=to, csv_shape=shape, jobs=2, progress=False)
    assert (one.written, one.skipped, one.failed) == (two.written, two.skipped, two.failed) and two.written > 200
    # Streamed outputs come through spool files; the wide CSV's rows (dicts) do not.
    assert spooled == [shape == "long"] * 3
    for name in set(one.outputs.values()) - {one.outputs["summary"]}:
        assert Path(name).read_bytes() == (tmp_path / "two" / Path(name).name).read_bytes()
    assert not (tmp_path / "two" / SPOOL_NAME).exists()


def test_an_interrupted_run_leaves_no_spool_folder(corpus: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(point: str, chunk: int) -> None:
        if (point, chunk) == ("written", 5):
            raise KeyboardInterrupt

    monkeypatch.setattr(batch, "checkpoint", interrupt)
    with pytest.raises(KeyboardInterrupt):
        convert([corpus / ENWIKI], tmp_path, jobs=2, parse=fake_parse, progress=False, chunk_pages=10)
    assert not (tmp_path / SPOOL_NAME).exists()
    (tmp_path / SPOOL_NAME).mkdir()
    (tmp_path / SPOOL_NAME / "3-12345").write_bytes(b"left by a killed run\n")
    monkeypatch.undo()
    summary = convert([corpus / ENWIKI], tmp_path, jobs=2, parse=fake_parse, progress=False, chunk_pages=10,
                      resume=True)
    assert summary.resumed and summary.status == "complete" and summary.pages == 206
    assert b"left by a killed run" not in (tmp_path / "records.jsonl").read_bytes()
    assert not (tmp_path / SPOOL_NAME).exists()


def pages(*payloads: Any) -> ChunkResult:
    out = ChunkResult(7)
    for i, payload in enumerate(payloads):
        out.pages.append(PageResult(title=f"p{i}", page_id=i, outcome="written" if payload is not None else "skipped",
                                    payload=payload))
    return out


def test_a_worker_that_cannot_write_its_spool_file_sends_the_payloads(tmp_path: Path) -> None:
    out = pages(b'{"a": 1}\n', None, "x,y\n")
    spool_payloads(out, Task(spool=str(tmp_path / "gone")))  # no such folder (a run that ended)
    assert out.spool is None and [p.payload for p in out.pages] == [b'{"a": 1}\n', None, "x,y\n"]
    spool_payloads(out, Task(spool=str(tmp_path)))
    assert out.spool is not None and [p.payload for p in out.pages] == [None, None, None]
    assert Path(out.spool).read_bytes() == b'{"a": 1}\nx,y\n'


@pytest.mark.parametrize(("to", "shape"), [("tei", "long"), ("csv", "wide")])
def test_outputs_the_parent_does_not_append_as_they_are_are_not_spooled(tmp_path: Path, to: str,
                                                                        shape: str) -> None:
    out = pages(b"<TEI/>")
    spool_payloads(out, Task(to=to, csv_shape=shape, spool=str(tmp_path)))
    assert out.spool is None and out.pages[0].payload == b"<TEI/>" and not list(tmp_path.iterdir())
