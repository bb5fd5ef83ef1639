"""The worker side of a batch: turn one chunk into rendered output, page by page.

:func:`process_chunk` is the one function the engines run (in a process pool, in Dask
tasks, or in-process for one job).  It never raises for a bad page: each page ends as
written (with its rendered output), skipped (with a reason) or failed (with the
error).  It raises only :class:`InputError` when the chunk's input itself is unreadable
(a corrupt multistream stream), which ends the run.

Per-page time limit: in a process's main thread a ``SIGALRM`` timer interrupts a page
that runs too long; in other threads (Dask workers run tasks in threads) a watchdog
raises the timeout in the page's thread.  Both interrupt Python code (the regex engine
too); as a backstop for code stuck in C, a pool worker also arms a CPU-time timer whose
default action kills the process, and the engine then retries and fails the chunk.
"""

from __future__ import annotations

import csv
import ctypes
import functools
import gc
import io
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from infobox_tools.errors import InfoboxToolsError, InputError
from infobox_tools.record import Record
from infobox_tools.sources.document import Chunk, Document

FORMATS = ("jsonl", "csv", "tei", "tei-corpus")


class PageTimeout(BaseException):
    """Raised inside a page that ran past the time limit (BaseException: not swallowed
    by a reader's ``except Exception``)."""


@dataclass
class Task:
    """What every chunk of a run needs besides its pages (pickled with each chunk)."""

    to: str = "jsonl"
    csv_shape: str = "long"
    csv_safe: bool = False
    lang: str | None = None
    page_timeout: float | None = 60.0
    converted: str | None = None  # TEI conversion date, fixed per run so resumed runs match
    namespaces: frozenset[int] | None = frozenset({0})
    skip_redirects: bool = False
    parse: Callable[..., Record] | None = None  # injected parse function (tests); default api.parse
    backstop: bool = False  # arm the CPU-time kill (pool workers only)
    max_memory_mb: int | None = 2048  # address space of a pool worker; a page past it fails
    spool: str | None = None  # a folder for pool workers' output files (see spool_payloads)


@dataclass
class PageResult:
    """One page's outcome; ``payload`` is its rendered output when written."""

    title: str
    page_id: int | None
    outcome: str  # written, skipped, failed
    reason_key: str | None = None
    reason: str | None = None
    file: str | None = None
    payload: Any = None  # str (jsonl, csv long), dict (csv wide), bytes (tei)
    redirect: bool = False


@dataclass
class ChunkResult:
    number: int
    pages: list[PageResult] = field(default_factory=list)
    spool: str | None = None  # a file holding the payloads of the written pages, in order


# ---------------------------------------------------------------- time limits

def _raise_timeout(signum: int, frame: Any) -> None:
    raise PageTimeout()


_watch_lock = threading.Lock()


