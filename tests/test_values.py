"""The dispatcher: kinds, unknowns, no invented numbers (property-tested), and a sweep over
every value cell of the real pipe-text infoboxes."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infobox_tools.normalize.values import parse_date, parse_number, parse_values
from infobox_tools.record import Value

KINDS = ["text", "name", "number", "range", "quantity", "count", "money", "date", "daterange",
         "unknown", "image", "url", "coordinates"]


def _sig(n: float) -> str:
    """The significant digits of a number ("89950000000" -> "8995", "31.2" -> "312")."""
    s = repr(abs(n)) if isinstance(n, float) else str(abs(n))
    s = s.replace(".", "").lstrip("0").rstrip("0")
    return s or "0"


def _digits_come_from_text(v: Value) -> bool:
    # any script's decimal digits count (int() reads them too), compared as ASCII
    digits = "".join(str(unicodedata.decimal(c)) for c in v.text if c.isdecimal())
    for n in (v.number, v.low, v.high):
        if n is None:
            continue
        s = _sig(n)
        if s in digits or s.rstrip("0") in digits:
            continue
        if n is v.high and v.low is not None and str(int(n))[-2:] in digits:  # "1939–45"
            continue
        return False
    return all(_digits_come_from_text(p) for p in v.parts)


FRAGMENTS = ["1", "12", "2,000", "1.5", "5 720", "5\u00a0720", "31,2", "-", "–", " to ", " ",
             "c. ", "over ", "+", "%", " km2", " men", " killed", " PoW", "(", ")", "2006", ",",
             "US$", "€", " billion", " Mio.", "k", "Unknown", "n/a", "June", " 7", " BC", "AD ",
             "[12]", ":", "Northern Army: ", "3rd", "\n", "°", "′", "/", "x", "e", "·", "."]


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(FRAGMENTS), max_size=12),
       kind=st.sampled_from(KINDS), lang=st.sampled_from(["en", "de", "fr", "pt", "nn"]))
def test_random_text_never_raises_nor_invents(parts: list[str], kind: str, lang: str) -> None:
    text = "".join(parts)
    values = parse_values(text, kind, lang=lang)
    for v in values:
        assert isinstance(v, Value) and v.kind in KINDS + ["text"]
        assert _digits_come_from_text(v), (text, v)
        if v.kind in ("text", "unknown"):
            assert v.number is None and v.low is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    for kind in ("number", "count", "money", "date", "quantity"):
        for v in parse_values(text, kind):
            assert _digits_come_from_text(v)
    parse_number(text, "de")
    parse_date(text, "fr")


@pytest.mark.parametrize("text", ["Unknown", "unknown", "n/a", "N/A", "none reported", "Unbekannt",
                                  "inconnu", "?"])
def test_explicit_unknowns(text: str) -> None:
    (v,) = parse_values(text, "number")
    assert v.kind == "unknown" and v.number is None
    (v,) = parse_values(text, "count", category="total")
    assert v.kind == "unknown" and v.category == "total"


def test_dispatch_by_kind() -> None:
    assert parse_values("", "number") == []
    (v,) = parse_values("Joseph Stalin", "name", entity="person")
    assert (v.kind, v.entity) == ("name", "person")
    (v,) = parse_values("Flag.svg", "image")
    assert v.kind == "image"
    (v,) = parse_values("16.814", "number", lang="de")
    assert v.number == 16814
    (v,) = parse_values("11–25 August 1945", "daterange")
    assert (v.start, v.end) == ("1945-08-11", "1945-08-25")
    (v,) = parse_values("US$89.95 billion", "money")
    assert (v.number, v.currency) == (89950000000, "USD")
    (v,) = parse_values("100,000 men", "count", category="strength")
    assert v.category == "strength"
    (v,) = parse_values("heavy", "count")
    assert v.kind == "text" and v.text == "heavy"


def test_date_found_inside_text() -> None:
    values = parse_values("Michael Richard Pence June 7, 1959 Columbus, Indiana, U.S.", "date")
    assert [v.kind for v in values] == ["text", "date", "text"]
    assert values[1].date == "1959-06-07" and values[1].text == "June 7, 1959"
    assert values[2].text == "Columbus, Indiana, U.S."


def test_coordinates_are_not_numbers() -> None:
    values = parse_values("39°55′N 116°23′E", "number")
    assert all(v.kind == "text" for v in values)


def _cells(path: Path) -> list[str]:
    """Every value cell (not the first, label cell) of the pipe-table rows of a file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if " | " not in line or line.startswith("- "):
            continue
        cells = [c.strip() for c in line.strip(" |").split(" | ")]
        out.extend(c for c in cells[1:] if c and c.strip("|-"))
    return out


def test_sweep_real_pipe_text(corpus: Path) -> None:
    """All cells of all 31 trafilatura pages under every numeric/date kind: no error, no
    number without its digits in the text, and fast enough for dump runs."""
    files = sorted((corpus / "pipetext" / "trafilatura-1.12.2").glob("*.txt"))
    assert len(files) >= 25
    cells = [c for f in files for c in _cells(f)]
    assert len(cells) > 500
    kinds = ("number", "quantity", "count", "money", "date")
    typed = 0
    t0 = time.perf_counter()
    for cell in cells:
        for kind in kinds:
            for v in parse_values(cell, kind, lang="fr" if "," in cell else "en"):
                assert _digits_come_from_text(v), (cell, kind, v)
                typed += v.kind not in ("text", "unknown")
    elapsed = time.perf_counter() - t0
    assert typed > 300
    per_call = elapsed / (len(cells) * len(kinds))
    assert per_call < 0.002, f"{per_call * 1e6:.0f} µs per field"


