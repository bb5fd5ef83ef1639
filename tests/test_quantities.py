"""Quantities with units, counts (strength, casualty breakdowns) and money."""

from __future__ import annotations

import pytest

from infobox_tools.normalize.quantities import (
    parse_counts,
    parse_money,
    parse_quantities,
)
from infobox_tools.record import Value


def _row(text: str, label: str) -> list[str]:
    """The value cells of the row after the pipe-table row ``label`` (reference layout:
    a heading row, then one row with a cell per side)."""
    lines = text.splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.startswith(label))
    row = lines[i + 1]
    if row.rstrip().endswith("|") and row.count("|") < 3:  # the first side's cell wraps a line
        row = row + " " + lines[i + 2]
    return [c.strip() for c in row.strip(" |").split(" | ") if c.strip(" |")]


def test_reference_strength(reference_text: str) -> None:
    soviet, japan = _row(reference_text, "Strength")
    (v,) = parse_counts(soviet, "en", category="strength")
    assert (v.kind, v.number, v.unit, v.category) == ("count", 100000, "person", "strength")
    assert v.text == "100,000 men"
    (v,) = parse_counts(japan, "en", category="strength")
    assert v.number == 29000 and v.category == "strength"
    assert v.note == "including 10,000 reservists"
    (part,) = v.parts
    assert part.kind == "count" and part.number == 10000 and part.note == "reservists"


def test_reference_casualties(reference_text: str) -> None:
    soviet, japan = _row(reference_text, "Casualties and losses")
    values = parse_counts(soviet, "en")
    assert [v.kind for v in values] == ["unknown", "count"]
    unknown, fleet = values
    assert unknown.text == "Unknown Red Army casualties" and unknown.number is None
    assert unknown.category == "total" and unknown.group == "Red Army"
    assert (fleet.number, fleet.category, fleet.group) == (89, "killed", "Pacific Fleet")
    killed, pow_, civ = parse_counts(japan, "en")
    assert (killed.low, killed.high, killed.category, killed.group) == (700, 2000, "killed",
                                                                         "Northern Army")
    assert (pow_.number, pow_.category, pow_.group) == (18302, "captured", "Northern Army")
    assert (civ.low, civ.high, civ.category) == (3500, 3700, "civilian")
    assert civ.group is None  # civilians are not the Northern Army


def test_wtf_wikipedia_failure() -> None:
    killed, wounded = parse_counts("700–2,000 killed c. 15,251 wounded", "en")
    assert (killed.low, killed.high, killed.category) == (700, 2000, "killed")
    assert (wounded.number, wounded.category, wounded.qualifier) == (15251, "wounded", "approximate")
    assert wounded.text == "c. 15,251 wounded"


@pytest.mark.parametrize(
    ("text", "category", "unit"),
    [
        ("89 killed", "killed", "person"), ("12 dead", "killed", "person"), ("40 KIA", "killed", "person"),
        ("15,251 wounded", "wounded", "person"), ("300 injured", "wounded", "person"),
        ("18,302 PoW", "captured", "person"), ("1,200 prisoners", "captured", "person"),
        ("12 MIA", "missing", "person"), ("3 ships sunk", "materiel", "ship"),
        ("40 aircraft", "materiel", "aircraft"), ("12 tanks destroyed", "materiel", "tank"),
        ("1 battleship sunk", "materiel", "ship"), ("2 destroyers damaged", "materiel", "ship"),
        ("2,000 casualties", "total", "person"), ("1.200 Tote", "killed", "person"),
        ("300 morts", "killed", "person"), ("500 feridos", "wounded", "person"),
    ],
)
def test_categories(text: str, category: str, unit: str) -> None:
    lang = "de" if "Tote" in text else "en"
    (v,) = parse_counts(text, lang)
    assert (v.kind, v.category, v.unit) == ("count", category, unit)


def test_label_as_category_and_lines() -> None:
    killed, wounded = parse_counts("Killed: 500\nWounded: 1,200", "en")
    assert (killed.category, killed.number, killed.text) == ("killed", 500, "Killed: 500")
    assert (wounded.category, wounded.number) == ("wounded", 1200)


def test_unknowns_keep_category() -> None:
    (v,) = parse_counts("Unknown", "en", category="strength")
    assert v.kind == "unknown" and v.category == "strength" and v.number is None


def test_population_count_with_year(corpus) -> None:  # type: ignore[no-untyped-def]
    calvi = (corpus / "pipetext" / "trafilatura-1.12.2" / "frwiki_Calvi.txt").read_text(encoding="utf-8")
    line = next(ln for ln in calvi.splitlines() if "hab. (" in ln)
    (v,) = parse_counts(line.strip(" |"), "fr", category="total")
    assert (v.number, v.unit, v.date) == (5720, "person", "2022")
    dens = next(ln for ln in calvi.splitlines() if ln.startswith("Densité")).split(" | ")[1]
    (v,) = parse_quantities(dens, "fr")
    assert (v.number, v.unit) == (183, "person/km2")


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [("31.2 km2", 31.2, "km2"), ("31,2 km²", 31.2, "km2"), ("1,976 m", 1976, "m"),
     ("114 lb", 114, "lb"), ("93,628 sq mi", 93628, "mi2"), ("0.28%", 0.28, "%")],
)
def test_quantities(text: str, number: float, unit: str) -> None:
    lang = "fr" if "," in text and "²" in text else "en"
    (v,) = parse_quantities(text, lang)
    assert (v.kind, v.number, v.unit) == ("quantity", number, unit)


