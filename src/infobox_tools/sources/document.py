"""What a source yields: documents (one page each) grouped into chunks of work.

A source never parses articles: it only says which pages there are, with their text
(or where to read it) and their provenance.  Chunks are the unit of parallel work and
of resuming: the batch runner sends each chunk to a worker and commits results in
chunk order.  Everything here pickles cheaply (plain dataclasses).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from infobox_tools.record import Source


@dataclass
class Document:
    """One page.  ``skip_reason`` set means: do not parse, account it as skipped.

    ``text`` is ``None`` for skipped pages (not shipped to workers) and for files that
    the worker reads itself (``path``).  ``redirect`` is the redirect target given by the
    dump (``<redirect title=...>``); such pages become redirect records without parsing.
    ``reason_key`` is the short reason used for counting in the summary; ``error`` marks
    a page the source itself could not read (a bad JSON line), accounted as failed.
    """

    title: str | None
    text: str | None
    source: Source
    form: str = "auto"
    skip_reason: str | None = None
    reason_key: str | None = None
    redirect: str | None = None
    path: str | None = None
    error: str | None = None  # the source could not give this page (bad JSON line): failed


@dataclass
class SiteInfo:
    """A dump's ``<siteinfo>``: language, site name, URL base and namespace names."""

    lang: str | None = None
    site: str | None = None  # dbname, e.g. enwiki
    base_url: str | None = None  # article URL prefix, e.g. https://en.wikipedia.org/wiki/
    namespaces: dict[int, str] = field(default_factory=dict)
    declared: bool = False  # whether the dump declared its namespaces


@dataclass
class StreamRef:
    """One bz2 stream of a multistream dump: the worker reads and decompresses it, unless
    the file ``decoded`` holds it decompressed already (``multistream.predecode``)."""

    path: str
    offset: int
    length: int
    site: SiteInfo
    pages: int  # pages in this stream according to the index
    decoded: str | None = None


@dataclass
class Chunk:
    """A unit of work: either documents, or a multistream stream to decode.

    ``source_index``/``end`` say where the source stands after this chunk (``end`` in
    the source's own units: documents, or streams for multistream), which is what the
    resume state records.  ``first_seq`` is the global ordinal of the chunk's first page
    (unique ids in a TEI corpus); ``position`` the input bytes read so far (progress).
    """

    number: int
    source_index: int
    end: int
    first_seq: int
    position: int
    docs: list[Document] | None = None
    stream: StreamRef | None = None

    @property
    def light(self) -> bool:
        """Whether the chunk carries no page text (a stream, or files the worker reads
        itself), so that holding it before submission costs next to no memory."""
        return self.docs is None or not any(doc.text for doc in self.docs)

    @property
    def weight(self) -> int:
        """A rough cost: characters of text (a stream's compressed bytes count 4 each, about
        what bz2 achieves on wikitext).  Only used to order the last chunks of a run."""
        if self.stream is not None:
            return 4 * self.stream.length
        return sum(len(doc.text) for doc in self.docs or () if doc.text)
