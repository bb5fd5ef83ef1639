"""Prose extraction from wikitext on real pages: the whole corpus free of markup, and hand-checked pages.

Expected sentences were written by hand from the page sources in the shared corpus
(``wikitext/wtf_wikipedia_cache``, ``wikitext/fowiki``, ``html/enterprise_api``, the
gensim enwiki dump sample).  Constructed and hostile input is in ``test_wikiprose_markup``;
the renderer shared with the infobox reader, its fast paths and speed in ``test_wikiprose_renderer``.
The page helpers below (``_wtf``, ``_blocks``, ``_section``, ``_dump_pages``) are imported by both.
"""

from __future__ import annotations

import bz2
import json
import re
from pathlib import Path

from infobox_tools.readers.wikiprose import extract_prose
from infobox_tools.record import Section

LEFTOVERS = ("{{", "}}", "[[", "]]", "'''", "thumb|", "<ref", "|-")


def _wtf(corpus: Path, name: str) -> str:
    return (corpus / "wikitext" / "wtf_wikipedia_cache" / name).read_text(encoding="utf-8")


def _blocks(sections: list[Section], kind: str | None = None) -> list[str]:
    return [b.text for s in sections for b in s.blocks if kind is None or b.kind == kind]


def _section(sections: list[Section], heading: str) -> Section:
    for s in sections:
        if s.heading == heading:
            return s
    raise AssertionError(f"no section {heading!r} in {[s.heading for s in sections]}")


def _dump_pages(path: Path) -> list[tuple[str, str]]:
    from lxml import etree

    pages: list[tuple[str, str]] = []
    with bz2.open(path) as fh:
        for _, el in etree.iterparse(fh, tag="{*}page"):
            title = el.findtext("{*}title") or ""
            text = el.findtext(".//{*}text") or ""
            pages.append((title, text))
            el.clear()
    return pages


def _all_corpus_pages(corpus: Path) -> list[tuple[str, str]]:
    pages: list[tuple[str, str]] = []
    for p in sorted((corpus / "wikitext" / "wtf_wikipedia_cache").glob("*.txt")):
        pages.append((p.name, p.read_text(encoding="utf-8")))
    for p in sorted((corpus / "wikitext" / "fowiki").glob("*.txt")):
        if "expected" not in p.name:
            pages.append((p.name, p.read_text(encoding="utf-8")))
    for p in sorted((corpus / "html" / "enterprise_api").glob("*.json")):
        pages.append((p.name, json.loads(p.read_text(encoding="utf-8"))["article_body"]["wikitext"]))
    for p in sorted((corpus / "dumps" / "gensim").glob("enwiki-latest-pages-articles1*.bz2")):
        pages.extend(_dump_pages(p))
    return pages


# ------------------------------------------------------------------ whole corpus --

_NOWIKI_RE = re.compile(r"<nowiki>(.*?)</nowiki>", re.DOTALL | re.IGNORECASE)


def test_no_markup_leftovers_anywhere_in_the_corpus(corpus: Path) -> None:
    pages = _all_corpus_pages(corpus)
    assert len(pages) > 270  # 71 + 1 + 4 + 206
    bad: list[str] = []
    blocks = 0
    for title, text in pages:
        sections, _, _, _ = extract_prose(text)
        literal = " ".join(_NOWIKI_RE.findall(text))  # <nowiki>{{x}}</nowiki> is text, on purpose
        for s in sections:
            for piece in [s.heading or ""] + [b.text for b in s.blocks]:
                blocks += 1
                for mark in LEFTOVERS:
                    at = piece.find(mark)
                    if at >= 0:
                        snippet = piece[max(0, at - 10):at + 12]
                        if mark in literal and any(snippet[i:i + 8] in literal for i in range(14)):
                            continue
                        bad.append(f"{title}: {mark!r} in ...{piece[max(0, at - 60):at + 60]}...")
    assert blocks > 5000
    assert not bad, "\n".join(bad[:20])


def test_dump_sample_pages_give_prose_and_categories(corpus: Path) -> None:
    path = next((corpus / "dumps" / "gensim").glob("enwiki-latest-pages-articles1*.bz2"))
    pages = dict(_dump_pages(path))
    sections, cats, tables, _ = extract_prose(pages["Anarchism"])
    assert tables == 0
    lead = _blocks(sections[:1], "paragraph")
    assert lead and lead[0].startswith("Anarchism is a political philosophy that advocates self-governed societies")
    assert "Anarchism" in cats
    assert sections[0].heading is None and sections[0].level == 0
    assert all(s.heading not in ("References", "External links") for s in sections)
    # citation templates outside <ref> are the content of "Further reading": kept as reference lines
    sections, _, _, _ = extract_prose(pages["Alkali metal"])
    reading = [b.text for b in _section(sections, "Further reading").blocks]
    assert ("Chang, Cheng-Hung, and Tian Y. Tsong (2005). Stochastic Resonance of Na, K-Ion Pumps on the "
            "Red Cell Membrane. American Institute of Physics.") in reading
    # a redirect page has no prose, no failure
    redirects = [t for t in pages.values() if t.lstrip().upper().startswith("#REDIRECT")]
    assert redirects
    for text in redirects[:20]:
        secs, _, _, _ = extract_prose(text)
        assert secs[0].heading is None and not _blocks(secs)


