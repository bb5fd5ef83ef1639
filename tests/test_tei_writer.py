"""TEI writer: every document valid against tei_all, and the infobox encoded faithfully.

Hand-built records (from test_json_writer) cover every value kind, nested infoboxes,
sections, redirects, empty and hostile records; the real corpus, run through the
readers, checks the writer on what real articles look like.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from infobox_tools.errors import OutputError
from infobox_tools.record import Field, Infobox, Record, Value
from infobox_tools.writers.tei import (
    record_to_tei,
    tei_bytes,
    write_tei,
    write_tei_corpus,
)
from infobox_tools.writers.tei_values import iso_attr
from test_json_writer import (
    all_records,
    empty_record,
    every_kind_record,
    hostile_record,
    redirect_record,
    reference_record,
)

NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"



def parse(data: bytes) -> Any:
    return etree.fromstring(data)


def cell_text(cell: Any) -> str:
    """A cell's text without the notes (values/warnings) the writer added."""
    parts = [cell.text or ""]
    for child in cell:
        if child.tag != f"{{{NS['tei']}}}note":
            parts.append(cell_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def refs_resolve(doc: Any) -> None:
    """Pointers resolve, and TEI's Schematron rules that RELAX NG cannot check hold."""
    ids = {el.get(XML_ID) for el in doc.iter() if el.get(XML_ID)}
    for el in doc.iter():
        if el.get("subtype") is not None:
            assert el.get("type") is not None, f"{el.tag} has @subtype without @type"
        if el.get("atLeast") is not None and el.get("atMost") is not None:
            assert float(el.get("atLeast")) <= float(el.get("atMost")), etree.tostring(el)
        if el.get("when") is not None:
            assert el.get("from") is None and el.get("to") is None
        for attr in ("ref", "corresp", "datingMethod"):
            target = el.get(attr)
            if target and target.startswith("#"):
                assert target[1:] in ids, f"{attr}={target} points nowhere"


@pytest.mark.parametrize("record", all_records(), ids=lambda r: r.title[:20])
def test_every_hand_built_record_is_valid_tei(record: Record, validate_tei: Callable[[bytes], None]) -> None:
    data = tei_bytes(record)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    validate_tei(data)
    refs_resolve(parse(data))


def test_reference_infobox_table() -> None:
    record = reference_record()
    doc = parse(tei_bytes(record, converted="2026-11-27"))
    [table] = doc.findall(".//tei:table[@type='infobox']", NS)
    rows = table.findall("tei:row", NS)
    assert [r.get("n") for r in rows] == ["partof", "combatant", "commander", "units", "strength", "casualties"]
    assert table.get("rows") == "6" and table.get("cols") == "3"
    labels = [r.find("tei:cell[@role='label']", NS).text for r in rows]
    assert labels[1:3] == ["Belligerents", "Commanders and leaders"]
    # single-value row spans both sides; per-side rows have one data cell per side, in order
    assert [c.get("cols") for c in rows[0].findall("tei:cell[@role='data']", NS)] == ["2"]
    box = record.infoboxes[0]
    for row in rows[1:]:
        cells = row.findall("tei:cell[@role='data']", NS)
        assert [c.get("n") for c in cells] == ["1", "2"]
        for side, cell in enumerate(cells, 1):
            [f] = box.get(row.get("n"), side)
            assert cell_text(cell) == f.raw  # raw text kept verbatim
    strength2 = rows[4].findall("tei:cell", NS)[2]
    measures = strength2.findall(".//tei:measure", NS)
    assert [(m.get("type"), m.get("quantity"), m.get("unit")) for m in measures] == [
        ("strength", "29000", "person"), ("reservists", "10000", "person")]
    casualties2 = rows[5].findall("tei:cell", NS)[2]
    killed = casualties2.find("tei:measure[@type='killed']", NS)
    # the value says "700–2,000" (en dash); the raw text has a hyphen: still marked in place
    assert (killed.text, killed.get("atLeast"), killed.get("atMost")) == ("700-2,000 killed", "700", "2000")
    assert casualties2.find("tei:note", NS) is None
    commanders = rows[2].findall(".//tei:persName", NS)
    assert len(commanders) == 9 and all(p.get("cert") == "medium" for p in commanders)
    # the group of a count points to the org in standOff
    org = doc.find(f".//tei:org[@{{{XML_ID[1:].split('}')[0]}}}id='{killed.get('corresp')[1:]}']", NS)
    assert org is not None and org.find("tei:orgName", NS).text == "Northern Army"
    refs_resolve(doc)


def test_reference_header_cites_the_source() -> None:
    doc = parse(tei_bytes(reference_record(), converted="2026-11-27"))
    header = doc.find("tei:teiHeader", NS)
    assert header.findtext("tei:fileDesc/tei:titleStmt/tei:title", namespaces=NS) == "Invasion of South Sakhalin"
    licence = header.find(".//tei:publicationStmt/tei:availability/tei:licence", NS)
    assert "by-sa" in licence.get("target")
    assert header.find(".//tei:publicationStmt/tei:date", NS).get("when") == "2026-11-27"
    bibl = header.find(".//tei:sourceDesc/tei:bibl", NS)
    assert bibl.findtext("tei:idno[@type='URI']", namespaces=NS) == (
        "https://en.wikipedia.org/wiki/Invasion_of_South_Sakhalin")
    assert bibl.findtext("tei:idno[@type='file']", namespaces=NS).endswith("invasion_of_south_sakhalin.txt")
    assert header.find(".//tei:langUsage/tei:language", NS).get("ident") == "en"
    assert doc.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert "measure" in header.findtext(".//tei:encodingDesc//tei:p", namespaces=NS)
    paragraphs = doc.findall(".//tei:body/tei:div[@type='lead']/tei:p", NS)
    assert len(paragraphs) == 4 and "Южно-Сахалинская" in paragraphs[0].text


def test_every_kind_elements_and_attributes() -> None:
    record = every_kind_record()
    doc = parse(tei_bytes(record))
    first_table = doc.find(".//tei:table", NS)
    rows = {r.get("n"): r for r in first_table.iterfind("tei:row", NS) if r.get("n")}

    def only(key: str, path: str) -> Any:
        [el] = rows[key].findall(f"tei:cell[@role='data']//{path}", NS)
        return el

    assert only("name", "tei:persName").get("key") == "Douglas MacArthur"
    assert (only("number", "tei:num").get("value"), only("number", "tei:num").get("subtype")) == ("42", "approximate")
    assert (only("range", "tei:num").get("atLeast"), only("range", "tei:num").get("atMost")) == ("10", "12")
    assert only("quantity", "tei:measure").attrib == {"type": "quantity", "quantity": "31.2", "unit": "km2"}
    wounded = only("count", "tei:measure[@type='wounded']")
    assert wounded.get("quantity") == "1000" and wounded.get("corresp")
    assert rows["count"].find(".//tei:note[@type='values']/tei:measure", NS).get("type") == "missing"
    assert only("money", "tei:measure").attrib == {"type": "money", "quantity": "1500000", "unit": "USD"}
    assert only("date", "tei:date").get("when") == "1945-08-11"
    assert (only("daterange", "tei:date").get("from"), only("daterange", "tei:date").get("to")) == (
        "1945-08-11", "1945-08-25")
    assert only("unknown", "tei:seg").attrib == {"type": "unknown", "subtype": "killed"}
    assert only("image", "tei:ref").get("target") == "https://en.wikipedia.org/wiki/File:Sakhalin_map.png"
    assert only("url", "tei:ref").get("target") == "https://example.org/a%20b"
    assert only("coordinates", "tei:geo").text == "46.95 142.733"
    assert only("work", "tei:title").get("ref") == "https://en.wikipedia.org/wiki/Rashomon_(film)"
    assert only("old_date", "tei:date").attrib == {"when-iso": "-0043"}  # 44 BC
    assert only("bad_date", "tei:date").attrib == {}  # 30 February: text kept, no attribute
    assert rows["bad_date"].findtext(".//tei:note[@type='warning']", namespaces=NS) == "date out of range"
    julian = only("julian", "tei:date")
    assert julian.get("datingMethod") == "#julian"
    assert doc.find(".//tei:calendarDesc/tei:calendar", NS).get(XML_ID) == "julian"
    for key, row in rows.items():  # raw text intact in every row
        fields = [f for f in record.infoboxes[0].fields if f.key == key]
        assert cell_text(row.find("tei:cell[@role='data']", NS)) == fields[0].raw
    tables = doc.findall(".//tei:table", NS)
    assert [t.get("corresp") for t in tables] == [None, "#" + tables[0].get(XML_ID)]
    assert doc.find(".//tei:row[@role='label']/tei:cell", NS).text == "Dates"  # infobox section heading
    assert doc.findtext(".//tei:div[@type='infobox']/tei:note[@type='warning']", namespaces=NS) == "box warning"
    assert doc.findtext(".//tei:notesStmt/tei:note[@type='warning']", namespaces=NS) == "record warning"
    assert [t.text for t in doc.iterfind(".//tei:keywords/tei:term", NS)] == ["Battles", "1945 in Japan"]
    assert doc.findtext(".//tei:idno[@type='revision']", namespaces=NS) == "345"
    assert doc.find(".//tei:bibl/tei:date[@type='revision']", NS).get("when") == "2024-01-02T03:04:05Z"


def test_sections_nest_by_level_and_items_become_lists() -> None:
    doc = parse(tei_bytes(every_kind_record()))
    body = doc.find(".//tei:body", NS)
    top = [d.get("type") for d in body.findall("tei:div", NS)]
    assert top == ["infobox", "infobox", "lead", "section", "section", "section"]
    background = body.findall("tei:div[@type='section']", NS)[0]
    assert background.findtext("tei:head", namespaces=NS) == "Background"
    assert [c.tag.split("}")[1] for c in background] == ["head", "p", "list", "p", "div"]
    assert [i.text for i in background.findall("tei:list/tei:item", NS)] == ["one", "two"]
    assert background.find("tei:div/tei:head", NS).text == "Details"


def test_hostile_strings_survive(validate_tei: Callable[[bytes], None]) -> None:
    data = tei_bytes(hostile_record())
    validate_tei(data)
    doc = parse(data)
    assert doc.findtext(".//tei:body/tei:head", namespaces=NS) == "Hostile <&> ]]> \ufffd title"
    warnings = [n.text for n in doc.iterfind(".//tei:notesStmt/tei:note[@type='warning']", NS)]
    assert any("not allowed in XML" in w for w in warnings)
    label = doc.find(".//tei:row[@n='nasty']/tei:cell[@role='label']", NS).text
    assert label.startswith("a < b & c > d ]]> \"q\" 'q' \ufffd\ufffd\ufffd") and label.endswith("end")
    assert "\ufffe" not in label and "\ud800" not in label


def test_redirect_and_empty_bodies() -> None:
    doc = parse(tei_bytes(redirect_record()))
    assert doc.find("tei:text", NS).get("type") == "redirect"
    ref = doc.find(".//tei:body/tei:p/tei:ref", NS)
    assert ref.text == "Invasion of South Sakhalin"
    assert ref.get("target") == "https://en.wikipedia.org/wiki/Invasion_of_South_Sakhalin"
    doc = parse(tei_bytes(empty_record()))
    body = doc.find(".//tei:body", NS)
    assert [c.tag.split("}")[1] for c in body] == ["head", "p"]
    assert doc.find("tei:standOff", NS) is None


def test_iso_dates_to_tei_attributes() -> None:
    assert iso_attr("1945") == ("", "1945")
    assert iso_attr("1945-08") == ("", "1945-08")
    assert iso_attr("44") == ("", "0044")  # short year padded
    assert iso_attr("-0043") == ("-iso", "-0043")  # 44 BC, astronomical
    assert iso_attr("0000") == ("-iso", "0000")  # 1 BC
    assert iso_attr("12345-01-01") == ("", "12345-01-01")
    assert iso_attr("2000-02-29") == ("", "2000-02-29")
    for bad in ("1900-02-29", "1945-13", "1945-00", "August 1945", "", None):
        assert iso_attr(bad) is None, bad


@pytest.mark.parametrize("iso", ["-0043", "0000", "0044", "-12000-05", "1582-10-04", "12345"])
def test_odd_years_stay_valid(iso: str, validate_tei: Callable[[bytes], None]) -> None:
    record = Record(title="Dates", infoboxes=[Infobox(fields=[Field(
        "date", raw="x", values=[Value(kind="date", text="x", date=iso),
                                 Value(kind="daterange", text="x", start=iso, end=None)])])])
    validate_tei(tei_bytes(record))


def test_write_tei_to_path_and_streams(tmp_path: Path) -> None:
    record = reference_record()
    target = tmp_path / "ref.xml"
    write_tei(record, target, converted="2026-11-27")
    binary, text = io.BytesIO(), io.StringIO()
    write_tei(record, binary, converted="2026-11-27")
    write_tei(record, text, converted="2026-11-27")
    assert target.read_bytes() == binary.getvalue() == text.getvalue().encode("utf-8")
    assert record_to_tei(record).tag == "{http://www.tei-c.org/ns/1.0}TEI"


def test_corpus_of_records(tmp_path: Path, validate_tei: Callable[[bytes], None]) -> None:
    target = tmp_path / "corpus.xml"
    records = all_records()
    assert write_tei_corpus(iter(records), target) == len(records)
    data = target.read_bytes()
    validate_tei(data)
    doc = parse(data)
    assert doc.tag == "{http://www.tei-c.org/ns/1.0}teiCorpus"
    assert doc[0].tag.endswith("teiHeader")
    assert len(doc.findall("tei:TEI", NS)) == len(records)
    ids = [el.get(XML_ID) for el in doc.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))
    refs_resolve(doc)
    with pytest.raises(OutputError, match="no records"):
        write_tei_corpus([], tmp_path / "none.xml")
    assert not (tmp_path / "none.xml").exists()


