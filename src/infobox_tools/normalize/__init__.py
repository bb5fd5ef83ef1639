"""Normalisers: pure functions from a raw record to a canonical one.

:func:`normalize` resolves each infobox's type (template aliases from the mapping
files, or, for pipe text that carries no template name, inference from the labels),
maps every field to its canonical key and side, and types its text values with the
value parsers (:mod:`infobox_tools.normalize.values`) according to the kind the
mapping declares.  All knowledge about infobox types lives in ``mappings/*.toml``;
this module only applies it.

The same article must give the same record in every form (tests/test_agreement.py),
so rendered rows are brought to the shape wikitext parameters have: a caption drawn
under an image becomes its own ``caption`` field, "Min./Max." lines of a row go to the
keys whose prefixes claim them, decimal ``latitude``/``longitude`` become one
``coordinates`` value, a bare number gets the unit its mapping declares.  Full-width
rows never keep key "": a section heading becomes the ``section`` of the fields under
it (or, for types that key such rows, e.g. an officeholder's offices, a field), other
rows become ``caption``, ``header`` or ``footer``.

The input record is never modified: a new record is returned (values that are kept
as they are may be shared, they are never mutated).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from infobox_tools.normalize.keys import KeyMatch, map_key
from infobox_tools.normalize.labels import norm_label
from infobox_tools.normalize.names import split_names
from infobox_tools.normalize.registry import FieldSpec, Registry, TypeSpec, load_registry, norm_lang
from infobox_tools.normalize.values import parse_values as _parse_values
from infobox_tools.record import Field, Infobox, Record, Value

ParseValues = Callable[..., list[Value]]
_T = TypeVar("_T")

__all__ = ["normalize", "normalize_infobox", "resolve_type"]

# Kinds whose values a parser should have typed; a value left as text is worth a warning.
_TYPED_KINDS = frozenset({"number", "range", "quantity", "count", "money", "date", "daterange"})
_SPLIT_ENTITIES = frozenset({"person", "organisation"})
_MAX_LISTED = 12
_MAX_DATE_WORDS = 8  # a reader-typed "date" longer than this in a text field is a sentence
_CAPTION_KEYS = {"image": "caption", "image_map": "map_caption"}


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
    return _evolve(record, source=_evolve(record.source), infoboxes=boxes,
                   sections=list(record.sections), categories=list(record.categories),
                   warnings=list(record.warnings))


def _evolve(obj: _T, **changes: Any) -> _T:
    """What ``dataclasses.replace`` gives for the record's dataclasses, at a third of its
    cost (it runs for every field and many values of every page): a new instance with a
    shallow copy of ``obj``'s attributes and ``changes``.  The same object results because
    those classes have no ``__post_init__`` and no ``init=False`` fields; a slotted class
    has no ``__dict__`` and would fail here loudly, never silently."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__, **changes)  # not "__dict__ =": KeyMatch is frozen
    return new


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
    last_section = _last_section_index(box.fields)
    labelled = [i for i, f in enumerate(box.fields) if f.label or f.param]
    span = (labelled[0], labelled[-1]) if labelled else None  # first and last labelled row
    current: str | None = None  # the heading of a dropped heading row, for the fields under it
    for i, f in enumerate(box.fields):
        opener = _unlabelled_heading(box.fields, i, spec, label_lang)
        if opener is not None:  # spec is set when a heading is found
            fields.extend(_normalize_field(opener, map_key(opener, spec, registry.common, label_lang),
                                           spec, lang, pipetext))
        match = map_key(f, spec, registry.common, label_lang)
        if match.key == "":
            heading = norm_label(f.raw or f.text)
            if last_section.get(heading, -1) > i or (spec is not None and heading in spec.headings):
                # A section heading row, not a field: the fields under it carry it as their
                # section (set here when the reader did not).
                current = (f.raw or f.text).strip()
                continue
            match = _evolve(match, key=_full_width_key(box.fields, i, fields, span))
        if f.section is None and current is not None:
            f = _evolve(f, section=current)
        if spec is not None and match.spec is None and match.key and f.label and not f.param:
            unmapped.append(match.key)
        fields.extend(_normalize_field(f, match, spec, lang, pipetext))
    fields = _join_coordinates(fields)
    if unmapped:
        names = list(dict.fromkeys(unmapped))
        more = f" (+{len(names) - _MAX_LISTED} more)" if len(names) > _MAX_LISTED else ""
        warnings.append(f"{len(names)} label(s) not in the {spec.name!r} mapping: "  # type: ignore[union-attr]
                        f"{', '.join(names[:_MAX_LISTED])}{more}")
    return _evolve(box, type=spec.name if spec else box.type, type_source=source,
                   fields=fields, warnings=warnings)


