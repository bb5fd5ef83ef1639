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
CHUNKS = st.lists(st.tuples(st.sampled_from(sorted(KINDS)), st.integers(min_value=1, max_value=50)), max_size=40)


def source(chunks: list[tuple[str, int]], fail_at: int | None) -> Any:
    """The chunks of the given kinds and sizes; an unreadable input at ``fail_at``."""
    for i, (kind, n) in enumerate(chunks):
        if i == fail_at:
            raise OSError("unreadable")
        yield KINDS[kind](i, n)


@settings(max_examples=300, deadline=None)
@given(chunks=CHUNKS, window=st.integers(1, 9), fail_at=st.none() | st.integers(min_value=0, max_value=40))
def test_any_chunks_window_and_failure_give_every_chunk_once_in_order(
        chunks: list[tuple[str, int]], window: int, fail_at: int | None) -> None:
    pool = FakePool()
    readable = len(chunks) if fail_at is None else min(fail_at, len(chunks))

    seen: list[int] = []
    try:
        for chunk, result in _ordered(source(chunks, fail_at), window, pool.submit, pool.collect):
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


class SimulatedPool:
    """A pool of ``workers`` in simulated time: a FIFO queue, each chunk taking its
    ``durations`` entry; ``wait_any`` advances to the next finish (the mode the local
    pool uses: a finished chunk is replaced while older ones still run)."""

    def __init__(self, workers: int, durations: dict[int, float]) -> None:
        self.durations, self.now = durations, 0.0
        self.queue: list[int] = []
        self.running: dict[int, float] = {}  # chunk -> finish time
        self.finished: set[int] = set()
        self.finished_at: dict[int, float] = {}
        self.workers = workers
        self.submitted: list[int] = []
        self.ran_on: dict[int, int] = {}
        self.free_at = [0.0] * workers
        self.most_unfinished = 0

    def _dispatch(self) -> None:
        while self.queue and len(self.running) < self.workers:
            worker = min(range(self.workers), key=lambda w: (self.free_at[w] > self.now, w))
            chunk = self.queue.pop(0)
            self.running[chunk] = self.now + self.durations[chunk]
            self.free_at[worker] = self.running[chunk]
            self.ran_on[chunk] = worker

    def submit(self, chunk: Chunk) -> int:
        self.submitted.append(chunk.number)
        self.queue.append(chunk.number)
        self._dispatch()
        self.most_unfinished = max(self.most_unfinished, len(self.queue) + len(self.running))
        return chunk.number

    def done(self, handle: int) -> bool:
        return handle in self.finished

    def wait_any(self, handles: list[int]) -> None:
        assert any(h not in self.finished for h in handles), "waiting on nothing: the loop would spin"
        self.now = min(self.running.values())
        for chunk, end in list(self.running.items()):
            if end <= self.now:
                del self.running[chunk]
                self.finished.add(chunk)
                self.finished_at[chunk] = end
        self._dispatch()

    def collect(self, chunk: Chunk, handle: int, pending: list[list[Any]]) -> str:
        assert handle == chunk.number and handle in self.finished  # only finished chunks are collected
        return f"result {chunk.number}"


def run_simulated(lengths: list[int], workers: int, busy: int, window: int,
                  ahead: int | None = None) -> tuple[SimulatedPool, list[int]]:
    pool = SimulatedPool(workers, {i: n / 10 for i, n in enumerate(lengths)})
    chunks = (stream_chunk(i, n) for i, n in enumerate(lengths))
    out = [chunk.number for chunk, result in _ordered(chunks, window, pool.submit, pool.collect, busy=busy,
                                                      wait_any=pool.wait_any, done=pool.done, ahead=ahead)]
    while pool.running:  # the simulation's clock to the end (nothing is left to run)
        pool.wait_any(list(pool.running))
    return pool, out


def test_a_finished_chunk_is_replaced_while_an_older_one_still_runs() -> None:
    # Chunk 0 takes 4 s, the others 0.2 s.  At most 3 chunks are ever queued or running,
    # yet the second worker is not left waiting for chunk 0: it runs chunks 1-4 at once,
    # until the window (5 chunks not yet handed back) is full; the rest follow chunk 0.
    pool, out = run_simulated([40] + [2] * 12, workers=2, busy=3, window=5)
    assert out == list(range(13))
    assert pool.most_unfinished == 3
    assert [pool.finished_at[c] for c in range(1, 5)] == pytest.approx([0.2, 0.4, 0.6, 0.8])
    assert {pool.ran_on[c] for c in range(1, 5)} == {1} and pool.ran_on[0] == 0
    assert min(pool.finished_at[c] for c in range(5, 13)) == pytest.approx(4.2)
    assert pool.now == pytest.approx(4.8)


def test_with_a_short_queue_the_last_chunks_go_out_biggest_first() -> None:
    lengths = [5, 9, 2, 9, 2, 8, 2, 7, 3, 7, 3, 7, 2, 8, 3, 7, 3]  # the bench dump's stream sizes, in 100 kB
    pool, out = run_simulated(lengths, workers=2, busy=3, window=5, ahead=9)  # as the local pool does
    assert out == list(range(len(lengths)))
    # The input ends when chunk 16 is read, 8 chunks ahead: those 8 go out biggest first
    # (chunk 9 is the oldest once 8 is handed back: it may pass the full window).
    assert pool.submitted == [*range(9), 13, 9, 11, 15, 10, 14, 16, 12]
    assert sorted(pool.free_at) == pytest.approx([4.3, 4.4])  # the ideal is 4.35 each
    # Read only a window ahead, the queue as deep as the window (the old way): only 14
    # and 15 swap places, and one worker idles 0.3 s at the end.
    pool, _ = run_simulated(lengths, workers=2, busy=5, window=5)
    assert pool.submitted == [*range(14), 15, 14, 16]
    assert sorted(pool.free_at) == pytest.approx([4.2, 4.5])


@settings(max_examples=300, deadline=None)
@given(chunks=CHUNKS, workers=st.integers(1, 4), busy=st.integers(1, 6), window=st.integers(1, 12),
       ahead=st.none() | st.integers(1, 20), fail_at=st.none() | st.integers(min_value=0, max_value=40))
def test_waiting_for_any_chunk_gives_every_chunk_once_in_order_within_bounds(
        chunks: list[tuple[str, int]], workers: int, busy: int, window: int, ahead: int | None,
        fail_at: int | None) -> None:
    pool = SimulatedPool(workers, {i: n / 10 for i, (_, n) in enumerate(chunks)})
    readable = len(chunks) if fail_at is None else min(fail_at, len(chunks))
    # The window, or one more when the oldest chunk had to pass a window full of newer
    # ones (possible only when reading further ahead than the window).
    most = window + 1 if (ahead or 0) > window else window

    seen: list[int] = []
    try:
        for chunk, result in _ordered(source(chunks, fail_at), window, pool.submit, pool.collect, busy=busy,
                                      wait_any=pool.wait_any, done=pool.done, ahead=ahead):
            assert result == f"result {chunk.number}"
            seen.append(chunk.number)
            assert len(pool.submitted) - len(seen) + 1 <= most  # submitted, not handed back
        assert readable == len(chunks)
    except OSError:
        assert readable < len(chunks)
    assert seen == list(range(readable))  # in order, each once, all before the error
    assert sorted(pool.submitted) == list(range(readable))
    assert pool.most_unfinished <= min(busy, most)
