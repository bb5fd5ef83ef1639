"""Cutting a field text into items: one number expression plus the words after it.

Shared by quantities, counts and money (:mod:`quantities`).  Around the items:

* a label before a colon names the group ("Northern Army: 700-2,000 killed, ..."),
  or the category when it is a category word ("Killed: 500");
* an explicit unknown ("Unknown Red Army casualties") gives ``kind="unknown"``;
* dates to the day or month are taken out first ("October 16, 1984" is no 16 and 1984);
* parentheses are set aside and handed to the item they follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from infobox_tools.normalize._tables import LANG, UNITS, alternation, reverse_index
from infobox_tools.normalize.dates import find_dates, hit_value
from infobox_tools.normalize.numbers import NumExpr, clean, scan
from infobox_tools.record import Value

__all__ = ["UNKNOWN_RE", "_Item", "category_of", "parse_items", "unit_of"]

_UNIT = reverse_index({k: v for k, v in UNITS["units"].items()})
_UNIT_RE = re.compile(r"\s?(?P<u>" + alternation(_UNIT) + r")(?![^\W_])", re.IGNORECASE)

_CATEGORY = reverse_index(LANG["categories"])
_CAT_RE = re.compile(r"(?<![^\W\d_])(?P<c>" + alternation(_CATEGORY) + r")(?![^\W\d_])", re.IGNORECASE)
_CASUALTY_CATS = ("killed", "wounded", "captured", "missing")
_PERSON_CATS = {"killed", "wounded", "captured", "missing", "civilian", "total", "strength"}
_UNKNOWN_WORDS = LANG["unknowns"]["words"]
UNKNOWN_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?P<u>" + alternation(_UNKNOWN_WORDS) + r")(?=$|[\s.,;:)])", re.IGNORECASE)

# Separators between items: line breaks, semicolons, bullets, ", " (a thousands comma is
# never followed by a space), " and ", " / ".
_SEP_RE = re.compile(r"\n|;|•|·|\s\+\s|,\s+|\s/\s|\s(?:and|et|und|e|og|en)\s(?=\S*\d)", re.IGNORECASE)
_LABEL_RE = re.compile(
    r"(?P<label>(?:[A-Z0-9À-Ý][\w.'’&-]*)(?:\s+(?:[A-Z0-9À-Ý(][\w.'’&()-]*|of|the|de|du|des|der|"
    r"die|und|and|do|da|dos|af|av|i|la|le|van|von)){0,6})\s*:\s*")
_LOWER_LABEL_RE = re.compile(r"(?P<label>[^\W\d_][\w .'’-]{0,40}?)\s*:\s*$")
_FTIN_RE = re.compile(
    r"(?P<ft>\d{1,2})\s?(?:ft|feet|foot|′|')\s?(?P<in>\d{1,2}(?:\.\d+)?)\s?(?:in|inches|″|\")(?!\w)")
# a month name or an ISO/dotted date may be in the text: only then look for dates
_MONTHISH_RE = re.compile(r"[^\W\d_]{3}|\d-\d\d-|\d\.\d")
# a month name or an ISO/dotted date may be in the text: only then look for dates
_PLAIN_YEARS_RE = re.compile(r"[\d\s\-–—]*$")
_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")
_TRIM = " \t,;:.-–—·•"
_BAD_TAIL = set("°′″'\":/×x")


@dataclass
class _Item:
    expr: NumExpr
    start: int
    end: int  # end of the tail words
    tail: str
    parens: list[str] = field(default_factory=list)
    group: str | None = None
    label_category: str | None = None
    text: str = ""


def _mask_parens(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Replace each top-level "( ... )" by spaces (positions kept); return them apart."""
    out = list(text)
    found: list[tuple[int, int, str]] = []
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                found.append((start, i + 1, text[start + 1:i]))
                for j in range(start, i + 1):
                    out[j] = " "
    return "".join(out), found


def category_of(words: str) -> str | None:
    """The category named in ``words`` ("killed", "PoW" -> captured, "civilian casualties")."""
    cats = [_CATEGORY[m.group("c").lower()] for m in _CAT_RE.finditer(words)]
    if not cats:
        return None
    if "civilian" in cats:
        return "civilian"
    casualty = [c for c in dict.fromkeys(cats) if c in _CASUALTY_CATS]
    if len(casualty) > 1:
        return "total"
    if casualty:
        return casualty[0]
    for c in ("materiel", "total", "strength"):
        if c in cats:
            return c
    return cats[0]


def unit_of(tail: str) -> tuple[str | None, str | None]:
    """(canonical unit, the word as written) at the start of ``tail``, else anywhere in it
    for person/materiel words ("Japanese civilian casualties" has none)."""
    m = _UNIT_RE.match(tail)
    if m:
        return _UNIT[m.group("u").lower()], m.group("u")
    return None, None



def _segments(masked: str) -> list[tuple[int, int, bool]]:
    """(start, end, starts a new line?) of the separator-delimited segments."""
    segs: list[tuple[int, int, bool]] = []
    pos, newline = 0, True
    for m in _SEP_RE.finditer(masked):
        segs.append((pos, m.start(), newline))
        newline = m.group(0) in ("\n", ";")
        pos = m.end()
    segs.append((pos, len(masked), newline))
    return segs


