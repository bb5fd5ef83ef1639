"""Mutation fuzzing of real pipe-text pages: drop, duplicate or swap lines, drop or add pipes.

Why: trafilatura output in the wild is cut, re-wrapped and hand-edited.  The 1.x grammar
ends a row by counting pipes, so one lost pipe shifts every row after it; the reader must
then lose fields, not invent wrong ones.  The invariants:

* nothing but a :class:`Record` or our own error comes out (every page, every mutation);
* the reference article's Belligerents stay "Soviet Union" (side 1) and "Japan" (side 2)
  whenever the mutation left the two lines of that heading and its row alone;
* for every infobox row the mutation did not touch, a field with that row's label and
  side, if it is still there, keeps its value (a broken next row may append its stray
  leading lines: the 1.x "tail" rule, so "starts with the old value" is the test);
* mutations of the prose well below the table leave the infobox as it was.

Every mutation is seeded (``random.Random(seed)``), so a failure names a reproducible case.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from infobox_tools import api
from infobox_tools.errors import InfoboxToolsError
from infobox_tools.readers import pipetext
from infobox_tools.readers.pipetable import MAX_PIPELESS_RUN, scan
from infobox_tools.record import Field, Record

SEEDS_REFERENCE = 600
SEEDS_PER_PAGE = 40
OPS = ("drop", "dup", "swap", "droppipe", "addpipe")


@dataclass
class Mutant:
    text: str
    touched: set[int]  # original line indexes that a mutation dropped, moved, copied or edited
    ops: list[str]


def mutate(lines: list[str], rng: random.Random, count: int) -> Mutant:
    """Apply ``count`` random line/pipe mutations; remember which original lines they touched."""
    items = list(enumerate(lines))
    touched: set[int] = set()
    ops: list[str] = []
    for _ in range(count):
        if not items:
            break
        op = rng.choice(OPS)
        k = rng.randrange(len(items))
        index, line = items[k]
        if op == "drop":
            del items[k]
        elif op == "dup":
            items.insert(k, (index, line))
        elif op == "swap":
            m = min(len(items) - 1, k + rng.choice((1, 1, 2, rng.randrange(len(items)))))
            items[k], items[m] = items[m], items[k]
            touched.add(items[k][0])
        elif op == "droppipe":
            pipes = [p for p, c in enumerate(line) if c == "|"]
            if not pipes:
                continue
            p = rng.choice(pipes)
            items[k] = (index, line[:p] + line[p + 1:])
        else:
            p = rng.randrange(len(line) + 1)
            items[k] = (index, line[:p] + "|" + line[p:])
        touched.add(index)
        ops.append(f"{op}@{index}")
    return Mutant("\n".join(text for _, text in items), touched, ops)


def read_or_error(text: str) -> Record | None:
    """The raw pipe-text record, or ``None`` for one of our errors (anything else fails)."""
    try:
        record = pipetext.read(text)
    except InfoboxToolsError:
        return None
    assert isinstance(record, Record)
    return record


@dataclass
class RowField:
    label: str
    side: int | None
    raw: str
    span: set[int]  # original lines of the heading (if any) and the row


def row_fields(text: str) -> tuple[list[RowField], range]:
    """The labelled fields of a page's infobox with the lines they come from, and the
    infobox table's line span.  The line spans come from the table grammar: a field's row is
    the one holding its value in its column; a per-side field's heading is the row above."""
    lines = [ln.strip() for ln in text.splitlines()]
    record = pipetext.read(text)
    if not record.infoboxes:
        return [], range(0)
    fields = [f for f in record.infoboxes[0].fields if f.label]
    tables = [t for t in scan(lines) if t.all_rows]
    out: list[RowField] = []
    table_span = range(0)
    for table in tables:
        rows = table.all_rows
        found: list[RowField] = []
        for f in fields:
            for k, row in enumerate(rows):
                span = set(range(row.start, row.end))
                if f.side is not None and k > 0 and len(row.cells) >= f.side and row.cells[f.side - 1] == f.raw \
                        and [c for _, c in rows[k - 1].filled] == [f.label]:
                    span |= set(range(rows[k - 1].start, rows[k - 1].end))
                    found.append(RowField(f.label, f.side, f.raw, span))
                    break
                if f.side is None and row.cells and pipetext._SPACES_RE.sub(" ", row.cells[0]).strip() == f.label \
                        and "\n".join(c for c in row.cells[1:] if c) == f.raw:
                    found.append(RowField(f.label, None, f.raw, span))
                    break
        if found:
            out, table_span = found, range(table.start, table.end)
            break
    # only (label, side) pairs that occur once: a repeated label cannot be matched up
    counts: dict[tuple[str, int | None], int] = {}
    for rf in out:
        counts[(rf.label, rf.side)] = counts.get((rf.label, rf.side), 0) + 1
    return [rf for rf in out if counts[(rf.label, rf.side)] == 1], table_span


