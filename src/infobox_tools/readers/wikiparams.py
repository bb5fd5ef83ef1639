"""An infobox template split into its parameters from mwparserfromhell's tokens.

Why: mwparserfromhell parses in two steps, a fast C tokenizer and a pure-Python tree
builder, and the builder was half the CPU time of the infobox reader.  Most infobox
parameters are plain text (``| population = 1,234``) or text and plain links: the tree
built for them (a Parameter, Wikicode objects, Text and Wikilink nodes) is only walked
back into strings.  So the span is tokenized once (with the same arguments as
``mwparserfromhell.parse``), the outer template's token stream is cut here at its own
``|`` and ``=`` tokens, and each name and value becomes the list of its top-level nodes
(:func:`_pieces`), where a text token stays a ``str``, a plain link a
:class:`~infobox_tools.readers.wikiplain.Link` and a plain template call
(``{{convert|5|km}}``) a :class:`~infobox_tools.readers.wikiplain.PlainTemplate`, which
the walker and the renderers read as they read the nodes; anything else is built by the
builder from its own tokens.  The builder makes one node per opening token and reads it
to its closing token, so a node built alone is the node it builds inside the whole
template.

A tag whose content the walker never reads (``<ref>…</ref>``: :data:`HIDDEN_TAGS`) is
built with its content as one text token holding that content's wikitext, when the
wikitext follows exactly from the tokens (:func:`_wikitext`) and no infobox can be
nested in it: the same ``str()``, the same tag, no tree for the citation inside.

Anything unusual (no template at the start, text after its end, tokens that do not
nest) returns ``None``, and the caller builds the whole span's tree as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mwparserfromhell.nodes import Comment, Node, Tag
from mwparserfromhell.parser import tokens as tk
from mwparserfromhell.parser.builder import Builder
from mwparserfromhell.wikicode import Wikicode

from infobox_tools.readers.wikiplain import Break, PlainTemplate, plain_link, plain_template
from infobox_tools.readers.wikiplain import tokenize as _tokenize
from infobox_tools.readers.wikiwalk import BREAK_TAGS, HIDDEN_TAGS, Piece

#: Tokens that open a node the builder reads up to its closing token (nodes nest).
_OPEN: frozenset[type] = frozenset({
    tk.TemplateOpen, tk.ArgumentOpen, tk.WikilinkOpen, tk.ExternalLinkOpen, tk.HTMLEntityStart,
    tk.HeadingStart, tk.CommentStart, tk.TagOpenOpen,
})
#: Tokens that close one (a tag ends at ``>`` of its closing tag or at ``/>``).
_CLOSE: frozenset[type] = frozenset({
    tk.TemplateClose, tk.ArgumentClose, tk.WikilinkClose, tk.ExternalLinkClose, tk.HTMLEntityEnd,
    tk.HeadingEnd, tk.CommentEnd, tk.TagCloseSelfclose, tk.TagCloseClose,
})
_TEXT, _SEP, _EQUALS = tk.Text, tk.TemplateParamSeparator, tk.TemplateParamEquals
_TEMPLATE_OPEN, _TEMPLATE_CLOSE = tk.TemplateOpen, tk.TemplateClose
_LINK_OPEN, _LINK_SEP, _COMMENT_START = tk.WikilinkOpen, tk.WikilinkSeparator, tk.CommentStart
_TAG_OPEN, _TAG_BODY, _TAG_END_BODY = tk.TagOpenOpen, tk.TagCloseOpen, tk.TagOpenClose
_SELF_CLOSE = tk.TagCloseSelfclose


def tokenize(span: str) -> list[Any]:
    """The tokens of ``span``, as ``mwparserfromhell.parse(span, skip_style_tags=True)`` reads it."""
    return _tokenize(span, True)


def build(toks: list[Any]) -> list[Node]:
    """The top-level nodes mwparserfromhell's builder makes of ``toks`` (it consumes the list):
    a whole span when :func:`split` declines it, or one node of a value."""
    code: Wikicode = Builder().build(toks)  # type: ignore[no-untyped-call]
    return list(code.nodes)


@dataclass(slots=True)
class Param:
    """One parameter: ``name`` and ``value`` are ``str`` when they are plain text (one text
    token, or none), else their nodes (see :func:`_pieces`).  ``name`` is unset (``""``) for
    a positional parameter (``showkey`` False)."""

    showkey: bool
    name: str | Sequence[Piece]
    value: str | Sequence[Piece]


@dataclass(slots=True)
class Split:
    """The outer template of a span: its name (as :class:`Param` names are) and parameters."""

    name: str | Sequence[Piece]
    params: list[Param]


def split(toks: list[Any], is_infobox: Callable[[str], bool]) -> Split | None:
    """The template that ``toks`` are, cut into its parameters; ``None`` when the tokens are
    not one template alone.  ``is_infobox`` says whether a template name (collapsed) is an
    infobox's (no hidden tag that may hold one is left unbuilt)."""
    if len(toks) < 2 or type(toks[0]) is not _TEMPLATE_OPEN or type(toks[-1]) is not _TEMPLATE_CLOSE:
        return None
    # The outer template's own "|" and "=" tokens; nested nodes are skipped by depth.
    seps = [0]  # where each segment starts: the "{{" before the name, then each "|"
    equals = [-1]  # where each segment's own "=" is (-1: none)
    depth = 0
    for i in range(1, len(toks) - 1):
        kind = type(toks[i])
        if kind in _OPEN:
            depth += 1
        elif kind in _CLOSE:
            depth -= 1
            if depth < 0:  # the outer template closed before the last token
                return None
        elif depth == 0:
            if kind is _SEP:
                seps.append(i)
                equals.append(-1)
            elif kind is _EQUALS:
                if equals[-1] >= 0 or len(seps) == 1:  # the builder would not read this: let it decide
                    return None
                equals[-1] = i
    if depth:
        return None
    seps.append(len(toks) - 1)
    params = []
    for k in range(1, len(seps) - 1):
        start, end, eq = seps[k] + 1, seps[k + 1], equals[k]
        if eq < 0:
            params.append(Param(False, "", _pieces(toks[start:end], is_infobox)))
        else:
            params.append(Param(True, _pieces(toks[start:eq], is_infobox), _pieces(toks[eq + 1:end], is_infobox)))
    return Split(_pieces(toks[1:seps[1]], is_infobox), params)


