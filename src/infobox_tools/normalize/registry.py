"""The mapping registry: per-infobox-type TOML files, loaded and validated once per process.

Each file in ``mappings/`` describes one infobox type (``common.toml`` holds keys that
every type shares).  Knowledge about infoboxes lives in those files, not in code: the
canonical type name, the template names that mean it, and for each canonical key the
parameter aliases, the displayed labels per language, label prefixes for label-less
rows, and the value kind the parsers should expect.  The loader checks every file
(unknown kinds, misspelt attributes, one label meaning two keys) and fails with one
clear line naming the file, so a bad mapping never silently mis-types a corpus.  What it
builds (types, fields, their look-ups) is in :mod:`.spec`; the shipped registry, once
built, is cached by :mod:`.registry_cache`.

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

import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from infobox_tools.errors import InfoboxToolsError
from infobox_tools.normalize import registry_cache
from infobox_tools.normalize.labels import LANG_ALIASES, norm_label, norm_lang, norm_param, norm_type
from infobox_tools.normalize.spec import FieldSpec, Registry, TypeSpec
from infobox_tools.record import VALUE_KINDS

__all__ = ["FieldSpec", "TypeSpec", "Registry", "RegistryError", "build_registry", "load_registry",
           "norm_label", "norm_param", "norm_type", "norm_lang", "LANG_ALIASES", "MAPPINGS_DIR", "precompile"]

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
COMMON = "common"

ENTITIES = frozenset({"person", "organisation", "place", "event", "work"})
CATEGORIES = frozenset({"killed", "wounded", "captured", "missing", "civilian", "strength",
                        "total", "materiel"})
_TYPE_ATTRS = frozenset({"name", "aliases", "extends", "unlabelled", "sections", "fields", "abstract"})
_FIELD_ATTRS = frozenset({"kind", "entity", "category", "per_side", "params", "labels", "prefixes",
                          "before", "after", "unit"})


class RegistryError(InfoboxToolsError):
    """A mapping file is malformed (the message names the file and the problem)."""


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
    return _shipped(paths)


def _shipped(paths: list[Path], write: bool | None = None) -> Registry:
    """The shipped registry, from its cache when that is fresh (:mod:`.registry_cache`)."""
    return registry_cache.cached(lambda: build_registry(paths), registry_cache.build_inputs(*paths),
                                 registry_cache.cache_file(MAPPINGS_DIR), write=write)


def precompile() -> bool:
    """Write the shipped registry's cache if it is missing or stale, whatever
    ``PYTHONDONTWRITEBYTECODE`` says, as ``compileall`` does for bytecode (``make`` runs
    both after installing).  Whether a fresh cache is in place afterwards."""
    paths = list(MAPPINGS_DIR.glob("*.toml"))
    _shipped(paths, write=True)
    return registry_cache.is_fresh(registry_cache.cache_file(MAPPINGS_DIR), registry_cache.build_inputs(*paths))
