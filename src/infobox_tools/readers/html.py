"""Reader for rendered article HTML: classic skin pages, Parsoid and Enterprise HTML.

One parse per page with :mod:`lxml.html`, through a parser made once with
``no_network=True`` and comments removed: the input may be hostile, so nothing is
fetched and no external entity is resolved (the HTML parser knows only HTML's own
named entities).  The infoboxes come from :mod:`.htmlinfobox`, the prose from
:mod:`.htmlprose`; this module reads the page's metadata (title, language, URL,
page id, revision, categories) and assembles the raw :class:`Record`.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from infobox_tools.errors import ParseError
from infobox_tools.readers.htmlinfobox import find_roots, read_infoboxes
from infobox_tools.readers.htmlprose import read_prose
from infobox_tools.readers.htmltext import norm_ws, plain_text, wiki_target
from infobox_tools.record import Record, Source

_LOCAL = threading.local()  # one parser pair per thread (a parser's error log is per parse)


def _parsers() -> tuple[lxml.html.HTMLParser, lxml.html.HTMLParser]:
    """(normal, huge_tree) parsers of this thread, made once: no network, no comments."""
    pair = getattr(_LOCAL, "parsers", None)
    if pair is None:
        opts = {"no_network": True, "remove_comments": True, "remove_pis": True, "recover": True,
                "default_doctype": False}
        pair = (lxml.html.HTMLParser(huge_tree=False, **opts), lxml.html.HTMLParser(huge_tree=True, **opts))
        _LOCAL.parsers = pair
    return pair


_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_NUL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TITLE_SUFFIX_RE = re.compile(r"\s+[-\u2013\u2014]\s+(?:Wikipedia|Wikipédia|Wikipedija|Wikipédia, a enciclopédia "
                              r"livre|Wikipédia, l'encyclopédie libre|Wikiversity|Wiki[a-z]+)\b.*$", re.IGNORECASE)
_REVISION_RE = re.compile(r"/revision/(\d+)")
_CONFIG_RE = {
    "revision": re.compile(r'"wgRevisionId"\s*:\s*(\d+)'),
    "page_id": re.compile(r'"wgArticleId"\s*:\s*(\d+)'),
    "namespace": re.compile(r'"wgNamespaceNumber"\s*:\s*(-?\d+)'),
}
_WIKI_HOST_RE = re.compile(r"^(?:www\.)?([a-z][a-z0-9\-]*)\.(?:m\.)?(wikipedia|wikiversity|wiktionary|wikibooks|"
                           r"wikinews|wikiquote|wikisource|wikivoyage)\.org$")

_CONTENT = etree.XPath("//*[@id='mw-content-text']//div[contains(concat(' ', normalize-space(@class), ' '),"
                       " ' mw-parser-output ')][1]")
_BODY = etree.XPath("//body")
_FIRST_HEADING = etree.XPath("//h1[@id='firstHeading']")
_TITLE = etree.XPath("//head/title|//title")
_META = etree.XPath("//meta[@property]")
_LINK = etree.XPath("//link[@rel][@href]")
_CATLINKS = etree.XPath("//*[@id='mw-normal-catlinks']//li/a")


def _limited(parser: lxml.html.HTMLParser) -> bool:
    """True if the last parse hit libxml2's depth/size limit (content was cut)."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _parse(text: str, warnings: list[str]) -> etree._Element:
    """Parse once (twice only for documents nested deeper than 256 levels).

    One-line :class:`ParseError` when there is nothing to read.
    """
    if not text or not text.strip():
        raise ParseError("empty HTML input")
    text = _NUL_RE.sub("", _XML_DECL_RE.sub("", text, count=1))
    normal, huge = _parsers()
    try:
        doc = lxml.html.document_fromstring(text, parser=normal)
        if _limited(normal):
            doc = lxml.html.document_fromstring(text, parser=huge)
            warnings.append("HTML nested deeper than 256 levels: parsed with huge_tree"
                            + (", content beyond the limit dropped" if _limited(huge) else ""))
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"cannot parse HTML: {exc}") from None
    if doc is None:
        raise ParseError("cannot parse HTML: no document")
    return doc


