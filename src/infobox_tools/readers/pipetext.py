"""Reader for pipe-table text: an article rendered by trafilatura with ``include_tables=True``.

The infobox arrives as a pipe table (see :mod:`infobox_tools.readers.pipetable` for the
grammar of both trafilatura shapes); the prose as one line per paragraph or list item,
with section headings as short lines that often keep their edit link
(``Early life[change | change source]``).  This module decides what the table rows mean:

* label|value rows (``Preceded by | Joe Biden |``) become fields keyed by the label's slug;
* in multi-column (per-side) infoboxes a single-cell heading (``Belligerents``) labels the
  one row below it, one field per filled column (``side``);
* other single-cell rows ("Part of the Soviet-Japanese War (1945)") become unlabelled
  fields for the normaliser to claim; in label|value infoboxes they also head the rows
  below as their ``section``.

trafilatura 1.x repeats a multi-line cell's original lines after the table.  Those lines
are not prose: they are dropped from the sections and used as split hints, so that
"Unknown Red Army casualties Pacific Fleet: 89 killed" becomes two items.

The record is raw: no numbers or dates are parsed here (that is the normaliser's job).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from infobox_tools.errors import ParseError
from infobox_tools.readers.pipetable import EDIT_SUFFIX_RE, Row, Table, scan, separator_columns
from infobox_tools.record import Block, Field, Infobox, Record, Section, Source, Value

FOOTNOTE_RE = re.compile(
    r"\[(?:\d{1,3}|[a-z]|(?:lower|upper)-(?:alpha|roman|greek) \d+|(?:note|Note|N|nb|NB) ?\d+"
    r"|citation needed|clarification needed)\]"
)
_SLUG_RE = re.compile(r"[\W_]+")
_SPACES_RE = re.compile(r"\s+")
_BULLET_RE = re.compile(r"^(?:[-•*·]|\u2022)\s+")
_LONE_BULLET_RE = re.compile(r"^[-•*]$")
_INLINE_BULLET_RE = re.compile(r"\s+•\s+")
_ITEM_LINE_RE = re.compile(r"^[-•*]\s+")
_FINAL_PUNCT_RE = re.compile(r"[.!?:;,]$")
_SENTENCE_RE = re.compile(r"[.!?]\s")
_DIGIT_RE = re.compile(r"\d")
_DAY_RE = re.compile(r"^\d{1,2}$")
_SHORT_WORD_RE = re.compile(r"^\w{1,3}$")
_NOT_HEADING_RE = re.compile(r"[=:{}\[\]|]|\.\s")
# Cells that are only an edit link or navbox letters, not content.
_JUNK_CELLS = frozenset({"modifier", "modifier le code", "edit", "bearbeiten", "uredi", "v", "t", "e",
                         "v · t · e", "v t e", "vte"})

MAX_TITLE_CHARS = 100
MAX_HEADING_CHARS = 80
MAX_HEADING_WORDS = 10
MIN_PARAGRAPH_AFTER_HEADING = 60
MIN_LEFTOVER_CHARS = 4
MIN_PROSE_CHARS = 150
MAX_NOTICE_LINES = 12


def slug(label: str) -> str:
    """Provisional key of a label: lowercase, runs of non-alphanumerics to ``_``, no footnotes."""
    return _SLUG_RE.sub("_", FOOTNOTE_RE.sub("", label).casefold()).strip("_")


def clean_item(text: str) -> str:
    """Item text: footnote markers removed, whitespace collapsed."""
    return _SPACES_RE.sub(" ", FOOTNOTE_RE.sub("", text)).strip()


def _split_by_hints(piece: str, hints: list[str]) -> list[str]:
    """Split ``piece`` around every hint (an original line of the cell) it contains."""
    segments = [piece]
    for hint in hints:
        out: list[str] = []
        for seg in segments:
            idx = seg.find(hint) if len(seg) > len(hint) else -1
            if idx < 0:
                out.append(seg)
                continue
            before, after = seg[:idx].strip(), seg[idx + len(hint):].strip()
            out.extend(s for s in (before, hint, after) if s)
        segments = out
    return segments


def split_items(cell: str, hints: list[str] | None = None) -> list[str]:
    """A cell's items: split on its line breaks, list bullets and leftover-line hints."""
    merged: list[str] = []
    for line in cell.split("\n"):
        if _LONE_BULLET_RE.match(line):
            continue  # "-" alone: the item's text is on the next line
        broken = merged and (_DAY_RE.match(merged[-1])
                             or (line[:1].islower() and _SHORT_WORD_RE.match(merged[-1])))
        if broken:
            merged[-1] += " " + line  # a broken phrase ("In" / "office ..."; "28" / "August 1942")
        else:
            merged.append(line)
    items: list[str] = []
    for line in merged:
        line = _BULLET_RE.sub("", line)
        for piece in _INLINE_BULLET_RE.split(line):
            for seg in (_split_by_hints(piece, hints) if hints else [piece]):
                text = clean_item(_BULLET_RE.sub("", seg))
                if text:
                    items.append(text)
    return items


