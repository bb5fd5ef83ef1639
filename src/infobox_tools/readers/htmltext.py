"""Text of rendered-HTML elements, split into items, with links and hidden hints.

Shared by the HTML infobox and prose readers.  One recursive walk over an element
gives *segments*: runs of visible text separated by ``br``, list items, paragraphs
and other block elements.  Each segment keeps the wiki links it contains and the
hints that hidden microformat spans give (``.bday``/``.dtstart`` dates, ``.geo``
coordinates, ``data-sort-value`` dates, image file names), so that the infobox
reader can turn a cell into one :class:`~infobox_tools.record.Value` per item
without parsing the text again.

Why a hand-written walk rather than ``text_content()``: references, edit links,
sort keys and ``display:none`` spans must go, ``br``/``li`` must split, and the
hints live exactly in the parts that are not shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

# Classes whose element (and text) is dropped everywhere.
DROP_CLASSES = frozenset({
    "reference", "mw-ref", "mw-editsection", "sortkey", "noprint", "mw-empty-elt",
    "mw-cite-backlink", "reflist", "navbar", "flagicon",
})
DROP_TAGS = frozenset({"style", "script", "noscript", "template", "link", "meta", "head", "math"})
# Elements that end a segment before and after (they are blocks in the rendering).
BLOCK_TAGS = frozenset({
    "p", "div", "li", "dd", "dt", "ul", "ol", "dl", "tr", "table", "caption", "h1", "h2", "h3",
    "h4", "h5", "h6", "blockquote", "center", "section", "figure", "figcaption", "pre", "hr",
})
# Class tokens that mark an infobox; a nested infobox is read on its own, never as cell text.
ROOT_TOKENS = frozenset({"infobox", "infobox_v2", "infobox_v3", "infobox_v4", "taxobox", "taxobox_v3",
                         "biota"})
DATE_CLASSES = ("bday", "dtstart", "dtend", "dday", "deathdate", "updated", "published")

_WS_RE = re.compile(r"[ \t\r\n\f\v\u00a0\u2009\u200a\u202f\u2002\u2003\u200b\ufeff\u200e\u200f]+")
_DISPLAY_NONE_RE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_DISPLAY_INLINE_RE = re.compile(r"display\s*:\s*inline(?!-block)", re.IGNORECASE)
ICON_MAX_PX = 30  # images this small are icons (flags, arrows, medals), not content
_ISO_DATE_RE = re.compile(r"^\s*0*(-?\d{1,4})(?:-(\d\d)(?:-(\d\d))?)?(?:T[\d:]+Z?)?\s*$")
_GEO_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[;,]\s*(-?\d+(?:\.\d+)?)\s*$")
_WIKI_HREF_RE = re.compile(r"^(?:\./|/wiki/|(?:https?:)?//[a-z\-]+\.wikipedia\.org/wiki/)([^?#]+)")
_REDLINK_RE = re.compile(r"^/w/index\.php\?(?:[^#]*&)?title=([^&#]+)&(?:[^#]*&)?redlink=1")
_DISPLAYSTYLE_RE = re.compile(r"^\s*\{\\displaystyle\s*(.*)\}\s*$", re.DOTALL)
_THUMB_PREFIX_RE = re.compile(r"^(?:lang[a-z\-]+-)?\d+px-")  # "220px-Foo.jpg" in a thumbnail URL
_FILE_LINK_CLASSES = frozenset({"mw-file-description", "image", "mw-file-magnify"})
_FILE_PREFIX_RE = re.compile(r"^[^:]{1,30}:")  # File:, Fichier:, Datei:, Ficheiro: ...


def math_text(el: etree._Element) -> str:
    """The TeX of a rendered formula (MathML ``alttext`` or the fallback image's ``alt``),
    without the ``{\\displaystyle ...}`` wrapper: the formula stays in the text, readably."""
    tex = ""
    for sub in el.iter("math", "img"):
        tex = sub.get("alttext") or sub.get("alt") or ""
        if tex:
            break
    m = _DISPLAYSTYLE_RE.match(tex)
    return norm_ws(m.group(1) if m else tex)


def norm_ws(text: str) -> str:
    """Collapse all whitespace (including no-break spaces) to single spaces."""
    return _WS_RE.sub(" ", text).strip()


def classes(el: etree._Element) -> frozenset[str]:
    """The element's class tokens."""
    cls = el.get("class")
    return frozenset(cls.split()) if cls else frozenset()


def is_root(el: etree._Element) -> bool:
    """True if the element's classes mark it as an infobox."""
    cls = classes(el)
    return bool(cls & ROOT_TOKENS) or any(c.startswith("infobox_v") for c in cls)


def is_hidden(el: etree._Element) -> bool:
    """True for ``display:none`` elements (their text is not shown)."""
    style = el.get("style")
    return bool(style and _DISPLAY_NONE_RE.search(style))


def wiki_target(href: str | None) -> str | None:
    """The article title a wiki link points to (``./Title``, ``/wiki/Title``), or ``None``.

    Underscores become spaces and percent-escapes are decoded; a ``#fragment`` is dropped.
    """
    if not href:
        return None
    m = _WIKI_HREF_RE.match(href) or _REDLINK_RE.search(href)
    if not m:
        return None
    title = unquote(m.group(1)).replace("_", " ").strip()
    return title or None


def file_name(target: str | None) -> str | None:
    """``File:Foo bar.jpg`` -> ``Foo bar.jpg`` (any namespace prefix)."""
    if not target:
        return None
    return _FILE_PREFIX_RE.sub("", target, count=1).strip() or None


def iso_date(text: str | None) -> tuple[str, str] | None:
    """An ISO date and its precision from a microformat or sort value, else ``None``."""
    if not text:
        return None
    m = _ISO_DATE_RE.match(text)
    if not m:
        return None
    year, month, day = m.groups()
    y = int(year)
    if not -9999 <= y <= 9999 or y == 0:
        return None
    ys = f"{y:04d}" if y > 0 else f"-{-y:04d}"
    if day:
        return f"{ys}-{month}-{day}", "day"
    if month:
        return f"{ys}-{month}", "month"
    return ys, "year"


@dataclass
class Segment:
    """One item of a cell: its text pieces, links (text, target), and hints."""

    parts: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    # (class, iso, precision, visible chars): visible chars is 0 for a hidden microformat,
    # else the length of the date element's text (a date in a long caption is no date value)
    dates: list[tuple[str, str, str, int]] = field(default_factory=list)
    coords: tuple[float, float] | None = None
    images: list[str] = field(default_factory=list)
    item: bool = False  # came from a list item
    done: str | None = None  # the text, once the segment is closed (computed once)

    @property
    def text(self) -> str:
        if self.done is not None:
            return self.done
        return norm_ws("".join(self.parts))

    def close(self) -> bool:
        """Freeze the text; True if the segment has content worth keeping."""
        self.done = norm_ws("".join(self.parts))
        return bool(self.done or self.images or self.coords is not None)


class Walker:
    """Collects segments from one or more elements; create one per cell/block."""

    __slots__ = ("cur", "segments", "skip")

    def __init__(self, skip: frozenset[str] = frozenset()) -> None:
        self.segments: list[Segment] = []
        self.cur = Segment()
        self.skip = skip  # extra classes to drop (e.g. nested infoboxes are walked apart)

    def brk(self, item: bool = False) -> None:
        cur = self.cur
        if cur.parts or cur.images or cur.coords is not None:
            if cur.close():
                self.segments.append(cur)
            self.cur = Segment(item=item)
        else:
            cur.item = item

    def finish(self) -> list[Segment]:
        self.brk()
        return self.segments

    def hints(self, el: etree._Element) -> None:
        """Harvest hints from a hidden subtree without emitting its text."""
        for sub in el.iter():
            if not isinstance(sub.tag, str):
                continue
            self._hint(sub, classes(sub), hidden=True)

    def _hint(self, el: etree._Element, cls: frozenset[str], hidden: bool = False) -> bool:
        """Record a date/coordinate hint carried by ``el``; True if it was one."""
        if "geo" in cls:
            m = _GEO_RE.match(el.text_content())
            if m:
                self.cur.coords = (float(m.group(1)), float(m.group(2)))
                return True
        lat, lon = el.get("data-lat"), el.get("data-lon")  # Kartographer maplink
        if lat and lon:
            try:
                self.cur.coords = (float(lat), float(lon))
            except ValueError:
                pass
        for c in DATE_CLASSES:
            if c in cls:
                d = iso_date(el.get("datetime") or el.get("title") or el.text_content())
                if d:
                    shown = 0 if hidden else len(norm_ws(el.text_content()))
                    self.cur.dates.append((c, d[0], d[1], shown))
                    return True
        if el.tag == "time" and el.get("datetime"):
            d = iso_date(el.get("datetime"))
            if d:
                shown = 0 if hidden else len(norm_ws(el.text_content()))
                self.cur.dates.append(("time", d[0], d[1], shown))
                return True
        return False

    def walk(self, el: etree._Element) -> None:
        """Walk ``el``'s content (not its tail)."""
        if el.text:
            self.cur.parts.append(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                self.element(child, tag)
            if child.tail:
                self.cur.parts.append(child.tail)

    def element(self, el: etree._Element, tag: str) -> None:
        if tag in DROP_TAGS:
            return
        cls = classes(el)
        if cls & DROP_CLASSES or cls & self.skip:
            return
        if is_hidden(el):
            self.hints(el)
            return
        if (tag == "table" or tag == "div") and cls and is_root(el):
            return  # a nested infobox: read as its own Infobox
        if "mwe-math-element" in cls:
            self.cur.parts.append(math_text(el))
            return
        if tag == "br":
            self.brk()
            return
        if tag == "img":
            self._image(el)
            return
        hinted = self._hint(el, cls)
        if hinted and "geo" in cls:
            return  # the machine-readable "lat; lon" text is not for reading
        if tag == "li" or tag == "dd":
            self.brk(item=True)
            self.walk(el)
            self.brk()
            return
        if tag in BLOCK_TAGS and not _DISPLAY_INLINE_RE.search(el.get("style") or ""):
            self.brk()
            self.walk(el)
            self.brk()
            return
        if tag == "a":
            href = el.get("href") or ""
            if "action=edit" in href and "redlink=1" not in href:
                return  # an edit link ("modifier", "[edit]"); a red link is content
            target = wiki_target(href)
            seg, start = self.cur, len(self.cur.parts)
            self.walk(el)
            if target and not target.lower().startswith(("file:", "image:", "media:")):
                # a link holding a block (rare) ends in a new segment: credit that one
                text = norm_ws("".join(seg.parts[start:] if self.cur is seg else self.cur.parts))
                if text:
                    self.cur.links.append((text, target))
            return
        if el.get("data-sort-value") and tag != "time":
            d = iso_date(el.get("data-sort-value"))
            if d and d[1] != "year":  # a bare number sorts numbers, not years
                self.cur.dates.append(("sort", d[0], d[1], len(norm_ws(el.text_content()))))
        self.walk(el)

    def _image(self, el: etree._Element) -> None:
        width = el.get("width") or ""
        if width.isdecimal() and int(width) <= ICON_MAX_PX:
            return
        name = None
        res = el.get("resource")
        if res:
            name = file_name(wiki_target(res))
        if not name:
            parent = el.getparent()
            if parent is not None and parent.tag == "a" and classes(parent) & _FILE_LINK_CLASSES:
                name = file_name(wiki_target(parent.get("href")))
        if not name:  # from the URL: .../thumb/a/ab/Name.svg/220px-Name.svg.png -> Name.svg
            parts = (el.get("src") or "").split("/")
            tail = parts[-2] if "thumb" in parts and len(parts) > 2 else parts[-1]
            name = unquote(_THUMB_PREFIX_RE.sub("", tail)).replace("_", " ") or None
        if name:
            self.cur.images.append(name)


def segments(*elements: etree._Element, skip: frozenset[str] = frozenset()) -> list[Segment]:
    """The items of one or more elements' content, in order."""
    w = Walker(skip)
    for el in elements:
        w.walk(el)
        w.brk()
    return w.finish()


def plain_text(el: etree._Element) -> str:
    """Visible text of ``el`` on one line (segments joined with spaces)."""
    return " ".join(s.text for s in segments(el) if s.text)
