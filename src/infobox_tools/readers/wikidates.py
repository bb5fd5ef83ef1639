"""Dates, numbers and quantities as infobox templates write them, and their renderers.

Why a module of its own: the parsing here works on plain text (the rendered
arguments), not on wikicode, and is shared by many renderers (``{{start date}}``,
``{{convert}}``, currencies); kept apart it can be tested and tuned alone, and
the renderer table (:mod:`wikirenderers`) stays a table.

* :func:`parse_date_text` reads one written-out date ("7 June 1959",
  "June 7, 1959", "1959-06-07", "June 1959", "1959", with month names of the
  corpus languages) into a :class:`Date` that knows its ISO form and precision.
* :func:`to_number` / :func:`scaled` read plain numbers ("1,200", "5 million").
* The date and quantity renderers (``{{start date}}``, ``{{convert}}``,
  ``{{coord}}``, ``{{height}}``, currencies) take the template and its already
  rendered :class:`Args`, so this module needs no renderer table (no import
  cycle); :mod:`wikirenderers` binds them.

This overlaps :func:`infobox_tools.normalize.dates.parse_date`, which finds dates
in free text (qualifiers, ranges, notes); this module reads only the fixed slots
of date templates, where the template says which part is which.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from infobox_tools.readers.wikinames import CONVERT_RANGES, CURRENCIES, FOREIGN_MONTHS, HEIGHT_UNITS, SMALLER_UNITS
from infobox_tools.readers.wikiwalk import Args, Rendered, TemplateNode, collapse, fold_name
from infobox_tools.record import Value

#: A renderer that is given the template's rendered arguments.
ArgsRenderer = Callable[[TemplateNode, Args], Rendered]

MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
#: English month names and abbreviations, then those of the other corpus languages (parsing only).
MONTHS: dict[str, int] = {m.lower()[:k]: i for i, m in enumerate(MONTH_NAMES) if m for k in (3, None)}
MONTHS["sept"] = 9
for _i, _names in enumerate(FOREIGN_MONTHS, start=1):
    MONTHS.update({_m: _i for _m in _names.split() if _m not in MONTHS})

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO_RE = re.compile(r"^(-?\d{1,4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$")
_DMY_RE = re.compile(rf"^(\d{{1,2}})\s+({_MONTH_ALT})\.?,?\s+(\d{{1,4}})$", re.IGNORECASE)
_MDY_RE = re.compile(rf"^({_MONTH_ALT})\.?\s+(\d{{1,2}}),?\s+(\d{{1,4}})$", re.IGNORECASE)
_MY_RE = re.compile(rf"^({_MONTH_ALT})\.?,?\s+(\d{{1,4}})$", re.IGNORECASE)
_Y_RE = re.compile(r"^(\d{1,4})$")
_TIME_RE = re.compile(r"(?:[,\s]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|GMT|[ap]\.?m\.?))?.*$)|"
                      r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|GMT|[ap]\.?m\.?))?[,\s]+", re.IGNORECASE)
_TRUE = frozenset({"y", "yes", "1", "true", "on"})


@dataclass
class Date:
    """A date at year, month or day precision (years may be negative: BCE)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        out = f"{self.year:05d}" if self.year < 0 else f"{self.year:04d}"  # -0043, as normalize.dates
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def show(self, dmy: bool) -> str:
        if not self.month:
            return str(self.year)
        month = MONTH_NAMES[self.month]
        if not self.day:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}" if dmy else f"{month} {self.day}, {self.year}"

    def value(self, dmy: bool) -> Value:
        return Value(kind="date", text=self.show(dmy), date=self.iso, precision=self.precision)


def _month(s: str) -> int | None:
    s = s.strip().rstrip(".").lower()
    if s.isdecimal():
        m = int(s)
        return m if 1 <= m <= 12 else None
    return MONTHS.get(s)


def make_date(y: str, m: str = "", d: str = "") -> Date | None:
    y = y.strip()
    if not re.fullmatch(r"-?\d{1,4}", y):
        return None
    date = Date(int(y))
    if m.strip():
        date.month = _month(m)
        if date.month is None:
            return None
        if d.strip().isdecimal() and 1 <= int(d) <= 31:
            date.day = int(d)
    return date