def _pieces(toks: list[Any], is_infobox: Callable[[str], bool]) -> str | list[Piece]:
    """The nodes the builder makes of ``toks``, but with no node for what the walker reads as
    text: plain text for no token or one text token, else a list where each text token is a
    ``str``, a link with plain title and text a :class:`Link`, a comment a :class:`Comment`
    made directly, and anything else the builder's node."""
    if not toks:
        return ""
    if len(toks) == 1 and type(toks[0]) is _TEXT:
        return str(toks[0].text)
    out: list[Piece] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        kind = type(tok)
        if kind is _TEXT:
            out.append(str(tok.text))
            i += 1
            continue
        j = _closing(toks, i)
        node: Piece | None = None
        if kind is _LINK_OPEN:
            link = plain_link(toks, i)
            node = link[0] if link is not None and link[1] == j else None
        elif kind is _COMMENT_START and all(type(t) is _TEXT for t in toks[i + 1:j]):
            node = Comment(_join(toks[i + 1:j]))
        elif kind is _TAG_OPEN:
            node = _break(toks, i, j) if j == i + 2 else _hidden_tag(toks, i, j, is_infobox)
        elif kind is _TEMPLATE_OPEN:
            node = _plain_call(toks, i, j, is_infobox)
        if node is not None:
            out.append(node)
        else:
            out.extend(build(toks[i:j + 1]))
        i = j + 1
    return out


