"""The wikitext reader's infobox part, held to real pages of the corpus.

Each case was checked by reading the page's source: infobox type, number of filled
parameters, and several values (a name, a date, a number, a list).  Constructed input
(parameter names, redirects, disambiguation, edge cases, templates in values) is in
``test_wikitext_infobox_markup``, which imports the ``_field`` and ``_check`` helpers from here.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from infobox_tools.readers.wikitext import read
from infobox_tools.record import Field, Infobox, Source

WTF = Path("wikitext") / "wtf_wikipedia_cache"


def _field(box: Infobox, param: str) -> Field:
    hits = [f for f in box.fields if (f.param or "").lower() == param.lower()]
    assert len(hits) == 1, f"{param!r}: {len(hits)} fields"
    return hits[0]


def _check(box: Infobox, param: str, what: str, expected: Any) -> None:
    f = _field(box, param)
    if what == "texts":
        assert [v.text for v in f.values] == expected
    elif what == "links":
        assert [v.link for v in f.values] == expected
    elif what.startswith("field."):
        assert getattr(f, what[6:]) == expected, (param, what, f)
    else:
        assert getattr(f.values[0], what) == expected, (param, what, f.values[0])


# (file, infobox index, type, template, filled parameters, [(param, attribute, expected)])
CASES: list[tuple[str, int, str, str, int, list[tuple[str, str, Any]]]] = [
    ("Harry-McPherson.txt", 0, "officeholder", "Infobox Officeholder", 20, [
        ("name", "text", "Harry McPherson"), ("birth_date", "date", "1929-08-22"),
        ("death_date", "text", "February 16, 2012 (aged 82)"), ("death_date", "date", "2012-02-16"),
        ("president", "link", "Lyndon B. Johnson"), ("image", "kind", "image"),
        ("education", "texts", ["Southern Methodist University", "University of the South (BA)",
                                "Columbia University (MA)", "University of Texas, Austin (LLB)"]),
    ]),
    ("Altimont-Butler.txt", 0, "football biography", "Infobox football biography", 49, [
        ("name", "text", "Freddie Butler"), ("birth_date", "text", "21 July 1968"),
        ("height", "number", 1.77), ("height", "unit", "m"), ("nationalcaps1", "text", "69"),
        ("clubs9", "link", "Cleveland Crunch"),
    ]),
    ("toronto.txt", 0, "settlement", "Infobox settlement", 77, [
        ("name", "text", "Toronto"), ("leader_name", "link", "Rob Ford"), ("area_total_km2", "text", "630"),
        ("image_flag", "text", "Toronto Flag.svg"), ("website", "kind", "url"),
        ("website", "url", "http://www.toronto.ca/"),
    ]),
    # statlabelN/statvalueN pairs are one field each (29 parameters, 5 pairs)
    ("Charlie-Milstead.txt", 0, "nfl biography", "Infobox NFL biography", 19, [
        ("name", "text", "Charlie Milstead"), ("birth_date", "date", "1937-11-21"), ("number", "text", "12"),
        ("position", "texts", ["Quarterback", "Defensive back"]), ("pastteams", "text", "Houston Oilers (1960–1961)"),
        ("statvalue5", "text", "2,365"), ("statvalue5", "field.label", "Punting yards"),
        ("statvalue5", "field.key", "punting_yards"), ("statvalue3", "field.label", "Interceptions"),
    ]),
    ("Elizabeth-Gilbert.txt", 0, "writer", "Infobox writer", 14, [
        ("birth_date", "date", "1969-07-18"), ("image", "kind", "image"),
        ("spouse", "texts", ["Michael Cooper", "(1994–2002)", "Jose Nunes", "(2007–2016)"]),
    ]),
    ("Alsea-(company).txt", 0, "company", "Infobox company", 17, [
        ("name", "text", "Alsea, S.A.B. de C.V."), ("founded", "date", "1997-05-16"),
        ("area_served", "texts", ["Latin America", "Spain"]), ("num_employees", "text", "60,000 (2014)"),
    ]),
    ("Alexander-Y-Type.txt", 0, "uk bus", "Infobox UK Bus", 14, [("name", "text", "Alexander Y Type")]),
    ("Jerry-Mumphrey.txt", 0, "baseball biography", "Infobox baseball biography", 23, [
        ("name", "text", "Jerry Mumphrey"), ("birth_date", "date", "1952-09-09"), ("debutyear", "text", "1974"),
    ]),
    ("Bodmin.txt", 0, "uk place", "Infobox UK place", 19, [
        ("coordinates", "latitude", 50.466), ("coordinates", "longitude", -4.718),
        ("population", "text", "14,736"),
    ]),
    ("Mozilla-Firefox.txt", 0, "software", "Infobox Software", 13, [
        ("Erscheinungsjahr", "text", "2002"), ("Logo", "kind", "image"), ("Website", "kind", "url"),
        ("Website", "text", "www.mozilla.org"), ("Website", "url", "https://www.mozilla.org/de/firefox/new/"),
    ]),
    ("raith_rovers.txt", 0, "football club", "Infobox football club", 40, [
        ("clubname", "text", "Raith Rovers"), ("founded", "date", "1883"),
        ("ground", "texts", ["Stark's Park", "Kirkcaldy, Scotland"]),
    ]),
    ("al_Haytham.txt", 0, "scientist", "Infobox scientist", 10, [
        ("name", "texts", ["Hasan Ibn al-Haytham", "(Alhazen)"]), ("birth_date", "date", "0965"),
        ("birth_date", "qualifier", "approximate"), ("fields", "texts", ["Optics", "Astronomy", "Mathematics"]),
    ]),
    ("Britt-Morgan.txt", 0, "adult biography", "Infobox adult biography", 9, [
        ("birth_date", "date", "1963-08-12"), ("height", "text", "5 ft 3 in"),
    ]),
    ("Maurische-Netzwuhle.txt", 0, "taxobox", "Taxobox", 20, [("Taxon_Name", "text", "Maurische Netzwühle")]),
    ("Mark-Behr.txt", 0, "persoon", "Inligtingskas Persoon", 10, [("naam", "text", "Mark Behr")]),
    ("africaans.txt", 0, "eilande", "Inligtingskas Eilande", 28, [
        ("naam", "text", "Groot-Brittanje"), ("koördinate", "latitude", 53.833333),
    ]),
    ("statoil.txt", 0, "verksemd", "Infoboks verksemd", 11, [("namn", "text", "Statoil ASA")]),
    ("Senate_of_Pakistan.txt", 0, "legislature", "Infobox legislature", 32, [("new_session", "date", "2015-03-05")]),
    ("Tour-EP-(Band-of-Horses-EP).txt", 0, "album", "Infobox album", 11, [
        ("Name", "text", "Tour EP"), ("This album", "texts", ["Tour EP", "(2005)"]),
    ]),
    ("United-Kingdom.txt", 0, "country", "Infobox country", 94, [("common_name", "text", "United Kingdom")]),
    ("julia_kristeva.txt", 0, "philosopher", "Infobox philosopher", 19, [
        ("birth_date", "date", "1941-06-24"),
        ("school_tradition", "texts", ["Psychoanalysis", "Structuralism", "Poststructuralism"]),
    ]),
    ("jodie_emery.txt", 0, "person", "Infobox person", 11, [
        ("party", "texts", ["Liberal Party of Canada", "B.C. Green Party", "B.C. Marijuana Party"]),
    ]),
    ("Irina-Saratovtseva.txt", 0, "football biography", "Infobox football biography", 29, [
        ("birth_date", "date", "1989-07-23"), ("height", "number", 1.80),
    ]),
    ("Terrence-Murphy-(American-football).txt", 0, "nfl player", "Infobox NFL player", 18, [
        ("birth_date", "date", "1982-12-15"), ("number", "text", "85"), ("statvalue1", "field.key", "receptions"),
        ("statvalue2", "field.label", "Receiving Yards"),
    ]),
    ("K.-Nicole-Mitchell.txt", 0, "judge", "Infobox Judge", 5, [
        ("alma_mater", "texts", ["Texas A&M (B.A., M.A.)", "Baylor Law School (J.D.)"]),
    ]),
]
# Pages with an infobox whose type and size are checked, without value checks.
TYPES = [
    ("2008-British-motorcycle-Grand-Prix.txt", "grand prix motorcycle race report", 47),
    ("AACTA-Award-for-Outstanding-Achievement-in-Short-Film-Screen-Craft.txt", "award", 6),
    ("Allen-R.-Morris.txt", "person", 10), ("Antique-(band).txt", "musical artist", 8),
    ("Arts_Club_of_Chicago.txt", "museum", 8), ("BBDO.txt", "unternehmen", 9),
    ("Bradley-(community),-Lincoln-County,-Wisconsin.txt", "settlement", 18),
    ("Canton-of-Etaples.txt", "french canton", 10), ("Dollar-Point,-California.txt", "settlement", 47),
    ("Goryeo-ware.txt", "korean name", 8), ("Teymanak-e-Olya.txt", "settlement", 23),
    ("royal_cinema.txt", "venue", 11), ("toronto_star.txt", "newspaper", 16),
]


@pytest.mark.parametrize("name,index,type_,template,count,checks", CASES, ids=[c[0][:-4] for c in CASES])
def test_infobox_page(corpus: Path, name: str, index: int, type_: str, template: str, count: int,
                      checks: list[tuple[str, str, Any]]) -> None:
    record = read((corpus / WTF / name).read_text(encoding="utf-8"), source=Source(file=name))
    assert record.title == name[:-4]
    box = record.infoboxes[index]
    assert (box.type, box.template, box.type_source) == (type_, template, "template")
    assert len(box.fields) == count
    for param, what, expected in checks:
        _check(box, param, what, expected)


@pytest.mark.parametrize("name,type_,count", TYPES, ids=[t[0][:-4] for t in TYPES])
def test_infobox_type(corpus: Path, name: str, type_: str, count: int) -> None:
    box = read((corpus / WTF / name).read_text(encoding="utf-8")).infobox
    assert box is not None and box.type == type_ and len(box.fields) == count
    assert all(f.raw for f in box.fields)


def test_faroese_infoboks(corpus: Path) -> None:
    text = (corpus / "wikitext" / "fowiki" / "Klaksvikar_kommuna.txt").read_text(encoding="utf-8")
    box = read(text).infobox
    assert box is not None and (box.type, box.template) == ("kommuna", "Infoboks Kommuna")
    assert len(box.fields) == 8  # búmerki and viðmerkingar are empty
    assert _field(box, "borgarstjóri").values[0].link == "Jógvan Skorheim"
    assert _field(box, "vídd").raw == "113,7"
    assert _field(box, "heimasíða").values[0].text == "Klaksvik.fo"
    assert _field(box, "kommunukort").values[0].kind == "image"


def test_nested_subbox_has_parent(corpus: Path) -> None:
    text = (corpus / WTF / "United-Kingdom.txt").read_text(encoding="utf-8")
    record = read(text)
    assert [b.parent for b in record.infoboxes] == [None, 0]
    assert record.infoboxes[1].template == "Infobox"
    assert _field(record.infoboxes[1], "subbox").raw == "yes"
    assert record.infobox is record.infoboxes[0]


def test_subbox_label_data_pairs(corpus: Path) -> None:
    """The UK's native names sit in ``{{Infobox|subbox=yes|label1=[[Scots language|Scots]]:|data1=…}}``."""
    sub = read((corpus / WTF / "United-Kingdom.txt").read_text(encoding="utf-8")).infoboxes[1]
    pairs = [(f.key, f.label, f.param) for f in sub.fields if f.label]
    assert [p[0] for p in pairs] == ["scots", "ulster_scots", "welsh", "cornish", "scottish_gaelic", "irish"]
    assert pairs[0][1:] == ("Scots", "data1") and pairs[4][1] == "Scottish Gaelic"
    assert not [f for f in sub.fields if f.key.startswith(("label", "data"))]
    welsh = sub.get("welsh")[0]
    assert welsh.values[0].text == "Teyrnas Unedig Prydain Fawr a Gogledd Iwerddon" and welsh.section is None


