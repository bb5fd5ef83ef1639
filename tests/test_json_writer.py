"""JSON writer: one record to JSON text, checked against the shipped JSON Schema.

The records are built by hand (the other writer tests import them from here): one per
value kind, nested infoboxes, sections, redirects, empty and hostile records, and the
reference article as its issue specifies it (fixtures/invasion_of_south_sakhalin.txt).
The corpus's real records come from the ``real_records`` fixture (conftest.py).  The other
JSON writer tests: the schema itself and the real corpus in
test_json_writer_schema.py, files and streams in test_json_writer_files.py, the fast
(orjson) path in test_json_writer_fast.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infobox_tools.errors import OutputError
from infobox_tools.record import (
    VALUE_KINDS,
    Block,
    Field,
    Infobox,
    Record,
    Section,
    Source,
    Value,
)
from infobox_tools.writers.json import record_to_json

# ---------------------------------------------------------------- record builders


def reference_record() -> Record:
    """Invasion of South Sakhalin, built by hand from reading the fixture: six keys, two sides."""

    def names(texts: list[str], entity: str, inferred: bool = False) -> list[Value]:
        return [Value(kind="name", text=s, entity=entity, inferred=inferred) for s in texts]

    commanders1 = ["M.A. Purkayev", "L.G. Cheremisov", "Anatoly Petrakovsky", "Ivan Baturov",
                   "Ivan Yumashev", "V.A. Andreev"]
    commanders2 = ["Kiichiro Higuchi", "Saburo Hagi", "Junichiro Mineki"]
    fields = [
        Field("partof", raw="Part of the Soviet-Japanese War (1945)", label="Part of",
              values=[Value(kind="name", text="Soviet-Japanese War (1945)", entity="event",
                            link="Soviet–Japanese War")]),
        Field("combatant", raw="Soviet Union", label="Belligerents", side=1,
              values=names(["Soviet Union"], "organisation")),
        Field("combatant", raw="Japan", label="Belligerents", side=2, values=names(["Japan"], "organisation")),
        Field("commander", raw=" ".join(commanders1), label="Commanders and leaders", side=1,
              values=names(commanders1, "person", inferred=True)),
        Field("commander", raw=" ".join(commanders2), label="Commanders and leaders", side=2,
              values=names(commanders2, "person", inferred=True)),
        Field("units", raw="16th Army Pacific Fleet", label="Units involved", side=1,
              values=names(["16th Army", "Pacific Fleet"], "organisation", inferred=True)),
        Field("units", raw="Fifth Area Army", label="Units involved", side=2,
              values=names(["Fifth Area Army"], "organisation")),
        Field("strength", raw="100,000 men", label="Strength", side=1,
              values=[Value(kind="count", text="100,000 men", number=100000, unit="person",
                            category="strength")]),
        Field("strength", raw="29,000 men (including 10,000 reservists)", label="Strength", side=2,
              values=[Value(kind="count", text="29,000 men", number=29000, unit="person", category="strength",
                            note="including 10,000 reservists",
                            parts=[Value(kind="count", text="10,000 reservists", number=10000,
                                         unit="person", category="reservists")])]),
        Field("casualties", raw="Unknown Red Army casualties Pacific Fleet: 89 killed",
              label="Casualties and losses", side=1,
              values=[Value(kind="unknown", text="Unknown Red Army casualties", group="Red Army"),
                      Value(kind="count", text="89 killed", number=89, unit="person", category="killed",
                            group="Pacific Fleet")]),
        Field("casualties", raw=("Northern Army: 700-2,000 killed, 18,302 PoW 3,500-3,700 Japanese "
                                 "civilian casualties"), label="Casualties and losses", side=2,
              values=[Value(kind="count", text="700–2,000 killed", low=700, high=2000, unit="person",
                            category="killed", group="Northern Army"),
                      Value(kind="count", text="18,302 PoW", number=18302, unit="person",
                            category="captured", group="Northern Army"),
                      Value(kind="count", text="3,500-3,700 Japanese civilian casualties", low=3500,
                            high=3700, unit="person", category="civilian")]),
    ]
    paragraphs = [
        ("The Invasion of South Sakhalin also called the Battle of Sakhalin (Russian: Южно-Сахалинская "
         "операция) and (Japanese: 樺太の戦い) was the Soviet invasion of the Japanese territorial portion "
         "of Sakhalin island known as Karafuto Prefecture."),
        "In the Treaty of Portsmouth in 1905, control of the island was split.",
        "During the Yalta Conference of 1945, Soviet Union leader Joseph Stalin pledged to enter the fight.",
        "On 9 August, the Soviet Union repudiated the Soviet–Japanese Neutrality Pact.",
    ]
    return Record(
        title="Invasion of South Sakhalin",
        source=Source(form="pipetext", file="fixtures/invasion_of_south_sakhalin.txt", lang="en",
                      url="https://en.wikipedia.org/wiki/Invasion_of_South_Sakhalin"),
        infoboxes=[Infobox(type="military conflict", type_source="labels",
                           title="Invasion of South Sakhalin", fields=fields)],
        sections=[Section(None, 0, [Block("paragraph", p) for p in paragraphs])],
    )


def every_kind_record() -> Record:
    """One value of every kind, a nested infobox, sections with items and sub-sections."""
    values = {
        "text": Value(kind="text", text="see below"),
        "name": Value(kind="name", text="Douglas MacArthur", entity="person", link="Douglas MacArthur"),
        "number": Value(kind="number", text="about 42", number=42, qualifier="approximate"),
        "range": Value(kind="range", text="10–12", low=10, high=12),
        "quantity": Value(kind="quantity", text="31.2 km2", number=31.2, unit="km2"),
        "count": Value(kind="count", text="Northern Army: 1,000 wounded", number=1000, unit="person",
                       category="wounded", group="Northern Army",
                       parts=[Value(kind="count", text="200 missing", number=200, category="missing")]),
        "money": Value(kind="money", text="$1.5 million (2023)", number=1500000, currency="USD", date="2023",
                       precision="year"),
        "date": Value(kind="date", text="11 August 1945", date="1945-08-11", precision="day"),
        "daterange": Value(kind="daterange", text="11–25 August 1945", start="1945-08-11",
                           end="1945-08-25", precision="day"),
        "unknown": Value(kind="unknown", text="Unknown", category="killed"),
        "image": Value(kind="image", text="Sakhalin map.png"),
        "url": Value(kind="url", text="example.org", url="https://example.org/a b"),
        "bool": Value(kind="bool", text="yes"),
        "coordinates": Value(kind="coordinates", text="46°57′N 142°44′E", latitude=46.95, longitude=142.733),
    }
    assert set(values) == set(VALUE_KINDS)
    fields = [Field(kind, raw=f"{v.text} [1]", label=kind.title(), param=kind, values=[v])
              for kind, v in values.items()]
    fields.append(Field("empty", raw="", label="Empty"))
    fields.append(Field("work", raw="Rashomon (1950)", values=[Value(kind="name", text="Rashomon", entity="work",
                                                                    link="Rashomon (film)")]))
    fields.append(Field("old_date", raw="44 BC", values=[Value(kind="date", text="44 BC", date="-0043",
                                                               precision="year")]))
    fields.append(Field("julian", raw="5 March 1700 (O.S.)", section="Dates",
                        values=[Value(kind="date", text="5 March 1700", date="1700-03-05", precision="day",
                                      calendar="julian")]))
    fields.append(Field("bad_date", raw="30 February", values=[Value(kind="date", text="30 February",
                                                                     date="1945-02-30")],
                        warnings=["date out of range"]))
    nested = Infobox(type="officeholder", template="Infobox officeholder", type_source="template", parent=0,
                     fields=[Field("name", raw="Someone", values=[Value(kind="name", text="Someone")])])
    sections = [
        Section(None, 0, [Block("paragraph", "Lead paragraph.")]),
        Section("Background", 2, [Block("paragraph", "First."), Block("item", "one"), Block("item", "two"),
                                  Block("paragraph", "After the list.")]),
        Section("Details", 3, [Block("item", "only items")]),
        Section("Empty heading", 2, []),
        Section("Aftermath", 2, [Block("paragraph", "End.")]),
    ]
    return Record(
        title="Every kind", source=Source(form="wikitext", site="enwiki", page_id=12, revision=345,
                                          timestamp="2024-01-02T03:04:05Z", namespace=0, lang="en"),
        infoboxes=[Infobox(type="military conflict", template="Infobox military conflict",
                           type_source="template", fields=fields, warnings=["box warning"]), nested],
        sections=sections, categories=["Battles", "1945 in Japan"], tables=2,
        warnings=["record warning"],
    )


def hostile_record() -> Record:
    """Strings that break naive XML/CSV/JSON code."""
    nasty = "a < b & c > d ]]> \"q\" 'q' \x00\x07\x1b \ufffe \ud800 end"
    return Record(
        title="Hostile <&> ]]> \x0c title",
        source=Source(lang="en"),
        infoboxes=[Infobox(type="test box", title=nasty, fields=[
            Field("formula", raw="=cmd|' /C calc'!A0", values=[Value(kind="text", text="=cmd|' /C calc'!A0")]),
            Field("plus", raw="+1-2", values=[Value(kind="text", text="+1-2")]),
            Field("minus", raw="-5", values=[Value(kind="number", text="-5", number=-5)]),
            Field("at", raw="@SUM(A1)", values=[Value(kind="text", text="@SUM(A1)")]),
            Field("nasty", raw=nasty, label=nasty, values=[Value(kind="text", text=nasty, note=nasty)],
                  warnings=[nasty]),
            Field("multi\nline", raw="line one\nline two, \"quoted\"", values=[]),
        ])],
        sections=[Section(nasty, 2, [Block("paragraph", nasty), Block("item", nasty)])],
        categories=[nasty],
        warnings=[nasty],
    )


def redirect_record() -> Record:
    return Record(title="Sakhalin invasion", redirect="Invasion of South Sakhalin",
                  source=Source(form="wikitext", site="enwiki", page_id=7, namespace=0))


def empty_record() -> Record:
    return Record(title="Nothing here")


def all_records() -> list[Record]:
    return [reference_record(), every_kind_record(), hostile_record(), redirect_record(), empty_record(),
            Record(title="Disambiguation page", disambiguation=True,
                   sections=[Section(None, 0, [Block("item", "A (film)"), Block("item", "A (band)")])])]


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("record", all_records(), ids=lambda r: r.title[:20])
def test_json_validates_and_round_trips(record: Record, validate_json: Callable[[Any], None]) -> None:
    text = record_to_json(record)
    data = json.loads(text)
    validate_json(data)
    assert list(data) == list(record.to_dict())
    assert Record.from_dict(data) == record
    indented = json.loads(record_to_json(record, indent=2))
    assert Record.from_dict(indented) == record


def test_json_is_utf8_not_escaped_and_numbers_are_numbers() -> None:
    text = record_to_json(reference_record())
    assert "Южно-Сахалинская" in text and "\\u" not in text
    assert "\n" not in text  # compact: one line
    data = json.loads(text)
    strength = data["infoboxes"][0]["fields"][7]["values"][0]
    assert strength["number"] == 100000 and isinstance(strength["number"], int)


def test_lone_surrogate_is_escaped_so_output_encodes() -> None:
    text = record_to_json(hostile_record())
    text.encode("utf-8")  # must not raise
    assert "\\ud800" in text
    assert json.loads(text)["warnings"][0].endswith("\ud800 end")


def test_nan_is_an_output_error() -> None:
    record = Record(title="NaN page", infoboxes=[Infobox(fields=[
        Field("x", values=[Value(kind="number", text="?", number=float("nan"))])])])
    with pytest.raises(OutputError, match="NaN page"):
        record_to_json(record)


@settings(max_examples=80, deadline=None)
@given(texts=st.lists(st.text(), min_size=4, max_size=4),
       number=st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_any_strings_round_trip_through_json(texts: list[str], number: float,
                                             validate_json: Callable[[Any], None]) -> None:
    title, raw, text, warning = texts
    record = Record(title=title, infoboxes=[Infobox(type=text, fields=[
        Field(raw or "k", raw=raw, label=text, values=[Value(kind="number", text=text, number=number)],
              warnings=[warning or "w"])])], warnings=[warning or "w"])
    out = record_to_json(record)
    out.encode("utf-8")  # always encodable, lone surrogates included
    validate_json(json.loads(out))
    assert Record.from_dict(json.loads(out)) == record