def _field(label: str | None, raw: str, *, side: int | None, section: str | None,
           hints: list[str]) -> Field:
    values = [Value(kind="text", text=t) for t in split_items(raw, hints)]
    return Field(key=slug(label) if label else "", raw=raw, label=label, side=side,
                 section=section, values=values)


def _is_heading_cell(text: str) -> bool:
    """Could a single cell be a per-side section heading ("Belligerents", "Strength")?"""
    return len(text) <= 40 and "\n" not in text and not _DIGIT_RE.search(text) and "(" not in text


def _content_rows(table: Table) -> list[Row]:
    """Body rows with content (image rows and edit-link cells dropped), header first when
    it is a label|value row rather than a title."""
    rows = []
    header = table.header
    if header is not None and len(header.filled) >= 2:
        rows.append(header)
    for row in table.rows:
        filled = row.filled
        if not filled or (len(filled) == 1 and filled[0][1].casefold() in _JUNK_CELLS):
            continue
        rows.append(row)
    return rows


def _per_side(table: Table, rows: list[Row]) -> bool:
    """Is this a multi-column infobox whose headings label the row below, one value per side?

    Yes when it has more than two columns and at least half of its value rows (several
    filled cells, or one past the first column) sit right under a single-cell heading.
    The Ginnis infobox also has 14 columns in 1.x, but its rows are label|value pairs that
    mostly follow one another; a battle's "Date | ..." rows are outnumbered by its sides."""
    if table.columns <= 2:
        return False
    value_rows = under_heading = 0
    for k, row in enumerate(rows):
        filled = row.filled
        if len(filled) >= 2 or (filled and filled[0][0] > 0):
            value_rows += 1
            if k > 0 and rows[k - 1] is not table.header and len(rows[k - 1].filled) == 1 \
                    and rows[k - 1].filled[0][0] == 0 and _is_heading_cell(rows[k - 1].filled[0][1]):
                under_heading += 1
    return under_heading >= 2 and under_heading * 2 >= value_rows


def _fields_per_side(rows: list[Row], hints: list[str]) -> list[Field]:
    fields: list[Field] = []
    heading: str | None = None
    for k, row in enumerate(rows):
        filled = row.filled
        if len(filled) == 1 and filled[0][0] == 0:
            text = filled[0][1]
            nxt = rows[k + 1].filled if k + 1 < len(rows) else None
            # a heading is followed by value rows: several sides, or one side past the first
            if nxt and _is_heading_cell(text) and (len(nxt) >= 2 or nxt[0][0] > 0):
                heading = text
                continue
            heading = None
            fields.append(_field(None, text, side=None, section=None, hints=hints))
        elif heading is not None:
            for col, text in filled:
                fields.append(_field(heading, text, side=col + 1, section=heading, hints=hints))
            # a heading labels the one row below it (always so in the corpus): carried on, a
            # broken next heading ("Commanders" with a pipe lost) would label the commanders
            # as belligerents, with wrong sides
            heading = None
        elif len(filled) == 1:
            col, text = filled[0]
            fields.append(_field(None, text, side=col + 1, section=None, hints=hints))
        else:
            fields.append(_labelled(row, None, hints, fields))
    return fields


def _labelled(row: Row, section: str | None, hints: list[str], fields: list[Field]) -> Field:
    """A label|value row; a multi-line label's leading lines are the previous field's tail
    (1.x breaks "Born | Luanda |" / "28" / "August 1942" / "Died | ...")."""
    cells = row.cells
    if not cells[0]:
        raw = "\n".join(c for c in cells[1:] if c)
        return _field(None, raw, side=None, section=section, hints=hints)
    label = cells[0]
    if "\n" in label:
        *extra, label = label.split("\n")
        if fields and fields[-1].label is not None:
            prev = fields[-1]
            prev.raw = "\n".join([prev.raw, *extra]) if prev.raw else "\n".join(extra)
            prev.values.extend(Value(kind="text", text=t) for t in split_items("\n".join(extra), hints))
    raw = "\n".join(c for c in cells[1:] if c)
    return _field(_SPACES_RE.sub(" ", label).strip(), raw, side=None, section=section, hints=hints)


