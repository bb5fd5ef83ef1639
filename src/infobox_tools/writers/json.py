"""JSON and JSON Lines output, and the JSON Schema that describes a record.

The JSON is exactly :meth:`Record.to_dict` (same key order), UTF-8 and not
ASCII-escaped, so it reads naturally and ``Record.from_dict(json.loads(...))`` gives the
record back.  Compact JSON (JSON Lines, the batch runner) is written by orjson, about
six times faster than :mod:`json` (serialising was 6 % of a dump run), but only where
it writes exactly the bytes ``json.dumps`` would: the two differ on floats below 1e-4
in magnitude ("1e-5" against "1e-05"), orjson writes NaN as ``null`` where JSON has no
NaN, and it refuses lone surrogates and integers beyond 64 bits; such records go
through :mod:`json`.  Indented JSON (one file per record) always does.

Two things Python strings can hold that JSON text cannot carry as-is are handled here:
lone surrogates (from badly decoded input) are written as ``\\udXXX`` escapes, which
JSON allows, and NaN/infinity (which JSON does not have) raise an
:class:`~infobox_tools.errors.OutputError` naming the page.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

import orjson

from infobox_tools.errors import OutputError
from infobox_tools.record import Record
from infobox_tools.writers._io import Output, open_text

_SURROGATE = re.compile("[\ud800-\udfff]")


def _dumps(data: Any, indent: int | None, title: str) -> str:
    separators = (",", ": ") if indent is not None else (",", ":")
    try:
        text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False)
    except ValueError as exc:  # NaN or infinity somewhere in the record
        raise OutputError(f"cannot write JSON: {exc}", page=title) from None
    if _has_surrogate(text):
        # A lone surrogate cannot be encoded as UTF-8; JSON's \u escape can carry it.
        text = json.dumps(data, ensure_ascii=True, indent=indent, separators=separators)
    return text


def _has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate.  Encoding to UTF-8 (in C, and it fails
    exactly on surrogates) is 8x faster than a regex scan over a long article's JSON;
    ASCII text (a flag CPython keeps) is answered at once."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.search(text) is not None
    return False


def _orjson_exact(record: Record) -> bool:
    """Whether orjson writes every number of the record as :func:`json.dumps` does:
    they differ only on floats that are not finite or below 1e-4 in magnitude
    (checked on two million random floats)."""
    stack = [v for box in record.infoboxes for f in box.fields for v in f.values]
    while stack:
        v = stack.pop()
        for x in (v.number, v.low, v.high, v.latitude, v.longitude):
            if type(x) is float and (not math.isfinite(x) or (x != 0.0 and -1e-4 < x < 1e-4)):
                return False
        if v.parts:
            stack.extend(v.parts)
    return True


def record_to_json_bytes(record: Record) -> bytes:
    """The record as one compact line of UTF-8 JSON (no newline), the same bytes as
    ``record_to_json(record).encode()``, without a detour through ``str``."""
    data = record.to_dict()
    if _orjson_exact(record):
        try:
            return orjson.dumps(data)
        except TypeError:  # a lone surrogate or a huge integer: json.dumps handles both
            pass
    return _dumps(data, None, record.title).encode("utf-8")


def record_to_json(record: Record, *, indent: int | None = None) -> str:
    """The record as JSON text: key order of :meth:`Record.to_dict`, not ASCII-escaped.

    ``indent=None`` gives one compact line (no spaces after separators).
    """
    if indent is None:
        return record_to_json_bytes(record).decode("utf-8")
    return _dumps(record.to_dict(), indent, record.title)


def write_json(record: Record, out: Output, *, indent: int | None = 2) -> None:
    """Write one record as a JSON document (ending in a newline) to a path or stream."""
    text = record_to_json(record, indent=indent)
    with open_text(out) as fh:
        fh.write(text)
        fh.write("\n")


def write_jsonl(records: Iterable[Record], out: Output) -> int:
    """Write records as JSON Lines (one compact object per line); returns how many.

    Records are serialised one at a time, so an iterator of millions streams through.
    """
    count = 0
    with open_text(out) as fh:
        for record in records:
            fh.write(record_to_json(record))
            fh.write("\n")
            count += 1
    return count


@functools.lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files("infobox_tools").joinpath("schema/record.schema.json").read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The shipped JSON Schema (draft 2020-12) of a record, as a fresh dict.

    The file is read once; each call returns a new dict so callers may change theirs.
    """
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema
