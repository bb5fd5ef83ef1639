"""TEI P5 output: one ``TEI`` document per record, or a ``teiCorpus`` of many.

The document is valid against ``tei_all`` (checked in the tests): a ``teiHeader``
(:mod:`.tei_header`) that cites the source revision and licence, a body with one
``<div type="infobox">`` per infobox (:mod:`.tei_values`), the prose as nested
``div``/``head``/``p`` with list items as ``list/item``, and a ``standOff`` listing the
people, organisations, places and events named in the infoboxes.

Records that TEI cannot hold as-is are still written validly: a redirect gets a body
saying where it points, an empty record a body with an empty paragraph, and characters
XML 1.0 forbids are replaced by U+FFFD with a warning in the header.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree

from infobox_tools.errors import OutputError
from infobox_tools.record import Record, Section
from infobox_tools.writers._io import Output, open_binary
from infobox_tools.writers.tei_common import (
    NSMAP,
    XML_LANG,
    Context,
    indent,
    make,
    sub,
    t,
    wiki_base,
)
from infobox_tools.writers.tei_header import build_header, language_tag
from infobox_tools.writers.tei_values import infobox_table, standoff

__all__ = ["record_to_tei", "tei_bytes", "write_tei", "write_tei_corpus"]

_DIV_CONTENT = frozenset({t("p"), t("list"), t("div"), t("table")})


def record_to_tei(record: Record, *, converted: str | None = None, id_prefix: str = "") -> Any:
    """The record as a ``<TEI>`` element (an ``lxml.etree._Element``).

    ``converted`` is the conversion date for the header (ISO, default today in UTC);
    ``id_prefix`` makes ``xml:id`` values unique when documents are combined.
    """
    src = record.source
    ctx = Context(prefix=id_prefix, base_url=wiki_base(src.url, src.site))
    root = etree.Element(t("TEI"), nsmap=NSMAP)
    lang = language_tag(src.lang)
    if lang:
        root.set(XML_LANG, lang)

    text = make("text", {"type": "redirect" if record.redirect is not None else
                         "disambiguation" if record.disambiguation else None})
    body = sub(text, "body")
    sub(body, "head", ctx.clean(record.title) or "(untitled)")
    if record.redirect is not None:
        _redirect(ctx, body, record.redirect)
    ids = [ctx.new_id("infobox") for _ in record.infoboxes]
    for index, box in enumerate(record.infoboxes):
        body.append(infobox_table(ctx, box, index, ids))
    _sections(ctx, body, record.sections)
    if len(body) == 1:  # only the head: TEI needs some content
        sub(body, "p")
    extra = standoff(ctx)

    warnings = list(record.warnings)
    if ctx.replaced:
        warnings.append(f"{ctx.replaced} character(s) not allowed in XML 1.0 replaced by U+FFFD")
    root.append(build_header(ctx, record, converted=converted, warnings=warnings))
    root.append(text)
    if extra is not None:
        root.append(extra)
    return root


def _redirect(ctx: Context, body: Any, target: str) -> None:
    p = sub(body, "p", "This page is a redirect to ")
    target = ctx.clean(target)
    url = ctx.article_url(target)
    if url:
        sub(p, "ref", target, {"type": "redirect", "target": url}).tail = "."
    else:
        sub(p, "title", target, {"level": "a", "type": "redirect"}).tail = "."


def _sections(ctx: Context, body: Any, sections: list[Section]) -> None:
    """Prose as ``div``s nested by heading level (the lead is ``div type="lead"``)."""
    stack: list[tuple[int, Any]] = []
    for section in sections:
        level = section.level if section.heading is not None else 0
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else body
        div = sub(parent, "div", attrs={"type": "lead" if section.heading is None else "section",
                                        "n": str(level) if section.heading is not None else None})
        if section.heading is not None:
            sub(div, "head", ctx.clean(section.heading))
        current_list = None
        for block in section.blocks:
            if block.kind == "item":
                if current_list is None:
                    current_list = sub(div, "list")
                sub(current_list, "item", ctx.clean(block.text))
            else:
                current_list = None
                sub(div, "p", ctx.clean(block.text))
        if section.heading is not None:  # the lead never encloses sections
            stack.append((level, div))
    for div in body.iter(t("div")):
        if not any(child.tag in _DIV_CONTENT for child in div):
            sub(div, "p")


def tei_bytes(record: Record, *, converted: str | None = None) -> bytes:
    """The record as a TEI document: UTF-8 bytes with an XML declaration."""
    root = record_to_tei(record, converted=converted)
    indent(root)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def write_tei(record: Record, out: Output, *, converted: str | None = None) -> None:
    """Write one record as a TEI document to a path or stream (binary or text)."""
    data = tei_bytes(record, converted=converted)
    with open_binary(out) as fh:
        fh.write(data)


def _corpus_header(converted: str | None) -> Any:
    corpus = Record(title="Infobox records converted by infobox-tools")
    ctx = Context()
    header = build_header(ctx, corpus, converted=converted)
    source_desc = header.find(f"{t('fileDesc')}/{t('sourceDesc')}")
    for child in list(source_desc):
        source_desc.remove(child)
    sub(source_desc, "p", "Articles from Wikimedia projects; each TEI document's own header names its "
                          "source revision.")
    return header


def write_tei_corpus(records: Iterable[Record], out: Output, *, converted: str | None = None) -> int:
    """Write records as one ``teiCorpus`` (its own header, then one ``TEI`` per record).

    Records are streamed (lxml's incremental writer), so memory does not grow with the
    number of records; ids are prefixed ``d1.``, ``d2.``... to stay unique.  Returns the
    number of records written; an empty input is an error, since a ``teiCorpus`` needs
    at least one ``TEI``.
    """
    iterator = iter(records)
    first = next(iterator, None)
    if first is None:
        raise OutputError("no records to write: a TEI corpus needs at least one document",
                          file=str(out) if isinstance(out, str) else None)
    count = 0
    with open_binary(out) as fh, etree.xmlfile(fh, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(t("teiCorpus"), nsmap=NSMAP):
            for el in _chain([_corpus_header(converted)], (
                    record_to_tei(record, converted=converted, id_prefix=f"d{n}.")
                    for n, record in enumerate(_chain([first], iterator), 1))):
                if el.tag == t("TEI"):
                    count += 1
                indent(el, 1)
                el.tail = None
                xf.write("\n  ")
                xf.write(el)
            xf.write("\n")
    return count


def _chain(first: Iterable[Any], rest: Iterable[Any]) -> Iterable[Any]:
    yield from first
    yield from rest
