"""The HTML reader on the real corpus: metadata, infobox rows, hints, prose, hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infobox_tools.errors import ParseError
from infobox_tools.readers import html
from infobox_tools.readers.htmltext import wiki_target
from infobox_tools.record import Record

HTML_DIRS = ("html/enterprise_parser/testdata", "html/enterprise_dump_records")
_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _html_files() -> list[str]:
    """Relative paths of every HTML file in the corpus (for parametrisation)."""
    import os

    root = Path(os.environ.get("INFOBOX_TOOLS_CORPUS", _CORPUS))
    files = [str(p.relative_to(root)) for d in HTML_DIRS for p in sorted((root / d).glob("*.html"))]
    for d in ("html/enterprise_api", "html/enterprise_dump_records"):  # JSON records with article_body.html
        files += [str(p.relative_to(root)) for p in sorted((root / d).glob("*.json"))]
    return files or ["(corpus absent)"]


def _read(corpus: Path, rel: str) -> Record:
    """Read an HTML file, or the ``article_body.html`` of an Enterprise JSON record (whose
    ``name`` must then be the title the HTML gives)."""
    path = corpus / rel
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        record = html.read(data["article_body"]["html"])
        assert record.title == data["name"]
        assert record.source.revision == data["version"]["identifier"]
        return record
    return html.read(path.read_text(encoding="utf-8"))


def _page(corpus: Path, name: str) -> Record:
    return _read(corpus, f"html/enterprise_parser/testdata/{name}.html")


@pytest.mark.parametrize("rel", _html_files())
def test_every_html_file_reads(corpus: Path, rel: str) -> None:
    """Every HTML page of the corpus gives a record with a title, a lead and paragraphs."""
    record = _read(corpus, rel)
    assert record.title
    assert record.source.form == "html"
    assert record.sections and record.sections[0].heading is None and record.sections[0].level == 0
    assert record.paragraphs, f"{rel}: no prose"
    assert all(p.strip() == p and p for p in record.paragraphs)
    text = "\n".join(record.paragraphs)
    assert "[edit]" not in text and "[modifier" not in text
    assert ".mw-parser-output" not in text  # no style sheet leaked into prose
    for box in record.infoboxes:
        for f in box.fields:
            assert f.values or f.raw


def test_parsoid_metadata_and_data_mw(corpus: Path) -> None:
    """Zillow (Parsoid): source metadata, template from data-mw, params matched, list items."""
    r = _page(corpus, "Zillow")
    assert r.title == "Zillow"
    s = r.source
    assert (s.lang, s.site, s.page_id, s.revision, s.namespace) == ("en", "enwiki", 4035097, 1221537131, 0)
    assert s.url == "https://en.wikipedia.org/wiki/Zillow"
    box = r.infobox
    assert box is not None
    assert (box.template, box.type, box.type_source) == ("Infobox company", "company", "data-mw")
    assert box.title == "Zillow Group, Inc."
    founders = box.get("founders")[0]
    assert founders.param == "founders" and founders.label == "Founders"
    assert [v.text for v in founders.values] == ["Rich Barton", "Lloyd Frink", "Spencer Rascoff"]
    assert founders.values[0].link == "Rich Barton" and founders.values[1].link is None
    assert box.get("industry")[0].param == "industry"
    # rows whose label is not the parameter name, matched by the parameter's visible text
    params = {f.label: f.param for f in box.fields if f.label}
    assert params["Total assets"] == "assets" and params["Subsidiaries"] == "subsid"
    assert params["Number of employees"] == "num_employees" and params["Website"] == "website"
    founded = box.get("founded")[0].values[0]
    assert (founded.kind, founded.date, founded.precision) == ("date", "2006-02-08", "day")
    images = [v.text for f in box.get("image") for v in f.values if v.kind == "image"]
    assert "Zillow logo.svg" in images
    assert "Articles with short description" in r.categories  # Parsoid mw:PageProp/Category links
    assert not r.disambiguation


def test_disambiguation_and_skin_categories(corpus: Path) -> None:
    """Parsoid disambiguation page property; skin HTML categories from #catlinks."""
    assert _page(corpus, "The Futurist").disambiguation
    pence = _page(corpus, "Mike_Pence")
    assert "Living people" in pence.categories and not pence.disambiguation


