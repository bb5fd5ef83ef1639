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
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from infobox_tools.api import parse
from infobox_tools.record import Record, Value

Sig = tuple[Any, ...]
FieldId = tuple[str, "int | None"]

API_ARTICLES = ["frwiki_Alexandros_Ioannis_Ginnis", "frwiki_Calvi", "simplewiki_Albert_Einstein",
                "enwikiversity_Albert_Einstein"]
PIPE_VERSIONS = {"pipe-1.12": "trafilatura-1.12.2", "pipe-2.2": "trafilatura-2.2.0"}
API_PAIRS = [("wikitext", "html"), ("wikitext", "pipe-1.12"), ("wikitext", "pipe-2.2"),
             ("html", "pipe-1.12"), ("html", "pipe-2.2"), ("pipe-1.12", "pipe-2.2")]


def value_sig(v: Value) -> Sig:
    """What must agree about one value across forms."""
    if v.kind == "name":
        return ("name", _text(v.text))
    if v.kind in ("text", "image", "url", "coordinates"):
        return (v.kind,)
    return (v.kind, v.number, v.low, v.high, v.date, v.start, v.end, v.unit, v.category)


def _text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def field_map(record: Record) -> tuple[str | None, dict[FieldId, list[Sig]]]:
    """The main infobox's type and its fields as ``(key, side) -> value signatures``."""
    box = record.infobox
    if box is None:
        return None, {}
    out: dict[FieldId, list[Sig]] = {}
    for f in box.fields:
        if not f.values:  # an empty parameter ("taille = {{taille|m=}}") renders nothing
            continue
        sigs = out.setdefault((f.key, f.side), [])
        for v in f.values:
            sig = value_sig(v)
            if sig == ("text",) and sig in sigs:
                continue  # free text is compared by kind: line breaks are the rendering's
            sigs.append(sig)
    # Several parameters can share a key (région, canton ... are subdivision_name): their
    # order is the template's layout, not data.
    return box.type, {fid: sorted(sigs, key=repr) for fid, sigs in out.items()}


def compare(a: Record, b: Record) -> tuple[int, int, dict[FieldId, str]]:
    """(fields matching, fields in the union, differing fields -> what differs)."""
    type_a, fa = field_map(a)
    type_b, fb = field_map(b)
    diffs: dict[FieldId, str] = {}
    if type_a != type_b:
        diffs[("<type>", None)] = f"{type_a} != {type_b}"
    union = set(fa) | set(fb)
    for fid in union:
        if fid not in fa:
            diffs[fid] = "only in second"
        elif fid not in fb:
            diffs[fid] = "only in first"
        elif fa[fid] != fb[fid]:
            diffs[fid] = f"values {fa[fid]} != {fb[fid]}"
    matching = len(union) - sum(1 for fid in diffs if fid[0] != "<type>")
    return matching, len(union), diffs


# --- loading -------------------------------------------------------------------------

@cache
def api_records(corpus: Path, stem: str) -> dict[str, Record]:
    """One enterprise_api article parsed from each of its forms."""
    data = json.loads((corpus / "html" / "enterprise_api" / f"{stem}.json").read_text(encoding="utf-8"))
    title, lang = data["name"], data["in_language"]["identifier"]
    body = data["article_body"]
    out = {form: parse(body[form], form=form, title=title, lang=lang) for form in ("wikitext", "html")}
    for name, folder in PIPE_VERSIONS.items():
        text = (corpus / "pipetext" / folder / f"{stem}.txt").read_text(encoding="utf-8")
        out[name] = parse(text, form="pipetext", title=title, lang=lang)
    return out


def html_stems(corpus: Path) -> list[str]:
    """Stems of the enterprise_parser HTML pages that also exist as pipe text."""
    html = {p.stem for p in (corpus / "html" / "enterprise_parser" / "testdata").glob("*.html")}
    pipe = {p.stem for p in (corpus / "pipetext" / PIPE_VERSIONS["pipe-1.12"]).glob("*.txt")}
    return sorted(html & pipe)


@cache
def page_records(corpus: Path, stem: str) -> dict[str, Record]:
    """One enterprise_parser page parsed as HTML and as pipe text (language from the HTML)."""
    html = parse((corpus / "html" / "enterprise_parser" / "testdata" / f"{stem}.html").read_text(encoding="utf-8"),
                 form="html", title=stem)
    out = {"html": html}
    for name, folder in PIPE_VERSIONS.items():
        text = (corpus / "pipetext" / folder / f"{stem}.txt").read_text(encoding="utf-8")
        out[name] = parse(text, form="pipetext", title=stem, lang=html.source.lang)
    return out


