"""Dates and date ranges in several languages, eras, Old Style, open ends."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from infobox_tools.normalize import dates
from infobox_tools.normalize._tables import alternation
from infobox_tools.normalize.dates import _ERA_WORDS, _MONTH, parse_date


@pytest.mark.parametrize(
    ("text", "lang", "iso", "precision"),
    [
        ("June 7, 1959", "en", "1959-06-07", "day"),
        ("7 June 1959", "en", "1959-06-07", "day"),
        ("7 juin 1959", "fr", "1959-06-07", "day"),
        ("1er janvier 2000", "fr", "2000-01-01", "day"),
        ("7. Juni 1959", "de", "1959-06-07", "day"),
        ("7 de junho de 1959", "pt", "1959-06-07", "day"),
        ("7 juni 1959", "nl", "1959-06-07", "day"),
        ("7. juni 1959", "nn", "1959-06-07", "day"),
        ("7 Junie 1959", "af", "1959-06-07", "day"),
        ("7. juni 1959.", "bs", "1959-06-07", "day"),
        ("1959-06-07", "en", "1959-06-07", "day"),
        ("2001-02", "en", "2001-02", "month"),
        ("07.06.1959", "de", "1959-06-07", "day"),
        ("1998", "en", "1998", "year"),
        ("March 1998", "en", "1998-03", "month"),
        ("mars 1998", "fr", "1998-03", "month"),
        ("AD 79", "en", "0079", "year"),
        ("44 BC", "en", "-0043", "year"),
        ("221 BCE", "en", "-0220", "year"),
        ("15 March 44 BC", "en", "-0043-03-15", "day"),
    ],
)
def test_single_dates(text: str, lang: str, iso: str, precision: str) -> None:
    v = parse_date(text, lang)
    assert v is not None and v.kind == "date"
    assert (v.date, v.precision) == (iso, precision)
    assert v.text == text


def test_year_below_1000_is_padded_and_noted() -> None:
    v = parse_date("28 June 548 (aged 48)", "en")
    assert v is not None and v.date == "0548-06-28" and v.precision == "day"
    assert v.note == "aged 48"


def test_circa() -> None:
    v = parse_date("c. 1500", "en")
    assert v is not None and v.date == "1500" and v.qualifier == "approximate"
    v = parse_date("before 1500", "en")
    assert v is not None and v.qualifier == "before"


def test_old_style() -> None:
    v = parse_date("10 February [O.S. 30 January] 1725", "en")
    assert v is not None and v.date == "1725-02-10"
    assert v.calendar == "gregorian" and v.note == "O.S. 30 January"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("11–25 August 1945", "1945-08-11", "1945-08-25"),
        ("August 11 – 25, 1945", "1945-08-11", "1945-08-25"),
        ("11 August – 25 September 1945", "1945-08-11", "1945-09-25"),
        ("January 20, 2017 – January 20, 2021", "2017-01-20", "2021-01-20"),
        ("21 September 1979 – 25 September 2017", "1979-09-21", "2017-09-25"),
        ("May 1998 – June 1999", "1998-05", "1999-06"),
        ("1939–1945", "1939", "1945"),
        ("1939–45", "1939", "1945"),
        ("1998-99", "1998", "1999"),
        ("1941-06-22 – 1945-05-09", "1941-06-22", "1945-05-09"),
        ("du 11 au 25 août 1945", "1945-08-11", "1945-08-25"),
        ("2100 B.C. – 1500 A.D.", "-2099", "1500"),
    ],
)
def test_ranges(text: str, start: str, end: str) -> None:
    v = parse_date(text, "en")
    assert v is not None and v.kind == "daterange"
    assert (v.start, v.end) == (start, end)


def test_open_end() -> None:
    v = parse_date("2001–present", "en")
    assert v is not None and v.kind == "daterange"
    assert v.start == "2001" and v.end is None and v.note == "present"


@pytest.mark.parametrize("text", ["31 February 2000", "2005a", "22 June", "Paris", "", "13.13.2000"])
def test_not_dates(text: str) -> None:
    assert parse_date(text, "en") is None


def test_real_office_terms(corpus) -> None:  # type: ignore[no-untyped-def]
    """Every "In office X – Y" row of the real Mike Pence pipe text reads as a day range."""
    text = (corpus / "pipetext" / "trafilatura-1.12.2" / "Mike_Pence.txt").read_text(encoding="utf-8")
    rows = [ln.split(" | ")[0].removeprefix("In office ").strip() for ln in text.splitlines()
            if ln.startswith("In office")]
    assert len(rows) >= 4
    for row in rows:
        v = parse_date(row, "en")
        assert v is not None and v.kind == "daterange" and v.precision == "day", row
    assert parse_date(rows[0], "en").start == "2017-01-20"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text", ["July 16, 1969, 13:32:00", "July 16, 1969 13:32", "16 July 1969, 13:32 UTC",
             "1969-07-16T13:32:00Z", "July 16, 1969, 9:32 a.m. EDT", "July 16, 1969, at 13:32 UTC+9"])
def test_trailing_time_of_day_is_ignored(text: str) -> None:
    """A time after a full date (launch times, signing times) leaves the date; the text keeps it."""
    v = parse_date(text, "en")
    assert v is not None and v.kind == "date", text
    assert (v.date, v.precision, v.text) == ("1969-07-16", "day", text)


@pytest.mark.parametrize("text", ["July 16, 1969, 13:32 in Florida", "July 16, 1969, 25:99", "1969, 12:30",
                                  "July 1969, 13:32"])
def test_time_of_day_needs_a_full_date_and_nothing_after(text: str) -> None:
    assert parse_date(text, "en") is None


def _plain_alternation(words: list[str]) -> str:
    """The alternation as it was before the prefix tree: every word, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@pytest.mark.parametrize("suffix", ["", r"\.?(?![^\W\d_])", r"\s*\d"])