def parse_date_text(text: str) -> Date | None:
    """A date written out ("7 June 1959", "June 7, 1959", "1959-06-07", "June 1959", "1959")."""
    s = _TIME_RE.sub("", collapse(text)).strip(" ,")
    s = re.sub(r"^(\d{1,2})\.\s", r"\1 ", s)  # "18. september 1972"
    if m := _ISO_RE.match(s):
        return make_date(m.group(1), m.group(2), m.group(3) or "")
    if m := _DMY_RE.match(s):
        return make_date(m.group(3), m.group(2), m.group(1))
    if m := _MDY_RE.match(s):
        return make_date(m.group(3), m.group(1), m.group(2))
    if m := _MY_RE.match(s):
        return make_date(m.group(2), m.group(1))
    if m := _Y_RE.match(s):
        return make_date(m.group(1))
    return None


def date_at(texts: list[str], start: int) -> Date | None:
    """The date in positional slots ``start..start+2`` (y, m, d), or written out in one slot."""
    parts = [x.strip() for x in texts[start:start + 3]]
    if not parts or not parts[0]:
        return None
    if re.fullmatch(r"-?\d{1,4}", parts[0]):
        parts += ["", ""]
        return make_date(parts[0], parts[1], parts[2])
    return parse_date_text(parts[0])


def _dmy(a: Args) -> bool:
    """Day-month-year display when ``df=y`` (the default is month-day-year)."""
    return a.n("df").lower() in _TRUE


def _age(born: Date, at: Date) -> int:
    years = at.year - born.year
    if born.month and at.month and (at.month, at.day or 0) < (born.month, born.day or 0):
        years -= 1
    return years


def date_renderer(at: int = 0, *, died: bool = False) -> ArgsRenderer:
    """``{{start date|y|m|d}}`` and kin; ``died``: ``{{death date and age|y|m|d|y|m|d}}``."""
    def render(t: TemplateNode, a: Args) -> Rendered:
        texts = a.texts
        date = date_at(texts, at)
        if date is None:
            text = " ".join(x for x in texts if x)
            return Rendered(text, [], a.warnings + [f"date not understood in {{{{{collapse(str(t.name))}}}}}"])
        value = date.value(_dmy(a))
        if len(texts) > at and not re.fullmatch(r"-?\d{1,4}", texts[at].strip()):
            value.text = collapse(texts[at])  # a written-out date shows as written
        if died:
            born = date_at(texts, 3)
            if born is not None:
                age = _age(born, date)
                value.note = f"aged {age}"
                value.text += f" (aged {age})"
        return Rendered(value.text, [value], a.warnings)
    return render


def shown_date(t: TemplateNode, a: Args) -> Rendered:
    """``{{birth-date|1959-06-07|7th June 1959}}``: a sortable date, then the text shown."""
    date = date_at([a.p(0)], 0) or parse_date_text(a.p(1))
    shown = a.p(1) or a.p(0)
    if date is None:
        return Rendered(shown, [], a.warnings + [f"date not understood in {{{{{collapse(str(t.name))}}}}}"])
    value = date.value(False)
    value.text = shown
    if shown.startswith(("c.", "ca.", "circa")):
        value.qualifier = "approximate"
    return Rendered(shown, [value], a.warnings)


def year_age(died: bool) -> ArgsRenderer:
    """``{{birth year and age|1959}}`` (year only); ``{{death year and age|2001|1920}}``."""
    def render(t: TemplateNode, a: Args) -> Rendered:
        date = make_date(a.p(0), a.p(1) if not died else "")
        if date is None:
            return Rendered(a.p(0), [], a.warnings + ["date not understood"])
        value = date.value(False)
        if died and (born := make_date(a.p(1))) is not None:
            age = date.year - born.year
            value.note = f"aged {age - 1}–{age}"
            value.text += f" (aged {age - 1}–{age})"
        return Rendered(value.text, [value], a.warnings)
    return render


def dmy_args(t: TemplateNode, a: Args) -> Rendered:
    """``{{Datum|25|08|2017}}`` (de), ``{{date de naissance|12|mars|1990}}`` (fr): day first."""
    texts = [x for x in a.texts[:3]]
    shown = collapse(" ".join(texts))
    date = make_date(*(texts[::-1] + ["", ""])[:3]) if len(texts) == 3 else parse_date_text(shown)
    if date is None:
        return Rendered(shown, [], a.warnings + [f"date not understood in {{{{{collapse(str(t.name))}}}}}"])
    if fold_name(str(t.name)) == "datum":
        shown = ".".join(x.strip() for x in texts)  # as written: 25.08.2017
    value = date.value(True)
    value.text = shown
    return Rendered(shown, [value], a.warnings)


