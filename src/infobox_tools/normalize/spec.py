"""The mapping registry's data: one canonical key (:class:`FieldSpec`), one infobox type
with its look-up indexes (:class:`TypeSpec`), and all types with type inference
(:class:`Registry`).  :mod:`.registry` builds them from the TOML files; the readers and
the normaliser only ask them questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from infobox_tools.normalize.labels import norm_label, norm_lang, norm_param, norm_type

NUMBERED_RE = re.compile(r"^(.*?[^\d_])_?(\d{1,2})([a-z]?)$")
MID_NUMBERED_RE = re.compile(r"^(.*?[^\d_])_?(\d{1,2})_([a-z][\w-]*)$")  # leader1_type, taxon2_rang



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