def _join_coordinates(fields: list[Field]) -> list[Field]:
    """Decimal ``latitude`` and ``longitude`` parameters (Infobox Commune de France) as one
    ``coordinates`` field, which is what the rendered forms show ("42° 34′ 07″ nord ...")."""
    keys = [f.key for f in fields]  # one pass: this runs for every infobox
    if keys.count("latitude") != 1 or keys.count("longitude") != 1 or "coordinates" in keys:
        return fields
    lat, lon = fields[keys.index("latitude")], fields[keys.index("longitude")]
    try:
        la = float(lat.text.strip().replace(",", "."))
        lo = float(lon.text.strip().replace(",", "."))
    except ValueError:
        return fields
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        return fields
    value = Value(kind="coordinates", text=f"{lat.text.strip()}, {lon.text.strip()}", latitude=la, longitude=lo)
    joined = _evolve(lat, key="coordinates", raw=f"{lat.raw}; {lon.raw}", values=[value],
                     param=None, label=None)
    return [joined if f is lat else f for f in fields if f is not lon]


def _unlabelled_heading(raw: list[Field], i: int, spec: TypeSpec | None, lang: str) -> Field | None:
    """The heading above field ``i`` as a label-less row of its own, when it opens a new
    section that the type keys (officeholder: each office heads its block; the HTML
    reader keeps it only as the fields' ``section``, pipe text as a row, wikitext as
    ``office2``), so that every form gives the same ``office`` fields."""
    if spec is None or spec.unlabelled is None:
        return None
    section = raw[i].section
    if not section or (i and raw[i - 1].section == section):
        return None
    folded = norm_label(section)
    if folded in spec.headings or (i and not raw[i - 1].label and not raw[i - 1].param
                                   and norm_label(raw[i - 1].raw or raw[i - 1].text) == folded):
        return None  # a known section heading, or the row is there already
    if spec.field_for_label(section, lang) is not None:
        return None
    return Field(key="", raw=section, values=[Value(kind="text", text=section)])


def _last_section_index(raw: list[Field]) -> dict[str, int]:
    """The (normalised) section headings of a box's fields, each with the position of its
    last field: a label-less row whose text heads fields after it is that heading."""
    return {norm_label(f.section): i for i, f in enumerate(raw) if f.section}


def _full_width_key(raw: list[Field], i: int, done: list[Field], span: tuple[int, int] | None) -> str:
    """The key of a full-width row no mapping claims, so that no field keeps key "":
    text right under an image is its ``caption``; rows after the last labelled field
    (notes, "This box: view, talk, edit") are the ``footer``; any other (a title line,
    a column-heading row, a full-width data row) is a ``header`` row.  ``span`` is the
    index of the first and the last labelled row (precomputed: this runs per row)."""
    prev = done[-1] if done else None
    under_image = prev is not None and (prev.key in _CAPTION_KEYS or
                                        bool(prev.values) and all(v.kind == "image" for v in prev.values))
    if under_image and raw[i].values and all(v.kind == "text" for v in raw[i].values):
        return "caption"
    if span is not None and span[0] < i and i > span[1]:
        return "footer"
    return "header"


def _normalize_field(f: Field, match: KeyMatch, box: TypeSpec | None, lang: str,
                     pipetext: bool) -> list[Field]:
    values = f.values  # not modified: every step below builds a new list
    if match.rest is not None:
        values = _strip_prefix(values, match, f.raw)
    side = f.side if f.side is not None else match.side
    warnings = list(f.warnings)
    caption: list[Value] = []
    if match.spec is not None and match.spec.kind == "image" and any(v.kind == "image" for v in values):
        # Rendered forms draw the caption under the image in the same cell; wikitext
        # gives it its own parameter: the text beside an image is its caption.
        caption = [v for v in values if v.kind == "text" and v.text.strip()]
        values = [v for v in values if v.kind != "text"]
        named = _image_named_by(caption, box, lang) if box is not None else None
        if named is not None:  # "Blason" under the coat of arms: a label, not a caption
            match, caption, side = _evolve(match, key=named.key, spec=named), [], None
    values = merge_remarks(values)
    sub: list[Field] = []
    if match.spec is not None:
        values = type_values(values, match.spec, lang=lang, split=pipetext, warnings=warnings)
        if box is not None and len(values) > 1:
            values, sub = _claimed_lines(f, values, match.spec, box, lang)
    main = _evolve(f, key=match.key, side=side, values=values, warnings=warnings)
    if caption:
        cap_key = _CAPTION_KEYS.get(match.key) or (f"{match.key}_caption" if box is not None and
                                                   f"{match.key}_caption" in box.fields else "caption")
        sub.append(_evolve(f, key=cap_key, side=side, values=caption, warnings=[]))
    if sub:
        return [main, *sub]
    if match.spec is None or box is None or not (match.spec.before or match.spec.after):
        return [main]
    return _split_around(main, match.spec, box, lang)


