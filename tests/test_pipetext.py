"""The pipe-table text reader on the reference article and on small hand-written battle tables.

The reference article (``fixtures/invasion_of_south_sakhalin.txt``) is a per-side battle
infobox: rows with one cell per belligerent.  The hand-written battles add the rows a full
battle infobox has, in both trafilatura shapes (1.x and 2.x).  Expectations come from
reading the input (what a person sees in the rendered table), not from the reader's output.

The field helpers ``_fields`` and ``_items`` live here and are shared with the other
pipe-text modules: ``test_pipetext_corpus.py`` (every real page of the corpus) and
``test_pipetext_robustness.py`` (building blocks and odd input).
"""

from __future__ import annotations

import pytest

from infobox_tools.readers.pipetext import read, slug
from infobox_tools.record import Field, Record


def _fields(record: Record, label: str, side: int | None = None) -> list[Field]:
    assert record.infobox is not None
    return [f for f in record.infobox.fields if f.label == label and (side is None or f.side == side)]


def _items(record: Record, label: str, side: int | None = None) -> list[str]:
    found = _fields(record, label, side)
    assert len(found) == 1, f"{label!r} side {side}: {len(found)} fields"
    return [v.text for v in found[0].values]


# ---------------------------------------------------------------- the reference article


@pytest.fixture(scope="module")
def sakhalin(reference_text: str) -> Record:
    return read(reference_text)


def test_reference_title_and_infobox(sakhalin: Record) -> None:
    assert sakhalin.title == "Invasion of South Sakhalin"
    assert len(sakhalin.infoboxes) == 1
    box = sakhalin.infobox
    assert box is not None and box.title == "Invasion of South Sakhalin" and box.type is None
    assert sakhalin.tables == 0
    assert sakhalin.source.form == "pipetext"
    assert not [w for w in sakhalin.warnings if "infobox" in w]


def test_reference_labels_and_sides(sakhalin: Record) -> None:
    assert sakhalin.infobox is not None
    got = [(f.label, f.side) for f in sakhalin.infobox.fields]
    expected = [(None, None)]
    for label in ("Belligerents", "Commanders and leaders", "Units involved", "Strength",
                  "Casualties and losses"):
        expected += [(label, 1), (label, 2)]
    assert got == expected
    for f in sakhalin.infobox.fields[1:]:
        assert f.key == slug(f.label or "") and f.section == f.label
    assert sakhalin.infobox.fields[1].key == "belligerents"
    assert sakhalin.infobox.fields[3].key == "commanders_and_leaders"


def test_reference_part_of_row(sakhalin: Record) -> None:
    assert sakhalin.infobox is not None
    part = sakhalin.infobox.fields[0]
    assert part.key == "" and part.label is None and part.side is None and part.section is None
    assert part.raw == "Part of the Soviet-Japanese War (1945)"
    assert [v.text for v in part.values] == ["Part of the Soviet-Japanese War (1945)"]


def test_reference_per_side_items(sakhalin: Record) -> None:
    assert _items(sakhalin, "Belligerents", 1) == ["Soviet Union"]
    assert _items(sakhalin, "Belligerents", 2) == ["Japan"]
    # the names are joined by spaces in the rendering: one item, split by the normaliser
    assert _items(sakhalin, "Commanders and leaders", 1) == [
        "M.A. Purkayev L.G. Cheremisov Anatoly Petrakovsky Ivan Baturov Ivan Yumashev V.A. Andreev"]
    assert _items(sakhalin, "Commanders and leaders", 2) == ["Kiichiro Higuchi Saburo Hagi Junichiro Mineki"]
    assert _items(sakhalin, "Units involved", 1) == ["16th Army Pacific Fleet"]
    assert _items(sakhalin, "Units involved", 2) == ["Fifth Area Army"]
    assert _items(sakhalin, "Strength", 1) == ["100,000 men"]
    assert _items(sakhalin, "Strength", 2) == ["29,000 men (including 10,000 reservists)"]


def test_reference_casualties_split_by_leftover_lines(sakhalin: Record) -> None:
    assert _items(sakhalin, "Casualties and losses", 1) == [
        "Unknown Red Army casualties", "Pacific Fleet: 89 killed"]
    assert _items(sakhalin, "Casualties and losses", 2) == [
        "Northern Army: 700-2,000 killed, 18,302 PoW", "3,500-3,700 Japanese civilian casualties"]
    side1 = _fields(sakhalin, "Casualties and losses", 1)[0]
    assert side1.raw == "Unknown Red Army casualties Pacific Fleet: 89 killed"


