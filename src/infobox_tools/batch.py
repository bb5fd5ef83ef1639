"""Batch conversion: dumps, multistream dumps, folders and JSON Lines to JSONL/CSV/TEI.

    >>> from infobox_tools.batch import convert
    >>> summary = convert(["enwiki-pages-articles-multistream.xml.bz2"], "out", jobs=2)
    >>> print(summary.text())

Sources (:mod:`infobox_tools.sources`) cut the input into chunks; an engine
(:mod:`.batch_engine`) runs :func:`.batch_worker.process_chunk` on them in worker
processes (or Dask tasks) and hands results back in chunk order; the writer side
(:mod:`.batch_output`) appends them to ``.part`` files and commits a resume state
(:mod:`.batch_state`) after each chunk.  Every page ends written, skipped (with a reason)
or failed (with the error): ``errors.jsonl`` lists the last two, ``summary.json`` counts
all three, and written + skipped + failed = pages seen.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from infobox_tools.batch_output import Outputs, write_atomic
from infobox_tools.batch_state import STATE_NAME, State, fingerprint, load, remove, save
from infobox_tools.batch_worker import FORMATS, ChunkResult, PageTimeout, Task, _parse, _read_file
from infobox_tools.errors import InfoboxToolsError, InputError, OutputError, ParseError
from infobox_tools.record import Record
from infobox_tools.sources import AnySource, Chunk, iter_chunks, open_sources
from infobox_tools.sources.files import FilesSource
from infobox_tools.sources.multistream import MultistreamSource, stream_documents

__all__ = ["convert", "iter_records", "Summary"]

PathLike = str | os.PathLike[str]


@dataclass
class Summary:
    """What a batch run did.  ``written + skipped + failed == pages``."""

    status: str = "complete"  # complete, interrupted, error
    pages: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0
    redirects: int = 0  # written redirect records (included in ``written``)
    reasons: dict[str, dict[str, int]] = field(default_factory=lambda: {"skipped": {}, "failed": {}})
    elapsed: float = 0.0
    pages_per_s: float = 0.0
    input_bytes: int = 0
    inputs: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    to: str = "jsonl"
    engine: str = "local"
    jobs: int = 1
    resumed: bool = False
    error: str | None = None
    note: str | None = None  # e.g. "already complete" when --resume finds nothing left to do
    fingerprint: dict[str, Any] | None = None  # inputs and options: tells a repeated --resume it is done

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        """A short printable report (counts by outcome and reason, speed)."""
        mb = self.input_bytes / 1e6
        rate = f"{self.pages_per_s:.1f} pages/s, {mb / self.elapsed:.2f} MB/s" if self.elapsed else "-"
        lines = [f"infobox-tools batch: {self.status}" + (f" ({self.error})" if self.error else "")
                 + (f" ({self.note})" if self.note else ""),
                 f"  pages seen {self.pages:>9}   in {self.elapsed:.1f} s ({rate}; {mb:.1f} MB input)",
                 f"  written    {self.written:>9}   ({self.redirects} redirects)"]
        for outcome in ("skipped", "failed"):
            lines.append(f"  {outcome:<10} {getattr(self, outcome):>9}")
            for reason, n in sorted(self.reasons[outcome].items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"    {reason:<40} {n:>7}")
        for kind, path in self.outputs.items():
            lines.append(f"  {kind}: {path}")
        return "\n".join(lines)


CRASH_ENV = "INFOBOX_TOOLS_CRASH_AT"
SPOOL_NAME = ".infobox-tools-spool"  # pool workers' output files, removed at the end of a run


def checkpoint(point: str, chunk: int) -> None:
    """A named point of the commit loop, for crash tests: ``INFOBOX_TOOLS_CRASH_AT=point:k``
    kills this process (SIGKILL: no cleanup at all) at ``point`` of chunk ``k``.  Points:
    ``written`` (chunk appended, not yet fsynced), ``synced`` (fsynced, state not yet saved),
    ``committed`` (state saved), ``finishing`` (in the middle of the final renames, k = -1).
    Tests may also replace this function (``monkeypatch``) to raise ``KeyboardInterrupt``."""
    if _CRASH_AT is not None and _CRASH_AT == (point, chunk):
        os.kill(os.getpid(), signal.SIGKILL)


def _crash_at() -> tuple[str, int] | None:
    value = os.environ.get(CRASH_ENV)
    if not value:
        return None
    point, _, k = value.partition(":")
    return point, int(k or 0)


_CRASH_AT = _crash_at()


def _inputs_of(sources: list[AnySource]) -> list[str]:
    files: list[str] = []
    for src in sources:
        if isinstance(src, FilesSource):
            files.extend(src.paths)
        elif isinstance(src, MultistreamSource):
            files.extend([src.path, src.index])
        else:
            files.append(src.path)
    return files


def _namespaces(namespaces: Iterable[int] | None) -> frozenset[int] | None:
    return None if namespaces is None else frozenset(int(n) for n in namespaces)


def _progress(progress: bool | None, total: int) -> Any:
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[type-arg]
        monitor_interval = 0  # no monitor thread: the pool forks its workers after this

    return Bar(total=total, unit="B", unit_scale=True, unit_divisor=1024, dynamic_ncols=True,
               desc="reading", file=sys.stderr)


def _make_engine(engine: str, jobs: int, scheduler: str | None) -> Any:
    from infobox_tools.batch_engine import DaskEngine, InlineEngine, PoolEngine

    if engine == "dask":
        return DaskEngine(jobs, scheduler)
    return InlineEngine() if jobs == 1 else PoolEngine(jobs)


def convert(sources: PathLike | Sequence[PathLike], out: PathLike, *, to: str = "jsonl",
            csv_shape: str = "long", csv_safe: bool = False, form: str = "auto", jobs: int | None = None,
            engine: str = "local", scheduler: str | None = None, namespaces: Iterable[int] | None = (0,),
            skip_redirects: bool = False, resume: bool = False, page_timeout: float | None = 60.0,
            progress: bool | None = None, verbose: bool = False, lang: str | None = None,
            chunk_pages: int = 100, parse: Callable[..., Record] | None = None,
            max_memory: int | None = 2048) -> Summary:
    """Convert every page of ``sources`` into ``out/`` (a folder); returns the :class:`Summary`.

    ``sources``: dump files (``.xml``, ``.bz2``, ``.gz``; multistream with its index
    beside it), folders and globs of article files, JSON Lines / Enterprise NDJSON (also
    in ``.tar.gz``).  ``to``: ``jsonl``, ``csv`` (``csv_shape`` long or wide), ``tei`` (one
    file per article in ``out/tei/``) or ``tei-corpus``.  ``form`` forces the input form
    of article files and chooses the body of Enterprise records (default: wikitext when
    present).  ``namespaces=None`` takes every namespace.  ``resume`` continues an
    interrupted run into the same ``out``.  ``parse`` replaces :func:`infobox_tools.parse`
    (must be picklable for ``jobs > 1``).  ``page_timeout`` (seconds) and ``max_memory``
    (MB of address space per worker process, ``jobs > 1`` with the local engine) fail a
    page that goes past them; ``None`` or 0 for no limit.

    Raises :class:`InputError` when an input is missing or unreadable part-way (what was
    converted before is kept and summarised), :class:`OutputError` when ``out`` cannot
    be written; ``KeyboardInterrupt`` leaves a state that ``resume=True`` continues.
    """
    if to not in FORMATS:
        raise InputError(f"unknown output format {to!r} (known: {', '.join(FORMATS)})")
    if csv_shape not in ("long", "wide"):
        raise InputError(f"unknown CSV shape {csv_shape!r} (long or wide)")
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r} (local or dask)")
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    ns = _namespaces(namespaces)
    out_dir = Path(out)
    srcs = open_sources(sources if not isinstance(sources, (str, os.PathLike)) else [sources],
                        namespaces=ns, skip_redirects=skip_redirects, form=form, exclude=out_dir)
    inputs = _inputs_of(srcs)
    options = {"to": to, "csv_shape": csv_shape, "csv_safe": csv_safe, "form": form, "lang": lang,
               "namespaces": sorted(ns) if ns is not None else None, "skip_redirects": skip_redirects,
               "chunk_pages": chunk_pages}
    expected = fingerprint(inputs, options)
    state = load(out_dir, expected) if resume else None
    resumed = state is not None
    if resume and state is None:
        done = _completed(out_dir, expected)
        if done is not None:
            return done
    if state is None:
        remove(out_dir)  # before the parts are truncated: an old state must never meet new parts
        state = State(fingerprint=expected, converted=datetime.now(UTC).date().isoformat())
    task = Task(to=to, csv_shape=csv_shape, csv_safe=csv_safe, lang=lang, page_timeout=page_timeout,
                converted=state.converted, namespaces=ns, skip_redirects=skip_redirects, parse=parse,
                max_memory_mb=max_memory or None)
    outputs = Outputs(out_dir, task, state.lengths if resumed else None)
    spool = out_dir / SPOOL_NAME
    shutil.rmtree(spool, ignore_errors=True)  # what a killed run left
    if engine == "local" and jobs > 1:
        with contextlib.suppress(OSError):  # without it, results come through the pool's pipe
            spool.mkdir()
            task.spool = str(spool)
    outputs.hook = lambda point, k: checkpoint(point, k)  # looked up per call: tests may replace it
    summary = Summary(to=to, engine=engine, jobs=jobs, resumed=resumed, inputs=inputs, fingerprint=expected,
                      note=None if resumed or not resume else "nothing to resume: started from the beginning")
    runner = _Runner(srcs, state, outputs, out_dir, summary, verbose, chunk_pages)
    bar = _progress(progress, sum(s.size for s in srcs))
    runner.bar = bar
    started = time.monotonic()
    eng = None
    try:
        eng = _make_engine(engine, jobs, scheduler)
        runner.run(eng, task)
        summary.outputs = outputs.finish()  # in the try: Ctrl-C here is an interruption too
        if outputs.empty:
            summary.note = "no page was written, so no TEI corpus file (a teiCorpus needs one TEI)"
        remove(out_dir)
        outputs.cleanup()
    except InputError as exc:
        summary.status, summary.error = "error", exc.message
        summary.outputs = outputs.finish()
        remove(out_dir)
        raise
    except BaseException as exc:  # Ctrl-C, disk full...: the state stays for resume=True
        summary.status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "error"
        summary.error = None if isinstance(exc, KeyboardInterrupt) else str(exc) or type(exc).__name__
        outputs.close()
        raise
    finally:
        if eng is not None:
            eng.close(wait=summary.status != "interrupted")
        shutil.rmtree(spool, ignore_errors=True)
        if bar is not None:
            bar.close()
        runner.fill(summary, state.elapsed + time.monotonic() - started)
        if (out_dir / STATE_NAME).exists():
            summary.outputs["state"] = str(out_dir / STATE_NAME)
        _write_summary(out_dir, summary)
    return summary


def _completed(out: Path, expected: dict[str, Any]) -> Summary | None:
    """The summary of a run into ``out`` that completed with the same inputs and options
    (``resume`` then has nothing to do and must not redo or duplicate anything)."""
    try:
        data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        summary = Summary(**data)
    except (OSError, ValueError, TypeError):
        return None
    if summary.status != "complete" or summary.fingerprint != json.loads(json.dumps(expected)):
        return None
    if not all(Path(path).exists() for path in summary.outputs.values()):
        return None  # outputs removed since: convert again
    summary.resumed = True
    summary.note = "already complete: nothing to resume, outputs left as they were"
    return summary


def _write_summary(out: Path, summary: Summary) -> None:
    try:
        if out.is_dir():
            summary.outputs["summary"] = str(out / "summary.json")
            write_atomic(out / "summary.json", json.dumps(summary.to_dict(), indent=2).encode("utf-8") + b"\n")
    except OSError:
        pass


class _Runner:
    """The ordered commit loop (parent side)."""

    def __init__(self, sources: list[AnySource], state: State, outputs: Outputs, out: Path, summary: Summary,
                 verbose: bool, chunk_pages: int) -> None:
        self.sources, self.state, self.outputs, self.out = sources, state, outputs, out
        self.summary, self.verbose, self.chunk_pages = summary, verbose, chunk_pages
        self.bar: Any = None
        self.position = state.bytes_done  # input bytes behind the last committed chunk

    def chunks(self) -> Iterator[Chunk]:
        number, seq = self.state.chunks, self.state.seq
        for index in range(self.state.source_index, len(self.sources)):
            src = self.sources[index]
            start = self.state.source_done if index == self.state.source_index else 0
            for chunk, pages in iter_chunks(src, index, start, chunk_pages=self.chunk_pages):
                chunk.number, chunk.first_seq = number, seq
                number += 1
                seq += pages
                yield chunk

    def run(self, engine: Any, task: Task) -> None:
        """Append each chunk, fsync, then commit a new state.  The next state is built on a
        copy and becomes ``self.state`` only once the outputs it describes are durable, so
        Ctrl-C landing in ``write`` or ``sync`` never lets :meth:`fill` save counters that run
        ahead of the output lengths (the resumed run would then skip that chunk), and Ctrl-C
        just after ``save`` never lets it save an older state over the newer one."""
        last_position = 0
        for chunk, result in engine.run(self.chunks(), task):
            st = copy.deepcopy(self.state)
            self.outputs.write(result)
            checkpoint("written", chunk.number)
            self._count(st, result)
            if chunk.source_index != st.source_index:
                st.bytes_done += sum(s.size for s in self.sources[st.source_index:chunk.source_index])
                last_position = 0
            st.source_index, st.source_done = chunk.source_index, chunk.end
            st.chunks = chunk.number + 1
            st.seq += len(result.pages)
            st.lengths = self.outputs.sync()
            checkpoint("synced", chunk.number)
            self.state = st  # valid from here (its lengths are durable), even if save is cut short
            try:
                save(self.out, st)
            except OSError as exc:  # disk full at the commit: the outputs so far stay resumable
                raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(self.out / STATE_NAME)) from None
            checkpoint("committed", chunk.number)
            self.position = st.bytes_done + chunk.position
            if self.bar is not None:
                elapsed = self.bar.format_dict.get("elapsed") or 0
                rate = f", {st.seq / elapsed:.0f} pages/s" if elapsed else ""
                self.bar.set_postfix_str(f"{st.seq} pages{rate}, {st.counts['failed']} failed", refresh=False)
                self.bar.update(max(0, chunk.position - last_position))
                last_position = chunk.position

    def _count(self, state: State, result: ChunkResult) -> None:
        counts, reasons = state.counts, state.reasons
        for page in result.pages:
            counts[page.outcome] += 1
            if page.outcome == "written":
                counts["redirects"] += page.redirect
                continue
            key = page.reason_key or page.reason or "unknown"
            reasons[page.outcome][key] = reasons[page.outcome].get(key, 0) + 1
            if self.verbose:
                line = f"{page.outcome}: {page.title!r}: {page.reason}"
                if self.bar is not None:
                    self.bar.write(line, file=sys.stderr)
                else:
                    print(line, file=sys.stderr)

    def fill(self, summary: Summary, elapsed: float) -> None:
        st = self.state
        summary.written, summary.skipped, summary.failed = (st.counts["written"], st.counts["skipped"],
                                                            st.counts["failed"])
        summary.redirects = st.counts["redirects"]
        summary.pages = summary.written + summary.skipped + summary.failed
        summary.reasons = {k: dict(v) for k, v in st.reasons.items()}
        summary.elapsed = round(elapsed, 3)
        summary.pages_per_s = round(summary.pages / elapsed, 1) if elapsed > 0 else 0.0
        summary.input_bytes = sum(s.size for s in self.sources) if summary.status == "complete" else self.position
        st.elapsed = elapsed
        if summary.status != "complete" and (self.out / STATE_NAME).exists():
            try:
                save(self.out, st)  # keep elapsed time for the resumed run's summary
            except OSError:
                pass


def iter_records(source: PathLike | Sequence[PathLike], *, namespaces: Iterable[int] | None = (0,),
                 skip_redirects: bool = False, lang: str | None = None, form: str = "auto",
                 errors: str = "warn") -> Iterator[Record]:
    """Records of every page of ``source`` (dumps, folders, globs, JSON Lines), lazily, in order.

    Skipped pages (other namespaces, non-wikitext content, empty pages) are left out.
    A page that cannot be parsed is left out with a warning (``errors="warn"``), left out
    silently (``"ignore"``), or raises :class:`ParseError` (``"raise"``).
    """
    if errors not in ("warn", "ignore", "raise"):
        raise ValueError("errors must be 'warn', 'ignore' or 'raise'")
    ns = _namespaces(namespaces)
    task = Task(lang=lang, page_timeout=None, namespaces=ns, skip_redirects=skip_redirects)
    srcs = open_sources(source if not isinstance(source, (str, os.PathLike)) else [source], namespaces=ns,
                        skip_redirects=skip_redirects, form=form)
    for index, src in enumerate(srcs):
        for chunk, _ in iter_chunks(src, index, 0):
            docs = stream_documents(chunk.stream, ns, skip_redirects) if chunk.stream else chunk.docs or []
            for doc in docs:
                if doc.skip_reason is not None:
                    continue
                try:
                    if doc.error is not None:
                        raise ParseError(doc.error, file=doc.source.file)
                    if doc.text is None and doc.path is not None:
                        _read_file(doc)
                    yield _parse(doc, task)
                except (Exception, PageTimeout) as exc:
                    if errors == "raise":
                        if isinstance(exc, InfoboxToolsError):
                            raise
                        raise ParseError(f"{type(exc).__name__}: {exc}", file=doc.source.file,
                                         page=doc.title) from exc
                    if errors == "warn":
                        warnings.warn(f"{doc.source.file}: page {doc.title!r}: {exc}", stacklevel=2)
