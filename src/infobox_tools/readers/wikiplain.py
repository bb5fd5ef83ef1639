"""Plain template calls as light stand-ins for mwparserfromhell's nodes.

Why a module of its own: the renderers take a template node, and on a render-cache miss
building that node was the dearest step: mwparserfromhell's tokenizer is C and fast, but its
pure-Python builder makes a Template, a Parameter, Wikicode, SmartList and Text objects per
call, each setter re-parsing its argument (~30 us of a ~45 us parse of
``{{convert|31.2|km2}}``, twice the rendering).  A call whose tokens are only text, ``|``,
``=``, plain links and such calls nested (``{{nowrap|{{convert|5|km}} [[Paris]]}}``) is built
here from the same tokens as a :class:`PlainTemplate`: name, parameters with
name/value/showkey, the same ``str()``; a name or value is a :class:`PlainCode` whose pieces
are ``str`` (one per text token, as the builder makes one ``Text`` per token), :class:`Link`
(a link of text tokens) or nested :class:`PlainTemplate`, which the walker reads exactly as it
reads ``Text``, ``Wikilink`` and ``Template`` nodes.  Anything else (tags, entities,
arguments, headings, external links) returns ``None`` and the caller builds the node.

This is the bottom layer of the wiki readers (it imports none of them); :class:`Link` and
:class:`Break`, the other node-less pieces, live here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mwparserfromhell import parser as _parser
from mwparserfromhell.parser import tokens as tk

_TEXT, _SEP, _EQUALS = tk.Text, tk.TemplateParamSeparator, tk.TemplateParamEquals
_TEMPLATE_OPEN, _TEMPLATE_CLOSE = tk.TemplateOpen, tk.TemplateClose
_LINK_OPEN, _LINK_SEP, _LINK_CLOSE = tk.WikilinkOpen, tk.WikilinkSeparator, tk.WikilinkClose


@dataclass(frozen=True, slots=True)
class Link:
    """A wikilink whose title and shown text are plain text, as the walker reads it without
    the ``Wikilink`` node; ``str()`` gives its wikitext as the node's would."""

    title: str
    text: str | None = None

    def __str__(self) -> str:
        if self.text is not None:
            return "[[" + self.title + "|" + self.text + "]]"
        return "[[" + self.title + "]]"


@dataclass(frozen=True, slots=True)
class Break:
    """A self-closing break tag without attributes (``<br>``, ``<br />``, a ``*`` bullet), which
    the walker reads as a break without the ``Tag`` node; ``str()`` gives its wikitext."""

    source: str

    def __str__(self) -> str:
        return self.source


@dataclass(slots=True)
class PlainCode:
    """The wikicode of a plain name or value: its pieces, as ``Wikicode.nodes`` would hold them."""

    nodes: list[str | Link | PlainTemplate]

    def __str__(self) -> str:
        return "".join([str(n) for n in self.nodes])


@dataclass(slots=True)
class PlainParam:
    """A parameter as mwparserfromhell's ``Parameter``: positional ones are named "1", "2", ...
    and do not show their key."""

    name: PlainCode
    value: PlainCode
    showkey: bool

    def __str__(self) -> str:
        if self.showkey:
            return str(self.name) + "=" + str(self.value)
        return str(self.value)


@dataclass(slots=True)
class PlainTemplate:
    """A template call of plain text, links and plain calls (see the module docstring)."""

    name: PlainCode
    params: list[PlainParam]

    def __str__(self) -> str:
        if self.params:
            return "{{" + str(self.name) + "|" + "|".join([str(p) for p in self.params]) + "}}"
        return "{{" + str(self.name) + "}}"


def _tokenizer_class() -> Any:
    ctokenizer = getattr(_parser, "CTokenizer", None)  # what mwparserfromhell's Parser picks
    if _parser.use_c and ctokenizer is not None:
        return ctokenizer
    from mwparserfromhell.parser.tokenizer import Tokenizer  # pragma: no cover - no C extension

    return Tokenizer  # pragma: no cover


_TOKENIZER = _tokenizer_class()  # one instance per call, as mwparserfromhell.parse makes (threads, timeouts)


def tokenize(span: str, skip_style_tags: bool) -> list[Any]:
    """The tokens of ``span``, as ``mwparserfromhell.parse(span, skip_style_tags=...)`` reads it."""
    toks: list[Any] = _TOKENIZER().tokenize(span, 0, skip_style_tags)
    return toks


def plain_template(toks: Sequence[Any], start: int = 0) -> tuple[PlainTemplate, int] | None:
    """The template opened by ``toks[start]`` (a ``TemplateOpen``) and the index of its closing
    token, or ``None`` when it holds any other token than text, ``|``, ``=``, plain links and
    plain calls.  Parameters are made as the builder makes them: the first ``=`` of a
    parameter splits name and value (a second one, or one in the template's name, is left
    to the builder), unnamed ones are numbered 1, 2, ... and hide their key."""
    if type(toks[start]) is not _TEMPLATE_OPEN:
        return None
    name: list[str | Link | PlainTemplate] | None = None
    params: list[PlainParam] = []
    key: list[str | Link | PlainTemplate] | None = None
    cur: list[str | Link | PlainTemplate] = []
    default = 1
    i, n = start + 1, len(toks)
    while i < n:
        tok = toks[i]
        kind = type(tok)
        if kind is _TEXT:
            cur.append(str(tok.text))
        elif kind is _SEP or kind is _TEMPLATE_CLOSE:
            if name is None:
                name = cur
            elif key is None:
                params.append(PlainParam(PlainCode([str(default)]), PlainCode(cur), False))
                default += 1
            else:
                params.append(PlainParam(PlainCode(key), PlainCode(cur), True))
                key = None
            cur = []
            if kind is _TEMPLATE_CLOSE:
                return PlainTemplate(PlainCode(name), params), i
        elif kind is _EQUALS:
            if name is None or key is not None:
                return None
            key, cur = cur, []
        elif kind is _LINK_OPEN or kind is _TEMPLATE_OPEN:  # a plain link or call inside: (node, its end)
            inner: tuple[Any, int] | None = (plain_link if kind is _LINK_OPEN else plain_template)(toks, i)
            if inner is None:
                return None
            cur.append(inner[0])
            i = inner[1]
        else:
            return None
        i += 1
    return None


def plain_link(toks: Sequence[Any], i: int) -> tuple[Link, int] | None:
    """``[[title]]`` or ``[[title|text]]`` of text tokens opened at ``i``, and the index of its
    closing token (``None`` for anything else; the tokenizer makes one separator at most)."""
    title: list[str] = []
    text: list[str] | None = None
    for j in range(i + 1, len(toks)):
        kind = type(toks[j])
        if kind is _TEXT:
            (title if text is None else text).append(str(toks[j].text))
        elif kind is _LINK_SEP and text is None:
            text = []
        elif kind is _LINK_CLOSE:
            return Link("".join(title), None if text is None else "".join(text)), j
        else:
            return None
    return None