def _dump_pages(path: Path, pattern: str) -> dict[str, str]:
    """Main-namespace page texts of an XML dump that match ``pattern``."""
    import re

    from lxml import etree

    ns = "{http://www.mediawiki.org/xml/export-0.10/}"
    out: dict[str, str] = {}
    for _, page in etree.iterparse(str(path), tag=ns + "page"):
        text = page.findtext(f"{ns}revision/{ns}text") or ""
        if page.findtext(ns + "ns") == "0" and re.search(pattern, text):
            out[page.findtext(ns + "title") or ""] = text
        page.clear()
    return out


def test_header_sections_in_ltgwiki_dump(corpus: Path) -> None:
    """ltgwiki's ``{{Infoskreine}}`` is the generic infobox: ``headerN``, ``labelN``, ``dataN``."""
    pages = _dump_pages(corpus / "dumps" / "dumpster-dive" / "smallwiki-latest-pages-articles.xml",
                        r"\|\s*header\d+\s*=")
    assert len(pages) == 6
    box = read(pages["Baraks Obama"], title="Baraks Obama").infobox
    assert box is not None and box.template == "Infoskreine"
    row = _field(box, "data3")
    assert (row.key, row.label, row.section) == ("prīškaudzs", "Prīškaudzs", "2009 — niule")
    assert row.values[0].link == "Džordžs V. Bušs"
    # header1 has no row under it (header2 follows at once): kept as a field, not lost
    head = _field(box, "header1")
    assert (head.section, head.text) == ("ASV Prezidents", "ASV Prezidents")
    assert not [f for f in box.fields if f.param in ("label3", "header2")]
    for title, text in pages.items():
        box = read(text, title=title).infobox
        assert box is not None
        rows = [f for f in box.fields if f.label]
        assert len(rows) == 1 and rows[0].section and rows[0].param == "data3", title