def _plain_call(toks: list[Any], i: int, j: int, is_infobox: Callable[[str], bool]) -> PlainTemplate | None:
    """The template opened at ``i`` as a plain call without its tree, unless it or a call inside it
    is an infobox's or has a name that is not plain text: the reader finds nested infoboxes, and
    skips them in values, only among real ``Template`` nodes."""
    plain = plain_template(toks, i)
    if plain is None or plain[1] != j:
        return None
    calls = [plain[0]]
    for call in calls:  # the call and every call nested in it (the list grows as it is read)
        if not all(type(n) is str for n in call.name.nodes) or is_infobox(str(call.name)):
            return None
        calls.extend(n for p in call.params for code in (p.name, p.value) for n in code.nodes
                     if isinstance(n, PlainTemplate))
    return plain[0]


def _join(texts: list[Any]) -> str:
    """The text of text tokens (a node's ``str()`` joins its text nodes)."""
    return "".join([str(t.text) for t in texts])


def _closing(toks: list[Any], i: int) -> int:
    """The index of the token that closes the node opened at ``i``."""
    depth = 0
    for j in range(i, len(toks)):
        kind = type(toks[j])
        if kind in _OPEN:
            depth += 1
        elif kind in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unclosed node in a parameter")  # pragma: no cover - split() checked the nesting


def _break(toks: list[Any], i: int, j: int) -> Break | None:
    """``<br>``, ``<br />``, ``</br>``, a ``*`` bullet (three tokens: open, name, self-close) as a
    :class:`Break` with the wikitext ``Tag.__str__`` gives it (else ``None``)."""
    open_, name, close = toks[i], toks[i + 1], toks[j]
    if type(name) is not _TEXT or type(close) is not _SELF_CLOSE or str(name.text).strip().lower() not in BREAK_TAGS:
        return None
    padding = str(close.padding or "")
    if open_.wiki_markup:
        return Break(str(open_.wiki_markup) + padding)
    return Break(("</" if open_.invalid else "<") + str(name.text) + padding + (">" if close.implicit else "/>"))


def _hidden_tag(toks: list[Any], i: int, j: int, is_infobox: Callable[[str], bool]) -> Node | None:
    """A tag of :data:`HIDDEN_TAGS` built with its content as one text (see the module
    docstring), or ``None`` when it is another tag or its content needs its tree."""
    if toks[i].wiki_markup is not None or i + 1 >= j or type(toks[i + 1]) is not _TEXT \
            or str(toks[i + 1].text).strip().lower() not in HIDDEN_TAGS:
        return None
    body = end = -1  # the tag's own ">" and "</" tokens
    depth = 0
    for k in range(i + 1, j):
        kind = type(toks[k])
        if kind in _OPEN:
            depth += 1
        elif kind in _CLOSE:
            depth -= 1
        elif depth == 0 and kind is _TAG_BODY and body < 0:
            body = k
        elif depth == 0 and kind is _TAG_END_BODY and body >= 0:
            end = k
            break
    if end < 0 or end == body + 1:
        return None
    content = toks[body + 1:end]
    text = _wikitext(content, is_infobox)
    if text is None:
        return None
    nodes = build([*toks[i:body + 1], tk.Text(text=text), *toks[end:j + 1]])
    if len(nodes) != 1 or not isinstance(nodes[0], Tag) or str(nodes[0].tag).strip().lower() not in HIDDEN_TAGS:
        return None  # not the tag the walker drops after all: the caller builds it whole
    return nodes[0]


_T, _L, _X, _E, _C = range(5)  # what _wikitext has open: template, link, external link, entity, comment
#: Closing tokens that end what is open with fixed text (an external link's end depends on it).
_CLOSES: dict[type, tuple[int, str]] = {
    _TEMPLATE_CLOSE: (_T, "}}"), tk.WikilinkClose: (_L, "]]"), tk.HTMLEntityEnd: (_E, ";"), tk.CommentEnd: (_C, "-->"),
}


