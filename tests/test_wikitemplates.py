"""Inline templates rendered as a reader sees them, and infobox values cleaned into items."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import mwparserfromhell
import pytest

from infobox_tools.readers.wikitemplates import (
    RENDERERS,
    Rendered,
    clean_value,
    fold_name,
    parse_date_text,
    render_inline,
    to_number,
)


def _render(src: str) -> Rendered:
    return render_inline(mwparserfromhell.parse(src).filter_templates(recursive=False)[0])


@pytest.mark.parametrize("src,text", [
    ("{{convert|31.2|km2}}", "31.2 km2"),
    ("{{convert|2|-|3|km}}", "2–3 km"),
    ("{{convert|5|to|10|mi|km}}", "5 to 10 mi"),
    ("{{convert|5|ft|10|in|m}}", "5 ft 10 in"),
    ("{{flag|Soviet Union}}", "Soviet Union"),
    ("{{flag|USSR}}", "Soviet Union"),
    ("{{flagcountry|Japan}}", "Japan"),
    ("{{flagu|Empire of Japan}}", "Empire of Japan"),
    ("{{flagicon|USSR}}", ""),
    ("{{flagdeco|Japan}}", ""),
    ("{{start date|1945|8|11}}", "August 11, 1945"),
    ("{{Start_date|1945|8|11|df=y}}", "11 August 1945"),
    ("{{birth date and age|1959|6|7}}", "June 7, 1959"),
    ("{{death date and age|2012|2|16|1929|8|22}}", "February 16, 2012 (aged 82)"),
    ("{{birth year and age|1959}}", "1959"),
    ("{{dts|1959|6|7}}", "June 7, 1959"),
    ("{{nowrap|[[Kuril Islands]]}}", "Kuril Islands"),
    ("{{small|(disputed)}}", "(disputed)"),
    ("{{lang|ja|樺太}}", "樺太"),
    ("{{nihongo|Sakhalin|樺太|Karafuto}}", "Sakhalin (樺太, Karafuto)"),
    ("{{abbr|UK|United Kingdom}}", "UK"),
    ("{{sortname|Harry|McPherson}}", "Harry McPherson"),
    ("{{url|www.toronto.ca}}", "www.toronto.ca"),
    ("{{marriage|Jane Doe|1990|2000|end=div.}}", "Jane Doe (m. 1990; div. 2000)"),
    ("{{coord|35|41|N|139|41|E}}", "35°41′N 139°41′E"),
    ("{{NYSE|X}}", "NYSE: X"),
    ("{{US$|5 million}}", "US$5 million"),
    ("{{USD|120}}", "US$120"),
    ("{{€|5}}", "€5"),
    ("{{circa|1900}}", "c. 1900"),
    ("{{c.}}", "c."),
    ("{{increase}}", ""),
    ("{{decrease}}", ""),
    ("{{ill|Gregory Serper|ru|Серпер, Григорий}}", "Gregory Serper"),
    ("{{interlanguage link|Foo|de}}", "Foo"),
    ("{{ubl|Latin America|Spain}}", "Latin America, Spain"),
    ("{{height|ft=5|in=3}}", "5 ft 3 in"),
    ("{{cn}}", ""),
    ("{{efn|a note}}", ""),
    ("{{sfn|Falco|2007}}", ""),
])
def test_render_text(src: str, text: str) -> None:
    r = _render(src)
    assert r.text.strip() == text
    assert not [w for w in r.warnings if w.startswith("unknown")]


@pytest.mark.parametrize("src,attrs", [
    ("{{convert|31.2|km2}}", {"kind": "quantity", "number": 31.2, "unit": "km2"}),
    ("{{convert|2|-|3|km}}", {"kind": "quantity", "low": 2, "high": 3, "unit": "km"}),
    ("{{convert|1,200|ft|m}}", {"kind": "quantity", "number": 1200, "unit": "ft"}),
    ("{{birth date|1959|6|7}}", {"kind": "date", "date": "1959-06-07", "precision": "day"}),
    ("{{start date|1945|August}}", {"kind": "date", "date": "1945-08", "precision": "month"}),
    ("{{end date|1945}}", {"kind": "date", "date": "1945", "precision": "year"}),
    ("{{death date and age|2012|2|16|1929|8|22}}", {"date": "2012-02-16", "note": "aged 82"}),
    ("{{dts|7 June 1959}}", {"date": "1959-06-07"}),
    ("{{coord|35.68|N|139.69|E}}", {"kind": "coordinates", "latitude": 35.68, "longitude": 139.69}),
    ("{{coord|50.466|-4.718|display=inline,title}}", {"latitude": 50.466, "longitude": -4.718}),
    ("{{US$|5 million}}", {"kind": "money", "currency": "USD", "number": 5_000_000}),
    ("{{url|http://www.toronto.ca/}}", {"kind": "url", "text": "http://www.toronto.ca/"}),
])
def test_render_values(src: str, attrs: dict[str, Any]) -> None:
    value = _render(src).values[0]
    for name, expected in attrs.items():
        assert getattr(value, name) == expected, name


def test_links_survive_wrappers() -> None:
    assert _render("{{nowrap|[[Empire of Japan|Japan]]}}").links == [("Japan", "Empire of Japan")]
    assert _render("{{flag|Soviet Union}}").links == [("Soviet Union", "Soviet Union")]


def test_unknown_template_warns_and_keeps_argument() -> None:
    r = _render("{{Baseball-ref year|1974}}")
    assert r.warnings == ["unknown template: Baseball-ref year"] and r.text == "1974"
    r = _render("{{SPFL-stadiums|Raith Rovers|capacity}}")
    assert r.warnings == ["unknown template: SPFL-stadiums"] and r.text == ""


@pytest.mark.parametrize("name", ["Birth date", "birth_date", "BIRTH  DATE", "Template:Birth date"])
def test_names_folded(name: str) -> None:
    assert fold_name(name) == "birth date" and "birth date" in RENDERERS


@pytest.mark.parametrize("src,texts", [
    ("A<br>B<br/>C<BR />D", ["A", "B", "C", "D"]),
    ("{{plainlist|\n* [[Soviet Union]]\n* {{flag|Mongolia}}\n}}", ["Soviet Union", "Mongolia"]),
    ("{{unbulleted list|a|b}}", ["a", "b"]),
    ("{{flatlist|\n* x\n* y}}", ["x", "y"]),
    ("{{hlist|x|y|z}}", ["x", "y", "z"]),
    ("\n* one\n* two", ["one", "two"]),
    ("{{collapsible list|title=T|[[P]]|[[Q]]}}", ["P", "Q"]),
    ("Victory<ref>{{cite web|url=x}}</ref><ref name=a/>{{efn|note}}{{cn}}<!-- c -->", ["Victory"]),
    ("[[File:Flag.svg|20px]] [[Japan]]", ["Japan"]),
    ("[http://www.klaksvik.fo Klaksvik.fo]", ["Klaksvik.fo"]),
    ("'''Bold''' and ''italic''", ["Bold and italic"]),
    ("{{start date|1945|8|11}} – {{end date|1945|8|25}}", ["August 11, 1945 – August 25, 1945"]),
])
def test_clean_value_items(src: str, texts: list[str]) -> None:
    values, warnings = clean_value(mwparserfromhell.parse(src))
    assert [v.text for v in values] == texts
    assert warnings == []


def test_clean_value_typed() -> None:
    values, _ = clean_value("{{start date|1945|8|11}} – {{end date|1945|8|25}}")
    assert (values[0].kind, values[0].start, values[0].end) == ("daterange", "1945-08-11", "1945-08-25")
    values, _ = clean_value("[[Lyndon B. Johnson|Lyndon Johnson]]")
    assert (values[0].text, values[0].link) == ("Lyndon Johnson", "Lyndon B. Johnson")
    values, _ = clean_value("[[File:Toronto Flag.svg|100px]]", images=True)
    assert (values[0].kind, values[0].text) == ("image", "Toronto Flag.svg")
    values, _ = clean_value("McPherson DLA Piper.jpg", images=True)
    assert (values[0].kind, values[0].text) == ("image", "McPherson DLA Piper.jpg")
    values, warnings = clean_value("{{Foo bar|x}} y")
    assert warnings == ["unknown template: Foo bar"] and values[0].text == "x y"


def test_clean_value_on_corpus_value(corpus: Path) -> None:
    """al-Haytham's birth date: ``{{nowrap|{{birth-date|0965|{{circa}} 965}} {{smaller|…<ref>…}}}}``."""
    text = (corpus / "wikitext" / "wtf_wikipedia_cache" / "al_Haytham.txt").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("| birth_date"))
    values, warnings = clean_value(line.split("=", 1)[1])
    assert [v.text for v in values] == ["c. 965 (c. 354 AH)"]
    assert (values[0].kind, values[0].date, values[0].qualifier) == ("date", "0965", "approximate")
    assert warnings == []


