"""Numbers as infoboxes write them: digit grouping by language, ranges, scale words,
qualifiers, percentages and ordinals.

The scanner (:func:`scan`) finds every number *expression* in a text with its span,
so that callers (quantities, money, counts) can read the words around each one.
:func:`parse_number` is the strict front door: it only answers when the whole text
is one number (plus footnote marks, a qualifier, and a parenthesised year or remark).

Rules that keep wrong numbers out (no value beats a wrong one):

* grouping separators must group exactly three digits ("1,5" in English is no number);
* a number glued to a letter before it ("A320", "km2") is not a number;
* a year in parentheses after a number is its date, never more digits ("1,432 (2006)").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from infobox_tools.normalize._tables import LANG, alternation, reverse_index
from infobox_tools.record import Value

__all__ = ["PAREN_RE", "NumExpr", "clean", "parse_number", "scan", "style_of"]

# --- language styles --------------------------------------------------------------------

_STYLE: dict[str, str] = {
    lang: style for style, langs in LANG["number_style"].items() for lang in langs
}


def style_of(lang: str | None) -> str:
    """The digit-grouping style of ``lang``: comma (1,234.5), dot (1.234,5), space (1 234,5)."""
    if not lang:
        return "comma"
    return _STYLE.get(lang.lower().split("-")[0], "comma")


_THIN = "\u00a0\u202f\u2009\u2007'’"  # no-break/thin spaces; Swiss 130'594'339
_SIGN = r"(?P<sign>(?<![\w)\]])[-\u2212+](?=\d))?"
_PRE = r"(?<![^\W\d_])(?<!\d)(?<!\d[.,])(?<![°′″:/)])(?<![^\W\d_]-)"  # not glued to a letter or inside a number
_POST = r"(?!\d)(?![.,]\d)(?![A-Z]\d)"  # "2B050" is a code
_NUM_SRC = {
    "comma": rf"(?P<int>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d{{1,3}}(?:[{_THIN}]\d{{3}})+(?!\d)|\d+)"
             rf"(?:\.(?P<frac>\d+))?",
    "dot": rf"(?P<int>\d{{1,3}}(?:\.\d{{3}})+(?!\d)|\d{{1,3}}(?:[ {_THIN}]\d{{3}})+(?!\d)|\d+)"
           rf"(?:,(?P<frac>\d+)|\.(?P<frac2>\d{{1,2}}|\d{{4,}})(?!\d))?",
    "space": rf"(?P<int>\d{{1,3}}(?:[ {_THIN}]\d{{3}})+(?!\d)|\d{{1,3}}(?:\.\d{{3}})+(?!\d)|\d+)"
             rf"(?:,(?P<frac>\d+)|\.(?P<frac2>\d{{1,2}}|\d{{4,}})(?!\d))?",
}
_NUM_RE = {k: re.compile(_SIGN + _PRE + src + _POST) for k, src in _NUM_SRC.items()}
_DIGIT_RE = re.compile(r"\d")
_SPACE_GROUP_RE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,])")
_SUPERSCRIPT_RE = re.compile(r"(?<![^\W\d_])(?:km|m|mi|ft|cm|mm) $")

# --- cleaning ---------------------------------------------------------------------------

_FOOTNOTE_RE = re.compile(
    r"\[(?:\d{1,3}|[a-zA-Z]{1,2}|(?:note|nb|n|lower-alpha|citation needed|clarification needed|"
    r"change \| change source|edit|Anm\.|Nota)[^\]]{0,12})\]"
)
_WS_RE = re.compile(r"[ \t\r\f\v]+")
PAREN_RE = re.compile(r"\(([^()]*)\)")


def clean(text: str) -> str:
    """Drop footnote marks ("[12]", "[e]") and squeeze spaces (keeping no-break spaces)."""
    if "[" in text:
        text = _FOOTNOTE_RE.sub("", text)
    return _WS_RE.sub(" ", text).strip()


# --- words around numbers ---------------------------------------------------------------

_SCALE = {w.lower(): int(k) for k, ws in LANG["scale"].items() for w in ws}
_SCALE_SHORT = {w.lower(): int(k) for k, ws in LANG["scale_short"].items() for w in ws}
_SCALE_RE = re.compile(r"\s?(?P<w>" + alternation(_SCALE) + r")(?![^\W_])", re.IGNORECASE)
_SCALE_SHORT_RE = re.compile(r"(?P<w>" + alternation(_SCALE_SHORT) + r")(?![^\W_])", re.IGNORECASE)

_QBEFORE = reverse_index(LANG["qualifiers_before"])
_QAFTER = reverse_index(LANG["qualifiers_after"])
_QBEFORE_RE = re.compile(
    r"(?:^|(?<=[\s(\[:;,/]))(?P<q>" + alternation(_QBEFORE) + r")\s?$", re.IGNORECASE)
_QAFTER_RE = re.compile(r"\s?(?P<q>" + alternation(_QAFTER) + r")(?!\w)", re.IGNORECASE)

_RANGE_WORDS = alternation(LANG["words"]["range_words"])
_RANGE_GAP_RE = re.compile(
    r"\s*(?:[-\u2010\u2011\u2012\u2013\u2014\u2212~]|(?:" + _RANGE_WORDS + r")(?!\w))\s*$", re.IGNORECASE)
_RANGE_GAP_TIGHT = re.compile(r"-$")  # "700-2,000"
_AND_GAP_RE = re.compile(r"\s+(?:" + alternation(LANG["words"]["and_words"]) + r")\s+$", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"(?:^|(?<=\W))(?:" + alternation(LANG["words"]["between_words"]) + r")\s+$", re.IGNORECASE)

_ORDINAL_RE = re.compile(r"(?:st|nd|rd|th|e|er|ère|re|ème|eme|º|ª|\.º|\.ª)(?![^\W_])", re.IGNORECASE)
_PERCENT_RE = re.compile(r"\s?(?:%|per ?cent|pour ?cent|prozent|por cento|procent|prosent)(?!\w)",
                         re.IGNORECASE)
# A currency symbol right before the number (codes and words are read by quantities.py).
_CURSYM_RE = re.compile(
    r"(?P<neg>[-\u2212])?(?P<cur>US\$|U\.S\.\$|A\$|AU\$|C\$|CA\$|CAN\$|HK\$|NZ\$|S\$|MX\$|R\$|"
    r"\$US|JP¥|CN¥|US ?\$|[$€£¥₹₽₩₪₺₦]|USD|EUR|GBP|CHF|JPY|CNY|INR|NOK|SEK|DKK|RUB|BRL|AUD|CAD|Kz)"
    r"\s?$")


@dataclass
class NumExpr:
    """One number expression found in a text.

    ``start``/``end`` cover the whole expression (qualifier, currency symbol, number(s),
    scale word, percent sign); ``low``/``high`` are set for ranges, ``value`` otherwise.
    """

    start: int
    end: int
    value: int | float | None = None
    low: int | float | None = None
    high: int | float | None = None
    qualifier: str | None = None
    currency: str | None = None  # the symbol as written ("US$", "€")
    percent: bool = False
    ordinal: bool = False
    scaled: bool = False

    @property
    def is_range(self) -> bool:
        return self.low is not None


def _num(m: re.Match[str]) -> int | float:
    """The value of one matched digit token (grouping separators dropped)."""
    digits = re.sub(r"[^\d]", "", m.group("int"))
    frac = m.group("frac") or (m.groupdict().get("frac2") or "")
    sign = -1 if (m.group("sign") or "") in ("-", "\u2212") else 1
    if frac:
        return sign * float(f"{digits}.{frac}")
    return sign * int(digits)


def _scale(value: float, factor: int) -> int | float:
    """Multiply without float noise: 34.282 * 10**9 is 34282000000 (an int), computed in
    decimal from the written digits (``repr`` of a parsed float gives them back)."""
    if factor == 1:
        return value
    if isinstance(value, int):
        return value * factor
    scaled = Decimal(repr(value)) * factor
    return int(scaled) if scaled == scaled.to_integral_value() else float(scaled)


@dataclass
class _Tok:
    start: int
    end: int
    value: int | float
    scale: int = 1
    percent: bool = False
    ordinal: bool = False
    digits: str = ""  # the integer part as written ("45" in "1939–45")


def _tokens(text: str, style: str, money_hint: bool) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _NUM_RE[style].finditer(text):
        digits = m.group("int")
        tok = _Tok(m.start(), m.end(), _num(m), digits=digits)
        if len(digits) > 1 and digits[0] == "0" and not m.group("frac"):
            continue  # "007196", "02.03": identifiers and dates, never amounts
        if digits in ("2", "3") and _SUPERSCRIPT_RE.search(text, max(0, m.start() - 6), m.start()):
            continue  # "km 2", "m 3 /s": a superscript rendered as text, part of the unit
        pos = m.end()
        sm = _SCALE_RE.match(text, pos)
        if sm:
            tok.scale = _SCALE[sm.group("w").lower()]
            pos = sm.end()
        elif money_hint:
            sm = _SCALE_SHORT_RE.match(text, pos)
            if sm:
                tok.scale = _SCALE_SHORT[sm.group("w").lower()]
                pos = sm.end()
        if tok.scale == 1:
            pm = _PERCENT_RE.match(text, pos)
            if pm:
                tok.percent, pos = True, pm.end()
            elif isinstance(tok.value, int):
                om = _ORDINAL_RE.match(text, pos)
                if om:
                    tok.ordinal, pos = True, om.end()
        tok.end = pos
        toks.append(tok)
    return toks


def scan(text: str, lang: str = "en", *, money_hint: bool = False) -> list[NumExpr]:
    """Every number expression in ``text`` (already :func:`clean`-ed), left to right.

    ``money_hint`` lets short scale letters count ("$5m", "€2bn"); elsewhere "5 m" is metres.
    """
    if not _DIGIT_RE.search(text):
        return []
    style = style_of(lang)
    toks = _tokens(text, style, money_hint or "$" in text or "€" in text or "£" in text)
    if style == "comma" and " " in text:
        # "10 678 632 hab." on a comma-style page: one number or three? Neither, then.
        spans = [m.span() for m in _SPACE_GROUP_RE.finditer(text)]
        if spans:
            toks = [t for t in toks if not any(a <= t.start < b for a, b in spans)]
    exprs: list[NumExpr] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (t.start >= 2 and text[t.start - 1] == "-" and text[t.start - 2].isdigit()
                and not (exprs and exprs[-1].end >= t.start - 1)):
            i += 1  # "ISO-8859-2": the tail of a code whose head was no number
            continue
        expr = NumExpr(t.start, t.end, percent=t.percent, ordinal=t.ordinal)
        before = text[max(0, t.start - 40):t.start]
        # currency symbol (and a minus in front of it: "−US$270 million")
        cm = _CURSYM_RE.search(before)
        negative = False
        if cm:
            expr.currency = cm.group("cur").replace(" ", "")
            negative = bool(cm.group("neg"))
            expr.start = t.start - (len(before) - cm.start())
            before = before[:cm.start()]
        qm = _QBEFORE_RE.search(before)
        if qm:
            expr.qualifier = _QBEFORE[qm.group("q").lower()]
            expr.start -= len(before) - qm.start()
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        gap = text[t.end:nxt.start] if nxt else ""
        gap_cur = _CURSYM_RE.search(gap) if gap else None
        if gap_cur and expr.currency:  # "$1.5–$2 billion"
            gap = gap[:gap_cur.start()]
        between = None
        if nxt and _AND_GAP_RE.match(gap):
            between = _BETWEEN_RE.search(text, max(0, expr.start - 12), expr.start)
        if nxt and (not gap_cur or expr.currency) and (_RANGE_GAP_RE.match(gap) or between):
            if between:
                expr.start = between.start()
            hi_scale = nxt.scale
            lo_scale = t.scale if t.scale != 1 else hi_scale
            low, high = _scale(t.value, lo_scale), _scale(nxt.value, hi_scale)
            if low <= high and not (t.ordinal or nxt.ordinal):
                expr.low, expr.high = low, high
                expr.percent = t.percent or nxt.percent
                expr.scaled = hi_scale != 1
                expr.end = nxt.end
                i += 1
            elif t.scale == 1 and nxt.scale == 1 and _is_year_abbrev(t, nxt):
                expr.low, expr.high = t.value, _expand_year(t.value, nxt.value)
                expr.end = nxt.end
                i += 1
        elif nxt and gap == "-" and not _is_year_abbrev(t, nxt):
            # "39156-5", "2-3-1": a code or a score, not a number nor a range
            i += 2
            continue
        if expr.low is None:
            expr.value = _scale(t.value, t.scale)
            expr.scaled = t.scale != 1
        if negative:
            if expr.value is not None:
                expr.value = -expr.value
            else:
                expr.low, expr.high = -expr.high, -expr.low  # type: ignore[operator]
        am = _QAFTER_RE.match(text, expr.end)
        if am and expr.qualifier is None:
            q = am.group("q")
            # "+" after a number means "or more" only when nothing follows directly
            if q != "+" or not text[am.end():am.end() + 1].isdigit():
                expr.qualifier = _QAFTER[q.lower()]
                expr.end = am.end()
        exprs.append(expr)
        i += 1
    return exprs


def _is_year_abbrev(a: _Tok, b: _Tok) -> bool:
    """"1939–45": a four-digit year followed by a two-digit one."""
    return (isinstance(a.value, int) and isinstance(b.value, int) and 1000 <= a.value <= 2100
            and len(b.digits) == 2 and b.value > a.value % 100)


def _expand_year(a: float, b: float) -> int:
    century = int(a) // 100 * 100
    return century + int(b) if century + int(b) >= a else century + 100 + int(b)


# --- parse_number -------------------------------------------------------------------------

_YEAR_IN_PAREN_RE = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")
_RESIDUE_RE = re.compile(r"[\s.,;:·•\-–—]+")
EST_RE = re.compile(r"\b(?:est\.|estimated?|estimation|estimativa|geschätzt|Schätzung)(?!\w)", re.I)


def paren_date(inner: str) -> str | None:
    """The one year named in a parenthesised remark ("2006 Census", "Civil Ward, 2011")."""
    years = _YEAR_IN_PAREN_RE.findall(inner)
    return years[0] if len(years) == 1 else None


def expr_value(expr: NumExpr, text: str, kind: str | None = None) -> Value:
    """A number/range :class:`Value` for ``expr`` (no unit words read); ``kind`` overrides
    number/range for the quantity parsers, which add units and categories after."""
    v = Value(kind=kind or ("range" if expr.is_range else "number"), text=text, qualifier=expr.qualifier)
    if expr.is_range:
        v.low, v.high = expr.low, expr.high
    else:
        v.number = expr.value
    if expr.percent:
        v.unit = "%"
    if expr.ordinal:
        v.note = "ordinal"
    return v


def attach_parens(v: Value, parens: list[str], *, lang: str = "en",
                  parts: Callable[[str], list[Value]] | None = None) -> None:
    """Read parenthesised remarks after a value: "(2016 est.)" marks it estimated, a lone
    year is its date, the rest a note; with ``parts``, a remark holding numbers is also read
    into sub-values ("(including 10,000 reservists)")."""
    notes: list[str] = []
    for inner in parens:
        inner = inner.strip()
        if not inner:
            continue
        year = paren_date(inner)
        if v.qualifier is None and EST_RE.search(inner):
            v.qualifier = "estimated"  # "(2016 est.)"
        exprs = scan(clean(inner), lang) if parts is not None else []
        if year and v.date is None and len(exprs) <= 1:
            v.date, v.precision = year, "year"
            if inner.strip(" .") != year:
                notes.append(inner)
            continue
        if parts is not None and exprs and not all(e.ordinal for e in exprs):
            v.parts.extend(parts(inner))
        notes.append(inner)
    if notes:
        v.note = "; ".join(([v.note] if v.note else []) + notes)


def parse_number(text: str, lang: str = "en") -> Value | None:
    """The text as one number or range, or ``None`` when it is anything more.

    "16,814" (en) and "16.814" (de) -> 16814; "c. 5 720" (fr) -> 5720 approximate;
    "700–2,000" -> range; "45%" -> 45 unit "%"; "3rd" -> 3 (note "ordinal");
    "1,432 (2006 Census)" -> 1432 with date "2006".
    """
    if not text or not _DIGIT_RE.search(text):
        return None
    t = clean(text)
    parens = PAREN_RE.findall(t)
    outer = PAREN_RE.sub(" ", t).strip()
    exprs = scan(outer, lang)
    if len(exprs) != 1:
        return None
    e = exprs[0]
    if e.currency:
        return None
    residue = _RESIDUE_RE.sub("", outer[:e.start] + outer[e.end:])
    if residue:
        return None
    v = expr_value(e, t)
    attach_parens(v, parens)
    return v