def dts(t: TemplateNode, a: Args) -> Rendered:
    """``{{dts|1959|6|7}}``: a sortable date shown as a date."""
    texts = [x for x in a.texts]
    date = date_at(texts, 0)
    if date is None:
        return Rendered(" ".join(texts), [], a.warnings + ["date not understood in {{dts}}"])
    value = date.value(a.n("format") == "dmy" or a.n("df").lower() in _TRUE)
    return Rendered(value.text, [value], a.warnings)


_START_DATE = date_renderer()
_DAY_RE = re.compile(r"^(?:0?[1-9]|[12]\d|3[01]|1er)?$")


def as_of(t: TemplateNode, a: Args) -> Rendered:
    """``{{As of|2010|5|3}}`` -> "As of 3 May 2010" (``df=US``: "May 3, 2010"; ``alt=``, ``lc=y``)."""
    if a.n("alt").strip():
        return Rendered(a.n("alt").strip(), [], a.warnings, a.named["alt"].links)
    date = make_date(a.p(0), a.p(1), a.p(2))
    shown = date.show(a.n("df").lower() != "us") if date is not None else a.p(0)
    head = "as of" if a.n("lc").lower() in _TRUE else "As of"
    return Rendered(f"{head} {shown}".strip(), [], a.warnings)


def frac(t: TemplateNode, a: Args) -> Rendered:
    """``{{frac|3|2}}`` -> "3/2", ``{{frac|3}}`` -> "1/3", ``{{frac|1|3|4}}`` -> "1 3/4"."""
    p = [x.strip() for x in a.texts]
    if len(p) >= 3:
        text = f"{p[0]} {p[1]}/{p[2]}" if p[0] else f"{p[1]}/{p[2]}"
    elif len(p) == 2:
        text = f"{p[0]}/{p[1]}"
    else:
        text = f"1/{p[0]}" if p and p[0] else ""
    return Rendered(text, [], a.warnings)


def date_template(t: TemplateNode, a: Args) -> Rendered:
    """``{{Date|21|mai|1730}}`` (frwiki: day, month name, year) -> a date; ``{{Date|14|juillet}}`` shows
    as written (no year: no date value); otherwise (enwiki ``{{date|2006-01-15|mdy}}``) the first
    argument is a written-out date, the second a display format."""
    texts = [x.strip() for x in a.texts]
    if len(texts) >= 2 and _DAY_RE.match(texts[0]) and _month(texts[1]) is not None:
        if len(texts) < 3 or not texts[2]:
            return Rendered(collapse(" ".join(texts[:2])), [], a.warnings)
        r = dmy_args(t, Args([Rendered(texts[0].removesuffix("er")), *a.pos[1:3]], a.named))
        if texts[0] == "1er" and r.values:  # "1er janvier 2000" (premier) shows as written
            r.text = r.values[0].text = "1er" + r.text[1:]
        return r
    return _START_DATE(t, Args(a.pos[:1], a.named))


# ------------------------------------------------------------------------ numbers

_SCALE = {"thousand": 1e3, "million": 1e6, "mil": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12}
_NUM_RE = re.compile(r"^[-−–]?\d[\d,]*(?:\.\d+)?$|^[-−–]?\.\d+$")
_MONEY_RE = re.compile(r"^([-−]?\d[\d,]*(?:\.\d+)?)\s*(thousand|million|mil|billion|bn|trillion|m|b)?\.?$",
                       re.IGNORECASE)


def to_number(text: str) -> int | float | None:
    """"1,200" -> 1200, "31.2" -> 31.2, "−5" -> -5; ``None`` when not a plain number."""
    s = text.strip().replace("\u2212", "-").replace("–", "-")
    if not _NUM_RE.match(s):
        return None
    s = s.replace(",", "")
    try:
        return int(s) if re.fullmatch(r"-?\d+", s) else float(s)
    except ValueError:
        return None


def scaled(text: str) -> int | float | None:
    """"5 million" -> 5000000, "1.2 bn" -> 1200000000."""
    m = _MONEY_RE.match(collapse(text))
    if not m:
        return None
    n = to_number(m.group(1))
    if n is None:
        return None
    if m.group(2):
        n = n * _SCALE[m.group(2).lower()]
        n = int(n) if float(n).is_integer() else n
    return n


# ---------------------------------------------------------------------- quantities