@pytest.mark.parametrize("text,iso", [
    ("7 June 1959", "1959-06-07"), ("June 7, 1959", "1959-06-07"), ("1959-06-07", "1959-06-07"),
    ("June 1959", "1959-06"), ("1959", "1959"), ("Sept. 3, 1945", "1945-09-03"),
])
def test_parse_date_text(text: str, iso: str) -> None:
    date = parse_date_text(text)
    assert date is not None and date.iso == iso


@pytest.mark.parametrize("text,number", [("1,200", 1200), ("31.2", 31.2), ("−5", -5), ("abc", None)])
def test_to_number(text: str, number: float | None) -> None:
    assert to_number(text) == number


@pytest.mark.parametrize("src,kind,text,url", [
    ("[http://www.klaksvik.fo Klaksvik.fo]", "url", "Klaksvik.fo", "http://www.klaksvik.fo"),
    ("[https://www.mozilla.org/de/firefox/new/ ''www.mozilla.org'']", "url", "www.mozilla.org",
     "https://www.mozilla.org/de/firefox/new/"),
    ("[http://www.toronto.ca/]", "url", "http://www.toronto.ca/", "http://www.toronto.ca/"),
    ("http://www.toronto.ca/", "url", "http://www.toronto.ca/", "http://www.toronto.ca/"),
    ("{{URL|www.toronto.ca}}", "url", "www.toronto.ca", "http://www.toronto.ca"),
    ("{{official website|https://example.org/}}", "url", "https://example.org/", "https://example.org/"),
    ("{{URL|//example.org}}", "url", "//example.org", "//example.org"),
])
def test_external_links_keep_address(src: str, kind: str, text: str, url: str) -> None:
    """A labelled external link keeps its label as text and its address as url."""
    values, warnings = clean_value(src)
    assert [(v.kind, v.text, v.url) for v in values] == [(kind, text, url)]
    assert warnings == []


