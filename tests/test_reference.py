"""The reference article, end to end: pipe text -> normalised record.

Every expectation here is from reading fixtures/invasion_of_south_sakhalin.txt (the
Invasion of South Sakhalin article as rendered by trafilatura) and the issue that
specifies its record.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import infobox_tools
from infobox_tools.record import Field, Record, Value


@pytest.fixture(scope="module")
def record(reference_path: Path) -> Record:
    return infobox_tools.parse_file(reference_path)


def one(record: Record, key: str, side: int | None = None) -> Field:
    box = record.infobox
    assert box is not None
    found = box.get(key, side)
    assert len(found) == 1, f"{key} side {side}: {[f.to_dict() for f in box.fields]}"
    return found[0]


def values(record: Record, key: str, side: int | None = None) -> list[Value]:
    return one(record, key, side).values


def test_title_and_type(record: Record) -> None:
    assert record.title == "Invasion of South Sakhalin"
    assert record.source.form == "pipetext"
    box = record.infobox
    assert box is not None
    assert box.type == "military conflict"
    assert box.type_source == "labels"


def test_keys_sides_and_labels(record: Record) -> None:
    box = record.infobox
    assert box is not None
    assert box.keys == ["partof", "combatant", "commander", "units", "strength", "casualties"]
    for key in ["combatant", "commander", "units", "strength", "casualties"]:
        assert [f.side for f in box.get(key)] == [1, 2], key
    assert one(record, "combatant", 1).label == "Belligerents"
    assert one(record, "commander", 2).label == "Commanders and leaders"
    assert one(record, "units", 1).label == "Units involved"
    assert one(record, "casualties", 1).label == "Casualties and losses"


def test_raw_text_is_verbatim(record: Record) -> None:
    assert one(record, "strength", 2).raw == "29,000 men (including 10,000 reservists)"
    assert one(record, "commander", 2).raw == "Kiichiro Higuchi Saburo Hagi Junichiro Mineki"
    assert one(record, "casualties", 2).raw == (
        "Northern Army: 700-2,000 killed, 18,302 PoW 3,500-3,700 Japanese civilian casualties")


def test_partof(record: Record) -> None:
    [v] = values(record, "partof")
    assert v.text == "Soviet-Japanese War (1945)"


def test_combatants(record: Record) -> None:
    assert [v.text for v in values(record, "combatant", 1)] == ["Soviet Union"]
    assert [v.text for v in values(record, "combatant", 2)] == ["Japan"]
    assert values(record, "combatant", 1)[0].kind == "name"


def test_commanders_are_split_and_marked_inferred(record: Record) -> None:
    side1 = values(record, "commander", 1)
    side2 = values(record, "commander", 2)
    assert [v.text for v in side1] == ["M.A. Purkayev", "L.G. Cheremisov", "Anatoly Petrakovsky",
                                       "Ivan Baturov", "Ivan Yumashev", "V.A. Andreev"]
    assert [v.text for v in side2] == ["Kiichiro Higuchi", "Saburo Hagi", "Junichiro Mineki"]
    for v in side1 + side2:
        assert v.kind == "name" and v.entity == "person" and v.inferred


def test_units(record: Record) -> None:
    assert [v.text for v in values(record, "units", 1)] == ["16th Army", "Pacific Fleet"]
    assert [v.text for v in values(record, "units", 2)] == ["Fifth Area Army"]


def test_strength_is_numbers(record: Record) -> None:
    [s1] = values(record, "strength", 1)
    assert s1.kind == "count" and s1.number == 100000 and isinstance(s1.number, int)
    assert s1.category == "strength" and s1.unit == "person"
    [s2] = values(record, "strength", 2)
    assert s2.number == 29000 and s2.unit == "person"
    [part] = s2.parts
    assert part.number == 10000 and part.unit == "person"
    assert "reservist" in " ".join(filter(None, [part.category, part.note, part.text]))


def test_casualties_side1(record: Record) -> None:
    v = values(record, "casualties", 1)
    assert v[0].kind == "unknown" and v[0].text == "Unknown Red Army casualties"
    assert v[0].number is None and v[0].low is None
    assert len(v) == 2
    assert (v[1].kind, v[1].group, v[1].category, v[1].number) == ("count", "Pacific Fleet", "killed", 89)


def test_casualties_side2_keeps_ranges(record: Record) -> None:
    v = values(record, "casualties", 2)
    assert len(v) == 3
    killed, pow_, civ = v
    assert (killed.group, killed.category, killed.low, killed.high, killed.number) == (
        "Northern Army", "killed", 700, 2000, None)
    assert (pow_.group, pow_.category, pow_.number) == ("Northern Army", "captured", 18302)
    assert (civ.category, civ.low, civ.high) == ("civilian", 3500, 3700)


def test_prose_is_the_four_paragraphs(record: Record) -> None:
    paragraphs = record.paragraphs
    starts = ["The Invasion of South Sakhalin also called", "In the Treaty of Portsmouth",
              "During the Yalta Conference", "On 9 August"]
    assert len(paragraphs) == 4
    for text, start in zip(paragraphs, starts):
        assert text.startswith(start)
    prose = "\n".join(paragraphs)
    assert "Unknown Red Army casualties" not in prose
    assert "18,302 PoW" not in prose


def test_no_warnings_on_the_reference(record: Record) -> None:
    assert record.warnings == []
    box = record.infobox
    assert box is not None
    assert all(not f.warnings for f in box.fields)