def _image_named_by(caption: list[Value], box: TypeSpec, lang: str) -> FieldSpec | None:
    """The image field whose label is the whole caption of a rendered image ("Blason",
    "Drapeau" under a commune's side-by-side coat of arms and flag), else ``None``."""
    if len(caption) != 1:
        return None
    fs = box.field_for_label(caption[0].text, lang)
    return fs if fs is not None and fs.kind == "image" else None


def _claimed_lines(f: Field, values: list[Value], spec: FieldSpec, box: TypeSpec,
                   lang: str) -> tuple[list[Value], list[Field]]:
    """Lines of a rendered row that another key of the same kind claims by its prefix:
    "Altitude | 81 m / Min. 0 m / Max. 700 m" is elevation_m, elevation_min_m and
    elevation_max_m, which wikitext gives as three parameters."""
    keep: list[Value] = []
    moved: dict[str, list[Value]] = {}
    for i, v in enumerate(values):
        hit = box.field_for_prefix(v.text, lang) if i else None
        if hit is None or hit[0].key == spec.key or hit[0].kind != spec.kind or not hit[1]:
            keep.append(v)
            continue
        moved.setdefault(hit[0].key, []).append(_evolve(v, text=hit[1]))  # already typed
    if not keep:
        return values, []
    return keep, [_evolve(f, key=key, values=vals, warnings=[]) for key, vals in moved.items()]


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
        moved.setdefault(target, []).append(_evolve(v, inferred=True))
    extra = {key: _evolve(f, key=key, values=type_values(vals, box.fields[key], lang=lang), warnings=[])
             for key, vals in moved.items()}
    out = [extra[spec.before]] if spec.before in extra else []
    out.append(_evolve(f, values=keep))
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
            out[0] = _evolve(out[0], text=remainder)
            if not remainder:
                out.pop(0)
        break
    if not out and rest:
        return [Value(kind="text", text=rest)]
    return out


def merge_remarks(values: list[Value]) -> list[Value]:
    """Join a wholly parenthesised text value to the text value before it: rendered forms
    break "Mileva Marić (m. 1903; div. 1919)" over two lines where wikitext keeps one."""
    if len(values) < 2:  # most fields: nothing to join to
        return list(values)
    out: list[Value] = []
    for v in values:
        text = v.text.strip()
        if (out and v.kind == "text" and out[-1].kind == "text" and text.startswith("(")
                and text.endswith(")") and out[-1].text.strip() and not out[-1].text.rstrip().endswith(")")):
            prev = out[-1]
            out[-1] = _evolve(prev, text=f"{prev.text.rstrip()} {text}")
            continue
        out.append(v)
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
        if spec.kind == "text" and v.kind in ("date", "daterange") and len(v.text.split()) > _MAX_DATE_WORDS:
            v = _evolve(v, kind="text", date=None, start=None, end=None, precision=None, calendar=None)
            out.append(v)  # a caption that mentions a date is still a caption
            continue
        if v.kind != "text" or not v.text.strip():
            out.append(v)  # typed by the reader (a date template, data-mw, an image): kept
            continue
        texts = [v.text]
        if split and spec.kind == "name":
            texts = split_names(v.text, spec.entity if spec.entity in _SPLIT_ENTITIES else None)
        inferred = len(texts) > 1
        for text in texts:
            typed = _parse_one(text, spec, lang, parse)
            if spec.unit:  # "superficie = 31.2": the template renders "31,2 km2"
                typed = [_evolve(t, kind="quantity", unit=spec.unit) if t.kind in ("number", "range") else t
                         for t in typed]
            # The parsers return new values: completing them in place shares nothing.
            if len(typed) == 1 and v.link and typed[0].link is None and not inferred:
                typed[0].link = v.link
            for t in typed:
                if inferred or v.inferred:
                    t.inferred = True
                out.append(t)
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
