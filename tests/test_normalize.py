"""normalize(): type resolution and inference, key mapping and value typing on real pages
of the corpus (pipe text, wikitext) and on the reference article.

The page helpers (``_pipetext``, ``_wikitext``, ``_raw_reference``, ``_texts``) and the
reference commanders (``SIX``, ``THREE``) live here and are imported by the other
normalize test modules: name splitting is in test_normalize_names.py, full-width and
rendered rows over the whole corpus in test_normalize_rows.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from infobox_tools.normalize import normalize
from infobox_tools.record import Field, Infobox, Record, Source, Value

HAS_VALUES = importlib.util.find_spec("infobox_tools.normalize.values") is not None
needs_values = pytest.mark.skipif(not HAS_VALUES, reason="value parsers (normalize/values.py) not there yet")

SIX = ["M.A. Purkayev", "L.G. Cheremisov", "Anatoly Petrakovsky", "Ivan Baturov", "Ivan Yumashev", "V.A. Andreev"]
THREE = ["Kiichiro Higuchi", "Saburo Hagi", "Junichiro Mineki"]


def _pipetext(corpus: Path, name: str, version: str = "trafilatura-1.12.2", lang: str | None = None) -> Record:
    reader = pytest.importorskip("infobox_tools.readers.pipetext")
    text = (corpus / "pipetext" / version / f"{name}.txt").read_text(encoding="utf-8")
    return normalize(reader.read(text, title=name, source=Source(form="pipetext", lang=lang)))


def _wikitext(corpus: Path, path: str, lang: str | None = None) -> Record:
    reader = pytest.importorskip("infobox_tools.readers.wikitext")
    text = (corpus / "wikitext" / path).read_text(encoding="utf-8")
    return normalize(reader.read(text, title=Path(path).stem, source=Source(form="wikitext", lang=lang)))


def _raw_reference() -> Record:
    """The reference infobox as the pipe-text reader gives it: labels, sides, one item
    per line the rendering kept."""
    def row(label: str, side: int, *items: str) -> Field:
        key = label.lower().replace(" ", "_")
        return Field(key=key, label=label, side=side, section=label, raw=" ".join(items),
                     values=[Value(text=t) for t in items])

    fields = [
        Field(key="", raw="Part of the Soviet-Japanese War (1945)",
              values=[Value(text="Part of the Soviet-Japanese War (1945)")]),
        row("Belligerents", 1, "Soviet Union"), row("Belligerents", 2, "Japan"),
        row("Commanders and leaders", 1, " ".join(SIX)),
        row("Commanders and leaders", 2, " ".join(THREE)),
        row("Units involved", 1, "16th Army Pacific Fleet"), row("Units involved", 2, "Fifth Area Army"),
        row("Strength", 1, "100,000 men"), row("Strength", 2, "29,000 men (including 10,000 reservists)"),
        row("Casualties and losses", 1, "Unknown Red Army casualties", "Pacific Fleet: 89 killed"),
        row("Casualties and losses", 2, "Northern Army: 700-2,000 killed, 18,302 PoW",
            "3,500-3,700 Japanese civilian casualties"),
    ]
    return Record(title="Invasion of South Sakhalin", source=Source(form="pipetext"),
                  infoboxes=[Infobox(title="Invasion of South Sakhalin", fields=fields)])


def _texts(box: Infobox, key: str, side: int | None = None) -> list[str]:
    return [v.text for f in box.get(key, side) for v in f.values]


def _check_reference_keys(record: Record) -> None:
    box = record.infobox
    assert box is not None
    assert (box.type, box.type_source) == ("military conflict", "labels")
    assert _texts(box, "partof") == ["Soviet-Japanese War (1945)"]
    assert _texts(box, "combatant", 1) == ["Soviet Union"]
    assert _texts(box, "combatant", 2) == ["Japan"]
    assert _texts(box, "commander", 1) == SIX
    assert _texts(box, "commander", 2) == THREE
    assert all(v.inferred and v.kind == "name" for f in box.get("commander") for v in f.values)
    assert _texts(box, "units", 1) == ["16th Army", "Pacific Fleet"]
    assert _texts(box, "units", 2) == ["Fifth Area Army"]
    assert [v.inferred for f in box.get("units", 2) for v in f.values] == [False]
    assert set(box.keys) >= {"partof", "combatant", "commander", "units", "strength", "casualties"}
    assert not [w for w in box.warnings if "not in the" in w]


def _check_reference_values(record: Record) -> None:
    box = record.infobox
    assert box is not None
    (s1,) = [v for f in box.get("strength", 1) for v in f.values]
    assert s1.kind == "count" and s1.category == "strength" and s1.number == 100000
    (s2,) = [v for f in box.get("strength", 2) for v in f.values]
    assert s2.number == 29000
    assert any(p.number == 10000 for p in s2.parts) or "10,000 reservists" in (s2.note or "")
    c1 = [v for f in box.get("casualties", 1) for v in f.values]
    assert "Red Army" in c1[0].text and c1[0].number is None  # nothing invented
    assert (c1[1].group, c1[1].category, c1[1].number) == ("Pacific Fleet", "killed", 89)
    c2 = [v for f in box.get("casualties", 2) for v in f.values]
    killed = [v for v in c2 if v.category == "killed"]
    assert [(v.group, v.low, v.high) for v in killed] == [("Northern Army", 700, 2000)]
    assert [v.number for v in c2 if v.category == "captured"] == [18302]
    assert [(v.low, v.high) for v in c2 if v.category == "civilian"] == [(3500, 3700)]


def test_reference_hand_built_keys() -> None:
    _check_reference_keys(normalize(_raw_reference()))


@needs_values
def test_reference_hand_built_values() -> None:
    _check_reference_values(normalize(_raw_reference()))


def test_reference_through_reader_keys(reference_text: str) -> None:
    reader = pytest.importorskip("infobox_tools.readers.pipetext")
    _check_reference_keys(normalize(reader.read(reference_text, source=Source(form="pipetext"))))


@needs_values
def test_reference_through_reader_values(reference_text: str) -> None:
    reader = pytest.importorskip("infobox_tools.readers.pipetext")
    _check_reference_values(normalize(reader.read(reference_text, source=Source(form="pipetext"))))


@needs_values
def test_reference_unknown_casualties() -> None:
    box = normalize(_raw_reference()).infobox
    first = box.get("casualties", 1)[0].values[0]
    assert first.kind == "unknown" and first.text == "Unknown Red Army casualties"


def test_normalize_is_pure() -> None:
    raw = _raw_reference()
    before = raw.to_dict()
    out = normalize(raw)
    assert raw.to_dict() == before
    assert out is not raw and out.infobox is not raw.infobox
    assert raw.infobox.type is None and raw.infobox.fields[1].key == "belligerents"


@pytest.mark.parametrize("name,expected", [
    ("Mike_Pence", "officeholder"),
    ("Jose_Eduardo_Dos_Santos", "officeholder"),
    ("Yoshua_Bengio", "scientist"),
    ("Zillow", "company"),
    ("FetLife", "website"),
    ("(Dont_Go_Back_To)_Rockville", "song"),
    ("China", "country"),
    ("Nephrite", "mineral"),
    ("Caryophyllales", "taxobox"),
    ("Rougequeue_de_Hodgson", "taxobox"),
    ("frwiki_Calvi", "settlement"),
    ("Alexandros_Ioannis_Ginnis", "sportsperson"),
    ("Francois_Lapous", "person"),
    ("Sablon:Infokutija_filozof", "philosopher"),
])
def test_type_inference_on_pipetext(corpus: Path, name: str, expected: str) -> None:
    box = _pipetext(corpus, name).infobox
    assert box is not None
    assert (box.type, box.type_source) == (expected, "labels")


def test_no_type_guessed_from_too_little(corpus: Path) -> None:
    """One label shared by several types ("Synonyms") is too little to guess a type; the
    page's full set (MeSH, MedlinePlus, LOINC) names Infobox diagnostic."""
    reader = pytest.importorskip("infobox_tools.readers.pipetext")
    text = (corpus / "pipetext" / "trafilatura-2.2.0" / "Body mass index.txt").read_text(encoding="utf-8")
    raw = reader.read(text, title="Body mass index", source=Source(form="pipetext"))
    few = raw.infoboxes[0]
    few = Infobox(fields=[f for f in few.fields if f.label == "Synonyms"])
    assert few.fields
    box = normalize(Record(title="Body mass index", source=Source(form="pipetext"), infoboxes=[few])).infobox
    assert box is not None and box.type is None and box.type_source is None
    full = normalize(raw).infobox
    assert full is not None and (full.type, full.type_source) == ("diagnostic", "labels")


