"""Finding infoboxes in wikitext and reading their parameters into fields.

A dump run calls this for every page, so the page is never parsed whole: a
compiled regex finds ``{{`` followed by an infobox-like name, a brace-matching
scan (which skips comments and ``<nowiki>``) finds where that template ends,
and only that span goes to mwparserfromhell's tokenizer; its parameters are cut
from the tokens, and only values with markup become node trees
(:mod:`~infobox_tools.readers.wikiparams`).  Infoboxes nested inside another
(``module=``, ``embed=yes``, ``child=yes``, inside ``{{collapsible list}}``)
are found in the parsed span and kept as their own :class:`Infobox` with
``parent`` pointing at the enclosing one.  The generic infobox's numbered rows
(``headerN``, ``labelN``, ``dataN``) are read as the rendered infobox shows them:
one labelled field per row, with the header above as its section
(:func:`pair_rows`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

from mwparserfromhell.nodes import Comment, Tag, Template

from infobox_tools.readers.wikiparams import Param, build, tokenize
from infobox_tools.readers.wikiparams import split as split_template
from infobox_tools.readers.wikitemplates import Piece, clean_nodes, clean_text, collapse, fold_name
from infobox_tools.record import Field, Infobox, Value

#: Infobox-like template names, matched case-insensitively as a prefix followed by
#: a space, an underscore or the end of the name ("Infobox officeholder",
#: "Infoboks Kommuna", "Taxobox").  The infobox type is what follows the prefix.
#: Extend with ``read(..., infobox_names=...)`` for other wikis.
INFOBOX_NAMES: tuple[str, ...] = (
    "infobox", "infoboks", "inligtingskas", "картка", "карточка", "info/", "ficha de", "infocaseta",
    "infoskreine", "bilgi kutusu", "taxobox", "chembox", "geobox", "speciesbox", "automatic taxobox",
    "subspeciesbox", "infraspeciesbox", "drugbox", "virusbox", "hybridbox", "ichnobox", "oobox",
)

#: Templates whose names look like infoboxes but are parts of one (maps, rows).
NOT_INFOBOXES: frozenset[str] = frozenset({
    "infobox mapframe", "infobox3cols", "infobox/row", "infobox medal templates", "infobox dim",
})

#: Base names whose numbered parameters are per side ("combatant2" -> key
#: "combatant", side 2).  Other numbered names keep their digit ("term_start2" is
#: the second office, not a second side).
SIDE_KEYS: frozenset[str] = frozenset({
    "combatant", "commander", "units", "strength", "casualties", "polstrength", "milstrength",
    "belligerent", "candidate", "nominee", "party", "leader", "popular_vote", "percentage", "seats_before",
    "seats_after", "seat_change", "seats", "swing", "alliance", "leaders_seat", "last_election",
    "electoral_vote", "states_carried", "running_mate", "home_state", "votes",
})

_IMAGE_KEY_RE = re.compile(r"image|logo|flag|seal|map(?!_?caption)|emblem|coat_of_arms|signature|photo|"
                           r"picture|crest|insignia|badge|bild|mynd|foto|skjaldarmerki|wapen|blazon|kort$|kaart$|"
                           r"karte$|búmerki", re.IGNORECASE)
_NOT_IMAGE_KEY_RE = re.compile(r"(caption|alt|size|upright|width|text|type|link|_?px|note)$", re.IGNORECASE)
#: Numbered rows of the generic infobox (``header3``, ``label3``, ``data3``) and of
#: label/value pairs (``statlabel1``/``statvalue1``).
_ROW_RE = re.compile(r"^(?P<prefix>[a-z]*?)[ _]?(?P<role>header|label|data|value)[ _]?(?P<n>\d+)$")
_SLUG_RE = re.compile(r"\W+")
_SIDE_RE = re.compile(r"^(.*?)[ _]?(\d+)([a-z]?)$")
_TOKEN_RE = re.compile(r"\{\{|\}\}|<!--.*?(?:-->|\Z)|<nowiki\s*>.*?(?:</nowiki\s*>|\Z)|<nowiki\s*/>",
                       re.DOTALL | re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(scan regex over page text, match regex over a folded template name) for ``names``."""
    alts = []
    for n in sorted({n.strip().lower() for n in names if n.strip()}, key=len, reverse=True):
        esc = re.escape(n).replace(r"\ ", r"[\s_]+")
        alts.append(esc if n[-1] in "/:" else esc + r"(?=[\s_|}<]|$)")
    group = "|".join(alts)
    scan = re.compile(r"\{\{\s*(?:template\s*:\s*)?(?:" + group + ")", re.IGNORECASE)
    name = re.compile(r"^(?:" + group.replace(r"(?=[\s_|}<]|$)", r"(?=[ ]|$)") + ")", re.IGNORECASE)
    return scan, name


