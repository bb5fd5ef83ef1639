"""The mapping registry: every shipped TOML file loads and is valid; look-ups by template
name, parameter and label (several languages, real names from the corpus); validation
errors name the file and the problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from infobox_tools.normalize.registry import (
    CATEGORIES,
    ENTITIES,
    MAPPINGS_DIR,
    RegistryError,
    build_registry,
    load_registry,
    norm_label,
    norm_param,
    norm_type,
)
from infobox_tools.record import VALUE_KINDS

REQUIRED_TYPES = [
    "military conflict", "military person", "military unit", "settlement", "country", "person",
    "officeholder", "football biography", "nfl biography", "baseball biography", "musical artist",
    "album", "film", "book", "writer", "scientist", "company", "organization", "university", "school",
    "newspaper", "museum", "venue", "software", "election", "hurricane", "river", "mountain", "award",
]


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def test_every_file_loads_and_every_kind_is_known(registry) -> None:
    files = sorted(MAPPINGS_DIR.glob("*.toml"))
    assert len(files) >= 30
    seen_files = {Path(t.file).name for t in registry.types.values()} | {"common.toml"}
    assert seen_files == {f.name for f in files}
    for spec in [registry.common, *registry.types.values()]:
        for fs in spec.fields.values():
            assert fs.kind in VALUE_KINDS, (spec.file, fs.key)
            assert fs.entity is None or fs.entity in ENTITIES
            assert fs.category is None or fs.category in CATEGORIES


def test_required_types_present(registry) -> None:
    missing = [t for t in REQUIRED_TYPES if t not in registry.types]
    assert missing == []


def test_loaded_once_per_process() -> None:
    assert load_registry() is load_registry()


@pytest.mark.parametrize("template,expected", [
    ("Infobox military conflict", "military conflict"),
    ("battle", "military conflict"),
    ("war", "military conflict"),
    ("Infobox_Officeholder", "officeholder"),
    ("office holder", "officeholder"),
    ("president", "officeholder"),
    ("Infobox Judge", "officeholder"),
    ("football biography 2", "football biography"),
    ("Infobox NFL player", "nfl biography"),
    ("Infoboks Kommuna", "settlement"),
    ("kommuna", "settlement"),
    ("Infoboks verksemd", "company"),
    ("Infobox Unternehmen", "company"),
    ("Inligtingskas Persoon", "person"),
    ("Inligtingskas Eilande", "island"),
    ("Infobox Commune de France", "settlement"),
    ("Infobox Sportif", "sportsperson"),
    ("Infokutija filozof", "philosopher"),
    ("Infobox UK place", "settlement"),
    ("Taxobox", "taxobox"),
])
def test_template_aliases(registry, template: str, expected: str) -> None:
    spec = registry.resolve(template)
    assert spec is not None and spec.name == expected


def test_abstract_blocks_are_not_types(registry) -> None:
    assert registry.resolve("military service") is None
    assert "allegiance" in registry.types["military person"].fields
    assert "allegiance" in registry.types["officeholder"].fields


def test_corpus_templates_resolve(registry, corpus: Path) -> None:
    """Every infobox template used in the wikitext corpus maps, except a few known gaps."""
    names = set()
    for path in (corpus / "wikitext").glob("*/*.txt"):
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"\{\{\s*((?:Infobox|Infoboks|Inligtingskas|Taxobox)[^|}<\n]*)", text)
        names.update(m.strip() for m in found)
    assert len(names) >= 30
    unmapped = sorted(n for n in names if registry.resolve(n) is None)
    assert unmapped == ["Infobox", "Infobox Grand Prix motorcycle race report",
                        "Infobox UK Bus"]


@pytest.mark.parametrize("type_,param,key,side", [
    ("military conflict", "combatant1", "combatant", 1),
    ("military conflict", "Commander2", "commander", 2),
    ("military conflict", "combatant1a", "combatant", 1),
    ("military conflict", "casualties3", "casualties", 3),
    ("military conflict", " partof ", "partof", None),
    ("person", "birth date", "birth_date", None),
    ("person", "Birth_Date", "birth_date", None),
    ("person", "geboortedatum", "birth_date", None),  # af, Mark-Behr.txt
    ("person", "dood_datum", "death_date", None),
    ("settlement", "borgarstjóri", "leader_name", None),  # fo, Klaksvikar_kommuna.txt
    ("settlement", "íbúgvar", "population_total", None),
    ("settlement", "cp", "postal_code", None),  # fr, Infobox Commune de France
    ("settlement", "subdivision_name1", "subdivision_name", 1),
    ("settlement", "area_total_km2", "area_total_km2", None),
    ("company", "Sitz", "hq_location", None),  # de, BBDO.txt
    ("company", "Gründungsdatum", "founded", None),
    ("company", "hovudkontor", "hq_location", None),  # nn, statoil.txt
    ("sportsperson", "date de naissance", "birth_date", None),  # fr, Ginnis
    ("legislature", "leader1_type", "leader_type", 1),
    ("election", "candidate2", "candidate", 2),
])
def test_param_lookup(registry, type_: str, param: str, key: str, side: int | None) -> None:
    hit = registry.types[type_].field_for_param(param)
    assert hit is not None
    assert (hit[0].key, hit[1]) == (key, side)


@pytest.mark.parametrize("type_,label,lang,key", [
    ("military conflict", "Belligerents", "en", "combatant"),
    ("military conflict", "Commanders and leaders", "en", "commander"),
    ("military conflict", "Casualties and losses:", "en", "casualties"),
    ("military conflict", "  units   involved ", "en", "units"),
    ("military conflict", "Belligérants", "fr", "combatant"),
    ("military conflict", "Konfliktparteien", "de", "combatant"),
    ("military conflict", "Baixas", "pt", "casualties"),
    ("person", "Naissance", "fr", "birth_date"),  # Gad_Elmaleh
    ("person", "Born", "simple", "birth_date"),
    ("sportsperson", "Geburtstag", "de", "birth_date"),
    ("officeholder", "Prédécesseur", "fr", "predecessor"),
    ("officeholder", "Preceded by", "en", "predecessor"),
    ("officeholder", "Spouse(s)", "en", "spouse"),
    ("philosopher", "Rođenje", "bs", "birth_date"),  # Sablon:Infokutija_filozof
    ("philosopher", "Glavni interesi", "bs", "main_interests"),
    ("taxobox", "Règne", "fr", "regnum"),  # Rougequeue_de_Hodgson
    ("settlement", "Gentilé", "fr", "population_demonym"),  # frwiki_Calvi
    ("settlement", "Code postal", "fr", "postal_code"),
    ("country", "HDI (2017)", "en", "hdi"),  # China
    ("company", "Number of employees", "en", "num_employees"),  # Zillow
    ("scientist", "Doctoral advisor", "en", "doctoral_advisor"),  # Yoshua_Bengio
    ("person", "Website", "en", "website"),  # from common.toml
])
def test_label_lookup(registry, type_: str, label: str, lang: str, key: str) -> None:
    fs = registry.types[type_].field_for_label(label, lang)
    assert fs is not None and fs.key == key


def test_section_qualified_label(registry) -> None:
    country = registry.types["country"]
    assert country.field_for_label("• Total", "en", section="GDP (PPP)").key == "gdp_ppp"
    assert country.field_for_label("• Per capita", "en", section="GDP (nominal)").key == "gdp_nominal_per_capita"
    assert country.field_for_label("Total", "en") is None  # ambiguous without its section


def test_prefix_lookup(registry) -> None:
    conflict = registry.types["military conflict"]
    fs, rest = conflict.field_for_prefix("Part of the Soviet-Japanese War (1945)", "en")
    assert (fs.key, rest) == ("partof", "Soviet-Japanese War (1945)")
    assert conflict.field_for_prefix("Partie de la Seconde Guerre mondiale", "fr")[1] == "Seconde Guerre mondiale"
    assert conflict.field_for_prefix("Partisan warfare", "en") is None  # a word, not the prefix
    holder = registry.types["officeholder"]
    fs, rest = holder.field_for_prefix("In office January 20, 2017 – January 20, 2021", "en")
    assert (fs.key, rest) == ("term", "January 20, 2017 – January 20, 2021")


def test_normalisers() -> None:
    assert norm_label("• Water (%)[3]:") == "water (%)"
    assert norm_label("Gini (2015)") == "gini"
    assert norm_param(" Birth  Date ") == "birth_date"
    assert norm_type("Infobox_Military_Conflict") == "military conflict"
    assert norm_type("Inligtingskas Persoon") == "persoon"


def test_infer_reference_labels(registry) -> None:
    labels = ["Belligerents", "Commanders and leaders", "Units involved", "Strength", "Casualties and losses"]
    assert registry.infer(labels)[0] == "military conflict"
    assert registry.infer(["Born", "Died"]) is not None and registry.infer(["Born", "Died"])[0] == "person"
    assert registry.infer(["Website"]) is None  # common keys say nothing about the type
    assert registry.infer([]) is None


# ---- validation ----------------------------------------------------------------------

def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _fails(tmp_path: Path, text: str, match: str) -> None:
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(RegistryError, match=match) as info:
        build_registry([path])
    assert "bad.toml" in str(info.value)


def test_rejects_unknown_kind(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\n[fields.a]\nkind = "colour"\n', r"unknown kind 'colour'")


def test_rejects_duplicate_label(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\n[fields.a]\nlabels.en = ["Born"]\n[fields.b]\nlabels.en = ["born:"]\n',
           r"label 'born:' \(en\) maps to both 'a' and 'b'")


def test_rejects_duplicate_param(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\n[fields.a]\nparams = ["b"]\n[fields.b]\n', r"parameter 'b' maps to both")


def test_rejects_misspelt_attribute(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\n[fields.a]\nlabel = ["Born"]\n', r"unknown attribute\(s\) label")


def test_rejects_unknown_category_and_entity(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\n[fields.a]\nkind = "count"\ncategory = "dead"\n', r"unknown category 'dead'")
    _fails(tmp_path, 'name = "x"\n[fields.a]\nkind = "name"\nentity = "animal"\n', r"unknown entity 'animal'")


def test_rejects_bad_toml_and_missing_name(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\n[fields.a\n', r"not valid TOML")
    _fails(tmp_path, '[fields.a]\nkind = "text"\n', r"missing 'name'")


def test_rejects_unknown_before_after_and_unlabelled(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\n[fields.a]\nkind = "date"\nafter = "nowhere"\n',
           r"before/after names unknown key 'nowhere'")
    _fails(tmp_path, 'name = "x"\nunlabelled = "nowhere"\n', r"'unlabelled' names unknown key 'nowhere'")


def test_rejects_unknown_parent_and_alias_clash(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\nextends = ["nothing"]\n', r"extends unknown type 'nothing'")
    a = _write(tmp_path, "a.toml", 'name = "a"\naliases = ["same"]\n')
    b = _write(tmp_path, "b.toml", 'name = "b"\naliases = ["same"]\n')
    with pytest.raises(RegistryError, match=r"alias 'same' also belongs to type 'a'"):
        build_registry([a, b])


def test_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="no mapping files"):
        load_registry(str(tmp_path))


def test_unit_needs_a_measured_kind(tmp_path: Path) -> None:
    _fails(tmp_path, 'name = "x"\n[fields.a]\nkind = "text"\nunit = "m"\n', r"a unit needs kind quantity or count")
    _fails(tmp_path, 'name = "x"\n[fields.a]\nkind = "quantity"\nunit = ""\n', r"fields.a.unit: expected a unit name")


def test_shipped_units_and_new_types() -> None:
    """Bare numbers of French communes get their unit from the mapping; the types the
    agreement corpus needed (character encoding, toy, diagnostic) resolve by template."""
    reg = load_registry()
    settlement = reg.types["settlement"]
    assert settlement.fields["area_total_km2"].unit == "km2"
    assert settlement.fields["elevation_m"].unit == "m" and settlement.fields["elevation_min_m"].unit == "m"
    assert settlement.field_for_prefix("Min. 0 m", "fr") == (settlement.fields["elevation_min_m"], "0 m")
    for template, name in [("Infobox character encoding", "character encoding"), ("Infobox toy", "toy"),
                           ("Infobox diagnostic", "diagnostic"), ("Infobox medical test", "diagnostic")]:
        spec = reg.resolve(template)
        assert spec is not None and spec.name == name
