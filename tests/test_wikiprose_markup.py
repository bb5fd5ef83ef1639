"""Prose extraction from wikitext on constructed input: markup, inline templates, hostile text.

Small hand-written snippets pin down what each kind of markup becomes (block templates, references,
files, links, lists, tables, localised namespaces, inline templates with either renderer, literal tags),
and adversarial input (deep nesting, unclosed markup, huge lines, random mixes) must finish quickly
and never leak markup or raise.  Real pages are in ``test_wikiprose``.
"""

from __future__ import annotations

import pytest

from infobox_tools.readers import wikiscan
from infobox_tools.readers.wikiprose import extract_prose
from test_wikiprose import _blocks, _section

# ------------------------------------------------------------ constructed inputs --

def test_block_templates_references_files_and_links() -> None:
    text = (
        "{{Short description|A town}}\n{{Infobox settlement\n| name = X\n| area = {{convert|3|km2}}\n}}\n"
        "'''X''' is a [[town]]s in [[France|la France]] with an area of {{convert|31.2|km2}}.<ref name=a>"
        "{{cite web|title=T}}</ref><ref name=a/> It flies {{flag|France}} and says {{lang|fr|texte}}.{{cn}}\n"
        "[[File:X.jpg|thumb|A [[caption]] with {{convert|1|km}}]]\n"
        "See [http://example.org the site] &ndash; [[:Category:Towns|towns]].[[fr:X]]<br/>Next&nbsp;line.\n\n"
        "== History ==\n{{Main|History of X}}\n* first <small>small</small>\n# second\n; term\n: indented\n"
        "{| class=wikitable\n|-\n| a\n{|\n| nested\n|}\n|}\n<references/>\n"
        "== References ==\n{{Reflist}}\n* [http://x.org ref]\n"
        "[[Category:Towns in France|X]]\n[[Kategorie:Ort]]\n__NOTOC__\n"
    )
    sections, cats, tables, warnings = extract_prose(text)
    lead = _blocks(sections[:1])
    assert lead == [(
        "X is a towns in la France with an area of 31.2 km2. It flies France and says texte. "
        "See the site – towns. Next line."
    )]
    hist = _section(sections, "History")
    assert [(b.kind, b.text) for b in hist.blocks] == [
        ("item", "first small"), ("item", "second"), ("item", "term"), ("item", "indented")]
    assert "References" not in [s.heading for s in sections]
    assert tables == 1
    assert cats == ["Towns in France", "Ort"]
    assert warnings == []


def test_localised_files_and_categories() -> None:
    text = ("[[Fichier:a.jpg|vignette|Légende [[x]] {{lang|fr|y}}]][[Bild:b.png|mini]][[Imagem:c.jpg]]"
            "[[Ficheiro:d.jpg|thumb|e]][[Fil:e.jpg]][[Lêer:f.jpg|duimnael|g [[h|i]]]][[Image:g.png|thumb|[[j]]]]"
            "Text [[file:k.jpg|left|200px]]here.\n"
            "[[Catégorie:Commune]] [[Categoria:Y|z]]\n[[Kategori:W]]\n[[Category:Living people| ]]\n[[de:Text]]\n")
    sections, cats, _, _ = extract_prose(text)
    assert _blocks(sections) == ["Text here."]
    assert cats == ["Commune", "Y", "W", "Living people"]


_INLINE_CASES = {
    "{{convert|31.2|km2}}": "31.2 km2",
    "{{convert|1|to|2|km}}": "1 to 2 km",
    "{{flag|France}}": "France",
    "{{lang|fr|texte}}": "texte",
    "{{lang-fr|texte}}": "texte",
    "{{nihongo|Tokyo|東京|Tōkyō}}": "Tokyo (東京, Tōkyō)",
    "{{start date|1883|5|12}}": "May 12, 1883",
    "{{nowrap|a b}}": "a b",
}