def test_mike_pence_fields(corpus: Path) -> None:
    box = _pipetext(corpus, "Mike_Pence", lang="simple").infobox
    assert _texts(box, "office")[:2] == ["48th Vice President of the United States", "50th Governor of Indiana"]
    terms = box.get("term")
    assert len(terms) == 4 and all(not v.text.lower().startswith("in office") for f in terms for v in f.values)
    assert _texts(box, "predecessor")[:2] == ["Joe Biden", "Mitch Daniels"]
    assert _texts(box, "lieutenant") == ["Sue Ellspermann", "Eric Holcomb"]
    assert _texts(box, "party") == ["Republican"]
    assert len(box.get("birth_date")) == 1 and len(box.get("spouse")) == 1
    assert "Personal details" not in _texts(box, "office")  # a section heading, not an office
    assert box.get("signature") and _texts(box, "signature") == []


@needs_values
@pytest.mark.parametrize("name,birth_name,date,place", [
    ("Mike_Pence", ["Michael Richard Pence"], "1959-06-07", ["Columbus, Indiana, U.S."]),
    ("Yoshua_Bengio", [], "1964-03-05", ["Paris, France"]),  # rendered place first
])
def test_born_row_split(corpus: Path, name: str, birth_name: list[str], date: str, place: list[str]) -> None:
    box = _pipetext(corpus, name).infobox
    assert _texts(box, "birth_name") == birth_name
    assert [v.date for f in box.get("birth_date") for v in f.values] == [date]
    assert _texts(box, "birth_place") == place
    assert all(v.inferred for f in box.get("birth_place") for v in f.values)
    assert {f.label for k in ("birth_name", "birth_date", "birth_place") for f in box.get(k)} == {"Born"}