def test_table_heavy_dump_counts_every_top_level_table(corpus: Path) -> None:
    pages = dict(_dump_pages(corpus / "dumps" / "gensim" / "enwiki-table-markup.xml.bz2"))
    counts = {title: extract_prose(text)[2] for title, text in pages.items()}
    assert counts == {"Constructive vote of no confidence": 1, "List of Prison Break characters": 1,
                      "Academy Award for Best Production Design": 12, "Economy of Estonia": 4,
                      "Brahui language": 2}
    sections, _, _, _ = extract_prose(pages["Economy of Estonia"])
    assert sections[0].blocks[0].text == (
        "Estonian economy is an advanced economy and a member of the European Union and of the eurozone. "
        "The economy of Estonia is strongly influenced by developments in the Finnish and Swedish economies.")
    assert [s.heading for s in sections[1:3]] == ["Overview", "Early history"]
    for text in pages.values():
        for block in _blocks(extract_prose(text)[0]):
            assert "|-" not in block and "||" not in block and "wikitable" not in block


# ------------------------------------------------------------------- real pages --

def test_raith_rovers_one_line_page(corpus: Path) -> None:
    text = _wtf(corpus, "raith_rovers.txt")
    assert text.count("\n") <= 1 and len(text) > 35_000
    sections, cats, tables, _ = extract_prose(text)
    lead = _blocks(sections[:1])
    assert lead[0].startswith(
        "Raith Rovers Football Club is a Scottish professional football club based in the town of "
        "Kirkcaldy, Fife. The club was founded in 1883 and currently competes in the Scottish Championship")
    heads = [(s.heading, s.level) for s in sections]
    assert heads[1:4] == [("History", 2), ("Beginnings and club name", 3), ("Setting records", 3)]
    assert ("The Coca-Cola Cup winning team", 3) in heads
    items = _section(sections, "The Coca-Cola Cup winning team").blocks
    assert items[0].kind == "paragraph"
    assert items[0].text == "Some notable players from the team that lifted the 1994–95 Scottish League Cup:"
    assert items[1].kind == "item" and items[1].text.startswith("Shaun Dennis – Over 400 appearances")
    honours = [b.text for b in _section(sections, "Honours").blocks]
    assert "Winners (2): 2002–03, 2008–09" in honours
    assert tables == 3  # board of directors, coaching staff, European record
    assert cats[:3] == ["Raith Rovers F.C.", "Football clubs in Scotland", "Kirkcaldy"]
    assert _section(sections, "See also").blocks[0].text == "McCrae's Battalion"


def test_list_page_table_dropped_and_counted(corpus: Path) -> None:
    sections, cats, tables, _ = extract_prose(_wtf(corpus, "list.txt"))
    assert _blocks(sections[:1]) == ["A list of British films scheduled for release in 2014"]
    assert [(s.heading, s.level) for s in sections[1:2]] == [("2014", 2)]
    assert tables == 1
    assert "Nicole Kidman" not in " ".join(_blocks(sections))
    assert cats == ["Lists of British films by year", "2014 in British cinema",
                    "Lists of 2014 films by country or language"]


def test_convert_keeps_the_number(corpus: Path) -> None:
    sections, _, _, _ = extract_prose(_wtf(corpus, "Dollar-Point,-California.txt"))
    geo = _section(sections, "Geography")
    assert ("According to the United States Census Bureau, the CDP has a total area of 1.6 sqmi, "
            "all of it land.") in [b.text for b in geo.blocks]
    sections, _, _, _ = extract_prose(_wtf(corpus, "Arts_Club_of_Chicago.txt"))
    text = " ".join(_blocks(sections))
    assert "The 19000 sqft John Vinci designed building is a two-story structure" in text
    assert "a 1600 sqft outdoor landscaped garden" in text


def test_bodmin_lead_without_references(corpus: Path) -> None:
    sections, cats, _, _ = extract_prose(_wtf(corpus, "Bodmin.txt"))
    lead = _blocks(sections[:1])
    assert lead[0] == ("Bodmin (Bosvena) is a civil parish and historic town in Cornwall, England, "
                       "United Kingdom. It is situated south-west of Bodmin Moor.")
    assert "Bodmin had a population of 14,736 as of the 2011 Census." in lead[2]
    everything = " ".join(_blocks(sections))
    assert "Ordnance Survey" not in everything  # the text of a <ref>
    assert "St Petroc's Church" not in _blocks([_section(sections, "Parish church of St Petroc")])[0][:40]
    assert _section(sections, "Parish church of St Petroc").blocks[0].text.startswith(
        "The existing church building is dated 1469–72")  # hatnote and [[File:…|thumb|…]] dropped
    assert cats[:2] == ["Bodmin", "Towns in Cornwall"]


