"""CSV writer: long and wide shapes, pandas-friendly, safe for spreadsheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infobox_tools.record import Field, Infobox, Record, Value
from infobox_tools.writers.csv import (
    LONG_COLUMNS,
    long_rows,
    neutralise,
    wide_row,
    write_csv,
)
from test_json_writer import (
    all_records,
    empty_record,
    every_kind_record,
    hostile_record,
    reference_record,
)


def test_long_rows_of_the_reference() -> None:
    rows = list(long_rows(reference_record()))
    assert all(list(row) == LONG_COLUMNS for row in rows)
    # 1 partof + 2 combatants + 9 commanders + 3 units + 2 strength (+1 part) + 2 + 3 casualties
    assert len(rows) == 1 + 2 + 9 + 3 + 3 + 5
    killed = [r for r in rows if r["category"] == "killed"]
    assert [(r["side"], r["group"], r["number"], r["low"], r["high"]) for r in killed] == [
        ("1", "Pacific Fleet", "89", "", ""), ("2", "Northern Army", "", "700", "2000")]
    [part] = [r for r in rows if r["part"]]
    assert (part["key"], part["side"], part["position"], part["part"], part["number"], part["category"]) == (
        "strength", "2", "0", "0", "10000", "reservists")
    assert {r["inferred"] for r in rows if r["key"] == "commander"} == {"True"}


def test_fields_without_values_and_records_without_infobox_still_have_rows() -> None:
    rows = list(long_rows(every_kind_record()))
    [empty] = [r for r in rows if r["key"] == "empty"]
    assert empty["kind"] == "" and empty["label"] == "Empty" and empty["position"] == ""
    nested = [r for r in rows if r["infobox"] == "1"]
    assert nested and all(r["parent"] == "0" and r["infobox_type"] == "officeholder" for r in nested)
    [only] = list(long_rows(empty_record()))
    assert only["title"] == "Nothing here" and only["key"] == ""


def test_long_csv_loads_in_pandas_with_numbers_numeric(tmp_path: Path) -> None:
    target = tmp_path / "long.csv"
    records = all_records()
    count = write_csv(records, target)
    df = pd.read_csv(target)
    assert len(df) == count == sum(len(list(long_rows(r))) for r in records)
    assert list(df.columns) == LONG_COLUMNS
    for column in ("number", "low", "high", "latitude", "longitude", "side", "infobox"):
        assert pd.api.types.is_numeric_dtype(df[column]), column
    strength = df[(df.title == "Invasion of South Sakhalin") & (df.key == "strength") & (df.side == 1)]
    assert strength.number.tolist() == [100000]
    assert df[df.key == "quantity"].number.tolist() == [31.2]
    assert df[df.key == "nasty"].text.iloc[0].startswith("a < b & c > d ]]>")
    assert df[df.key == "multi\nline"].raw.iloc[0] == 'line one\nline two, "quoted"'


def test_wide_shape(tmp_path: Path) -> None:
    records = [reference_record(), every_kind_record(), empty_record()]
    row = wide_row(records[0])
    assert list(row)[:4] == ["title", "partof", "combatant_1", "combatant_2"]
    assert row["commander_2"] == "Kiichiro Higuchi; Saburo Hagi; Junichiro Mineki"
    assert row["casualties_1"] == "Unknown Red Army casualties; 89 killed"
    assert wide_row(records[1])["infobox2.name"] == "Someone"
    titled = Record(title="Article", infoboxes=[Infobox(fields=[
        Field("title", raw="Shown title"), Field("", raw="x", label="Odd label")])])
    assert wide_row(titled) == {"title": "Article", "infobox_title": "Shown title", "Odd label": "x"}
    target = tmp_path / "wide.csv"
    assert write_csv(records, target, shape="wide") == 3
    df = pd.read_csv(target)
    assert df.columns[0] == "title" and list(df.title) == [r.title for r in records]
    assert list(df.columns[1:12]) == list(row)[1:]  # first-seen order: the reference's keys first
    assert df.loc[0, "strength_1"] == "100,000 men" and pd.isna(df.loc[2, "strength_1"])


def test_safe_mode_neutralises_formulas(tmp_path: Path) -> None:
    assert neutralise("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert neutralise("+1-2") == "'+1-2"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-5") == "-5" and neutralise("-2.5") == "-2.5" and neutralise("+1,000") == "+1,000"
    assert neutralise("-") == "'-" and neutralise("plain") == "plain" and neutralise("") == ""
    safe, unsafe = tmp_path / "safe.csv", tmp_path / "unsafe.csv"
    write_csv([hostile_record()], safe, safe=True)
    write_csv([hostile_record()], unsafe)
    df = pd.read_csv(safe)
    assert df[df.key == "formula"].text.iloc[0] == "'=cmd|' /C calc'!A0"
    assert df[df.key == "at"].raw.iloc[0] == "'@SUM(A1)"
    assert df[df.key == "minus"].number.iloc[0] == -5 and df[df.key == "minus"].text.iloc[0] == "-5"
    with unsafe.open(encoding="utf-8", newline="") as fh:
        cells = {c for row in csv.reader(fh) for c in row}
    assert "=cmd|' /C calc'!A0" in cells  # not touched unless asked


def test_streams_and_encoding(tmp_path: Path) -> None:
    record = hostile_record()  # holds a lone surrogate: replaced, output stays UTF-8
    binary, text = io.BytesIO(), io.StringIO()
    write_csv([record], binary)
    write_csv([record], text)
    data = binary.getvalue()
    assert data.decode("utf-8") == text.getvalue()
    assert "\ufffd" in text.getvalue() and not data.startswith(b"\xef\xbb\xbf")
    with pytest.raises(ValueError, match="shape"):
        write_csv([record], text, shape="tall")


def test_real_corpus_csv(real_records: list[Record], tmp_path: Path) -> None:
    long_path, wide_path = tmp_path / "long.csv", tmp_path / "wide.csv"
    rows = write_csv(real_records, long_path)
    assert rows == sum(len(list(long_rows(r))) for r in real_records)
    df = pd.read_csv(long_path, keep_default_na=False, dtype=str)
    assert len(df) == rows and set(df.title) == {r.title for r in real_records}
    numbers = pd.read_csv(long_path, usecols=["number", "low", "high"])
    assert all(pd.api.types.is_numeric_dtype(numbers[c]) for c in numbers)
    assert write_csv(real_records, wide_path, shape="wide") == len(real_records)
    wide = pd.read_csv(wide_path, dtype=str)
    assert wide.columns[0] == "title" and len(wide) == len(real_records)



@settings(max_examples=80, deadline=None)
@given(raw=st.text(alphabet=st.characters(exclude_categories=["Cs"])), text=st.text(
    alphabet=st.characters(exclude_categories=["Cs"])), safe=st.booleans())
def test_any_text_survives_csv(raw: str, text: str, safe: bool) -> None:
    record = Record(title="T", infoboxes=[Infobox(fields=[Field("k", raw=raw, values=[Value(text=text)])])])
    out = io.StringIO()
    write_csv([record], out, safe=safe)
    [header, row] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    got = dict(zip(header, row))
    assert got["raw"] == (neutralise(raw) if safe else raw)
    assert got["text"] == (neutralise(text) if safe else text)
