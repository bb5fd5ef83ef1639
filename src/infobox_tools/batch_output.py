"""The writer side of a batch: ordered, append-only output files that resume exactly.

While a run goes, every output is a ``.part`` file (or the ``tei.part/`` folder), so a
crash never leaves a file that looks complete.  After each chunk the parts (and TEI page
files, before the index naming them) are flushed and fsynced and their lengths returned
for the state file; a resumed run truncates them to those lengths, deletes TEI files the
committed index does not name, and appends from there, which gives the same bytes as a
run that was never interrupted.  :meth:`Outputs.finish` assembles what needs the whole
run (the wide CSV header, the end of a TEI corpus) and renames the parts into place; a
finish cut short is undone by the resumed run (the renamed files are renamed back), so
the state stays valid until the caller removes it.

Files in ``OUT``: ``records.jsonl`` | ``records.csv`` | ``records.tei.xml`` (a
``teiCorpus``) | ``tei/`` (one TEI file per article, ``tei/index.jsonl`` maps titles to
files); ``errors.jsonl`` (one line per skipped or failed page); ``summary.json``.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from infobox_tools.batch_worker import ChunkResult, Task, payload_bytes
from infobox_tools.errors import OutputError

# Characters that are unsafe in a file name on some system, and % (our escape character).
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*%]')
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CLOCK$"} | {f"COM{i}" for i in range(10)} |
                      {f"LPT{i}" for i in range(10)})
MAX_NAME_BYTES = 150  # leaves room for "~12345678", "~2" and ".xml" under every 255-byte limit
TEI_DIR = "tei"
TEI_INDEX = "index.jsonl"


def safe_filename(title: str, used: set[str]) -> str:
    """A file name (``.xml`` added) for ``title``, unique case-insensitively among ``used``.

    Unsafe characters are percent-encoded (``AC/DC`` -> ``AC%2FDC``), spaces become
    underscores, leading dots and trailing dots/spaces are encoded, Windows device names
    get a leading underscore, long names are cut with a hash of the title, and repeats
    get ``~2``, ``~3``... in the order met.  ``used`` holds casefolded names and is updated.
    """
    name = unicodedata.normalize("NFC", title).strip().replace(" ", "_")
    name = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), name)
    if name.startswith("."):
        name = "%2E" + name[1:]
    while name.endswith((".", " ")):
        name = name[:-1] + ("%2E" if name[-1] == "." else "%20")
    if not name:
        name = "_untitled"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        digest = hashlib.sha1(title.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        cut = name.encode("utf-8")[:MAX_NAME_BYTES - 9].decode("utf-8", "ignore")
        name = f"{cut}~{digest}"
    candidate, n = name, 1
    while f"{candidate}.xml".casefold() in used:
        n += 1
        candidate = f"{name}~{n}"
    filename = f"{candidate}.xml"
    used.add(filename.casefold())
    return filename


def _fsync(fh: IO[Any]) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _load_syncfs() -> Callable[[int], int] | None:
    """Linux ``syncfs(2)``: one call makes a whole chunk of TEI page files durable (about 30
    times cheaper than an ``fsync`` per file); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        func: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return func


_SYNCFS = _load_syncfs()


def sync_files(folder: Path, paths: list[Path]) -> None:
    """Make ``paths`` (files in ``folder``) and the folder's entries durable."""
    if _SYNCFS is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            if _SYNCFS(fd) == 0:
                return
        finally:
            os.close(fd)
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fsync_dir(folder)


def fsync_dir(path: Path) -> None:
    """Make the entries of a folder (new files, renames) durable; a no-op where folders
    cannot be opened (Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a small file by temp file + fsync + rename (+ fsync of the folder)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            _fsync(fh)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # no temporary file left behind by a failed write
        raise
    fsync_dir(path.parent)


def _corpus_parts(converted: str | None) -> tuple[bytes, bytes]:
    """The bytes before the first and after the last ``TEI`` of a ``teiCorpus``, taken
    from the TEI writer's own output so that both stay byte-compatible."""
    from infobox_tools.record import Record
    from infobox_tools.writers.tei import write_tei_corpus

    buf = io.BytesIO()
    write_tei_corpus([Record(title="x")], buf, converted=converted)
    data = buf.getvalue()
    first = re.search(rb"<TEI[\s>]", data)
    last = data.rfind(b"</TEI>")
    if first is None or last < 0:
        raise OutputError("the TEI writer's corpus has no <TEI> element")
    head_end = data.rfind(b">", 0, first.start()) + 1  # end of the corpus header
    return data[:head_end], data[last + len(b"</TEI>"):]


