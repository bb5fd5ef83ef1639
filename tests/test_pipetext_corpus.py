"""The pipe-table text reader on every real page of the corpus, in both trafilatura renderings.

The corpus holds 31 pages as pipe text, each rendered by trafilatura 1.12.2 and 2.2.0
(``pipetext/trafilatura-*/<name>.txt``).  Every page must parse; the two renderings must
agree on labels and items except where the files really differ (listed with reasons below);
and the shapes seen in real pages (offices, bullets, multi-line cells, sections inside the
infobox, later tables, notice boxes) are checked on the pages that have them.
Expectations come from reading the input files, not from the reader's output.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from infobox_tools.readers.pipetext import read, slug
from infobox_tools.record import Record, Source
from test_pipetext import _fields, _items

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
