"""Inline templates rendered to what a reader sees, and infobox values cleaned into items.

This is the public face of template rendering; the work is split by layer:

* :mod:`~infobox_tools.readers.wikiwalk` -- the node walker (item splitting at
  ``<br>``, bullets and list templates; links, images, external addresses);
* :mod:`~infobox_tools.readers.wikidates` -- dates, numbers and quantities as
  templates write them, and their renderers;
* :mod:`~infobox_tools.readers.wikirenderers` -- the renderer table and
  :func:`render_inline`.

Two entry points, both importable from here:

* :func:`render_inline` renders one template node (``{{convert|31.2|km2}}`` ->
  "31.2 km2") and says what typed values it carries (a date, a quantity,
  coordinates).  The prose reader calls it for every template in running text.
* :func:`clean_value` (defined here) turns one infobox parameter value
  (wikicode) into items: it splits on ``<br>``, bullet lines and the list
  templates *before* any stripping, so that "A<br>B" never becomes "AB", drops
  references, footnotes, maintenance tags, comments and images, and keeps link
  targets and external addresses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import mwparserfromhell
from mwparserfromhell.nodes import Node, Template
from mwparserfromhell.parser.builder import Builder
from mwparserfromhell.wikicode import Wikicode

from infobox_tools.readers.wikidates import (
    MONTH_NAMES,
    MONTHS,
    Date,
    parse_date_text,
    to_number,
)
from infobox_tools.readers.wikiplain import PlainTemplate, plain_template, tokenize
from infobox_tools.readers.wikirenderers import (
    PREFIX_RENDERERS,
    RENDERERS,
    SUFFIX_RENDERERS,
    family_renderer,
    render_code,
    render_inline,
    render_unknown,
)
from infobox_tools.readers.wikiwalk import (
    LIST_TEMPLATES,
    Item,
    Link,
    Piece,
    Rendered,
    Renderer,
    Walker,
    collapse,
    fold_name,
    list_items,
)
from infobox_tools.record import Value

__all__ = [
    "LIST_TEMPLATES", "MONTHS", "MONTH_NAMES", "PREFIX_RENDERERS", "RENDERERS", "SUFFIX_RENDERERS", "Date", "Link",
    "Piece", "Rendered", "Renderer", "clean_nodes", "clean_text", "clean_value", "collapse", "family_renderer",
    "fold_name", "list_items", "parse_date_text", "parse_one", "render_code", "render_inline", "render_plain_unknown",
    "render_unknown", "to_number",
]

_IMAGE_NAME_RE = re.compile(r"[^|\[\]{}]+\.(?:jpe?g|png|svg|gif|tiff?|webp|xcf)\b", re.IGNORECASE)


def clean_value(wikicode: Wikicode | str, *, images: bool = False,
                skip: Callable[[Template], bool] | None = None) -> tuple[list[Value], list[str]]:
    """One parameter value -> its items as values, and warnings.

    ``images`` keeps image files as ``Value(kind="image")`` (for image fields);
    otherwise ``[[File:…]]`` is dropped.  ``skip`` says which templates are not part
    of the value (a nested infobox, read as its own infobox).
    """
    if isinstance(wikicode, str):
        wikicode = mwparserfromhell.parse(wikicode)
    return clean_nodes(wikicode.nodes, images=images, skip=skip)


def clean_nodes(nodes: Sequence[Piece], *, images: bool = False,
                skip: Callable[[Template], bool] | None = None) -> tuple[list[Value], list[str]]:
    """:func:`clean_value` of a value's nodes, where plain text may come as ``str`` and plain links
    as :class:`Link` (the infobox reader builds no node for them)."""
    w = Walker(True, render_inline, skip)
    w.walk_nodes(nodes)
    values: list[Value] = []
    for item in w.items:
        values.extend(_item_values(item, images))
    return values, list(dict.fromkeys(w.warnings))


def clean_text(text: str, *, images: bool = False) -> tuple[list[Value], list[str]]:
    """:func:`clean_value` of a value that is one text node (no markup the tokenizer knows),
    without building the node: the walker's own text path, so the items are the same."""
    return clean_nodes([text], images=images)