@pytest.mark.parametrize("shared", [True, False], ids=["shared-renderer", "built-in-fallback"])
def test_inline_templates_render_alike_with_either_renderer(shared: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    import infobox_tools.readers.wikiprose as wp

    if not shared:
        monkeypatch.setattr(wp, "_render_inline", None)
    elif wp._render_inline is None:
        pytest.skip("wikitemplates.render_inline is not importable")
    for markup, shown in _INLINE_CASES.items():
        sections, _, _, _ = extract_prose(f"It is {markup} here.")
        assert _blocks(sections) == [f"It is {shown} here."], markup


def test_unknown_inline_template_warns() -> None:
    sections, _, _, warnings = extract_prose("It was {{Frobnicate widget|7}} here.\n")
    assert any("frobnicate widget" in w.lower() for w in warnings)
    assert "{{" not in _blocks(sections)[0]


def test_literal_tags_and_comments() -> None:
    text = ("A <nowiki>[[not a link]]</nowiki> and <code>x = 1</code> and <math>\\frac{a}{b^{2}}</math>."
            "<!-- hidden [[x]] --> B<sup>2</sup>.<gallery>\nA.jpg|x\n</gallery>\n")
    sections, _, _, _ = extract_prose(text)
    assert _blocks(sections) == ["A [[not a link]] and x = 1 and \\frac{a}{b^{2} }. B2."]


# ---------------------------------------------------------------- hostile input --

def test_unbalanced_and_deeply_nested_input_completes() -> None:
    deep = "{{x|" * 10_000 + "text" + "}}" * 10_000
    sections, _, _, _ = extract_prose("Before.\n\n" + deep + "\n\nAfter.")
    assert _blocks(sections) == ["Before.", "After."]
    unclosed = "Start {{" * 10_000 + " end [[ [[ <ref> {| \n"
    sections, _, _, _ = extract_prose(unclosed)
    assert all("{{" not in b and "[[" not in b for b in _blocks(sections))
    links = "[[a|" * 10_000 + "b" + "]]" * 10_000
    sections, _, _, _ = extract_prose(links)
    assert sections[0].heading is None


def test_many_templates_on_one_line_stay_linear() -> None:
    # Each template looks back/forward a bounded distance to decide "alone on its line".
    sections, _, _, warnings = extract_prose("{{x}}" * 20_000 + "\n" + "{{nbsp}}word " * 20_000)
    assert _blocks(sections) == [("word " * 20_000).strip()]
    assert warnings == ["unknown template: x"]  # once, not 20,000 times


def test_redirect_line_is_not_a_list_item() -> None:
    sections, _, _, _ = extract_prose("#REDIRECT [[Foo]] {{R from move}}\n[[Category:Bar]]")
    assert _blocks(sections) == []
    sections, _, _, _ = extract_prose("# [[a]]\n# b")
    assert [(b.kind, b.text) for b in sections[0].blocks] == [("item", "a"), ("item", "b")]


def test_huge_line_is_scanned_once() -> None:
    # A 10 MB line of plain text and links: the scanner must pair tokens once, not per position.
    line = ("Some words [[link|shown]] and {{nowrap|kept}} more. " * 200_000)[:10_000_000]
    calls = {"n": 0}
    real = wikiscan.pair_tokens

    def counting(text: str) -> wikiscan.Tokens:
        calls["n"] += 1
        return real(text)

    import infobox_tools.readers.wikiprose as wp

    wp.pair_tokens = counting  # type: ignore[assignment]
    try:
        sections, _, _, _ = extract_prose(line)
    finally:
        wp.pair_tokens = real  # type: ignore[assignment]
    assert calls["n"] == 1
    text = _blocks(sections)[0]
    assert text.startswith("Some words shown and kept more. Some words shown")
    assert "[[" not in text and "{{" not in text


def test_pairing_is_bounded_for_mismatched_closers() -> None:
    tokens = wikiscan.pair_tokens("{{a|[[b}}]]" * 1000)
    assert len(tokens.start) == 4000
    assert all(m == -1 or tokens.match[m] == i for i, m in enumerate(tokens.match))


_PIECES = ["{{", "}}", "[[", "]]", "{|", "|}", "\n", "|", "=", "==", "'''", "''", "<ref>", "</ref>",
           "<ref name=a/>", "<!--", "-->", "<nowiki>", "</nowiki>", "<math>", "</math>", "File:", "Category:",
           "word ", "x", "*", "#", ":", ";", "&amp;", "[http://x y]", "<br>", "{{convert|1|km}}",
           "{{Infobox a|b=c}}", "__NOTOC__", "fr:", "<gallery>", "</gallery>", " ", "\x01", "\ue001"]


def test_any_mix_of_markup_gives_a_lead_and_no_error() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_PIECES), max_size=60))
    def check(pieces: list[str]) -> None:
        sections, cats, tables, _ = extract_prose("".join(pieces))
        assert sections and sections[0].heading is None and sections[0].level == 0
        assert tables >= 0 and all(isinstance(c, str) and c for c in cats)
        for s in sections:
            assert all(b.kind in ("paragraph", "item") and b.text == b.text.strip() and b.text for b in s.blocks)
            assert all("\x01" not in b.text for b in s.blocks)

    check()
