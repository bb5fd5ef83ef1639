"""Inline templates rendered as a reader sees them, and infobox values cleaned into items."""

from __future__ import annotations

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
    """The layers import downwards only: wikiwalk <- wikidates <- wikirenderers <- wikitemplates."""
    import ast

    from infobox_tools.readers import wikitemplates

    base = Path(wikitemplates.__file__).parent
    order = ["wikiwalk", "wikidates", "wikirenderers", "wikitemplates"]
    for i, name in enumerate(order):
        tree = ast.parse((base / f"{name}.py").read_text(encoding="utf-8"))
        imported = {n.module.rsplit(".", 1)[-1] for n in ast.walk(tree)
                    if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("infobox_tools.readers")}
        assert imported <= set(order[:i]), (name, imported)
        assert len((base / f"{name}.py").read_text(encoding="utf-8").splitlines()) <= 400, name
