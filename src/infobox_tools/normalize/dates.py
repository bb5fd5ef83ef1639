"""Dates and date ranges as infoboxes write them, in many languages.

Output conventions (what ``Value.date``/``start``/``end`` hold):

* ISO 8601 at the precision given: ``"1959"`` (year), ``"1959-06"`` (month),
  ``"1959-06-07"`` (day); ``precision`` says which.
* Years are zero-padded to four digits ("28 June 548" -> ``"0548-06-28"``; "AD 79" ->
  ``"0079"``); a two-digit year is never widened to a century ("AD 79" is not 1979).
* Years before Christ use the *astronomical* numbering of ISO 8601 (1 BC = year 0):
  "44 BC" -> ``"-0043"``.  The text keeps what was written.
* No calendar conversion: "10 February [O.S. 30 January] 1725" keeps the New Style
  date, sets ``calendar="gregorian"`` and notes the Old Style one; a date marked only
  "(O.S.)" gets ``calendar="julian"``.
* "2001–present" is a daterange with ``end=None`` and ``note="present"``.

Month names come from ``lang.toml`` for every language at once (infoboxes quote
foreign dates), so ``lang`` only matters for digit grouping elsewhere.  Matching is
done by one compiled alternation of date "atoms" (full dates and the compact range
forms "11–25 August 1945"), then atoms joined by a dash or "to" become ranges.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass

from infobox_tools.normalize._tables import LANG, alternation

__all__ = ["DateHit", "find_dates", "parse_date"]

from infobox_tools.record import Value

_MONTH: dict[str, int] = {}
for _num, _words in LANG["months"].items():
    for _w in _words:
        _MONTH.setdefault(_w.lower(), int(_num))
_MON = r"(?<![^\W\d_])(?:" + alternation(_MONTH) + r")\.?(?![^\W\d_])"
_BC = LANG["era"]["bc"]
_AD = LANG["era"]["ad"]
_ERA_WORDS = {w.lower(): "bc" for w in _BC} | {w.lower(): "ad" for w in _AD}
_ERA = r"(?:" + alternation(_ERA_WORDS) + r")(?![^\W\d_])"
_PRESENT = r"(?<![^\W\d_])(?:" + alternation(LANG["words"]["present"]) + r")(?![^\W\d_])"
_D = r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|º|°|\.)?(?!\d)"
_Y = r"(?<![\d.,])\d{1,4}(?!\d)"
_DASH = (r"(?:\s*[-\u2010-\u2015\u2212]\s*|\s+(?:to|until|till|through|au|bis|à|a|até|ao|tot|til|"
         r"do|og|and|et|und|e|y)\s+)")
_OF = r"(?:\s*,?\s*|\s+(?:de|of|del)\s+)"


def _g(name: str, pat: str) -> str:
    return f"(?P<{name}>{pat})"


def _yr(p: str) -> str:
    """A year with an optional era before or after it (groups ``{p}epre``, ``{p}y``, ``{p}epost``)."""
    return rf"(?:{_g(p + 'epre', _ERA)}\s*)?{_g(p + 'y', _Y)}(?:\s*{_g(p + 'epost', _ERA)})?"


def _initials(words: Iterable[str]) -> str:
    """A character class of the first characters of ``words``."""
    return "[" + "".join(sorted({re.escape(w[0]) for w in words})) + "]"


if not all(re.fullmatch(r"[^\W\d_]+", w) for w in _MONTH) or _MONTH.keys() & {"st", "nd", "rd", "th", "er"}:
    raise ValueError("lang.toml: month names must be letters only, and no day suffix (see _ATOM_RE)")

# The date "atoms", each a named group ("dmy"; its inner groups prefixed: "dmy_d").
#
# Atoms that start alike share that start, and atoms that end alike share the year at
# their end.  Written out in full, the month-name alternation (~190 words) appeared 12
# times and the era words 18 times, and compiling that 23 KB pattern cost ~35 ms of
# every run's start-up; shared, each appears 6 times (12 KB, ~18 ms).  The matches are
# those of one alternation of the full atoms, tried in this order (iso and r_y_yy, once
# tried between r_dm_dm_y and dmy, now come after dmy: they need four digits where a day
# has one or two, so they never match where a day-led atom does):
#
#   day-led:   r_dd_m_y "11–25 August 1945", r_dm_dm_y "11 August – 2 September 1945",
#              dmy "11 August 1945";
#   month-led: r_m_dd_y "August 11–25, 1945", r_md_md_y "August 11 – September 2, 1945",
#              r_m_m_y "August–September 1945", mdy "August 11, 1945", my "August 1945".
#
# Why sharing keeps the matches: a shared *end* is tried in the same order either way;
# a shared *start* keeps the order as long as it can match in only one way that the
# rest can continue -- true here: a month name is a whole word, and its optional dot is
# left over only where nothing that follows can start with "."; a day's optional suffix
# ("1st") is left over only where a month word starting with it follows ("1studeni"),
# and then with the suffix taken nothing can follow (the check above keeps it so);
# the words and separators between them ("de", spaces, a comma) can only be read one way
# before a month name or a year.  tests/test_dates.py compares with the unshared form.
_DAY_LED = _g("dl", (
    _g("dl_d", _D) + "(?:"
    + _g("r_dd_m_y", _DASH + _g("r_dd_m_y_d2", _D) + _OF + _g("r_dd_m_y_m", _MON))
    + "|" + _OF + _g("dl_m", _MON) + "(?:"
    + _g("r_dm_dm_y", _DASH + _g("r_dm_dm_y_d2", _D) + _OF + _g("r_dm_dm_y_m2", _MON))
    + "|" + _g("dmy", "") + "))" + _OF + _yr("dl_")))
_MONTH_LED = _g("ml", (
    _g("ml_m", _MON) + "(?:"
    + _g("r_m_dd_y", rf"\s*{_g('r_m_dd_y_d1', _D)}{_DASH}{_g('r_m_dd_y_d2', _D)},?\s*")
    + "|" + _g("r_md_md_y", (rf"\s*{_g('r_md_md_y_d1', _D)}{_DASH}{_g('r_md_md_y_m2', _MON)}"
                             rf"\s*{_g('r_md_md_y_d2', _D)},?\s*"))
    + "|" + _g("r_m_m_y", _DASH + _g("r_m_m_y_m2", _MON) + _OF)
    + "|" + _g("mdy", rf"\s*{_g('mdy_d', _D)}(?:,\s*|\s+)")
    + "|" + _g("my", _OF)
    + ")" + _yr("ml_")))
_DAY_ATOMS = ("r_dd_m_y", "r_dm_dm_y", "dmy")
_MONTH_ATOMS = ("r_m_dd_y", "r_md_md_y", "r_m_m_y", "mdy", "my")
_ISO = r"(?<![\d.])(?P<iso_y>-?\d{4})-(?P<iso_mn>0[1-9]|1[0-2])(?:-(?P<iso_d>0[1-9]|[12]\d|3[01]))?(?!\d)"
# "1939–45" (after iso: "2001-02" with a hyphen is February 2001)
_R_Y_YY = r"(?<![\d.,/:\w])(?P<r_y_yy_y>1\d{3}|20\d{2})[-\u2013](?P<r_y_yy_yy>\d{2})(?![\d\w-])"
_NUM = (r"(?<![\d.])(?P<num_d>0?[1-9]|[12]\d|3[01])\.\s?(?P<num_mn>0?[1-9]|1[0-2])\.\s?"
        r"(?P<num_y>\d{4})(?!\d)")
_YERA = rf"{_g('yera_epre', _ERA)}\s*{_g('yera_y', _Y)}|{_g('yera_y2', _Y)}\s*{_g('yera_epost', _ERA)}"
_YEAR = r"(?<![\d.,/:\w])(?<![^\W\d_]-)(?P<year_y>1\d{3}|20\d{2})(?![\d\w]|[.,:/]\d)"

# The atoms grouped by what they start with, each group behind a look-ahead that all its
# atoms require anyway: digits (or the minus of an ISO year), a month name, a year or an
# era word, a "present" word.  Why: ``re`` enters every branch at every position of the
# text, and 14 atoms made each character of a date field cost ~14 failed attempts.  No
# month name starts with a digit or a minus, so the digit-led atoms, tried before the
# month-led ones, never match at the same position as them.
_ATOM_RE = re.compile(
    r"(?=[\d-])(?:" + _DAY_LED + "|" + _g("iso", _ISO) + "|" + _g("r_y_yy", _R_Y_YY) + "|" + _g("num", _NUM) + ")"
    r"|" + _MONTH_LED
    + r"|(?=\d|" + _initials(_ERA_WORDS) + ")" + _g("yera", _YERA)
    + r"|(?=\d)" + _g("year", _YEAR)
    + r"|(?=" + _initials(LANG["words"]["present"]) + ")" + _g("present", _PRESENT),
    re.IGNORECASE)

_RANGE_GAP_RE = re.compile(
    r"\s*(?:[-\u2010-\u2015\u2212]|/|to|until|till|through|bis|au|à|até|a|tot|til|do|–)\s*$", re.IGNORECASE)
_FROM_RE = re.compile(r"^(?:from|du|vom|von|de|desde|fra|van|od|frå)\s+", re.IGNORECASE)
_QUAL_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?P<q>c\.|ca\.?|circa|cca\.?|about|around|approx\.?|approximately|vers|um|"
    r"environ|cerca de|omkring|oko|~|before|avant|vor|antes de|after|après|nach|depois de|"
    r"early|late|mid|mid-|début|fin|anfang|ende|by)\s*$", re.IGNORECASE)
_QUAL_NAME = {"before": "before", "avant": "before", "vor": "before", "antes de": "before",
              "after": "after", "après": "after", "nach": "after", "depois de": "after",
              "by": "before", "early": "early", "début": "early", "anfang": "early",
              "late": "late", "fin": "late", "ende": "late", "mid": "mid", "mid-": "mid"}
_OS_RE = re.compile(r"[\[(]\s*(?P<os>O\.\s?S\.|N\.\s?S\.)\s*(?P<rest>[^\])]*)[\])]")
_PAREN_RE = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_FOOT_RE = re.compile(r"\[(?:\d{1,3}|[a-zA-Z]{1,2}|note \d+|citation needed)\]")
# a word for "year" after a date ("1945 г.", "1945. godine", "år 1945")
_YEAR_WORD_RE = re.compile(r"^\s*(?:г\.?|год(?:а|ина)?\.?|godine\.?|godina\.?|r\.)\s*$", re.I)
_RESIDUE_RE = re.compile(r"[\s.,;:·\-–—/]+")
# a time of day after a date ("July 16, 1969, 13:32:00", "…, 9:30 a.m. EST", ISO "T13:32Z"):
# the date stands, the time is not part of it (Value holds no time).  Only at the very end.
_TIME_RE = re.compile(
    r"^(?:\s*,?\s*(?:at\s+)?|T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
    r"(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:Z|(?:UTC|GMT)(?:\s*[+\-−]\s*\d{1,2}(?::?\d{2})?)?|"
    r"[+\-−]\d{2}(?::?\d{2})?|(?-i:[A-Z]{2,4}T)))?(?=[\s.]*$)",
    re.IGNORECASE)
_DIGIT_OR_MONTH = re.compile(r"\d|" + _PRESENT, re.IGNORECASE)


@dataclass
class _Point:
    y: int | None
    m: int | None = None
    d: int | None = None

    def iso(self) -> str | None:
        if self.y is None:
            return None
        ys = f"-{abs(self.y):04d}" if self.y < 0 else f"{self.y:04d}"
        if self.m is None:
            return ys
        if self.d is None:
            return f"{ys}-{self.m:02d}"
        return f"{ys}-{self.m:02d}-{self.d:02d}"

    @property
    def precision(self) -> str:
        return "day" if self.d else "month" if self.m else "year"

    def valid(self) -> bool:
        if self.m is not None and not 1 <= self.m <= 12:
            return False
        if self.d is not None:
            top = calendar.monthrange(self.y, self.m)[1] if self.y and self.y > 0 and self.m else 31
            return 1 <= self.d <= top
        return True


@dataclass
class DateHit:
    """One date or range found in a text: its span and the parsed ends."""

    start: int
    end: int
    first: _Point | None
    last: _Point | None = None
    is_range: bool = False
    present: bool = False


def _int(s: str | None) -> int | None:
    if not s:
        return None
    s = s.rstrip(".º°stndrhe").strip()
    return int(s) if s.isdigit() else None


def _mon(s: str | None) -> int | None:
    return _MONTH.get(s.lower().rstrip(".")) if s else None


def _year(gd: dict[str, str | None], p: str, suffix: str = "") -> int | None:
    raw = gd.get(f"{p}_y{suffix}") or gd.get(f"{p}_y2{suffix}")
    if raw is None:
        return None
    y = int(raw)
    era = gd.get(f"{p}_epre{suffix}") or gd.get(f"{p}_epost{suffix}")
    if era and _ERA_WORDS.get(era.lower()) == "bc":
        return 1 - y
    if y == 0:
        return None
    return y


def _day_month(family: str, gd: dict[str, str | None]) -> tuple[str, tuple[str | None, ...]]:
    """The atom a day-led (``dl``) or month-led (``ml``) match is, with its (first day,
    first month, last day, last month) as written (``None`` where the atom has none)."""
    if family == "dl":
        n = next(a for a in _DAY_ATOMS if gd[a] is not None)
        d1 = gd["dl_d"]
        if n == "r_dd_m_y":
            return n, (d1, gd["r_dd_m_y_m"], gd["r_dd_m_y_d2"], gd["r_dd_m_y_m"])
        if n == "r_dm_dm_y":
            return n, (d1, gd["dl_m"], gd["r_dm_dm_y_d2"], gd["r_dm_dm_y_m2"])
        return n, (d1, gd["dl_m"], None, None)
    n = next(a for a in _MONTH_ATOMS if gd[a] is not None)
    m1 = gd["ml_m"]
    if n == "r_m_dd_y":
        return n, (gd["r_m_dd_y_d1"], m1, gd["r_m_dd_y_d2"], m1)
    if n == "r_md_md_y":
        return n, (gd["r_md_md_y_d1"], m1, gd["r_md_md_y_d2"], gd["r_md_md_y_m2"])
    if n == "r_m_m_y":
        return n, (None, m1, None, gd["r_m_m_y_m2"])
    return n, (gd["mdy_d"] if n == "mdy" else None, m1, None, None)


def _hit(m: re.Match[str]) -> DateHit | None:
    n = m.lastgroup or ""
    gd = m.groupdict()
    if n == "present":
        return DateHit(m.start(), m.end(), None, present=True)
    y = _year(gd, n)
    if n in ("dl", "ml"):
        n, (d1, m1, d2, m2) = _day_month(n, gd)
        if n.startswith("r_"):  # the compact ranges
            a, b = _Point(y, _mon(m1), _int(d1)), _Point(y, _mon(m2), _int(d2))
            if a.y is None or not (a.valid() and b.valid()):
                return None
            return DateHit(m.start(), m.end(), a, b, is_range=True)
        p = _Point(y, _mon(m1), _int(d1))
    elif n == "r_y_yy":  # "1939–45"
        assert y is not None
        century = y // 100 * 100
        end = century + int(gd["r_y_yy_yy"])
        if end <= y:
            return None
        return DateHit(m.start(), m.end(), _Point(y), _Point(end), is_range=True)
    elif n in ("iso", "num"):
        p = _Point(y, int(gd[f"{n}_mn"]), _int(gd.get(f"{n}_d")))
    else:
        p = _Point(y)
    if p.y is None or not p.valid():
        return None
    return DateHit(m.start(), m.end(), p)


def find_dates(text: str) -> list[DateHit]:
    """Every date, compact range and "present" in ``text``; neighbours joined by a dash
    or "to" are merged into one range hit."""
    if not _DIGIT_OR_MONTH.search(text):
        return []
    hits = [h for h in (_hit(m) for m in _ATOM_RE.finditer(text)) if h is not None]
    out: list[DateHit] = []
    for h in hits:
        prev = out[-1] if out else None
        if (prev is not None and not prev.is_range and not prev.present and prev.first is not None
                and not h.is_range and _RANGE_GAP_RE.match(text[prev.end:h.start])):
            out[-1] = DateHit(prev.start, h.end, prev.first, h.first, is_range=True, present=h.present)
            continue
        if h.present:
            continue  # "present" on its own is no date
        out.append(h)
    return out


def hit_value(h: DateHit, text: str, qualifier: str | None = None) -> Value:
    """A date/daterange :class:`Value` for a hit."""
    if h.is_range:
        assert h.first is not None
        end = h.last.iso() if h.last else None
        v = Value(kind="daterange", text=text, start=h.first.iso(), end=end,
                  precision=h.first.precision, qualifier=qualifier)
        if h.present:
            v.note = "present"
        return v
    assert h.first is not None
    return Value(kind="date", text=text, date=h.first.iso(), precision=h.first.precision,
                 qualifier=qualifier)


def _strip_notes(text: str) -> tuple[str, list[str], str | None]:
    """Take out Old Style marks and parenthesised remarks: (core text, notes, calendar)."""
    notes: list[str] = []
    cal: str | None = None
    for m in _OS_RE.finditer(text):
        rest = m.group("rest").strip()
        style = m.group("os").replace(" ", "")
        if rest:
            notes.append(f"{style} {rest}")
            cal = "gregorian" if style == "O.S." else "julian"
        else:
            cal = "julian" if style == "O.S." else "gregorian"
    core = _OS_RE.sub(" ", text)
    for m in _PAREN_RE.finditer(core):
        inner = (m.group(1) or m.group(2) or "").strip()
        if inner:
            notes.append(inner)
    core = _PAREN_RE.sub(" ", core)
    return " ".join(core.split()), notes, cal


def parse_date(text: str, lang: str = "en") -> Value | None:
    """The text as one date or date range, or ``None`` when it holds anything else.

    Parenthesised remarks ("(aged 48)") become the note; "c."/"before"/"after" the
    qualifier.  See the module docstring for the ISO conventions.
    """
    if not text or not _DIGIT_OR_MONTH.search(text):
        return None
    t = _FOOT_RE.sub("", text).strip()
    core, notes, cal = _strip_notes(t)
    core = _FROM_RE.sub("", core)
    hits = find_dates(core)
    if len(hits) != 1:
        return None
    h = hits[0]
    before, after = core[:h.start], core[h.end:]
    qualifier = None
    qm = _QUAL_RE.search(before)
    if qm:
        q = qm.group("q").lower()
        qualifier = _QUAL_NAME.get(q, "approximate")
        before = before[:qm.start()]
    after = _YEAR_WORD_RE.sub("", after)
    if ":" in after and not h.is_range and h.first is not None and h.first.d is not None:
        after = _TIME_RE.sub("", after)  # a time only follows a full date
    if _RESIDUE_RE.sub("", before) or _RESIDUE_RE.sub("", after):
        return None
    v = hit_value(h, t, qualifier)
    if notes:
        v.note = "; ".join(([v.note] if v.note else []) + notes)
    v.calendar = cal
    return v