def convert(t: TemplateNode, a: Args) -> Rendered:
    """``{{convert|31.2|km2}}`` -> "31.2 km2"; ranges (``2|-|3|km``, ``|to|``); ``5|ft|10|in``."""
    texts = [x.strip() for x in a.texts]
    first = to_number(texts[0]) if texts else None
    if first is None:
        return Rendered(" ".join(x for x in texts[:2] if x), [], a.warnings + ["convert: no number"])
    value = Value(kind="quantity")
    i = 1
    shown = texts[0]
    if len(texts) > 3 and texts[1].lower() in CONVERT_RANGES and to_number(texts[2]) is not None:
        value.low, value.high = first, to_number(texts[2])
        shown = f"{texts[0]}{CONVERT_RANGES[texts[1].lower()]}{texts[2]}"
        i = 3
    else:
        value.number = first
    unit = texts[i] if i < len(texts) else ""
    value.unit = unit or None
    shown = f"{shown} {unit}".strip()
    # mixed units: {{convert|5|ft|10|in|…}}
    if i + 2 < len(texts) + 1 and i + 2 <= len(texts) - 1 and to_number(texts[i + 1]) is not None \
            and texts[i + 2] and not texts[i + 2][0].isdigit() and texts[i + 2].lower() in SMALLER_UNITS:
        shown += f" {texts[i + 1]} {texts[i + 2]}"
        value.parts = [Value(kind="quantity", text=f"{texts[i + 1]} {texts[i + 2]}",
                             number=to_number(texts[i + 1]), unit=texts[i + 2])]
    value.text = shown
    return Rendered(shown, [value], a.warnings)



# -------------------------------------------------------------------------- money



def money(t: TemplateNode, a: Args) -> Rendered:
    key = fold_name(str(t.name))
    sign, code = CURRENCIES[key]
    amount = a.p(0)
    text = f"{sign}{amount}" if amount else sign.strip()
    value = Value(kind="money", text=text, currency=code, number=scaled(amount) if amount else None)
    return Rendered(text, [value] if amount else [], a.warnings)


# --------------------------------------------------------------------------- coord

_HEMI = {"n": 1, "s": -1, "e": 1, "w": -1}


def _dms(parts: list[str]) -> float | None:
    nums = [to_number(p) for p in parts if p.strip()]
    if not nums or any(n is None for n in nums) or len(nums) > 3:
        return None
    deg = 0.0
    for n, div in zip(nums, (1, 60, 3600), strict=False):
        deg += float(n) / div  # type: ignore[arg-type]
    return deg


def coord(t: TemplateNode, a: Args) -> Rendered:
    """``{{coord|35|41|N|139|41|E}}`` or ``{{coord|35.68|139.69}}`` -> latitude/longitude."""
    texts = [x.strip() for x in a.texts if ":" not in x and "=" not in x]
    low = [x.lower() for x in texts]
    lat = lon = None
    shown = ""
    ns = next((i for i, x in enumerate(low) if x in ("n", "s")), None)
    ew = next((i for i, x in enumerate(low) if x in ("e", "w")), None)
    if ns is not None and ew is not None and ns < ew:
        lat, lon = _dms(texts[:ns]), _dms(texts[ns + 1:ew])
        if lat is not None and lon is not None:
            lat *= _HEMI[low[ns]]
            lon *= _HEMI[low[ew]]
            marks = ("°", "′", "″")
            shown = " ".join(
                "".join(f"{p}{m}" for p, m in zip(seg, marks, strict=False)) + texts[h].upper()
                for seg, h in ((texts[:ns], ns), (texts[ns + 1:ew], ew)))
    elif len(texts) >= 2 and to_number(texts[0]) is not None and to_number(texts[1]) is not None:
        lat, lon = float(to_number(texts[0])), float(to_number(texts[1]))  # type: ignore[arg-type]
        shown = f"{abs(lat)}°{'N' if lat >= 0 else 'S'} {abs(lon)}°{'E' if lon >= 0 else 'W'}"
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return Rendered("", [], a.warnings + ["coord not understood"])
    value = Value(kind="coordinates", text=shown, latitude=round(lat, 6), longitude=round(lon, 6))
    return Rendered(shown, [value], a.warnings)




def height(t: TemplateNode, a: Args) -> Rendered:
    """``{{height|ft=5|in=3}}`` -> "5 ft 3 in"; ``{{height|m=1.78}}`` -> "1.78 m"."""
    parts = [(a.n(name), unit) for name, unit in HEIGHT_UNITS if a.n(name)]
    if not parts:
        return Rendered("", [], a.warnings)
    text = " ".join(f"{n} {u}" for n, u in parts)
    value = Value(kind="quantity", text=text, number=to_number(parts[0][0]), unit=parts[0][1],
                  parts=[Value(kind="quantity", text=f"{n} {u}", number=to_number(n), unit=u) for n, u in parts[1:]])
    return Rendered(text, [value], a.warnings)