def parse_items(text: str, lang: str = "en", *, money: bool = False
                ) -> tuple[list[_Item | Value], str]:
    """Cut ``text`` into items (and unknown/leftover text values), in order.

    Returns the list and the cleaned text the spans refer to.
    """
    t = clean(text)
    masked, parens = _mask_parens(t)
    out: list[tuple[int, _Item | Value]] = []
    masked = _mask_dates(t, masked, out)
    exprs = scan(masked, lang, money_hint=money)
    group: str | None = None
    ei = 0
    for s, e, newline in _segments(masked):
        if newline:
            group = None
        seg_exprs = []
        while ei < len(exprs) and exprs[ei].start < e:
            if exprs[ei].start >= s:
                seg_exprs.append(exprs[ei])
            ei += 1
        pre_end = seg_exprs[0].start if seg_exprs else e
        pre = masked[s:pre_end]
        label_cat: str | None = None
        label_start: int | None = None
        lm = None
        for lm in _LABEL_RE.finditer(pre):  # noqa: B007 - the last label before the numbers
            pass
        if lm is None and seg_exprs:
            lm = _LOWER_LABEL_RE.search(pre)
        if lm is not None and (not seg_exprs or pre[lm.end():].strip() == ""):
            label = lm.group("label").strip()
            cat = _CATEGORY.get(label.lower())
            if cat:
                label_cat, label_start = cat, s + lm.start()
            else:
                group = label
            pre = pre[:lm.start()]
        if pre.strip(_TRIM):
            lead = pre.strip(_TRIM)
            a = s + (len(pre) - len(pre.lstrip(_TRIM)))
            out.append((a, _leftover(lead, t[a:a + len(lead)])))
        for k, ex in enumerate(seg_exprs):
            stop = seg_exprs[k + 1].start if k + 1 < len(seg_exprs) else e
            tail_raw = masked[ex.end:stop]
            lm2 = _LABEL_RE.search(tail_raw)
            cut = lm2.start() if lm2 and lm2.start() > 0 else len(tail_raw)
            um = UNKNOWN_RE.search(tail_raw, 0, cut)
            if um:
                cut = um.start()
            tail = tail_raw[:cut].rstrip(_TRIM + " ")
            end = ex.end + len(tail)
            if tail[:1] in _BAD_TAIL and not _UNIT_RE.match(tail):
                # "39°55′N", "23:25", "1/2": digits that are no number of anything
                out.append((ex.start, Value(kind="text", text=t[ex.start:end].strip())))
                continue
            start = ex.start
            if k == 0 and label_cat is not None and label_start is not None:
                start = label_start  # keep "Killed:" with its number
            item = _Item(ex, start, end, tail.strip(), group=group, label_category=label_cat)
            out.append((start, item))
            rest_start = ex.end + cut
            if rest_start < stop and masked[rest_start:stop].strip(_TRIM):
                # a new label or an unknown inside the segment: re-enter with the remainder
                sub = masked[rest_start:stop]
                lm3 = _LABEL_RE.match(sub.lstrip())
                if lm3 and k + 1 < len(seg_exprs):
                    group = lm3.group("label").strip()
                    lead = sub.lstrip()[:lm3.start()].strip(_TRIM)
                else:
                    lead = sub.strip(_TRIM)
                if lead:
                    a = rest_start + sub.find(lead)
                    out.append((a, _leftover(lead, t[a:a + len(lead)])))
    # parentheses belong to the item they follow
    items = [x for _, x in out if isinstance(x, _Item)]
    for ps, pe, inner in parens:
        owner = None
        for it in items:
            if it.start <= ps:
                owner = it
        if owner is not None:
            owner.parens.append(inner)
            owner.end = max(owner.end, pe)
        elif inner.strip():
            out.append((ps, _leftover(inner.strip(), t[ps:pe])))
    for it in items:
        it.tail = it.tail.strip()
        it.text = t[it.start:it.end].strip()
    out.sort(key=lambda pair: pair[0])
    return [x for _, x in out], t


def _mask_dates(t: str, masked: str, out: list[tuple[int, _Item | Value]]) -> str:
    """Dates to the day or month are no amounts ("October 16, 1984" is not 16 and 1984):
    add them to ``out`` as date values and blank them out of ``masked``."""
    if not _MONTHISH_RE.search(masked):
        return masked
    for h in find_dates(masked):
        if h.first is None or (h.first.m is None and not h.present
                               and _PLAIN_YEARS_RE.match(masked, h.start, h.end)):
            continue  # "1998", "1939–1945" stay numbers here; "221 BCE", "June 1998" do not
        out.append((h.start, hit_value(h, t[h.start:h.end])))
        masked = masked[:h.start] + " " * (h.end - h.start) + masked[h.end:]
    return masked


def _leftover(lead: str, text: str) -> Value:
    """Words between items: an explicit unknown, or text kept as it is."""
    um = UNKNOWN_RE.search(lead)
    if um:
        v = Value(kind="unknown", text=text)
        v.category = category_of(lead)
        rest = (lead[:um.start()] + " " + lead[um.end():])
        rest = _CAT_RE.sub(" ", rest)
        words = " ".join(rest.split()).strip(_TRIM)
        if words and words[0].isupper():
            v.group = words
        return v
    return Value(kind="text", text=text)
