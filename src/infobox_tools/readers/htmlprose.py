"""Prose of rendered HTML: sections, paragraphs and list items.

Works on both Parsoid HTML (nested ``<section>`` elements, each with its heading) and
classic skin HTML (flat ``h2``/``h3`` in ``div.mw-parser-output``, headings possibly
wrapped in ``div.mw-heading``): one walk in document order opens a new
:class:`~infobox_tools.record.Section` at every ``h2``..``h6`` and adds paragraphs
(``p``) and list items (``li``, ``dd``) to the current one.  Everything that is not
running text is dropped: infoboxes, navboxes, hatnotes, reference lists, figures,
coordinates, edit links, metadata boxes; tables are counted in ``Record.tables``.
"""

from __future__ import annotations

from lxml import etree

from infobox_tools.readers.htmltext import (
    Walker,
    classes,
    is_hidden,
    is_root,
    norm_ws,
)
from infobox_tools.record import Block, Section

_HEADINGS = {"h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Containers whose whole content is not prose.
_SKIP_CLASSES = frozenset({
    "navbox", "navbox-styles", "vertical-navbox", "hatnote", "dablink", "rellink", "reflist",
    "references", "mw-references-wrap", "refbegin", "metadata", "noprint", "mw-empty-elt",
    "coordinates", "mw-editsection", "shortdescription", "ambox", "mbox-small", "sistersitebox",
    "side-box", "portal", "portalbox", "toc", "toclimit-2", "toclimit-3", "catlinks", "mw-jump-link",
    "printfooter", "thumb", "tmulti", "gallery", "mw-gallery-traditional", "navigation-not-searchable",
    "authority-control", "mw-authority-control", "infobox-subbox", "reference", "mw-ref", "sortkey",
    "mw-indicators", "mw-cite-backlink", "stub", "asbox", "nomobile", "box-Unreferenced",
})
_SKIP_IDS = frozenset({"coordinates", "toc", "sous_titre_h1", "catlinks", "siteSub", "contentSub", "jump-to-nav",
                       "References", "references"})
_SKIP_TAGS = frozenset({"style", "script", "noscript", "figure", "link", "meta", "math", "img",
                        "audio", "video", "map", "head", "template", "input", "button"})
_CONTAINER_TAGS = frozenset({"div", "section", "blockquote", "center", "main", "article", "body",
                             "span", "font", "dl", "ul", "ol", "small", "aside"})
_LIST_TAGS = ("ul", "ol", "dl")


class ProseReader:
    """Collects sections from a content root; ``tables`` counts the tables dropped."""

    def __init__(self, skip_about: frozenset[str] = frozenset()) -> None:
        self.sections: list[Section] = [Section(heading=None, level=0)]
        self.tables = 0
        self.skip_about = skip_about  # Parsoid ``about`` ids of infobox transclusions
        self.truncated = False  # some content nested too deeply to walk was left out

    def _block(self, kind: str, text: str) -> None:
        if text:
            self.sections[-1].blocks.append(Block(kind=kind, text=text))

    def heading(self, el: etree._Element, level: int) -> None:
        w = Walker()
        w.walk(el)
        text = " ".join(s.text for s in w.finish() if s.text)
        if text:
            self.sections.append(Section(heading=text, level=level))

    def paragraph(self, el: etree._Element, kind: str = "paragraph") -> None:
        """One block from ``el``'s text; nested lists inside it become items of their own."""
        w = Walker(skip=_SKIP_CLASSES)
        nested: list[etree._Element] = []
        _walk_inline(w, el, nested)
        text = norm_ws(" ".join(s.text for s in w.finish() if s.text))
        self._block(kind, text)
        for lst in nested:
            self.visit(lst)

    def visit(self, el: etree._Element) -> None:
        """Walk the children of ``el``."""
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_TAGS:
                continue
            cls = classes(child)
            if cls & _SKIP_CLASSES or child.get("id") in _SKIP_IDS or is_hidden(child):
                continue
            if self.skip_about and child.get("about") in self.skip_about:
                continue  # another element of an infobox's transclusion
            if tag == "ol" and "references" in cls:
                continue
            if tag in _HEADINGS:
                self.heading(child, _HEADINGS[tag])
            elif tag == "table":
                if not is_root(child):
                    self.tables += 1
            elif is_root(child):
                continue
            try:
                if tag == "p":
                    self.paragraph(child)
                elif tag in ("li", "dd", "dt"):
                    self.paragraph(child, "item")
                elif tag in _CONTAINER_TAGS:
                    self.visit(child)
            except RecursionError:  # hostile nesting: keep what was read, note the loss
                self.truncated = True

    def finish(self) -> list[Section]:
        """Sections with content; an empty section is kept only as the parent of the next."""
        out: list[Section] = []
        secs = self.sections
        for i, sec in enumerate(secs):
            if i == 0 or sec.blocks or (i + 1 < len(secs) and secs[i + 1].level > sec.level):
                out.append(sec)
        return out


def _walk_inline(w: Walker, el: etree._Element, nested: list[etree._Element]) -> None:
    """Walk ``el`` like :meth:`Walker.walk`, but set nested lists aside for later."""
    if el.text:
        w.cur.parts.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            if tag in _LIST_TAGS:
                nested.append(child)
            elif tag in ("p", "div"):
                _walk_inline(w, child, nested)
                w.cur.parts.append(" ")
            else:
                w.element(child, tag)
        if child.tail:
            w.cur.parts.append(child.tail)


def read_prose(content: etree._Element, skip_about: frozenset[str] = frozenset()
               ) -> tuple[list[Section], int, bool]:
    """(sections, number of tables dropped, truncated) of a page's content element.

    ``skip_about``: Parsoid ``about`` ids whose elements belong to an infobox (a
    transclusion spans several sibling elements sharing one ``about``).  ``truncated``
    says that content nested too deeply to walk was left out.
    """
    reader = ProseReader(skip_about)
    reader.visit(content)
    return reader.finish(), reader.tables, reader.truncated