@contextmanager
def deadline(seconds: float | None, backstop: bool = False) -> Iterator[None]:
    """Interrupt the block with :class:`PageTimeout` after ``seconds``."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGALRM, _raise_timeout)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        if backstop:
            signal.setitimer(signal.ITIMER_VIRTUAL, seconds * 2 + 10)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if backstop:
                signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    ident = threading.get_ident()
    state = {"active": True}

    def fire() -> None:
        with _watch_lock:
            if state["active"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(PageTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with _watch_lock:
            state["active"] = False
        timer.cancel()


_IN_POOL = False  # set in pool workers: processes of our own, whose limits we may set
_MEMORY_LIMIT: int | None = None  # the address-space limit set in this worker (MB)


def limit_memory(mb: int | None) -> None:
    """Cap this pool worker's address space at ``mb`` MB, so that a page that would eat
    the machine's memory raises ``MemoryError`` and fails alone (``process_document``)
    instead of getting the worker, or its neighbours, killed by the OS.  Only in pool
    workers: the caller's own process (one job, a notebook) and Dask's are left alone."""
    global _MEMORY_LIMIT
    if not _IN_POOL or not mb or mb == _MEMORY_LIMIT:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    soft, hard = mb * 1024 * 1024, resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError):  # not enforceable here (macOS refuses RLIMIT_AS): no limit
        return
    _MEMORY_LIMIT = mb


def init_pool_worker(parent: int | None = None) -> None:
    """Pool worker setup: a stuck page's CPU-time backstop kills the process (default
    action of SIGVTALRM), Ctrl-C is left to the parent, and on Linux the worker dies
    with its parent (a ``kill -9`` of the run leaves no orphans behind).  What the worker
    inherited (modules, the registry, compiled regexes: see ``batch_engine._warm_up``) lives
    as long as it does, so it is frozen out of the collector's sight: collections then
    neither walk it nor write to (and so copy) the memory shared with the parent."""
    global _IN_POOL
    _IN_POOL = True
    gc.freeze()
    signal.signal(signal.SIGVTALRM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if parent is not None and os.getppid() != parent:  # the parent died before prctl
            os._exit(1)


# ---------------------------------------------------------------- rendering

def _csv_text(rows: list[dict[str, str]], columns: list[str], safe: bool) -> str:
    from infobox_tools.writers.csv import prepare_row

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, restval="", extrasaction="raise")
    for row in rows:
        writer.writerow(prepare_row(row, safe))
    return buf.getvalue()


def render(record: Record, task: Task, seq: int) -> Any:
    """The record's output in the run's format (what the parent appends in order)."""
    if task.to == "jsonl":
        from infobox_tools.writers.json import record_to_json_bytes

        return record_to_json_bytes(record) + b"\n"
    if task.to == "csv":
        from infobox_tools.writers import csv as csv_writer

        if task.csv_shape == "wide":
            return csv_writer.wide_row(record)
        return _csv_text(list(csv_writer.long_rows(record)), csv_writer.LONG_COLUMNS, task.csv_safe)
    if task.to == "tei":
        from infobox_tools.writers.tei import tei_bytes

        return tei_bytes(record, converted=task.converted)
    if task.to == "tei-corpus":
        from lxml import etree

        from infobox_tools.writers.tei import record_to_tei

        element = record_to_tei(record, converted=task.converted, id_prefix=f"d{seq}.")
        try:  # lay the document out as the corpus writer does
            from infobox_tools.writers.tei_common import indent

            indent(element, 1)
        except ImportError:
            etree.indent(element, level=1)
        element.tail = None
        return _corpus_sep(task.converted) + etree.tostring(element, encoding="UTF-8")
    raise ValueError(f"unknown output format {task.to!r}")


@functools.lru_cache(maxsize=4)
def _corpus_sep(converted: str | None) -> bytes:
    from infobox_tools.batch_output import corpus_separator

    return corpus_separator(converted)


# ---------------------------------------------------------------- pages

def _read_file(doc: Document) -> None:
    from infobox_tools.api import read_text_file
    from infobox_tools.readers import detect_form

    assert doc.path is not None
    doc.text = read_text_file(doc.path)
    if doc.form == "auto":
        doc.form = detect_form(doc.text, doc.path)


def _parse(doc: Document, task: Task) -> Record:
    if doc.redirect is not None:
        return Record(title=doc.title or "", source=doc.source, redirect=doc.redirect)
    from infobox_tools.api import parse as default_parse

    parse = task.parse or default_parse
    record = parse(doc.text or "", form=doc.form, title=doc.title, lang=task.lang or doc.source.lang,
                   source=doc.source, filename=doc.path)
    if not record.title:
        from infobox_tools.sources.files import article_title

        record.title = doc.title or (article_title(doc.path) if doc.path else "")
    return record


def process_document(doc: Document, task: Task, seq: int) -> PageResult:
    """One page to a :class:`PageResult`; never raises (but for interrupts)."""
    title = doc.title or (os.path.basename(doc.path) if doc.path else "")
    result = PageResult(title=title, page_id=doc.source.page_id, outcome="skipped", file=doc.source.file)
    if doc.error is not None:
        result.outcome, result.reason_key, result.reason = "failed", doc.reason_key or "bad input", doc.error
        return result
    if doc.skip_reason is not None:
        result.reason_key, result.reason = doc.reason_key or doc.skip_reason, doc.skip_reason
        return result
    try:
        with deadline(task.page_timeout, task.backstop):
            if doc.text is None and doc.path is not None:
                _read_file(doc)
            record = _parse(doc, task)
            result.title = record.title
            result.payload = render(record, task, seq)
        result.outcome = "written"
        result.redirect = record.redirect is not None
    except PageTimeout:
        result.outcome, result.reason_key = "failed", "timeout"
        result.reason = f"took longer than the page time limit ({task.page_timeout:g} s)"
    except MemoryError:
        result.outcome, result.reason_key = "failed", "out of memory"
        result.reason = (f"needed more memory than a worker may use ({_MEMORY_LIMIT} MB, --max-memory)"
                         if _MEMORY_LIMIT else "out of memory")
    except InfoboxToolsError as exc:
        result.outcome = "failed"
        result.reason_key = "unreadable file" if isinstance(exc, InputError) else type(exc).__name__
        result.reason = exc.reason
    except (Exception, RecursionError) as exc:  # one bad page never stops the run
        result.outcome, result.reason_key = "failed", f"error {type(exc).__name__}"
        result.reason = f"{type(exc).__name__}: {exc}"[:1000]
    return result


def _chunk_documents(chunk: Chunk, task: Task) -> Iterable[Document]:
    """The documents of a chunk (a multistream chunk is decompressed and parsed here)."""
    if chunk.stream is None:
        return chunk.docs or []
    from infobox_tools.sources.multistream import stream_documents

    return stream_documents(chunk.stream, task.namespaces, task.skip_redirects)


def process_chunk(chunk: Chunk, task: Task) -> ChunkResult:
    """All pages of a chunk, in order (multistream chunks are decoded here)."""
    limit_memory(task.max_memory_mb)
    docs = _chunk_documents(chunk, task)
    out = ChunkResult(chunk.number)
    for i, doc in enumerate(docs):
        out.pages.append(process_document(doc, task, chunk.first_seq + i + 1))
    if _IN_POOL:
        spool_payloads(out, task)
    return out


def payload_bytes(payload: str | bytes) -> bytes:
    """What the parent appends for a page of a streamed output (JSON Lines, long CSV and
    TEI corpus pages are ``str`` or ``bytes``; lone surrogates kept as they came)."""
    return payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload


def spool_payloads(out: ChunkResult, task: Task) -> None:
    """Move the payloads of the written pages into one file of ``task.spool`` (named in
    ``out.spool``), for outputs that the parent appends as they are (JSON Lines, long
    CSV, TEI corpus).  Why: through the pool's 64 KB result pipe, a chunk's records
    (2.3 MB on the bench dump) kept its worker waiting ~4 ms for the parent to read them,
    and the parent paid for the transfer and the unpickling; a file in the page cache
    costs the worker one write and the parent one read.  On any error (disk full) the
    payloads stay in the result, and the parent's own write reports the problem."""
    if task.to == "tei" or (task.to == "csv" and task.csv_shape != "long"):
        return
    written = [page for page in out.pages if page.outcome == "written"]
    if not written or task.spool is None:
        return
    path = os.path.join(task.spool, f"{out.number}-{os.getpid()}")
    try:
        with open(path, "wb") as fh:
            for page in written:
                fh.write(payload_bytes(page.payload))
    except OSError:
        with suppress(OSError):
            os.unlink(path)
        return
    for page in written:
        page.payload = None
    out.spool = path


def failed_chunk(chunk: Chunk, task: Task, reason: str) -> ChunkResult:
    """Every page of a chunk failed (its worker died twice)."""
    docs = _chunk_documents(chunk, task)
    out = ChunkResult(chunk.number)
    for i, doc in enumerate(docs):
        if doc.skip_reason is not None or doc.error is not None:
            out.pages.append(process_document(doc, task, chunk.first_seq + i + 1))
            continue
        title = doc.title or (os.path.basename(doc.path) if doc.path else "")
        out.pages.append(PageResult(title=title, page_id=doc.source.page_id, outcome="failed",
                                    reason_key="worker died", reason=reason, file=doc.source.file))
    return out