def by_label_side(record: Record | None) -> dict[tuple[str, int | None], list[Field]]:
    out: dict[tuple[str, int | None], list[Field]] = {}
    if record is None or not record.infoboxes:
        return out
    for f in record.infoboxes[0].fields:
        if f.label:
            out.setdefault((f.label, f.side), []).append(f)
    return out


def check_untouched_rows(original: list[RowField], mutant: Mutant, record: Record | None, where: str) -> None:
    got = by_label_side(record)
    for rf in original:
        if rf.span & mutant.touched:
            continue
        for g in got.get((rf.label, rf.side), []):
            assert g.raw == rf.raw or g.raw.startswith(rf.raw + "\n"), (
                f"{where} {mutant.ops}: {rf.label!r} side {rf.side} was {rf.raw!r}, now {g.raw!r}")


# -- the reference article -------------------------------------------------------------


def test_reference_row_spans_are_found(reference_text: str) -> None:
    """The invariant below is only as good as the spans: the reference's per-side fields
    must all be located (10 sides of 5 headings)."""
    rows, span = row_fields(reference_text)
    assert len([r for r in rows if r.side]) == 10
    bell = {r.side: r for r in rows if r.label == "Belligerents"}
    assert bell[1].raw == "Soviet Union" and bell[2].raw == "Japan"
    assert bell[1].span == {5, 6} and span.start == 0


def test_reference_mutations_keep_sides(reference_text: str) -> None:
    lines = reference_text.splitlines()
    original, _ = row_fields(reference_text)
    expected = {1: "Soviet Union", 2: "Japan"}
    belligerents_seen = 0
    for seed in range(SEEDS_REFERENCE):
        rng = random.Random(seed)
        mutant = mutate(lines, rng, rng.choice((1, 1, 2, 3)))
        record = read_or_error(mutant.text)
        check_untouched_rows(original, mutant, record, f"seed {seed}")
        if mutant.touched & {5, 6}:
            continue
        got = by_label_side(record)
        for f in got.get(("Belligerents", 1), []) + got.get(("Belligerents", 2), []):
            belligerents_seen += 1
            assert f.raw == expected[f.side or 0], f"seed {seed} {mutant.ops}: side {f.side} = {f.raw!r}"
        for f in (record.infoboxes[0].fields if record and record.infoboxes else []):
            if f.label == "Belligerents":
                assert f.side in expected, f"seed {seed} {mutant.ops}: Belligerents on side {f.side}"
    assert belligerents_seen > SEEDS_REFERENCE // 2, "most mutations leave the Belligerents row readable"


def test_reference_mutations_through_the_pipeline(reference_text: str) -> None:
    """Normalised too: the ``combatant`` fields keep their sides (fewer seeds: normalising is slower)."""
    lines = reference_text.splitlines()
    for seed in range(0, SEEDS_REFERENCE, 4):
        rng = random.Random(seed)
        mutant = mutate(lines, rng, rng.choice((1, 2)))
        try:
            record = api.parse(mutant.text, form="pipetext")
        except InfoboxToolsError:
            continue
        if mutant.touched & {5, 6}:
            continue
        for f in (record.infoboxes[0].fields if record.infoboxes else []):
            if f.key == "combatant" and f.label == "Belligerents":
                assert (f.side, f.raw) in {(1, "Soviet Union"), (2, "Japan")}, f"seed {seed} {mutant.ops}"


# -- the real corpus pages -------------------------------------------------------------


def _pages(corpus: Path) -> list[Path]:
    return sorted((corpus / "pipetext").glob("*/*.txt")) + sorted((corpus / "pipetext").glob("*.txt"))


@pytest.mark.corpus
def test_corpus_mutations(corpus: Path) -> None:
    pages = _pages(corpus)
    assert len(pages) >= 60
    checked = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        lines = text.splitlines()
        original, table_span = row_fields(text)
        before = pipetext.read(text)
        for seed in range(SEEDS_PER_PAGE):
            rng = random.Random(f"{page.name}:{seed}")
            mutant = mutate(lines, rng, rng.choice((1, 1, 2, 3)))
            record = read_or_error(mutant.text)
            check_untouched_rows(original, mutant, record, f"{page.parent.name}/{page.name} seed {seed}")
            checked += len(original)
            # prose mutations far below the infobox leave it alone
            far = table_span.stop + MAX_PIPELESS_RUN + 2
            if original and record is not None and min(mutant.touched, default=0) >= far:
                assert [f.to_dict() for f in record.infoboxes[0].fields] == \
                    [f.to_dict() for f in before.infoboxes[0].fields], f"{page.name} seed {seed} {mutant.ops}"
    assert checked > 1000  # real rows were compared, not just crash-checked
