"""Clean prose from wikitext: sections of paragraphs and list items, fast.

:func:`extract_prose` is what the wikitext reader calls for an article body.  It
never parses the whole article with mwparserfromhell (about 1 MB/s); instead
:mod:`.wikiscan` strips comments and tags and pairs ``{{ }}``/``[[ ]]``/``{| |}`` in
linear passes, and a walker here decides per span:

* tables are dropped (and counted), files/images and interlanguage links dropped,
  categories collected (sort keys stripped), other links replaced by their text;
* block templates (infoboxes, navboxes, hatnotes, maintenance tags, reference lists)
  are dropped; so is an unknown template standing alone on its own line;
* a template inside running text is rendered: only that small span is parsed by
  mwparserfromhell and handed to ``wikitemplates.render_inline`` (so the prose and
  the infobox reader render ``{{convert|31.2|km2}}`` alike as "31.2 km2"); a small
  built-in renderer stands in when that module is unavailable.

The cleaned text is then cut into sections (lead first), paragraphs and items.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from infobox_tools.readers.wikiscan import (
    APPARATUS_SECTIONS,
    B_OPEN,
    CATEGORY_NAMESPACES,
    FILE_NAMESPACES,
    L_OPEN,
    LOCAL_FIRST,
    REFERENCE_SECTIONS,
    T_OPEN,
    Tokens,
    fold_name,
    pair_tokens,
    prepass,
    render_fallback,
    split_args,
    template_class,
    unprotect,
)
from infobox_tools.record import Block, Section

_render_inline: Callable[[Any], Any] | None
try:  # the shared renderer; absent or mid-edit -> the built-in fallback
    import mwparserfromhell as _mwp

    from infobox_tools.readers.wikitemplates import render_inline as _render_inline
except Exception:  # noqa: BLE001  # pragma: no cover - a sibling module mid-edit must not break prose
    _render_inline = None

__all__ = ["REFERENCE_SECTIONS", "extract_prose"]

_MAX_DEPTH = 40  # deeper nesting is dropped (hostile input; no real article nests this deep)
_MAX_RENDER_SPAN = 20_000  # longer "inline" templates are not handed to mwparserfromhell
_LOOKBACK = 64  # pieces looked back to decide whether a template starts its line
_GONE = "\x01"  # marks a dropped span; a line holding only these disappears entirely

_INTERLANG_RE = re.compile(r"^(?:[a-z]{2,3}(?:-[a-z]{2,8}){0,2}|simple)$")
_HEADING_RE = re.compile(r"^(={1,6})[ \t]*(.+?)[ \t]*(={1,6})[ \t\x01]*$")
_BR_RE = re.compile(r"<br\s*/?\s*>|</br\s*>", re.IGNORECASE)
_TAG_RE = re.compile(
    r"</?(?:span|div|small|big|sup|sub|center|font|u|s|del|ins|strike|b|i|em|strong|abbr|blockquote|cite|"
    r"code|tt|var|kbd|samp|p|q|dfn|bdi|bdo|mark|ruby|rb|rp|rt|wbr|ol|ul|li|dl|dt|dd|hr|caption|tbody|"
    r"thead|onlyinclude|noinclude|poem|h[1-6]|time|data|table|tr|td|th|references|ref|gallery)\b[^<>]*>",
    re.IGNORECASE,
)
_EXTLINK_RE = re.compile(r"\[(?:https?:|ftp:|mailto:|//)[^\s\]\[<>]*(?:[ \t]+([^\]\n]*))?\]", re.IGNORECASE)
_QUOTES_RE = re.compile(r"'{2,}")
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
_PARENS_RE = re.compile(r"\s*\([^()]*\)\s*$")

_WORD_RE = re.compile(r"\w")
_OURS_RE = re.compile("[\x01\ue000-\ue00f]")
_REDIRECT_RE = re.compile(r"\A\s*#[^\W\d_][^\s\[]*\s*:?\s*\[\[[^\]\n]*\]\]")


# --------------------------------------------------------------------- the walker --

class _Walker:
    """Emits the prose of a paired text, collecting categories, tables and warnings."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tok: Tokens = pair_tokens(text)
        self.categories: list[str] = []
        self.tables = 0
        self.warnings: list[str] = []
        self.unknown: set[str] = set()

    # -- helpers
    def _line_start(self, out: list[str]) -> bool:
        """True when everything emitted since the last newline is blank.

        Looks back at most ``_LOOKBACK`` pieces, so a line of 100,000 empty templates
        stays linear (such a line is not "standalone" anyway)."""
        for k, piece in enumerate(reversed(out)):
            if k >= _LOOKBACK:
                return False
            if piece and piece[-1] not in " \t\n\x01":
                return False  # the common case: running text right before the template
            nl = piece.rfind("\n")
            tail = piece if nl < 0 else piece[nl + 1:]
            if tail.strip(" \t\x01"):
                return False
            if nl >= 0:
                return True
        return True

    def _line_end(self, e: int) -> bool:
        """True when only blanks (or another template/link) follow ``e`` on its line;
        looks at a bounded window so that a 10 MB line costs nothing extra."""
        chunk = self.text[e:e + 256]
        nl = chunk.find("\n")
        if nl >= 0:
            chunk = chunk[:nl]
        elif e + 256 < len(self.text):
            chunk = chunk.strip(" \t")
            return chunk.startswith(("{{", "[[", "__"))
        rest = chunk.strip(" \t")
        return not rest or rest.startswith(("{{", "[[", "__"))

    # -- the walk
    def emit(self, a: int, b: int, depth: int) -> str:
        """The cleaned text of ``text[a:b]`` (templates rendered, links unwrapped)."""
        text, tok = self.text, self.tok
        starts, ends, kinds, match = tok.start, tok.end, tok.kind, tok.match
        n_tok = len(starts)
        out: list[str] = []
        pos = a
        j = bisect_left(starts, a)
        while j < n_tok and starts[j] < b:
            s = starts[j]
            kind = kinds[j]
            partner = match[j]
            out.append(text[pos:s])
            if partner > j and ends[partner] <= b:
                e = ends[partner]
                if depth >= _MAX_DEPTH:
                    piece = ""
                elif kind == T_OPEN:
                    piece = self.template(j, partner, depth, out)
                elif kind == L_OPEN:
                    piece = self.link(j, partner, depth)
                else:  # table
                    if depth == 0:
                        self.tables += 1
                    piece = _GONE
                out.append(piece)
                pos = e
                j = partner + 1
            elif kind == B_OPEN:  # unclosed table: drop up to the next heading
                m = _NEXT_HEADING_RE.search(text, s + 2, b)
                pos = m.start() + 1 if m else b
                if depth == 0:
                    self.tables += 1
                out.append(_GONE + "\n")
                j = bisect_left(starts, pos, j + 1)
            else:  # unpaired token: dropped
                pos = ends[j]
                j += 1
        out.append(text[pos:b])
        return "".join(out)

    def template(self, j: int, partner: int, depth: int, out: list[str]) -> str:
        text, tok = self.text, self.tok
        a, b = tok.end[j], tok.start[partner]
        parts = split_args(text, tok, j, j + 1, a, b)
        raw_name = text[parts[0][0]:parts[0][1]]
        name = fold_name(raw_name)
        if ":" in name and not name.startswith("#"):
            head = name.partition(":")[0]
            if head in ("formatnum", "lc", "uc", "ucfirst", "lcfirst", "nowrap"):
                arg = self.emit(parts[0][0] + raw_name.index(":") + 1, parts[0][1], depth + 1).strip()
                return {"lc": arg.lower(), "uc": arg.upper(), "ucfirst": arg[:1].upper() + arg[1:],
                        "lcfirst": arg[:1].lower() + arg[1:]}.get(head, arg)
            return _GONE
        if name in _LIST_BLOCKS and self._line_start(out):
            return self.list_block(name, parts, depth)
        cls = template_class(name)
        if cls == "drop":
            return _GONE
        line_start = self._line_start(out)
        standalone = line_start and self._line_end(tok.end[partner])
        if cls == "inline" and line_start and (
                "\n" in text[a:b] if not standalone else _looks_block(text, a, b)):
            return _GONE  # an unknown block: alone on its line, or opening a line and running over several
        rendered = self.render(j, partner, name, parts, depth)
        if standalone and cls == "quote":
            return "\n\n" + rendered + "\n\n"
        return rendered.replace("\n", " ")

    def list_block(self, name: str, parts: list[tuple[int, int]], depth: int) -> str:
        """A list template opening its line ({{Columns-list|2|* a}}, {{ubl|a|b}}): its items,
        one per line, so that they become items of the section."""
        text = self.text
        lines: list[str] = []
        for pa, pb in parts[1:]:
            eq = text.find("=", pa, pb)
            if eq >= 0 and _PARAM_NAME_RE.match(text, pa, eq):
                if text[pa:eq].strip().lower() not in ("content", "1", "2"):
                    continue  # colwidth=30em, style=...
                pa = eq + 1
            body = self.emit(pa, pb, depth + 1).strip()
            if not body or (body.isdigit() and name in _COLUMN_LISTS):
                continue  # the column count
            lines.append(body if body[:1] in "*#" or "\n" in body else "* " + body)
        return "\n" + "\n".join(lines) + "\n" if lines else _GONE

    def render(self, j: int, partner: int, name: str, parts: list[tuple[int, int]], depth: int) -> str:
        """Render one inline template: the shared renderer, else the built-in one."""
        text, tok = self.text, self.tok
        s, e = tok.start[j], tok.end[partner]
        if _render_inline is not None and e - s <= _MAX_RENDER_SPAN and not name.startswith(LOCAL_FIRST):
            span = text[s:e]
            hit = _RENDER_CACHE.get(span)
            if hit is None:
                hit = _render_shared(span)
                if hit is not None and len(span) <= _CACHE_SPAN:
                    if len(_RENDER_CACHE) >= _RENDER_CACHE_SIZE:
                        _RENDER_CACHE.clear()
                    _RENDER_CACHE[span] = hit
            if hit is not None:
                for w in hit[1]:
                    if w not in self.warnings:
                        self.warnings.append(w)
                return hit[0]
        positional: list[str] = []
        named: dict[str, str] = {}
        for pa, pb in parts[1:]:
            eq = text.find("=", pa, pb)
            if eq >= 0 and "{{" not in text[pa:eq] and "[[" not in text[pa:eq]:
                named[text[pa:eq].strip().lower()] = self.emit(eq + 1, pb, depth + 1).strip()
            else:
                positional.append(self.emit(pa, pb, depth + 1).strip())
        result = render_fallback(name, positional, named)
        if result is None:
            if name not in self.unknown:
                self.unknown.add(name)
                self.warnings.append(f"unknown template: {name}")
            return _GONE
        return result

    def link(self, j: int, partner: int, depth: int) -> str:
        text, tok = self.text, self.tok
        a, b = tok.end[j], tok.start[partner]
        parts = split_args(text, tok, j, j + 1, a, b)
        target = text[parts[0][0]:parts[0][1]].strip()
        colon = target.startswith(":")
        target = target.lstrip(":").strip()
        if not target:
            return _GONE
        prefix, sep, rest = target.partition(":")
        if sep:
            prefix = prefix.strip().lower()
            if not colon:
                if prefix in FILE_NAMESPACES:
                    return _GONE
                if prefix in CATEGORY_NAMESPACES:
                    cat = " ".join(unprotect(rest).replace("_", " ").split()).strip()
                    if cat and cat not in self.categories:
                        self.categories.append(cat)
                    return _GONE
                if _INTERLANG_RE.match(prefix):
                    return _GONE
        if len(parts) > 1:
            label = self.emit(parts[1][0], b, depth + 1)
            if label.strip():
                return label
            target = _PARENS_RE.sub("", rest if sep else target)  # pipe trick
        if "{" in target or "[" in target:  # [[{{PAGENAME}} (film)]]: render the target too
            target = self.emit(parts[0][0], parts[0][1], depth + 1).strip().lstrip(":")
        target = target.removeprefix("#")
        return target.replace("_", " ")