def test_french_labels(corpus: Path) -> None:
    box = _pipetext(corpus, "frwiki_Calvi", lang="fr").infobox
    assert _texts(box, "country") == ["France"]
    assert _texts(box, "postal_code") and _texts(box, "population_demonym") == ["Calvais"]
    assert box.get("area_total_km2") and box.get("population_density_km2")


def test_language_guessed_from_labels(corpus: Path) -> None:
    """frwiki pipe text carries no language; its French labels do, so "31,2 km2" is 31.2."""
    from infobox_tools.normalize.registry import load_registry

    reader = pytest.importorskip("infobox_tools.readers.pipetext")
    text = (corpus / "pipetext" / "trafilatura-1.12.2" / "frwiki_Calvi.txt").read_text(encoding="utf-8")
    raw = reader.read(text, source=Source(form="pipetext"))
    assert load_registry().guess_lang(f.label for f in raw.infobox.fields if f.label) == "fr"
    assert load_registry().guess_lang(["Born", "Died", "Spouse"]) is None
    if HAS_VALUES:
        (area,) = [v for f in normalize(raw).infobox.get("area_total_km2") for v in f.values]
        assert (area.kind, area.number, area.unit) == ("quantity", 31.2, "km2")


def test_wikitext_faroese_template(corpus: Path) -> None:
    box = _wikitext(corpus, "fowiki/Klaksvikar_kommuna.txt", lang="fo").infobox
    assert (box.type, box.type_source) == ("settlement", "template")
    (mayor,) = [v for f in box.get("leader_name") for v in f.values]
    assert mayor.text == "Jógvan Skorheim"
    assert box.get("population_total") and box.get("website")


def test_wikitext_nynorsk_and_german_company(corpus: Path) -> None:
    statoil = _wikitext(corpus, "wtf_wikipedia_cache/statoil.txt", lang="nn").infobox
    assert statoil.type == "company"
    assert {"name", "type", "founded", "hq_location", "industry", "revenue", "website"} <= set(statoil.keys)
    bbdo = _wikitext(corpus, "wtf_wikipedia_cache/BBDO.txt", lang="de").infobox
    assert bbdo.type == "company" and {"hq_location", "founded", "key_people"} <= set(bbdo.keys)