# --- known differences ---------------------------------------------------------------
# Why a field can differ between forms.  Pairs are written "first~second" with the forms
# wikitext, html, pipe-1.12, pipe-2.2; "pipe" stands for both trafilatura versions.

R_IMAGES = "trafilatura drops images, so pipe text has no image, caption, signature or map"
R_TITLE = "rendered forms show the name as the infobox title (Infobox.title), not as a row"
R_UNRENDERED = "a wikitext parameter the template does not show as a row of its own"
R_COMPUTED = ("the rendered row comes from Wikidata or is computed by the template "
              "({{Population de France}}, density, country of a French commune): no parameter holds it")
R_NO_BOX = "trafilatura dropped this infobox: the pipe text has no infobox table"
R_MEDALS = ("medal table: wikitext gives competition names and per-medal counts as parameters "
            "(or CM, argent CM ...); the rendering a table, one row per competition, one column per medal")
R_LABEL_LOST = ("the pipe text lost this row's label cell or joined it with a neighbour, so the row is a "
                "label-less header/footer or has another key (pipe-text reader)")
R_NO_TYPE = "no mapping for this infobox type: HTML keeps data-mw parameter names, pipe text label slugs"
R_JOINED = ("pipe text joins a cell's lines: a list becomes one value "
            "(name splitting only knows persons and organisations)")
R_DATE_TEXT = ("values.py: the date parser keeps or drops the text around a date differently "
               "('(aged 79) Barcelona', 'Ange Santini (LR' lose a parenthesis)")
R_DUP = "the rendering shows one row for two parameters with the same value (région = collectivité = Corse)"
R_COLUMNS = "the rendering's per-column rows (sides) come from a table the other form gives as parameters or lines"
R_TEMPLATE_DOC = "a template documentation page: placeholders ({{{era}}}) rendered in one form, not the other"
R_PIPE_VERSIONS = "the two trafilatura versions render this infobox differently (rows kept, split or dropped)"
R_HTML_SPLIT = "the HTML reader splits this row differently (coordinates beside the capital, extra text lines)"

R_HEADER = ("the heading line 'Single by R.E.M. / from the album Reckoning' is a row in pipe text (artist, album "
            "by prefix) and part of the infobox heading in HTML")
R_DOUBLE_DATE = ("pipe text keeps both renderings of {{Start date and age}} ('March 31, 2014; 9 years ago "
                 "(2014-03-31)'): the date twice")
R_LINKS_LOST = "trafilatura dropped the linked words of this cell ('Russell Investments Center, , U.S.')"
R_CELL_LOST = "trafilatura dropped the date line of this cell ('Naissance | Casablanca (Maroc)')"