def test_bday_and_links_frwiki(corpus: Path) -> None:
    """Gad Elmaleh (frwiki infobox_v3 divs): bday microformat -> date; br splits values."""
    r = _page(corpus, "Gad_Elmaleh")
    box = r.infobox
    assert box is not None and box.title == "Gad Elmaleh"
    born = box.get("naissance")[0]
    assert born.values[0].kind == "date" and born.values[0].date == "1971-04-19"
    assert born.values[1].text == "Casablanca (Maroc)" and born.values[1].link == "Casablanca"
    jobs = box.get("profession")[0]
    assert [v.text for v in jobs.values] == ["Humoriste", "Acteur", "Réalisateur", "Chanteur"]
    assert r.source.lang == "fr" and r.source.site == "frwiki"


def test_geo_coordinates_and_sections(corpus: Path) -> None:
    """China (skin HTML): .geo -> coordinates; th colspan rows -> Field.section."""
    r = _page(corpus, "China")
    box = r.infobox
    assert box is not None and box.type == "country" and box.type_source == "class"
    capital = box.get("capital")[0]
    coords = [v for v in capital.values if v.kind == "coordinates"]
    assert coords and coords[0].latitude == pytest.approx(39.917) and coords[0].longitude == pytest.approx(116.383)
    assert capital.values[0].link == "Beijing"
    assert any(f.section == "Area" for f in box.fields)
    assert r.title == "China" and r.source.revision == 8838438


def test_taxobox_labels_and_full_width_rows(corpus: Path) -> None:
    """Caryophyllales (biota): "Kingdom:" td labels, colon dropped; full-width rows key ""."""
    r = _page(corpus, "Caryophyllales")
    box = r.infobox
    assert box is not None and box.template == "Automatic taxobox"
    kingdom = box.get("kingdom")[0]
    assert kingdom.label == "Kingdom" and kingdom.values[0].text == "Plantae"
    assert kingdom.section == "Scientific classification"
    assert len(box.get("clade")) == 4
    sub = next(f for f in box.fields if f.section == "Suborders")
    assert sub.key == "" and sub.label is None
    assert [v.text for v in sub.values] == ["Caryophyllineae", "Polygonineae", "Portulacineae"]
    order = box.get("order")[0]
    assert "[1]" not in order.raw  # sup.reference dropped


def test_medal_rows_are_sides(corpus: Path) -> None:
    """Kaori Icho: a label and several data cells -> one field per side."""
    box = _page(corpus, "Kaori_Icho").infobox
    assert box is not None
    olympic = box.get("olympic_games")
    assert [(f.side, f.values[0].text) for f in olympic[:3]] == [(1, "4"), (2, "–"), (3, "–")]


def test_prose_structure(corpus: Path) -> None:
    """Body mass index (Parsoid): headings and levels, references/edit links/tables out."""
    r = _page(corpus, "Body mass index")
    headings = [(s.heading, s.level) for s in r.sections]
    assert headings[0] == (None, 0)
    assert ("History", 2) in headings
    assert all(h != "References" for h, _ in headings)  # empty sections dropped
    assert r.paragraphs[0].startswith("Body mass index (BMI) is a value derived from the mass")
    assert not any("[1]" in p for p in r.paragraphs)
    assert r.tables >= 1
    assert any(b.kind == "item" for s in r.sections for b in s.blocks)
    # a displayed formula keeps its TeX (without the \displaystyle wrapper), not nothing
    assert any(b.text.startswith("\\mathrm {BMI} =") for s in r.sections for b in s.blocks)


def test_nested_and_multicolumn_infobox_fragment() -> None:
    """Sides under a section heading, a full-width "Part of" row, a nested infobox."""
    fragment = """<table class="infobox vevent"><tbody>
    <tr><th colspan="2" class="summary">Invasion of South Sakhalin</th></tr>
    <tr><td colspan="2" class="infobox-subheader">Part of the
      <a href="/wiki/Soviet%E2%80%93Japanese_War">Soviet–Japanese War</a> (1945)</td></tr>
    <tr><th scope="row">Date</th><td>11–25 August 1945</td></tr>
    <tr><th colspan="2">Belligerents</th></tr>
    <tr><td><a href="./Soviet_Union">Soviet Union</a></td><td><a href="./Empire_of_Japan">Japan</a></td></tr>
    <tr><td colspan="2"><table class="infobox"><tbody><tr><th colspan="2">Inner</th></tr>
      <tr><th>Note</th><td>nested<sup class="reference">[3]</sup></td></tr></tbody></table></td></tr>
    </tbody></table>"""
    r = html.read(fragment, title="Invasion of South Sakhalin")
    assert r.title == "Invasion of South Sakhalin"
    outer, inner = r.infoboxes
    assert outer.title == "Invasion of South Sakhalin" and outer.type is None
    part = outer.fields[0]
    assert (part.key, part.label, part.raw) == ("", None, "Part of the Soviet–Japanese War (1945)")
    assert part.values[0].link is None  # the link is not what the value names
    sides = outer.get("belligerents")
    assert [(f.side, f.values[0].text, f.values[0].link) for f in sides] == [
        (1, "Soviet Union", "Soviet Union"), (2, "Japan", "Empire of Japan")]
    assert inner.parent == 0 and inner.title == "Inner"
    assert inner.fields[0].raw == "nested"
    assert all("nested" not in f.raw for f in outer.fields)


