"""The pipe-table text reader, on the reference article and on every real page of the corpus.

Expectations come from reading the input files (what a person sees in the rendered table),
not from the reader's output.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infobox_tools.errors import ParseError
from infobox_tools.readers.pipetext import read, slug, split_items
from infobox_tools.record import Field, Record, Source

OLD = "trafilatura-1.12.2"
NEW = "trafilatura-2.2.0"
SHAPES = (OLD, NEW)

# Every page of the corpus (the same 31 names in both folders).
PAGES = (
    "(Dont_Go_Back_To)_Rockville", ".NET_Foundation", "Alexandros_Ioannis_Ginnis", "Body mass index",
    "Caryophyllales", "China", "Cot_side", "FetLife", "Foobar", "Francois_Lapous", "Gad_Elmaleh",
    "ISO_IEC_8895_2", "International_Music_Score_Library_Project", "Jose_Eduardo_Dos_Santos",
    "Kane (noble family)", "Kaori_Icho", "Matrjoschka", "Matryoshka_doll", "Mike_Pence", "Nephrite", "O",
    "Rougequeue_de_Hodgson", "Sablon:Infokutija_filozof", "The Futurist", "Vereinigte_Stahlwerke",
    "Yoshua_Bengio", "Zillow", "enwikiversity_Albert_Einstein", "frwiki_Alexandros_Ioannis_Ginnis",
    "frwiki_Calvi", "simplewiki_Albert_Einstein",
)
# Pages whose text has no infobox table: prose only, lists, or (Vereinigte Stahlwerke) a data
# table further down.  simplewiki Albert Einstein lost its infobox in the 1.x rendering only.
NO_INFOBOX = {"Cot_side", "Foobar", "Kane (noble family)", "Kaori_Icho", "Matrjoschka", "The Futurist",
              "Vereinigte_Stahlwerke", "enwikiversity_Albert_Einstein"}
NO_INFOBOX_OLD_ONLY = {"simplewiki_Albert_Einstein"}

# One label each page's infobox shows (read off the files), in both renderings.
A_LABEL = {
    "(Dont_Go_Back_To)_Rockville": "Released", ".NET_Foundation": "Founder",
    "Alexandros_Ioannis_Ginnis": "Nom de naissance", "Body mass index": "MeSH",
    "Caryophyllales": "Kingdom:", "China": "Capital", "FetLife": "Written in",
    "Francois_Lapous": "Décès", "Gad_Elmaleh": "Nationalité", "ISO_IEC_8895_2": "Alias(es)",
    "International_Music_Score_Library_Project": "Owner", "Jose_Eduardo_Dos_Santos": "Preceded by",
    "Matryoshka_doll": "Inventor(s)", "Mike_Pence": "Succeeded by", "Nephrite": "Luster",
    "O": "Sistema de escrita", "Rougequeue_de_Hodgson": "Famille", "Sablon:Infokutija_filozof": "Rođenje",
    "Yoshua_Bengio": "Doctoral advisor", "Zillow": "Headquarters",
    "frwiki_Alexandros_Ioannis_Ginnis": "Entraîneur", "frwiki_Calvi": "Code postal",
    "simplewiki_Albert_Einstein": "Doctoral advisor",
}

# Where the two renderings really differ, so the labels cannot agree:
LABELS_DIFFER = {
    # 1.x runs "Internet TLD |" into the header row of the Chinese-name table below it
    "China": "1.x merges the last infobox row with the next table's first row",
    # 2.x moves the value of "Activité" into a one-column table of its own
    "Francois_Lapous": "2.x splits the last row into a separate table",
    "simplewiki_Albert_Einstein": "1.x rendering has no infobox",
    # 1.x leaves out the padding cell after the signature image, shifting the last row
    "Sablon:Infokutija_filozof": "1.x drops a padding pipe in the last row",
}
# Where 2.x joins a cell's lines with spaces, so its list items come out as one string.
ITEMS_FLATTENED = {"Jose_Eduardo_Dos_Santos", "Yoshua_Bengio", "Zillow"}


def _page(corpus: Path, shape: str, name: str) -> Record:
    path = corpus / "pipetext" / shape / f"{name}.txt"
    return read(path.read_text(encoding="utf-8"), source=Source(file=str(path)))


def _fields(record: Record, label: str, side: int | None = None) -> list[Field]:
    assert record.infobox is not None
    return [f for f in record.infobox.fields if f.label == label and (side is None or f.side == side)]


def _items(record: Record, label: str, side: int | None = None) -> list[str]:
    found = _fields(record, label, side)
    assert len(found) == 1, f"{label!r} side {side}: {len(found)} fields"
    return [v.text for v in found[0].values]


# ---------------------------------------------------------------- the reference article


@pytest.fixture(scope="module")
def sakhalin(reference_text: str) -> Record:
    return read(reference_text)


def test_reference_title_and_infobox(sakhalin: Record) -> None:
    assert sakhalin.title == "Invasion of South Sakhalin"
    assert len(sakhalin.infoboxes) == 1
    box = sakhalin.infobox
    assert box is not None and box.title == "Invasion of South Sakhalin" and box.type is None
    assert sakhalin.tables == 0
    assert sakhalin.source.form == "pipetext"
    assert not [w for w in sakhalin.warnings if "infobox" in w]


def test_reference_labels_and_sides(sakhalin: Record) -> None:
    assert sakhalin.infobox is not None
    got = [(f.label, f.side) for f in sakhalin.infobox.fields]
    expected = [(None, None)]
    for label in ("Belligerents", "Commanders and leaders", "Units involved", "Strength",
                  "Casualties and losses"):
        expected += [(label, 1), (label, 2)]
    assert got == expected
    for f in sakhalin.infobox.fields[1:]:
        assert f.key == slug(f.label or "") and f.section == f.label
    assert sakhalin.infobox.fields[1].key == "belligerents"
    assert sakhalin.infobox.fields[3].key == "commanders_and_leaders"


def test_reference_part_of_row(sakhalin: Record) -> None:
    assert sakhalin.infobox is not None
    part = sakhalin.infobox.fields[0]
    assert part.key == "" and part.label is None and part.side is None and part.section is None
    assert part.raw == "Part of the Soviet-Japanese War (1945)"
    assert [v.text for v in part.values] == ["Part of the Soviet-Japanese War (1945)"]


def test_reference_per_side_items(sakhalin: Record) -> None:
    assert _items(sakhalin, "Belligerents", 1) == ["Soviet Union"]
    assert _items(sakhalin, "Belligerents", 2) == ["Japan"]
    # the names are joined by spaces in the rendering: one item, split by the normaliser
    assert _items(sakhalin, "Commanders and leaders", 1) == [
        "M.A. Purkayev L.G. Cheremisov Anatoly Petrakovsky Ivan Baturov Ivan Yumashev V.A. Andreev"]
    assert _items(sakhalin, "Commanders and leaders", 2) == ["Kiichiro Higuchi Saburo Hagi Junichiro Mineki"]
    assert _items(sakhalin, "Units involved", 1) == ["16th Army Pacific Fleet"]
    assert _items(sakhalin, "Units involved", 2) == ["Fifth Area Army"]
    assert _items(sakhalin, "Strength", 1) == ["100,000 men"]
    assert _items(sakhalin, "Strength", 2) == ["29,000 men (including 10,000 reservists)"]


def test_reference_casualties_split_by_leftover_lines(sakhalin: Record) -> None:
    assert _items(sakhalin, "Casualties and losses", 1) == [
        "Unknown Red Army casualties", "Pacific Fleet: 89 killed"]
    assert _items(sakhalin, "Casualties and losses", 2) == [
        "Northern Army: 700-2,000 killed, 18,302 PoW", "3,500-3,700 Japanese civilian casualties"]
    side1 = _fields(sakhalin, "Casualties and losses", 1)[0]
    assert side1.raw == "Unknown Red Army casualties Pacific Fleet: 89 killed"


def test_reference_prose_is_exactly_four_paragraphs(sakhalin: Record) -> None:
    paragraphs = sakhalin.paragraphs
    assert len(paragraphs) == 4
    starts = ("The Invasion of South Sakhalin also called", "In the Treaty of Portsmouth",
              "During the Yalta Conference", "On 9 August")
    for text, start in zip(paragraphs, starts):
        assert text.startswith(start)
    assert len(sakhalin.sections) == 1
    assert sakhalin.sections[0].heading is None and sakhalin.sections[0].level == 0
    assert all(b.kind == "paragraph" for b in sakhalin.sections[0].blocks)


def test_reference_leftover_lines_and_rows_not_in_prose(sakhalin: Record) -> None:
    texts = [b.text for s in sakhalin.sections for b in s.blocks]
    assert "Unknown Red Army casualties" not in texts
    assert "Northern Army: 700-2,000 killed, 18,302 PoW" not in texts
    assert not any("|" in t for t in texts)


def test_reference_footnotes_stay_in_raw_only() -> None:
    text = ("Battle of X | ||\n---|---|---|\nBelligerents | ||\nA | B | |\nStrength | ||\n"
            "100 men[1] | 200 men[a] |\n"
            "The Battle of X was a battle that took place somewhere at some time, long ago, in a war.")
    record = read(text)
    (side1,) = _fields(record, "Strength", 1)
    assert side1.raw == "100 men[1]"
    assert [v.text for v in side1.values] == ["100 men"]
    assert _items(record, "Strength", 2) == ["200 men"]


BATTLE_1X = """Battle of Foo | ||||
---|---|---|---|---|
Part of the Bar War (1900) | ||||
|
||||
Date | 1–3 May 1900 | |||
Location | Foo Hill | |||
Belligerents | ||||
A-land | B-land | |||
Commanders and leaders | ||||
General X |
General Y
General Z |
|||
Strength | ||||
1,000 | 2,000 | |||
Casualties and losses | ||||
| 300 killed | |||
General Y
The Battle of Foo was fought between A-land and B-land in May 1900 near Foo Hill, long ago.
History[edit]
More text about the battle, long enough to be a paragraph of the history section here.
"""

BATTLE_2X = """| Battle of Foo |  |  |
|---|---|---|
| Part of the Bar War (1900) |  |  |
|  |  |  |
| Date | 1–3 May 1900 |  |
| Location | Foo Hill |  |
| Belligerents |  |  |
| A-land | B-land |  |
| Commanders and leaders |  |  |
| General X | General Y General Z |  |
| Strength |  |  |
| 1,000 | 2,000 |  |
| Casualties and losses |  |  |
|  | 300 killed |  |
The Battle of Foo was fought between A-land and B-land in May 1900 near Foo Hill, long ago.
History[edit]
More text about the battle, long enough to be a paragraph of the history section here.
"""


@pytest.mark.parametrize("text", [BATTLE_1X, BATTLE_2X], ids=["1.x", "2.x"])
def test_per_side_infobox_with_label_value_rows(text: str) -> None:
    """The reference's shape plus the rows a full battle infobox has ("Date | ..."),
    a one-sided row ("| 300 killed |") and a prose section; in both shapes."""
    record = read(text)
    assert record.title == "Battle of Foo"
    assert record.infobox is not None
    assert [(f.label, f.side) for f in record.infobox.fields] == [
        (None, None), ("Date", None), ("Location", None), ("Belligerents", 1), ("Belligerents", 2),
        ("Commanders and leaders", 1), ("Commanders and leaders", 2), ("Strength", 1), ("Strength", 2),
        ("Casualties and losses", 2)]
    assert _items(record, "Date") == ["1–3 May 1900"]
    assert _items(record, "Belligerents", 2) == ["B-land"]
    side2 = " ".join(_items(record, "Commanders and leaders", 2))
    assert side2 == "General Y General Z"
    assert _items(record, "Casualties and losses", 2) == ["300 killed"]
    assert [s.heading for s in record.sections] == [None, "History"]
    assert len(record.paragraphs) == 2 and "General Y" not in record.paragraphs


# ---------------------------------------------------------------- the whole corpus


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", PAGES, ids=PAGES)
def test_corpus_page_parses(corpus: Path, shape: str, name: str) -> None:
    record = _page(corpus, shape, name)
    assert record.title and "|" not in record.title
    blocks = [b for s in record.sections for b in s.blocks]
    assert blocks, "no prose"
    assert not any(b.text.startswith("|") or b.text.endswith("|") for b in blocks)
    has_box = name not in NO_INFOBOX and not (shape == OLD and name in NO_INFOBOX_OLD_ONLY)
    if has_box:
        assert record.infobox is not None
        labels = [f.label for f in record.infobox.fields if f.label]
        assert labels, "infobox without a labelled field"
        assert A_LABEL[name] in labels
        for f in record.infobox.fields:
            assert f.key == (slug(f.label) if f.label else "")
    else:
        assert record.infobox is None
        assert "no infobox table found" in record.warnings


def test_corpus_has_every_page(corpus: Path) -> None:
    for shape in SHAPES:
        names = {p.stem for p in (corpus / "pipetext" / shape).glob("*.txt")}
        assert names == set(PAGES)


@pytest.mark.parametrize("name", PAGES, ids=PAGES)
def test_renderings_agree_on_labels(corpus: Path, name: str) -> None:
    old, new = _page(corpus, OLD, name), _page(corpus, NEW, name)
    labels_old = [f.label for f in old.infobox.fields if f.label] if old.infobox else []
    labels_new = [f.label for f in new.infobox.fields if f.label] if new.infobox else []
    if name in LABELS_DIFFER:
        common = [lb for lb in labels_old if lb in labels_new]
        assert len(common) >= min(len(labels_old), len(labels_new)) - 1, LABELS_DIFFER[name]
        return
    assert labels_old == labels_new


@pytest.mark.parametrize("name", [p for p in PAGES if p not in LABELS_DIFFER], ids=str)
def test_renderings_agree_on_items(corpus: Path, name: str) -> None:
    old, new = _page(corpus, OLD, name), _page(corpus, NEW, name)
    if old.infobox is None:
        assert new.infobox is None
        return
    assert new.infobox is not None
    pairs = zip([f for f in old.infobox.fields if f.label], [f for f in new.infobox.fields if f.label])
    for f_old, f_new in pairs:
        items_old, items_new = [v.text for v in f_old.values], [v.text for v in f_new.values]
        if name in ITEMS_FLATTENED and items_old != items_new:
            # the same words; 2.x has lost the line breaks between them (and in "Born", the order)
            words_old = Counter(" ".join(items_old).replace("(", " ").replace(")", " ").split())
            words_new = Counter(" ".join(items_new).replace("(", " ").replace(")", " ").split())
            assert words_old == words_new, f_old.label
        else:
            assert items_old == items_new, f_old.label


# ---------------------------------------------------------------- shapes seen in the corpus


@pytest.mark.parametrize("shape", SHAPES)
def test_mike_pence_offices_and_bullets(corpus: Path, shape: str) -> None:
    record = _page(corpus, shape, "Mike_Pence")
    assert record.title == "Mike Pence"
    assert record.infobox is not None and record.infobox.title == "Mike Pence"
    unlabelled = [f.raw for f in record.infobox.fields if f.label is None]
    assert "48th Vice President of the United States" in unlabelled
    assert "In office January 20, 2017 – January 20, 2021" in unlabelled
    assert [f.section for f in _fields(record, "President")] == ["48th Vice President of the United States"]
    assert [f.section for f in _fields(record, "Lieutenant")] == ["50th Governor of Indiana"]
    assert [v.text for v in _fields(record, "Preceded by")[0].values] == ["Joe Biden"]
    assert len(_fields(record, "Preceded by")) == 4
    assert _items(record, "Children") == ["Michael", "Audrey", "Charlotte"]
    assert _items(record, "Other political affiliations") == ["Democratic (before 1983)"]
    headings = [s.heading for s in record.sections]
    assert headings[0] is None
    assert "Early life" in headings and "Personal life" in headings and "References" in headings
    assert all(s.level == 2 for s in record.sections[1:])
    assert record.sections[0].blocks[0].text.startswith("Michael Richard Pence (born June 7, 1959)")
    # the maintenance notice above the table is not prose
    assert not any("may not be easy for everybody" in p for p in record.paragraphs)


def test_zillow_list_cells_become_items(corpus: Path) -> None:
    record = _page(corpus, OLD, "Zillow")
    assert _items(record, "Founders") == ["Rich Barton", "Lloyd Frink", "Spencer Rascoff"]
    assert _items(record, "Key people")[0] == "Rich Barton (CEO)"
    assert len(_items(record, "Key people")) == 4
    assert _items(record, "Company type") == ["Public"]
    # Nasdaq listing: a list with no label in its row
    listing = [f for f in record.infobox.fields if f.label is None and "Nasdaq: Z (Class C)" in f.raw]
    assert [v.text for v in listing[0].values] == [
        "Nasdaq: Z (Class C)", "Nasdaq: ZG (Class A)", "Russell 1000 components (Z and ZG)"]


def test_jose_multiline_cells(corpus: Path) -> None:
    record = _page(corpus, OLD, "Jose_Eduardo_Dos_Santos")
    assert record.title == "José Eduardo dos Santos"
    assert _items(record, "Spouses") == ["Tatiana Kukanova(m. 1966; div. 1980)"]
    assert _items(record, "Branch/service") == ["FAPLA/EPLA (1962–1991)", "FAA/EXE (1991–2002)"]
    assert _items(record, "Political party") == ["MPLA (1958–2022)"]


def test_two_column_french_infobox_cells_on_separate_lines(corpus: Path) -> None:
    record = _page(corpus, OLD, "Gad_Elmaleh")
    assert record.title == "Gad Elmaleh"
    assert _items(record, "Naissance") == ["Casablanca (Maroc)"]
    assert _items(record, "Séries notables") == ["Huge en France"]
    lapous = _page(corpus, OLD, "Francois_Lapous")
    assert _items(lapous, "Décès") == ["Date inconnue"]
    assert [s.heading for s in lapous.sections][:3] == [None, "Poinçons", "Réalisations remarquables"]
    assert lapous.sections[1].blocks[1].kind == "item"


@pytest.mark.parametrize("shape", SHAPES)
def test_sections_in_infobox_and_multi_column_label_value_table(corpus: Path, shape: str) -> None:
    # 14 columns in 1.x, yet every row is "label | value": not a per-side infobox
    record = _page(corpus, shape, "Alexandros_Ioannis_Ginnis")
    assert record.title == "AJ Ginnis"
    assert record.infobox is not None and record.infobox.title == "Contexte général"
    assert all(f.side is None for f in record.infobox.fields if f.label)
    assert _items(record, "Sport") == ["Ski alpin"]
    assert [f.section for f in _fields(record, "Nom de naissance")] == ["Biographie"]
    assert [f.section for f in _fields(record, "Lieu de naissance")] == ["Naissance"]
    assert record.tables >= 1  # the medal tables


@pytest.mark.parametrize("shape", SHAPES)
def test_later_tables_are_counted_not_prose(corpus: Path, shape: str) -> None:
    record = _page(corpus, shape, "Body mass index")
    assert record.infobox is not None and record.infobox.title == "Body mass index (BMI)"
    assert _items(record, "LOINC") == ["39156-5"]
    assert record.tables >= 5
    texts = [b.text for s in record.sections for b in s.blocks]
    assert "Underweight (Severe thinness)" not in " ".join(texts).split(" | ")
    assert not any(t.startswith("Category") and "BMI" in t for t in texts)


def test_data_table_further_down_is_not_an_infobox(corpus: Path) -> None:
    for shape in SHAPES:
        record = _page(corpus, shape, "Vereinigte_Stahlwerke")
        assert record.infobox is None and record.tables >= 1
        assert record.paragraphs[0].startswith("Die Vereinigte Stahlwerke AG (VSt)")


def test_wiki_markup_pipes_inside_cells(corpus: Path) -> None:
    for shape in SHAPES:
        record = _page(corpus, shape, "Sablon:Infokutija_filozof")
        raws = [f.raw for f in record.infobox.fields]
        assert "[[Datoteka:{{{slika}}}|frameless|upright=1.11|alt=]]" in raws, shape
        assert _items(record, "Smrt") == ["{{{datum_smrti}}} {{{mjesto_smrti}}}"]


def test_edit_source_headings(corpus: Path) -> None:
    record = _page(corpus, NEW, "Kaori_Icho")
    assert record.title == "Kaori Icho"
    headings = [s.heading for s in record.sections]
    assert headings[:3] == [None, "Championships and accomplishments", "See also"]
    see_also = record.sections[2]
    assert [b.kind for b in see_also.blocks] == ["item"] * len(see_also.blocks)
    assert see_also.blocks[0].text == "List of multiple Olympic gold medalists"


def test_notice_box_is_not_prose(corpus: Path) -> None:
    record = _page(corpus, OLD, "Cot_side")
    assert not any("multiple issues" in b.text for s in record.sections for b in s.blocks)
    assert record.paragraphs[0].startswith("A cot side or bed guard rail")


# ---------------------------------------------------------------- building blocks and odd input


def test_split_items() -> None:
    assert split_items("• Michael\n• Audrey • Charlotte") == ["Michael", "Audrey", "Charlotte"]
    assert split_items("-\nTatiana Kukanova") == ["Tatiana Kukanova"]
    assert split_items("In\noffice 2001") == ["In office 2001"]
    assert split_items("A B C", ["B"]) == ["A", "B", "C"]
    assert split_items("Beijing[a] 39°N") == ["Beijing 39°N"]


def test_slug() -> None:
    assert slug("Commanders and leaders") == "commanders_and_leaders"
    assert slug("• 2010[11] census") == "2010_census"
    assert slug("Nationalité sportive") == "nationalité_sportive"
    assert slug("Founder(s)") == "founder_s"


@pytest.mark.parametrize("text", ["", "   \n\n", "|\n|||\n", "---|---|\n", "| --- |\n"])
def test_no_usable_content_raises(text: str) -> None:
    with pytest.raises(ParseError):
        read(text, title="Empty")


def test_prose_without_table() -> None:
    record = read("A title\nSome paragraph of prose that is long enough to be a paragraph of text.\n")
    assert record.title == "A title"
    assert record.infobox is None and "no infobox table found" in record.warnings
    assert record.paragraphs == ["Some paragraph of prose that is long enough to be a paragraph of text."]


def test_title_argument_wins(reference_text: str) -> None:
    assert read(reference_text, title="Given").title == "Given"


def test_row_overflow_is_warned() -> None:
    text = "T | |\n---|---|\nA | b | c | d |\nB | e |\nProse follows here and it is long enough to be prose text."
    record = read(text)
    assert any("do not add up to 2 columns" in w for w in record.warnings)
    assert _items(record, "B") == ["e"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab |-\n•[]1:", max_size=300))
def test_never_raises_on_odd_input(text: str) -> None:
    try:
        record = read(text)
    except ParseError:
        return
    assert isinstance(record, Record) and isinstance(record.title, str)


_LINES = st.sampled_from([
    "a |", "| a | b |", "---|---|", "|---|---|---|", "|", "||||", "x", "- item", "Heading[edit]",
    "Long paragraph of text that goes on and on. " * 3, "[[A|b]] |", "{{x|y}}", "• b", "", " | c",
    "\\| z |", "Belligerents | ||", "A | B | |",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=30))
def test_never_raises_on_table_like_input(parts: list[str]) -> None:
    try:
        record = read("\n".join(parts))
    except ParseError:
        return
    assert record.title or any("no title" in w for w in record.warnings)
    record.to_dict()


def test_linear_time(reference_text: str) -> None:
    small = reference_text * 50
    big = reference_text * 500
    start = time.perf_counter()
    read(small)
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    read(big)
    t_big = time.perf_counter() - start
    assert t_big < max(40 * t_small, 0.5)