_NEXT_HEADING_RE = re.compile(r"\n=")
_PARAM_NAME_RE = re.compile(r"\s*[\w -]+\s*$")
_COLUMN_LISTS = frozenset({"columns-list", "col-list", "div col", "colbegin", "multicol"})
#: List templates whose items, when the template opens a line, are list items of the prose.
_LIST_BLOCKS = _COLUMN_LISTS | frozenset({
    "plainlist", "plain list", "flatlist", "flat list", "unbulleted list", "ubl", "ubil", "bulleted list",
    "blist", "hlist", "ordered list", "unordered list",
})


_RENDER_CACHE: dict[str, tuple[str, tuple[str, ...]]] = {}
_RENDER_CACHE_SIZE = 16_384  # distinct template calls remembered (a dump repeats {{nbsp}}, {{convert|1|km}})
_CACHE_SPAN = 400  # only short calls are cached: bounded memory (16,384 x 400 characters at most)


def _render_shared(span: str) -> tuple[str, tuple[str, ...]] | None:
    """``wikitemplates.render_inline`` on one template span: (text, warnings), or
    ``None`` when it cannot be used (then the built-in renderer runs)."""
    if _render_inline is None:
        return None
    try:
        nodes = _mwp.parse(span).nodes
        if len(nodes) != 1:
            return None
        r = _render_inline(nodes[0])
        return unprotect(r.text).replace("\n", " "), tuple(r.warnings)
    except Exception:  # noqa: BLE001 - a colleague's module mid-edit must not break prose
        return None