def _fields_label_value(rows: list[Row], columns: int, hints: list[str]) -> list[Field]:
    fields: list[Field] = []
    section: str | None = None
    run_start = True  # the next single-cell row starts a run of them
    for k, row in enumerate(rows):
        filled = row.filled
        if len(filled) == 1 and filled[0][0] == 0:
            text = filled[0][1]
            fields.append(_field(None, text, side=None, section=section, hints=hints))
            if run_start:
                j = k + 1
                while j < len(rows) and len(rows[j].filled) == 1 and rows[j].filled[0][0] == 0:
                    j += 1
                if j < len(rows) and "\n" not in text and len(text) <= MAX_HEADING_CHARS:
                    section = clean_item(text)
            run_start = False
            continue
        run_start = True
        side_by_side = row.pipes == 0 or (len(row.cells) <= columns and row.pipes <= columns)
        if len(filled) >= 3 and side_by_side:
            # a row of values side by side ("previous single | this single | next single"),
            # not a label with its value: one unlabelled field per cell
            for col, text in filled:
                fields.append(_field(None, text, side=col + 1, section=section, hints=hints))
            continue
        fields.append(_labelled(row, section, hints, fields))
    return fields


def build_infobox(table: Table, hints: list[str]) -> Infobox:
    """The raw infobox of one table."""
    header = table.header
    title = None
    if header is not None and len(header.filled) == 1:
        title = clean_item(" ".join(_BULLET_RE.sub("", ln) for ln in header.filled[0][1].split("\n")))
    rows = _content_rows(table)
    if _per_side(table, rows):
        fields = _fields_per_side(rows, hints)
    else:
        fields = _fields_label_value(rows, table.columns, hints)
    return Infobox(type=None, title=title, fields=fields, warnings=list(table.warnings))


def _leftovers(lines: list[str], table: Table) -> list[int]:
    """Indexes of the lines after ``table`` that only repeat its cells' original lines."""
    cells = " \n ".join(_SPACES_RE.sub(" ", c) for r in table.all_rows for c in r.cells if c)
    out: list[int] = []
    i = table.end
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        if len(line) < MIN_LEFTOVER_CHARS or "|" in line or _SPACES_RE.sub(" ", line) not in cells:
            break
        out.append(i)
        i += 1
    return out


def _mark_notice_boxes(lines: list[str], in_table: bytearray) -> None:
    """Mark a maintenance box rendered as a lone-pipe block ("|" / "This article has
    multiple issues." / ... / "|"): its lines are not prose.  Bounded look-ahead."""
    n = len(lines)
    i = 0
    while i < n:
        if lines[i] == "|" and not in_table[i]:
            j = i + 1
            while j < n and j - i <= MAX_NOTICE_LINES and lines[j] != "|" and "|" not in lines[j] \
                    and len(lines[j]) <= MIN_PROSE_CHARS:
                j += 1
            if j < n and lines[j] == "|" and j > i + 1:
                for k in range(i, j + 1):
                    in_table[k] = 1
                i = j + 1
                continue
        i += 1


def _first_prose_line(lines: list[str], in_table: bytearray) -> int:
    """Index of the first line that is surely a prose paragraph (long, ends a sentence)."""
    for i, line in enumerate(lines):
        if not in_table[i] and len(line) >= MIN_PROSE_CHARS and "|" not in line \
                and _FINAL_PUNCT_RE.search(FOOTNOTE_RE.sub("", line)):
            return i
    return len(lines)


def _choose_infobox(tables: list[Table], boxes: list[Infobox], prose_start: int) -> int | None:
    """The table that is the infobox: among the tables above the first prose paragraph
    (infoboxes come first; a data table further down is not one), the first with labelled
    fields under a one-cell header, else the first with labelled fields."""
    labelled = [k for k, b in enumerate(boxes)
                if tables[k].start < prose_start and any(f.label for f in b.fields)]
    for k in labelled:
        if boxes[k].title is not None:
            return k
    return labelled[0] if labelled else None


