"""CSV output in two shapes, for spreadsheets and pandas.

``long``: one row per typed value (tidy data: filter by ``key``/``category``, sum the
``number`` column).  A field with no values still gets one row (its raw text), sub-values
(``parts``: "of which 10,000 reservists") get their own rows with ``part`` set, and a
record with no infobox gets one row carrying just its title, so every article of a batch
shows up.

``wide``: one row per article, one column per key and side (``commander_1``,
``commander_2``, ``partof``), the values' texts joined with ``"; "``.  Columns are in
first-seen order across the records (title first), so the header needs every record:
wide output is collected in memory, long output streams.

Both are written with the :mod:`csv` module, UTF-8 without BOM, and load with
``pandas.read_csv(path)`` and no options: numbers are plain (``100000``, ``2.5``),
flags are ``True``/``False``.  ``safe=True`` defuses formula injection for spreadsheet
users: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
leading ``'``, unless it is a plain number such as ``-5``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any

from infobox_tools.record import Field, Infobox, Record, Value
from infobox_tools.writers._io import Output, open_text

LONG_COLUMNS: list[str] = [
    "title", "infobox", "infobox_type", "parent", "key", "label", "param", "side", "section", "raw",
    "position", "part", "kind", "text", "number", "low", "high", "unit", "category", "group",
    "qualifier", "currency", "date", "start", "end", "precision", "calendar", "entity", "link",
    "url", "latitude", "longitude", "note", "inferred", "warnings",
]
"""Columns of the long shape, in order (``infobox`` is the 0-based index in the record,
``position`` the 0-based index of the value in its field, ``part`` the 0-based index of a
sub-value, empty for the value itself)."""

_VALUE_COLUMNS = ("kind", "text", "number", "low", "high", "unit", "category", "group", "qualifier",
                  "currency", "date", "start", "end", "precision", "calendar", "entity", "link",
                  "url", "latitude", "longitude", "note")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?")
_SHAPES = ("long", "wide")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _cell(value: Any) -> str:
    """A cell's text: ``""`` for missing, plain digits for numbers (no ``1e+05``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value)


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (``=cmd|...``)."""
    if cell and cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _field_row(title: str, index: int, box: Infobox, f: Field) -> dict[str, str]:
    return {
        "title": title,
        "infobox": str(index),
        "infobox_type": box.type or "",
        "parent": _cell(box.parent),
        "key": f.key,
        "label": f.label or "",
        "param": f.param or "",
        "side": _cell(f.side),
        "section": f.section or "",
        "raw": f.raw,
        "warnings": "; ".join(f.warnings),
    }


def _value_cells(row: dict[str, str], v: Value) -> dict[str, str]:
    out = dict(row)
    for name in _VALUE_COLUMNS:
        out[name] = _cell(getattr(v, name))
    out["inferred"] = _cell(v.inferred)
    return out


def _empty(row: dict[str, str]) -> dict[str, str]:
    return {col: row.get(col, "") for col in LONG_COLUMNS}


def long_rows(record: Record) -> Iterator[dict[str, str]]:
    """The long-shape rows of one record (every column of :data:`LONG_COLUMNS` present)."""
    if not record.infoboxes:
        yield _empty({"title": record.title, "warnings": "; ".join(record.warnings)})
        return
    for index, box in enumerate(record.infoboxes):
        if not box.fields:
            yield _empty({"title": record.title, "infobox": str(index), "infobox_type": box.type or "",
                          "parent": _cell(box.parent), "warnings": "; ".join(box.warnings)})
            continue
        for f in box.fields:
            base = _field_row(record.title, index, box, f)
            if not f.values:
                yield _empty(base)
                continue
            for pos, v in enumerate(f.values):
                row = _value_cells(base, v)
                row["position"] = str(pos)
                yield _empty(row)
                for k, part in enumerate(v.parts):
                    sub = _value_cells(base, part)
                    sub["position"] = str(pos)
                    sub["part"] = str(k)
                    yield _empty(sub)


def _column(index: int, f: Field) -> str:
    key = f.key or f.label or "_"  # a field with no key still needs a named column
    if key == "title" and f.side is None and index == 0:
        key = "infobox_title"  # the article's title column comes first
    name = key if f.side is None else f"{key}_{f.side}"
    return name if index == 0 else f"infobox{index + 1}.{name}"


def wide_row(record: Record) -> dict[str, str]:
    """One row for the record: ``title`` plus one column per key (and side).

    Fields of the first infobox are named by key (``strength_2``); those of further
    infoboxes are prefixed with the infobox's 1-based number (``infobox2.name``).  A
    ``title`` field becomes ``infobox_title`` (``title`` is the article's); a field with
    no key is named by its label.
    Repeated fields with one key and side are joined like values.
    """
    row: dict[str, str] = {"title": record.title}
    for index, box in enumerate(record.infoboxes):
        for f in box.fields:
            col = _column(index, f)
            text = f.text
            if row.get(col):
                row[col] = f"{row[col]}; {text}" if text else row[col]
            else:
                row[col] = text
    return row


def write_csv(records: Iterable[Record], out: Output, *, shape: str = "long", safe: bool = False) -> int:
    """Write records as CSV in ``shape`` ``"long"`` or ``"wide"``; returns the number of rows."""
    if shape not in _SHAPES:
        raise ValueError(f"shape must be one of {', '.join(_SHAPES)}, not {shape!r}")
    if shape == "wide":
        rows = [wide_row(r) for r in records]
        columns = list(dict.fromkeys(col for row in rows for col in row)) or ["title"]
        return _write_rows(rows, columns, out, safe)
    return _write_rows((row for r in records for row in long_rows(r)), LONG_COLUMNS, out, safe)


def prepare_row(row: dict[str, str], safe: bool) -> dict[str, str]:
    """A row as written: formula cells neutralised with ``safe``, and lone surrogates
    (from badly decoded input), which UTF-8 cannot encode, replaced by U+FFFD."""
    if safe:
        row = {k: neutralise(v) for k, v in row.items()}
    if any(_SURROGATE.search(v) for v in row.values()):
        row = {k: _SURROGATE.sub("\ufffd", v) for k, v in row.items()}
    return row


def _write_rows(rows: Iterable[dict[str, str]], columns: list[str], out: Output, safe: bool) -> int:
    count = 0
    with open_text(out, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, restval="", extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow(prepare_row(row, safe))
            count += 1
    return count
