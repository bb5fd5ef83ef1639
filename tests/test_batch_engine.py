"""The engines' scheduling: results in chunk order, a bounded window, the last chunks
biggest first.  Fake handles stand in for futures so that the order of submission can be
checked exactly; the real pool is covered by tests/test_batch.py (2 jobs = 1 job, byte
for byte, on the real multistream dump)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infobox_tools.batch_engine import _ordered
from infobox_tools.sources.document import Chunk, Document, SiteInfo, StreamRef


def stream_chunk(number: int, length: int) -> Chunk:
    ref = StreamRef(path="dump.xml.bz2", offset=number * 1000, length=length, site=SiteInfo(), pages=100)
    return Chunk(number=number, source_index=0, end=number + 1, first_seq=100 * number, position=0, stream=ref)


class FakePool:
    """Records submissions; a chunk is "done" when collected, as with a pool's future."""

    def __init__(self) -> None:
        self.submitted: list[int] = []
        self.in_flight = 0
        self.most_in_flight = 0

    def submit(self, chunk: Chunk) -> int:
        self.submitted.append(chunk.number)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return chunk.number

    def collect(self, chunk: Chunk, handle: Any, pending: list[list[Any]]) -> str:
        assert handle == chunk.number  # the oldest entry was submitted before it is awaited
        assert all(entry[1] is not None for entry in pending)  # only submitted entries are passed on
        self.in_flight -= 1
        return f"result {chunk.number}"


def run(lengths: list[int], window: int) -> tuple[FakePool, list[tuple[int, str]]]:
    pool = FakePool()
    out = [(chunk.number, result) for chunk, result in
           _ordered((stream_chunk(i, n) for i, n in enumerate(lengths)), window, pool.submit, pool.collect)]
    return pool, out


def test_results_come_in_chunk_order_and_the_last_chunks_go_out_biggest_first() -> None:
    lengths = [5, 9, 2, 9, 2, 8, 2, 7, 3, 7, 3, 7, 2, 8, 3, 7, 3]  # the bench dump's stream sizes, in 100 kB
    pool, out = run(lengths, window=5)
    assert out == [(i, f"result {i}") for i in range(len(lengths))]
    assert pool.most_in_flight == 5
    # In order while the input lasts; the chunks read ahead when it ends, biggest first.
    assert pool.submitted == [*range(13), 13, 15, 14, 16]


def test_chunks_of_equal_weight_keep_their_order() -> None:
    pool, out = run([4] * 12, window=3)
    assert pool.submitted == list(range(12))
    assert [n for n, _ in out] == list(range(12))


def test_docs_chunks_weigh_their_text_and_streams_their_compressed_bytes() -> None:
    docs = [Document(title="a", text="x" * 10, source=None), Document(title="b", text=None, source=None)]  # type: ignore[arg-type]
    assert Chunk(number=0, source_index=0, end=2, first_seq=0, position=0, docs=docs).weight == 10
    assert stream_chunk(0, 25).weight == 100


def docs_chunk(number: int, text: str | None) -> Chunk:
    docs = [Document(title=f"p{number}", text=text, source=None, path=None if text else "p.txt")]  # type: ignore[arg-type]
    return Chunk(number=number, source_index=0, end=number + 1, first_seq=number, position=0, docs=docs)


@pytest.mark.parametrize(("make", "ahead"), [
    (lambda i: stream_chunk(i, 10), 3),  # streams: cheap to hold, read a window ahead
    (lambda i: docs_chunk(i, None), 3),  # files the worker reads itself: likewise
    (lambda i: docs_chunk(i, "x" * 1000), 1),  # page text (single-stream dumps): one ahead at most
])
def test_only_light_chunks_are_read_far_ahead(make: Any, ahead: int) -> None:
    pool, read = FakePool(), []

    def chunks() -> Any:
        for i in range(12):
            read.append(i)
            yield make(i)

    most = 0
    for _ in _ordered(chunks(), 3, pool.submit, pool.collect):
        if len(read) < 12:
            most = max(most, len(read) - len(pool.submitted))
    assert most == ahead


def test_an_unreadable_input_is_raised_after_the_chunks_before_it() -> None:
    pool = FakePool()

    def chunks() -> Any:
        for i in range(4):
            yield stream_chunk(i, 10 - i)
        raise OSError("cut off")

    seen = []
    with pytest.raises(OSError, match="cut off"):
        for chunk, _ in _ordered(chunks(), 3, pool.submit, pool.collect):
            seen.append(chunk.number)
    assert seen == [0, 1, 2, 3]
    assert sorted(pool.submitted) == [0, 1, 2, 3]


KINDS = {"stream": lambda i, n: stream_chunk(i, n), "files": lambda i, n: docs_chunk(i, None),
         "text": lambda i, n: docs_chunk(i, "x" * n)}


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.tuples(st.sampled_from(sorted(KINDS)), st.integers(min_value=1, max_value=50)),
                       max_size=40),
       window=st.integers(1, 9), fail_at=st.none() | st.integers(min_value=0, max_value=40))
def test_any_chunks_window_and_failure_give_every_chunk_once_in_order(
        chunks: list[tuple[str, int]], window: int, fail_at: int | None) -> None:
    pool = FakePool()
    readable = len(chunks) if fail_at is None else min(fail_at, len(chunks))

    def source() -> Any:
        for i, (kind, n) in enumerate(chunks):
            if i == fail_at:
                raise OSError("unreadable")
            yield KINDS[kind](i, n)

    seen: list[int] = []
    try:
        for chunk, result in _ordered(source(), window, pool.submit, pool.collect):
            assert result == f"result {chunk.number}"
            seen.append(chunk.number)
        assert readable == len(chunks)
    except OSError:
        assert readable < len(chunks)
    assert seen == list(range(readable))  # in order, each once, all before the error
    assert sorted(pool.submitted) == list(range(readable))
    assert pool.most_in_flight <= window
    if readable > window:  # the window is used: workers never wait for the parent
        assert pool.most_in_flight == window