def test_reference_prose_is_exactly_four_paragraphs(sakhalin: Record) -> None:
    paragraphs = sakhalin.paragraphs
    assert len(paragraphs) == 4
    starts = ("The Invasion of South Sakhalin also called", "In the Treaty of Portsmouth",
              "During the Yalta Conference", "On 9 August")
    for text, start in zip(paragraphs, starts):
        assert text.startswith(start)
    assert len(sakhalin.sections) == 1
    assert sakhalin.sections[0].heading is None and sakhalin.sections[0].level == 0
    assert all(b.kind == "paragraph" for b in sakhalin.sections[0].blocks)


def test_reference_leftover_lines_and_rows_not_in_prose(sakhalin: Record) -> None:
    texts = [b.text for s in sakhalin.sections for b in s.blocks]
    assert "Unknown Red Army casualties" not in texts
    assert "Northern Army: 700-2,000 killed, 18,302 PoW" not in texts
    assert not any("|" in t for t in texts)


def test_reference_footnotes_stay_in_raw_only() -> None:
    text = ("Battle of X | ||\n---|---|---|\nBelligerents | ||\nA | B | |\nStrength | ||\n"
            "100 men[1] | 200 men[a] |\n"
            "The Battle of X was a battle that took place somewhere at some time, long ago, in a war.")
    record = read(text)
    (side1,) = _fields(record, "Strength", 1)
    assert side1.raw == "100 men[1]"
    assert [v.text for v in side1.values] == ["100 men"]
    assert _items(record, "Strength", 2) == ["200 men"]


BATTLE_1X = """Battle of Foo | ||||
---|---|---|---|---|
Part of the Bar War (1900) | ||||
|
||||
Date | 1–3 May 1900 | |||
Location | Foo Hill | |||
Belligerents | ||||
A-land | B-land | |||
Commanders and leaders | ||||
General X |
General Y
General Z |
|||
Strength | ||||
1,000 | 2,000 | |||
Casualties and losses | ||||
| 300 killed | |||
General Y
The Battle of Foo was fought between A-land and B-land in May 1900 near Foo Hill, long ago.
History[edit]
More text about the battle, long enough to be a paragraph of the history section here.
"""

BATTLE_2X = """| Battle of Foo |  |  |
|---|---|---|
| Part of the Bar War (1900) |  |  |
|  |  |  |
| Date | 1–3 May 1900 |  |
| Location | Foo Hill |  |
| Belligerents |  |  |
| A-land | B-land |  |
| Commanders and leaders |  |  |
| General X | General Y General Z |  |
| Strength |  |  |
| 1,000 | 2,000 |  |
| Casualties and losses |  |  |
|  | 300 killed |  |
The Battle of Foo was fought between A-land and B-land in May 1900 near Foo Hill, long ago.
History[edit]
More text about the battle, long enough to be a paragraph of the history section here.
"""


@pytest.mark.parametrize("text", [BATTLE_1X, BATTLE_2X], ids=["1.x", "2.x"])
def test_per_side_infobox_with_label_value_rows(text: str) -> None:
    """The reference's shape plus the rows a full battle infobox has ("Date | ..."),
    a one-sided row ("| 300 killed |") and a prose section; in both shapes."""
    record = read(text)
    assert record.title == "Battle of Foo"
    assert record.infobox is not None
    assert [(f.label, f.side) for f in record.infobox.fields] == [
        (None, None), ("Date", None), ("Location", None), ("Belligerents", 1), ("Belligerents", 2),
        ("Commanders and leaders", 1), ("Commanders and leaders", 2), ("Strength", 1), ("Strength", 2),
        ("Casualties and losses", 2)]
    assert _items(record, "Date") == ["1–3 May 1900"]
    assert _items(record, "Belligerents", 2) == ["B-land"]
    side2 = " ".join(_items(record, "Commanders and leaders", 2))
    assert side2 == "General Y General Z"
    assert _items(record, "Casualties and losses", 2) == ["300 killed"]
    assert [s.heading for s in record.sections] == [None, "History"]
    assert len(record.paragraphs) == 2 and "General Y" not in record.paragraphs
