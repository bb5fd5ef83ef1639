"""Normalisers: pure functions from a raw record to a canonical one.

:func:`normalize` resolves each infobox's type (template aliases from the mapping
files, or, for pipe text that carries no template name, inference from the labels),
maps every field to its canonical key and side, and types its text values with the
value parsers (:mod:`infobox_tools.normalize.values`) according to the kind the
mapping declares.  All knowledge about infobox types lives in ``mappings/*.toml``;
this module only applies it.

The input record is never modified: a new record is returned (values that are kept
as they are may be shared, they are never mutated).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from infobox_tools.normalize.keys import KeyMatch, map_key
from infobox_tools.normalize.names import split_names
from infobox_tools.normalize.registry import FieldSpec, Registry, TypeSpec, load_registry, norm_lang
from infobox_tools.record import Field, Infobox, Record, Value

try:  # the value parsers are written in parallel; key mapping must work without them
    from infobox_tools.normalize.values import parse_values as _parse_values
except ModuleNotFoundError as exc:  # pragma: no cover - only while values.py is missing
    if exc.name != "infobox_tools.normalize.values":
        raise  # a missing dependency inside values.py is a real error
    _parse_values = None

ParseValues = Callable[..., list[Value]]

__all__ = ["normalize", "normalize_infobox", "resolve_type"]

# Kinds whose values a parser should have typed; a value left as text is worth a warning.
_TYPED_KINDS = frozenset({"number", "range", "quantity", "count", "money", "date", "daterange"})
_SPLIT_ENTITIES = frozenset({"person", "organisation"})
_MAX_LISTED = 12


def normalize(record: Record, *, lang: str | None = None) -> Record:
    """Return a new record with canonical infobox types, keys, sides and typed values.

    ``lang`` (else ``record.source.lang``, else the language the infobox labels are
    in, else English) selects the label language and the number/date conventions of
    the value parsers.  ``record.source.lang`` is left as the source gave it.
    """
    registry = load_registry()
    code = lang or record.source.lang
    if code is None:  # pipe text and bare HTML say nothing: their labels do
        code = registry.guess_lang(f.label for box in record.infoboxes for f in box.fields if f.label) or "en"
    pipetext = record.source.form == "pipetext"
    boxes = [normalize_infobox(box, registry=registry, lang=code, pipetext=pipetext)
             for box in record.infoboxes]
    return replace(record, source=replace(record.source), infoboxes=boxes,
                   sections=list(record.sections), categories=list(record.categories),
                   warnings=list(record.warnings))


def resolve_type(box: Infobox, registry: Registry) -> tuple[TypeSpec | None, str | None]:
    """The mapping for ``box`` and how it was found: its type or template name through
    the aliases ("template", or the reader's own ``type_source``), else its labels."""
    for name in (box.type, box.template):
        spec = registry.resolve(name)
        if spec is not None:
            return spec, box.type_source or "template"
    if box.type is None:
        labels = [f.label for f in box.fields if f.label]
        labels += list(dict.fromkeys(f.section for f in box.fields if f.section))
        guess = registry.infer(labels)
        if guess is not None:
            return registry.types[guess[0]], "labels"
    return None, box.type_source


def normalize_infobox(box: Infobox, *, registry: Registry | None = None, lang: str = "en",
                      pipetext: bool = False) -> Infobox:
    """Normalise one infobox (see :func:`normalize`); returns a new :class:`Infobox`."""
    registry = registry or load_registry()
    spec, source = resolve_type(box, registry)
    warnings = list(box.warnings)
    if spec is None and box.type:
        warnings.append(f"no mapping for infobox type {box.type!r}: keys kept as written")
    label_lang = norm_lang(lang)
    fields: list[Field] = []
    unmapped: list[str] = []
    for f in box.fields:
        match = map_key(f, spec, registry.common, label_lang)
        if spec is not None and match.spec is None and match.key and f.label and not f.param:
            unmapped.append(match.key)
        fields.extend(_normalize_field(f, match, spec, lang, pipetext))
    if unmapped:
        names = list(dict.fromkeys(unmapped))
        more = f" (+{len(names) - _MAX_LISTED} more)" if len(names) > _MAX_LISTED else ""
        warnings.append(f"{len(names)} label(s) not in the {spec.name!r} mapping: "  # type: ignore[union-attr]
                        f"{', '.join(names[:_MAX_LISTED])}{more}")
    return replace(box, type=spec.name if spec else box.type, type_source=source,
                   fields=fields, warnings=warnings)


def _normalize_field(f: Field, match: KeyMatch, box: TypeSpec | None, lang: str,
                     pipetext: bool) -> list[Field]:
    values = list(f.values)
    if match.rest is not None:
        values = _strip_prefix(values, match, f.raw)
    side = f.side if f.side is not None else match.side
    warnings = list(f.warnings)
    if match.spec is not None:
        values = type_values(values, match.spec, lang=lang, split=pipetext, warnings=warnings)
    main = replace(f, key=match.key, side=side, values=values, warnings=warnings)
    if match.spec is None or box is None or not (match.spec.before or match.spec.after):
        return [main]
    return _split_around(main, match.spec, box, lang)


def _split_around(f: Field, spec: FieldSpec, box: TypeSpec, lang: str) -> list[Field]:
    """Move the free text around a field's typed value to the keys the mapping names:
    "Born | Michael Richard Pence June 7, 1959 Columbus, Indiana" gives birth_name,
    birth_date and birth_place.

    Only plain text moves, only when the typed value is there to anchor it, and moved
    values are marked ``inferred``.  Rendered text sometimes puts the place first
    ("Paris, France | March 5, 1964"), so text before the anchor that is a comma list
    goes to the ``after`` key: names are not comma lists, places usually are.
    """
    anchors = [i for i, v in enumerate(f.values) if v.kind == spec.kind]
    if not anchors:
        return [f]
    first, last = anchors[0], anchors[-1]
    keep = list(f.values[first:last + 1])
    moved: dict[str, list[Value]] = {}
    for i, v in enumerate(f.values):
        if first <= i <= last:
            continue
        target = spec.after if i > last or "," in v.text else spec.before
        if v.kind != "text" or target is None:
            keep.insert(0, v) if i < first else keep.append(v)
            continue
        moved.setdefault(target, []).append(replace(v, inferred=True))
    extra = {key: replace(f, key=key, values=type_values(vals, box.fields[key], lang=lang), warnings=[])
             for key, vals in moved.items()}
    out = [extra[spec.before]] if spec.before in extra else []
    out.append(replace(f, values=keep))
    if spec.after in extra:
        out.append(extra[spec.after])
    return out


def _strip_prefix(values: list[Value], match: KeyMatch, raw: str) -> list[Value]:
    """Values of a prefix-claimed row without the prefix ("Part of the X" -> "X"); when
    the prefix is a value of its own ("Part of the" + linked "X") that value is dropped."""
    rest = match.rest or ""
    text = raw.strip() or " ".join(v.text.strip() for v in values)
    cut = text.rfind(rest) if rest else len(text)
    prefix = text[:cut].strip().casefold() if cut >= 0 else ""
    out = list(values)
    while out and prefix:
        head = out[0].text.strip()
        folded = head.casefold()
        if prefix.startswith(folded):  # the whole value is (part of) the prefix
            prefix = prefix[len(folded):].strip()
            out.pop(0)
            continue
        if folded.startswith(prefix):
            remainder = head[len(prefix):].strip(" :,")
            out[0] = replace(out[0], text=remainder)
            if not remainder:
                out.pop(0)
        break
    if not out and rest:
        return [Value(kind="text", text=rest)]
    return out


def type_values(values: list[Value], spec: FieldSpec, *, lang: str = "en", split: bool = False,
                warnings: list[str] | None = None, parse: ParseValues | None = None) -> list[Value]:
    """Type the text values of a field by its mapping's kind; already typed values stay.

    With ``split`` (pipe text, whose cells lost their line breaks) a name list with no
    separator is first split into names, each marked ``inferred``.
    """
    parse = parse or _parse_values
    out: list[Value] = []
    for v in values:
        if v.kind != "text" or not v.text.strip():
            out.append(v)
            continue
        texts = [v.text]
        if split and spec.kind == "name" and spec.entity in _SPLIT_ENTITIES:
            texts = split_names(v.text, spec.entity)
        inferred = len(texts) > 1
        for text in texts:
            typed = _parse_one(text, spec, lang, parse)
            if len(typed) == 1 and v.link and typed[0].link is None and not inferred:
                typed[0] = replace(typed[0], link=v.link)
            for t in typed:
                out.append(replace(t, inferred=True) if inferred or v.inferred else t)
    if warnings is not None and spec.kind in _TYPED_KINDS and out and all(v.kind == "text" for v in out):
        text = "; ".join(v.text for v in out)
        short = text if len(text) <= 60 else text[:57] + "..."
        warnings.append(f"no {spec.kind} found in {short!r}")
    return out


def _parse_one(text: str, spec: FieldSpec, lang: str, parse: ParseValues | None) -> list[Value]:
    if parse is None:
        kind = "name" if spec.kind == "name" else "text"
        return [Value(kind=kind, text=text.strip(), entity=spec.entity if kind == "name" else None)]
    return list(parse(text, spec.kind, lang=lang, category=spec.category, entity=spec.entity))