def _site(host: str) -> str | None:
    """``en.wikipedia.org`` -> ``enwiki``; ``en.wikiversity.org`` -> ``enwikiversity``."""
    m = _WIKI_HOST_RE.match(host)
    if not m:
        return None
    lang, project = m.groups()
    return f"{lang.replace('-', '_')}{'wiki' if project == 'wikipedia' else project}"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _metadata(doc: etree._Element, text: str, source: Source) -> tuple[str | None, dict[str, str]]:
    """Fill ``source`` (only what is unset) and return (page title, page properties)."""
    props: dict[str, str] = {}
    for meta in _META(doc):
        props.setdefault(meta.get("property", ""), meta.get("content", "") or "")
    links: dict[str, str] = {}
    for link in _LINK(doc):
        for rel in (link.get("rel") or "").split():
            links.setdefault(rel, link.get("href") or "")
    body = _BODY(doc)
    lang = doc.get("lang") or (body[0].get("lang") if body else None)
    if not lang:
        for meta in doc.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language":
                lang = meta.get("content")
                break
    if lang and not source.lang:
        source.lang = lang.strip() or None
    url = links.get("canonical") or links.get("dc:isVersionOf")
    if url and url.startswith("//"):
        url = "https:" + url
    if url and not source.url:
        source.url = url
    if source.url and not source.site:
        source.site = _site(urlsplit(source.url).netloc.lower())
    if source.page_id is None:
        source.page_id = _int(props.get("mw:pageId"))
    if source.namespace is None:
        source.namespace = _int(props.get("mw:pageNamespace"))
    if source.revision is None:
        m = _REVISION_RE.search(doc.get("about") or "")
        source.revision = int(m.group(1)) if m else None
    if source.timestamp is None and props.get("dc:modified"):
        source.timestamp = props["dc:modified"]
    head = text[:300_000]
    for attr, rx in _CONFIG_RE.items():
        if getattr(source, attr) is None:
            m = rx.search(head)
            if m:
                setattr(source, attr, int(m.group(1)))
    title = None
    h1 = _FIRST_HEADING(doc)
    if h1:
        title = plain_text(h1[0]) or None
    if not title:
        for el in _TITLE(doc):
            title = _TITLE_SUFFIX_RE.sub("", norm_ws(el.text_content())) or None
            if title:
                break
    if not title and url:
        title = wiki_target(urlsplit(url).path)
    return title, {**props, **{"link:" + k: v for k, v in links.items()}}


def _categories(doc: etree._Element) -> list[str]:
    cats: list[str] = []
    for link in _LINK(doc):
        if link.get("rel") == "mw:PageProp/Category":
            target = wiki_target(link.get("href"))
            if target and ":" in target:
                cats.append(target.split(":", 1)[1])
    if not cats:
        cats = [norm_ws(a.text_content()) for a in _CATLINKS(doc)]
    return list(dict.fromkeys(c for c in cats if c))


def read(text: str, *, title: str | None = None, source: Source | None = None) -> Record:
    """Read one page of rendered HTML (a whole document or a fragment) into a raw record."""
    source = source or Source()
    source.form = "html"
    warnings: list[str] = []
    doc = _parse(text, warnings)
    page_title, props = _metadata(doc, text, source)
    record = Record(title=title or page_title or "", source=source, warnings=warnings)
    record.categories = _categories(doc)
    redirect = props.get("link:mw:PageProp/redirect")
    if redirect:
        record.redirect = wiki_target(redirect) or unquote(redirect)
    record.disambiguation = "mw:PageProp/disambiguation" in props
    try:
        record.infoboxes = read_infoboxes(doc)
    except (ValueError, TypeError, RecursionError) as exc:  # keep the prose of a page whose box breaks
        record.warnings.append(f"infobox not read: {type(exc).__name__}: {exc}")
    found = _CONTENT(doc)
    content = found[0] if found else (_BODY(doc) or [doc])[0]
    abouts = frozenset(a for a in (r.get("about") for r in find_roots(doc)) if a)
    record.sections, record.tables, truncated = read_prose(content, abouts)
    if truncated:
        record.warnings.append("some prose not read: HTML nested too deeply")
    if not record.title:
        record.warnings.append("no title in the HTML (no <title>, h1#firstHeading or canonical link)")
    return record
