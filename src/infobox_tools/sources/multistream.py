"""Multistream dumps: independent bz2 streams of ~100 pages plus an ``offset:id:title`` index.

The parent only reads the index (to learn where streams start and how many pages each
holds) and the small header stream (site info).  Each stream becomes one chunk, and the
worker that gets it reads its bytes, decompresses and parses them itself, so two
workers decompress two streams at once.  The parent decompresses page data only once,
and only with a pool: the first stream, into a file, while it warms up and a core would
otherwise idle (:func:`predecode`).

A corrupt stream (bad bz2 data, or bytes that are not well-formed XML) loses only its
own pages: they are failed one by one, named by the index (title and id), with the
reason, and the other streams are converted, so the run ends with exit code 1 and
``errors.jsonl`` lists exactly what was lost.  A file shorter than its index says is
truncated: the run stops there with :class:`InputError` (nothing after can be read).
"""

from __future__ import annotations

import bz2
import dataclasses
import io
import os
import re
from collections.abc import Iterator

from lxml import etree

try:  # a faster bzip2 decoder (C++): ~15 % less CPU than the bz2 module on a stream
    import indexed_bzip2
except ImportError:  # pragma: no cover - a declared dependency; the bz2 module does the same work
    indexed_bzip2 = None

from infobox_tools.errors import InputError
from infobox_tools.record import Source
from infobox_tools.sources.document import Chunk, Document, SiteInfo, StreamRef
from infobox_tools.sources.siteinfo import local, namespace_of, page_url
from infobox_tools.sources.xmldump import newer, page_document, read_error, revision_info, siteinfo_from_bytes

_INDEX_LINE = re.compile(rb"^(\d+):(\d*):")
_CLOSE = b"</mediawiki>"


def index_for(path: str) -> str | None:
    """The index file beside a multistream dump, by Wikimedia's naming, if it exists."""
    name = os.path.basename(path)
    if "multistream" not in name:
        return None
    folder = os.path.dirname(path)
    stem = name.split("multistream", 1)[0]
    for candidate in (f"{stem}multistream-index.txt.bz2", f"{stem}multistream-index.txt"):
        full = os.path.join(folder, candidate)
        if os.path.isfile(full):
            return full
    return None


def is_index(path: str) -> bool:
    """Whether a file is a multistream index (it is read with its dump, not on its own)."""
    return re.search(r"multistream-index\.txt(\.bz2)?$", os.path.basename(path)) is not None


def read_index(path: str) -> list[tuple[int, int]]:
    """(offset, pages) per stream, in file order."""
    streams: list[tuple[int, int]] = []
    opener = bz2.open if path.endswith(".bz2") else open
    try:
        with opener(path, "rb") as fh:
            for number, line in enumerate(fh, 1):
                m = _INDEX_LINE.match(line)
                if not m:
                    if line.strip():
                        raise InputError(f"line {number} is not 'offset:page_id:title'", file=path)
                    continue
                offset = int(m.group(1))
                if streams and streams[-1][0] == offset:
                    streams[-1] = (offset, streams[-1][1] + 1)
                elif streams and offset < streams[-1][0]:
                    raise InputError(f"line {number}: offsets go backwards", file=path)
                else:
                    streams.append((offset, 1))
    except (EOFError, OSError, ValueError) as exc:
        raise read_error(path, exc) from None
    if not streams:
        raise InputError("empty multistream index", file=path)
    return streams


class CorruptStream(InputError):
    """One stream's bytes are there but cannot be decoded: its pages are lost, not the run."""


def decompress_range(path: str, offset: int, length: int) -> bytes:
    """Read ``length`` bytes at ``offset`` and decompress every bz2 stream in them.

    Raises :class:`InputError` when the file is too short, :class:`CorruptStream` when
    the bytes are there but are not valid bz2 data."""
    data = _read_range(path, offset, length)
    fast = _fast_decompress(data)
    return fast if fast is not None else _bz2_decompress(data, path, offset)


def _read_range(path: str, offset: int, length: int) -> bytes:
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read(length)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=path) from None
    if len(data) < length:
        raise InputError(f"truncated: stream at byte {offset} needs {length} bytes, "
                         f"the file has {len(data)}", file=path)
    return data


def _bz2_decompress(data: bytes, path: str, offset: int) -> bytes:
    """Every bz2 stream in ``data``, by the bz2 module (which says exactly what is wrong)."""
    out = []
    while data:
        dec = bz2.BZ2Decompressor()
        try:
            out.append(dec.decompress(data))
        except OSError as exc:
            raise CorruptStream(f"corrupt bz2 stream at byte {offset}: {exc}", file=path) from None
        if not dec.eof:
            raise CorruptStream(f"corrupt bz2 stream at byte {offset}: it ends before its "
                                "end-of-stream marker", file=path)
        data = dec.unused_data
    return b"".join(out)


def predecode(chunk: Chunk, folder: str) -> Chunk:
    """``chunk`` with its stream decompressed into a file of ``folder``
    (:attr:`StreamRef.decoded`), for a parent that has a core to spare (see
    ``batch_engine.PoolEngine``): the worker then only reads and parses it.  The bz2
    module does it, not indexed_bzip2, because it lets other threads run meanwhile
    (indexed_bzip2 holds the GIL); a file, not bytes in the chunk, because the workers
    fork right after (they would all inherit the bytes) and the chunk would take ~8 ms
    to cross the pool's pipe.  Anything that is not a stream, or that cannot be read,
    decoded or written, comes back unchanged: its worker reads the dump itself and
    reports what is wrong exactly as it would have."""
    ref = chunk.stream
    if ref is None or ref.decoded is not None:
        return chunk
    path = os.path.join(folder, f"stream-{ref.offset}")
    try:
        data = _bz2_decompress(_read_range(ref.path, ref.offset, ref.length), ref.path, ref.offset)
        with open(path, "wb") as fh:
            fh.write(data)
    except (InputError, OSError):
        return chunk
    return dataclasses.replace(chunk, stream=dataclasses.replace(ref, decoded=path))


