"""Sources: where pages come from (dumps, multistream dumps, folders, JSON Lines).

A source yields :class:`~infobox_tools.sources.document.Document` objects grouped in
:class:`~infobox_tools.sources.document.Chunk` objects; it never parses articles.
:func:`open_sources` turns the user's paths, folders and globs into sources;
:func:`iter_chunks` cuts each source into chunks, starting where a resumed run left
off.  Chunk boundaries depend only on the input, so a resumed run cuts the same chunks.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from typing import Protocol

from infobox_tools.errors import InputError
from infobox_tools.sources.document import Chunk, Document, SiteInfo, StreamRef
from infobox_tools.sources.files import FilesSource
from infobox_tools.sources.jsonl import JSON_EXTENSIONS, TAR_EXTENSIONS, JsonLinesSource
from infobox_tools.sources.multistream import MultistreamSource, index_for, is_index
from infobox_tools.sources.xmldump import XmlDumpSource, looks_like_dump, sniff, unsupported

__all__ = ["Chunk", "Document", "SiteInfo", "StreamRef", "open_sources", "iter_chunks", "AnySource",
           "XmlDumpSource", "MultistreamSource", "FilesSource", "JsonLinesSource"]

ARTICLE_EXTENSIONS = (".txt", ".wiki", ".wikitext", ".mediawiki", ".html", ".htm", ".xhtml")
DUMP_EXTENSIONS = (".xml", ".xml.bz2", ".xml.gz", ".bz2", ".gz")
_GLOB_CHARS = frozenset("*?[")

AnySource = XmlDumpSource | MultistreamSource | FilesSource | JsonLinesSource


class DocumentSource(Protocol):
    path: str
    size: int

    def documents(self) -> Iterator[Document]: ...

    def position(self) -> int: ...


def _known(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(ARTICLE_EXTENSIONS + DUMP_EXTENSIONS + JSON_EXTENSIONS + TAR_EXTENSIONS)


def expand(inputs: Iterable[str | os.PathLike[str]], exclude: str | None = None) -> list[str]:
    """Files named by ``inputs`` (files, folders walked recursively, globs), in order.

    Folders are walked without hidden entries and without ``exclude`` (the output folder,
    so that a run writing inside its input folder does not read its own output again).
    """
    files: list[str] = []
    skip = os.path.abspath(exclude) if exclude else None
    for item in inputs:
        name = os.fspath(item)
        if os.path.isdir(name):
            found: list[str] = []
            for folder, dirs, names in os.walk(name):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and os.path.abspath(os.path.join(folder, d)) != skip)
                found.extend(os.path.join(folder, n) for n in sorted(names)
                             if not n.startswith(".") and _known(n))
            if not found:
                raise InputError("folder holds no article, dump or JSON Lines files", file=name)
            files.extend(found)
        elif os.path.exists(name):
            files.append(name)
        elif _GLOB_CHARS & set(name):
            matches = sorted(p for p in glob.glob(name, recursive=True) if os.path.isfile(p))
            if not matches:
                raise InputError("no files match this pattern", file=name)
            files.extend(matches)
        else:
            raise InputError("no such file or folder", file=name)
    return files


def open_sources(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
                 namespaces: frozenset[int] | None = frozenset({0}), skip_redirects: bool = False,
                 form: str = "auto", exclude: str | os.PathLike[str] | None = None) -> list[AnySource]:
    """Sources for the given paths, folders and globs, in the order given.

    Raises :class:`InputError` for a missing input, an unsupported archive (7z, zip) or a
    multistream index given without its dump.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    files = expand(inputs, os.fspath(exclude) if exclude is not None else None)
    listed = {os.path.abspath(f) for f in files}
    sources: list[AnySource] = []
    articles: list[str] = []

    def flush() -> None:
        if articles:
            sources.append(FilesSource(list(articles), form=form))
            articles.clear()

    for path in files:
        lower = path.lower()
        if is_index(path):
            dump = path.replace("-index.txt", ".xml").removesuffix(".bz2") + ".bz2"
            if os.path.abspath(dump) not in listed:
                raise InputError("a multistream index is read with its dump: give the .xml.bz2 file", file=path)
            continue
        kind = sniff(path)
        if kind in ("7z", "zip", "xz", "zstd"):
            raise unsupported(path, kind)
        if lower.endswith(TAR_EXTENSIONS) or lower.endswith(JSON_EXTENSIONS):
            flush()
            sources.append(JsonLinesSource(path, form=form, namespaces=namespaces))
        elif lower.endswith((".xml", ".xml.bz2", ".xml.gz")) or \
                ((kind != "plain" or not lower.endswith(ARTICLE_EXTENSIONS)) and looks_like_dump(path)):
            flush()
            index = index_for(path) if kind == "bz2" else None
            if index:
                sources.append(MultistreamSource(path, index, namespaces=namespaces, skip_redirects=skip_redirects))
            else:
                sources.append(XmlDumpSource(path, namespaces=namespaces, skip_redirects=skip_redirects))
        elif kind != "plain":
            raise InputError(f"a {kind} file that is neither a MediaWiki XML export nor JSON Lines "
                             "(.jsonl.gz, .ndjson.bz2, .tar.gz)", file=path)
        else:
            articles.append(path)
    flush()
    return sources


def iter_chunks(source: AnySource, source_index: int, start: int, *, chunk_pages: int = 100,
                chunk_bytes: int = 8 << 20) -> Iterator[tuple[Chunk, int]]:
    """(chunk, page count) for ``source`` from unit ``start`` on (documents, or streams).

    A chunk closes after ``chunk_pages`` pages or ``chunk_bytes`` of text.  When the
    source goes bad part-way, the pages read before are still yielded as a last chunk,
    then the :class:`InputError` is raised.
    """
    if isinstance(source, MultistreamSource):
        for chunk, pages in source.stream_chunks(start):
            chunk.source_index = source_index
            yield chunk, pages
        return
    done = 0
    batch: list[Document] = []
    size = 0

    def make() -> Chunk:
        return Chunk(number=0, source_index=source_index, end=done, first_seq=0, position=source.position(),
                     docs=list(batch))

    try:
        for doc in source.documents():
            if done < start:
                done += 1
                continue
            batch.append(doc)
            done += 1
            size += len(doc.text) if doc.text else 0
            if len(batch) >= chunk_pages or size >= chunk_bytes:
                yield make(), len(batch)
                batch.clear()
                size = 0
    except InputError:
        if batch:
            yield make(), len(batch)
        raise
    if done < start:
        raise InputError(f"cannot resume: the input now has {done} pages, the interrupted run had "
                         f"read {start}", file=source.path)
    if batch:
        yield make(), len(batch)
