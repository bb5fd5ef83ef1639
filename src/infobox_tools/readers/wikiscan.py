"""Linear-time scanning helpers for wikitext prose extraction.

Why a hand-written scanner: a full mwparserfromhell parse of a whole article runs at
about 1 MB/s, and a dump run spends most of its time turning article bodies into
prose.  Prose extraction only needs to know *where* the templates, links and tables
are (to drop, render or unwrap them), so we

1. strip comments and extension tags in one pass (:func:`prepass`),
2. pair ``{{ }}``, ``[[ ]]`` and ``{| |}`` tokens with a stack in one pass
   (:func:`pair_tokens`), tolerating unbalanced input,

and leave the recursive walk over that structure to :mod:`.wikiprose`; the text it
emits comes back here to be cut into sections, paragraphs and items
(:func:`split_sections`).  Every step is linear in the input size: no regex here can
backtrack over more than one token, and searches for missing closing tags are
remembered so they are not repeated.

Also here: :func:`template_class` (block, quotation, citation or inline, from the
name tables in :mod:`.wikinames`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat

from infobox_tools.readers.wikinames import (
    APPARATUS_SECTIONS,
    BLOCK_EXACT,
    BLOCK_PREFIX,
    BLOCK_SUFFIX,
    CITE_PREFIXES,
    DROP_TAGS,
    LITERAL_TAGS,
    QUOTE_TEMPLATES,
    REFERENCE_SECTIONS,
    TEMPLATE_NAME_PREFIXES,
)
from infobox_tools.record import Block, Section

#: Marks a dropped span in emitted text; a line holding only these disappears entirely.
GONE = "\x01"

# ---------------------------------------------------------------- pre-pass (tags) --

_PRE_RE = re.compile(
    r"<!--|<(" + "|".join(sorted(DROP_TAGS | LITERAL_TAGS, key=len, reverse=True))
    + r")(?=[\s/>])([^<>]*)>",
    re.IGNORECASE,
)
_CLOSE_RE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in DROP_TAGS | LITERAL_TAGS}

# Markup characters inside literal content are moved to the Private Use Area so that
# later passes do not see them, and moved back by ``unprotect`` at the very end.
_PROTECT_CHARS = "{}[]<>'|=*#:;_&"
_PROTECT = str.maketrans({c: chr(0xE000 + i) for i, c in enumerate(_PROTECT_CHARS)})
_UNPROTECT = str.maketrans({chr(0xE000 + i): c for i, c in enumerate(_PROTECT_CHARS)})
_PUA_RE = re.compile("[\ue000-\ue00f]")
_WS_RE = re.compile(r"\s+")
# TeX keeps its meaning with a space between two braces; prose must never show "{{".
_DOUBLE_BRACKET_RE = re.compile(r"(?<=\{)(?=\{)|(?<=\})(?=\})|(?<=\[)(?=\[)|(?<=\])(?=\])")


def protect(text: str) -> str:
    """Hide markup characters of literal text (``<nowiki>``, ``<pre>``, ``<math>``)."""
    return _WS_RE.sub(" ", text).translate(_PROTECT)


def unprotect(text: str) -> str:
    """Undo :func:`protect` (cheap no-op when nothing was protected)."""
    return text.translate(_UNPROTECT) if _PUA_RE.search(text) else text


_PUA_CHARS = tuple(chr(0xE000 + i) for i in range(16))


def has_protected(text: str) -> bool:
    """Whether ``text`` holds characters hidden by :func:`protect`: ASCII text (a flag kept
    by CPython) answers at once, else a few ``in`` tests, 5x faster than a regex class."""
    return not text.isascii() and any(c in text for c in _PUA_CHARS)


def prepass(text: str) -> str:
    """Drop comments and reference-like tags; protect literal tags' content.

    An unclosed comment runs to the end of the text (as in MediaWiki); an unclosed
    ``<ref>`` runs to the end of its line; any other unclosed tag is dropped alone.
    """
    if "<" not in text:
        return text
    out: list[str] = []
    pos = 0
    missing: set[str] = set()  # closing tags known not to occur after some point
    n = len(text)
    m = _PRE_RE.search(text, 0)
    while m is not None:
        start = m.start()
        out.append(text[pos:start])
        if m.group(1) is None:  # comment
            end = text.find("-->", m.end())
            pos = n if end < 0 else end + 3
        else:
            name = m.group(1).lower()
            attrs = m.group(2)
            if attrs.rstrip().endswith("/"):
                pos = m.end()
            else:
                close = None if name in missing else _CLOSE_RE[name].search(text, m.end())
                if close is None:
                    missing.add(name)
                    if name == "ref":
                        eol = text.find("\n", m.end())
                        pos = n if eol < 0 else eol
                    else:
                        pos = m.end()
                else:
                    if name in LITERAL_TAGS:
                        body = text[m.end():close.start()]
                        if name == "math" or name == "chem" or name == "ce":
                            body = _DOUBLE_BRACKET_RE.sub(" ", body.strip())
                        out.append(protect(body))
                    pos = close.end()
        m = _PRE_RE.search(text, pos) if pos < n else None
    out.append(text[pos:])
    return "".join(out)


# ------------------------------------------------------------- token pairing --

# Kinds: 0 "{{", 1 "}}", 2 "[[", 3 "]]", 4 "{|" (line start), 5 "|}" (line start)
T_OPEN, T_CLOSE, L_OPEN, L_CLOSE, B_OPEN, B_CLOSE = range(6)
_TOKEN_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]|\n[ \t:]*\{\||\n[ \t]*\|\}(?!\})")
_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")  # the same tokens, kept by re.split
_FIRST_TABLE_RE = re.compile(r"[ \t:]*\{\|")
_KIND = {"{{": T_OPEN, "}}": T_CLOSE, "[[": L_OPEN, "]]": L_CLOSE}
_OPENER_OF = {T_CLOSE: T_OPEN, L_CLOSE: L_OPEN, B_CLOSE: B_OPEN}
_SEARCH_DEPTH = 8  # how far down the stack a closer may look for its opener


@dataclass
class Tokens:
    """Positions of brace/bracket tokens and their partners (``-1``: unpaired).

    ``start[i]``/``end[i]`` delimit token ``i`` in the text, ``kind[i]`` is one of the
    ``T_*``/``L_*``/``B_*`` constants, ``match[i]`` the index of its partner.
    """

    start: list[int]
    end: list[int]
    kind: list[int]
    match: list[int]


def pair_tokens(text: str) -> Tokens:
    """Find and pair all structural tokens in one left-to-right pass.

    A closer pairs with the nearest opener of its kind within ``_SEARCH_DEPTH`` stack
    entries; openers it skips over stay unpaired (MediaWiki shows them as text, we
    drop the two characters).  Bounded search keeps hostile input linear.  Table
    tokens (``{|``, ``|}``) count only at the start of a line.
    """
    first = _FIRST_TABLE_RE.match(text)
    off = first.end() if first else 0
    # One C-level split, not a loop over match objects: pieces alternate text, token, ...,
    # text, and the running sum of their lengths gives every token's start and end.
    pieces = _SPLIT_RE.split(text[off:] if off else text)
    cum = list(accumulate(map(len, pieces), initial=off))  # cum[i]: where piece i starts
    starts = cum[1:-1:2]
    ends = cum[2::2]
    found = pieces[1::2]
    kinds = list(map(_KIND.get, found, repeat(-1)))
    if -1 in kinds:  # table lines: the token starts after the newline
        for i, k in enumerate(kinds):
            if k == -1:
                starts[i] += 1
                kinds[i] = B_OPEN if found[i][-1] == "|" else B_CLOSE
    if first:
        starts.insert(0, 0)
        ends.insert(0, off)
        kinds.insert(0, B_OPEN)
    match = [-1] * len(kinds)
    stack: list[int] = []
    push, pop = stack.append, stack.pop
    for idx, kind in enumerate(kinds):
        if not kind & 1:  # openers (T_OPEN, L_OPEN, B_OPEN) are even
            push(idx)
            continue
        if not stack:
            continue
        want = kind - 1
        top = stack[-1]
        if kinds[top] == want:
            pop()
            match[top] = idx
            match[idx] = top
            continue
        for depth in range(2, min(len(stack), _SEARCH_DEPTH) + 1):
            cand = stack[-depth]
            if kinds[cand] == want:
                del stack[-depth:]
                match[cand] = idx
                match[idx] = cand
                break
    return Tokens(starts, ends, kinds, match)


def split_args(text: str, tokens: Tokens, i: int, first: int, a: int, b: int) -> list[tuple[int, int]]:
    """Ranges of ``|``-separated parts of the span ``text[a:b]`` at its own level.

    ``first`` is the index of the first token at or after ``a``; nested paired spans are
    skipped so pipes inside them do not split.  ``i`` is unused by the walk but kept
    for symmetry with callers' bookkeeping.
    """
    del i
    parts: list[tuple[int, int]] = []
    seg = a
    pos = a
    j = first
    n_tok = len(tokens.start)
    while True:
        nxt = tokens.start[j] if j < n_tok and tokens.start[j] < b else b
        p = text.find("|", pos, nxt)
        while p >= 0:
            parts.append((seg, p))
            seg = p + 1
            p = text.find("|", seg, nxt)
        if nxt >= b:
            break
        partner = tokens.match[j]
        if partner > j and tokens.end[partner] <= b:
            pos = tokens.end[partner]
            j = partner + 1
        else:
            pos = tokens.end[j]
            j += 1
    parts.append((seg, b))
    return parts


# ------------------------------------------------------------ names and classes --

_NAME_WS_RE = re.compile(r"[\s_]+")


@lru_cache(maxsize=8192)
def template_class(name: str) -> str:
    """``drop`` (block/navigation/maintenance/reference), ``quote``, ``cite`` or ``inline``."""
    if name in QUOTE_TEMPLATES:
        return "quote"
    if name in BLOCK_EXACT or name.startswith(BLOCK_PREFIX) or name.endswith(BLOCK_SUFFIX):
        return "drop"
    if name.startswith(CITE_PREFIXES):
        return "cite"
    return "inline"


def fold_name(raw: str) -> str:
    """A template name folded for lookup: lower case, one space, no ``Template:``/``subst:``."""
    name = _NAME_WS_RE.sub(" ", raw).strip().lower()
    for prefix in TEMPLATE_NAME_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):].strip()
    return name


# ------------------------------------------------------------ blocks and sections --

_HEADING_RE = re.compile(r"^(={1,6})[ \t]*(.+?)[ \t]*(={1,6})[ \t\x01]*$")
_BR_RE = re.compile(r"<br\s*/?\s*>|</br\s*>", re.IGNORECASE)
_TAG_RE = re.compile(
    r"</?(?:span|div|small|big|sup|sub|center|font|u|s|del|ins|strike|b|i|em|strong|abbr|blockquote|cite|"
    r"code|tt|var|kbd|samp|p|q|dfn|bdi|bdo|mark|ruby|rb|rp|rt|wbr|ol|ul|li|dl|dt|dd|hr|caption|tbody|"
    r"thead|onlyinclude|noinclude|poem|h[1-6]|time|data|table|tr|td|th|references|ref|gallery)\b[^<>]*>",
    re.IGNORECASE,
)
_EXTLINK_RE = re.compile(r"\[(?:https?:|ftp:|mailto:|//)[^\s\]\[<>]*(?:[ \t]+([^\]\n]*))?\]", re.IGNORECASE)
_QUOTES_RE = re.compile(r"''+")  # not '{2,}: a literal prefix lets the engine skip ahead (5x faster)
_FOUR_QUOTES_RE = re.compile(r"''''(?<!''''')(?!')")  # an apostrophe, then bold
# l'''Homme'' is l' + italic (French elision).  The literal comes first so the regex engine can
# skip to candidate positions; the lookbehinds then check the letter before.
_ELISION_RE = re.compile(r"'''(?:(?<=\b[cdjlmnstCDJLMNST]''')|(?<=\b[qQ]u'''))(?=\w)")
_MAGIC_RE = re.compile(r"__[A-Z]{2,}__")
# A space left before a comma/full stop/closing parenthesis by a dropped template or
# reference ("word {{cn}}." -> "word ."); not before ":;!?" (French typography).
_SPACE_PUNCT_RE = re.compile(r" (?=[,.)](?: |$))")
_EMPTY_PARENS_RE = re.compile(r"\( ?[,;:]? ?\)")
_FLAT_HEADING_RE = re.compile(r"(?:^|[ \t])(={2,6})([^=\n]{1,200}?)\1(?=[ \t]|$)")
_FLAT_TABLE_RE = re.compile(r"(?<=[ \t])(?=\{\|)|(?<=[ \t])(?=\|\}(?!\}))|(?<=[ \t])(?=\|-)")
_FLAT_ITEM_RE = re.compile(r"(?<=\S) (?=\*{1,4} ?['\[{\w])")
_WORD_RE = re.compile(r"\w")


def unflatten(text: str) -> str:
    """Restore line structure of wikitext whose newlines were folded into spaces."""
    text = _FLAT_HEADING_RE.sub(lambda m: f"\n{m.group(1)}{m.group(2)}{m.group(1)}\n", text)
    text = _FLAT_TABLE_RE.sub("\n", text)
    return _FLAT_ITEM_RE.sub("\n", text)


def finish(text: str, protected: bool = True) -> str:
    """Whitespace, entities, protected characters and dangling punctuation of one block.

    ``protected=False`` says the caller knows no :func:`protect`-ed character is in
    ``text`` (saves a scan per block)."""
    if "&" in text:
        text = html.unescape(text)
    if protected:
        text = unprotect(text)
    # str.split() splits on all Unicode white space (no-break and thin spaces too): the
    # fastest way to collapse runs, much faster than a regex over every character.
    text = " ".join(text.replace(GONE, " ").split())
    if " ," in text or " ." in text or " )" in text:  # substring tests: far cheaper than the regex
        text = _SPACE_PUNCT_RE.sub("", text)
    if "(" in text:
        text = text.replace("( ", "(")
        if "()" in text or "( " in text or "(," in text or "(;" in text:
            text = " ".join(_EMPTY_PARENS_RE.sub("", text).split())
    return text


def split_sections(doc: str) -> list[Section]:
    doc = _BR_RE.sub(" ", doc)
    doc = _TAG_RE.sub("", doc)
    doc = _EXTLINK_RE.sub(lambda m: m.group(1) or "", doc)
    if "''" in doc:
        doc = _FOUR_QUOTES_RE.sub("'", doc)
        doc = _ELISION_RE.sub("'", doc)
        doc = _QUOTES_RE.sub("", doc)
    doc = _MAGIC_RE.sub("", doc)
    protected = has_protected(doc)  # one scan of the document, not one per block
    sections = [Section(None, 0, [])]
    para: list[str] = []

    def flush() -> None:
        if para:
            t = finish(" ".join(para), protected)
            if t and _WORD_RE.search(t):
                sections[-1].blocks.append(Block("paragraph", t))
            para.clear()

    for line in doc.split("\n"):
        s = line.strip(" \t")
        if not s:
            flush()
            continue
        if GONE in s:
            s = s.replace(GONE, "").strip()
            if not s:
                continue
        c = s[0]
        if c == "=":
            m = _HEADING_RE.match(s)
            if m:
                flush()
                level = min(len(m.group(1)), len(m.group(3)))
                sections.append(Section(finish(m.group(2), protected), level, []))
                continue
        if c in "*#:;":
            flush()
            item = finish(s.lstrip("*#:; \t"), protected)
            if item and _WORD_RE.search(item):
                sections[-1].blocks.append(Block("item", item))
        elif c in "|!" or s.startswith("----"):
            flush()
        else:
            para.append(s)
    flush()
    return sections


def drop_reference_sections(sections: list[Section]) -> list[Section]:
    """Drop reference/external-link sections (with their subsections), and apparatus
    sections ("See also", "Further reading") that ended up empty."""
    kept: list[Section] = []
    drop_level = 0
    for i, sec in enumerate(sections):
        if drop_level:
            if sec.level > drop_level:
                continue
            drop_level = 0
        name = sec.heading.strip(" :").lower() if sec.heading is not None else None
        if name in REFERENCE_SECTIONS:
            drop_level = sec.level
            continue
        if name in APPARATUS_SECTIONS and not sec.blocks:
            nxt = sections[i + 1] if i + 1 < len(sections) else None
            if nxt is None or nxt.level <= sec.level:
                continue
        kept.append(sec)
    return kept


