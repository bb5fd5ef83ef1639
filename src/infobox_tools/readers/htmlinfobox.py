"""Infoboxes of rendered HTML (classic skin, Parsoid, Enterprise HTML).

An infobox is a ``table`` or ``div`` whose class says so (``infobox``, ``infobox_v2``,
``infobox_v3``, ``taxobox``, ``biota``).  Its rows become fields the same way the pipe
text reader reads a pipe table, so that both feed the same normaliser:

* the first header row (``caption``, ``.infobox-above``, a leading ``th colspan``,
  frwiki's ``div.entete``) is the infobox title;
* later one-cell ``th`` rows are section headings (``Field.section`` of what follows);
* ``th`` + ``td`` rows are label/data fields (taxoboxes use ``td`` "Kingdom:" + ``td``);
* rows of several ``td`` cells without a label carry one value per side: the section
  heading above them is their label and each cell is a field with ``side`` 1..N;
* other full-width rows are fields with ``label=None`` and ``key=""``, images rows
  fields with key ``image``;
* an infobox nested in another becomes its own :class:`Infobox` with ``parent``.

Parsoid keeps the template call in ``data-mw``; where it is there it gives the
template name and, where a row can be matched to a parameter, ``Field.param``
(see :mod:`.htmldatamw`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from infobox_tools.readers.htmldatamw import match_params, template_call
from infobox_tools.readers.htmltext import (
    DROP_CLASSES,
    DROP_TAGS,
    Segment,
    classes,
    is_hidden,
    is_root,
    plain_text,
    segments,
)
from infobox_tools.record import Field, Infobox, Value

_FIND_ROOTS = etree.XPath(
    "//*[self::table or self::div][contains(@class,'infobox') or contains(@class,'taxobox') "
    "or contains(@class,'biota')]"
)
_HAS_ENTETE = etree.XPath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' entete ')]")
_CELL_TAGS = ("th", "td")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TITLE_CLASSES = frozenset({"infobox-above", "infobox-title", "entete", "fn", "summary"})
_HEADER_CLASSES = frozenset({"infobox-header", "bloc"})  # not infobox-subheader: "Part of ..." is data
_SLUG_RE = re.compile(r"[\W_]+", re.UNICODE)
_BULLET_RE = re.compile(r"^[•·∙]\s*")  # a literal bullet before a list item ("• Michael")
_LABEL_END_RE = re.compile(r"\s*:\s*$")
_BLOCK_CLASSES = _TITLE_CLASSES | _HEADER_CLASSES | {"images", "legend"}
_INFOBOX_PREFIX_RE = re.compile(r"^infobox[\s_]+", re.IGNORECASE)
MAX_LABEL_CHARS = 60
_CLASS_TYPES = {"biota": "taxobox", "taxobox": "taxobox", "taxobox_v3": "taxobox"}


def slug(label: str | None) -> str:
    """Provisional key of a displayed label: lower case, runs of non-word characters -> ``_``."""
    if not label:
        return ""
    return _SLUG_RE.sub("_", label.casefold()).strip("_")


def find_roots(doc: etree._Element) -> list[etree._Element]:
    """Infobox elements in document order (nested ones included)."""
    return [el for el in _FIND_ROOTS(doc) if is_root(el)]


# -- values ---------------------------------------------------------------------------

def _link_for(seg: Segment, text: str) -> str | None:
    """The link a value points to: the one its text starts with ("Rich Barton (CEO)").

    A link further in ("Lloyd Frink (Executive Chairman)" -> Chairperson) names
    something else than the value, so it is not the value's link.
    """
    for ltext, target in seg.links:
        if text.startswith(ltext) or text.strip("\"'“”«» ").startswith(ltext):
            return target
    return None


def seg_values(segs: list[Segment]) -> list[Value]:
    """One value per segment (plus image values), with hints turned into kinds."""
    values: list[Value] = []
    for seg in segs:
        for img in seg.images:
            values.append(Value(kind="image", text=img))
        text = _BULLET_RE.sub("", seg.text)
        if not text and seg.coords is None:
            continue
        # a date hint types the value only if hidden or if it is most of the value's text
        dates = [d for d in seg.dates if d[3] == 0 or 2 * d[3] >= len(text)]
        starts = [d for d in dates if d[0] in ("dtstart", "bday")]
        ends = [d for d in dates if d[0] in ("dtend", "dday", "deathdate")]
        if starts and ends and seg.coords is None:
            values.append(Value(kind="daterange", text=text, start=starts[0][1], end=ends[0][1],
                                precision=starts[0][2]))
        elif dates and seg.coords is None:
            d = (starts or ends or dates)[0]
            values.append(Value(kind="date", text=text, date=d[1], precision=d[2]))
        elif seg.coords is not None:
            values.append(Value(kind="coordinates", text=text or f"{seg.coords[0]}; {seg.coords[1]}",
                                latitude=seg.coords[0], longitude=seg.coords[1]))
        else:
            values.append(Value(kind="text", text=text, link=_link_for(seg, text)))
    return values


def _field(key: str, segs: list[Segment], **kw: object) -> Field:
    raw = "\n".join(s.text for s in segs if s.text)
    return Field(key=key, raw=raw, values=seg_values(segs), **kw)  # type: ignore[arg-type]


# -- rows -----------------------------------------------------------------------------

def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if isinstance(c.tag, str) and c.tag in _CELL_TAGS and not is_hidden(c)]


def _inner_table(cell: etree._Element) -> etree._Element | None:
    """A layout table filling a full-width cell (``infobox-subbox``, medal tables), else ``None``.

    Its rows are read as rows of the infobox; a nested infobox is read on its own instead.
    """
    # Document order, but never into a nested infobox: its tables are its own (walking into
    # them read its rows twice, and cost quadratic time on infoboxes nested in cells).
    stack = [el for el in reversed(cell) if isinstance(el.tag, str)]
    while stack:
        el = stack.pop()
        if is_root(el):
            return None
        if el.tag == "table":
            if is_hidden(el):
                return None
            return el if el.find(".//tr") is not None else None
        stack.extend(c for c in reversed(el) if isinstance(c.tag, str))
    return None


def _items(root: etree._Element, nested: set[etree._Element]) -> Iterator[etree._Element]:
    """Rows and header-like blocks of an infobox, in order, without nested infoboxes."""
    for el in root:
        if not isinstance(el.tag, str) or el in nested or is_hidden(el):
            continue
        tag = el.tag
        cls = classes(el)
        if tag in DROP_TAGS or cls & DROP_CLASSES:
            continue  # style, navbar ("v t e", "modifier"), noprint footers
        if tag == "tr":
            cells = _cells(el)
            if len(cells) == 1:
                inner = _inner_table(cells[0])
                if inner is not None:
                    yield from _items(inner, nested)
                    continue
            yield el
        elif tag == "caption":
            if "hidden" not in cls:
                yield el
        elif tag in ("table", "tbody", "thead", "tfoot") or (
                tag == "div" and not cls & _BLOCK_CLASSES and el.find(".//tr") is not None):
            yield from _items(el, nested)  # a wrapper (frwiki infobox_v3 puts tables in the div)
        elif tag in ("div", "p") or tag in _HEADING_TAGS:
            yield el


class _Builder:
    """State while reading the rows of one infobox."""

    def __init__(self, box: Infobox) -> None:
        self.box = box
        self.section: str | None = None
        self.started = False  # a field or section was seen (a header row now is a section)

    def add(self, f: Field) -> None:
        if f.values or f.raw:
            f.section = self.section
            self.box.fields.append(f)
            self.started = True

    def header(self, el: etree._Element, force_title: bool = False) -> None:
        """A header row: the infobox title if it comes first, else a section heading.

        The title is the header's first line: later lines are native names or
        subtitles ("People's Republic of China" / "中华人民共和国").
        """
        texts = [s.text for s in segments(el) if s.text]
        if not texts:
            return
        if self.box.title is None and (force_title or not self.started):
            self.box.title = texts[0]
        else:
            text = " ".join(texts)
            self.section = text
            self.started = True

    def row(self, tr: etree._Element) -> None:
        cells = _cells(tr)
        if not cells:
            return
        first = cells[0]
        fcls = classes(first)
        if len(cells) == 1:
            if self.box.title is None and (_HAS_ENTETE(first)  # frwiki infobox_v2 title cell
                                           or ("infobox-subheader" in fcls and not self.started)):
                self.header(first, force_title=True)  # a subheader is the title only if first
                return
            segs = segments(first)
            has_image = any(s.images for s in segs)
            text = " ".join(s.text for s in segs if s.text)
            if (first.tag == "th" or fcls & (_TITLE_CLASSES | _HEADER_CLASSES)) and (text or not has_image):
                self.header(first, force_title=bool(fcls & _TITLE_CLASSES) and self.box.title is None)
                return
            key = "image" if has_image else ""
            self.add(_field(key, segs, label=None))
            return
        if all(c.tag == "th" for c in cells) and not any(c.get("scope") == "row" for c in cells[1:]):
            # a row of column headings ("Event | 1st | 2nd | 3rd"): one value per heading
            segs = [s for c in cells for s in segments(c)]
            self.add(_field("", segs, label=None))
            return
        first_text = plain_text(first)
        # a label: a th, a td marked as label, or (taxoboxes) a short td ending in a colon
        if first.tag == "th" or "infobox-label" in fcls or first.get("scope") == "row" or (
                len(cells) == 2 and len(first_text) < MAX_LABEL_CHARS and _LABEL_END_RE.search(first_text)):
            label = _LABEL_END_RE.sub("", first_text) or None
            data = cells[1:]
            key = slug(label)
            if len(data) == 1:
                self.add(_field(key, segments(data[0]), label=label))
            else:
                for side, cell in enumerate(data, 1):
                    self.add(_field(key, segments(cell), label=label, side=side))
            return
        # several data cells, no label: one field per side, labelled by the section above
        label = self.section
        for side, cell in enumerate(cells, 1):
            segs = segments(cell)
            key = slug(label) or ("image" if any(s.images for s in segs) else "")
            self.add(_field(key, segs, label=label, side=side))

    def block(self, el: etree._Element) -> None:
        """A div/p/h* item of a div-based infobox (frwiki ``infobox_v3``)."""
        cls = classes(el)
        if cls & _TITLE_CLASSES or el.tag in _HEADING_TAGS:
            self.header(el, force_title="entete" in cls)
        elif cls & _HEADER_CLASSES or el.tag == "caption":
            self.header(el)
        else:
            segs = segments(el)
            if segs:
                key = "image" if any(s.images for s in segs) else ""
                self.add(_field(key, segs, label=None))


def _class_type(root: etree._Element) -> str | None:
    for c in classes(root):
        if c in _CLASS_TYPES:
            return _CLASS_TYPES[c]
        if c.startswith("ib-") and len(c) > 3:
            return c[3:].replace("-", " ")
    return None


# -- entry point ----------------------------------------------------------------------

def read_infoboxes(doc: etree._Element) -> list[Infobox]:
    """All infoboxes of a parsed page, outer ones before the ones nested in them."""
    roots = find_roots(doc)
    root_set = set(roots)
    boxes: list[Infobox] = []
    index: dict[etree._Element, int] = {}
    for root in roots:
        parent = None
        for anc in root.iterancestors():
            if anc in root_set:
                parent = anc
                break
        if parent is not None and parent not in index:
            parent = None  # its outer box had nothing in it: this one stands alone
        box = Infobox(parent=index[parent] if parent is not None else None)
        call = template_call(root)
        if call:
            box.template = call[0]
            box.type = _INFOBOX_PREFIX_RE.sub("", call[0]).strip().casefold() or None
            box.type_source = "data-mw"
        else:
            box.type = _class_type(root)
            box.type_source = "class" if box.type else None
        b = _Builder(box)
        try:
            # _items walks only below ``root``, so every other root it meets is nested in it:
            # the whole set serves (a per-root set was quadratic in nested infoboxes)
            for item in _items(root, root_set):
                if item.tag == "tr":
                    b.row(item)
                else:
                    b.block(item)
        except RecursionError:  # hostile nesting: keep the rows read so far
            box.warnings.append("infobox nested too deeply: rows after the deep one not read")
        if call:
            match_params(box, call[1])
        if not box.fields and box.title is None:
            continue
        index[root] = len(boxes)
        boxes.append(box)
    return boxes