@functools.lru_cache(maxsize=4096)  # every template of a value is asked; names repeat across pages
def infobox_type(name: str, names: tuple[str, ...] = INFOBOX_NAMES) -> str | None:
    """The normalised infobox type of a template name, or ``None`` if it is no infobox.

    ``Infobox Officeholder`` and ``infobox_officeholder`` are both "officeholder";
    a whole-name infobox (``Taxobox``) is its own type ("taxobox").
    """
    key = fold_name(name)
    if key in NOT_INFOBOXES:
        return None
    m = _patterns(names)[1].match(key)
    if not m:
        return None
    rest = key[m.end():].strip(" /:")
    return rest or key


def template_name(t: Template) -> str:
    """The template's name as written, without comments and surrounding space."""
    return collapse("".join(str(n) for n in t.name.nodes if not isinstance(n, Comment)))


def find_spans(text: str, names: tuple[str, ...] = INFOBOX_NAMES) -> Iterator[tuple[int, int, bool]]:
    """(start, end, closed) of each top-level infobox template in ``text``.

    Braces are balanced with a token scan that skips comments and ``<nowiki>``; an
    infobox that never closes runs to the end of the page (``closed`` is False).
    """
    scan = _patterns(names)[0]
    pos = 0
    while True:
        m = scan.search(text, pos)
        if m is None:
            return
        start = m.start()
        if _in_comment(text, start):
            pos = m.end()
            continue
        depth = 0
        end = len(text)
        closed = False
        for tok in _TOKEN_RE.finditer(text, start):
            t = tok.group(0)
            if t == "{{":
                depth += 1
            elif t == "}}":
                depth -= 1
                if depth == 0:
                    end = tok.end()
                    closed = True
                    break
        yield start, end, closed
        pos = end


def _in_comment(text: str, pos: int) -> bool:
    """Whether ``pos`` sits inside an HTML comment (a commented-out infobox)."""
    opened = text.rfind("<!--", 0, pos)
    return opened != -1 and text.rfind("-->", opened, pos) == -1


# mwparserfromhell's tokenizer backtracks on every unclosed tag, which is quadratic
# (earwig/mwparserfromhell#364: 12,000 "<ref>x" take 11 s, 100 KB take 35 s).  Real
# infoboxes have a handful at most; past this many, unclosed ones are escaped first.
MAX_UNCLOSED_TAGS = 20
_SENTINEL = "\ue000"  # a private-use character standing for an escaped "<", restored after parsing
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")


def defuse_unclosed_tags(span: str) -> tuple[str, int]:
    """Hide the ``<`` of opening tags that are never closed, when there are more than
    :data:`MAX_UNCLOSED_TAGS`; returns the span and how many were escaped (linear time)."""
    open_at: dict[str, list[int]] = {}
    for m in _TAG_RE.finditer(span):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if selfclosing:
            continue
        stack = open_at.setdefault(name, [])
        if not closing:
            stack.append(m.start())
        elif stack:
            stack.pop()
    unclosed = sorted(pos for stack in open_at.values() for pos in stack)
    if len(unclosed) <= MAX_UNCLOSED_TAGS:
        return span, 0
    parts, last = [], 0
    for pos in unclosed:
        parts.append(span[last:pos])
        parts.append(_SENTINEL)
        last = pos + 1
    parts.append(span[last:])
    return "".join(parts), len(unclosed)


