"""The wikitext reader's infobox part on constructed input: names, parameters, redirects, edge cases.

Short hand-written snippets pin down the rules the real pages (``test_wikitext_infobox``) rely on:
how templates are recognised as infoboxes and typed, how parameters become fields (label/data
rows, numbered sides), localised redirects and disambiguation, malformed or hostile markup, and
templates rendered in values as the prose reader renders them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infobox_tools.readers.wikiinfobox import find_spans, infobox_type, split_param
from infobox_tools.readers.wikitext import read
from test_wikitext_infobox import _check, _field


@pytest.mark.parametrize("src,expected", [
    # rows are laid out by number, not by the order written
    ("{{Infobox|data2=B|label2=Two|header1=Head|label3=Three|data3=C}}",
     [("two", "Two", "data2", "Head"), ("three", "Three", "data3", "Head")]),
    # a data row without a label stays as written; a label without data is not shown
    ("{{Infobox|header1=H|data2=Only data|label3=No data|header4=K|label5=L|data5=x}}",
     [("data2", None, "data2", "H"), ("l", "L", "data5", "K")]),
    # header and data of one number: the header wins (as in the template), the data is kept
    ("{{Infobox|header1=H|data1=x|label2=A|data2=y}}",
     [("data1", None, "data1", "H"), ("a", "A", "data2", "H")]),
    # fields before the first header have no section; other parameters are untouched
    ("{{Infobox|name=N|label1=Born:|data1=1900|header2=Later|label3=Died|data3=1990}}",
     [("name", None, "name", None), ("born", "Born", "data1", None), ("died", "Died", "data3", "Later")]),
])
def test_label_data_pairs(src: str, expected: list[tuple[Any, ...]]) -> None:
    box = read(src).infobox
    assert box is not None
    assert [(f.key, f.label, f.param, f.section) for f in box.fields] == expected


@pytest.mark.parametrize("text,target", [
    ("#WEITERLEITUNG [[Berlin]]", "Berlin"), ("#REDIRECTION [[Paris#Histoire]]", "Paris#Histoire"),
    ("#OMDIRIGERING [[Oslo]]", "Oslo"), ("#REDIRECCIÓN [[Madrid|x]]", "Madrid"),
    ("#ПЕРЕНАПРАВЛЕНИЕ [[Москва]]", "Москва"), ("#DOORVERWIJZING [[Amsterdam]]", "Amsterdam"),
    ("#AANSTUUR [[Kaapstad]]", "Kaapstad"), ("#redirect[[New_York_City]]", "New York City"),
])
def test_localised_redirects(text: str, target: str) -> None:
    assert read(text).redirect == target


@pytest.mark.parametrize("template", ["{{disambiguation}}", "{{Disambig}}", "{{dab}}", "{{hndis|Smith}}",
                                      "{{geodis}}", "{{Begriffsklärung}}", "{{homonymie}}",
                                      "{{Human name disambiguation}}"])
def test_disambiguation(template: str) -> None:
    assert read(f"'''Foo''' may refer to:\n* [[Foo (band)]]\n{template}").disambiguation


@pytest.mark.parametrize("name,type_", [
    ("Infobox Officeholder", "officeholder"), ("infobox_officeholder", "officeholder"),
    ("Infoboks Kommuna", "kommuna"), ("Inligtingskas Persoon", "persoon"), ("Картка особи", "особи"),
    ("Taxobox", "taxobox"), ("Chembox", "chembox"), ("Geobox", "geobox"), ("Template:Infobox  person", "person"),
    ("Infobox mapframe", None), ("Infoboxes", None), ("Persondata", None),
])
def test_infobox_type_names(name: str, type_: str | None) -> None:
    assert infobox_type(name) == type_


def test_configurable_names() -> None:
    text = "{{Inforuta Ort\n| namn = Rēzekne\n}}"
    assert read(text).infoboxes == []
    box = read(text, infobox_names=["Inforuta"]).infobox
    assert box is not None and box.type == "ort" and box.fields[0].values[0].text == "Rēzekne"


@pytest.mark.parametrize("param,key,side", [
    ("combatant1", "combatant", 1), ("commander2", "commander", 2), ("casualties 3", "casualties", 3),
    ("strength1", "strength", 1), ("units2", "units", 2), ("term_start2", "term_start2", None),
    ("office2", "office2", None), ("module2", "module2", None), ("image2", "image2", None),
    ("Combatant1a", "combatant", 1), ("birth place", "birth_place", None),
])
def test_sides(param: str, key: str, side: int | None) -> None:
    assert split_param(param) == (key, side)


def test_parameter_edge_cases() -> None:
    text = ("{{Infobox military conflict |conflict=Battle of X|date={{start date|1945|8|11}}\n"
            "| Result\t= Victory\n|commander1 = [[A]]<br>[[B]]\n|commander1=\n| place =\n"
            "| image = <!-- none -->\n| module = {{Infobox military person|embed=yes|name=Y}}\n"
            "| strength2 = {{convert|2|-|3|km}}<ref>src</ref>\n}}")
    record = read(text)
    box = record.infoboxes[0]
    assert [f.param for f in box.fields] == ["conflict", "date", "Result", "commander1", "strength2"]
    cmd = _field(box, "commander1")
    assert (cmd.key, cmd.side, [v.text for v in cmd.values]) == ("commander", 1, ["A", "B"])
    assert cmd.raw == "[[A]]<br>[[B]]"
    assert _field(box, "date").values[0].date == "1945-08-11"
    q = _field(box, "strength2").values[0]
    assert (q.kind, q.low, q.high, q.unit, q.text) == ("quantity", 2, 3, "km", "2–3 km")
    child = record.infoboxes[1]
    assert (child.type, child.parent, child.fields[1].values[0].text) == ("military person", 0, "Y")


def test_unclosed_infobox_does_not_raise() -> None:
    box = read("{{Infobox person\n| name = [[A]]\n| born = 1900").infobox
    assert box is not None and box.warnings and _field(box, "born").raw == "1900"


def test_spans_skip_comments_and_nowiki() -> None:
    text = "<!-- {{Infobox old}} -->{{Infobox person|a=<nowiki>}}</nowiki>|b=<!-- }} -->c}} tail"
    spans = list(find_spans(text))
    assert len(spans) == 1 and text[spans[0][1]:] == " tail"


# ------------------------------------- templates rendered alike in values and prose

def test_prose_like_templates_in_values() -> None:
    """The families the prose reader used to render itself (IPA, quotations, formulas, citations),
    and As of / frac / frwiki {{Date}}, as infobox values."""
    record = read("{{Infobox person\n| name = X\n| pronunciation = {{IPAc-en|t|ɵ|ˈ|r|ɒ|n|t|oʊ}}\n"
                  "| population_as_of = {{As of|2010}}\n| height = {{frac|1|3|4}} m\n"
                  "| birth_date = {{Date|21|mai|1730}}\n| motto = {{quote|To be.|Hamlet}}\n"
                  "| formula = {{chem|H|2|O}}\n| class = {{Lbc|D|IB1}}\n}}\nX was born.", title="X")
    box = record.infobox
    assert box is not None
    _check(box, "pronunciation", "texts", ["/tɵˈrɒntoʊ/"])
    _check(box, "population_as_of", "texts", ["As of 2010"])
    _check(box, "height", "texts", ["1 3/4 m"])
    _check(box, "motto", "texts", ["To be. — Hamlet"])
    _check(box, "formula", "texts", ["H2O"])
    born = _field(box, "birth_date").values
    assert [(v.kind, v.text, v.date, v.precision) for v in born] == [("date", "21 mai 1730", "1730-05-21", "day")]
    # an unknown template with two positional arguments: no value is guessed, the field says why
    cls = _field(box, "class")
    assert cls.values == [] and cls.warnings == ["unknown template: Lbc"]


def test_citation_as_a_whole_value_on_a_dump_page(corpus: Path) -> None:
    """Andorra's ``footnote_c`` is a bare {{cite web}} (no <ref>): its reference line is the value."""
    import bz2
    import html
    import re

    path = corpus / "dumps" / "gensim" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
    xml = bz2.decompress(path.read_bytes()).decode("utf-8")
    pages = dict(re.findall(r"<title>(.*?)</title>.*?<text[^>]*>(.*?)</text>", xml, re.DOTALL))
    box = read(html.unescape(pages["Andorra"]), title="Andorra").infobox
    assert box is not None
    _check(box, "footnote_c", "texts",
           ["Informe sobre l'estat de la pobresa i la desigualtat al Principal d'Andorra (2003). Estadistica.ad."])


def test_many_unclosed_tags_are_read_as_text_in_linear_time() -> None:
    """mwparserfromhell is quadratic on unclosed tags (earwig/mwparserfromhell#364): past
    a few, they are hidden from it, and the raw text stays verbatim."""
    from infobox_tools.readers.wikiinfobox import MAX_UNCLOSED_TAGS, defuse_unclosed_tags, read_infoboxes

    body = "<ref>x" * 5000
    [box] = read_infoboxes("{{Infobox military conflict|date=" + body + "}}")
    assert box.fields[0].raw == body
    assert "<" not in defuse_unclosed_tags(body)[0]
    assert any("5000 unclosed tags" in w for w in box.warnings)
    few = "a<ref>b" * MAX_UNCLOSED_TAGS
    assert defuse_unclosed_tags(few) == (few, 0)
    closed = "<ref>x</ref>" * 1000
    assert defuse_unclosed_tags(closed) == (closed, 0)