#: Differences of one page, by (key or "key#side" or "*", pair) -> reason.
KNOWN_DIFFERENCES: dict[str, dict[tuple[str, str], str]] = {
    '(Dont_Go_Back_To)_Rockville': {
        ('album', 'html~pipe'): R_HEADER,
        ('artist', 'html~pipe'): R_HEADER,
        ('footer', 'html~pipe'): R_LABEL_LOST,
        ('footer#1', 'html~pipe-2.2'): R_LABEL_LOST,
        ('footer#2', 'html~pipe-2.2'): R_LABEL_LOST,
        ('footer#3', 'html~pipe-2.2'): R_LABEL_LOST,
        ('genre', 'html~pipe'): R_LABEL_LOST,
        ('producer', 'html~pipe'): R_LABEL_LOST,
        ('r_e_m_singles_chronology#1', 'html~pipe'): R_LABEL_LOST,
        ('r_e_m_singles_chronology#2', 'html~pipe'): R_LABEL_LOST,
        ('r_e_m_singles_chronology#3', 'html~pipe'): R_LABEL_LOST,
        ('writer', 'html~pipe'): R_LABEL_LOST,
    },
    '.NET_Foundation': {
        ('formation', 'html~pipe'): R_DOUBLE_DATE,
        ('header', 'html~pipe-2.2'): R_LABEL_LOST,
        ('leader_name', 'html~pipe'): R_LABEL_LOST,
        ('tax_id', 'html~pipe'): R_LABEL_LOST,
    },
    'Alexandros_Ioannis_Ginnis': {
        ('birth_date', 'html~pipe'): R_LABEL_LOST,
        ('championnats_du_monde#1', 'html~pipe'): R_MEDALS,
        ('championnats_du_monde#2', 'html~pipe'): R_MEDALS,
        ('championnats_du_monde#3', 'html~pipe'): R_MEDALS,
        ('coupe_du_monde_épreuves#1', 'html~pipe'): R_MEDALS,
        ('coupe_du_monde_épreuves#2', 'html~pipe'): R_MEDALS,
        ('coupe_du_monde_épreuves#3', 'html~pipe'): R_MEDALS,
        ('medals#1', 'html~pipe'): R_MEDALS,
        ('medals#2', 'html~pipe'): R_MEDALS,
        ('medals#3', 'html~pipe'): R_MEDALS,
        ('medals#4', 'html~pipe'): R_MEDALS,
    },
    'Body mass index': {
        ('footer', 'html~pipe'): R_LABEL_LOST,
    },
    'Caryophyllales': {
        ('footer', 'html~pipe'): R_LABEL_LOST,
        ('ordo', 'html~pipe'): R_JOINED,
        ('subdivision', 'html~pipe'): R_LABEL_LOST,
        ('synonyms', 'html~pipe'): R_LABEL_LOST,
    },
    'China': {
        ('area_km2', 'html~pipe-1.12'): R_PIPE_VERSIONS,
        ('capital', 'html~pipe'): R_HTML_SPLIT,
        ('cctld', 'html~pipe-2.2'): R_PIPE_VERSIONS,
        ('conference_chairman', 'html~pipe'): R_LABEL_LOST,
        ('congress_chairman', 'html~pipe'): R_LABEL_LOST,
        ('date_format', 'html~pipe'): R_LABEL_LOST,
        ('ethnic_groups', 'html~pipe'): R_LABEL_LOST,
        ('footer', 'html~pipe-2.2'): R_LABEL_LOST,
        ('gini', 'html~pipe'): R_HTML_SPLIT,
        ('hdi', 'html~pipe'): R_HTML_SPLIT,
        ('header', 'html~pipe'): R_LABEL_LOST,
        ('official_script', 'html~pipe'): R_LABEL_LOST,
        ('party_general_secretary_and_president', 'html~pipe'): R_LABEL_LOST,
        ('people_s_republic_proclaimed', 'html~pipe'): R_LABEL_LOST,
        ('republic_established', 'html~pipe'): R_LABEL_LOST,
        ('secretary_of_discipline_inspection_commission', 'html~pipe'): R_LABEL_LOST,
        ('total', 'html~pipe-1.12'): R_PIPE_VERSIONS,
    },
    'Francois_Lapous': {
        ('footer', 'html~pipe'): R_LABEL_LOST,
        ('occupation', 'html~pipe-2.2'): R_PIPE_VERSIONS,
    },
    'Gad_Elmaleh': {
        ('birth_date', 'html~pipe'): R_CELL_LOST,
        ('birth_place', 'html~pipe'): R_CELL_LOST,
    },
    'International_Music_Score_Library_Project': {
        ('founded', 'html~pipe'): R_JOINED,
        ('headquarters', 'html~pipe'): R_LABEL_LOST,
        ('language', 'html~pipe'): R_LABEL_LOST,
    },
    'Jose_Eduardo_Dos_Santos': {
        ('branch', 'html~pipe-2.2'): R_JOINED,
        ('death_place', 'html~pipe'): R_DATE_TEXT,
        ('office', 'html~pipe'): R_LABEL_LOST,
        ('primeminister', 'html~pipe'): R_LABEL_LOST,
        ('spouse', 'html~pipe'): R_JOINED,
        ('successor', 'html~pipe'): R_LABEL_LOST,
        ('successor#2', 'html~pipe'): R_LABEL_LOST,
        ('term', 'html~pipe'): R_LABEL_LOST,
        ('vicepresident', 'html~pipe'): R_LABEL_LOST,
    },
    'Kaori_Icho': {
        ('*', 'html~pipe'): R_NO_BOX,
    },
    'Mike_Pence': {
        ('constituency', 'html~pipe'): R_JOINED,
    },
    'O': {
        ('*', 'html~pipe'): R_NO_TYPE,
    },
    'Rougequeue_de_Hodgson': {
        ('footer', 'html~pipe'): R_LABEL_LOST,
    },
    'Sablon:Infokutija_filozof': {
        ('datoteka_potpis_frameless_120px', 'html~pipe-1.12'): R_TEMPLATE_DOC,
        ('dokumentacija_šablona', 'html~pipe-2.2'): R_TEMPLATE_DOC,
        ('resting_place', 'html~pipe'): R_TEMPLATE_DOC,
    },
    'Zillow': {
        ('footnotes', 'html~pipe-2.2'): R_PIPE_VERSIONS,
        ('header', 'html~pipe'): R_LABEL_LOST,
        ('hq_location', 'html~pipe'): R_LINKS_LOST,
        ('key_people', 'html~pipe-2.2'): R_PIPE_VERSIONS,
        ('net_income', 'html~pipe'): R_LABEL_LOST,
        ('operating_income', 'html~pipe'): R_LABEL_LOST,
        ('subsid', 'html~pipe'): R_LABEL_LOST,
        ('traded_as', 'html~pipe'): R_LABEL_LOST,
    },
    'frwiki_Alexandros_Ioannis_Ginnis': {
        ('argent_cm', 'wikitext~html'): R_MEDALS,
        ('argent_cm', 'wikitext~pipe'): R_MEDALS,
        ('argent_cn', 'wikitext~html'): R_MEDALS,
        ('argent_cn', 'wikitext~pipe'): R_MEDALS,
        ('birth_date', 'html~pipe'): R_LABEL_LOST,
        ('birth_date', 'wikitext~pipe'): R_LABEL_LOST,
        ('bronze_cm', 'wikitext~html'): R_MEDALS,
        ('bronze_cm', 'wikitext~pipe'): R_MEDALS,
        ('bronze_cn', 'wikitext~html'): R_MEDALS,
        ('bronze_cn', 'wikitext~pipe'): R_MEDALS,
        ('championnats_du_monde#1', 'html~pipe'): R_MEDALS,
        ('championnats_du_monde#1', 'wikitext~html'): R_MEDALS,
        ('championnats_du_monde#2', 'html~pipe'): R_MEDALS,
        ('championnats_du_monde#2', 'wikitext~html'): R_MEDALS,
        ('championnats_du_monde#3', 'html~pipe'): R_MEDALS,
        ('championnats_du_monde#3', 'wikitext~html'): R_MEDALS,
        ('charte', 'wikitext~html'): R_UNRENDERED,
        ('charte', 'wikitext~pipe'): R_UNRENDERED,
        ('compétition_mondiale', 'wikitext~html'): R_MEDALS,
        ('compétition_mondiale', 'wikitext~pipe'): R_MEDALS,
        ('compétition_mondiale#2', 'wikitext~html'): R_MEDALS,
        ('compétition_mondiale#2', 'wikitext~pipe'): R_MEDALS,
        ('compétition_mondiale#3', 'wikitext~html'): R_MEDALS,
        ('compétition_mondiale#3', 'wikitext~pipe'): R_MEDALS,
        ('compétition_nationale', 'wikitext~html'): R_MEDALS,
        ('compétition_nationale', 'wikitext~pipe'): R_MEDALS,
        ('coupe_du_monde_épreuves#1', 'html~pipe'): R_MEDALS,
        ('coupe_du_monde_épreuves#1', 'wikitext~html'): R_MEDALS,
        ('coupe_du_monde_épreuves#2', 'html~pipe'): R_MEDALS,
        ('coupe_du_monde_épreuves#2', 'wikitext~html'): R_MEDALS,
        ('coupe_du_monde_épreuves#3', 'html~pipe'): R_MEDALS,
        ('coupe_du_monde_épreuves#3', 'wikitext~html'): R_MEDALS,
        ('header', 'html~pipe'): R_MEDALS,
        ('header', 'wikitext~html'): R_MEDALS,
        ('image', 'wikitext~html'): R_COMPUTED,
        ('nationality_sport', 'wikitext~html'): R_COMPUTED,
        ('nationality_sport', 'wikitext~pipe'): R_COMPUTED,
        ('or_cm', 'wikitext~html'): R_MEDALS,
        ('or_cm', 'wikitext~pipe'): R_MEDALS,
        ('or_cn', 'wikitext~html'): R_MEDALS,
        ('or_cn', 'wikitext~pipe'): R_MEDALS,
    },
    'frwiki_Calvi': {
        ('coat_of_arms_caption', 'wikitext~html'): R_UNRENDERED,
        ('country', 'wikitext~html'): R_COMPUTED,
        ('country', 'wikitext~pipe'): R_COMPUTED,
        ('flag', 'wikitext~html'): R_COLUMNS,
        ('image#2', 'wikitext~html'): R_COLUMNS,
        ('leader_name', 'html~pipe'): R_DATE_TEXT,
        ('leader_name', 'wikitext~pipe'): R_DATE_TEXT,
        ('map_caption', 'wikitext~html'): R_UNRENDERED,
        ('population_density_km2', 'wikitext~html'): R_COMPUTED,
        ('population_density_km2', 'wikitext~pipe'): R_COMPUTED,
        ('population_total', 'wikitext~html'): R_COMPUTED,
        ('population_total', 'wikitext~pipe'): R_COMPUTED,
        ('subdivision_name', 'wikitext~html'): R_DUP,
        ('subdivision_name', 'wikitext~pipe'): R_DUP,
    },
    'simplewiki_Albert_Einstein': {
        ('*', 'wikitext~pipe-1.12'): R_NO_BOX,
        ('*', 'html~pipe-1.12'): R_NO_BOX,
        ('*', 'pipe-1.12~pipe-2.2'): R_NO_BOX,
        ('birth_place', 'html~pipe'): R_LABEL_LOST,
        ('birth_place', 'wikitext~pipe'): R_LABEL_LOST,
        ('death_place', 'html~pipe'): R_DATE_TEXT,
        ('death_place', 'pipe~pipe'): R_DATE_TEXT,
        ('death_place', 'wikitext~pipe'): R_DATE_TEXT,
        ('influences', 'html~pipe'): R_LABEL_LOST,
        ('influences', 'wikitext~pipe'): R_LABEL_LOST,
        ('known_for', 'html~pipe'): R_LABEL_LOST,
        ('known_for', 'wikitext~pipe'): R_LABEL_LOST,
        ('spouse', 'html~pipe'): R_LABEL_LOST,
        ('spouse', 'wikitext~pipe'): R_LABEL_LOST,
        ('thesis_url', 'wikitext~html'): R_UNRENDERED,
        ('thesis_url', 'wikitext~pipe'): R_UNRENDERED,
        ('thesis_year', 'wikitext~html'): R_UNRENDERED,
        ('thesis_year', 'wikitext~pipe'): R_UNRENDERED,
        ('workplaces', 'html~pipe'): R_LABEL_LOST,
        ('workplaces', 'pipe~pipe'): R_LABEL_LOST,
        ('workplaces', 'wikitext~pipe'): R_LABEL_LOST,
    },
}

