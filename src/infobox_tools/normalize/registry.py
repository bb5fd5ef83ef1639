"""The mapping registry: per-infobox-type TOML files, loaded and validated once per process.

Each file in ``mappings/`` describes one infobox type (``common.toml`` holds keys that
every type shares).  Knowledge about infoboxes lives in those files, not in code: the
canonical type name, the template names that mean it, and for each canonical key the
parameter aliases, the displayed labels per language, label prefixes for label-less
rows, and the value kind the parsers should expect.  The loader checks every file
(unknown kinds, misspelt attributes, one label meaning two keys) and fails with one
clear line naming the file, so a bad mapping never silently mis-types a corpus.

File layout::

    name = "military conflict"            # canonical type
    aliases = ["battle", "war"]           # template names (without "Infobox ")
    extends = ["person"]                  # inherit the fields of other types
    unlabelled = "office"                 # key for label-less rows no prefix claims
    abstract = true                       # a block for "extends" only, never a type itself
    sections.en = ["Personal details"]    # section headings that hint at this type

    [fields.commander]
    kind = "name"                         # a value kind of record.py
    entity = "person"                     # person, organisation, place, event, work
    category = "strength"                 # count category (count fields only)
    before = "birth_name"                 # text before the typed value goes to this key,
    after = "birth_place"                 # text after it to this one ("Born" rows)
    unit = "km2"                          # the unit a bare number is in (wikitext "superficie = 31.2")
    per_side = true                       # one field per belligerent column
    params = ["commanders"]               # parameter aliases (numbered forms implicit)
    labels.en = ["Commanders and leaders"]
    labels.fr = ["Commandants"]
    prefixes.en = ["Part of the", "Part of"]   # label-less rows "Part of X"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from infobox_tools.errors import InfoboxToolsError
from infobox_tools.normalize import registry_cache
from infobox_tools.normalize.labels import LANG_ALIASES, norm_label, norm_lang, norm_param, norm_type
from infobox_tools.record import VALUE_KINDS

__all__ = ["FieldSpec", "TypeSpec", "Registry", "RegistryError", "build_registry", "load_registry",
           "norm_label", "norm_param", "norm_type", "norm_lang", "LANG_ALIASES", "MAPPINGS_DIR"]

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
COMMON = "common"

ENTITIES = frozenset({"person", "organisation", "place", "event", "work"})
CATEGORIES = frozenset({"killed", "wounded", "captured", "missing", "civilian", "strength",
                        "total", "materiel"})
_TYPE_ATTRS = frozenset({"name", "aliases", "extends", "unlabelled", "sections", "fields", "abstract"})
_FIELD_ATTRS = frozenset({"kind", "entity", "category", "per_side", "params", "labels", "prefixes",
                          "before", "after", "unit"})

NUMBERED_RE = re.compile(r"^(.*?[^\d_])_?(\d{1,2})([a-z]?)$")
MID_NUMBERED_RE = re.compile(r"^(.*?[^\d_])_?(\d{1,2})_([a-z][\w-]*)$")  # leader1_type, taxon2_rang


class RegistryError(InfoboxToolsError):
    """A mapping file is malformed (the message names the file and the problem)."""


@dataclass(frozen=True)
class FieldSpec:
    """What the registry knows about one canonical key."""

    key: str
    kind: str = "text"
    entity: str | None = None
    category: str | None = None
    per_side: bool = False
    params: tuple[str, ...] = ()
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    before: str | None = None  # key for text before the typed value ("Born": birth_name)
    after: str | None = None  # key for text after it ("Born": birth_place)
    unit: str | None = None  # unit of a bare number (the template adds it when rendering)


@dataclass
class TypeSpec:
    """One infobox type with its inherited fields merged and its look-up indexes built."""

    name: str
    file: str
    aliases: tuple[str, ...] = ()
    extends: tuple[str, ...] = ()
    unlabelled: str | None = None
    abstract: bool = False  # a block other types extend; never an infobox's type by itself
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)  # with inherited ones
    own_sections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    own_fields: dict[str, FieldSpec] = field(default_factory=dict)
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    any_label: dict[str, str] = field(default_factory=dict)
    prefixes: list[tuple[str, str, str]] = field(default_factory=list)  # (norm prefix, key, lang)
    hints: frozenset[str] = frozenset()  # normalised labels and section headings, for inference
    headings: frozenset[str] = frozenset()  # normalised section headings (rows that are not fields)
    # keys.map_key's memo of named fields mapped in this type (not part of the mapping)
    key_memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False, compare=False)

    def field_for_param(self, param: str) -> tuple[FieldSpec, int | None] | None:
        """The field a parameter name means, with its side number ("commander2" -> side 2)."""
        p = norm_param(param)
        key = self.params.get(p)
        if key is not None:
            return self.fields[key], None
        m = NUMBERED_RE.match(p)
        if m:
            key = self.params.get(m.group(1)) or self.params.get(m.group(1) + m.group(3))
            if key is not None:
                return self.fields[key], int(m.group(2))
        m = MID_NUMBERED_RE.match(p)
        if m:
            key = self.params.get(f"{m.group(1)}_{m.group(3)}")
            if key is not None:
                return self.fields[key], int(m.group(2))
        return None

    def field_for_label(self, label: str, lang: str, section: str | None = None) -> FieldSpec | None:
        """The field a displayed label means, preferring the article's language; a label
        under a section heading may be listed as "Section > Label" ("Area > Total")."""
        lab = norm_label(label)
        candidates = [lab]
        if section:
            candidates.insert(0, f"{norm_label(section)} > {lab}")
        own = self.labels.get(norm_lang(lang), {})
        for cand in candidates:
            key = own.get(cand) or self.any_label.get(cand)
            if key is not None:
                return self.fields[key]
        return None

    def field_for_prefix(self, text: str, lang: str) -> tuple[FieldSpec, str] | None:
        """The field a label-less row claims by its prefix, and the rest of the text
        ("Part of the Soviet-Japanese War (1945)" -> partof, "Soviet-Japanese War (1945)")."""
        folded = text.strip().casefold()
        lang = norm_lang(lang)
        for own_lang_first in (True, False):
            for prefix, key, plang in self.prefixes:
                if (plang == lang) != own_lang_first:
                    continue
                if folded.startswith(prefix) and (len(folded) == len(prefix) or not folded[len(prefix)].isalnum()):
                    return self.fields[key], text.strip()[len(prefix):].strip(" :,")
        return None


@dataclass
class Registry:
    """All types, the template-name index and the label weights for type inference."""

    types: dict[str, TypeSpec]
    common: TypeSpec
    aliases: dict[str, str]
    weights: dict[str, float]
    label_langs: dict[str, frozenset[str]] = field(default_factory=dict)  # label -> languages using it

    def resolve(self, name: str | None) -> TypeSpec | None:
        """The type a template/type name means ("Infobox battle" -> military conflict)."""
        if not name:
            return None
        canonical = self.aliases.get(norm_type(name))
        spec = self.types.get(canonical) if canonical else None
        return None if spec is None or spec.abstract else spec

    def guess_lang(self, labels: Iterable[str]) -> str | None:
        """The language whose labels the record uses most, when it is not English.

        Pipe text carries no language; its labels do ("Naissance", "Code postal"), and
        the value parsers need it for decimal commas and month names.  A label shared
        by several languages counts for none of them.
        """
        scores: dict[str, int] = {}
        for label in labels:
            langs = self.label_langs.get(norm_label(label)) if label else None
            if langs and len(langs) == 1:
                (lang,) = langs
                scores[lang] = scores.get(lang, 0) + 1
        if not scores:
            return None
        best = max(scores, key=lambda k: (scores[k], k == "en"))
        return best if best != "en" and scores[best] >= 2 else None

    def infer(self, labels: Iterable[str], *, threshold: float = 1.5) -> tuple[str, float] | None:
        """The type whose known labels best cover ``labels`` (field labels and section
        headings), or ``None`` below ``threshold``.

        Each label scores 1/n for each of the n types that know it, so labels specific
        to one type weigh most; ties go to the type with fewer labels (the more general
        one, e.g. person over its subtypes).
        """
        seen = {norm_label(x) for x in labels if x}
        best: tuple[float, int, str] | None = None
        for spec in self.types.values():
            if spec.abstract:
                continue
            score = sum(self.weights.get(x, 0.0) for x in seen if x in spec.hints)
            if score <= 0:
                continue
            rank = (score, -len(spec.hints), spec.name)
            if best is None or rank[:2] > best[:2]:
                best = rank
        if best is None or best[0] < threshold:
            return None
        return best[2], best[0]


def _fail(file: str, reason: str) -> RegistryError:
    return RegistryError(reason, file=file)


def _strings(value: Any, file: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise _fail(file, f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _per_lang(value: Any, file: str, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _fail(file, f"{where}: expected a table of languages (labels.en = [...])")
    return {norm_lang(lang): _strings(v, file, f"{where}.{lang}") for lang, v in value.items()}


def _parse_field(key: str, data: Any, file: str) -> FieldSpec:
    where = f"fields.{key}"
    if not isinstance(data, dict):
        raise _fail(file, f"{where}: expected a table")
    unknown = set(data) - _FIELD_ATTRS
    if unknown:
        raise _fail(file, f"{where}: unknown attribute(s) {', '.join(sorted(unknown))}")
    kind = data.get("kind", "text")
    if kind not in VALUE_KINDS:
        raise _fail(file, f"{where}: unknown kind {kind!r} (known: {', '.join(VALUE_KINDS)})")
    entity = data.get("entity")
    if entity is not None and entity not in ENTITIES:
        raise _fail(file, f"{where}: unknown entity {entity!r} (known: {', '.join(sorted(ENTITIES))})")
    category = data.get("category")
    if category is not None and category not in CATEGORIES:
        raise _fail(file, f"{where}: unknown category {category!r} (known: {', '.join(sorted(CATEGORIES))})")
    if not isinstance(data.get("per_side", False), bool):
        raise _fail(file, f"{where}.per_side: expected true or false")
    return FieldSpec(
        key=key, kind=kind, entity=entity, category=category,
        per_side=data.get("per_side", False),
        params=_strings(data.get("params", []), file, f"{where}.params"),
        labels=_per_lang(data.get("labels", {}), file, f"{where}.labels"),
        prefixes=_per_lang(data.get("prefixes", {}), file, f"{where}.prefixes"),
        before=_key_name(data.get("before"), file, f"{where}.before"),
        after=_key_name(data.get("after"), file, f"{where}.after"),
        unit=_unit(data.get("unit"), kind, file, f"{where}.unit"),
    )


def _unit(value: Any, kind: str, file: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, f"{where}: expected a unit name")
    if kind not in ("quantity", "count"):
        raise _fail(file, f"{where}: a unit needs kind quantity or count, not {kind!r}")
    return value.strip()


def _key_name(value: Any, file: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, f"{where}: expected a key name")
    return norm_param(value)


def _parse_type(path: Path) -> TypeSpec:
    file = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _fail(file, f"not valid TOML: {exc}") from None
    unknown = set(data) - _TYPE_ATTRS
    if unknown:
        raise _fail(file, f"unknown top-level key(s) {', '.join(sorted(unknown))}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(file, "missing 'name' (the canonical type name)")
    fields_ = data.get("fields", {})
    if not isinstance(fields_, dict):
        raise _fail(file, "'fields' must be a table of tables")
    own = {norm_param(k): _parse_field(norm_param(k), v, file) for k, v in fields_.items()}
    unlabelled = data.get("unlabelled")
    if unlabelled is not None and not isinstance(unlabelled, str):
        raise _fail(file, "'unlabelled' must be a key name")
    return TypeSpec(
        name=norm_type(name) if path.stem != COMMON else COMMON, file=file,
        aliases=tuple(norm_type(a) for a in _strings(data.get("aliases", []), file, "aliases")),
        extends=tuple(norm_type(a) for a in _strings(data.get("extends", []), file, "extends")),
        unlabelled=unlabelled,
        abstract=bool(data.get("abstract", False)),
        sections=_per_lang(data.get("sections", {}), file, "sections"),
        own_sections=_per_lang(data.get("sections", {}), file, "sections"),
        own_fields=own,
    )


def _merged_fields(spec: TypeSpec, by_name: dict[str, TypeSpec], stack: tuple[str, ...]) -> dict[str, FieldSpec]:
    if spec.name in stack:
        raise _fail(spec.file, f"'extends' loops: {' -> '.join(stack + (spec.name,))}")
    merged: dict[str, FieldSpec] = {}
    for parent in spec.extends:
        if parent not in by_name:
            raise _fail(spec.file, f"extends unknown type {parent!r}")
        merged.update(_merged_fields(by_name[parent], by_name, stack + (spec.name,)))
    merged.update(spec.own_fields)
    return merged


def _merged_sections(spec: TypeSpec, by_name: dict[str, TypeSpec]) -> dict[str, tuple[str, ...]]:
    """Section headings of ``spec`` and of the types it extends (loops were caught by
    :func:`_merged_fields`)."""
    merged: dict[str, tuple[str, ...]] = {}
    for name in (*spec.extends, spec.name):
        headings_by_lang = spec.own_sections if name == spec.name else _merged_sections(by_name[name], by_name)
        for lang, headings in headings_by_lang.items():
            merged[lang] = tuple(dict.fromkeys(merged.get(lang, ()) + headings))
    return merged


def _build_indexes(spec: TypeSpec, common: dict[str, FieldSpec]) -> None:
    """Fill the look-up tables; a label or parameter claimed by two keys is an error."""
    all_fields = {**common, **spec.fields}
    spec.fields = all_fields
    specific = set(spec.fields) - set(common) if spec.name != COMMON else set()
    ambiguous: set[str] = set()
    hints: set[str] = set()
    for fs in all_fields.values():
        for p in (fs.key, *fs.params):
            p = norm_param(p)
            other = spec.params.get(p)
            if other not in (None, fs.key) and fs.key not in common and other not in common:
                raise _fail(spec.file, f"parameter {p!r} maps to both {other!r} and {fs.key!r}")
            if other is None or other in common:
                spec.params[p] = fs.key
        for lang, labels in fs.labels.items():
            table = spec.labels.setdefault(lang, {})
            for label in labels:
                lab = norm_label(label) if " > " not in label else " > ".join(
                    norm_label(x) for x in label.split(" > "))
                other = table.get(lab)
                if other not in (None, fs.key) and fs.key not in common and other not in common:
                    raise _fail(spec.file, f"label {label!r} ({lang}) maps to both {other!r} and {fs.key!r}")
                if other is None or other in common:
                    table[lab] = fs.key
                prev = spec.any_label.get(lab)
                if prev not in (None, fs.key) and prev not in common:
                    ambiguous.add(lab)
                elif prev is None or prev in common:
                    spec.any_label[lab] = fs.key
                if fs.key in specific:
                    hints.add(lab.split(" > ")[-1])
        for lang, prefixes in fs.prefixes.items():
            for prefix in prefixes:
                spec.prefixes.append((prefix.strip().casefold(), fs.key, lang))
    for lab in ambiguous:
        spec.any_label.pop(lab, None)
    spec.prefixes.sort(key=lambda t: -len(t[0]))
    headings = {norm_label(h) for hs in spec.sections.values() for h in hs}
    spec.headings = frozenset(headings)
    spec.hints = frozenset(hints | headings)


def build_registry(paths: Iterable[Path]) -> Registry:
    """Parse, validate and index the given mapping files."""
    by_name: dict[str, TypeSpec] = {}
    common: TypeSpec | None = None
    for path in sorted(paths):
        spec = _parse_type(path)
        if spec.name == COMMON:
            common = spec
            continue
        if spec.name in by_name:
            raise _fail(spec.file, f"type {spec.name!r} is also defined in {by_name[spec.name].file}")
        by_name[spec.name] = spec
    common = common or TypeSpec(name=COMMON, file="<none>")
    common.fields = dict(common.own_fields)
    _build_indexes(common, {})
    aliases: dict[str, str] = {}
    for spec in by_name.values():
        spec.fields = _merged_fields(spec, by_name, ())
        spec.sections = _merged_sections(spec, by_name)
        for alias in (spec.name, *spec.aliases):
            if aliases.get(alias, spec.name) != spec.name:
                raise _fail(spec.file, f"alias {alias!r} also belongs to type {aliases[alias]!r}")
            aliases[alias] = spec.name
    for spec in by_name.values():
        _build_indexes(spec, common.fields)
        if spec.unlabelled is not None and spec.unlabelled not in spec.fields:
            raise _fail(spec.file, f"'unlabelled' names unknown key {spec.unlabelled!r}")
        for fs in spec.fields.values():
            for target in (fs.before, fs.after):
                if target is not None and target not in spec.fields:
                    raise _fail(spec.file, f"fields.{fs.key}: before/after names unknown key {target!r}")
    # A label weighs 1/n for the n types that define it themselves (inheriting types
    # share their parent's weight, so "Born" counts fully for person and its subtypes).
    counts: dict[str, int] = {}
    for spec in by_name.values():
        own = {norm_label(label).split(" > ")[-1] for fs in spec.own_fields.values()
               for labels in fs.labels.values() for label in labels}
        own |= {norm_label(h) for hs in spec.own_sections.values() for h in hs}
        for hint in own:
            counts[hint] = counts.get(hint, 0) + 1
    weights = {hint: 1.0 / n for hint, n in counts.items()}
    label_langs: dict[str, set[str]] = {}
    for spec in (common, *by_name.values()):
        for lang, table in spec.labels.items():
            for lab in table:
                label_langs.setdefault(lab.split(" > ")[-1], set()).add(lang)
    return Registry(types=by_name, common=common, aliases=aliases, weights=weights,
                    label_langs={k: frozenset(v) for k, v in label_langs.items()})


@lru_cache(maxsize=4)
def load_registry(directory: str | None = None) -> Registry:
    """The registry of ``directory`` (default: the shipped mappings), loaded once per process."""
    folder = Path(directory) if directory else MAPPINGS_DIR
    paths = list(folder.glob("*.toml"))
    if not paths:
        raise RegistryError("no mapping files (*.toml) found", file=str(folder))
    if directory:
        return build_registry(paths)
    return registry_cache.cached(lambda: build_registry(paths), registry_cache.build_inputs(*paths),
                                 registry_cache.cache_file(folder))


def precompile() -> bool:
    """Build the shipped registry and write its cache whatever ``PYTHONDONTWRITEBYTECODE``
    says, as ``compileall`` does for bytecode (``make`` runs both after installing).
    False if the cache could not be written."""
    paths = list(MAPPINGS_DIR.glob("*.toml"))
    cache = registry_cache.cache_file(MAPPINGS_DIR)
    registry_cache.cached(lambda: build_registry(paths), registry_cache.build_inputs(*paths), cache, write=True)
    return cache.is_file()
