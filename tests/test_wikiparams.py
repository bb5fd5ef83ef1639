"""The token-level parameter split must read every infobox exactly as the whole tree does.

:mod:`infobox_tools.readers.wikiparams` skips mwparserfromhell's tree builder for plain
text, plain links, breaks and the content of references; these tests read each span both
ways (the split, and the tree of the whole span) and require equal infoboxes, and check
the pieces' wikitext against the built nodes'.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import Tag, Template

from infobox_tools.readers import wikiparams
from infobox_tools.readers.wikiinfobox import (
    INFOBOX_NAMES,
    _is_infobox,
    _name_text,
    _read_box,
    _read_template,
    _source,
    defuse_unclosed_tags,
    find_spans,
)
from infobox_tools.readers.wikiwalk import Break, Link
from infobox_tools.record import Infobox

_IS_INFOBOX = functools.partial(_is_infobox, names=INFOBOX_NAMES)


def _both(span: str) -> tuple[list[Infobox], list[Infobox]] | None:
    """(read from the split, read from the whole tree), or None when the split declines."""
    split = wikiparams.split(wikiparams.tokenize(span), _IS_INFOBOX)
    if split is None:
        return None
    fast: list[Infobox] = []
    _read_box(_name_text(split.name), split.params, None, fast, INFOBOX_NAMES)
    nodes = [n for n in wikiparams.build(wikiparams.tokenize(span)) if isinstance(n, Template)]
    slow: list[Infobox] = []
    _read_template(nodes[0], None, slow, INFOBOX_NAMES)
    return fast, slow


@pytest.mark.parametrize("span", [
    "{{Infobox person|name=Ada|birth_place=[[London]], [[England|UK]]|spouse=[[a|]]<br />[[b]]}}",
    "{{Infobox x|a=1<ref name=\"n\">{{cite web|url=http://a.b/c|title=T &amp; U}} [http://x.y Z]</ref>}}",
    "{{Infobox x|a=b<ref>{{Infobox y|c=d}}</ref>|e=f<ref>{{In<!-- -->fobox y|c=d}}</ref>}}",
    "{{Infobox x|a=<REF >x &#x41;&#65;<!--c--></ref >|b=<ref>[http://a]b</ref>|c=<ref>{{a|b=c=d}}</ref>}}",
    "{{Infobox x|a=\n* one\n** two\n# three\n;d:e|b=1<br>2<br/>3</br>4<BR >5<br style=x>6<p>7</p>8<hr>}}",
    "{{Infobox x|a=[[a|b|c]]|b=<!-- only -->|c={{Infobox y|d=e}}|d=''[[x]]'' '''y'''|positional|e=&nbsp;}}",
    "{{Infobox x<!-- c -->|label1=[[Scots language|Scots]]:|data1=Rìoghachd|header2=H|image=a.jpg}}",
])
def test_split_reads_as_the_tree(span: str) -> None:
    both = _both(span)
    assert both is not None
    assert both[0] == both[1]


@pytest.mark.parametrize("span", ["text {{Infobox x|a=b}}", "{{Infobox x|a=b}} tail", "{{Infobox x|a=b}}{{y}}"])
def test_split_declines_what_is_not_one_template(span: str) -> None:
    assert wikiparams.split(wikiparams.tokenize(span), _IS_INFOBOX) is None


def test_pieces_have_the_wikitext_of_the_nodes() -> None:
    span = "{{Infobox x|a=t [[l|s]] <br /><ref>{{cite web|url=http://a.b}}</ref><!--c-->*[[m]]}}"
    split = wikiparams.split(wikiparams.tokenize(span), _IS_INFOBOX)
    assert split is not None
    value = split.params[0].value
    assert not isinstance(value, str)
    assert [type(p).__name__ for p in value] == ["str", "Link", "str", "Break", "Tag", "Comment", "str", "Link"]
    assert value[1] == Link("l", "s") and value[3] == Break("<br />")
    hidden = value[4]
    assert isinstance(hidden, Tag) and str(hidden.contents) == "{{cite web|url=http://a.b}}"
    assert _source(value) == span[len("{{Infobox x|a="):-2]


def test_plain_calls_come_without_their_tree() -> None:
    """A call of text, plain links and plain calls is a stand-in; one with an infobox inside is a
    node (the reader looks for nested infoboxes among nodes)."""
    span = "{{Infobox x|a={{nowrap|{{convert|5|km}} [[b]]}}|c={{hlist|{{Infobox y|d=e}}}}|f={{Infobox z}}}}"
    split = wikiparams.split(wikiparams.tokenize(span), _IS_INFOBOX)
    assert split is not None
    kinds = [[type(p).__name__ for p in param.value] for param in split.params]
    assert kinds == [["PlainTemplate"], ["Template"], ["Template"]]
    assert _source(split.params[0].value) == "{{nowrap|{{convert|5|km}} [[b]]}}"
    both = _both(span)
    assert both is not None and both[0] == both[1]


def test_corpus_infoboxes_read_as_the_tree(corpus: Path) -> None:
    files = sorted((corpus / "wikitext").rglob("*.txt"))
    spans = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        for start, end, closed in find_spans(text):
            span, _ = defuse_unclosed_tags(text[start:end] + ("" if closed else "}}"))
            both = _both(span)
            if both is not None:
                spans += 1
                assert both[0] == both[1], path.name
    assert spans > 20


_SOUP = ["a", "b c", " ", "1,234", "[[", "]]", "|", "=", "{{", "}}", "<ref>", "</ref>", "<ref name=n/>", "<br />",
         "<br>", "</br>", "<!--", "-->", "''", "'''", "\n", "\n* ", "\n# ", "&amp;", "&#65;", "[http://x.y z]",
         "{{cite web|url=http://a.b|title=T}}", "{{Infobox y|k=v}}", "Infobox y", ":", "<span>", "</span>",
         "[[File:a.jpg|thumb|c]]", "{{convert|5|km}}", "{{plainlist|\n* a\n* b}}", "<nowiki>|</nowiki>", "}", "{",
         "{{nowrap|{{convert|5|km}} [[a|b]]}}", "{{hlist|x|{{Infobox z|q=r}}}}", "{{ubl|[[a]]|{{lang|fr|b}}}}"]


@settings(max_examples=400, deadline=None)
@given(values=st.lists(st.lists(st.sampled_from(_SOUP), max_size=8).map("".join), min_size=1, max_size=5))
def test_split_reads_any_markup_soup_as_the_tree(values: list[str]) -> None:
    """Generated parameter values (links, references, templates, comments, breaks, stray
    braces) read the same through the split as through the whole tree, or are declined."""
    span = "{{Infobox x|" + "|".join(f"p{i}={v}" for i, v in enumerate(values)) + "}}"
    span, _ = defuse_unclosed_tags(span)
    both = _both(span)
    if both is not None:
        assert both[0] == both[1], span
