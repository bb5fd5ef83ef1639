"""Clean prose from wikitext: sections of paragraphs and list items, fast.

:func:`extract_prose` is what the wikitext reader calls for an article body.  It
never parses the whole article with mwparserfromhell (about 1 MB/s); instead
:mod:`.wikiscan` strips comments and tags and pairs ``{{ }}``/``[[ ]]``/``{| |}`` in
linear passes, and a walker here decides per span:

* tables are dropped (and counted), files/images and interlanguage links dropped,
  categories collected (sort keys stripped), other links replaced by their text;
* block templates (infoboxes, navboxes, hatnotes, maintenance tags, reference lists)
  are dropped; so is an unknown template standing alone on its own line;
* a template inside running text is rendered: only that small span is tokenized by
  mwparserfromhell and handed to ``wikitemplates.render_inline`` (so the prose and
  the infobox reader render ``{{convert|31.2|km2}}``, quotations, IPA and citations
  alike); a plain call comes without a parse tree (:mod:`.wikiplain`), so a render-cache
  miss stays cheap; a small built-in renderer stands in when that module is unavailable.

The cleaned text is then cut into sections, paragraphs and items (:mod:`.wikilines`).
Why a module of its own: this is the policy of prose extraction (what is kept, dropped
or rendered), apart from the mechanics (:mod:`.wikiscan`) and names (:mod:`.wikinames`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from infobox_tools.readers import wikilines as _lines
from infobox_tools.readers import wikinames as _fb
from infobox_tools.readers import wikiscan as _ws
from infobox_tools.readers.wikinames import CATEGORY_NAMESPACES, FILE_NAMESPACES, LIST_BLOCKS, REFERENCE_SECTIONS
from infobox_tools.readers.wikiscan import B_OPEN, GONE, L_OPEN, T_OPEN, fold_name, pair_tokens, split_args, unprotect
from infobox_tools.record import Section

_render_inline: Callable[[Any], Any] | None
_text_renderer: Callable[[str], Callable[[str, list[str], dict[str, str]], str] | None] | None
try:  # the shared renderer; absent or mid-edit -> the built-in fallback
    from infobox_tools.readers.wikirenderers import text_renderer as _text_renderer
    from infobox_tools.readers.wikitemplates import parse_one as _parse_one
    from infobox_tools.readers.wikitemplates import render_inline as _render_inline
    from infobox_tools.readers.wikitemplates import render_plain_unknown as _render_plain_unknown
except Exception:  # noqa: BLE001  # pragma: no cover - a sibling module mid-edit must not break prose
    _render_inline = _text_renderer = None

__all__ = ["REFERENCE_SECTIONS", "extract_prose"]

_MAX_DEPTH = 40  # deeper nesting is dropped (hostile input; no real article nests this deep)
_MAX_RENDER_SPAN = 20_000  # longer "inline" templates are not handed to mwparserfromhell
_LOOKBACK = 64  # pieces looked back to decide whether a template starts its line
_UNKNOWN = "unknown template: "  # how render_inline's warning names a template it does not know

_INTERLANG_RE = re.compile(r"^(?:[a-z]{2,3}(?:-[a-z]{2,8}){0,2}|simple)$")
_PARENS_RE = re.compile(r"\s*\([^()]*\)\s*$")
_NEXT_HEADING_RE = re.compile(r"\n=")
_PARAM_NAME_RE = re.compile(r"\s*[\w -]+\s*$")


# --------------------------------------------------------------------- the walker --

class _Walker:
    """Emits the prose of a paired text, collecting categories, tables and warnings."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tok: _ws.Tokens = pair_tokens(text)
        self.categories: list[str] = []
        self.tables = 0
        self.warnings: list[str] = []
        self.unknown: set[str] = set()
        self.last_unknown = False  # whether the template rendered last was unknown to every renderer

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

    def emit(self, a: int, b: int, depth: int) -> str:
        """The cleaned text of ``text[a:b]`` (templates rendered, links unwrapped)."""
        text, tok = self.text, self.tok
        starts, ends, kinds, match = tok.start, tok.end, tok.kind, tok.match
        n_tok = len(starts)
        j = bisect_left(starts, a)
        if j == n_tok or starts[j] >= b:
            return text[a:b]  # no token inside: most template arguments
        out: list[str] = []
        append = out.append
        pos = a
        while j < n_tok and starts[j] < b:
            s = starts[j]
            kind = kinds[j]
            partner = match[j]
            append(text[pos:s])
            if partner > j and ends[partner] <= b:
                e = ends[partner]
                if depth >= _MAX_DEPTH:
                    piece = ""
                elif kind == L_OPEN:
                    piece = self.link(j, partner, depth)
                elif kind == T_OPEN:
                    piece = self.template(j, partner, depth, out)
                else:  # table
                    if depth == 0:
                        self.tables += 1
                    piece = GONE
                append(piece)
                pos = e
                j = partner + 1
            elif kind == B_OPEN:  # unclosed table: drop up to the next heading
                m = _NEXT_HEADING_RE.search(text, s + 2, b)
                pos = m.start() + 1 if m else b
                if depth == 0:
                    self.tables += 1
                append(GONE + "\n")
                j = bisect_left(starts, pos, j + 1)
            else:  # unpaired token: dropped
                pos = ends[j]
                j += 1
        out.append(text[pos:b])
        return "".join(out)

    def template(self, j: int, partner: int, depth: int, out: list[str]) -> str:
        text, tok = self.text, self.tok
        a, b = tok.end[j], tok.start[partner]
        # The name nearly always ends at a "|" before the first nested token (or the template
        # holds no token and no "|"): then the arguments are split only when they are used --
        # not for the half of all templates that are dropped (infoboxes, navboxes, {{sfn}}).
        nxt = tok.start[j + 1]  # the partner's start at the latest
        bar = text.find("|", a, nxt)
        parts: list[tuple[int, int]] | None = None
        if bar >= 0:
            name_end = bar
        elif nxt == b:
            name_end = b
        else:  # a nested token inside the name ({{ {{a}} |x}}, {{#if:{{b}}|..}}): split now
            parts = split_args(text, tok, j, j + 1, a, b)
            name_end = parts[0][1]
        raw_name = text[a:name_end]
        name = fold_name(raw_name)
        if ":" in name and not name.startswith("#"):
            head = name.partition(":")[0]
            if head in ("formatnum", "lc", "uc", "ucfirst", "lcfirst", "nowrap"):
                arg = self.emit(a + raw_name.index(":") + 1, name_end, depth + 1).strip()
                return {"lc": arg.lower(), "uc": arg.upper(), "ucfirst": arg[:1].upper() + arg[1:],
                        "lcfirst": arg[:1].lower() + arg[1:]}.get(head, arg)
            return GONE
        if name in LIST_BLOCKS and self._line_start(out):
            return self.list_block(name, parts or split_args(text, tok, j, j + 1, a, b), depth)
        cls = _ws.template_class(name)
        if cls == "drop":
            return GONE
        line_start = self._line_start(out)
        standalone = line_start and self._line_end(tok.end[partner])
        if cls == "inline" and line_start and (
                text.find("\n", a, b) >= 0 if not standalone else _looks_block(text, a, b)):
            return GONE  # an unknown block: alone on its line, or opening a line and running over several
        rendered = self.render(j, partner, name, parts, depth)
        if standalone and self.last_unknown:
            return GONE  # alone on its line and no renderer knows it: a hatnote or banner, not prose
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
            if not body or (body.isdecimal() and name in _fb.COLUMN_LISTS):
                continue  # the column count
            lines.append(body if body[:1] in "*#" or "\n" in body else "* " + body)
        return "\n" + "\n".join(lines) + "\n" if lines else GONE

    def render(self, j: int, partner: int, name: str, parts: list[tuple[int, int]] | None, depth: int) -> str:
        """Render one inline template: the shared renderer, else the built-in one (``parts``:
        the argument ranges, ``None`` when not split yet)."""
        text, tok = self.text, self.tok
        s, e = tok.start[j], tok.end[partner]
        fast = _text_renderer(name) if _text_renderer is not None else None  # citations, IPA: no parse
        if _render_inline is not None and e - s <= _MAX_RENDER_SPAN and fast is None:
            span = text[s:e]
            hit = _RENDER_CACHE.get(span)
            if hit is None:
                hit = _render_plain_unknown(span)
                if hit is None:
                    hit = _render_shared(span)
                if hit is not None and len(span) <= _CACHE_SPAN:
                    if len(_RENDER_CACHE) >= _RENDER_CACHE_SIZE:
                        _RENDER_CACHE.clear()
                    _RENDER_CACHE[span] = hit
            if hit is not None:
                self.last_unknown = bool(hit[1]) and hit[1][0].startswith(_UNKNOWN) and fold_name(
                    hit[1][0][len(_UNKNOWN):]) == name
                for w in hit[1]:
                    if w not in self.warnings:
                        self.warnings.append(w)
                return hit[0]
        positional: list[str] = []
        named: dict[str, str] = {}
        if parts is None:
            parts = split_args(text, tok, j, j + 1, tok.end[j], tok.start[partner])
        for pa, pb in parts[1:]:
            eq = text.find("=", pa, pb)
            key = text[pa:eq] if eq >= 0 else None
            if key is not None and "{{" not in key and "[[" not in key:
                named[key.strip().lower()] = self.emit(eq + 1, pb, depth + 1).strip()
            else:
                positional.append(self.emit(pa, pb, depth + 1).strip())
        for k in sorted((k for k in named if _fb.is_position(k)), key=int):  # {{quote|1=a=b}}
            positional[int(k) - 1:int(k)] = [*[""] * (int(k) - 1 - len(positional)), named.pop(k)]
        result = fast(name, positional, named) if fast is not None else render_fallback(name, positional, named)
        self.last_unknown = result is None
        if result is None:
            if name not in self.unknown:
                self.unknown.add(name)
                self.warnings.append(f"unknown template: {name}")
            return GONE
        return result

    def link(self, j: int, partner: int, depth: int) -> str:
        text, tok = self.text, self.tok
        a, b = tok.end[j], tok.start[partner]
        plain, bar = partner == j + 1, text.find("|", a, b)  # plain: no token inside (most links)
        target = text[a:b if bar < 0 else bar] if plain else "["  # fast path: [[Target]], [[Target|label]]
        if ":" not in target and "{" not in target and "[" not in target and (target := target.strip()):
            label = text[bar + 1:b] if bar >= 0 else ""
            return label if label.strip() else (
                _PARENS_RE.sub("", target) if bar >= 0 else target).removeprefix("#").replace("_", " ")
        parts = (([(a, b)] if bar < 0 else [(a, bar), (bar + 1, b)]) if plain  # only parts 0, 1 are used
                 else split_args(text, tok, j, j + 1, a, b))
        target = text[parts[0][0]:parts[0][1]].strip()
        colon = target.startswith(":")
        target = target.lstrip(":").strip()
        if not target:
            return GONE
        prefix, sep, rest = target.partition(":")
        if sep:
            prefix = prefix.strip().lower()
            if not colon:
                if prefix in FILE_NAMESPACES:
                    return GONE
                if prefix in CATEGORY_NAMESPACES:
                    cat = " ".join(unprotect(rest).replace("_", " ").split()).strip()
                    if cat and cat not in self.categories:
                        self.categories.append(cat)
                    return GONE
                if _INTERLANG_RE.match(prefix):
                    return GONE
        if len(parts) > 1:
            label = text[parts[1][0]:b] if plain else self.emit(parts[1][0], b, depth + 1)
            if label.strip():
                return label
            target = _PARENS_RE.sub("", rest if sep else target)  # pipe trick
        if "{" in target or "[" in target:  # [[{{PAGENAME}} (film)]]: render the target too
            target = self.emit(parts[0][0], parts[0][1], depth + 1).strip().lstrip(":")
        target = target.removeprefix("#")
        return target.replace("_", " ")