def test_external_link_inside_text_is_a_part() -> None:
    values, _ = clean_value("See [http://kristeva.fr/ kristeva.fr] and [[Paris]]<br>[http://a.example]")
    assert [v.kind for v in values] == ["text", "url"]
    assert values[0].text == "See kristeva.fr and Paris"
    assert [(p.kind, p.text, p.url) for p in values[0].parts] == [
        ("text", "Paris", None), ("url", "kristeva.fr", "http://kristeva.fr/")]
    assert (values[1].text, values[1].url) == ("http://a.example", "http://a.example")


def test_external_links_in_references_are_dropped() -> None:
    values, _ = clean_value("650 mrd NOK<ref>[http://www.bors24.no/x Oslo Børs]</ref>")
    assert [(v.kind, v.text, v.url, v.parts) for v in values] == [("text", "650 mrd NOK", None, [])]


def test_link_title_entities_decoded() -> None:
    values, _ = clean_value("[[Scottish&nbsp;Gaelic]]")
    assert (values[0].text, values[0].link) == ("Scottish Gaelic", "Scottish Gaelic")


def test_modules_have_no_import_cycle() -> None:
    """Layers import downwards: wikinames, wikiplain <- wikiwalk <- wikidates <- wikirenderers <- wikitemplates."""
    import ast

    from infobox_tools.readers import wikitemplates

    base = Path(wikitemplates.__file__).parent
    order = ["wikinames", "wikiplain", "wikiwalk", "wikidates", "wikirenderers", "wikitemplates"]
    for i, name in enumerate(order):
        tree = ast.parse((base / f"{name}.py").read_text(encoding="utf-8"))
        imported = {n.module.rsplit(".", 1)[-1] for n in ast.walk(tree)
                    if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("infobox_tools.readers")}
        assert imported <= set(order[:i]), (name, imported)
        assert len((base / f"{name}.py").read_text(encoding="utf-8").splitlines()) <= 400, name


# ------------------------------------------------- families shared with the prose reader

