"""Plain template calls built without mwparserfromhell's tree must be the parser's nodes.

:mod:`infobox_tools.readers.wikiplain` builds ``{{convert|31.2|km2}}`` and kin from the
tokens as light stand-ins; these tests build every template span of the corpus and
generated spans both ways and require the same structure (name, parameters with
name/value/showkey, pieces), the same ``str()`` and the same rendering (text, typed values,
warnings and links).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import Template, Text, Wikilink

from infobox_tools.readers import wikilines, wikiscan
from infobox_tools.readers.wikiplain import Link, PlainTemplate, plain_template, tokenize
from infobox_tools.readers.wikitemplates import parse_one, render_inline


def _shape(x: Any) -> Any:
    """A template, wikicode or piece as nested tuples, the same for a node and its stand-in."""
    if isinstance(x, (Template, PlainTemplate)):
        return ("T", _shape(x.name), [(_shape(p.name), _shape(p.value), p.showkey) for p in x.params])
    if isinstance(x, (str, Text)):
        return ("s", str(x))
    if isinstance(x, (Link, Wikilink)):
        return ("L", str(x.title), None if x.text is None else str(x.text))
    return [_shape(n) for n in x.nodes]


def _check(span: str) -> bool:
    """Whether ``span`` is built as a plain call; if so, it must be the parser's node."""
    node = parse_one(span)
    if not isinstance(node, PlainTemplate):
        return False
    tree = mwparserfromhell.parse(span).nodes
    assert len(tree) == 1 and isinstance(tree[0], Template), span
    assert _shape(node) == _shape(tree[0]), span
    assert str(node) == str(tree[0]) == span
    assert render_inline(node) == render_inline(tree[0]), span
    return True


@pytest.mark.parametrize("span", [
    "{{convert|31.2|km2}}", "{{convert|5|ft|10|in|m|abbr=on}}", "{{lang|fr|[[Paris|la ville]] et [[Lyon]]}}",
    "{{nowrap|{{convert|2|-|3|km}} [[a|]]}}", "{{start date|1990|5|3|df=y}}", "{{coord|35|41|N|139|41|E}}",
    "{{a||=|2=b|c=d=e}}", "{{ Template:Flag | France }}", "{{lc:ABC}}", "{{ubl|a|b|{{nowrap|c}}}}", "{{x}}",
    "{{marriage|[[Jane Doe]]|1990|2000|end=div.}}", "{{as of|2010|5|3|df=US}}", "{{URL|example.org}}",
])
def test_plain_calls_are_the_parsers_nodes(span: str) -> None:
    assert _check(span)


@pytest.mark.parametrize("span", [
    "{{a|''b''}}", "{{a|&nbsp;}}", "{{a|<br>}}", "{{a|{{{1}}}}}", "{{a|[http://x.y z]}}", "{{a|[[b|{{c}}]]}}",
    "{{a|{{b|<ref>c</ref>}}}}", "{{a}} b", "{{a}}{{b}}",
])
def test_other_markup_is_left_to_the_parser(span: str) -> None:
    assert not isinstance(parse_one(span), PlainTemplate)
    plain = plain_template(tokenize(span, False))
    assert plain is None or plain[1] != len(tokenize(span, False)) - 1


def test_corpus_template_spans_are_the_parsers_nodes(corpus: Path) -> None:
    """Every template of the corpus wikitext, as the infobox reader (raw) and the prose reader
    (after its pre-pass) see it."""
    spans: set[str] = set()
    for path in sorted((corpus / "wikitext").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for src in (text, wikiscan.prepass(wikilines.prepare(text))):
            tok = wikiscan.pair_tokens(src)
            for j, kind in enumerate(tok.kind):
                if kind == wikiscan.T_OPEN and tok.match[j] > j and tok.end[tok.match[j]] - tok.start[j] <= 5000:
                    spans.add(src[tok.start[j]:tok.end[tok.match[j]]])
    plain = sum(_check(span) for span in sorted(spans))
    assert plain > 500


_NAMES = ["convert", "lang", "nowrap", "flag", "start date", "coord", "ubl", "as of", "frob", " Cvt ", "lc:x"]
_SOUP = ["a", "1", "5", "km", "-", "to", "N", "E", "fr", " ", "=", "|", "[[b]]", "[[c|d]]", "[[e|]]", "[[",
         "]]", "{{", "}}", "{{convert|5|km}}", "{{nowrap|x}}", "{{frob|1=a}}", "''", "&amp;", "<br>", "\n", "\n* ",
         "df=y", "abbr=on", ":", "{{{1}}}", "é", "\u00a0", "1990", "May"]


@settings(max_examples=500, deadline=None)
@given(name=st.sampled_from(_NAMES),
       args=st.lists(st.lists(st.sampled_from(_SOUP), max_size=6).map("".join), max_size=6))
def test_generated_calls_are_the_parsers_nodes(name: str, args: list[str]) -> None:
    """Generated calls (links, nested calls, stray brackets and markup) are built as the
    parser's node or left to it."""
    _check("{{" + "|".join([name, *args]) + "}}")
