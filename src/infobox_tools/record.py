"""The canonical record: what every reader produces and every writer consumes.

A reader turns one input form (pipe-table text, wikitext, HTML) into a :class:`Record`
whose fields carry the raw text and whatever structure the form gives for free
(list items, link targets, dates from templates).  The normalisers then fill in the
canonical keys and typed values.  Writers only ever see a :class:`Record`.

Everything here is plain data: dataclasses of strings, numbers, lists and ``None``,
so that a record round-trips through JSON (:meth:`Record.to_dict` /
:meth:`Record.from_dict`) and pickles cheaply across processes.

Value kinds (``Value.kind``):

``text``       free text that no parser claimed (``text`` only).
``name``       a person, organisation, place or event (``entity`` says which, ``link``
               the article it points to).
``number``     a bare number (``number``), possibly with a ``qualifier``.
``range``      a span of numbers (``low`` and ``high``).
``quantity``   a number or range with a ``unit`` ("100,000 men", "31.2 km2").
``count``      a quantity with a ``category`` (killed, wounded, captured, missing,
               civilian, strength, total, materiel), optionally in a ``group``
               ("Northern Army").
``money``      an amount (``number`` or ``low``/``high``) with a ``currency``.
``date``       one date: ``date`` in ISO 8601 at ``precision`` (year, month, day).
``daterange``  ``start`` and ``end`` dates (either may be ``None`` for open ranges).
``unknown``    an explicit "unknown"/"n/a" in the source, with no number invented.
``image``      an image file name.
``url``        a web address.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

ValueKind = Literal[
    "text", "name", "number", "range", "quantity", "count", "money", "date",
    "daterange", "unknown", "image", "url", "bool", "coordinates",
]
Form = Literal["pipetext", "wikitext", "html"]

VALUE_KINDS: tuple[str, ...] = ValueKind.__args__  # type: ignore[attr-defined]


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out ``None``, empty lists/dicts and ``False`` flags from a serialised object."""
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {} and v is not False}


@dataclass
class Value:
    """One typed value inside a field.  Only the attributes that apply are set."""

    kind: str = "text"
    text: str = ""
    number: float | int | None = None
    low: float | int | None = None
    high: float | int | None = None
    unit: str | None = None
    category: str | None = None
    group: str | None = None
    qualifier: str | None = None  # approximate, at least, at most, estimated, over, under
    currency: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    precision: str | None = None  # year, month, day (of date/start/end)
    calendar: str | None = None  # gregorian, julian (Old Style)
    entity: str | None = None  # person, organisation, place, event
    link: str | None = None  # target article title
    url: str | None = None  # external address (a labelled external link keeps its label in text)
    latitude: float | None = None
    longitude: float | None = None
    inferred: bool = False  # True when the split/type was guessed, not given by the source
    note: str | None = None  # a parenthesised remark kept with the value ("including 10,000 reservists")
    parts: list[Value] = field(default_factory=list)  # sub-values (e.g. "of which 10,000 reservists")

    def to_dict(self) -> dict[str, Any]:
        # The same as _drop_empty over the dataclass fields, read from __dict__ with the
        # names listed once (dataclasses.fields() per value was a visible share of a dump run).
        attrs = self.__dict__
        data = {k: v for k in _VALUE_ATTRS
                if (v := attrs[k]) is not None and v is not False and v != [] and v != {}}
        data["kind"] = self.kind
        data["text"] = self.text
        if self.parts:
            data["parts"] = [p.to_dict() for p in self.parts]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Value:
        data = dict(data)
        parts = [cls.from_dict(p) for p in data.pop("parts", [])]
        return cls(parts=parts, **data)


#: Value's serialised attributes in declaration order (``parts`` is written apart).
_VALUE_ATTRS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Value) if f.name != "parts")


@dataclass
class Field:
    """One infobox field (for per-side fields: one field per side).

    ``key`` is the canonical key (the wikitext parameter name without its side number:
    ``commander`` for ``commander2``); ``param`` is the parameter name as written in
    wikitext, ``label`` the label as displayed in rendered forms.  ``side`` is the
    1-based column (belligerent) for per-side fields, else ``None``.  ``raw`` is the
    field's text verbatim as the source gave it.
    """

    key: str
    raw: str = ""
    label: str | None = None
    param: str | None = None
    side: int | None = None
    section: str | None = None  # the infobox section heading the field sits under
    values: list[Value] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key}
        data.update(_drop_empty({"label": self.label, "param": self.param, "side": self.side,
                                 "section": self.section}))
        data["raw"] = self.raw
        data["values"] = [v.to_dict() for v in self.values]
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Field:
        data = dict(data)
        values = [Value.from_dict(v) for v in data.pop("values", [])]
        return cls(values=values, **data)

    @property
    def text(self) -> str:
        """The field's values joined for display ("; " between values)."""
        return "; ".join(v.text for v in self.values) if self.values else self.raw


