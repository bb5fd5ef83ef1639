"""Shared pieces of the TEI writer: namespace, element helpers and the per-document context.

The context carries what one TEI document accumulates while it is built: the
``xml:id`` prefix (unique ids when many records share a ``teiCorpus``), the entities
collected for ``standOff``, the count of characters XML 1.0 cannot carry, and whether
a Julian calendar declaration is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_WORD = re.compile(r"[^\w.\-]+")
_WIKI_URL = re.compile(r"^(https?://[^/]+)/wiki/")
_SITE = re.compile(
    r"^([a-z][a-z\-]*?)(wiki|wiktionary|wikiquote|wikisource|wikibooks|wikinews|wikiversity|wikivoyage)$")
_URL_SAFE = ":/?#@!$&'()*+,;=%~"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^:]")

ENTITY_TAGS = {"person": "persName", "organisation": "orgName", "place": "placeName", "event": "eventName"}
ENTITY_LISTS = {  # standOff list element, entry element, in this order
    "person": ("listPerson", "person"),
    "organisation": ("listOrg", "org"),
    "place": ("listPlace", "place"),
    "event": ("listEvent", "event"),
}


def t(tag: str) -> str:
    """Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{tag}"


def token(text: str) -> str:
    """A TEI ``teidata.enumerated`` token (no spaces): ``"at least"`` -> ``"at-least"``."""
    return _NOT_WORD.sub("-", text.strip()).strip("-") or "other"


def uri(text: str) -> str:
    """Percent-encode what an ``anyURI`` may not contain (spaces, quotes, brackets,
    controls, a second ``#``, a ``%`` that starts no escape)."""
    text = _STRAY_PERCENT.sub("%25", text.strip())
    safe = _URL_SAFE if _SCHEME.match(text) else _URL_SAFE.replace(":", "")  # "a:b" needs a scheme
    base, hash_, fragment = text.partition("#")
    out = quote(base, safe=safe)
    return out + "#" + quote(fragment, safe=safe.replace("#", "")) if hash_ else out


def wiki_base(url: str | None, site: str | None) -> str | None:
    """``https://en.wikipedia.org/wiki/`` from a page URL or a dump site id, else ``None``."""
    if url:
        m = _WIKI_URL.match(url)
        if m:
            return m.group(1) + "/wiki/"
    if site:
        m = _SITE.match(site)
        if m:
            lang, project = m.group(1), m.group(2)
            project = "wikipedia" if project == "wiki" else project
            return f"https://{lang.replace('_', '-')}.{project}.org/wiki/"
    return None


def host_of(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Entity:
    """One ``standOff`` entry: a person, organisation, place or event named in an infobox."""

    xml_id: str
    entity: str
    name: str
    link: str | None


@dataclass
class Context:
    """What one TEI document accumulates while it is built."""

    prefix: str = ""
    base_url: str | None = None
    replaced: int = 0
    julian: bool = False
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    _next: int = 0

    def clean(self, text: str | None) -> str:
        """``text`` without the characters XML 1.0 forbids (each becomes U+FFFD, counted)."""
        if not text:
            return ""
        if _NOT_XML.search(text) is None:
            return text
        cleaned, n = _NOT_XML.subn("\ufffd", text)
        self.replaced += n
        return cleaned

    def new_id(self, stem: str) -> str:
        self._next += 1
        return f"{self.prefix}{stem}{self._next}"

    def article_url(self, title: str) -> str | None:
        if not self.base_url:
            return None
        return self.base_url + uri(title.replace(" ", "_"))

    def entity_ref(self, entity: str, name: str, link: str | None) -> str:
        """``#id`` of the standOff entry for this entity (created on first use)."""
        key = (entity, link or name)
        found = self.entities.get(key)
        if found is None:
            stem = {"person": "pers", "organisation": "org", "place": "place", "event": "ev"}[entity]
            found = Entity(self.new_id(stem), entity, name, link)
            self.entities[key] = found
        return "#" + found.xml_id


def _fill(el: Any, attrs: dict[str, Any] | None, text: str | None) -> Any:
    """Set the attributes that are not ``None`` and the text (if any) of ``el``."""
    if attrs:
        for name, value in attrs.items():
            if value is not None:
                el.set(name, str(value))
    if text:
        el.text = text
    return el


def sub(parent: Any, tag: str, text: str | None = None, attrs: dict[str, Any] | None = None) -> Any:
    """Append a TEI child element; attributes that are ``None`` are left out."""
    return _fill(etree.SubElement(parent, t(tag)), attrs, text)


def make(tag: str, attrs: dict[str, Any] | None = None, text: str | None = None) -> Any:
    """A free-standing TEI element (attributes that are ``None`` are left out)."""
    return _fill(etree.Element(t(tag), nsmap=NSMAP), attrs, text)


def append_text(parent: Any, text: str) -> None:
    """Append text after the last child of ``parent`` (or as its text when empty)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# Elements that hold only other elements: indenting them cannot change any text.  Mixed
# content (cells, paragraphs, notes, names) is left exactly as built, so the raw text of
# a cell keeps its spacing (lxml's pretty_print would indent a cell holding one element).
_STRUCTURAL = frozenset(t(tag) for tag in (
    "teiCorpus", "TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt",
    "availability", "notesStmt", "sourceDesc", "bibl", "encodingDesc", "editorialDecl", "profileDesc",
    "langUsage", "calendarDesc", "calendar", "textClass", "keywords", "text", "body", "div", "table",
    "row", "list", "standOff", "listPerson", "listOrg", "listPlace", "listEvent", "person", "org",
    "place", "event",
))


def indent(el: Any, level: int = 0) -> None:
    """Indent structural elements by two spaces per level, in place."""
    if el.tag not in _STRUCTURAL or not len(el) or (el.text and el.text.strip()):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level