def _looks_block(text: str, a: int, b: int) -> bool:
    """An unknown template alone on its line: dropped unless it is a short one-liner
    with visible positional text (a heuristic; multi-line calls are always blocks)."""
    return "\n" in text[a:b] or "=" in text[a:b] or b - a < 40


# ------------------------------------------------------------ blocks and sections --

def _unflatten(text: str) -> str:
    """Restore line structure of wikitext whose newlines were folded into spaces."""
    text = _FLAT_HEADING_RE.sub(lambda m: f"\n{m.group(1)}{m.group(2)}{m.group(1)}\n", text)
    text = _FLAT_TABLE_RE.sub("\n", text)
    return _FLAT_ITEM_RE.sub("\n", text)


def _finish(text: str) -> str:
    """Whitespace, entities, protected characters and dangling punctuation of one block."""
    if "&" in text:
        text = html.unescape(text)
    # str.split() splits on all Unicode white space (no-break and thin spaces too): the
    # fastest way to collapse runs, much faster than a regex over every character.
    text = " ".join(unprotect(text).replace(_GONE, " ").split())
    text = _SPACE_PUNCT_RE.sub("", text)
    if "(" in text:
        text = text.replace("( ", "(")
        if "()" in text or "( " in text or "(," in text or "(;" in text:
            text = " ".join(_EMPTY_PARENS_RE.sub("", text).split())
    return text