def parse_one(span: str) -> Node | PlainTemplate | None:
    """The node ``mwparserfromhell.parse(span)`` makes of ``span`` when it makes one (else ``None``),
    but a plain template call (:mod:`~infobox_tools.readers.wikiplain`) without its tree: how
    the prose reader hands a template span to :func:`render_inline` on a cache miss.  The
    tokens are the parser's own (same tokenizer, same options), so only the building differs."""
    toks = tokenize(span, False)
    plain = plain_template(toks) if toks else None
    if plain is not None and plain[1] == len(toks) - 1:
        return plain[0]
    code: Wikicode = Builder().build(toks)  # type: ignore[no-untyped-call]
    return code.nodes[0] if len(code.nodes) == 1 else None


_PLAIN_SPAN_RE = re.compile(r"[{}\[\]<>=&'\n\x01\ue000-\ue00f:#]")  # any markup: leave it to the parser


def render_plain_unknown(span: str) -> tuple[str, tuple[str, ...]] | None:
    """``{{Name}}`` / ``{{Name|plain text}}`` of a name no renderer knows: (text, warnings), the
    same as :func:`render_inline` on its parsed node gives, without building a mwparserfromhell
    tree (the commonest cache miss of the prose reader: one-off templates with one plain
    argument).  ``None`` when the span has any markup, more than one argument or a known name."""
    inner = span[2:-2]
    if _PLAIN_SPAN_RE.search(inner):
        return None
    name, bar, arg = inner.partition("|")
    if "|" in arg:
        return None
    key = fold_name(name)
    if not key or key in RENDERERS or family_renderer(key) is not None:
        return None
    return (collapse(arg) if bar else ""), (f"unknown template: {collapse(name)}",)


_DASH_RE = re.compile(r"\s[–—-]\s|[–—]|\bto\b|\buntil\b")


def _item_values(item: Item, images: bool) -> list[Value]:
    """The values of one item: a typed value when a template gave one, else text."""
    text = item.text.strip(" ,;")
    if not images and not item.values and not item.links and not item.urls:  # bare text (most items)
        return [Value(kind="text", text=text)] if text else []  # what the steps below make of it
    out: list[Value] = []
    if images:
        names = list(item.images)
        if not names and text and not item.links:
            names = [m.group(0).strip() for m in _IMAGE_NAME_RE.finditer(text)][:1]
            if names and collapse(text) == names[0]:
                text = ""
        out.extend(Value(kind="image", text=n) for n in names)
        if names and not text:
            return out
    if not text and not item.values:
        return out
    typed = [v for v in item.values if v.kind != "text" or v.link]
    dates = [v for v in typed if v.kind == "date"]
    if len(typed) == 1:
        v = typed[0]
        if text and v.kind != "url":
            v.text = text
        out.append(v)
        return out
    if len(dates) == 2 and len(typed) == 2 and _DASH_RE.search(text):
        out.append(Value(kind="daterange", text=text, start=dates[0].date, end=dates[1].date,
                         precision=dates[0].precision))
        return out
    value = Value(kind="text", text=text, parts=typed)
    links = item.links
    if links and links[0][0] and text.startswith(links[0][0]):
        value.link = links[0][1]
        links = links[1:]
    value.parts.extend(Value(kind="text", text=shown, link=target) for shown, target in links)
    urls = item.urls
    if not item.links and len(urls) == 1 and text == (urls[0][0] or urls[0][1]):
        # the item is one external link: a web address; a label stays the text
        value.kind = "url"
        value.url = urls[0][1]
    else:
        value.parts.extend(Value(kind="url", text=label or url, url=url) for label, url in urls)
    out.append(value)
    return out