def test_dump_infobox_values(corpus: Path) -> None:
    """Plain (template-free) infobox values of the real enwiki dump sample: dates, areas,
    populations and GDPs.  Measured: 107 of 115 typed; the rest are citation years
    like "1905a", which stay text on purpose."""
    import bz2
    import html
    import re

    path = corpus / "dumps" / "gensim" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
    with bz2.open(path, "rt", encoding="utf-8") as fh:
        raw = html.unescape(fh.read())
    pat = re.compile(r"^\s*\|\s*(date|birth_date|death_date|established_date\d?|founded|area_km2|"
                     r"population_estimate|population_census|GDP_PPP|GDP_nominal)\s*=\s*"
                     r"([^|{}\n<\[]+?)\s*(?:<ref|\||$)", re.MULTILINE)
    kinds = {"area_km2": "quantity", "population_estimate": "count",
             "population_census": "count", "GDP_PPP": "money",
             "GDP_nominal": "money"}
    total = typed = 0
    for m in pat.finditer(raw):
        text = m.group(2).strip()
        if not text:
            continue
        values = parse_values(text, kinds.get(m.group(1).rstrip("0123456789"), "date"))
        total += 1
        typed += any(v.kind != "text" for v in values)
        for v in values:
            assert _digits_come_from_text(v) or v.kind in ("date", "daterange")
        if m.group(1) == "GDP_nominal" and text.startswith("$181.71"):
            assert (values[0].number, values[0].currency) == (181710000000, "USD")
        if m.group(1) == "death_date" and text.startswith("322 BC"):
            assert (values[0].date, values[0].note) == ("-0321", "aged 62")
    assert total >= 100
    assert typed / total >= 0.9


def test_real_coordinates(corpus: Path) -> None:
    """The rendered {{coord}} of China (DMS and decimal: decimal wins) and of Calvi (French)."""
    from infobox_tools.normalize.coordinates import parse_coordinates

    base = corpus / "pipetext" / "trafilatura-1.12.2"
    china = (base / "China.txt").read_text(encoding="utf-8")
    cell = next(ln for ln in china.splitlines() if ln.startswith("Capital")).split(" | ")[1]
    (v,) = parse_values(cell, "coordinates")
    assert (v.kind, v.latitude, v.longitude) == ("coordinates", 39.917, 116.383)
    calvi = (base / "frwiki_Calvi.txt").read_text(encoding="utf-8")
    cell = next(ln for ln in calvi.splitlines() if ln.startswith("Coordonnées")).split(" | ")[1]
    v2 = parse_coordinates(cell, "fr")
    assert v2 is not None and round(v2.latitude, 3) == 42.569 and round(v2.longitude, 3) == 8.757
    assert parse_coordinates("51° 30′ N, 7° 28′ O", "de").longitude > 0  # type: ignore[union-attr]
    assert parse_coordinates("51° 30′ N, 7° 28′ O", "fr").longitude < 0  # type: ignore[union-attr]


def test_unknown_without_digits_keeps_category_and_group() -> None:
    """A reader may hand the casualty line over alone: still unknown, never plain text."""
    (v,) = parse_values("Unknown Red Army casualties", "count")
    assert (v.kind, v.category, v.group, v.number) == ("unknown", "total", "Red Army", None)
    (v,) = parse_values("heavy losses", "count")
    assert v.kind == "text"


def _snapshot_values(corpus: Path) -> list[str]:
    """Every string value of the Wikimedia Enterprise parser's expected infoboxes (87 pages,
    en/fr/de/es/pt/bs, rendered HTML text: "km 2" is a superscript flattened)."""
    folder = corpus / "html" / "enterprise_parser" / "zSnapshot"
    pat = re.compile(r'Value: \(string\) \(len=\d+\) "((?:[^"\\]|\\.)*)"')
    out: list[str] = []
    for path in sorted(folder.glob("TestParser-TestGetInfoBoxes*")):
        out.extend(m.group(1) for m in pat.finditer(path.read_text(encoding="utf-8")))
    return out


def test_sweep_enterprise_snapshot_values(corpus: Path) -> None:
    values = [v for v in _snapshot_values(corpus) if any(c.isdigit() for c in v)]
    assert len(values) > 300
    for text in values:
        for kind in ("quantity", "count", "money", "date"):
            for v in parse_values(text, kind):
                assert _digits_come_from_text(v), (text, kind, v)
    area = next(t for t in values if t.startswith("9,596,961 km 2"))
    (v,) = parse_values(area, "quantity")
    assert (v.number, v.unit, v.parts[0].unit) == (9596961, "km2", "mi2")
    swiss = next(t for t in values if "US-Dollar" in t)
    (v,) = parse_values(swiss, "money", lang="de")
    assert (v.number, v.currency) == (130594339, "USD")
    flow = next(t for t in values if t.startswith("16,648 m 3 /s"))
    (v,) = parse_values(flow, "quantity")
    assert (v.number, v.unit) == (16648, "m3/s")
    term = next(t for t in values if t.startswith("11 mai 2010 – 13 juillet 2016"))
    (v,) = parse_values(term, "daterange", lang="fr")
    assert (v.start, v.end, v.note) == ("2010-05-11", "2016-07-13", "6 ans, 2 mois et 2 jours")