def _restore(box: Infobox) -> None:
    """Put back the ``<`` that :func:`defuse_unclosed_tags` hid, so raw text stays verbatim."""
    def values(vs: list[Value]) -> None:
        for v in vs:
            v.text = v.text.replace(_SENTINEL, "<")
            values(v.parts)

    for f in box.fields:
        f.raw = f.raw.replace(_SENTINEL, "<")
        values(f.values)


def read_infoboxes(text: str, names: tuple[str, ...] = INFOBOX_NAMES) -> list[Infobox]:
    """All infoboxes on a page, nested ones after their parent with ``parent`` set."""
    out: list[Infobox] = []
    for start, end, closed in find_spans(text, names):
        span = text[start:end]
        if not closed:
            span += "}}"
        span, escaped = defuse_unclosed_tags(span)
        first = len(out)
        toks = tokenize(span)  # as mwparserfromhell.parse(span, skip_style_tags=True) does
        split = split_template(toks, functools.partial(_is_infobox, names=names))
        if split is not None:
            _read_box(_name_text(split.name), split.params, None, out, names)
        else:
            nodes = [n for n in build(toks) if isinstance(n, Template)]
            if not nodes:
                continue
            _read_template(nodes[0], None, out, names)
        if not closed:
            out[first].warnings.append("infobox template is not closed: read to the end of the page")
        if escaped:
            for box in out[first:]:
                _restore(box)
            out[first].warnings.append(f"{escaped} unclosed tags read as text")
    return out


def _is_infobox(name: str, names: tuple[str, ...]) -> bool:
    """Whether a template name (plain text, as written) is an infobox's."""
    return infobox_type(collapse(name), names) is not None


def _name_text(name: str | Sequence[Piece]) -> str:
    """A template name as :func:`template_name` reads it (a plain name has no comment)."""
    if isinstance(name, str):
        return collapse(name)
    return collapse("".join(str(n) for n in name if not isinstance(n, Comment)))


def _source(code: str | Sequence[Piece]) -> str:
    """The wikitext of a name or value (``str()`` of its nodes, as of the Wikicode)."""
    return code if isinstance(code, str) else "".join([str(n) for n in code])


def _nested(nodes: Sequence[Piece], names: tuple[str, ...]) -> Iterator[Template]:
    """Infobox templates among ``nodes`` that are not inside another infobox there."""
    for node in nodes:
        if isinstance(node, Template):
            if infobox_type(template_name(node), names) is not None:
                yield node
            else:
                for p in node.params:
                    yield from _nested(p.value.nodes, names)
        elif isinstance(node, Tag) and node.contents is not None:
            yield from _nested(node.contents.nodes, names)


def _read_template(t: Template, parent: int | None, out: list[Infobox], names: tuple[str, ...]) -> None:
    params = [Param(p.showkey, p.name.nodes, p.value.nodes) for p in t.params]
    _read_box(template_name(t), params, parent, out, names)


def _read_box(name: str, params: list[Param], parent: int | None, out: list[Infobox],
              names: tuple[str, ...]) -> None:
    box = Infobox(type=infobox_type(name, names), template=name, type_source="template", parent=parent)
    index = len(out)
    out.append(box)

    def skip(node: Template) -> bool:
        return infobox_type(template_name(node), names) is not None

    seen: dict[str, int] = {}
    for param in params:
        if not param.showkey:
            value = _source(param.value)
            if value.strip():
                box.warnings.append(f"unnamed parameter: {collapse(value)[:60]}")
            continue
        fld = _read_field(param.name, param.value, skip)
        if not isinstance(param.value, str):  # plain text holds no template
            for child in _nested(param.value, names):
                _read_template(child, index, out, names)
        if fld is None:
            continue
        match = fld.param.lower() if fld.param else fld.key
        if match in seen:
            box.warnings.append(f"duplicate parameter: {fld.param} (the later value is used)")
            box.fields[seen[match]] = fld
        else:
            seen[match] = len(box.fields)
            box.fields.append(fld)
    box.fields = pair_rows(box.fields)
    for key in ("name", "title", "official_name", "conventional_long_name", "naam", "navn", "taxon"):
        fields = box.get(key)
        if fields and fields[0].values:
            box.title = fields[0].values[0].text
            break