def _title_line(lines: list[str]) -> tuple[str | None, int | None]:
    """The page title from the first line: a short pipe-less line, or a one-cell table row."""
    for i, line in enumerate(lines):
        if not line:
            continue
        text = line
        if "|" in line:
            cells = [c.strip() for c in line.split("|") if c.strip()]
            if len(cells) != 1 or separator_columns(line):
                return None, None
            text = cells[0]
        if len(text) > MAX_TITLE_CHARS or _FINAL_PUNCT_RE.search(text) or _SENTENCE_RE.search(text) \
                or _ITEM_LINE_RE.match(text) or i + 1 >= len(lines):
            return None, None
        return text, (i if "|" not in line else None)
    return None, None


def _file_title(source: Source | None) -> str | None:
    """The title a file name gives ("Albert_Einstein.txt" -> "Albert Einstein"), if any."""
    if source is None or not source.file or source.file.startswith("<"):
        return None
    stem = PurePath(source.file).stem
    return stem.replace("_", " ").strip() or None


def _is_heading(line: str, nxt: str | None) -> bool:
    """A heading without an edit link: short, no final punctuation, before a paragraph."""
    if nxt is None or len(line) > MAX_HEADING_CHARS or not line[0].isalnum():
        return False
    bare = FOOTNOTE_RE.sub("", line)
    if _FINAL_PUNCT_RE.search(bare) or _NOT_HEADING_RE.search(bare) \
            or bare.count("(") != bare.count(")") or len(line.split()) > MAX_HEADING_WORDS:
        return False
    return len(nxt) >= MIN_PARAGRAPH_AFTER_HEADING and not _ITEM_LINE_RE.match(nxt) \
        and not EDIT_SUFFIX_RE.search(nxt)


def build_sections(prose: list[str]) -> list[Section]:
    """Prose lines to sections: lead first, headings by edit link or by shape."""
    sections = [Section(heading=None, level=0)]
    seen_paragraph = False
    for k, line in enumerate(prose):
        m = EDIT_SUFFIX_RE.search(line)
        if m:
            sections.append(Section(heading=line[:m.start()].strip(), level=2))
            continue
        nxt = prose[k + 1] if k + 1 < len(prose) else None
        if seen_paragraph and _is_heading(line, nxt):
            sections.append(Section(heading=line, level=2))
            continue
        if _ITEM_LINE_RE.match(line):
            sections[-1].blocks.append(Block("item", _ITEM_LINE_RE.sub("", line).strip()))
        else:
            sections[-1].blocks.append(Block("paragraph", line))
            seen_paragraph = seen_paragraph or len(line) >= MIN_PARAGRAPH_AFTER_HEADING
    if not sections[0].blocks and len(sections) > 1:
        sections.pop(0)
    return sections


def read(text: str, *, title: str | None = None, source: Source | None = None) -> Record:
    """Read pipe-table text into a raw record (see the module docstring)."""
    lines = [ln.strip() for ln in text.splitlines()]
    if not any(ln.strip("|- :") for ln in lines):
        raise ParseError("no usable content (empty or only table rules)", page=title,
                         file=source.file if source else None)
    tables = scan(lines)
    in_table = bytearray(len(lines))
    warnings: list[str] = []
    hints_by_table: list[list[str]] = []
    for table in tables:
        for i in range(table.start, table.end):
            in_table[i] = 1
        left = _leftovers(lines, table)
        for i in left:
            in_table[i] = 1
        hints_by_table.append(sorted({lines[i] for i in left}, key=len, reverse=True))
    boxes = [build_infobox(t, h) for t, h in zip(tables, hints_by_table)]
    chosen = _choose_infobox(tables, boxes, _first_prose_line(lines, in_table))
    infoboxes = [boxes[chosen]] if chosen is not None else []
    if chosen is None:
        warnings.append("no infobox table found")
    else:
        warnings.extend(boxes[chosen].warnings)

    _mark_notice_boxes(lines, in_table)
    line_title, title_index = _title_line(lines)
    prose = [ln for i, ln in enumerate(lines)
             if ln and not in_table[i] and i != title_index and not ln.endswith("|")
             and not ln.startswith("|")]
    sections = build_sections(prose)
    if not title:
        title = line_title or (infoboxes[0].title if infoboxes else None) or _file_title(source)
        if not title and prose and len(prose[0]) <= MAX_TITLE_CHARS:
            title = prose[0]
        if not title:
            title = ""
            warnings.append("no title found (pass a title)")
    src = source or Source()
    if src.form is None:
        src.form = "pipetext"
    if not infoboxes and not any(s.blocks for s in sections):
        warnings.append("no prose found")
    return Record(title=title, source=src, infoboxes=infoboxes, sections=sections,
                  tables=len(tables) - len(infoboxes), warnings=warnings)
