"""The pipe-table text reader's building blocks and its behaviour on odd input.

``split_items`` and ``slug`` on their own; input with no usable content (must raise
``ParseError``), prose without a table, rows that overflow the columns; property tests that
the reader never fails on random or table-like text with anything but ``ParseError``; and a
check that reading time grows linearly with the input.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infobox_tools.errors import ParseError
from infobox_tools.readers.pipetext import read, slug, split_items
from infobox_tools.record import Record
from test_pipetext import _items

# ---------------------------------------------------------------- building blocks and odd input


def test_split_items() -> None:
    assert split_items("• Michael\n• Audrey • Charlotte") == ["Michael", "Audrey", "Charlotte"]
    assert split_items("-\nTatiana Kukanova") == ["Tatiana Kukanova"]
    assert split_items("In\noffice 2001") == ["In office 2001"]
    assert split_items("A B C", ["B"]) == ["A", "B", "C"]
    assert split_items("Beijing[a] 39°N") == ["Beijing 39°N"]


def test_slug() -> None:
    assert slug("Commanders and leaders") == "commanders_and_leaders"
    assert slug("• 2010[11] census") == "2010_census"
    assert slug("Nationalité sportive") == "nationalité_sportive"
    assert slug("Founder(s)") == "founder_s"


@pytest.mark.parametrize("text", ["", "   \n\n", "|\n|||\n", "---|---|\n", "| --- |\n"])
def test_no_usable_content_raises(text: str) -> None:
    with pytest.raises(ParseError):
        read(text, title="Empty")


def test_prose_without_table() -> None:
    record = read("A title\nSome paragraph of prose that is long enough to be a paragraph of text.\n")
    assert record.title == "A title"
    assert record.infobox is None and "no infobox table found" in record.warnings
    assert record.paragraphs == ["Some paragraph of prose that is long enough to be a paragraph of text."]


def test_title_argument_wins(reference_text: str) -> None:
    assert read(reference_text, title="Given").title == "Given"


def test_row_overflow_is_warned() -> None:
    text = "T | |\n---|---|\nA | b | c | d |\nB | e |\nProse follows here and it is long enough to be prose text."
    record = read(text)
    assert any("do not add up to 2 columns" in w for w in record.warnings)
    assert _items(record, "B") == ["e"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab |-\n•[]1:", max_size=300))
def test_never_raises_on_odd_input(text: str) -> None:
    try:
        record = read(text)
    except ParseError:
        return
    assert isinstance(record, Record) and isinstance(record.title, str)


_LINES = st.sampled_from([
    "a |", "| a | b |", "---|---|", "|---|---|---|", "|", "||||", "x", "- item", "Heading[edit]",
    "Long paragraph of text that goes on and on. " * 3, "[[A|b]] |", "{{x|y}}", "• b", "", " | c",
    "\\| z |", "Belligerents | ||", "A | B | |",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=30))
def test_never_raises_on_table_like_input(parts: list[str]) -> None:
    try:
        record = read("\n".join(parts))
    except ParseError:
        return
    assert record.title or any("no title" in w for w in record.warnings)
    record.to_dict()


def test_linear_time(reference_text: str) -> None:
    small = reference_text * 50
    big = reference_text * 500
    start = time.perf_counter()
    read(small)
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    read(big)
    t_big = time.perf_counter() - start
    assert t_big < max(40 * t_small, 0.5)
