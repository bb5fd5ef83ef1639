"""The wikicode walker shared by template rendering and infobox value cleaning.

Why a module of its own: rendering is mutually recursive (a template's arguments
are wikicode that holds more templates), yet the renderer table
(:mod:`~infobox_tools.readers.wikirenderers`) is too large to share a module with
the walker.  So the walker sits at the bottom and is handed the template renderer
as a parameter (``render``) instead of importing it: the modules form a chain
``wikiwalk`` <- ``wikidates`` <- ``wikirenderers`` <- ``wikitemplates`` without a
cycle (under them all, :mod:`~infobox_tools.readers.wikiplain`: the pieces that come
without a mwparserfromhell node, which the walker reads as it reads the nodes).

:class:`Walker` turns nodes into items.  In splitting mode (infobox values) it
starts a new item at ``<br>``, bullet lines and each entry of a list template
(:data:`LIST_TEMPLATES`), *before* any text is stripped, so "A<br>B" never
becomes "AB"; references, comments, categories and images are dropped, link
targets and external addresses are kept beside the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from infobox_tools.readers.wikinames import is_position
from infobox_tools.readers.wikiplain import Break as Break
from infobox_tools.readers.wikiplain import Link as Link
from infobox_tools.readers.wikiplain import PlainCode, PlainTemplate
from infobox_tools.record import Value


@dataclass
class Rendered:
    """A template as rendered: ``text`` is what a reader sees; ``values`` the typed
    values it carries (dates, quantities, coordinates, money, URLs); ``links`` the
    (display text, target) pairs of the links inside it, so that a link wrapped in
    ``{{nowrap}}`` keeps its target."""

    text: str
    values: list[Value] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


#: A template as the renderers take it: mwparserfromhell's node, or a plain call built without it.
TemplateNode = Template | PlainTemplate
Renderer = Callable[[TemplateNode], Rendered]

_SPACE_RE = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_QUOTES_RE = re.compile(r"'{5}|'{3}|'{2}")  # bold/italic markup (style tags are not parsed)
_NAME_FOLD_RE = re.compile(r"[\s_]+")
_BULLET_RE = re.compile(r"\n[ \t]*[*#:;]+[ \t]*")
_LEAD_BULLET_RE = re.compile(r"^[ \t]*[*#]+[ \t]*")
_FILE_PREFIX_RE = re.compile(
    r"^\s*:?\s*(?:file|image|datei|bild|fichier|fil|mynd|lêer|beeld|файл|изображение|archivo|imagen|"
    r"imagem|arquivo|immagine|plik|bestand|kuva|ファイル|画像)\s*:", re.IGNORECASE)
_CATEGORY_PREFIX_RE = re.compile(r"^\s*(?:category|kategorie|kategori|catégorie|categoría|categoria|"
                                 r"kategorija|категория|категорія|kategory|bólkur)\s*:", re.IGNORECASE)

#: Tags whose content is not shown (references) or not part of a value: the walker reads nothing of them.
HIDDEN_TAGS = frozenset({"ref", "references", "gallery", "timeline", "templatestyles", "imagemap", "score",
                         "graph", "maplink", "mapframe", "indicator", "section"})
BREAK_TAGS = frozenset({"br", "p", "li", "hr"})


def fold_name(name: str) -> str:
    """A template name folded for lookup: no ``Template:`` prefix, underscores and
    runs of whitespace as one space, lower case (MediaWiki is first-letter
    insensitive; editors are careless with the rest)."""
    name = _NAME_FOLD_RE.sub(" ", name).strip().lower()
    if name.startswith("template:"):
        name = name[9:].strip()
    return name


def collapse(text: str) -> str:
    """Whitespace runs (including no-break spaces) as one space, stripped."""
    text = text.replace("\n", " ")
    # Most texts have no run and no other space character: skip the regex (a few substring tests).
    if "  " in text or "\t" in text or (not text.isascii() and (
            "\u00a0" in text or "\u2009" in text or "\u202f" in text)):
        text = _SPACE_RE.sub(" ", text)
    return text.strip()


# --------------------------------------------------------------------------- walker

#: What the walker walks: mwparserfromhell nodes, or plain text, plain links, breaks and plain
#: template calls without a node (:mod:`~infobox_tools.readers.wikiplain`).
Piece = Node | str | Link | Break | PlainTemplate


@dataclass
class Item:
    """One item of a value while it is being built."""

    parts: list[str] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return collapse(_unquote("".join(self.parts)))

    def empty(self) -> bool:
        # not self.text, without collapsing: collapse() only maps white space to white space
        return not self.values and not self.images and not _unquote("".join(self.parts)).strip()


def _unquote(text: str) -> str:
    """Bold/italic markup dropped (the regex only when there is an apostrophe at all)."""
    return _QUOTES_RE.sub("", text) if "'" in text else text


class Walker:
    """Walks wikicode nodes into items; ``split`` says whether breaks start a new item,
    ``render`` renders one template (the walker does not know the renderer table)."""

    __slots__ = ("items", "render", "skip", "split", "warnings")

    def __init__(self, split: bool, render: Renderer,
                 skip: Callable[[Template], bool] | None = None) -> None:
        self.items: list[Item] = [Item()]
        self.warnings: list[str] = []
        self.split = split
        self.render = render
        self.skip = skip

    @property
    def cur(self) -> Item:
        return self.items[-1]

    def brk(self) -> None:
        """End the current item (a line break); in non-splitting mode, a space."""
        if self.split:
            if not self.cur.empty():
                self.items.append(Item())
            else:
                self.cur.parts.clear()
        else:
            self.cur.parts.append(" ")

    def text(self, value: str) -> None:
        if not self.split or "\n" not in value:
            self.cur.parts.append(value)
            return
        pos = 0
        for m in _BULLET_RE.finditer(value):
            self.cur.parts.append(value[pos:m.start()])
            self.brk()
            pos = m.end()
        self.cur.parts.append(value[pos:])

    def text_node(self, value: str, first: bool) -> None:
        """A text node; ``first`` when it is the first node of the wikicode walked (a bullet
        leading the value is dropped rather than starting an empty item)."""
        if self.split and first and self.cur.empty():
            value = _LEAD_BULLET_RE.sub("", value, count=1)
        self.text(value)

    def walk(self, code: Wikicode | PlainCode) -> None:
        self.walk_nodes(code.nodes)

    def walk_nodes(self, nodes: Sequence[Piece]) -> None:
        """Nodes of wikicode, where plain text may come as ``str``, a plain link as :class:`Link` and a
        break as :class:`Break` (the infobox reader builds no node for them)."""
        for i, node in enumerate(nodes):
            if isinstance(node, Text):
                self.text_node(str(node.value), i == 0)
            elif isinstance(node, str):
                self.text_node(node, i == 0)
            elif isinstance(node, (Template, PlainTemplate)):
                self.template(node)
            elif isinstance(node, Wikilink):
                self.link(str(node.title), node.text)
            elif isinstance(node, Link):
                self.link(node.title, node.text)
            elif isinstance(node, Break):  # as tag() reads a self-closing tag of BREAK_TAGS
                self.brk()
            elif isinstance(node, Tag):
                self.tag(node)
            elif isinstance(node, ExternalLink):
                url = str(node.url).strip()
                label = collapse(plain(node.title, self.render)) if node.title is not None else ""
                self.cur.parts.append(label or url)
                self.cur.urls.append((label, url))
            elif isinstance(node, HTMLEntity):
                self.cur.parts.append(node.normalize())
            elif isinstance(node, Comment):
                continue
            elif isinstance(node, Argument):
                if node.default is not None:
                    self.walk(node.default)
            elif isinstance(node, Heading):
                self.walk(node.title)
            else:  # pragma: no cover - mwparserfromhell has no other node types
                self.cur.parts.append(str(node))

    def link(self, title: str, text: Wikicode | str | None) -> None:
        """A wikilink: its title as text, its shown text as wikicode or plain text."""
        if "&" in title:  # [[Scottish&nbsp;Gaelic]]
            title = html.unescape(title)
        if _FILE_PREFIX_RE.match(title):
            self.cur.images.append(collapse(title.split(":", 1)[1]).replace("_", " "))
            return
        if _CATEGORY_PREFIX_RE.match(title):
            return
        target = collapse(title.lstrip(": ")).replace("_", " ")
        if text is not None:
            sub = Walker(False, self.render, self.skip)
            if isinstance(text, str):
                sub.text_node(text, True)
            else:
                sub.walk(text)
            shown = sub.cur.text
            self.warnings.extend(sub.warnings)
        else:
            shown = target
        self.cur.parts.append(shown)
        if target and not target.startswith("#"):
            self.cur.links.append((shown, target))

    def tag(self, node: Tag) -> None:
        name = str(node.tag).strip().lower()
        if name in HIDDEN_TAGS:
            return
        if name in BREAK_TAGS:
            self.brk()
            if node.contents is not None and not node.self_closing:
                self.walk(node.contents)
            return
        if name == "nowiki":
            if node.contents is not None:
                self.cur.parts.append(str(node.contents))
            return
        wiki_markup = node.wiki_markup
        if wiki_markup in ("*", "#") and self.split:  # a bullet parsed as a tag
            self.brk()
            return
        if wiki_markup in (":", ";"):
            self.brk()
            return
        if node.contents is not None and not node.self_closing:
            self.walk(node.contents)

    def template(self, node: TemplateNode) -> None:
        # A plain call is never skipped: the infobox reader builds none for an infobox's name.
        if self.skip is not None and isinstance(node, Template) and self.skip(node):
            return
        key = fold_name(str(node.name))
        if self.split and key in LIST_TEMPLATES:
            self.brk()
            for item_code in list_items(node):
                self.walk(item_code)
                self.brk()
            return
        r = self.render(node)
        self.warnings.extend(r.warnings)
        self.cur.parts.append(r.text)
        self.cur.values.extend(r.values)
        self.cur.links.extend(r.links)


def plain(code: Wikicode | str | None, render: Renderer) -> str:
    """Wikicode rendered to text (no item splitting); warnings are dropped."""
    if code is None:
        return ""
    if isinstance(code, str):
        code = mwparserfromhell.parse(code)
    w = Walker(False, render)
    w.walk(code)
    return w.cur.text


def render_code(code: Wikicode | PlainCode, render: Renderer) -> Rendered:
    """Wikicode (an argument, a link's text) rendered as one piece of text."""
    nodes = code.nodes
    if len(nodes) == 1:  # one text (most arguments): what the walker makes of it, without a walker
        node = nodes[0]
        if isinstance(node, Text):
            return Rendered(collapse(_unquote(str(node.value))))
        if type(node) is str:
            return Rendered(collapse(_unquote(node)))
    w = Walker(False, render)
    w.walk(code)
    item = w.cur
    return Rendered(item.text, item.values, w.warnings, item.links)


# ------------------------------------------------------------------- list templates

#: List templates: one item per positional argument, or per bullet line of arg 1.
LIST_TEMPLATES = frozenset({
    "plainlist", "plain list", "flatlist", "flat list", "hlist", "ubl", "ubil", "unbulleted list",
    "unbulleted", "ublist", "bulleted list", "blist", "bulleted", "ordered list", "collapsible list",
    "collapsible list?", "br separated entries", "br list", "endplainlist", "startplainlist", "indented plainlist",
    "ulist", "cslist", "comma separated entries", "enum", "unordered list", "vunblist", "vertical list",
})


def list_items(node: TemplateNode) -> list[Wikicode | PlainCode]:
    """The items of a list template: its positional arguments (for ``{{plainlist}}``
    and ``{{flatlist}}`` the first argument holds ``*`` bullet lines, which the
    walker splits)."""
    return [p.value for p in node.params if not p.showkey or str(p.name).strip().isdecimal()]


def list_text(t: TemplateNode, render: Renderer) -> Rendered:
    """A list template in running text: items joined by commas."""
    texts: list[str] = []
    values: list[Value] = []
    warnings: list[str] = []
    links: list[tuple[str, str]] = []
    for code in list_items(t):
        w = Walker(True, render)
        w.walk(code)
        warnings.extend(w.warnings)
        for item in w.items:
            if item.text:
                texts.append(item.text)
            values.extend(item.values)
            links.extend(item.links)
    return Rendered(", ".join(texts), values, warnings, links)


# ------------------------------------------------------------------- arguments

@dataclass
class Args:
    """A template's arguments rendered: positional (1-based slots, ``1=`` included) and named."""

    pos: list[Rendered]
    named: dict[str, Rendered]

    def p(self, i: int, default: str = "") -> str:
        """Positional argument ``i`` (0-based) as text."""
        return self.pos[i].text if i < len(self.pos) else default

    def n(self, name: str, default: str = "") -> str:
        r = self.named.get(name)
        return r.text if r is not None else default

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self.pos]

    @property
    def warnings(self) -> list[str]:
        out = [w for r in self.pos for w in r.warnings]
        out.extend(w for r in self.named.values() for w in r.warnings)
        return out


def make_args(t: TemplateNode, render: Renderer) -> Args:
    """Every argument of ``t`` rendered (nested templates through ``render``)."""
    slots: dict[int, Rendered] = {}
    named: dict[str, Rendered] = {}
    for param in t.params:
        name = str(param.name).strip()
        if is_position(name):
            slots[int(name)] = render_code(param.value, render)
        else:
            named[name.lower()] = render_code(param.value, render)
    top = max(slots, default=0)
    pos = [slots.get(i, Rendered("")) for i in range(1, top + 1)]
    return Args(pos, named)
