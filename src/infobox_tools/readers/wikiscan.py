"""Linear-time scanning helpers for wikitext prose extraction.

Why a hand-written scanner: a full mwparserfromhell parse of a whole article runs at
about 1 MB/s, and a dump run spends most of its time turning article bodies into
prose.  Prose extraction only needs to know *where* the templates, links and tables
are (to drop, render or unwrap them), so we

1. strip comments and extension tags in one pass (:func:`prepass`),
2. pair ``{{ }}``, ``[[ ]]`` and ``{| |}`` tokens with a stack in one pass
   (:func:`pair_tokens`), tolerating unbalanced input,

and leave the recursive walk over that structure to :mod:`.wikiprose`; the text it
emits is cut into sections, paragraphs and items by :mod:`.wikilines`.  Every step is
linear in the input size: no regex here can backtrack over more than one token, and
searches for missing closing tags are remembered so they are not repeated.

Also here: :func:`template_class` (block, quotation, citation or inline, from the
name tables in :mod:`.wikinames`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat

from infobox_tools.readers.wikinames import (
    BLOCK_EXACT,
    BLOCK_PREFIX,
    BLOCK_SUFFIX,
    CITE_PREFIXES,
    DROP_TAGS,
    LITERAL_TAGS,
    QUOTE_TEMPLATES,
    TEMPLATE_NAME_PREFIXES,
)

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


_FOLDED: dict[str, str] = {}  # raw name -> folded name, for names of up to _FOLD_CACHE_LEN characters
_FOLD_CACHE_LEN = 100  # longer "names" (hostile or broken markup) are folded each time: bounded memory


def fold_name(raw: str) -> str:
    """A template name folded for lookup: lower case, one space, no ``Template:``/``subst:``.

    Remembered: a page calls the same few templates over and over ({{sfn}}, {{cite web}},
    {{lang}}), and a dict hit costs a twentieth of the regex and the prefix loop."""
    name = _FOLDED.get(raw)
    if name is not None:
        return name
    name = _NAME_WS_RE.sub(" ", raw).strip().lower()
    for prefix in TEMPLATE_NAME_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):].strip()
    if len(raw) <= _FOLD_CACHE_LEN:
        if len(_FOLDED) >= 8192:
            _FOLDED.clear()
        _FOLDED[raw] = name
    return name