@dataclass
class Infobox:
    """One infobox on a page.

    ``type`` is the canonical infobox type ("military conflict"); ``template`` is the
    template name as written (wikitext) or ``None`` when the type was inferred from
    labels (``type_source`` says how: template, labels, class, data-mw).
    ``parent`` is the index in ``Record.infoboxes`` of the infobox this one is nested in.
    """

    type: str | None = None
    template: str | None = None
    type_source: str | None = None
    title: str | None = None
    fields: list[Field] = field(default_factory=list)
    parent: int | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type}
        data.update(_drop_empty({"template": self.template, "type_source": self.type_source,
                                 "title": self.title, "parent": self.parent}))
        data["fields"] = [f.to_dict() for f in self.fields]
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Infobox:
        data = dict(data)
        fields_ = [Field.from_dict(f) for f in data.pop("fields", [])]
        return cls(fields=fields_, **data)

    def get(self, key: str, side: int | None = None) -> list[Field]:
        """All fields with canonical ``key`` (and ``side``, when given), in order."""
        return [f for f in self.fields if f.key == key and (side is None or f.side == side)]

    @property
    def keys(self) -> list[str]:
        """Canonical keys in first-seen order, without repeats."""
        return list(dict.fromkeys(f.key for f in self.fields))


@dataclass
class Block:
    """A paragraph or a list item of prose."""

    kind: str  # paragraph, item
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


@dataclass
class Section:
    """A prose section: ``heading`` is ``None`` (level 0) for the lead."""

    heading: str | None = None
    level: int = 0
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "level": self.level,
                "blocks": [b.to_dict() for b in self.blocks]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        return cls(heading=data.get("heading"), level=data.get("level", 0),
                   blocks=[Block(**b) for b in data.get("blocks", [])])


@dataclass
class Source:
    """Where a record came from: enough to cite it."""

    form: str | None = None  # pipetext, wikitext, html
    file: str | None = None
    url: str | None = None
    lang: str | None = None
    site: str | None = None  # e.g. enwiki
    page_id: int | None = None
    revision: int | None = None
    timestamp: str | None = None
    namespace: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(dataclasses.asdict(self))


@dataclass
class Record:
    """The canonical record of one article."""

    title: str
    source: Source = field(default_factory=Source)
    infoboxes: list[Infobox] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    redirect: str | None = None
    disambiguation: bool = False
    tables: int = 0  # tables dropped from the prose
    warnings: list[str] = field(default_factory=list)

    @property
    def infobox(self) -> Infobox | None:
        """The page's main (first top-level) infobox, or ``None``."""
        for box in self.infoboxes:
            if box.parent is None:
                return box
        return self.infoboxes[0] if self.infoboxes else None

    @property
    def paragraphs(self) -> list[str]:
        """All paragraph texts, in order, across sections."""
        return [b.text for s in self.sections for b in s.blocks if b.kind == "paragraph"]

    def iter_values(self) -> Iterator[tuple[int, Infobox, Field, int, Value]]:
        """(infobox index, infobox, field, value position, value) for every value."""
        for i, box in enumerate(self.infoboxes):
            for f in box.fields:
                for pos, v in enumerate(f.values):
                    yield i, box, f, pos, v

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "source": self.source.to_dict()}
        if self.redirect is not None:
            data["redirect"] = self.redirect
        if self.disambiguation:
            data["disambiguation"] = True
        data["infoboxes"] = [b.to_dict() for b in self.infoboxes]
        data["sections"] = [s.to_dict() for s in self.sections]
        data["categories"] = list(self.categories)
        data["tables"] = self.tables
        data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls(
            title=data["title"],
            source=Source(**data.get("source", {})),
            infoboxes=[Infobox.from_dict(b) for b in data.get("infoboxes", [])],
            sections=[Section.from_dict(s) for s in data.get("sections", [])],
            categories=list(data.get("categories", [])),
            redirect=data.get("redirect"),
            disambiguation=bool(data.get("disambiguation", False)),
            tables=int(data.get("tables", 0)),
            warnings=list(data.get("warnings", [])),
        )
