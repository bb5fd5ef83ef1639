"""Infobox tables in TEI: one ``row`` per field, typed values as inline elements.

A data cell holds the field's raw text verbatim.  Each typed value whose text occurs in
the raw text (in order) is marked up in place, so the words stay where the source had
them and the normalised numbers and dates sit in attributes; values whose text does not
occur verbatim (normalisers rewrite spacing, dashes, lists) follow in a
``<note type="values">``.  The element per kind:

==============  =====================================================================
name            ``persName``/``orgName``/``placeName``/``eventName`` (``name`` when the
                entity is unknown), ``@key`` = linked article, ``@ref`` = ``#id`` in
                ``standOff``
number, range   ``num @value`` / ``num @atLeast @atMost``
quantity        ``measure @quantity`` (or ``@atLeast @atMost``) ``@unit``
count           like quantity, ``@type`` = category, ``@corresp`` = the group's ``org``
money           ``measure @type="money" @unit`` = currency code
date, range     ``date @when`` / ``@from @to`` (``@when-iso`` etc. for years before 1 CE,
                which W3C dates cannot hold in astronomical numbering)
unknown         ``seg @type="unknown"`` (``@subtype`` = category)
image, url      ``ref @type="image"|"url" @target``
coordinates     ``geo`` ("lat lon", in the note: the raw form is rarely decimal)
text, bool      ``seg @type``
==============  =====================================================================

A qualifier ("approximate", "at least") goes in ``@subtype``; an inferred value (split
or typed by a guess, not by the source) gets ``@cert="medium"``.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from infobox_tools.record import Field, Infobox, Value
from infobox_tools.writers.tei_common import (
    ENTITY_LISTS,
    ENTITY_TAGS,
    XML_ID,
    Context,
    append_text,
    make,
    sub,
    token,
    uri,
)

_ISO_DATE = re.compile(r"^(-?)(\d{1,})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NEVER_IN_PLACE = frozenset({"coordinates"})
_VAGUE = frozenset({"approximate", "circa", "estimated", "about"})
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_LOOSE = re.compile(f"[{_DASHES}]|\\s+")


def _find(raw: str, text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """(start, end) of ``text`` in ``raw[start:end]``, or (-1, -1).

    Exact first; then loosely, since normalisers turn hyphens into en dashes and collapse
    spaces ("700-2,000" -> "700\u20132,000"): any dash matches any dash, any run of white
    space any run.
    """
    if not text:
        return -1, -1
    stop = len(raw) if end is None else end
    pos = raw.find(text, start, stop)
    if pos >= 0:
        return pos, pos + len(text)
    if not _LOOSE.search(text):
        return -1, -1
    pattern = "".join(
        f"[{_DASHES}]" if piece in _DASHES else r"\s+" if piece.isspace() else re.escape(piece)
        for piece in _split_loose(text))
    m = re.compile(pattern).search(raw, start, stop)
    return (m.start(), m.end()) if m else (-1, -1)


def _split_loose(text: str) -> list[str]:
    """``text`` cut into single dashes, runs of white space and the stretches between."""
    pieces: list[str] = []
    last = 0
    for m in _LOOSE.finditer(text):
        if m.start() > last:
            pieces.append(text[last:m.start()])
        pieces.append(m.group())
        last = m.end()
    if last < len(text):
        pieces.append(text[last:])
    return pieces


def _num(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def iso_attr(iso: str | None) -> tuple[str, str] | None:
    """(attribute suffix, value) for an ISO 8601 date: ``("", "1945-08-11")`` for W3C
    attributes (``@when``), ``("-iso", "-0043")`` for years before 1 CE (astronomical
    numbering, which XSD 1.0 dates reject), ``None`` when the date is not valid."""
    if not iso:
        return None
    m = _ISO_DATE.match(iso.strip())
    if not m:
        return None
    sign, year_s, month_s, day_s = m.groups()
    year = int(year_s) * (-1 if sign else 1)
    rest = ""
    if month_s:
        month = int(month_s)
        if not 1 <= month <= 12:
            return None
        rest = f"-{month:02d}"
        if day_s:
            day = int(day_s)
            check_year = year if 1 <= year <= 9999 else 2000 + (year % 4)  # same leap-ness
            try:
                _dt.date(check_year, month, day)
            except ValueError:
                return None
            rest += f"-{day:02d}"
    if year >= 1:
        return "", f"{year:04d}{rest}"
    return "-iso", f"{'-' if year < 0 else ''}{abs(year):04d}{rest}"


def value_element(ctx: Context, v: Value, text: str) -> Any:
    """The inline element for one typed value, with ``text`` as its content."""
    kind = v.kind
    attrs: dict[str, Any] = {}
    if kind == "name":
        tag = ENTITY_TAGS.get(v.entity or "", "name")
        name = ctx.clean(v.text)
        if v.link:
            attrs["key"] = ctx.clean(v.link)
        if tag != "name":
            attrs["ref"] = ctx.entity_ref(v.entity or "", name, ctx.clean(v.link) or None)
        else:
            if v.entity == "work":  # a film, book, album: a title, linked to its article
                tag = "title"
            elif v.entity:
                attrs["type"] = token(v.entity)
            if v.link:
                attrs["ref"] = ctx.article_url(ctx.clean(v.link))
    elif kind in ("number", "range"):
        tag = "num"
        _amount(attrs, v, "value")
    elif kind in ("quantity", "count", "money"):
        tag = "measure"
        if kind == "count":
            attrs["type"] = token(v.category) if v.category else "count"
        else:
            attrs["type"] = kind
        _amount(attrs, v, "quantity")
        unit = v.currency if kind == "money" and v.currency else v.unit
        attrs["unit"] = token(unit) if unit and unit.strip() else None
    elif kind in ("date", "daterange"):
        tag = "date"
        pairs = [("when", v.date)] if kind == "date" else [("from", v.start), ("to", v.end)]
        for name, iso in pairs:
            conv = iso_attr(iso)
            if conv:
                attrs[name + conv[0]] = conv[1]
        if v.qualifier and token(v.qualifier) in _VAGUE:
            attrs["precision"] = "low"  # att.dimensions: "c. 1945" is a low-precision 1945
        if v.calendar == "julian" and any(a.startswith(("when", "from", "to")) for a in attrs):
            attrs["datingMethod"] = "#" + ctx.prefix + "julian"
            ctx.julian = True
    elif kind == "unknown":
        tag = "seg"
        attrs["type"] = "unknown"
        if v.category:
            attrs["subtype"] = token(v.category)
    elif kind in ("image", "url"):
        tag = "ref"
        attrs["type"] = kind
        target = ctx.clean(v.url or v.link or v.text).strip()
        if kind == "image" and target and not target.lower().startswith(("file:", "image:", "http")):
            target = "File:" + target
        if kind == "image" and target and not target.lower().startswith("http"):
            target = ctx.article_url(target) or uri(target.replace(" ", "_"))
        attrs["target"] = uri(target) or None
    elif kind == "coordinates":
        tag = "geo"
        if v.latitude is not None and v.longitude is not None and math.isfinite(v.latitude + v.longitude):
            text = f"{_num(v.latitude)} {_num(v.longitude)}"
    else:  # text, bool and any kind added later
        tag = "seg"
        attrs["type"] = token(kind)
    if v.group and kind != "name":
        attrs["corresp"] = ctx.entity_ref("organisation", ctx.clean(v.group), None)
    if v.qualifier and "subtype" not in attrs:
        attrs["subtype"] = token(v.qualifier)
    if "subtype" in attrs and "type" not in attrs:  # TEI: no @subtype without @type
        attrs["type"] = token(kind)
    if v.inferred:
        attrs["cert"] = "medium"
    return make(tag, attrs, text)


def _amount(attrs: dict[str, Any], v: Value, single: str) -> None:
    """@value/@quantity, or @atLeast/@atMost; left out when not finite or (TEI's rule,
    which RELAX NG does not check) when the range runs backwards."""
    if v.number is not None:
        if math.isfinite(v.number):
            attrs[single] = _num(v.number)
        return
    low = v.low if v.low is not None and math.isfinite(v.low) else None
    high = v.high if v.high is not None and math.isfinite(v.high) else None
    if low is not None and high is not None and low > high:
        return
    if low is not None:
        attrs["atLeast"] = _num(low)
    if high is not None:
        attrs["atMost"] = _num(high)


@dataclass
class _Span:
    start: int
    end: int
    value: Value
    children: list[_Span] = field(default_factory=list)


def _locate(ctx: Context, raw: str, values: Sequence[Value]) -> tuple[list[_Span], list[Value]]:
    """Place each value (and its parts) in ``raw`` in order; return spans and leftovers."""
    spans: list[_Span] = []
    left: list[Value] = []
    cursor = 0
    for v in values:
        placeable = v.kind not in _NEVER_IN_PLACE
        pos, end = _find(raw, ctx.clean(v.text).strip(), cursor) if placeable else (-1, -1)
        if pos < 0:
            left.append(v)
            continue
        span = _Span(pos, end, v)
        spans.append(span)
        inner, after = pos, end
        for part in v.parts:
            ptext = ctx.clean(part.text).strip()
            placeable = part.kind not in _NEVER_IN_PLACE
            q, qend = _find(raw, ptext, inner, span.end) if placeable else (-1, -1)
            if q >= 0:
                span.children.append(_Span(q, qend, part))
                inner = qend
                continue
            q, qend = _find(raw, ptext, after) if placeable else (-1, -1)
            if q >= 0:
                spans.append(_Span(q, qend, part))
                after = qend
            else:
                left.append(part)
        cursor = after
    return spans, left


def _render(ctx: Context, parent: Any, raw: str, start: int, end: int, spans: list[_Span]) -> None:
    last = start
    for span in spans:
        append_text(parent, raw[last:span.start])
        el = value_element(ctx, span.value, "")
        parent.append(el)
        _render(ctx, el, raw, span.start, span.end, span.children)
        last = span.end
    append_text(parent, raw[last:end])


def fill_cell(ctx: Context, cell: Any, fields: Sequence[Field]) -> None:
    """Write the raw text and typed values of ``fields`` (usually one) into ``cell``."""
    for i, f in enumerate(fields):
        if i:
            sub(cell, "lb")
        raw = ctx.clean(f.raw)
        spans, left = _locate(ctx, raw, f.values)
        _render(ctx, cell, raw, 0, len(raw), spans)
        if left:
            note = sub(cell, "note", attrs={"type": "values"})
            for j, v in enumerate(left):
                if j:
                    append_text(note, "; ")
                note.append(value_element(ctx, v, ctx.clean(v.text)))
                if v.note:
                    append_text(note, f" ({ctx.clean(v.note)})")
                for part in v.parts:  # parts of an unplaced value were not searched for
                    append_text(note, ", ")
                    note.append(value_element(ctx, part, ctx.clean(part.text)))
        for warning in f.warnings:
            sub(cell, "note", ctx.clean(warning), {"type": "warning"})


def _rows(box: Infobox) -> list[tuple[bool, list[Field]]]:
    """Fields grouped into rows: (per side?, fields) in first-seen order of key."""
    rows: dict[tuple[str, bool], list[Field]] = {}
    for f in box.fields:
        rows.setdefault((f.key, f.side is not None), []).append(f)
    return [(sided, fs) for (_, sided), fs in rows.items()]


def infobox_table(ctx: Context, box: Infobox, index: int, ids: list[str]) -> Any:
    """``<div type="infobox">`` with the infobox's table (and its warnings)."""
    div = make("div", {"type": "infobox"})
    for warning in box.warnings:
        sub(div, "note", ctx.clean(warning), {"type": "warning"})
    sides = max((f.side or 1 for f in box.fields), default=1)
    rows = _rows(box)
    table = sub(div, "table", attrs={
        "type": "infobox",
        XML_ID: ids[index],
        "subtype": token(box.type) if box.type else None,
        "n": ctx.clean(box.template) or None,
        "corresp": "#" + ids[box.parent] if box.parent is not None and 0 <= box.parent < len(ids) else None,
        "cols": str(sides + 1),
    })
    head = box.title or box.type or box.template
    if head:
        sub(table, "head", ctx.clean(head))
    section: str | None = None
    count = 0
    for sided, fields in rows:
        first = fields[0]
        if first.section and first.section != section:
            section = first.section
            heading = sub(table, "row", attrs={"role": "label"})
            sub(heading, "cell", ctx.clean(section), {"role": "label", "cols": str(sides + 1)})
            count += 1
        row = sub(table, "row", attrs={"n": ctx.clean(first.key)})
        count += 1
        sub(row, "cell", ctx.clean(first.label or first.key), {"role": "label"})
        if not sided:
            cell = sub(row, "cell", attrs={"role": "data", "cols": str(sides) if sides > 1 else None})
            fill_cell(ctx, cell, fields)
            continue
        for side in range(1, sides + 1):
            cell = sub(row, "cell", attrs={"role": "data", "n": str(side)})
            fill_cell(ctx, cell, [f for f in fields if f.side == side])
    if count == 0:  # a table needs a row
        row = sub(table, "row")
        sub(row, "cell", attrs={"role": "data", "cols": str(sides + 1)})
        count = 1
    table.set("rows", str(count))
    return div


def standoff(ctx: Context) -> Any | None:
    """``<standOff>`` with one list per entity kind, or ``None`` when no entity was named."""
    if not ctx.entities:
        return None
    root = make("standOff")
    for entity, (list_tag, entry_tag) in ENTITY_LISTS.items():
        entries = [e for e in ctx.entities.values() if e.entity == entity]
        if not entries:
            continue
        lst = sub(root, list_tag)
        for e in entries:
            entry = sub(lst, entry_tag, attrs={XML_ID: e.xml_id})
            sub(entry, ENTITY_TAGS[entity], e.name or e.link or "?")
            url = ctx.article_url(e.link) if e.link else None
            if url:
                sub(entry, "idno", url, {"type": "URI"})
    return root


__all__ = ["fill_cell", "infobox_table", "iso_attr", "standoff", "value_element"]