def _sections(doc: str) -> list[Section]:
    doc = _BR_RE.sub(" ", doc)
    doc = _TAG_RE.sub("", doc)
    doc = _EXTLINK_RE.sub(lambda m: m.group(1) or "", doc)
    if "''" in doc:
        doc = _FOUR_QUOTES_RE.sub("'", doc)
        doc = _ELISION_RE.sub("'", doc)
        doc = _QUOTES_RE.sub("", doc)
    doc = _MAGIC_RE.sub("", doc)
    sections = [Section(None, 0, [])]
    para: list[str] = []

    def flush() -> None:
        if para:
            t = _finish(" ".join(para))
            if t and _WORD_RE.search(t):
                sections[-1].blocks.append(Block("paragraph", t))
            para.clear()

    for line in doc.split("\n"):
        s = line.strip(" \t")
        if not s:
            flush()
            continue
        if _GONE in s:
            s = s.replace(_GONE, "").strip()
            if not s:
                continue
        c = s[0]
        if c == "=":
            m = _HEADING_RE.match(s)
            if m:
                flush()
                level = min(len(m.group(1)), len(m.group(3)))
                sections.append(Section(_finish(m.group(2)), level, []))
                continue
        if c in "*#:;":
            flush()
            item = _finish(s.lstrip("*#:; \t"))
            if item and _WORD_RE.search(item):
                sections[-1].blocks.append(Block("item", item))
        elif c in "|!" or s.startswith("----"):
            flush()
        else:
            para.append(s)
    flush()
    return sections


def _drop_reference_sections(sections: list[Section]) -> list[Section]:
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


def extract_prose(text: str) -> tuple[list[Section], list[str], int, list[str]]:
    """(sections, categories, tables dropped, warnings) of an article's wikitext.

    Sections come lead first (heading ``None``, level 0); reference and external-link
    sections are dropped with their subsections; "See also" and "Further reading"
    items are kept (citation templates there become "Author (year). Title." lines),
    and such a section left empty is dropped.  Decisions on the rest: ``<math>`` keeps
    its TeX (with "{ {" spaced so no "{{" shows), ``<nowiki>``/``<pre>``/``<code>``
    keep their text, bare URLs stay, ``[http://x]`` without a label disappears.
    Runs in time linear in ``len(text)``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _OURS_RE.search(text):  # our own marker and protection characters must not come from the input
        text = _OURS_RE.sub("", text)
    if text[:1] == "#" or text[:40].lstrip()[:1] == "#":
        text = _REDIRECT_RE.sub("", text, count=1)  # "#REDIRECT [[X]]" is not a list item
    if "&lt;" in text and "&lt;ref" in text and "<ref" not in text:  # tags escaped twice (some exports)
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    if len(text) > 2000 and text.count("\n") * 2000 < len(text):
        text = _unflatten(text)
    text = prepass(text)
    walker = _Walker(text)
    doc = walker.emit(0, len(text), 0)
    sections = _drop_reference_sections(_sections(doc))
    return sections, walker.categories, walker.tables, walker.warnings
