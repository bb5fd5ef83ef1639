"""normalize() over every infobox-bearing article of the corpus: full-width rows.

Full-width rows (captions, headers, footers, section headings, inline "Anthem: ..." labels)
must all end up with a non-empty key or as the ``section`` of the fields under them, since
the JSON schema requires a key; rendered rows that wikitext gives as several parameters are
split the same way.  Helpers come from test_normalize.py."""

from __future__ import annotations

from pathlib import Path

from infobox_tools.record import Infobox, Record
from test_normalize import _pipetext, needs_values


def _corpus_records(corpus: Path) -> list[tuple[str, Record]]:
    """Every article of the corpus that has an infobox-bearing form, parsed and normalised:
    HTML pages, enterprise_api records (wikitext and HTML), pipe texts, wikitext files and
    the pages of the gensim enwiki dump sample."""
    import bz2
    import json

    from lxml import etree

    from infobox_tools.api import parse

    out: list[tuple[str, Record]] = []
    for p in sorted((corpus / "html" / "enterprise_parser" / "testdata").glob("*.html")):
        out.append((str(p), parse(p.read_text(encoding="utf-8"), form="html", title=p.stem)))
    for p in sorted((corpus / "html" / "enterprise_api").glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        for form in ("wikitext", "html"):
            out.append((f"{p}:{form}", parse(data["article_body"][form], form=form, title=data["name"],
                                             lang=data["in_language"]["identifier"])))
    for p in sorted((corpus / "pipetext").rglob("*.txt")):
        out.append((str(p), parse(p.read_text(encoding="utf-8"), form="pipetext", title=p.stem)))
    for p in sorted((corpus / "wikitext").rglob("*.txt")):
        out.append((str(p), parse(p.read_text(encoding="utf-8"), form="wikitext", title=p.stem)))
    dump = corpus / "dumps" / "gensim" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
    with bz2.open(dump) as fh:
        for _, page in etree.iterparse(fh, tag="{*}page"):
            title = page.findtext("{*}title") or ""
            text = page.findtext("{*}revision/{*}text") or ""
            if "{{infobox" in text.lower():
                out.append((f"{dump.name}:{title}", parse(text, form="wikitext", title=title)))
            page.clear()
    return out


@needs_values
def test_no_empty_keys_over_corpus(corpus: Path) -> None:
    """Full-width rows get a key (caption, header, footer, or a label written inline as
    "Anthem: ...") or, when they are section headings, become the ``section`` of the fields
    under them: the JSON schema requires a non-empty key."""
    records = _corpus_records(corpus)
    assert len(records) > 150
    empty = [(name, f.raw[:40]) for name, r in records for box in r.infoboxes for f in box.fields if not f.key]
    assert not empty, empty[:20]
    keys = {f.key for _, r in records for box in r.infoboxes for f in box.fields}
    assert {"caption", "header", "footer"} <= keys


@needs_values
def test_full_width_rows_on_real_pages(corpus: Path) -> None:
    """China's anthem row is its anthem; Bengio's "Scientific career" heading is a section,
    not a field; Kaori Icho's medal-table column headings are a header row."""
    from infobox_tools.api import parse

    def html(name: str) -> Infobox:
        path = corpus / "html" / "enterprise_parser" / "testdata" / f"{name}.html"
        box = parse(path.read_text(encoding="utf-8"), form="html", title=name).infobox
        assert box is not None
        return box

    china = html("China")
    assert china.get("national_anthem") and not china.get("header")
    bengio = html("Yoshua_Bengio")
    assert "Scientific career" not in [f.text for f in bengio.fields]
    assert any(f.section == "Scientific career" for f in bengio.fields)
    icho = html("Kaori_Icho")
    assert [f.text for f in icho.get("header")] == ["Event; 1st; 2nd; 3rd"]
    pence = _pipetext(corpus, "Mike_Pence", lang="simple").infobox
    assert "Personal details" not in [f.text for f in pence.fields]  # heading: dropped, kept as section
    assert pence.get("birth_date")[0].section == "Personal details"


@needs_values
def test_rendered_rows_split_like_wikitext(corpus: Path) -> None:
    """Rendered rows that wikitext gives as several parameters are split the same way: the
    caption under an image, "Min./Max." lines of the altitude row, decimal latitude and
    longitude joined into coordinates, and a bare number given the mapping's unit."""
    import json

    from infobox_tools.api import parse

    path = corpus / "html" / "enterprise_api" / "frwiki_Calvi.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    wiki = parse(data["article_body"]["wikitext"], form="wikitext", title="Calvi", lang="fr").infobox
    html = parse(data["article_body"]["html"], form="html", title="Calvi", lang="fr").infobox
    assert wiki is not None and html is not None
    coords = wiki.get("coordinates")[0].values[0]
    assert coords.kind == "coordinates" and round(coords.latitude, 3) == 42.569 and round(coords.longitude, 3) == 8.757
    assert not wiki.get("latitude") and not wiki.get("longitude")
    for box in (wiki, html):
        assert [(v.kind, v.number, v.unit) for v in box.get("elevation_min_m")[0].values] == [("quantity", 0, "m")]
        assert [(v.kind, v.number, v.unit) for v in box.get("area_total_km2")[0].values] == [("quantity", 31.2, "km2")]
    assert [v.kind for v in html.get("caption")[0].values] == ["text"]
    assert [v.kind for v in wiki.get("caption")[0].values] == ["text"]  # a caption mentioning a date stays text
    assert [v.kind for v in html.get("image")[0].values] == ["image"]
