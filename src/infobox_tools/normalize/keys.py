"""Key mapping: which canonical key (and side) a raw field stands for.

A raw field names itself by its wikitext parameter (``commander2``), its displayed
label ("Commanders and leaders", "Naissance") or, for label-less header rows, by the
start of its text ("Part of the Soviet-Japanese War (1945)").  The registry's indexes
answer all three; this module only decides the order and what to keep when nothing
matches (the parameter name or label slug, so no information is lost).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from infobox_tools.normalize.registry import FieldSpec, TypeSpec, norm_label, norm_param
from infobox_tools.record import Field

_SLUG_RE = re.compile(r"[^\w]+")
_TRAILING_NUMBER_RE = re.compile(r"^(?!.*(?:km|mi|_m|ft|sq)\d$)(.*?[^\d_])_?(\d{1,2})$")
_MID_NUMBER_RE = re.compile(r"^(.*?[^\d_])_?(\d{1,2})_([a-z][\w-]*)$")
# "Anthem: March of the Volunteers": a label and its value rendered in one full-width cell.
_INLINE_LABEL_RE = re.compile(r"^\s*([^\n:：]{2,40}?)\s*[:：]\s*(.*)$", re.S)


@dataclass(frozen=True)  # frozen: map_key hands the same match to every field it memoises
class KeyMatch:
    """The outcome of mapping one field."""

    key: str
    spec: FieldSpec | None = None
    side: int | None = None
    rest: str | None = None  # for a prefix match: the row's text after the prefix
    how: str = "none"  # param, label, prefix, unlabelled, none


def slug(text: str) -> str:
    """A label as a key-like word ("Casualties and losses" -> "casualties_and_losses")."""
    return _SLUG_RE.sub("_", norm_label(text)).strip("_")


def fallback_key(field: Field) -> tuple[str, int | None]:
    """The key to keep for a field no mapping knows: its parameter without the side
    number, else its label slug, else the reader's provisional key."""
    if field.param:
        p = norm_param(field.param)
        m = _TRAILING_NUMBER_RE.match(p)
        if m:
            return m.group(1), int(m.group(2))
        m = _MID_NUMBER_RE.match(p)
        if m:
            return f"{m.group(1)}_{m.group(3)}", int(m.group(2))
        return p, None
    if field.label:
        return slug(field.label), None
    return norm_param(field.key) if field.key else "", None


def _lookup(spec: TypeSpec, field: Field, lang: str, shared: Collection[str] = ()) -> KeyMatch | None:
    """The parameter decides (the HTML reader takes it from Parsoid's data-mw, wikitext
    has nothing else), except where the label names a row built from several parameters:
    "Born" shows birth_date and birth_place, and data-mw names only one of them, so the
    label's key wins and its before/after keys take the rest of the row.  Likewise a
    label of this type's own wins over a parameter that only a key every type shares
    (``shared``) knows: data-mw names the parameter of a nested template ("nom" of the
    intercommunality link), not the row's."""
    # With neither parameter nor label, the reader's provisional key is the only name
    # ("image" for a rendered picture): look it up as a parameter.
    param = field.param or (field.key if not field.label else None)
    hit = spec.field_for_param(param) if param else None
    fs = spec.field_for_label(field.label, lang, field.section) if field.label else None
    if hit is not None and fs is not None and hit[0].key != fs.key and (
            hit[0].key in (fs.before, fs.after) or (hit[0].key in shared and fs.key not in shared)):
        return KeyMatch(key=fs.key, spec=fs, how="label")
    if not field.label and field.section:
        # A label-less row under a heading that is itself a label ("Signature" over the
        # signature image): the heading names it, unless the parameter says otherwise.
        sec = spec.field_for_label(field.section, lang)
        if sec is not None and (hit is None or (hit[0].kind == sec.kind and hit[1] is None)):
            return KeyMatch(key=sec.key, spec=sec, how="label")
    if hit is not None:
        return KeyMatch(key=hit[0].key, spec=hit[0], side=hit[1], how="param")
    if fs is not None:
        return KeyMatch(key=fs.key, spec=fs, how="label")
    return None


def is_unlabelled(field: Field) -> bool:
    """A header row with text but neither label nor parameter ("Part of ...", "In office ...")."""
    return not field.label and not field.param and not field.key


def _inline_label(text: str, spec: TypeSpec | None, common: TypeSpec, lang: str) -> KeyMatch | None:
    """A full-width row "Label: value" whose label a mapping knows ("Anthem: ..." is the
    country's anthem): the renderer put label and value in one cell, the key is the label's."""
    m = _INLINE_LABEL_RE.match(text)
    if m is None:
        return None
    for table in (spec, common):
        if table is None:
            continue
        fs = table.field_for_label(m.group(1), lang)
        if fs is not None:
            return KeyMatch(key=fs.key, spec=fs, rest=m.group(2).strip(), how="label")
    return None


_MEMO_MAX = 1 << 15  # mappings memoised per type; forgotten all at once past this


def map_key(field: Field, spec: TypeSpec | None, common: TypeSpec, lang: str) -> KeyMatch:
    """Map one raw field to its canonical key within ``spec`` (or the common keys)."""
    if is_unlabelled(field):
        return _map_unlabelled(field, spec, common, lang)
    # A named field maps by its parameter, label, provisional key and section alone, and
    # those repeat on every page of a type ("birth_date", "Born"): memoised on the type.
    # The entry keeps ``common`` to be sure it was made with the same common keys.
    table = spec if spec is not None else common
    memo_key = (lang, field.param, field.label, field.key, field.section, spec is None)
    hit = table.key_memo.get(memo_key)
    if hit is not None and hit[0] is common:
        match: KeyMatch = hit[1]
        return match
    match = _map_named(field, spec, common, lang)
    if len(table.key_memo) >= _MEMO_MAX:
        table.key_memo.clear()
    table.key_memo[memo_key] = (common, match)
    return match


def _map_named(field: Field, spec: TypeSpec | None, common: TypeSpec, lang: str) -> KeyMatch:
    """A field with a parameter, label or provisional key: the type's keys, the common
    ones, else the key it is kept under (:func:`fallback_key`)."""
    for table in (spec, common):
        if table is None:
            continue
        match = _lookup(table, field, lang, common.fields.keys() if table is spec else ())
        if match is not None:
            return match
    key, side = fallback_key(field)
    return KeyMatch(key=key, side=side)


def _map_unlabelled(field: Field, spec: TypeSpec | None, common: TypeSpec, lang: str) -> KeyMatch:
    """A label-less row: a section heading, a label alone, a prefix, "Label: value",
    else the type's key for such rows."""
    text = field.raw or field.text
    if spec is not None:
        if norm_label(text) in spec.headings:  # a section heading row, not a field
            return KeyMatch(key="")
        whole = spec.field_for_label(text, lang)
        if whole is not None:  # a label whose value the rendering dropped (an image)
            return KeyMatch(key=whole.key, spec=whole, rest="", how="label")
    for table in (spec, common):
        if table is None:
            continue
        hit = table.field_for_prefix(text, lang)
        if hit is not None:
            return KeyMatch(key=hit[0].key, spec=hit[0], rest=hit[1], how="prefix")
    inline = _inline_label(text, spec, common, lang)
    if inline is not None:
        return inline
    if spec is not None and spec.unlabelled:
        return KeyMatch(key=spec.unlabelled, spec=spec.fields[spec.unlabelled], how="unlabelled")
    return KeyMatch(key="")