def test_german_page_files_headings_and_weblinks(corpus: Path) -> None:
    sections, cats, tables, _ = extract_prose(_wtf(corpus, "Keilwelle.txt"))
    assert _blocks(sections[:1])[0] == (
        "Als Keilwellen werden Wellen bezeichnet, bei denen ein Formschluss zur Nabe "
        "(Welle-Nabe-Verbindung) durch eine Vielzahl von Mitnehmern hergestellt wird, "
        "die gerade und parallele Flanken haben.")
    assert [(s.heading, s.level) for s in sections[1:3]] == [("Keilwellen-Verbindungen", 2), ("Verwendung", 3)]
    assert "Weblinks" not in [s.heading for s in sections]
    assert tables == 2
    assert cats == ["Bauform (Welle)", "Verbindungselement"]


def test_afrikaans_lead_and_external_links_dropped(corpus: Path) -> None:
    sections, cats, _, _ = extract_prose(_wtf(corpus, "africaans.txt"))
    assert _blocks(sections[:1], "item")[0].startswith("Hierdie artikel handel oor die eiland in Europa.")
    assert _blocks(sections[:1], "paragraph")[0].startswith(
        "Groot-Brittanje (Engels: Great Britain, Wallies: Prydain Fawr, Skots-Gaelies: Breatainn Mhòr, "
        "Skots: Great Breetain, Kornies: Breten Veur; dikwels verkort na slegs Brittanje) is die grootste "
        "eiland van die Britse Eilande")
    assert "Eksterne skakels" not in [s.heading for s in sections]
    assert cats == ["Groot-Brittanje"]


def test_faroese_page_matches_the_peer_expectation(corpus: Path) -> None:
    folder = corpus / "wikitext" / "fowiki"
    sections, cats, _, _ = extract_prose((folder / "Klaksvikar_kommuna.txt").read_text(encoding="utf-8"))
    expected = [ln.strip() for ln in (folder / "Klaksvikar_kommuna.expected_plaintext.txt")
                .read_text(encoding="utf-8").splitlines() if ln.strip()]
    ours: list[str] = []
    for s in sections:
        if s.heading:
            ours.append(s.heading)
        ours.extend(b.text for b in s.blocks)
    assert ours == expected
    assert [b.kind for b in _section(sections, "Á Borðoynni").blocks] == ["item"] * 4
    assert cats == ["Kommunur í Føroyum"]


def test_enterprise_records_french_and_simple(corpus: Path) -> None:
    folder = corpus / "html" / "enterprise_api"
    calvi = json.loads((folder / "frwiki_Calvi.json").read_text(encoding="utf-8"))["article_body"]["wikitext"]
    sections, cats, _, _ = extract_prose(calvi)
    assert _blocks(sections[:1])[0].startswith(
        "Calvi est une commune française située dans le département de la Haute-Corse et le territoire "
        "de la collectivité de Corse.")
    assert [(s.heading, s.level) for s in sections[1:3]] == [("Géographie", 2), ("Situation", 3)]
    assert "Notes et références" not in [s.heading for s in sections]
    assert "Calvi" in cats
    simple = json.loads((folder / "simplewiki_Albert_Einstein.json").read_text(encoding="utf-8"))
    sections, cats, _, _ = extract_prose(simple["article_body"]["wikitext"])
    assert _blocks(sections[:1])[0].startswith(
        "Albert Einstein (14 March 1879 – 18 April 1955) was a German-born American scientist.")
    assert "1879 births" in cats


def test_block_quotation_is_its_own_paragraph(corpus: Path) -> None:
    sections, _, _, _ = extract_prose(_wtf(corpus, "al_Haytham.txt"))
    blocks = _section(sections, "Scientific method").blocks
    quote = [b for b in blocks if b.text.startswith("The duty of the man who investigates")]
    assert len(quote) == 1 and quote[0].kind == "paragraph"
    assert quote[0].text.endswith("so that he may avoid falling into either prejudice or leniency. — Alhazen")


def test_see_also_inside_a_columns_list_template_keeps_its_items(corpus: Path) -> None:
    sections, _, _, _ = extract_prose(_wtf(corpus, "julia_kristeva.txt"))
    see_also = _section(sections, "See also")
    assert [(b.kind, b.text) for b in see_also.blocks] == [
        ("item", "Capacity to be alone"), ("item", "Écriture féminine"), ("item", "Khôra"),
        ("item", "List of thinkers influenced by deconstruction")]
    assert ("Selected writings", 2) in [(s.heading, s.level) for s in sections]


def test_united_kingdom_area_and_tables(corpus: Path) -> None:
    sections, cats, tables, _ = extract_prose(_wtf(corpus, "United-Kingdom.txt"))
    lead = " ".join(_blocks(sections[:1]))
    assert lead.startswith("The United Kingdom of Great Britain and Northern Ireland, commonly known as the "
                           "United Kingdom (UK) and colloquially Great Britain (GB) or simply Britain, is a "
                           "sovereign country in western Europe.")
    assert "With an area of 242500 km2" in lead
    assert tables >= 1
    assert "Countries in Europe" in cats