def test_wikitext_numbered_params(corpus: Path) -> None:
    box = _wikitext(corpus, "wtf_wikipedia_cache/Senate_of_Pakistan.txt").infobox
    assert box.type == "legislature"
    leaders = box.get("leader")
    assert [f.side for f in leaders][:2] == [1, 2]
    assert [f.side for f in box.get("leader_type")][:2] == [1, 2]


def test_template_alias_keeps_template_source() -> None:
    raw = Record(title="t", source=Source(form="wikitext"), infoboxes=[Infobox(
        type="battle", template="Infobox battle", type_source="template", fields=[
            Field(key="combatant", param="combatant2", raw="Japan", values=[Value(text="Japan")]),
            Field(key="date", param="date", raw="x", values=[Value(kind="date", text="11 August 1945",
                                                                      date="1945-08-11", precision="day")]),
        ])])
    box = normalize(raw).infobox
    assert (box.type, box.type_source) == ("military conflict", "template")
    assert (box.fields[0].key, box.fields[0].side) == ("combatant", 2)
    assert box.fields[1].values[0].date == "1945-08-11"  # typed by the reader: kept


def test_unknown_type_keeps_keys() -> None:
    raw = Record(title="t", source=Source(form="wikitext"), infoboxes=[Infobox(
        type="korean name transcription", template="Infobox Korean name transcription", type_source="template", fields=[
            Field(key="hangul", param="Hangul", raw="청자", values=[Value(text="청자")]),
            Field(key="rr", param="rr2", raw="x", values=[Value(text="x")]),
        ])])
    box = normalize(raw).infobox
    assert box.type == "korean name transcription"
    assert [(f.key, f.side) for f in box.fields] == [("hangul", None), ("rr", 2)]
    assert any("no mapping" in w for w in box.warnings)


def test_unknown_type_on_real_page(corpus: Path) -> None:
    """Infobox UK Bus has no mapping: the type and the parameter names stay, one warning says so."""
    box = _wikitext(corpus, "wtf_wikipedia_cache/Alexander-Y-Type.txt").infobox
    assert box.type == "uk bus" and box.type_source == "template"
    assert [w for w in box.warnings if "no mapping" in w]
    keys = {f.param: f.key for f in box.fields}
    assert keys["manufacturer"] == "manufacturer" and keys["chassis"] == "chassis"  # kept as written
    assert keys["imagesize"] == "image_size"  # shared keys (common.toml) still map
    assert not any(f.warnings for f in box.fields)


def test_language_argument_wins() -> None:
    raw = Record(title="t", source=Source(form="html", lang="en"), infoboxes=[Infobox(fields=[
        Field(key="naissance", label="Naissance", raw="1 janvier 1900", values=[Value(text="1 janvier 1900")]),
        Field(key="décès", label="Décès", raw="2 février 1950", values=[Value(text="2 février 1950")]),
        Field(key="nationalité", label="Nationalité", raw="Française", values=[Value(text="Française")]),
    ])])
    box = normalize(raw, lang="fr").infobox
    assert box.type == "person"
    assert box.keys == ["birth_date", "death_date", "nationality"]


def test_memoised_key_mapping_answers_as_the_first_time() -> None:
    """keys.map_key memoises named fields per type: the second page of a type gets the
    same keys as the first, and the memo never mixes types or languages."""
    from infobox_tools.normalize.keys import _map_named, map_key
    from infobox_tools.normalize.registry import load_registry

    registry = load_registry()
    person, battle = registry.resolve("person"), registry.resolve("military conflict")
    assert person is not None and battle is not None
    fields = [Field(key="", param="birth_date"), Field(key="", param="commander2"),
              Field(key="", label="Naissance"), Field(key="", label="Born"), Field(key="", param="made_up_9")]
    for spec in (person, battle, None):
        for lang in ("en", "fr"):
            for f in fields:
                first = map_key(f, spec, registry.common, lang)
                assert map_key(f, spec, registry.common, lang) is first
                assert first == _map_named(f, spec, registry.common, lang)
    record = Record(title="x", source=Source(form="wikitext", lang="en"),
                    infoboxes=[Infobox(type="person", fields=[Field(key="", param="birth_date", raw="June 7, 1959",
                                                                    values=[Value(text="June 7, 1959")])])])
    assert normalize(record) == normalize(record)