def _decoded(ref: StreamRef) -> bytes:
    """The stream's XML: from the file the parent decoded it into, else from the dump."""
    if ref.decoded is not None:
        try:
            with open(ref.decoded, "rb") as fh:
                return fh.read()
        except OSError:  # gone with the run's spool folder: decode it here
            pass
    return decompress_range(ref.path, ref.offset, ref.length)


def _fast_decompress(data: bytes) -> bytes | None:
    """Every bz2 stream in ``data`` decoded by indexed_bzip2 (which checks the block and
    stream CRCs), or ``None`` when it is not installed or the data are not clean bz2:
    the bz2 module then decodes them again and says exactly what is wrong."""
    if indexed_bzip2 is None or not data:
        return None
    try:
        # One thread: the run's parallelism is one worker process per core already.
        with indexed_bzip2.IndexedBzip2File(io.BytesIO(data), parallelization=1) as fh:
            out = fh.read()
            # It stops quietly before bytes that are not bz2 (warning on stderr); the bz2
            # module calls that a corrupt stream, so both must have read every byte.
            whole = fh.tell_compressed() == 8 * len(data)
    except Exception:  # noqa: BLE001 - its errors are RuntimeError/ValueError with C++ texts
        return None
    return out if whole else None


def index_entries(index: str | None, offset: int) -> list[tuple[int | None, str]]:
    """(page id, title) of every index line for the stream at ``offset`` (read only when a
    stream is lost, to name its pages: it scans the whole index)."""
    if index is None:
        return []
    prefix = f"{offset}:".encode()
    found: list[tuple[int | None, str]] = []
    opener = bz2.open if index.endswith(".bz2") else open
    try:
        with opener(index, "rb") as fh:
            for line in fh:
                if line.startswith(prefix):
                    _, page_id, title = line.rstrip(b"\r\n").split(b":", 2)
                    found.append((int(page_id) if page_id else None, title.decode("utf-8", "replace")))
                elif found:
                    break  # a stream's lines are consecutive
    except (EOFError, OSError, ValueError):
        pass
    return found


def lost_documents(ref: StreamRef, reason: str, namespaces: frozenset[int] | None) -> list[Document]:
    """One failed document per page of a corrupt stream, named by the index when it can."""
    entries = index_entries(index_for(ref.path), ref.offset)
    if len(entries) != ref.pages:
        entries = [(None, f"(page {i + 1} of {ref.pages} in the stream at byte {ref.offset})")
                   for i in range(ref.pages)]
    docs = []
    for page_id, title in entries:
        ns = namespace_of(title, ref.site)
        source = Source(form="wikitext", file=ref.path, url=page_url(ref.site, title), lang=ref.site.lang,
                        site=ref.site.site, page_id=page_id, namespace=ns)
        doc = Document(title=title, text=None, source=source, form="wikitext")
        if namespaces is not None and ns not in namespaces:
            label = ref.site.namespaces.get(ns)
            doc.reason_key = f"namespace {ns}"
            doc.skip_reason = f"namespace {ns} ({label})" if label else f"namespace {ns}"
        else:
            doc.reason_key, doc.error = "corrupt stream", reason
        docs.append(doc)
    return docs


def stream_documents(ref: StreamRef, namespaces: frozenset[int] | None,
                     skip_redirects: bool) -> list[Document]:
    """The documents of one stream (worker side); a corrupt stream's pages come back failed."""
    try:
        xml = _decoded(ref).rstrip()
    except CorruptStream as exc:
        return lost_documents(ref, exc.reason, namespaces)
    if xml.endswith(_CLOSE):
        xml = xml[: -len(_CLOSE)]
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(b"<mediawiki>" + xml + _CLOSE, parser)
    except etree.XMLSyntaxError as exc:
        return lost_documents(ref, f"stream at byte {ref.offset} is not well-formed XML: {exc}", namespaces)
    docs = []
    for page in root:
        if local(page.tag) != "page":
            continue
        best = None
        for child in page:
            if local(child.tag) == "revision":
                best = newer(best, revision_info(child))
        docs.append(page_document(page, best, ref.site, ref.path, namespaces, skip_redirects))
    return docs


class MultistreamSource:
    """A multistream ``.xml.bz2`` with its index: one chunk per stream."""

    kind = "multistream"

    def __init__(self, path: str, index: str, *, namespaces: frozenset[int] | None,
                 skip_redirects: bool) -> None:
        self.path = path
        self.index = index
        self.size = os.path.getsize(path)
        self.namespaces = namespaces
        self.skip_redirects = skip_redirects
        self.streams = read_index(index)
        first = self.streams[0][0]
        self.site = siteinfo_from_bytes(decompress_range(path, 0, first), path) if first else SiteInfo()

    def stream_chunks(self, start: int) -> Iterator[tuple[Chunk, int]]:
        """(chunk, pages per the index) for every stream from number ``start`` on."""
        for i in range(start, len(self.streams)):
            offset, pages = self.streams[i]
            end = self.streams[i + 1][0] if i + 1 < len(self.streams) else self.size
            if end > self.size:
                raise InputError(f"truncated: the index points past the end of the file (byte {end})",
                                 file=self.path)
            ref = StreamRef(self.path, offset, end - offset, self.site, pages)
            yield Chunk(number=0, source_index=0, end=i + 1, first_seq=0, position=end, stream=ref), pages