def test_real_corpus_records_are_valid_tei(real_records: list[Record], validate_tei: Callable[[bytes], None]) -> None:
    for record in real_records:
        data = tei_bytes(record)
        validate_tei(data)
        doc = parse(data)
        refs_resolve(doc)
        tables = doc.findall(".//tei:table[@type='infobox']", NS)
        assert len(tables) == len(record.infoboxes), record.title
        for box, table in zip(record.infoboxes, tables):
            data_cells = [c for c in table.iterfind(".//tei:cell[@role='data']", NS)]
            raws = {f.raw for f in box.fields}
            # every single-field cell keeps its field's raw text verbatim
            for cell in data_cells:
                if cell.find("tei:lb", NS) is None and cell_text(cell):
                    assert cell_text(cell) in raws, (record.title, cell_text(cell)[:80])


# ---------------------------------------------------------------- any text at all

_numbers = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False, width=32))
_values = st.one_of(
    st.builds(Value, kind=st.just("text"), text=st.text(max_size=30)),
    st.builds(Value, kind=st.just("name"), text=st.text(max_size=30),
              entity=st.sampled_from([None, "person", "organisation", "place", "event", "work"]),
              link=st.one_of(st.none(), st.text(min_size=1, max_size=20))),
    st.builds(Value, kind=st.just("count"), text=st.text(max_size=20), number=_numbers,
              category=st.text(min_size=1, max_size=10), group=st.one_of(st.none(), st.text(min_size=1, max_size=10)),
              unit=st.one_of(st.none(), st.text(min_size=1, max_size=5)), inferred=st.booleans(),
              qualifier=st.one_of(st.none(), st.text(min_size=1, max_size=10))),
    st.builds(Value, kind=st.just("range"), text=st.text(max_size=20), low=_numbers, high=_numbers,
              qualifier=st.one_of(st.none(), st.text(min_size=1, max_size=10))),
    st.builds(Value, kind=st.just("date"), text=st.text(max_size=20),
              date=st.from_regex(r"\A-?[0-9]{1,5}(-[0-9]{2}(-[0-9]{2})?)?\Z")),
    st.builds(Value, kind=st.sampled_from(["url", "image"]), text=st.text(min_size=1, max_size=20)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.text(max_size=60), values=st.lists(_values, max_size=4), title=st.text(max_size=20),
       heading=st.text(max_size=20), lang=st.sampled_from([None, "en", "simple", "zh-Hant", "bad lang!"]))
def test_any_text_gives_valid_tei_keeping_the_raw_text(raw: str, values: list[Value], title: str, heading: str,
                                                        lang: str | None, tei_schema: Any) -> None:
    from infobox_tools.record import Block, Section, Source

    record = Record(title=title, source=Source(lang=lang),
                    infoboxes=[Infobox(type=title or None, fields=[Field("k", raw=raw, side=1, values=values)])],
                    sections=[Section(heading, 2, [Block("paragraph", raw), Block("item", heading)])])
    doc = parse(tei_bytes(record))
    assert tei_schema.validate(doc), str(tei_schema.error_log)[:500]
    refs_resolve(doc)
    cell = doc.find(".//tei:cell[@role='data']", NS)
    expected = "".join("\ufffd" if not _xml_char(c) else c for c in raw)
    assert cell_text(cell) == expected


def _xml_char(c: str) -> bool:
    o = ord(c)
    return o in (9, 10, 13) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000


_ANY_URI = etree.RelaxNG(etree.fromstring(
    b'<element name="x" xmlns="http://relaxng.org/ns/structure/1.0" '
    b'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">'
    b'<attribute name="u"><data type="anyURI"/></attribute></element>'))


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(), st.from_regex(r"\A(https?|ftp|File):[^#]*(#.*)?\Z")))
def test_uri_always_gives_an_any_uri(text: str) -> None:
    from infobox_tools.writers.tei_common import Context, uri

    value = uri(Context().clean(text))
    el = etree.Element("x", u=value)
    assert _ANY_URI.validate(el), (text, value)


def test_corpus_interrupted_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "corpus.xml"
    target.write_bytes(b"old")

    def records() -> Any:
        yield reference_record()
        raise RuntimeError("reader crashed")

    with pytest.raises(RuntimeError, match="reader crashed"):
        write_tei_corpus(records(), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.xml"]