def test_parsoid_redirect_page() -> None:
    """A Parsoid redirect page (as in Enterprise dumps) names its target."""
    page = ('<html><head><title>USSR</title><meta property="mw:pageId" content="7"/></head><body lang="en">'
            '<link rel="mw:PageProp/redirect" href="./Soviet_Union#History"/></body></html>')
    r = html.read(page)
    assert (r.title, r.redirect, r.source.page_id, r.source.lang) == ("USSR", "Soviet Union", 7, "en")
    assert r.infoboxes == [] and r.paragraphs == []


def test_wiki_target_decoding() -> None:
    assert wiki_target("./Soviet%E2%80%93Japanese_War#Aftermath") == "Soviet–Japanese War"
    assert wiki_target("/w/index.php?title=ISO_3166-2:CN&action=edit&redlink=1") == "ISO 3166-2:CN"
    assert wiki_target("/wiki/Caf%C3%A9_Tacuba") == "Café Tacuba"
    assert wiki_target("https://example.org/wiki/X") is None


def test_hostile_input_is_not_resolved(tmp_path: Path) -> None:
    """No entity expansion from a DOCTYPE, no network, comments dropped; empty input errors."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    doc = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<html><head><title>T</title></head><body><!-- hidden comment -->'
           '<p>before &x; after</p><script>alert(1)</script><style>p{}</style></body></html>')
    r = html.read(doc)
    text = " ".join(r.paragraphs)
    assert "TOPSECRET" not in text and "hidden comment" not in text and "alert" not in text
    assert r.title == "T"
    with pytest.raises(ParseError):
        html.read("   ")
    laughs = ('<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><p>&c;</p>')
    assert "aaaa" not in " ".join(html.read(laughs).paragraphs)


def test_hostile_nesting_keeps_what_it_can() -> None:
    """5,000 nested divs: no crash, the readable part is kept and the loss is reported."""
    deep = "<title>Deep</title><p>start</p>" + "<div>" * 5000 + "<p>deep</p>" + "</div>" * 5000
    r = html.read(deep)
    assert r.title == "Deep" and r.paragraphs[0] == "start"
    assert any("nested" in w for w in r.warnings)
    cell = "<span>" * 1500 + "x" + "</span>" * 1500
    box = html.read(f"<table class='infobox'><tr><th>B</th><td>b</td></tr><tr><th>A</th><td>{cell}</td></tr>"
                    "</table><p>after</p>")
    assert box.infoboxes[0].fields[0].raw == "b"


def test_enterprise_api_records(corpus: Path) -> None:
    """article_body.html of the Enterprise API records: title, infobox with params, prose."""
    path = corpus / "html/enterprise_api/simplewiki_Albert_Einstein.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    r = html.read(data["article_body"]["html"])
    assert r.title == data["name"] == "Albert Einstein"
    assert r.source.site == "simplewiki" and r.source.revision == data["version"]["identifier"]
    box = r.infobox
    assert box is not None and box.template == "Infobox scientist" and box.type == "scientist"
    known = box.get("known_for")[0]
    assert known.param == "known_for" and "General relativity" in [v.text for v in known.values]
    assert r.paragraphs[0].startswith("Albert Einstein (14 March 1879 – 18 April 1955)")

    calvi = json.loads((corpus / "html/enterprise_api/frwiki_Calvi.json").read_text(encoding="utf-8"))
    rc = html.read(calvi["article_body"]["html"])
    assert rc.title == "Calvi" and rc.source.lang == "fr"
    assert rc.infobox is not None and rc.infobox.template == "Infobox Commune de France"
    assert rc.infobox.get("pays")[0].values[0].text == "France"
    assert len(rc.paragraphs) > 50
    coords = rc.infobox.get("coordonnées")[0].values[0]  # Kartographer maplink data-lat/data-lon
    assert coords.kind == "coordinates" and coords.latitude == pytest.approx(42.5686, abs=1e-3)
    caption = rc.infobox.fields[0].values[1]  # a <time> inside a long caption: not a date value
    assert caption.kind == "text" and caption.text.startswith("Vue aérienne")
    assert not any("modifier" in f.raw for f in rc.infobox.fields)  # the box's edit link
