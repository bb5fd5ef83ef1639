"""JSON and JSON Lines output, and the JSON Schema that describes a record.

The JSON is exactly :meth:`Record.to_dict` (same key order), UTF-8 and not
ASCII-escaped, so it reads naturally and ``Record.from_dict(json.loads(...))`` gives the
record back.  Stdlib :mod:`json` is used: orjson would be faster but orders and
formats differently (indent is fixed at 2, no ``ensure_ascii`` choice), and records
are small enough that serialising is not the bottleneck of a run.

Two things Python strings can hold that JSON text cannot carry as-is are handled here:
lone surrogates (from badly decoded input) are written as ``\\udXXX`` escapes, which
JSON allows, and NaN/infinity (which JSON does not have) raise an
:class:`~infobox_tools.errors.OutputError` naming the page.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

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


def record_to_json(record: Record, *, indent: int | None = None) -> str:
    """The record as JSON text: key order of :meth:`Record.to_dict`, not ASCII-escaped.

    ``indent=None`` gives one compact line (no spaces after separators).
    """
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