def test_conversion_becomes_part(corpus) -> None:  # type: ignore[no-untyped-def]
    china = (corpus / "pipetext" / "trafilatura-1.12.2" / "China.txt").read_text(encoding="utf-8")
    cell = next(ln for ln in china.splitlines() if "km2 (" in ln and ln.startswith("• Total"))
    (v,) = parse_quantities(cell.split(" | ")[1], "en")
    assert (v.number, v.unit) == (9596961, "km2")
    assert [(p.number, p.unit) for p in v.parts] == [(3705407, "mi2")]


def test_currency_word_in_a_number_field() -> None:
    (v,) = parse_quantities("130'594'339 US-Dollar", "de")
    assert (v.kind, v.number, v.currency) == ("money", 130594339, "USD")


def test_feet_and_inches() -> None:
    (v,) = parse_quantities("5 ft 10 in", "en")
    assert (v.number, v.unit) == (5, "ft") and (v.parts[0].number, v.parts[0].unit) == (10, "in")


@pytest.mark.parametrize(
    ("text", "lang", "number", "currency"),
    [
        ("US$89.95 billion", "en", 89950000000, "USD"), ("€1.2 million", "en", 1200000, "EUR"),
        ("£500", "en", 500, "GBP"), ("¥ 3 trillion", "en", 3000000000000, "JPY"),
        ("5 Mio. €", "de", 5000000, "EUR"), ("1,2 milliard d'euros", "fr", 1200000000, "EUR"),
        ("US$ 1,714 million", "en", 1714000000, "USD"), ("€2bn", "en", 2000000000, "EUR"),
    ],
)
def test_money(text: str, lang: str, number: int, currency: str) -> None:
    (v,) = parse_money(text, lang)
    assert (v.kind, v.number, v.currency) == ("money", number, currency)
    assert isinstance(v.number, int)


def test_money_range_and_ambiguous_dollar() -> None:
    (v,) = parse_money("$1.5–2 billion", "en")
    assert (v.low, v.high, v.currency, v.inferred) == (1500000000, 2000000000, "USD", True)


def test_real_company_money(corpus) -> None:  # type: ignore[no-untyped-def]
    """Zillow's revenue and (negative) income rows, with their fiscal year."""
    zillow = (corpus / "pipetext" / "trafilatura-1.12.2" / "Zillow.txt").read_text(encoding="utf-8")
    rev = next(ln for ln in zillow.splitlines() if ln.startswith("Revenue")).split(" | ")[1]
    (v,) = parse_money(rev, "en")
    assert (v.number, v.currency, v.date) == (1950000000, "USD", "2023")
    loss = next(ln for ln in zillow.splitlines() if ln.startswith("−US$270"))
    (v,) = parse_money(loss.strip(" |"), "en")
    assert (v.number, v.currency) == (-270000000, "USD")


def test_wikitext_revenue_list(corpus) -> None:  # type: ignore[no-untyped-def]
    """A real revenue value written as a {{ubl}} list (template markup dropped here the way
    a reader renders it: list items on their own lines, {{increase}} as nothing)."""
    import re

    src = (corpus / "wikitext" / "wtf_wikipedia_cache" / "Alsea-(company).txt")
    line = next(ln for ln in src.read_text(encoding="utf-8").splitlines() if ln.startswith("| revenue="))
    inner = line.split("{{ubl|", 1)[1].rsplit("}}", 1)[0]
    text = "\n".join(re.sub(r"\{\{(?:in|de)crease\}\}", "", item).strip() for item in inner.split("|"))
    values = parse_money(text, "en")
    assert [(v.number, v.date) for v in values] == [(1714000000, "2014"), (1230000000, "2013")]
    assert all(isinstance(v, Value) and v.currency == "USD" for v in values)


def test_real_elevation_extremes(corpus) -> None:  # type: ignore[no-untyped-def]
    """Calvi's "Altitude | 81 m Min. 0 m Max. 700 m": three heights, the extremes marked."""
    calvi = (corpus / "pipetext" / "trafilatura-1.12.2" / "frwiki_Calvi.txt").read_text(encoding="utf-8")
    cell = next(ln for ln in calvi.splitlines() if ln.startswith("Altitude")).split(" | ")[1]
    values = parse_quantities(cell, "fr")
    assert [(v.number, v.unit, v.qualifier) for v in values] == [
        (81, "m", None), (0, "m", "minimum"), (700, "m", "maximum")]
