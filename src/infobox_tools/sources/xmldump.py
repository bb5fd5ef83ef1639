"""MediaWiki XML exports (schema 0.8 to 0.11), plain, ``.bz2`` or ``.gz``, streamed.

The dump is read with lxml ``iterparse`` in constant memory: each revision is reduced
to a small :class:`RevisionInfo` as soon as it ends and cleared, each page is turned
into a :class:`Document` and cleared together with its preceding siblings, so a
100 GB dump needs no more memory than its largest page.  Tags are matched by local name
(``{*}page``), so every schema version's namespace works, and so do exports that
declare none.  ``huge_tree`` is on deliberately: real pages exceed libxml2's 10 MB text
node limit; libxml2's huge limit, 1 GB of text in one node, remains the cap for one page.

Hostile input: nothing is ever fetched (``no_network``, no external DTD loaded), and
entities are never expanded.  A MediaWiki export declares no entities, so a DOCTYPE
that declares any (internal, ``SYSTEM`` ones pointing at ``/etc/passwd``, parameter
entities) is refused with :class:`InputError` as soon as the root element starts, and
libxml2's entity-amplification guard, which fires on "billion laughs" and quadratic
blow-ups even before that, is reported as a refused entity bomb, not as corruption.

The same page logic (:func:`page_document`) serves the multistream workers, which
parse one stream's pages as a small tree; what ``<siteinfo>`` says (language, URLs,
namespaces) is read by :mod:`.siteinfo`.
"""

from __future__ import annotations

import bz2
import gzip
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from lxml import etree

from infobox_tools.errors import InputError
from infobox_tools.record import Source
from infobox_tools.sources.document import Document, SiteInfo
from infobox_tools.sources.siteinfo import local, namespace_name, namespace_of, page_url, parse_siteinfo

WIKITEXT_MODELS = frozenset({"wikitext", "text/x-wiki"})
_REDIRECT_RE = re.compile(r"^\s*#REDIRECT\s*:?\s*\[\[([^\]\|#\n]+)", re.I)
_TAGS = ("{*}mediawiki", "{*}siteinfo", "{*}page", "{*}revision")

MAGIC = {b"BZh": "bz2", b"\x1f\x8b": "gzip", b"7z\xbc\xaf\x27\x1c": "7z", b"PK\x03\x04": "zip",
         b"\xfd7zXZ": "xz", b"\x28\xb5\x2f\xfd": "zstd"}