def _wikitext(toks: list[Any], is_infobox: Callable[[str], bool]) -> str | None:
    """The ``str()`` of the nodes the builder makes of ``toks``, from the tokens alone, for
    text, templates, links, external links, entities and comments, each read as the builder
    reads it; ``None`` for any other token or any shape the builder would read otherwise
    (a second ``=`` in a parameter, a second ``|`` in a link), and for a template whose name
    is not plain text or is an infobox's (the caller must then see it as a node)."""
    out: list[str] = []
    stack: list[list[Any]] = []  # [kind, state]: template 0 name, 1 param, 2 param after "="
    for k, tok in enumerate(toks):
        kind = type(tok)
        top = stack[-1] if stack else None
        if top is not None and top[0] == _C and kind is not tk.CommentEnd and kind is not _TEXT:
            return None
        if kind is _TEXT:
            out.append(str(tok.text))
        elif kind is _TEMPLATE_OPEN:
            if not _plain_name(toks, k + 1, is_infobox):
                return None
            stack.append([_T, 0])
            out.append("{{")
        elif kind is _SEP:
            if top is None or top[0] != _T:
                return None
            top[1] = 1
            out.append("|")
        elif kind is _EQUALS:
            if top is None or top[0] != _T or top[1] != 1:
                return None
            top[1] = 2
            out.append("=")
        elif kind in _CLOSES:
            opened, closing = _CLOSES[kind]
            if top is None or top[0] != opened:
                return None
            stack.pop()
            out.append(closing)
        elif kind is _LINK_OPEN:
            stack.append([_L, 0])
            out.append("[[")
        elif kind is _LINK_SEP:
            if top is None or top[0] != _L or top[1]:
                return None
            top[1] = 1
            out.append("|")
        elif kind is tk.ExternalLinkOpen:
            stack.append([_X, 0, tok.brackets])
            out.append("[" if tok.brackets else "")
        elif kind is tk.ExternalLinkSeparator:
            if top is None or top[0] != _X or top[1] or not top[2]:  # a title is shown in brackets only
                return None
            top[1] = 1
            out.append("" if tok.suppress_space is True else " ")
        elif kind is tk.ExternalLinkClose:
            if top is None or top[0] != _X:
                return None
            stack.pop()
            out.append("]" if top[2] else "")
        elif kind is tk.HTMLEntityStart:
            entity = _entity(toks, k)
            if entity is None:
                return None
            stack.append([_E, 0])
            out.append(entity)
        elif kind is tk.HTMLEntityNumeric or kind is tk.HTMLEntityHex:
            if top is None or top[0] != _E:
                return None
        elif kind is _COMMENT_START:
            stack.append([_C, 0])
            out.append("<!--")
        else:
            return None
    return None if stack else "".join(out)


def _entity(toks: list[Any], k: int) -> str | None:
    """The ``&…`` of an entity at ``k`` up to its value (the value's text token follows), in the
    three shapes the builder reads: ``&name;``, ``&#123;``, ``&#x7B;``."""
    kinds = [type(t) for t in toks[k + 1:k + 5]]
    if kinds[:2] == [_TEXT, tk.HTMLEntityEnd]:
        return "&"
    if kinds[:3] == [tk.HTMLEntityNumeric, _TEXT, tk.HTMLEntityEnd]:
        return "&#"
    if kinds == [tk.HTMLEntityNumeric, tk.HTMLEntityHex, _TEXT, tk.HTMLEntityEnd]:
        return "&#" + str(toks[k + 2].char)
    return None


def _plain_name(toks: list[Any], k: int, is_infobox: Callable[[str], bool]) -> bool:
    """Whether the template name starting at ``k`` is text tokens up to its ``|`` or ``}}``, and
    not an infobox's (an infobox inside a hidden tag is read as a nested infobox)."""
    start = k
    while k < len(toks) and type(toks[k]) is _TEXT:
        k += 1
    if k >= len(toks) or type(toks[k]) not in (_SEP, _TEMPLATE_CLOSE):
        return False
    return not is_infobox(_join(toks[start:k]))
