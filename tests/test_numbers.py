"""Numbers by language, ranges, qualifiers, scale words, percentages, ordinals."""

from __future__ import annotations

import pytest

from infobox_tools.normalize.numbers import parse_number, scan


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("16,814", "en", 16814),
        ("16.814", "de", 16814),
        ("16.814", "pt", 16814),
        ("5 720", "fr", 5720),
        ("5\u00a0720", "fr", 5720),
        ("5\u202f720", "fr", 5720),
        ("5\u202f720", "en", 5720),
        ("31,2", "de", 31.2),
        ("31,2", "fr", 31.2),
        ("31.2", "en", 31.2),
        ("2 713,4", "fr", 2713.4),
        ("1,403,500,365", "en", 1403500365),
        ("\u22125", "en", -5),
        ("-5", "en", -5),
        ("100000", "en", 100000),
    ],
)
def test_grouping_by_language(text: str, lang: str, expected: float) -> None:
    v = parse_number(text, lang)
    assert v is not None and v.kind == "number"
    assert v.number == expected
    assert type(v.number) is type(expected)  # integers stay ints


def test_integers_stay_ints() -> None:
    v = parse_number("100,000", "en")
    assert v is not None and isinstance(v.number, int) and v.number == 100000


@pytest.mark.parametrize("text", ["700-2,000", "700–2,000", "700 to 2,000", "700 — 2,000",
                                  "between 700 and 2,000"])
def test_ranges_keep_both_ends(text: str) -> None:
    v = parse_number(text, "en")
    assert v is not None and v.kind == "range"
    assert (v.low, v.high) == (700, 2000)
    assert v.number is None


def test_year_range_and_abbreviated_year() -> None:
    v = parse_number("2008 – 2014", "en")
    assert v is not None and (v.low, v.high) == (2008, 2014)
    v = parse_number("1939–45", "en")
    assert v is not None and (v.low, v.high) == (1939, 1945)


def test_other_language_range_words() -> None:
    v = parse_number("700 bis 2.000", "de")
    assert v is not None and (v.low, v.high) == (700, 2000)
    v = parse_number("5 à 10", "fr")
    assert v is not None and (v.low, v.high) == (5, 10)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("c. 15,251", "approximate"), ("ca. 15,251", "approximate"), ("circa 15,251", "approximate"),
        ("~15,251", "approximate"), ("about 15,251", "approximate"), ("approx. 15,251", "approximate"),
        ("est. 15,251", "estimated"), ("over 15,251", "more than"), ("more than 15,251", "more than"),
        ("at least 15,251", "at least"), ("15,251+", "at least"), ("fewer than 15,251", "less than"),
        ("under 15,251", "less than"), ("up to 15,251", "at most"),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    v = parse_number(text, "en")
    assert v is not None and v.number == 15251 and v.qualifier == qualifier


def test_qualifiers_other_languages() -> None:
    assert parse_number("environ 300", "fr").qualifier == "approximate"  # type: ignore[union-attr]
    assert parse_number("etwa 300", "de").qualifier == "approximate"  # type: ignore[union-attr]
    assert parse_number("mais de 300", "pt").qualifier == "more than"  # type: ignore[union-attr]


def test_census_year_is_a_date_not_digits() -> None:
    v = parse_number("1,432 (2006 Census)", "en")
    assert v is not None
    assert v.number == 1432 and v.date == "2006" and v.precision == "year"
    assert v.note == "2006 Census"


def test_estimate_year_in_parentheses() -> None:
    v = parse_number("65,648,100 (2016 est.)", "en")
    assert v is not None and (v.number, v.date, v.qualifier) == (65648100, "2016", "estimated")


def test_percent_and_ordinal() -> None:
    v = parse_number("45%", "en")
    assert v is not None and v.number == 45 and v.unit == "%"
    v = parse_number("0.28%[f]", "en")  # footnote mark dropped
    assert v is not None and v.number == 0.28 and v.unit == "%"
    for text, lang in (("3rd", "en"), ("22nd", "en"), ("9e", "fr")):
        v = parse_number(text, lang)
        assert v is not None and v.note == "ordinal"
    assert parse_number("3rd", "en").number == 3  # type: ignore[union-attr]


def test_scale_words() -> None:
    (e,) = scan("89.95 billion", "en")
    assert e.value == 89950000000 and isinstance(e.value, int)
    (e,) = scan("1,2 Mio.", "de")
    assert e.value == 1200000
    (e,) = scan("3 milliards", "fr")
    assert e.value == 3000000000


@pytest.mark.parametrize(
    ("text", "lang"),
    [("1,5", "en"), ("A320", "en"), ("30.01.1963", "de"), ("two", "en"), ("", "en"),
     ("Beijing 39°55′N", "en"), ("46.2 high", "en"), ("5 and 6", "en"),
     ("10 678 632", "en"),  # space grouping on an English page: one number or three?
     ("ISO-8859-2", "en"), ("2B050", "fr"), ("007196", "en"), ("39156-5", "en")],
)
def test_not_a_single_number(text: str, lang: str) -> None:
    """Ambiguous or composite texts give no number rather than a wrong one."""
    assert parse_number(text, lang) is None


def _cell(text: str, label: str) -> str:
    """The first value cell of the pipe-table row that starts with ``label``."""
    line = next(ln for ln in text.splitlines() if ln.startswith(label))
    return [c.strip() for c in line.strip(" |").split(" | ")][1]


def test_real_figures_from_pipe_text(corpus) -> None:  # type: ignore[no-untyped-def]
    """Cells of the real Zillow and China infoboxes (trafilatura pipe text)."""
    base = corpus / "pipetext" / "trafilatura-1.12.2"
    zillow = (base / "Zillow.txt").read_text(encoding="utf-8")
    v = parse_number(_cell(zillow, "Number of employees"), "en")
    assert v is not None and v.number == 6263 and v.date == "2023"
    china = (base / "China.txt").read_text(encoding="utf-8")
    v = parse_number(_cell(china, "• 2016 estimate"), "en")
    assert v is not None and v.number == 1403500365 and v.note == "1st"
    calvi = (base / "frwiki_Calvi.txt").read_text(encoding="utf-8")
    v = parse_number(_cell(calvi, "Superficie").replace("km2", ""), "fr")
    assert v is not None and v.number == 31.2
    v = parse_number(_cell(calvi, "Code postal"), "fr")  # a postcode is a number too
    assert v is not None and v.number == 20260
