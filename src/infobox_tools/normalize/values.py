"""The typed value dispatcher: one field text and its declared kind -> typed values.

``parse_values`` is the only entry point the key-mapping normaliser needs; it picks
the reader for the kind (numbers, quantities, counts, money, dates) and guarantees:

* every returned :class:`Value` keeps the substring it came from in ``text``;
* nothing is invented: text no reader claims stays ``kind="text"`` (``"name"`` for
  names), and an explicit "Unknown"/"n/a" is ``kind="unknown"`` with no number;
* texts without a digit never reach the number scanner (most fields are names);
* the values returned are new objects, shared with nothing (the normaliser completes
  them in place: a link, ``inferred``).
"""

from __future__ import annotations

import re

from infobox_tools.normalize.coordinates import parse_coordinates
from infobox_tools.normalize.dates import find_dates, hit_value, parse_date
from infobox_tools.normalize.numbers import clean, parse_number
from infobox_tools.normalize.quantities import (
    UNKNOWN_RE,
    parse_counts,
    parse_money,
    parse_quantities,
)
from infobox_tools.record import Value

__all__ = ["KINDS", "parse_coordinates", "parse_date", "parse_number", "parse_values"]

KINDS = ("text", "name", "number", "range", "quantity", "count", "money", "date", "daterange",
         "unknown", "image", "url", "coordinates")

_DIGIT_RE = re.compile(r"\d")
_ONLY_UNKNOWN_RE = re.compile(r"^\W*(?:" + UNKNOWN_RE.pattern + r")\W*$", re.IGNORECASE)
_LEADING_UNKNOWN_RE = re.compile(r"^\W*(?:" + UNKNOWN_RE.pattern + r")", re.I)
_TRIM = " \t\n,;:.-–—·•()[]"
_TRIM_END = " \t\n,;:-–—·•()[]"


def _unknown(text: str, category: str | None = None) -> Value | None:
    """``kind="unknown"`` when the whole text is an explicit unknown ("Unknown", "n/a")."""
    if len(text) <= 20 and _ONLY_UNKNOWN_RE.match(text):
        return Value(kind="unknown", text=text, category=category)
    return None


def _dates(text: str, lang: str) -> list[Value]:
    """Dates for a date/daterange field: the whole text if it is one date, else every date
    found in it, with the words between kept as text values."""
    v = parse_date(text, lang)
    if v is not None:
        return [v]
    t = clean(text)
    hits = find_dates(t)
    if not hits:
        return [Value(kind="text", text=t)]
    out: list[Value] = []
    pos = 0
    for h in hits:
        lead = t[pos:h.start].strip(_TRIM)
        if lead:
            out.append(Value(kind="text", text=lead))
        out.append(hit_value(h, t[h.start:h.end]))
        pos = h.end
    tail = t[pos:]
    tail_core = tail.strip(_TRIM).strip() if tail.strip().startswith("(") else tail.strip(_TRIM_END)
    if tail_core:
        # a parenthesised remark right after the last date is its note ("(aged 48)")
        if tail.lstrip().startswith("(") and tail.rstrip().endswith(")") and out:
            out[-1].note = tail_core
            out[-1].text = (out[-1].text + " " + tail.strip()).strip()
        else:
            out.append(Value(kind="text", text=tail_core))
    return out


_HUGE_NUMBER_RE = re.compile(r"\d{40}")


def parse_values(text: str, kind: str, *, lang: str = "en", category: str | None = None,
                 entity: str | None = None) -> list[Value]:
    """Typed values for one field text of declared ``kind`` (see module docstring).

    ``category`` is the field's count category (strength, total ...) used when the text
    names none; ``entity`` the entity type given to ``name`` values.
    """
    if text is None:
        return []
    stripped = text.strip()
    if not stripped:
        return []
    unknown = _unknown(stripped, category if kind == "count" else None)
    if unknown is not None:
        return [unknown]
    if kind in ("date", "daterange"):
        return _dates(stripped, lang)
    if kind == "name":
        return [Value(kind="name", text=stripped, entity=entity)]
    if kind in ("image", "url"):
        return [Value(kind=kind, text=stripped)]
    if kind == "coordinates":
        c = parse_coordinates(stripped, lang)
        return [c] if c is not None else [Value(kind="text", text=clean(stripped))]
    if kind not in ("number", "range", "quantity", "count", "money"):
        return [Value(kind="text", text=stripped)]
    if _HUGE_NUMBER_RE.search(stripped):  # not a figure anyone wrote as one; int() refuses >4300 digits
        return [Value(kind="text", text=stripped)]
    if not _DIGIT_RE.search(stripped):
        if _LEADING_UNKNOWN_RE.match(stripped):
            # "Unknown Red Army casualties": unknown, with its category and group
            if kind == "count":
                return parse_counts(stripped, lang, category)
            return [Value(kind="unknown", text=clean(stripped))]
        return [Value(kind="text", text=clean(stripped))]
    if kind == "count":
        return parse_counts(stripped, lang, category)
    if kind == "money":
        return parse_money(stripped, lang)
    if kind in ("number", "range"):
        v = parse_number(stripped, lang)
        if v is not None:
            return [v]
    return parse_quantities(stripped, lang)
