"""Why a field may differ between two forms of the same article: the list of known differences.

``test_agreement.py`` fails on any difference between forms that is not explained here.
``KNOWN_DIFFERENCES`` lists them per page, ``GENERIC`` those every page of a pair of forms
shows (pipe text has no images, for one); each entry names its reason (the ``R_*``
constants), so a newcomer can see whether a difference comes from the rendering, from
trafilatura or from one of our readers.  ``known_reason`` looks a difference up; the test
here checks that every entry names a pair of forms that is compared and gives a reason.
"""

from __future__ import annotations

from agreement_forms import API_PAIRS, FieldId

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


def test_known_differences_are_explained() -> None:
    """Every listed difference names a pair of forms the tests compare and gives a reason."""
    pairs = {f"{a}~{b}" for a, b in API_PAIRS} | {_pair_class(a, b) for a, b in API_PAIRS}
    for stem, entries in KNOWN_DIFFERENCES.items():
        for (name, pair), reason in entries.items():
            assert pair in pairs, (stem, name, pair)
            assert len(reason) > 20, (stem, name, reason)