@pytest.mark.parametrize("src,text", [
    ("{{IPAc-en|t|ɵ|ˈ|r|ɒ|n|t|oʊ}}", "/tɵˈrɒntoʊ/"),
    ("{{IPAc-en|local|ˈ|t|r|ɒ|n|oʊ}}", "/ˈtrɒnoʊ/"),
    ("{{IPAc-en|us|ˈ|n|j|uː|_|j|ɔːr|k|audio=En-us-New York.ogg}}", "/ˈnjuː jɔːrk/"),
    ("{{IPAc-en|lang|ˈ|æ|s|f|ɔː|l|t}}", "/ˈæsfɔːlt/"),
    ("{{IPA-fr|kʁisteva|lang}}", "[kʁisteva]"),
    ("{{IPA-ur|ɛːʋɑːn-e bɑːlɑ|IPA}}", "[ɛːʋɑːn-e bɑːlɑ]"),
    ("{{IPA|fr|kʁisteva}}", "[kʁisteva]"),
    ("{{IPA|moʊˈzɪlə ˈfaɪɹfɑks}}", "moʊˈzɪlə ˈfaɪɹfɑks"),
    ("{{IPA-de|/ˈʃtʊtɡaʁt/}}", "/ˈʃtʊtɡaʁt/"),
    ("{{quote|To be.|Hamlet|Act III|Folio}}", "To be. — Hamlet, Act III, Folio"),
    ("{{quote|text=To be.|author=[[William Shakespeare]]|source=''Hamlet''}}",
     "To be. — William Shakespeare, Hamlet"),
    ("{{blockquote|To be.}}", "To be."),
    ("{{cquote|To be.|||Hamlet|Folio}}", "To be. — Hamlet, Folio"),
    ("{{cquote|quote=To be.|author=Hamlet}}", "To be. — Hamlet"),
    ("{{quotation|To be.|Hamlet|Act III}}", "To be. — Hamlet, Act III"),
    ("{{chem|C|''n''|H|2''n''+2}}", "CnH2n+2"),
    ("{{chem|H|2|O}}", "H2O"),
    ("{{cite book|last=Chang|first=Cheng-Hung|year=2005|title=Stochastic Resonance|publisher=AIP}}",
     "Chang, Cheng-Hung (2005). Stochastic Resonance. AIP."),
    ("{{Cite journal|author=Waltz, M|date=March 2013|title=Autism|journal=History|publisher=Palgrave}}",
     "Waltz, M (2013). Autism. History. Palgrave."),
    ("{{citation|title=Only a title.}}", "Only a title."),
    ("{{vcite book|author=Sicile-Kira, C|title=Autism spectrum disorder|year=2014}}",
     "Sicile-Kira, C (2014). Autism spectrum disorder."),
    ("{{As of|2010}}", "As of 2010"),
    ("{{As of|2010|alt=In 2010}}", "In 2010"),
    ("{{As of|2011|alt=In [[United Kingdom Census 2011|2011]]}}", "In 2011"),
    ("{{as of|lc=y|2005|06}}", "as of June 2005"),
    ("{{as of|2013|6|8}}", "As of 8 June 2013"),
    ("{{as of|2013|6|8|df=US}}", "As of June 8, 2013"),
    ("{{frac|3|2}}", "3/2"),
    ("{{frac|3}}", "1/3"),
    ("{{frac|1|3|4}}", "1 3/4"),
    ("{{sfrac|1|4}}", "1/4"),
    ("{{Date|21|mai|1730}}", "21 mai 1730"),
    ("{{Date|1er|janvier|2000}}", "1er janvier 2000"),
    ("{{Date|14|juillet}}", "14 juillet"),
    ("{{Date||octobre|1737}}", "octobre 1737"),
])
def test_prose_families_render(src: str, text: str) -> None:
    r = _render(src)
    assert r.text == text
    assert r.warnings == []


@pytest.mark.parametrize("src,date,precision", [
    ("{{Date|21|mai|1730}}", "1730-05-21", "day"),
    ("{{Date|21|mai|304}}", "0304-05-21", "day"),
    ("{{Date|1er|janvier|2000}}", "2000-01-01", "day"),
    ("{{Date||Janvier|1732}}", "1732-01", "month"),
    ("{{Date|juillet 2022}}", "2022-07", "month"),
    ("{{date|2006-01-15|mdy}}", "2006-01-15", "day"),
])
def test_date_template_day_first(src: str, date: str, precision: str) -> None:
    values = _render(src).values
    assert [(v.kind, v.date, v.precision) for v in values] == [("date", date, precision)]


