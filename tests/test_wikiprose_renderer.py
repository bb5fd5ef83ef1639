"""Prose extraction and the infobox reader share one template renderer; its fast paths and speed.

Families such as IPA, quotations, formulas and citations are rendered by ``wikitemplates`` for
both readers, so prose must show exactly what an infobox value shows.  Prose takes shortcuts
for speed (a text fast path that skips the mwparserfromhell parse, a quick ``finish()``); these
tests hold the shortcuts equal to the general route, keep the throughput on the enwiki sample,
and keep the prose modules small, documented and free of import cycles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infobox_tools.readers import wikiscan
from infobox_tools.readers.wikiprose import extract_prose
from test_wikiprose import _blocks, _dump_pages, _section, _wtf

# ------------------------------------------- one renderer for prose and infobox values

_SHARED_FAMILIES = (
    "{{IPAc-en|t|ɵ|ˈ|r|ɒ|n|t|oʊ}}", "{{IPAc-en|us|ˈ|æ|s|f|ɔː|l|t}}", "{{IPA-fr|kʁisteva|lang}}",
    "{{IPA|fr|kʁisteva}}", "{{chem|C|''n''|H|2''n''+2}}", "{{As of|2010}}", "{{as of|2013|6|8}}",
    "{{As of|2011|alt=In [[United Kingdom Census 2011|2011]]}}", "{{frac|3|2}}", "{{frac|3}}", "{{frac|1|3|4}}",
    "{{Date|21|mai|1730}}", "{{cite book|last=Waltz|first=M|year=2013|title=Autism|publisher=Palgrave}}",
    "{{quote|To be.|Hamlet|Act III}}", "{{quote|1=E=mc2|2=[[Albert Einstein|Einstein]]}}",
    "{{cquote|quote=To be.|author=[[Hamlet]]}}",
)


@pytest.mark.parametrize("markup", _SHARED_FAMILIES)
def test_prose_renders_these_families_as_the_infobox_reader_does(markup: str) -> None:
    import mwparserfromhell

    from infobox_tools.readers.wikitemplates import render_inline

    shown = render_inline(mwparserfromhell.parse(markup).nodes[0]).text
    assert shown and "{{" not in shown
    sections, _, _, warnings = extract_prose(f"It is {markup} here.")
    assert _blocks(sections) == [f"It is {shown} here."]
    assert warnings == []


def test_no_prose_override_of_the_shared_renderer() -> None:
    """The built-in renderer (used only when the shared one is missing) does not know these families:
    one implementation, in ``wikirenderers``."""
    import infobox_tools.readers.wikiprose as wp

    assert not hasattr(wikiscan, "LOCAL_FIRST") and not hasattr(wp, "LOCAL_FIRST")
    for name in ("ipac-en", "quote", "cquote", "chem", "cite web", "citation"):
        assert wp.render_fallback(name, ["x", "y"], {"title": "T"}) is None, name


def test_shared_families_on_corpus_pages(corpus: Path) -> None:
    sections, _, _, _ = extract_prose(_wtf(corpus, "toronto.txt"))
    assert _blocks(sections[:1])[0].startswith("Toronto (/tɵˈrɒntoʊ/, /ˈtrɒnoʊ/) is the most populous city")
    sections, _, _, _ = extract_prose(_wtf(corpus, "julia_kristeva.txt"))
    assert _blocks(sections[:1])[0].startswith("Julia Kristeva ([kʁisteva]; Юлия Кръстева; born 24 June 1941)")
    pages = dict(_dump_pages(corpus / "dumps" / "gensim"
                             / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"))
    sections, _, _, _ = extract_prose(pages["Afghanistan"])
    assert any(b.startswith("As of 2015, the population of Afghanistan is around 32,564,342")
               for b in _blocks(sections))
    sections, _, _, _ = extract_prose(pages["Alkane"])
    assert "CH4 + 3/2 O2 → CO + 2 H2O" in _blocks(sections, "item")
    sections, _, _, _ = extract_prose(pages["Asphalt"])  # {{IPAc-en|US|…}}: the label is not a sound
    assert _blocks(sections[:1])[0].startswith("Asphalt (/ˈæsfɔːlt/, /ˈæsfælt/,")
    # {{vcite book}} in "Further reading": reference lines, like {{cite book}}
    sections, _, _, _ = extract_prose(pages["Autism"])
    assert ("Waltz, M (2013). Autism: A Social and Medical History. Palgrave Macmillan."
            in [b.text for b in _section(sections, "Further reading").blocks])
    # {{bquote}} is a block quotation: its own paragraph
    sections, _, _, _ = extract_prose(pages["Alchemy"])
    assert any(b.startswith("The first essential in chemistry is that thou shouldest perform practical work")
               for b in _blocks(sections, "paragraph"))


def test_unknown_template_alone_on_its_line_is_not_prose(corpus: Path) -> None:
    """{{About-distinguish2|the country|…}} (two arguments, alone on its line) is a hatnote."""
    sections, _, _, warnings = extract_prose("{{Frobnicate hatnote|the country|the island, also loosely the country}}\n"
                                            "The United Kingdom is a country.\n")
    assert _blocks(sections) == ["The United Kingdom is a country."]
    assert "unknown template: Frobnicate hatnote" in warnings


def test_prose_modules_are_small_documented_and_acyclic() -> None:
    import ast

    import infobox_tools.readers.wikiprose as wp

    base = Path(wp.__file__).parent
    order = ["wikinames", "wikiscan", "wikilines", "wikiprose"]
    for i, name in enumerate(order):
        source = (base / f"{name}.py").read_text(encoding="utf-8")
        tree = ast.parse(source)
        assert ast.get_docstring(tree) and "Why" in ast.get_docstring(tree), name  # says why it exists
        imported = set()
        for n in ast.walk(tree):
            if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("infobox_tools.readers"):
                mod = n.module.rsplit(".", 1)[-1]
                imported |= {a.name for a in n.names} if mod == "readers" else {mod}
        # wikiprose also uses the shared renderer, which never imports prose modules
        assert imported - {"wikitemplates", "wikirenderers"} <= set(order[:i]), (name, imported)
        assert len(source.splitlines()) <= 400, name


def test_extract_prose_throughput_on_the_enwiki_sample(corpus: Path) -> None:
    """Prose extraction stays fast: the whole gensim enwiki sample (5.7 MB of wikitext) at well
    above the 1 MB/s of a full mwparserfromhell parse (measured 11-19 MB/s on an idle 2-core machine)."""
    import time

    import infobox_tools.readers.wikiprose as wp

    texts = [t for _, t in _dump_pages(corpus / "dumps" / "gensim"
                                       / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2")]
    size = sum(len(t.encode("utf-8")) for t in texts)
    wp._RENDER_CACHE.clear()
    start = time.perf_counter()
    for t in texts:
        extract_prose(t)
    rate = size / (time.perf_counter() - start) / 1e6
    assert size > 5e6 and rate > 3.0, f"{rate:.1f} MB/s"


def test_text_fast_path_equals_the_parsed_render_on_the_enwiki_sample(corpus: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Citations, IPA, quotations and formulas skip the mwparserfromhell parse in prose (speed); the text
    must be what the parsed call renders to.  (A quotation of several paragraphs keeps its paragraphs on
    the fast path, so only the joined text is compared.)"""
    import infobox_tools.readers.wikiprose as wp

    texts = [t for _, t in _dump_pages(corpus / "dumps" / "gensim"
                                       / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2")]
    fast = [" ".join(_blocks(extract_prose(t)[0])) for t in texts]
    monkeypatch.setattr(wp, "_text_renderer", None)
    wp._RENDER_CACHE.clear()
    parsed = [" ".join(_blocks(extract_prose(t)[0])) for t in texts]
    wp._RENDER_CACHE.clear()
    assert sum(1 for t in texts if "{{cite" in t.lower() or "{{ipac" in t.lower()) > 50
    assert fast == parsed


def _finish_reference(text: str) -> str:
    """finish() as it was before its fast path: the general route for every block."""
    import html

    from infobox_tools.readers.wikilines import _EMPTY_PARENS_RE, _SPACE_PUNCT_RE

    text = " ".join(wikiscan.unprotect(html.unescape(text)).replace(wikiscan.GONE, " ").split())
    text = _SPACE_PUNCT_RE.sub("", text)
    if "(" in text:
        text = text.replace("( ", "(")
        if "()" in text or "( " in text or "(," in text or "(;" in text:
            text = " ".join(_EMPTY_PARENS_RE.sub("", text).split())
    return text


def test_finish_fast_paths_equal_the_general_route() -> None:
    """finish() skips work for printable blocks and parenthesis-free ones; the text must not change."""
    import random

    from infobox_tools.readers.wikilines import finish

    pieces = [" ", "  ", "   ", "\t", "\xa0", "\u2003", "\u2028", "\x85", "\x0b", "\x1c", wikiscan.GONE, "\ue001",
              "&amp;", "&nbsp;", "&#32;", "&#10;", "&#x2009;", "a", "word", "é", ".", ",", ")", "(", ";", ":", "( ,)"]
    rng = random.Random(8)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert finish(text) == _finish_reference(text), repr(text)