def pair_rows(fields: list[Field]) -> list[Field]:
    """Numbered rows as the generic ``{{Infobox}}`` lays them out.

    ``labelN`` + ``dataN`` are one row: a single field labelled with ``labelN``'s
    text (key = slug of the label, param ``dataN``), not two fields.  A prefix
    pairs the same way (``statlabelN`` + ``statvalueN``).  A ``headerN`` starts a
    section: the rows numbered after it get ``section`` = its text, as in the
    rendered infobox (rows are laid out by number, not by the order written).  A
    header with no row under it stays a field (with itself as section), so that no
    text is lost; a label without data is dropped (the infobox does not show it).
    """
    rows: dict[tuple[str, int], dict[str, Field]] = {}
    for fld in fields:
        m = _ROW_RE.match((fld.param or "").lower())
        if m:
            role = "data" if m.group("role") == "value" else m.group("role")
            rows.setdefault((m.group("prefix"), int(m.group("n"))), {})[role] = fld
    if not any("label" in r or "header" in r for r in rows.values()):
        return fields
    drop: set[int] = set()
    for row in rows.values():
        label, data = row.get("label"), row.get("data")
        if label is None:
            continue
        drop.add(id(label))
        text = collapse(" ".join(v.text for v in label.values)).strip(" :")
        if data is not None and text and "header" not in row:
            data.label = text
            data.key = _SLUG_RE.sub("_", text.lower()).strip("_") or data.key
    section: str | None = None
    header: Field | None = None  # the current header while no row is seen under it
    for (prefix, _), row in sorted(rows.items(), key=lambda kv: kv[0][1]):
        if prefix:
            continue
        if "header" in row:
            if header is not None:  # the previous header had no row: keep it as a field
                header.section = section
                drop.discard(id(header))
            header = row["header"]
            section = collapse(" ".join(v.text for v in header.values)) or None
            drop.add(id(header))
        if "data" in row:
            row["data"].section = section
            header = None
    if header is not None:
        header.section = section
        drop.discard(id(header))
    return [f for f in fields if id(f) not in drop]


@functools.lru_cache(maxsize=4096)  # parameter names repeat across pages ("name", "birth_date")
def split_param(name: str) -> tuple[str, int | None]:
    """(key, side): ``commander2`` -> ("commander", 2); ``term_start2`` -> ("term_start2", None)."""
    key = re.sub(r"\s+", "_", name.strip().lower())
    m = _SIDE_RE.match(key)
    if m and m.group(1).rstrip("_") in SIDE_KEYS:
        return m.group(1).rstrip("_"), int(m.group(2))
    return key, None


@functools.lru_cache(maxsize=4096)
def is_image_key(key: str) -> bool:
    """Whether a parameter holds an image file name (``image``, ``logo``, ``flag``…)."""
    return bool(_IMAGE_KEY_RE.search(key)) and not _NOT_IMAGE_KEY_RE.search(key)


def _read_field(name: str | Sequence[Piece], value: str | Sequence[Piece],
                skip: Callable[[Template], bool]) -> Field | None:
    """One parameter as a field, or ``None`` when it is empty (blank, only comments,
    or only a nested infobox, which is read as its own infobox)."""
    param = collapse(_source(name))
    if not param:
        return None
    if isinstance(value, str):  # plain text: one text node, nothing to leave out
        raw = value.strip()
        if not raw:
            return None
        key, side = split_param(param)
        values, warnings = clean_text(value, images=is_image_key(key))
        return Field(key=key, raw=raw, param=param, side=side, values=values, warnings=warnings)
    text = _source(value)  # each str() of a node walks its tree: once, not per use
    if any(isinstance(n, Comment) or (isinstance(n, Template) and skip(n)) for n in value):
        shown = "".join(str(n) for n in value if not isinstance(n, Comment) and not (
            isinstance(n, Template) and skip(n)))
    else:
        shown = text
    if not shown.strip():
        return None
    key, side = split_param(param)
    values, warnings = clean_nodes(value, images=is_image_key(key), skip=skip)
    return Field(key=key, raw=text.strip(), param=param, side=side, values=values, warnings=warnings)
