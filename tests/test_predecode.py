"""The first stream of a multistream dump, decoded by the parent while it warms up.

With a pool, the parent decompresses the first chunk's stream in a thread during the
warm-up (the other core idles then), into a file of the run's spool folder; the worker
only reads and parses it.  Whatever the parent decodes must give the very documents the
worker would have, and a stream the parent cannot decode must reach the worker unchanged
so that it fails its pages as before.
"""

from __future__ import annotations

import bz2
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from infobox_tools.batch import convert
from infobox_tools.batch_engine import PoolEngine
from infobox_tools.batch_worker import Task
from infobox_tools.sources import MultistreamSource, iter_chunks
from infobox_tools.sources.document import Chunk
from infobox_tools.sources.multistream import index_for, predecode, stream_documents
from test_batch import lines
from test_sources import MULTI


def source(dump: Path) -> MultistreamSource:
    index = index_for(str(dump))
    assert index is not None
    return MultistreamSource(str(dump), index, namespaces=None, skip_redirects=False)


def stream_chunks(dump: Path) -> list[Chunk]:
    """The dump's chunks, numbered as the batch runner numbers them."""
    chunks, seq = [], 0
    for number, (chunk, pages) in enumerate(iter_chunks(source(dump), 0, 0)):
        chunk.number, chunk.first_seq = number, seq
        seq += pages
        chunks.append(chunk)
    return chunks


def test_a_predecoded_stream_gives_the_documents_the_worker_would_read(corpus: Path, tmp_path: Path) -> None:
    chunks = stream_chunks(corpus / MULTI)
    assert len(chunks) == 3
    for chunk in chunks:
        decoded = predecode(chunk, str(tmp_path))
        assert chunk.stream is not None and chunk.stream.decoded is None  # the original is left as it was
        assert decoded.stream is not None and decoded.stream.decoded is not None
        assert Path(decoded.stream.decoded).read_bytes() == bz2.decompress(
            (corpus / MULTI).read_bytes()[chunk.stream.offset:chunk.stream.offset + chunk.stream.length])
        docs = stream_documents(decoded.stream, None, False)
        assert docs == stream_documents(chunk.stream, None, False) and len(docs) == chunk.stream.pages
        assert decoded.light and decoded.weight == chunk.weight  # it still carries no text
        assert predecode(decoded, str(tmp_path)) is decoded
        Path(decoded.stream.decoded).unlink()  # the spool folder went with its run: read the dump again
        assert stream_documents(decoded.stream, None, False) == docs


def test_what_is_not_a_stream_or_cannot_be_decoded_is_left_to_the_worker(corpus: Path, tmp_path: Path) -> None:
    files = Chunk(number=0, source_index=0, end=1, first_seq=0, position=0, docs=[])
    folder = tmp_path / "spool"
    folder.mkdir()
    assert predecode(files, str(folder)) is files
    dump = copy_dump(corpus, tmp_path)
    first = stream_chunks(dump)[0]
    assert first.stream is not None
    assert predecode(first, str(tmp_path / "gone")) is first  # no folder to write to
    damage(dump, first.stream.offset + first.stream.length // 2)
    assert predecode(first, str(folder)) is first
    dump.write_bytes(dump.read_bytes()[: first.stream.offset + 10])  # cut short: unreadable
    assert predecode(first, str(folder)) is first
    assert not list(folder.iterdir())


def copy_dump(corpus: Path, tmp_path: Path) -> Path:
    for p in (corpus / MULTI).parent.iterdir():
        shutil.copy(p, tmp_path / p.name)
    return tmp_path / (corpus / MULTI).name


def damage(dump: Path, at: int) -> None:
    data = dump.read_bytes()
    dump.write_bytes(data[:at] + bytes(b ^ 0xFF for b in data[at:at + 16]) + data[at + 16:])


@pytest.mark.parametrize("first_stream", ["clean", "corrupt"])
def test_two_jobs_write_what_one_job_writes(corpus: Path, tmp_path: Path, first_stream: str) -> None:
    dump = copy_dump(corpus, tmp_path)
    if first_stream == "corrupt":
        first = stream_chunks(dump)[0]
        assert first.stream is not None
        damage(dump, first.stream.offset + first.stream.length // 2)
    one = convert([dump], tmp_path / "one", jobs=1, progress=False, namespaces=None)
    two = convert([dump], tmp_path / "two", jobs=2, progress=False, namespaces=None)
    assert (one.written, one.skipped, one.failed) == (two.written, two.skipped, two.failed)
    for name in ("records.jsonl", "errors.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    errors = lines(tmp_path / "two" / "errors.jsonl")
    if first_stream == "corrupt":  # its 100 pages failed, by name, with the bz2 module's reason
        assert two.failed == 100 and all("corrupt bz2 stream at byte" in e["reason"] for e in errors)
    else:
        assert two.failed == 0 and two.written > 200


def test_the_pool_sends_the_first_stream_decoded_and_restores_the_switch_interval(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[Chunk] = []
    submit = PoolEngine._submit

    def recording(self: PoolEngine, chunk: Chunk, task: Task) -> Any:
        sent.append(chunk)
        return submit(self, chunk, task)

    monkeypatch.setattr(PoolEngine, "_submit", recording)
    interval = sys.getswitchinterval()
    engine = PoolEngine(2)
    try:
        results = list(engine.run(iter(stream_chunks(corpus / MULTI)), Task(namespaces=None, spool=str(tmp_path))))
    finally:
        engine.close()
    assert sys.getswitchinterval() == interval
    assert [chunk.number for chunk, _ in results] == [0, 1, 2]
    first = sent[0].stream
    assert first is not None and first.decoded == str(tmp_path / f"stream-{first.offset}")
    assert [chunk.stream.decoded for chunk in sent[1:] if chunk.stream] == [None, None]
    assert sum(len(result.pages) for _, result in results) == sum(c.stream.pages for c in sent if c.stream)


def test_the_workers_fork_from_a_process_running_nothing_else_of_ours(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking a process with other threads may deadlock the child (Python 3.12+ warns).
    Neither the decoding thread nor the progress bar's monitor may be alive then, and on
    Linux the pool forks even where the default start method is another (3.14)."""
    import os
    import threading

    from infobox_tools import batch_engine

    seen: list[list[str]] = []
    os.register_at_fork(before=lambda: seen.append([t.name for t in threading.enumerate()]))
    monkeypatch.setattr(sys, "stderr", open(os.devnull, "w"))  # the bar draws here  # noqa: SIM115
    summary = convert([corpus / MULTI], tmp_path / "out", jobs=2, progress=True, namespaces=None)
    sys.stderr.close()
    assert summary.written > 200
    assert len(seen) >= 2  # the two workers (a hook cannot be removed: later forks add more)
    assert not any(name in ("predecode", "tqdm_monitor") for names in seen for name in names)
    if sys.platform.startswith("linux"):
        assert batch_engine._fork_context().get_start_method() == "fork"
