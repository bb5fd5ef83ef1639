"""The table grammar of trafilatura's pipe-table text: find tables and split them into rows.

trafilatura renders an HTML table in one of two shapes:

* 1.x (``Invasion of South Sakhalin | |||||||||`` / ``---|---|...``): every cell ends in
  ``|``; a row is padded with empty cells up to the column count given by the separator
  row, and a cell whose text had line breaks spreads over several lines.  A row therefore
  ends only when its pipes add up to the column count, never at a line end.
* 2.x (``| a | b |`` / ``|---|---|``): one row per line, with a leading pipe; pipes inside
  cells are escaped as ``\\|``.

This module only knows the grammar: :func:`scan` returns the tables (line spans, header
row, body rows with their cell texts).  What the rows *mean* (labels, sections, sides)
is decided in :mod:`infobox_tools.readers.pipetext`.  Everything is one forward pass over
the lines plus bounded look-backs and look-aheads, so the cost is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A separator row: ``---|---|`` (1.x) or ``|---|---|`` / ``| --- | :---: |`` (2.x).
SEPARATOR_RE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*$")
_DASHES_RE = re.compile(r"-{3,}")
# A prose heading carrying an edit link ("Early life[change | change source]"): has pipes
# but is not a table row.
EDIT_SUFFIX_RE = re.compile(
    r"\s*\[\s*(?:edit|edit source|change|modifier|bearbeiten|uredi|editar|modifica|redigeer|"
    r"rediger|redigera|muokkaa|edytuj|править|編集)[^\[\]]{0,60}\]\s*$",
    re.I,
)
_ESCAPED_PIPE_SPLIT_RE = re.compile(r"(?<!\\)\|")
_MARKUP_RE = re.compile(r"\[\[[^\[\]\n]*\]\]|\{\{\{?[^{}\n]*\}\}\}?")
_HIDDEN_PIPE = "\x00"

# How many pipe-less lines a table may contain before a line with pipes (a multi-line
# cell such as "Spouses |" / "-" / "Tatiana Kukanova" / "|").  More than that ends it.
MAX_PIPELESS_RUN = 6
# Pipe-less lines longer than this are prose, not the continuation of a cell.
MAX_CELL_LINE = 160
# How many lines a 2.x row may spread over before we give up waiting for its closing pipe.
MAX_ROW_LINES = 20


@dataclass
class Row:
    """One table row: its cell texts (lines inside a cell joined with ``\\n``) and line span."""

    cells: list[str]
    start: int  # first line index
    end: int  # one past the last line index
    pipes: int = 0  # pipes counted (1.x), to check against the column count

    @property
    def filled(self) -> list[tuple[int, str]]:
        """(0-based column, text) of the non-empty cells."""
        return [(i, c) for i, c in enumerate(self.cells) if c]


@dataclass
class Table:
    """One table: ``columns`` from the separator row, ``header`` the row above it."""

    columns: int
    shape: str  # "1.x" or "2.x"
    start: int  # first line index (of the header row)
    end: int  # one past the last line index
    separator: int  # line index of the separator row
    header: Row | None = None
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def all_rows(self) -> list[Row]:
        return ([self.header] if self.header is not None else []) + self.rows


def separator_columns(line: str) -> int:
    """The column count of a separator row, or 0 when ``line`` is not one."""
    if "---" not in line or not SEPARATOR_RE.match(line):
        return 0
    return len(_DASHES_RE.findall(line))


def _protect(text: str) -> str:
    """Hide the pipes of wiki markup left in a cell (``[[File:x|frameless]]``, ``{{a|b}}``):
    1.x does not escape them, so they would count as cell ends."""
    if "[[" not in text and "{{" not in text:
        return text
    return _MARKUP_RE.sub(lambda m: m.group(0).replace("|", _HIDDEN_PIPE), text)


def pipe_count(line: str) -> int:
    """Cell-ending pipes on a 1.x line (not those inside wiki markup)."""
    return _protect(line).count("|") if "|" in line else 0


def _cells_1x(lines: list[str]) -> list[str]:
    """Cells of a 1.x row: text between pipes, lines inside a cell kept as ``\\n``."""
    text = _protect("\n".join(lines))
    parts = [p.replace(_HIDDEN_PIPE, "|") for p in text.split("|")]
    if parts and not parts[-1].strip():
        parts.pop()  # the text after the closing pipe
    return [_clean_cell(p) for p in parts]


def _cells_2x(text: str) -> list[str]:
    """Cells of a 2.x row ``| a | b |``, unescaping ``\\|`` inside cells."""
    inner = text.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [_clean_cell(p.replace("\\|", "|")) for p in _ESCAPED_PIPE_SPLIT_RE.split(inner)]


def _clean_cell(text: str) -> str:
    """Strip each line of a cell and drop its empty lines."""
    if "\n" not in text:
        return text.strip()
    return "\n".join(s for s in (ln.strip() for ln in text.split("\n")) if s)


def _is_row_line_2x(line: str) -> bool:
    return line.startswith("|")


def _continues_table(lines: list[str], i: int, n: int) -> bool:
    """Does the table go on at line ``i`` (which has no pipe)?  Only when a row-like pipe
    line follows within :data:`MAX_PIPELESS_RUN` short lines (a multi-line cell such as
    "Anthem:" / "- \"\"" / "- 义勇军进行曲" / "| |"), never across a prose paragraph."""
    j = i
    while j < n and j - i < MAX_PIPELESS_RUN and "|" not in lines[j]:
        if len(lines[j]) > MAX_CELL_LINE:
            return False
        j += 1
    if j >= n or "|" not in lines[j]:
        return False
    nxt = lines[j]
    if EDIT_SUFFIX_RE.search(nxt) or not (nxt.endswith("|") or nxt.startswith("|")):
        return False
    # a maintenance notice ("This section needs additional citations ... |") is one long
    # sentence with a single pipe; a table row has several pipes or is short
    return nxt.count("|") >= 2 or len(nxt) <= MAX_CELL_LINE // 2


def _header_1x(lines: list[str], sep: int, floor: int, columns: int) -> int:
    """First line of the 1.x header row above the separator: walk back until its pipes add
    up to the column count.  A header whose first line is a bare pipe ("José Eduardo dos
    Santos" / "|" / "|") also takes the pipe-less lines above it (its first cell's text)."""
    pipes = 0
    i = sep
    while i > floor and pipes < columns:
        line = lines[i - 1]
        count = pipe_count(line)
        if count == 0 or EDIT_SUFFIX_RE.search(line) or separator_columns(line):
            break
        pipes += count
        i -= 1
    if i < sep and lines[i].startswith("|"):
        while i > floor and lines[i - 1] and "|" not in lines[i - 1] and sep - i < 8:
            i -= 1
    return i


def _header_2x(lines: list[str], sep: int, floor: int) -> int:
    """First line of the 2.x header block: the contiguous ``|`` lines right above the separator."""
    i = sep
    while i > floor and _is_row_line_2x(lines[i - 1]) and not separator_columns(lines[i - 1]):
        i -= 1
    return i


def _body_2x(lines: list[str], table: Table, n: int) -> int:
    """Read 2.x rows after the separator; returns the line index where the table stops.

    A repeated separator with the same column count right after the first body row is
    trafilatura marking a second header row (title row, then "Company type | Public"):
    the table goes on.  Any other separator starts a new table, whose header is the row
    just above it (taken back from this table by the caller)."""
    i = table.separator + 1
    while i < n:
        line = lines[i]
        if not _is_row_line_2x(line):
            return i
        cols = separator_columns(line)
        if cols:
            if cols == table.columns and len(table.rows) <= 1:
                i += 1
                continue
            return i
        start = i
        if not line.endswith("|"):
            # a cell with a line break: the row goes on to the next line ending in a pipe
            j = i + 1
            while j < n and j - start < MAX_ROW_LINES and not lines[j].endswith("|"):
                j += 1
            if j < n and j - start < MAX_ROW_LINES and not separator_columns(lines[j]):
                i = j
        i += 1
        table.rows.append(Row(_cells_2x("\n".join(lines[start:i])), start, i))
    return i


def _body_1x(lines: list[str], table: Table, n: int) -> int:
    """Read 1.x rows after the separator by counting pipes; returns where the table stops."""
    columns = table.columns
    i = table.separator + 1
    row_lines: list[str] = []
    row_start = i
    pipes = 0

    def close(end: int) -> None:
        nonlocal row_lines, pipes
        if row_lines:
            table.rows.append(Row(_cells_1x(row_lines), row_start, end, pipes))
        row_lines, pipes = [], 0

    while i < n:
        line = lines[i]
        if separator_columns(line):
            break
        count = pipe_count(line)
        if count == 0:
            if not _continues_table(lines, i, n):
                break
        elif not row_lines and not (line.endswith("|") or line.startswith("|")):
            # "Born | Paris, France | March 5, 1964" is a row; a prose heading with an
            # edit link ("History[edit | edit source]") is not.
            if EDIT_SUFFIX_RE.search(line) or i + 1 >= n \
                    or ("|" not in lines[i + 1] and not _continues_table(lines, i + 1, n)):
                break
        if not row_lines:
            row_start = i
        row_lines.append(line)
        pipes += count
        i += 1
        if pipes >= columns:
            if pipes > columns:
                table.warnings.append(
                    f"row {len(table.rows) + 1} (line {row_start + 1}): cells do not add up to "
                    f"{columns} columns ({pipes} pipes)")
            close(i)
    close(i)
    return i


def _rows_since(table: Table, line: int) -> None:
    """Drop (or cut) the rows of ``table`` that reach ``line`` or beyond: they belong to the
    next table's header."""
    kept: list[Row] = []
    for row in table.rows:
        if row.end <= line:
            kept.append(row)
        elif row.start < line:
            kept.append(Row(row.cells[:1], row.start, line, row.pipes))
    table.rows = kept
    table.end = min(table.end, line)


def scan(lines: list[str]) -> list[Table]:
    """All tables in ``lines`` (already stripped), in order.  Linear in the number of lines."""
    n = len(lines)
    tables: list[Table] = []
    floor = 0  # tables may not reach above this line
    i = 0
    while i < n:
        columns = separator_columns(lines[i])
        if not columns:
            i += 1
            continue
        shape = "2.x" if lines[i].startswith("|") else "1.x"
        prev = tables[-1] if tables else None
        lower = prev.separator + 1 if prev is not None and prev.end >= i else floor
        if shape == "2.x":
            start = _header_2x(lines, i, floor)
            if prev is not None and start == i and prev.end == i and prev.rows:
                start = prev.rows[-1].start  # the last row read belongs to this table
        else:
            start = _header_1x(lines, i, lower, columns)
        if prev is not None and start < prev.end:
            _rows_since(prev, start)
        table = Table(columns=columns, shape=shape, start=start, end=i + 1, separator=i)
        if start < i:
            if shape == "2.x":
                head_rows = [Row(_cells_2x(lines[k]), k, k + 1) for k in range(start, i)]
                table.header = head_rows[0]
                table.rows.extend(head_rows[1:])  # extra header rows (caption, image) come first
            else:
                block = lines[start:i]
                table.header = Row(_cells_1x(block), start, i, sum(pipe_count(ln) for ln in block))
        end = _body_2x(lines, table, n) if shape == "2.x" else _body_1x(lines, table, n)
        table.end = end
        tables.append(table)
        floor = end
        i = max(end, i + 1)
    return tables