_RENDER_CACHE: dict[str, tuple[str, tuple[str, ...]]] = {}
_RENDER_CACHE_SIZE = 16_384  # distinct template calls remembered (a dump repeats {{nbsp}}, {{convert|1|km}})
_CACHE_SPAN = 400  # only short calls are cached: bounded memory (16,384 x 400 characters at most)


def _render_shared(span: str) -> tuple[str, tuple[str, ...]] | None:
    """``render_inline`` on one template span: (text, warnings); ``None`` if it cannot be used."""
    if _render_inline is None:
        return None
    try:
        node = _parse_one(span)  # plain calls ({{convert|31.2|km2}}) come without a parse tree
        if node is None:
            return None
        r = _render_inline(node)
        return unprotect(r.text).replace("\n", " "), tuple(r.warnings)
    except Exception:  # noqa: BLE001 - a colleague's module mid-edit must not break prose
        return None


def _looks_block(text: str, a: int, b: int) -> bool:
    """An unknown template alone on its line is a block unless a long one-liner without ``=``."""
    return b - a < 40 or text.find("\n", a, b) >= 0 or text.find("=", a, b) >= 0


# ------------------------------------------------------- built-in inline renderer --
# Only when ``render_inline`` is unavailable or cannot take a span (too long, not one
# template once parsed).  Quotations, IPA, formulas, citations: shared renderer only.