#: Differences every page of a pair shows, by key.
GENERIC: dict[str, dict[str, str]] = {
    "wikitext~html": {"name": R_TITLE},
    "wikitext~pipe": {"name": R_TITLE, "image": R_IMAGES, "caption": R_IMAGES, "signature": R_IMAGES,
                      "image_map": R_IMAGES, "map_caption": R_IMAGES, "coat_of_arms": R_IMAGES,
                      "coat_of_arms_caption": R_IMAGES, "flag": R_IMAGES},
    "html~pipe": {"image": R_IMAGES, "caption": R_IMAGES, "signature": R_IMAGES, "image_map": R_IMAGES,
                  "map_caption": R_IMAGES, "coat_of_arms": R_IMAGES, "flag": R_IMAGES},
}


def _pair_class(a: str, b: str) -> str:
    return f"{'pipe' if a.startswith('pipe') else a}~{'pipe' if b.startswith('pipe') else b}"


def generic_reason(a: str, b: str, key: str) -> str | None:
    """The reason a difference in ``key`` between forms ``a`` and ``b`` is expected on any page."""
    return GENERIC.get(_pair_class(a, b), {}).get(key)


def known_reason(stem: str, a: str, b: str, fid: FieldId) -> str | None:
    """Why field ``fid`` may differ between forms ``a`` and ``b`` of page ``stem``, else ``None``."""
    reason = generic_reason(a, b, fid[0])
    if reason is not None:
        return reason
    page = KNOWN_DIFFERENCES.get(stem, {})
    name = fid[0] if fid[1] is None else f"{fid[0]}#{fid[1]}"
    for pair in (f"{a}~{b}", _pair_class(a, b)):
        for key in (name, "*"):
            if (key, pair) in page:
                return page[(key, pair)]
    return None


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


def test_known_differences_are_explained() -> None:
    """Every listed difference names a pair of forms the tests compare and gives a reason."""
    pairs = {f"{a}~{b}" for a, b in API_PAIRS} | {_pair_class(a, b) for a, b in API_PAIRS}
    for stem, entries in KNOWN_DIFFERENCES.items():
        for (name, pair), reason in entries.items():
            assert pair in pairs, (stem, name, pair)
            assert len(reason) > 20, (stem, name, reason)


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
