"""The same article in any form gives the same canonical record (issues 4 and 6).

Four articles exist as wikitext, HTML and pipe text of one revision
(``html/enterprise_api/*.json`` + ``pipetext/trafilatura-*/<wiki>_<title>.txt``), and 26
pages as HTML and pipe text (``html/enterprise_parser/testdata`` + ``pipetext/...``).
Each form is parsed with :func:`infobox_tools.api.parse` and the main infoboxes are
compared on type, canonical keys, sides and typed values.  A field is one
``(key, side)``; it agrees when both forms have it with the same values (kind,
number/low/high, date/start/end, unit, category; names by text; free text by kind
only, since renderings differ in spacing and footnote marks).

Every remaining difference must be listed in ``KNOWN_DIFFERENCES`` with its reason,
so that a new, unexplained difference fails; the agreement figure per pair of forms
(fields matching / fields in the union) must stay above its floor.

The loading and comparison helpers are in ``agreement_forms.py``; the list of known
differences and its reasons in ``test_agreement_known_differences.py``.
"""

from __future__ import annotations

from pathlib import Path

from agreement_forms import (
    API_ARTICLES,
    API_PAIRS,
    Sig,
    api_records,
    compare,
    field_map,
    html_stems,
    page_records,
)
from infobox_tools.record import Record
from test_agreement_known_differences import known_reason

# --- the tests -----------------------------------------------------------------------

#: Agreement floors (fields matching / fields in the union, summed over pages), measured
#: after the normaliser fixes of issue 4/6; see the report for the figures before them.
API_FLOORS = {"wikitext~html": 0.57, "wikitext~pipe-1.12": 0.27, "wikitext~pipe-2.2": 0.44,
              "html~pipe-1.12": 0.40, "html~pipe-2.2": 0.58, "pipe-1.12~pipe-2.2": 0.65}
PAGE_FLOORS = {"html~pipe-1.12": 0.55, "html~pipe-2.2": 0.54}


def _check(pages: dict[str, dict[str, Record]], pairs: list[tuple[str, str]],
           floors: dict[str, float]) -> None:
    totals = {f"{a}~{b}": [0, 0] for a, b in pairs}
    unexplained: list[str] = []
    for stem, records in pages.items():
        for a, b in pairs:
            matching, union, diffs = compare(records[a], records[b])
            totals[f"{a}~{b}"][0] += matching
            totals[f"{a}~{b}"][1] += union
            for fid, what in sorted(diffs.items(), key=repr):
                if known_reason(stem, a, b, fid) is None:
                    unexplained.append(f"{stem} {a}~{b} {fid}: {what[:160]}")
    figures = {pair: (m / n if n else 1.0) for pair, (m, n) in totals.items()}
    report = ", ".join(f"{pair} {totals[pair][0]}/{totals[pair][1]} = {figures[pair]:.3f}" for pair in totals)
    assert not unexplained, (f"{len(unexplained)} difference(s) not in KNOWN_DIFFERENCES "
                             f"(agreement: {report}):\n" + "\n".join(unexplained[:40]))
    low = {pair: f for pair, f in figures.items() if f < floors[pair]}
    assert not low, f"agreement below its floor: {low} (agreement: {report})"


def test_api_articles_agree_across_forms(corpus: Path) -> None:
    """The four enterprise_api articles: wikitext, HTML and both pipe texts of one revision."""
    pages = {stem: api_records(corpus, stem) for stem in API_ARTICLES}
    assert sum(1 for r in pages.values() if r["wikitext"].infobox is not None) == 3  # enwikiversity has none
    _check(pages, API_PAIRS, API_FLOORS)


def test_html_pages_agree_with_pipetext(corpus: Path) -> None:
    """The enterprise_parser pages as HTML and as pipe text (both trafilatura versions)."""
    stems = html_stems(corpus)
    assert len(stems) == 27, stems
    pages = {stem: page_records(corpus, stem) for stem in stems}
    _check(pages, [("html", "pipe-1.12"), ("html", "pipe-2.2")], PAGE_FLOORS)



def test_same_article_same_core_fields(corpus: Path) -> None:
    """Concrete agreement on the fields the fixes are about: keys from data-mw params or
    labels, reader-typed dates kept, units from the mapping, lines claimed by prefix."""
    calvi = {form: field_map(r)[1] for form, r in api_records(corpus, "frwiki_Calvi").items()}

    def q(number: float, unit: str) -> list[Sig]:
        return [("quantity", number, None, None, None, None, None, unit, None)]

    for form in ("wikitext", "html", "pipe-1.12", "pipe-2.2"):
        assert calvi[form][("area_total_km2", None)] == q(31.2, "km2"), form
        assert calvi[form][("elevation_m", None)] == q(81, "m"), form
        assert calvi[form][("elevation_max_m", None)] == q(700, "m"), form
        assert calvi[form][("mandate", None)] == [("daterange", None, None, None, None, "2020", "2026", None, None)]
    for form in ("wikitext", "html"):
        assert calvi[form][("coordinates", None)] == [("coordinates",)], form
        assert calvi[form][("coat_of_arms", None)] == [("image",)], form
    einstein = {form: field_map(r)[1] for form, r in api_records(corpus, "simplewiki_Albert_Einstein").items()}
    def day(iso: str) -> list[Sig]:
        return [("date", None, None, None, iso, None, None, None, None)]

    for form in ("wikitext", "html"):
        assert einstein[form][("birth_date", None)] == day("1879-03-14")
        assert einstein[form][("death_date", None)] == day("1955-04-18")
        assert ("name", "mileva marić (m. 1903; div. 1919)") in einstein[form][("spouse", None)]
        assert einstein[form][("signature", None)] == [("image",)]