def _date(pos: list[str], named: dict[str, str], dmy: bool) -> str:
    nums = [p for p in pos if p][:3]
    if not nums:
        return ""
    year, month, day = (nums + ["", "", ""])[:3]
    if month.isdecimal() and 1 <= int(month) <= 12:
        month = _fb.FALLBACK_MONTHS[int(month) - 1]
    day = day.lstrip("0")
    if not month:
        return year
    if not day:
        return f"{month} {year}".strip()
    if dmy or named.get("df", "").lower() in ("y", "yes", "1", "true"):
        return f"{day} {month} {year}".strip()
    return f"{month} {day}, {year}" if year else f"{month} {day}"


def render_fallback(name: str, pos: list[str], named: dict[str, str]) -> str | None:
    """Text of a common inline template from its rendered arguments; ``None`` if unknown."""
    if name in _fb.FALLBACK_CONSTANT:
        return _fb.FALLBACK_CONSTANT[name]
    if name in ("convert", "cvt"):
        if not pos:
            return ""
        out = [pos[0]]
        i = 1
        while i + 1 < len(pos) and pos[i] in _fb.FALLBACK_RANGE_WORDS:
            out += [_fb.FALLBACK_RANGE_WORDS[pos[i]], pos[i + 1]]
            i += 2
        if i < len(pos):
            out += [" ", pos[i]]
            if i + 2 < len(pos) and pos[i + 1].replace(".", "", 1).isdecimal():
                out += [" ", pos[i + 1], " ", pos[i + 2]]
        return "".join(out)
    if name in _fb.FALLBACK_DATES:
        if name == "as of":
            return "As of " + _date(pos, named, True)
        return _date(pos, named, name == "dts")
    if name in _fb.FALLBACK_FIRST or name.startswith(("lang-", "ipa-", "ipa ")):
        return named.get("name") or (pos[0] if pos else named.get("text", named.get("quote", "")))
    if name in _fb.FALLBACK_LAST:
        return pos[-1] if pos else named.get("text", "")
    if name == "nihongo":
        extra = ", ".join(p for p in pos[1:3] if p)
        head = pos[0] if pos else ""
        return f"{head} ({extra})" if head and extra else head or extra
    if name == "sortname":
        return " ".join(p for p in pos[:2] if p)
    if name in ("circa", "c."):
        return "c. " + (pos[0] if pos else "")
    if name in ("ubl", "unbulleted list", "plainlist", "plain list", "hlist", "flatlist", "bulleted list",
                "ordered list", "collapsible list", "flat list", "ublist", "blist"):
        items = [i.strip(" *#") for p in pos for i in p.split("\n") if i.strip(" *#")]
        return ", ".join(items)
    if name in ("flagicon", "flagdeco", "flagicon image"):
        return ""
    return None


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
    text = _lines.prepare(text)
    text = _ws.prepass(text)
    walker = _Walker(text)
    doc = walker.emit(0, len(text), 0)
    sections = _lines.drop_reference_sections(_lines.split_sections(doc))
    return sections, walker.categories, walker.tables, walker.warnings