def sniff(path: str) -> str:
    """The compression of a file from its first bytes: bz2, gzip, 7z, zip, xz, zstd or plain."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=path) from None
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    return "plain"


def unsupported(path: str, kind: str) -> InputError:
    """The one-line error for an archive format we do not read."""
    return InputError(f"{kind} archives are not supported: decompress it first "
                      f"(e.g. '7z x' / 'unzip'), or recompress the XML as .bz2 or .gz", file=path)


def open_compressed(path: str) -> tuple[IO[bytes], IO[bytes]]:
    """(raw file, decompressed stream): ``raw.tell()`` gives the input bytes read."""
    kind = sniff(path)
    raw = open(path, "rb")
    if kind == "bz2":
        return raw, bz2.BZ2File(raw)  # multi-stream files are read whole
    if kind == "gzip":
        return raw, gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if kind != "plain":
        raw.close()
        raise unsupported(path, kind)
    return raw, raw


_BOMB_MARKERS = ("amplification", "entity reference loop", "entity loop", "entities amplification")
ENTITIES_REFUSED = ("declares XML entities in its DOCTYPE ({names}): refused, MediaWiki exports "
                    "declare none and expanding them is unsafe (entity bomb, local file disclosure)")


def read_error(path: str, exc: BaseException) -> InputError:
    """An :class:`InputError` for a dump that stops being readable part-way."""
    text = str(exc)
    if isinstance(exc, etree.XMLSyntaxError) and any(m in text.lower() for m in _BOMB_MARKERS):
        reason = "entity expansion bomb refused (entities expand far beyond the input's size)"
    elif isinstance(exc, EOFError):
        reason = "truncated: the compressed file ends before its end-of-stream marker"
    elif isinstance(exc, etree.XMLSyntaxError):
        reason = f"not well-formed XML (truncated or corrupt?): {exc}"
    elif isinstance(exc, (OSError, zlib.error)):
        reason = f"corrupt compressed data: {getattr(exc, 'strerror', None) or exc}"
    else:
        reason = f"cannot read: {type(exc).__name__}: {exc}"
    return InputError(reason, file=path)


def refuse_entities(root: Any, path: str) -> None:
    """Raise :class:`InputError` if the document's DOCTYPE declares any entity.

    With entities unresolved, libxml2 would cut a page's text at the first reference
    (silent data loss), so such a file is refused whole rather than half-read."""
    dtd = root.getroottree().docinfo.internalDTD
    names = [f"&{e.name};" for e in dtd.entities()] if dtd is not None else []
    if names:
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        raise InputError(ENTITIES_REFUSED.format(names=shown), file=path)


def _child_text(elem: Any, name: str) -> str | None:
    for child in elem:
        if local(child.tag) == name:
            text: str | None = child.text
            return text
    return None


@dataclass
class RevisionInfo:
    """What the batch needs of one revision (the rest is dropped at once)."""

    id: int | None = None
    timestamp: str | None = None
    model: str | None = None
    text: str | None = None
    text_present: bool = False  # a <text> element exists
    text_deleted: bool = False
    text_stub: bool = False  # <text id=.. bytes=../> without content: a stub dump


def revision_info(elem: Any) -> RevisionInfo:
    """Reduce a ``<revision>`` element to a :class:`RevisionInfo`."""
    info = RevisionInfo()
    for child in elem:
        name = local(child.tag)
        if name == "id":
            info.id = _int(child.text)
        elif name == "timestamp":
            info.timestamp = (child.text or "").strip() or None
        elif name == "model":
            info.model = (child.text or "").strip() or None
        elif name == "text":
            info.text_present = True
            info.text = child.text
            info.text_deleted = child.get("deleted") is not None
            info.text_stub = child.text is None and (child.get("id") is not None or
                                                     child.get("location") is not None)
    return info


def newer(best: RevisionInfo | None, rev: RevisionInfo) -> RevisionInfo:
    """The revision to keep: the newest by timestamp, the later one in the file on ties
    or when timestamps are missing (dumps list revisions oldest first)."""
    if best is None or not rev.timestamp or not best.timestamp or rev.timestamp >= best.timestamp:
        return rev
    return best


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def page_document(page: Any, rev: RevisionInfo | None, site: SiteInfo, file: str,
                  namespaces: frozenset[int] | None, skip_redirects: bool) -> Document:
    """The :class:`Document` of a ``<page>`` element whose chosen revision is ``rev``."""
    title = ""
    ns: int | None = None
    page_id = None
    redirect: str | None = None
    for child in page:
        name = local(child.tag)
        if name == "title":
            title = child.text or ""
        elif name == "ns":
            ns = _int(child.text)
        elif name == "id":
            page_id = _int(child.text)
        elif name == "redirect":
            redirect = child.get("title") or ""
    if ns is None:
        ns = namespace_of(title, site)
    rev = rev or RevisionInfo()
    source = Source(form="wikitext", file=file, url=page_url(site, title), lang=site.lang, site=site.site,
                    page_id=page_id, revision=rev.id, timestamp=rev.timestamp, namespace=ns)
    doc = Document(title=title, text=None, source=source, form="wikitext")
    if namespaces is not None and ns not in namespaces:
        label = namespace_name(ns, site)
        doc.reason_key = f"namespace {ns}"
        doc.skip_reason = f"namespace {ns} ({label})" if label else f"namespace {ns}"
        return doc
    text = rev.text
    if not redirect and text:  # no <redirect> (old or hand-made exports), or one without a title
        m = _REDIRECT_RE.match(text)
        if m:
            redirect = m.group(1).strip()
    if redirect is not None:
        if skip_redirects:
            doc.reason_key = doc.skip_reason = "redirect"
        else:
            doc.redirect = redirect
        return doc
    if rev.text_deleted:
        doc.reason_key = doc.skip_reason = "text deleted"
    elif rev.text_stub or not rev.text_present:
        doc.reason_key = "no text"
        doc.skip_reason = "no text in the dump (a stub dump?)"
    elif rev.model and rev.model not in WIKITEXT_MODELS:
        doc.reason_key = f"content model {rev.model}"
        doc.skip_reason = f"content model {rev.model} (not wikitext)"
    elif not text or not text.strip():
        doc.reason_key = doc.skip_reason = "empty page"
    else:
        doc.text = text
    return doc


def raw_position(raw: IO[bytes] | None, size: int) -> int:
    """Bytes of the underlying (compressed) file read so far; ``size`` once it is closed."""
    try:
        return raw.tell() if raw is not None and not raw.closed else size
    except (OSError, ValueError):
        return size


class XmlDumpSource:
    """A MediaWiki XML export, plain or compressed, read page by page in constant memory."""

    kind = "xml"

    def __init__(self, path: str, *, namespaces: frozenset[int] | None, skip_redirects: bool) -> None:
        self.path = path
        self.size = os.path.getsize(path)
        self.namespaces = namespaces
        self.skip_redirects = skip_redirects
        self._raw: IO[bytes] | None = None

    def position(self) -> int:
        """Input bytes read so far (compressed bytes for .bz2/.gz)."""
        return raw_position(self._raw, self.size)

    def documents(self) -> Iterator[Document]:
        """Every page, in file order; raises :class:`InputError` if the file goes bad."""
        raw, stream = open_compressed(self.path)
        self._raw = raw
        try:
            yield from self._pages(stream)
        finally:
            stream.close()
            raw.close()

    def _pages(self, stream: IO[bytes]) -> Iterator[Document]:
        context = etree.iterparse(stream, events=("start", "end"), tag=_TAGS, huge_tree=True,
                                  resolve_entities=False, no_network=True, remove_comments=True)
        site = SiteInfo()
        xml_lang = None
        best: RevisionInfo | None = None
        seen_root = False
        try:
            for event, elem in context:
                name = local(elem.tag)
                if event == "start":
                    if name == "mediawiki" and not seen_root:
                        seen_root = True
                        refuse_entities(elem, self.path)
                        xml_lang = elem.get("{http://www.w3.org/XML/1998/namespace}lang")
                        site.lang = xml_lang
                    continue
                if name == "revision":
                    best = newer(best, revision_info(elem))
                    elem.clear()
                elif name == "page":
                    doc = page_document(elem, best, site, self.path, self.namespaces, self.skip_redirects)
                    best = None
                    elem.clear()
                    parent = elem.getparent()
                    if parent is not None:
                        while elem.getprevious() is not None:
                            del parent[0]
                    yield doc
                elif name == "siteinfo":
                    site = parse_siteinfo(elem, xml_lang)
                    elem.clear()
        except (EOFError, OSError, zlib.error, etree.XMLSyntaxError) as exc:
            raise read_error(self.path, exc) from None
        if not seen_root:
            raise InputError("not a MediaWiki XML export (no <mediawiki> root)", file=self.path)


def looks_like_dump(path: str) -> bool:
    """Whether a (possibly compressed) file starts like a MediaWiki export."""
    try:
        raw, stream = open_compressed(path)
    except InputError:
        return False
    try:
        head = stream.read(2048)
    except (OSError, EOFError, zlib.error):
        return False
    finally:
        stream.close()
        raw.close()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    return b"<mediawiki" in head


def siteinfo_from_bytes(data: bytes, file: str) -> SiteInfo:
    """The site info of a dump's header (an unclosed ``<mediawiki><siteinfo>...`` prefix)."""
    parser = etree.XMLPullParser(events=("start", "end"), huge_tree=True, resolve_entities=False,
                                 no_network=True)
    xml_lang = None
    try:
        parser.feed(data)
        for event, elem in parser.read_events():
            name = local(elem.tag)
            if event == "start" and name == "mediawiki":
                refuse_entities(elem, file)
                xml_lang = elem.get("{http://www.w3.org/XML/1998/namespace}lang")
            elif event == "end" and name == "siteinfo":
                return parse_siteinfo(elem, xml_lang)
    except etree.XMLSyntaxError as exc:
        raise read_error(file, exc) from None
    return SiteInfo(lang=xml_lang)


__all__ = ["XmlDumpSource", "page_document", "revision_info", "newer", "siteinfo_from_bytes",
           "looks_like_dump", "sniff", "open_compressed", "read_error", "unsupported",
           "refuse_entities"]
