"""JSON Lines of articles, Wikimedia Enterprise records, and ``.tar.gz`` of NDJSON.

A line is either a plain article (``title``, ``text``, optional ``form``, ``url``,
``lang``, ``page_id``) or a Wikimedia Enterprise record (``name``, ``article_body.html``
and/or ``.wikitext``, ``url``, ``identifier``, ``version.identifier``,
``date_modified``, ``in_language.identifier``, ``namespace.identifier``).  A ``.json``
file may also hold one pretty-printed record or a list of them (the Enterprise API's
per-article answers).  Tar archives (the Enterprise HTML dumps) are streamed member
by member, never unpacked to disk.  A line that is not JSON is one failed page; the
run goes on.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import tarfile
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any

from infobox_tools.errors import InputError
from infobox_tools.record import Source
from infobox_tools.sources.document import Document
from infobox_tools.sources.xmldump import raw_position, read_error, sniff, unsupported

JSON_EXTENSIONS = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".jsonl.bz2",
                   ".ndjson.bz2", ".json.bz2")
TAR_EXTENSIONS = (".tar", ".tar.gz", ".tgz", ".tar.bz2")


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def record_document(data: Any, file: str, where: str, *, form: str,
                    namespaces: frozenset[int] | None) -> Document:
    """The document of one JSON object (plain article or Enterprise record)."""
    if not isinstance(data, dict):
        return Document(title=None, text=None, source=Source(file=file), error=f"{where}: not a JSON object",
                        reason_key="bad record")
    if "article_body" in data or "name" in data and "text" not in data:
        body = data.get("article_body") or {}
        wikitext, html = _get(body, "wikitext"), _get(body, "html")
        if form == "html" or (form == "auto" and not wikitext):
            text, used = html, "html"
        else:
            text, used = wikitext, "wikitext"
        if form == "pipetext":
            text, used = wikitext or html, "auto"
        source = Source(form=used if used != "auto" else None, file=file, url=data.get("url"),
                        lang=_get(data, "in_language", "identifier"), site=_get(data, "is_part_of", "identifier"),
                        page_id=_int(data.get("identifier")), revision=_int(_get(data, "version", "identifier")),
                        timestamp=data.get("date_modified"), namespace=_int(_get(data, "namespace", "identifier")))
        title = data.get("name")
    else:
        text = data.get("text")
        used = data.get("form") or form
        source = Source(file=file, url=data.get("url"), lang=data.get("lang"), page_id=_int(data.get("page_id")),
                        revision=_int(data.get("revision")), timestamp=data.get("timestamp"),
                        namespace=_int(data.get("namespace")))
        title = data.get("title")
    doc = Document(title=title if isinstance(title, str) else None, text=None, source=source, form=used)
    if namespaces is not None and source.namespace is not None and source.namespace not in namespaces:
        doc.reason_key = f"namespace {source.namespace}"
        doc.skip_reason = f"namespace {source.namespace}"
    elif not isinstance(text, str):
        doc.reason_key = "no text"
        doc.skip_reason = f"{where}: record has no article text"
    elif not text.strip():
        doc.reason_key = doc.skip_reason = "empty page"
    else:
        doc.text = text
    return doc


def _lines(stream: IO[bytes], file: str, prefix: str, form: str, namespaces: frozenset[int] | None,
           whole: bool) -> Iterator[Document]:
    """Documents of a JSON Lines stream, or of one JSON document when ``whole``."""
    if whole:
        data = stream.read()
        try:
            value = json.loads(data)
        except ValueError as exc:
            yield Document(title=None, text=None, source=Source(file=file),
                           error=f"{prefix}not valid JSON: {exc}", reason_key="bad JSON")
            return
        items: Iterable[Any] = value if isinstance(value, list) else [value]
        for n, item in enumerate(items, 1):
            yield record_document(item, file, f"{prefix}item {n}", form=form, namespaces=namespaces)
        return
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            yield Document(title=None, text=None, source=Source(file=file),
                           error=f"{prefix}line {number}: not valid JSON: {exc}", reason_key="bad JSON")
            continue
        yield record_document(value, file, f"{prefix}line {number}", form=form, namespaces=namespaces)


def _is_whole(name: str) -> bool:
    base = name.lower()
    for ext in (".gz", ".bz2"):
        base = base.removesuffix(ext)
    return base.endswith(".json")


class JsonLinesSource:
    """A ``.jsonl``/``.ndjson``/``.json`` file (optionally .gz/.bz2) or a tar of them."""

    kind = "jsonl"

    def __init__(self, path: str, *, form: str = "auto", namespaces: frozenset[int] | None = None) -> None:
        self.path = path
        self.size = os.path.getsize(path)
        self.form = form
        self.namespaces = namespaces
        self._raw: IO[bytes] | None = None

    def position(self) -> int:
        return raw_position(self._raw, self.size)

    def documents(self) -> Iterator[Document]:
        lower = self.path.lower()
        try:
            if lower.endswith(TAR_EXTENSIONS):
                yield from self._tar()
            else:
                yield from self._file()
        except (EOFError, OSError, zlib.error, tarfile.TarError) as exc:
            raise read_error(self.path, exc) from None

    def _file(self) -> Iterator[Document]:
        kind = sniff(self.path)
        raw = open(self.path, "rb")
        self._raw = raw
        try:
            if kind == "bz2":
                stream: IO[bytes] = bz2.BZ2File(raw)
            elif kind == "gzip":
                stream = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
            elif kind == "plain":
                stream = raw
            else:
                raise unsupported(self.path, kind)
            yield from _lines(stream, self.path, "", self.form, self.namespaces, _is_whole(self.path))
        finally:
            raw.close()

    def _tar(self) -> Iterator[Document]:
        raw = open(self.path, "rb")
        self._raw = raw
        try:
            with tarfile.open(fileobj=raw, mode="r|*") as tar:
                for member in tar:
                    if not member.isfile() or not member.name.lower().endswith(JSON_EXTENSIONS):
                        continue
                    fh = tar.extractfile(member)
                    if fh is None:
                        continue
                    stream: IO[bytes] = fh
                    if member.name.lower().endswith(".gz"):
                        stream = gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
                    yield from _lines(stream, self.path, f"{member.name}: ", self.form, self.namespaces,
                                      _is_whole(member.name))
        except tarfile.ReadError as exc:
            raise InputError(f"not a readable tar archive: {exc}", file=self.path) from None
        finally:
            raw.close()