def corpus_separator(converted: str | None) -> bytes:
    """What the TEI writer puts before each ``TEI`` of a corpus (indentation)."""
    from infobox_tools.record import Record
    from infobox_tools.writers.tei import write_tei_corpus

    buf = io.BytesIO()
    write_tei_corpus([Record(title="x")], buf, converted=converted)
    data = buf.getvalue()
    first = re.search(rb"<TEI[\s>]", data)
    assert first is not None
    return data[data.rfind(b">", 0, first.start()) + 1:first.start()]


def _check_length(path: Path, length: int) -> None:
    """A part shorter than the committed length was not written by the interrupted run
    (or was damaged since): resuming would pad it with zero bytes."""
    size = path.stat().st_size if path.exists() else -1
    if size < length:
        raise OutputError(f"cannot resume: {path.name} is missing or shorter than the committed "
                          f"{length} bytes (run without --resume to start again)", file=str(path))


class Outputs:
    """The run's output files in ``out``; ``lengths`` (from the state) resumes them."""

    def __init__(self, out: Path, task: Task, lengths: dict[str, int] | None = None) -> None:
        self.out = out
        self.task = task
        self.used: set[str] = set()
        self.files: dict[str, IO[bytes]] = {}
        self.unsynced: list[Path] = []  # TEI page files written since the last sync
        self.empty = False  # set by finish() when a TEI corpus got no page (and no file)
        self.hook: Callable[[str, int], None] = lambda point, chunk: None  # crash tests
        try:
            out.mkdir(parents=True, exist_ok=True)
            names = ["errors.jsonl"]
            if task.to == "jsonl":
                names.append("records.jsonl")
            elif task.to == "csv":
                names.append("records.csv.rows" if task.csv_shape == "wide" else "records.csv")
            elif task.to == "tei-corpus":
                names.append("records.tei.xml")
            else:
                self.tei_dir = out / f"{TEI_DIR}.part"
                if lengths is None and self.tei_dir.exists():
                    shutil.rmtree(self.tei_dir)
                elif lengths is not None and not self.tei_dir.exists() and (out / TEI_DIR / TEI_INDEX).exists():
                    os.replace(out / TEI_DIR, self.tei_dir)  # renamed by a finish that was cut short
                self.tei_dir.mkdir(exist_ok=True)
            for name in names:
                self._open(name, lengths)
            if task.to == "tei":
                self._open_index(lengths)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(out)) from None

    def _open(self, name: str, lengths: dict[str, int] | None) -> None:
        path = self.out / f"{name}.part"
        fh: IO[bytes]
        if lengths is not None and name in lengths:
            final = self.out / ("records.csv" if name == "records.csv.rows" else name)
            if not path.exists() and final.exists() and name != "records.csv.rows":
                os.replace(final, path)  # renamed into place by a finish that was cut short
            _check_length(path, lengths[name])
            fh = open(path, "r+b")
            fh.truncate(lengths[name])
            fh.seek(lengths[name])
        else:
            fh = open(path, "wb")
            if name == "records.csv":
                from infobox_tools.writers.csv import LONG_COLUMNS

                buf = io.StringIO()
                csv.DictWriter(buf, fieldnames=LONG_COLUMNS).writeheader()
                fh.write(buf.getvalue().encode("utf-8"))
            elif name == "records.tei.xml":
                fh.write(_corpus_parts(self.task.converted)[0])
        self.files[name] = fh

    def _open_index(self, lengths: dict[str, int] | None) -> None:
        path = self.tei_dir / TEI_INDEX
        fh: IO[bytes]
        if lengths is not None and TEI_INDEX in lengths:
            _check_length(path, lengths[TEI_INDEX])
            fh = open(path, "r+b")
            fh.truncate(lengths[TEI_INDEX])
            fh.seek(0)
            keep = set()
            for line in fh:
                name = json.loads(line)["file"]
                keep.add(name)
                self.used.add(name.casefold())
            for entry in os.listdir(self.tei_dir):  # files of chunks that were never committed
                if entry != TEI_INDEX and entry not in keep:
                    os.unlink(self.tei_dir / entry)
        else:
            fh = open(path, "wb")
        self.files[TEI_INDEX] = fh

    def write(self, result: ChunkResult) -> None:
        """Append one chunk's pages (call in chunk order)."""
        records = next((fh for n, fh in self.files.items() if n not in ("errors.jsonl", TEI_INDEX)),
                       io.BytesIO())  # --to tei writes one file per page and has no records file
        errors = self.files["errors.jsonl"]
        try:
            if result.spool is not None:  # the written pages' payloads, in order (spool_payloads)
                with open(result.spool, "rb") as spooled:
                    records.write(spooled.read())
                with contextlib.suppress(OSError):  # the run's spool folder goes at its end anyway
                    os.unlink(result.spool)
            for page in result.pages:
                if page.outcome == "written" and result.spool is not None:
                    continue  # its payload was in the spool file
                if page.outcome != "written":
                    line = {"title": page.title, "page_id": page.page_id, "outcome": page.outcome,
                            "reason": page.reason, "file": page.file}
                    errors.write(json.dumps(line, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n")
                elif self.task.to == "tei":
                    name = safe_filename(page.title, self.used)
                    (self.tei_dir / name).write_bytes(page.payload)
                    self.unsynced.append(self.tei_dir / name)
                    entry = {"title": page.title, "page_id": page.page_id, "file": name}
                    self.files[TEI_INDEX].write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")
                elif isinstance(page.payload, dict):
                    records.write(json.dumps(page.payload).encode("ascii") + b"\n")  # internal: ASCII-safe
                else:
                    records.write(payload_bytes(page.payload))
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(self.out)) from None

    def sync(self) -> dict[str, int]:
        """Make everything written so far durable; the lengths to record in the state."""
        try:
            if self.unsynced:  # the page files before the index that names them
                sync_files(self.tei_dir, self.unsynced)
                self.unsynced.clear()
            for fh in self.files.values():
                _fsync(fh)
            return {name: fh.tell() for name, fh in self.files.items()}
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(self.out)) from None

    def close(self) -> None:
        """Close every output; a flush that fails here (disk full) is an OutputError."""
        failed: OSError | None = None
        for fh in self.files.values():
            try:
                fh.close()
            except OSError as exc:
                failed = failed or exc
        if failed is not None:
            raise OutputError(f"cannot write: {failed.strerror or failed}", file=str(self.out))

    def finish(self) -> dict[str, str]:
        """Complete and rename the outputs into place; returns {kind: path}."""
        try:
            return self._finish()
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(self.out)) from None

    def _finish(self) -> dict[str, str]:
        empty_corpus = False
        if self.task.to == "tei-corpus":
            fh = self.files["records.tei.xml"]
            # A teiCorpus holding no TEI is not valid TEI: when no page was written (all
            # skipped or failed, each in errors.jsonl), no corpus file is left at all.
            empty_corpus = fh.tell() <= len(_corpus_parts(self.task.converted)[0])
            if not empty_corpus:
                fh.write(_corpus_parts(self.task.converted)[1])
        self.sync()
        self.close()
        done: dict[str, str] = {}
        # The parts stay resumable until the state is removed: a finish cut short (kill -9
        # between two renames) is completed by a resumed run, which renames them back.
        for name in self.files:
            if name == TEI_INDEX:
                continue
            part = self.out / f"{name}.part"
            if name == "records.csv.rows":
                target = self.out / "records.csv"
                self._assemble_wide(part, target)  # the rows part is removed by cleanup()
                done["records"] = str(target)
                continue
            target = self.out / name
            if empty_corpus and name == "records.tei.xml":
                part.unlink()
                self.empty = True
                continue
            os.replace(part, target)
            done["errors" if name == "errors.jsonl" else "records"] = str(target)
            self.hook("finishing", -1)
        if self.task.to == "tei":
            target = self.out / TEI_DIR
            if target.exists():
                if not (target / TEI_INDEX).exists():
                    raise OutputError("exists and was not written by infobox-tools; not replacing it",
                                      file=str(target))
                shutil.rmtree(target)
            os.replace(self.tei_dir, target)
            done["records"] = str(target)
        fsync_dir(self.out)
        return done

    def cleanup(self) -> None:
        """Remove what only a resume needed (call once the state is gone)."""
        rows = self.out / "records.csv.rows.part"
        if self.task.to == "csv" and self.task.csv_shape == "wide" and rows.exists():
            rows.unlink()

    def _assemble_wide(self, rows_path: Path, target: Path) -> None:
        """The wide CSV: columns in first-seen order (two passes over the saved rows)."""
        columns: dict[str, None] = {"title": None}
        with open(rows_path, "rb") as fh:
            for line in fh:
                columns.update(dict.fromkeys(json.loads(line)))
        tmp = target.with_name(f".{target.name}.tmp")
        from infobox_tools.writers.csv import prepare_row

        with open(rows_path, "rb") as src, open(tmp, "w", encoding="utf-8", newline="") as dst:
            writer = csv.DictWriter(dst, fieldnames=list(columns), restval="", extrasaction="raise")
            writer.writeheader()
            for line in src:
                writer.writerow(prepare_row(json.loads(line), self.task.csv_safe))
            _fsync(dst)
        os.replace(tmp, target)