def test_alternation_tree_matches_like_the_plain_alternation(suffix: str) -> None:
    # the month names, era words and "present" of lang.toml as prefix trees (_tables.alternation)
    words = [*_MONTH, *_ERA_WORDS, "a.c.", "a. c.", "jun", "june", "juni"]
    tree = re.compile(f"(?:{alternation(words)}){suffix}", re.IGNORECASE)
    plain = re.compile(f"(?:{_plain_alternation(words)}){suffix}", re.IGNORECASE)
    texts = ["7 June 1959", "JUNI 5", "Jun. 3", "juneau", "44 B.C. 3", "a. c. 1", "A.C.5", "b.c.e. 12",
             "av. J.-C. 4", "Jänner 2", "ОКТЯБРЯ 1917", "setembro", "sept. 1", "September 9"]
    for text in texts:
        for pos in range(len(text)):
            a, b = tree.match(text, pos), plain.match(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_alternation_refuses_words_the_tree_could_mis_order() -> None:
    with pytest.raises(ValueError):
        alternation(["Mai", "mai"])  # upper case: "M" and "m" match the same letters
    with pytest.raises(ValueError):
        alternation(["sun", "ſun"])  # "s" and the long s match alike under IGNORECASE


def _unshared_atom_re() -> re.Pattern[str]:
    """Every date atom written out in full, in order, as one alternation: the form that
    ``_ATOM_RE`` shares starts and years out of (see the comment above it)."""
    g, d, mon, dash, of = dates._g, dates._D, dates._MON, dates._DASH, dates._OF
    yr = dates._yr("")
    atoms = [
        ("r_dd_m_y", f"{g('d1', d)}{dash}{g('d2', d)}{of}{g('m1', mon)}{of}{yr}"),
        ("r_dm_dm_y", f"{g('d1', d)}{of}{g('m1', mon)}{dash}{g('d2', d)}{of}{g('m2', mon)}{of}{yr}"),
        ("iso", dates._ISO), ("r_y_yy", dates._R_Y_YY),
        ("dmy", f"{g('d1', d)}{of}{g('m1', mon)}{of}{yr}"),
        ("num", dates._NUM),
        ("r_m_dd_y", rf"{g('m1', mon)}\s*{g('d1', d)}{dash}{g('d2', d)},?\s*{yr}"),
        ("r_md_md_y", rf"{g('m1', mon)}\s*{g('d1', d)}{dash}{g('m2', mon)}\s*{g('d2', d)},?\s*{yr}"),
        ("r_m_m_y", f"{g('m1', mon)}{dash}{g('m2', mon)}{of}{yr}"),
        ("mdy", rf"{g('m1', mon)}\s*{g('d1', d)}(?:,\s*|\s+){yr}"),
        ("my", f"{g('m1', mon)}{of}{yr}"),
        ("yera", dates._YERA), ("year", dates._YEAR), ("present", dates._PRESENT),
    ]
    return re.compile("|".join(g(name, pat.replace("(?P<", f"(?P<{name}_")) for name, pat in atoms),
                      re.IGNORECASE)


def _unshared_sig(m: re.Match[str]) -> tuple[object, ...]:
    n = m.lastgroup or ""
    gd = {k.removeprefix(f"{n}_"): v for k, v in m.groupdict().items() if k.startswith(f"{n}_")}
    if n in dates._DAY_ATOMS or n in dates._MONTH_ATOMS:
        parts = (gd.get("d1"), gd.get("m1"), gd.get("d2"), gd.get("m2") or (gd.get("m1") if gd.get("d2") else None))
        return m.span(), n, parts, gd.get("epre"), gd.get("y"), gd.get("epost")
    return m.span(), n


def _shared_sig(m: re.Match[str]) -> tuple[object, ...]:
    n = m.lastgroup or ""
    gd = m.groupdict()
    if n in ("dl", "ml"):
        atom, parts = dates._day_month(n, gd)
        return m.span(), atom, parts, gd[f"{n}_epre"], gd[f"{n}_y"], gd[f"{n}_epost"]
    return m.span(), n


def _date_soup(rnd: random.Random) -> str:
    """Day, month, year and era words with every separator the atoms know, in the atoms'
    orders and at random: "1st – 3 juin de 44 a.c.", "Jan.5 to Feb 2, 1990", "1studeni 1990"."""
    pick = rnd.choice
    months = sorted(dates._MONTH)
    token = {
        "D": lambda: str(rnd.randint(0, 33)) + pick(["", "", "st", "nd", "th", "er", "º", "°", ".", "ST"]),
        "M": lambda: pick([str, str.upper, str.title])(pick(months)) + pick(["", "", ".", "s"]),
        "Y": lambda: str(pick([0, 5, 44, 79, 300, 1066, 1945, 1990, 2001, 2024, 9999])),
        "E": lambda: pick(sorted(dates._ERA_WORDS)),
        "X": lambda: pick(["present", "now", "2001-02", "1939–45", "5.6.1990", "1990-05-06", "-0044-03-15",
                           "1studeni", "(", "of", "de"]),
    }
    shape = pick(["DDMY", "DMDMY", "DMY", "MDDY", "MDMDY", "MMY", "MDY", "MY", "EY", "YE", "DMYE", "MDEY"])
    if rnd.random() < 0.3:
        shape = "".join(pick("DMYEX") for _ in range(rnd.randint(2, 7)))
    seps = ["", " ", " ", "  ", ", ", ",", " , ", " de ", " of ", " del ", "–", " – ", "-", " to ", " a ",
            " and ", "—", " until ", ".", "\n"]
    return "".join(token[ch]() + pick(seps) for ch in shape)


def test_shared_atoms_match_like_the_unshared_alternation(corpus: Path) -> None:
    """The month names and years that ``_ATOM_RE`` shares between atoms change no match:
    same spans, same atom, same day/month/year text, over generated date soup and the
    field texts of the corpus pages."""
    rnd = random.Random(8)
    texts = [_date_soup(rnd) for _ in range(6000)]
    texts += [p.read_text(encoding="utf-8", errors="replace")[:20000]
              for p in sorted((corpus / "wikitext").rglob("*")) if p.is_file()][:60]
    unshared = _unshared_atom_re()
    kinds = set()
    for text in texts:
        a = [_unshared_sig(m) for m in unshared.finditer(text)]
        b = [_shared_sig(m) for m in dates._ATOM_RE.finditer(text)]
        assert a == b, text
        kinds.update(sig[1] for sig in a)
    assert kinds == {*dates._DAY_ATOMS, *dates._MONTH_ATOMS, "iso", "r_y_yy", "num", "yera", "year", "present"}