def test_day_month_without_year_is_no_date() -> None:
    assert _render("{{Date|14|juillet}}").values == []


def test_unknown_template_with_several_arguments_keeps_none() -> None:
    """The rule for two or more positional arguments: keep none, warn (see ``render_unknown``)."""
    for src in ("{{Lbc|D|IB1}}", "{{Frobnicate|a|b|c}}"):
        r = _render(src)
        assert r.text == "" and r.warnings == [f"unknown template: {src[2:src.index('|')]}"]
    assert _render("{{Lbc|Tamar}}").text == "Tamar"


def test_citation_in_a_value_is_its_reference_line_but_not_in_a_ref() -> None:
    values, _ = clean_value("{{cite web|title=Census 2011|publisher=ONS}}")
    assert [v.text for v in values] == ["Census 2011. ONS."]
    values, _ = clean_value("63,181,775<ref>{{cite web|title=Census 2011|publisher=ONS}}</ref>")
    assert [v.text for v in values] == ["63,181,775"]


def test_prose_family_renderers_are_in_the_shared_table() -> None:
    from infobox_tools.readers.wikirenderers import PREFIX_RENDERERS

    for name in ("ipa", "chem", "as of", "frac", "date", "quote", "blockquote", "cquote", "quotation"):
        assert name in RENDERERS, name
    prefixes = [p for p, _ in PREFIX_RENDERERS]
    for family in ("cite", "citation", "ipac", "ipa-"):
        assert family in prefixes, family


_TIME_OF_DAY_RE = re.compile(r",?\s+\d{1,2}:\d{2}(?::\d{2})?.*$")
_DATE_TEMPLATE_RE = re.compile(r"\{\{\s*(?:start|end|birth|death|film|release)[ _-]date[^{}]*\}\}", re.IGNORECASE)


def test_date_templates_agree_with_normalize_dates(corpus: Path) -> None:
    """A date template's Value is what ``normalize.dates.parse_date`` gives for the date it shows:
    kind, ISO date and precision, on every such template in the corpus wikitext."""
    import bz2
    import html
    import json

    from infobox_tools.normalize.dates import parse_date

    texts = [p.read_text(encoding="utf-8") for p in sorted((corpus / "wikitext" / "wtf_wikipedia_cache").glob("*.txt"))]
    texts += [json.loads(p.read_text(encoding="utf-8"))["article_body"]["wikitext"]
              for p in sorted((corpus / "html" / "enterprise_api").glob("*.json"))]
    dump = corpus / "dumps" / "gensim" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
    xml = bz2.decompress(dump.read_bytes()).decode("utf-8")
    texts += [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", xml, re.DOTALL)]
    seen: dict[str, int] = {}
    for text in texts:
        for m in _DATE_TEMPLATE_RE.finditer(text):
            for v in _render(m.group(0)).values:
                assert v.kind == "date", m.group(0)
                # normalize.dates reads no time of day ("July 16, 1969, 13:32:00"): compare the date shown
                ref = parse_date(_TIME_OF_DAY_RE.sub("", v.text))
                assert ref is not None and ref.kind == "date", (m.group(0), v.text)
                assert (v.date, v.precision) == (ref.date, ref.precision), (m.group(0), v.text)
                seen[v.precision or ""] = seen.get(v.precision or "", 0) + 1
    assert sum(seen.values()) >= 30 and seen.get("day", 0) >= 20
    for src in ("{{start date|1945}}", "{{start date|1945|8}}", "{{start date|1945|8|11|df=y}}",
                "{{birth date and age|1959|6|7}}", "{{death date and age|2012|2|16|1929|8|22}}"):
        v = _render(src).values[0]
        ref = parse_date(v.text)
        assert ref is not None and (v.kind, v.date, v.precision) == (ref.kind, ref.date, ref.precision), src


def test_bce_years_are_written_as_normalize_dates_writes_them() -> None:
    from infobox_tools.normalize.dates import parse_date
    from infobox_tools.readers.wikidates import Date

    ref = parse_date("44 BC")
    assert ref is not None and Date(-43).iso == ref.date == "-0043"
    assert Date(548, 6, 28).iso == "0548-06-28"
