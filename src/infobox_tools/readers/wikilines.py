"""Line structure of wikitext prose, before and after the scan of :mod:`.wikiscan`.

Why a module of its own: both ends of prose extraction work line by line, apart from
the token scan and the walker in between.  :func:`prepare` readies a page's lines for
the scan (line ends, our own marker characters, a redirect line, tags escaped twice,
lines folded into spaces); :func:`split_sections` cuts the text the walker emitted into
sections, paragraphs and items, and :func:`finish` cleans each of them.
"""

from __future__ import annotations

import html
import re

from infobox_tools.readers.wikinames import APPARATUS_SECTIONS, REFERENCE_SECTIONS
from infobox_tools.readers.wikiscan import GONE, has_protected, unprotect
from infobox_tools.record import Block, Section

_OURS_RE = re.compile("[\x01\ue000-\ue00f]")
_REDIRECT_RE = re.compile(r"\A\s*#[^\W\d_][^\s\[]*\s*:?\s*\[\[[^\]\n]*\]\]")


def prepare(text: str) -> str:
    """A page's text ready for :func:`~.wikiscan.prepass`: ``\\n`` line ends, no GONE or
    protection characters of its own, no leading redirect, tags escaped once, lines unfolded."""
    # Each test below looks at the whole page, so each is ordered to be cheap in the common
    # case: a one-character ``in`` is a memchr; "<ref" is usually found early in the page.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if GONE in text or has_protected(text):  # our own marker and protection characters must not come from the input
        text = _OURS_RE.sub("", text)
    if text[:1] == "#" or text[:40].lstrip()[:1] == "#":
        text = _REDIRECT_RE.sub("", text, count=1)  # "#REDIRECT [[X]]" is not a list item
    if "<ref" not in text and "&lt;ref" in text:  # tags escaped twice (some exports)
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    if len(text) > 2000 and _flattened(text):
        text = unflatten(text)
    return text


def _flattened(text: str) -> bool:
    """Whether ``text`` has fewer than one newline per 2,000 characters (its lines were folded
    into spaces).  The first eighth of a normal page already holds enough newlines to say no,
    so the whole page is counted only when that prefix does not settle it."""
    enough = (len(text) - 1) // 2000 + 1  # the least count for which ``count * 2000 < len`` fails
    return text.count("\n", 0, len(text) // 8) < enough and text.count("\n") < enough


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
_PAREN_SPACE_RE = re.compile(r"\([) ,;]")
_FLAT_HEADING_RE = re.compile(r"(?:^|[ \t])(={2,6})([^=\n]{1,200}?)\1(?=[ \t]|$)")
_FLAT_TABLE_RE = re.compile(r"(?<=[ \t])(?=\{\|)|(?<=[ \t])(?=\|\}(?!\}))|(?<=[ \t])(?=\|-)")
_FLAT_ITEM_RE = re.compile(r"(?<=\S) (?=\*{1,4} ?['\[{\w])")
_WORD_RE = re.compile(r"\w")
_LINE_MARKUP = "=*#:;|!-"  # first characters of lines that are not running text


def unflatten(text: str) -> str:
    """Restore line structure of wikitext whose newlines were folded into spaces."""
    text = _FLAT_HEADING_RE.sub(lambda m: f"\n{m.group(1)}{m.group(2)}{m.group(1)}\n", text)
    text = _FLAT_TABLE_RE.sub("\n", text)
    return _FLAT_ITEM_RE.sub("\n", text)


def finish(text: str) -> str:
    """Whitespace, entities, protected characters and dangling punctuation of one block."""
    if "&" in text:
        text = html.unescape(text)
    if text.isprintable():
        # Fast path (96 % of blocks): every white space character but " " is non-printable
        # (Zs/Zl/Zp/Cc), and so are GONE and the protected PUA characters (Cc, Co), so a
        # printable text has nothing to unprotect and only runs of spaces to collapse --
        # the same result as the split/join below, without building a list of words.
        while "  " in text:
            text = text.replace("  ", " ")
        text = text.strip(" ")
    else:
        text = unprotect(text)
        # str.split() splits on all Unicode white space (no-break and thin spaces too): the
        # fastest way to collapse runs, much faster than a regex over every character.
        text = " ".join(text.replace(GONE, " ").split())
    if " ," in text or " ." in text or " )" in text:  # substring tests: far cheaper than the regex
        text = _SPACE_PUNCT_RE.sub("", text)
    # "( ", "()", "(," or "(;" is rare: one regex (it skips from "(" to "(") settles it for
    # a block that has parentheses, instead of a replace and four scans.
    if "(" in text and _PAREN_SPACE_RE.search(text):
        text = text.replace("( ", "(")
        if "()" in text or "( " in text or "(," in text or "(;" in text:
            text = " ".join(_EMPTY_PARENS_RE.sub("", text).split())
    return text


def split_sections(doc: str) -> list[Section]:
    """Cut the emitted text into sections of paragraphs and items (tags, external links,
    bold/italic quotes and magic words removed)."""
    # Each regex needs a character that a one-character ``in`` (a memchr) rules out first.
    if "<" in doc:
        doc = _BR_RE.sub(" ", doc)
        doc = _TAG_RE.sub("", doc)
    if "[" in doc:
        doc = _EXTLINK_RE.sub(lambda m: m.group(1) or "", doc)
    if "''" in doc:
        doc = _FOUR_QUOTES_RE.sub("'", doc)
        doc = _ELISION_RE.sub("'", doc)
        doc = _QUOTES_RE.sub("", doc)
    if "_" in doc:
        doc = _MAGIC_RE.sub("", doc)
    sections = [Section(None, 0, [])]
    para: list[str] = []

    def flush() -> None:
        t = finish(" ".join(para))
        # A block nearly always starts with a letter, and str.isalnum() is what \w means
        # (bar "_"): far cheaper than a regex search call.
        if t and (t[0].isalnum() or _WORD_RE.search(t)):
            sections[-1].blocks.append(Block("paragraph", t))
        para.clear()

    for line in doc.split("\n"):
        s = line.strip(" \t")
        if not s:
            if para:
                flush()
            continue
        if GONE in s:
            s = s.replace(GONE, "").strip()
            if not s:
                continue
        c = s[0]
        if c not in _LINE_MARKUP:  # running text, the common case
            para.append(s)
            continue
        if c == "=":
            m = _HEADING_RE.match(s)
            if m:
                if para:
                    flush()
                level = min(len(m.group(1)), len(m.group(3)))
                sections.append(Section(finish(m.group(2)), level, []))
                continue
        if c in "*#:;":
            if para:
                flush()
            item = finish(s.lstrip("*#:; \t"))
            if item and (item[0].isalnum() or _WORD_RE.search(item)):
                sections[-1].blocks.append(Block("item", item))
        elif c in "|!" or s.startswith("----"):
            if para:
                flush()
        else:  # "=" not opening a heading, "-" not opening a rule
            para.append(s)
    if para:
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