def test_collapsible_list_items(corpus: Path) -> None:
    box = read((corpus / WTF / "toronto.txt").read_text(encoding="utf-8")).infobox
    assert box is not None
    mps = _field(box, "leader_name3").values
    assert len(mps) == 23 and mps[2].text == "John Carmichael"
    assert mps[2].link == "John Carmichael (politician)"


def test_redirect(corpus: Path) -> None:
    record = read((corpus / WTF / "redirect.txt").read_text(encoding="utf-8"))
    assert record.redirect == "Toronto" and record.infoboxes == []


def _all_pages(corpus: Path) -> list[tuple[str, str]]:
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((corpus / "wikitext").rglob("*.txt"))]
    for p in sorted((corpus / "html" / "enterprise_api").glob("*.json")):
        pages.append((p.name, json.loads(p.read_text(encoding="utf-8"))["article_body"]["wikitext"]))
    return pages


def test_whole_corpus_reads_and_warns(corpus: Path) -> None:
    """No page raises; every template the reader does not know is named in a warning."""
    from infobox_tools.readers.wikitemplates import RENDERERS, fold_name

    pages = _all_pages(corpus)
    total = sum(len(t) for _, t in pages)
    start = time.perf_counter()
    boxes = 0
    for name, text in pages:
        record = read(text, title=name)
        boxes += len(record.infoboxes)
        for box in record.infoboxes:
            for f in box.fields:
                for w in f.warnings:
                    if w.startswith("unknown template: "):
                        assert fold_name(w[18:]) not in RENDERERS
    elapsed = time.perf_counter() - start
    assert boxes >= 42
    assert total / elapsed > 100_000, f"{total / elapsed / 1e6:.2f} MB/s"


def test_enterprise_api_infoboxes(corpus: Path) -> None:
    data = json.loads((corpus / "html" / "enterprise_api" / "frwiki_Calvi.json").read_text(encoding="utf-8"))
    record = read(data["article_body"]["wikitext"], title=data["name"])
    assert record.infobox is not None and record.infobox.type_source == "template"
    assert record.title == "Calvi"
