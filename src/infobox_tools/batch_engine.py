"""Engines: run :func:`~infobox_tools.batch_worker.process_chunk` over chunks, results in order.

All engines keep a bounded window of chunks in flight and hand results back strictly in
chunk order, so the output is the same whatever the number of workers.  ``inline`` runs
in this process (one job); ``pool`` uses a :class:`ProcessPoolExecutor`; ``dask`` submits
the same function as tasks to a ``dask.distributed`` cluster (imported only then).

A pool worker killed by the OS (out of memory, the CPU-time backstop) breaks the whole
pool: the pool is recreated and every chunk that had not finished is run again alone,
so the chunk that kills a worker twice is known; its pages are failed with the reason.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from infobox_tools.batch_worker import ChunkResult, Task, failed_chunk, init_pool_worker, process_chunk
from infobox_tools.sources.document import Chunk

KILLED = "the worker process died twice on this chunk (killed by the OS: out of memory, or stuck in C code)"
Results = Iterator[tuple[Chunk, ChunkResult]]


def _ordered(chunks: Iterable[Chunk], window: int, submit: Callable[[Chunk], Any],
             collect: Callable[[Chunk, Any, list[list[Any]]], ChunkResult], *,
             busy: int | None = None, wait_any: Callable[[list[Any]], None] | None = None,
             done: Callable[[Any], bool] | None = None, ahead: int | None = None) -> Results:
    """Keep up to ``window`` chunks submitted, yield results in chunk order.  An error
    raised by the chunk iterator (unreadable input) is raised after the chunks before it
    are done.

    Without ``wait_any`` the oldest chunk is awaited, and all ``window`` chunks may be
    queued in the engine.  With ``wait_any`` (block until one of the given handles is
    finished) and ``done`` (whether a handle is finished), at most ``busy`` of the
    submitted chunks are unfinished, and one that finishes is replaced at once, even
    while an older one still runs.

    While the workers are busy, :attr:`~Chunk.light` chunks (multistream streams, files)
    are also read up to ``ahead`` (default ``window``) ahead of submission, so that once
    the input is exhausted the last ones go out biggest first (by :attr:`Chunk.weight`):
    in plain order a run often ends with one worker finishing a big chunk while the
    others idle (0.06-0.13 s between the workers' last results on the 48.7 MB bench
    dump).  The shorter the engine's own queue (``busy``) and the further ahead, the more
    of the last chunks are ordered so.  Chunks that carry their pages' text (single-stream
    dumps) are read at most one ahead: holding ``window`` of them cost the parent ~30 MB.
    ``collect`` gets the submitted entries behind the one it collects.

    Why it never waits for nothing: the oldest entry, when it is not submitted, is the
    first unsubmitted one and may always go (past a full window: the window then holds
    ``window + 1``), so below ``busy`` something is always running; a submitted oldest
    entry that is not finished is itself running."""
    if wait_any is None or done is None or busy is None:
        wait_any, busy, ahead = None, window, window
    busy, ahead = max(1, busy), max(ahead or window, window)
    pending: deque[list[Any]] = deque()  # [chunk, handle or None], in chunk order
    unsubmitted: list[list[Any]] = []  # entries of ``pending`` not yet submitted, in order
    running: list[Any] = []  # handles submitted and not known to be finished
    in_flight = 0  # submitted, not yet yielded
    iterator = iter(chunks)
    error: BaseException | None = None
    exhausted = False

    def submit_some() -> None:
        nonlocal in_flight
        if wait_any is not None:
            assert done is not None
            running[:] = [handle for handle in running if not done(handle)]
        while unsubmitted and len(running) < busy:
            if in_flight < window:
                pick = 0
                if exhausted:
                    pick = max(range(len(unsubmitted)), key=lambda i: unsubmitted[i][0].weight)
            elif unsubmitted[0] is pending[0]:
                pick = 0  # the oldest goes past a full window: everything else waits for it
            else:
                break
            entry = unsubmitted.pop(pick)
            entry[1] = submit(entry[0])
            running.append(entry[1])
            in_flight += 1

    while True:
        # Read one chunk at a time and submit it while there is room; read ahead only
        # while the workers are busy (reading may be real work: single-stream dumps).
        while not exhausted and len(unsubmitted) < ahead and all(e[0].light for e in unsubmitted):
            try:
                chunk = next(iterator)
            except StopIteration:
                exhausted = True
            except Exception as exc:  # noqa: BLE001 - re-raised once earlier chunks are out
                error, exhausted = exc, True
            else:
                pending.append([chunk, None])
                unsubmitted.append(pending[-1])
            submit_some()
        submit_some()
        if not pending:
            break
        if wait_any is not None:
            assert done is not None
            handle = pending[0][1]
            if handle is None or not done(handle):  # see "why it never waits for nothing"
                wait_any(running)
                continue
        # Without ``wait_any`` the oldest entry is always submitted here: before the end,
        # submission is in order; after it, at most ``window`` entries are left
        # unsubmitted (``ahead`` is ``window``), and all of them are submitted by the
        # time the older ones have been yielded.
        chunk, handle = pending.popleft()
        in_flight -= 1
        if handle in running:
            running.remove(handle)
        yield chunk, collect(chunk, handle, [entry for entry in pending if entry[1] is not None])
    if error is not None:
        raise error


def _warm_up() -> None:
    """Import the readers, normaliser and writers and load the mapping registry in the
    parent before the pool forks, so that workers share them instead of each paying
    ~0.2 s of imports (measured: CPU 1.82 -> 1.57 s for 2 jobs on an 8 MB dump)."""
    from infobox_tools.api import parse
    from infobox_tools.writers.json import record_to_json

    record_to_json(parse("{{Infobox settlement|name=x|population_total=1,000}}\nText.", form="wikitext"))


def _fork_context() -> Any:
    """The *fork* start method on Linux (``None``, the default, elsewhere): the workers
    must inherit the warm-up, which is what makes them cheap to start and to keep.
    Python 3.14 makes *forkserver* the default on Linux, under which every worker would
    import and warm up by itself.  Nothing else runs in this process when it forks (the
    decoding thread has ended, the progress bar has no monitor thread, the pool starts
    its own threads after its workers), so forking is safe here."""
    if not sys.platform.startswith("linux"):
        return None
    import multiprocessing

    return multiprocessing.get_context("fork")


class InlineEngine:
    """One job, in this process (page time limits by ``SIGALRM`` in the main thread)."""

    name = "inline"

    def run(self, chunks: Iterable[Chunk], task: Task) -> Results:
        for chunk in chunks:
            yield chunk, process_chunk(chunk, task)

    def close(self, wait: bool = True) -> None:
        pass


class _Done:
    """A finished outcome standing in for a future (after an isolated retry)."""

    def __init__(self, result: ChunkResult | None = None, error: BaseException | None = None) -> None:
        self.result_value, self.error = result, error

    def done(self) -> bool:
        return True

    def result(self) -> ChunkResult:
        if self.error is not None:
            raise self.error
        assert self.result_value is not None
        return self.result_value


class PoolEngine:
    """``jobs`` worker processes: ``jobs + 1`` chunks queued or running (one waits for
    the first worker to finish), up to ``2 * jobs + 1`` not yet handed back, and up to
    ``4 * jobs + 1`` light chunks read ahead to order the last ones."""

    name = "local"

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None  # started by ``run``

    def _new_pool(self) -> ProcessPoolExecutor:
        _warm_up()
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=_fork_context(), initializer=init_pool_worker,
                                   initargs=(os.getpid(),))

    def _restart(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    def run(self, chunks: Iterable[Chunk], task: Task) -> Results:
        task = dataclasses.replace(task, backstop=True)
        return _ordered(self._start(iter(chunks), task.spool), 2 * self.jobs + 1, lambda c: self._submit(c, task),
                        lambda c, h, p: self._collect(c, h, p, task), busy=self.jobs + 1,
                        wait_any=self._wait_any, done=lambda handle: bool(handle.done()),
                        ahead=4 * self.jobs + 1)

    @staticmethod
    def _wait_any(handles: list[Future[ChunkResult]]) -> None:
        wait(handles, return_when=FIRST_COMPLETED)

    def _start(self, chunks: Iterator[Chunk], folder: str | None) -> Iterator[Chunk]:
        """Start the pool, decoding the first chunk's stream meanwhile (into ``folder``,
        the run's spool folder, if there is one); the chunks, first one included.  Why:
        the warm-up (~0.11 s of imports before the workers fork) runs on one core and
        leaves the other idle, and the first stream's decompression (0.07-0.14 s) is work
        a worker would otherwise do first.  Its thread needs the GIL only between output
        blocks, so the switch interval is shortened meanwhile to hand it back promptly
        (at the default 5 ms the decoder ran ~20 % slower)."""
        first = next(chunks, None)
        if first is None or first.stream is None or folder is None:
            self.pool = self._new_pool()
            return chunks if first is None else itertools.chain([first], chunks)
        from infobox_tools.sources.multistream import predecode

        decoded: list[Chunk] = []

        def decode() -> None:
            try:
                decoded.append(predecode(first, folder))
            except Exception:  # noqa: BLE001 - (out of memory) its worker decodes it and says what is wrong
                pass

        thread = threading.Thread(target=decode, name="predecode", daemon=True)
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.0005))
        thread.start()
        try:
            self.pool = self._new_pool()
        finally:
            thread.join()
            sys.setswitchinterval(interval)
        return itertools.chain(decoded or [first], chunks)

    def _submit(self, chunk: Chunk, task: Task) -> Future[ChunkResult]:
        assert self.pool is not None
        try:
            return self.pool.submit(process_chunk, chunk, task)
        except BrokenProcessPool as exc:  # broke since the last result: collected as such
            broken: Future[ChunkResult] = Future()
            broken.set_exception(exc)
            return broken

    def _collect(self, chunk: Chunk, handle: Any, pending: list[list[Any]], task: Task) -> ChunkResult:
        try:
            result: ChunkResult = handle.result()
            return result
        except BrokenProcessPool:
            pass
        # The pool died: keep what finished, run the rest one by one to find the culprit.
        survivors = []
        for entry in pending:
            fut = entry[1]
            if isinstance(fut, _Done):  # settled after an earlier breakdown
                continue
            if isinstance(fut, Future) and fut.done() and not fut.cancelled() and fut.exception() is None:
                entry[1] = _Done(fut.result())
            else:
                survivors.append(entry)
        self._restart()
        outcome = self._alone(chunk, task)
        for entry in survivors:
            entry[1] = self._alone(entry[0], task)
        return outcome.result()

    def _alone(self, chunk: Chunk, task: Task) -> _Done:
        assert self.pool is not None
        try:
            return _Done(self.pool.submit(process_chunk, chunk, task).result())
        except BrokenProcessPool:
            self._restart()
            try:
                return _Done(failed_chunk(chunk, task, KILLED))
            except Exception as exc:  # noqa: BLE001 - an unreadable stream: raised in its turn
                return _Done(error=exc)
        except Exception as exc:  # noqa: BLE001
            return _Done(error=exc)

    def close(self, wait: bool = True) -> None:
        """Stop the workers (``wait=False`` on Ctrl-C: do not wait for running chunks)."""
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)


class DaskEngine:
    """The same chunk function as Dask tasks (``Client(scheduler)`` or a LocalCluster)."""

    name = "dask"

    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            from infobox_tools.errors import InputError

            raise InputError("engine 'dask' needs dask.distributed: pip install 'infobox-tools[dask]'") from None
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        threads = sum(self.client.nthreads().values()) or jobs
        self.window = 2 * threads + 1

    def run(self, chunks: Iterable[Chunk], task: Task) -> Results:
        return _ordered(chunks, self.window,
                        lambda c: self.client.submit(process_chunk, c, task, pure=False, retries=1),
                        lambda c, h, p: self._collect(c, h, task))

    @staticmethod
    def _collect(chunk: Chunk, handle: Any, task: Task) -> ChunkResult:
        from distributed import KilledWorker

        try:
            result: ChunkResult = handle.result()
            return result
        except KilledWorker:
            return failed_chunk(chunk, task, KILLED)

    def close(self, wait: bool = True) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
