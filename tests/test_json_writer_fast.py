"""The fast JSON path (orjson): its bytes must equal what stdlib json wrote before it, on
the whole corpus, for awkward numbers (tiny floats, integers past 64 bits) and for any
number and text; NaN and infinity stay output errors.  The corpus's records come from the
``real_records`` fixture (conftest.py).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infobox_tools.errors import OutputError
from infobox_tools.record import Field, Infobox, Record, Value
from infobox_tools.writers.json import record_to_json, record_to_json_bytes


def _stdlib_line(record: Record) -> bytes:
    """What compact JSON was before orjson: the contract the fast path must keep."""
    return json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def test_fast_json_is_byte_identical_to_stdlib_on_the_corpus(real_records: list[Record]) -> None:
    assert len(real_records) >= 100
    for record in real_records:
        line = record_to_json_bytes(record)
        assert line == _stdlib_line(record), record.source.file
        assert record_to_json(record).encode("utf-8") == line


@pytest.mark.parametrize("number", [1e-05, -2.5e-07, 5e-324, 1e-4, 0.0, -0.0, 1e16, 1.5e300, 2**64 - 1,
                                    2**64, -(2**63) - 1, 10**40, 123456789012345678.0])
def test_numbers_orjson_writes_differently_are_written_as_json_does(number: float) -> None:
    """orjson writes 1e-05 as "1e-5" and refuses integers beyond 64 bits: such records go
    through stdlib json, so the bytes never depend on which serialiser ran."""
    record = Record(title="n", infoboxes=[Infobox(fields=[Field("x", values=[
        Value(kind="range", text="t", low=number, high=1, parts=[Value(kind="number", text="p", number=number)])])])])
    assert record_to_json_bytes(record) == _stdlib_line(record)


@settings(max_examples=200, deadline=None)
@given(number=st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
       text=st.text())
def test_fast_json_matches_stdlib_for_any_number_and_text(number: float, text: str) -> None:
    record = Record(title=text, infoboxes=[Infobox(fields=[
        Field("k", raw=text, values=[Value(kind="quantity", text=text, number=number, unit=text or None)])])])
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert b"\\u" in record_to_json_bytes(record)  # lone surrogates escaped, as before
        return
    assert record_to_json_bytes(record) == _stdlib_line(record)


def test_nan_in_a_part_is_still_an_output_error() -> None:
    record = Record(title="Inf page", infoboxes=[Infobox(fields=[Field("x", values=[
        Value(kind="count", text="?", parts=[Value(kind="number", text="?", number=float("-inf"))])])])])
    with pytest.raises(OutputError, match="Inf page"):
        record_to_json_bytes(record)
