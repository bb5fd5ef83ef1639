"""Hostile and broken input: every reader, and ``api.parse`` in every form, must give a
:class:`Record` or one of our own errors (``InfoboxToolsError``), never another exception,
and must finish in bounded time and memory.

Why: the batch runner feeds readers millions of pages from dumps and crawls; one page of
garbage (a vandalised article, a truncated download, a binary file named ``.txt``) must
cost one error line in ``errors.jsonl``, not a crashed worker or a swapped-out machine.

The property tests use hypothesis with modest settings (``max_examples`` per property
below) so that the file runs in well under a minute on two cores; :data:`EXAMPLES_RUN`
counts the generated inputs of one run (the README quotes it).
"""

from __future__ import annotations

import codecs
import gc
import importlib.util
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infobox_tools import api
from infobox_tools.errors import InfoboxToolsError, InputError
from infobox_tools.readers import FORMS, get_reader
from infobox_tools.record import Record, Source

EXAMPLES = 200
PARSE_FORMS = (*FORMS, "auto")

# Markup tokens of all three forms, mixed at random with words, spaces and line breaks.
TOKENS = [
    "{{", "}}", "{{{", "}}}", "[[", "]]", "|", "||", "!", "!!", "=", "==", "<ref>", "</ref>", "<ref name=a/>",
    "{|", "|}", "|-", "|+", "<!--", "-->", "'''", "''", "<table>", "</table>", "<tr>", "<td>", "</td>", "<th>",
    "<div class=\"infobox\">", "</div>", "---|---|", "|---|---|", "---|", "\n", "\n\n", " ", "\t", "*", "#",
    "Infobox military conflict", "Infobox person", "infobox", "Belligerents", "date", "=", "1945", "10,000",
    "[edit]", "[1]", "\\|", "&amp;", "&#0;", "&#xD800;", "<![CDATA[", "<?xml version=\"1.0\"?>", "<!DOCTYPE html>",
    "<html>", "<body>", "<nowiki>", "</nowiki>", "<math>", "#REDIRECT [[x]]", "\x00", "\x0b", "\x1b", "\ufeff",
    "\u202e", "\ud800", "\udfff", "\u2028", "\r", "\r\n", "Soviet Union", "Japan", "²=", "99999999999=",
]

# Every code point, lone surrogates and control characters included.
ANY_CHAR = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"]),  # hypothesis leaves them out
    st.characters(min_codepoint=0, max_codepoint=0x1F),
)
ANY_TEXT = st.text(ANY_CHAR, max_size=400)
MARKUP = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(ANY_CHAR, max_size=6)), max_size=120).map("".join)

EXAMPLES_RUN = 0  # generated inputs run in this session (printed by the summary test)


def _count() -> None:
    global EXAMPLES_RUN
    EXAMPLES_RUN += 1


def _reader_call(form: str) -> Callable[[str], Record]:
    reader = get_reader(form)
    return lambda text: reader(text, title=None, source=Source())


def survives(fn: Callable[[str], Any], text: str) -> Record | InfoboxToolsError:
    """Run ``fn(text)``: a Record, or our own error, is fine; anything else fails the test."""
    try:
        record = fn(text)
    except InfoboxToolsError as exc:
        assert str(exc), "our errors carry a message"
        return exc
    assert isinstance(record, Record)
    record.to_dict()  # must serialise (plain data all the way down)
    return record


PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- readers on their own -------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
@PROPERTY
@given(text=ANY_TEXT)
def test_reader_random_text(form: str, text: str) -> None:
    _count()
    survives(_reader_call(form), text)


@pytest.mark.parametrize("form", FORMS)
@PROPERTY
@given(text=MARKUP)
def test_reader_markup_soup(form: str, text: str) -> None:
    _count()
    survives(_reader_call(form), text)


# -- the whole pipeline -----------------------------------------------------------------


@pytest.mark.parametrize("form", PARSE_FORMS)
@PROPERTY
@given(text=MARKUP)
def test_parse_markup_soup(form: str, text: str) -> None:
    _count()
    survives(lambda t: api.parse(t, form=form), text)


@pytest.mark.parametrize("form", PARSE_FORMS)
@PROPERTY
@given(text=ANY_TEXT)
def test_parse_random_text(form: str, text: str) -> None:
    _count()
    survives(lambda t: api.parse(t, form=form), text)


def _infobox_soup(form: str) -> st.SearchStrategy[str]:
    """Something close to a real infobox of ``form`` with random values: reaches the
    normalisers (dates, numbers, sides) instead of stopping at "no infobox"."""
    value = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(ANY_CHAR, max_size=8),
                               st.sampled_from(["9 August 1945", "1945-08-11", "c. 700-2,000 killed",
                                                "100,000 men", "50°N 142°E", "$3 billion", "unknown",
                                                "(including 10,000 reservists)", "1,000–2,000", "-", "?"])),
                     max_size=12).map("".join)
    label = st.sampled_from(["Date", "Location", "Result", "Strength", "Casualties and losses", "Born",
                             "Died", "Population", "Area", "Coordinates", "Belligerents", "x"])
    param = st.sampled_from(["date", "place", "result", "strength1", "casualties2", "combatant1",
                             "commander2", "birth_date", "population_total", "area_km2", "coordinates",
                             "name", "units1", "1"])
    if form == "pipetext":
        row = st.tuples(label, value).map(lambda lv: f"{lv[0]} | {lv[1]} |")
        return st.lists(row, max_size=15).map(lambda rows: "Title | |\n---|---|\n" + "\n".join(rows) + "\nProse.")
    if form == "wikitext":
        row = st.tuples(param, value).map(lambda pv: f"| {pv[0]} = {pv[1]}")
        return st.lists(row, max_size=15).map(
            lambda rows: "{{Infobox military conflict\n" + "\n".join(rows) + "\n}}\nProse.")
    row = st.tuples(label, value).map(lambda lv: f"<tr><th>{lv[0]}</th><td>{lv[1]}</td></tr>")
    return st.lists(row, max_size=15).map(
        lambda rows: "<html><body><table class=\"infobox\">" + "".join(rows) + "</table><p>Prose.</p></body></html>")


@pytest.mark.parametrize("form", FORMS)
@PROPERTY
@given(data=st.data())
def test_parse_infobox_with_random_values(form: str, data: st.DataObject) -> None:
    _count()
    text = data.draw(_infobox_soup(form))
    survives(lambda t: api.parse(t, form=form), text)


# -- bytes ------------------------------------------------------------------------------


@PROPERTY
@given(data=st.binary(max_size=300))
def test_decode_random_bytes(data: bytes) -> None:
    """Any bytes: the text, or a clean InputError; valid UTF-8 decodes to itself."""
    _count()
    try:
        text = api.decode(data, "x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt: ")
        return
    assert isinstance(text, str) and text.strip()


@pytest.mark.parametrize(("data", "expected"), [
    (codecs.BOM_UTF8 + b"Invasion | |\n---|", "Invasion | |\n---|"),
    (codecs.BOM_UTF16_LE + "Sakhalin 樺太".encode("utf-16-le"), "Sakhalin 樺太"),
    (codecs.BOM_UTF16_BE + "Sakhalin 樺太".encode("utf-16-be"), "Sakhalin 樺太"),
    (codecs.BOM_UTF16_LE + "𝔘 astral".encode("utf-16-le"), "𝔘 astral"),
    ("Южно-Сахалинская".encode(), "Южно-Сахалинская"),
])
def test_decode_good_encodings(data: bytes, expected: str) -> None:
    assert api.decode(data, "x.txt") == expected


@pytest.mark.parametrize("data", [
    b"abc \xff def",  # invalid UTF-8 byte
    b"\xc3",  # truncated sequence
    b"\xed\xa0\x80",  # an encoded surrogate is not UTF-8
    b"\xc0\xaf",  # overlong
    codecs.BOM_UTF16_LE + b"a\x00b",  # odd length
    codecs.BOM_UTF16_LE + b"\x00\xd8a\x00",  # lone high surrogate
    codecs.BOM_UTF16_BE + b"\xdc\x00\x00a",  # lone low surrogate
    codecs.BOM_UTF8,  # only a BOM
    codecs.BOM_UTF16_LE,
    b"   \n\t ",
    b"",
])
def test_decode_bad_bytes_is_input_error(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        api.decode(data, "bad.txt")
    assert str(info.value).startswith("bad.txt: ") and "\n" not in str(info.value)


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF32_LE + "Sakhalin".encode("utf-32-le"),
    "Sakhalin".encode("utf-16-le"),
], ids=["utf-32-le-bom", "utf-16-le-no-bom"])
def test_decode_nul_riddled_text_is_not_accepted(data: bytes) -> None:
    try:
        text = api.decode(data, "x.txt")
    except InputError:
        return
    assert text == "Sakhalin", f"decoded as {text!r}"


# -- named hostile inputs ----------------------------------------------------------------

DEPTH = 10_000
HOSTILE: dict[str, str] = {
    "nested templates": "{{" * DEPTH + "x" + "}}" * DEPTH,
    "nested infoboxes": "{{Infobox military conflict|conflict=" * DEPTH + "x" + "}}" * DEPTH,
    "nested links": "[[" * DEPTH + "x" + "]]" * DEPTH,
    "nested divs": "<div>" * DEPTH + "x" + "</div>" * DEPTH,
    "nested tables": "<table class=\"infobox\"><tr><th>a</th><td>" * DEPTH + "x",
    "nested infoboxes in cells": "<div class=\"infobox\"><table><tr><td>" * DEPTH + "x",
    "nested wikitables": "{|\n|\n" * DEPTH,
    "nested refs": "<ref>" * DEPTH + "x" + "</ref>" * DEPTH,
    "nested comments": "<!--" * DEPTH + "x" + "-->" * DEPTH,
    "unbalanced opens": "{{Infobox person|name=" + "{{" * 50_000,
    "unbalanced closes": "}}" * 50_000 + "{{Infobox person|name=x}}",
    "pipes only": "|" * 100_000,
    "separators only": "---|" * 100_000,
    "separator then nothing": "x | |\n---|---|\n",
    "many columns": "x |" + "|" * 100_000 + "\n" + "---|" * 100_000 + "\n" + "a |" * 100_000,
    "NUL and controls": "Title | |\n---|---|\nDate\x00 | 9 Aug\x00ust 1945\x1b[31m |\n\x7f\x0c\x0b\x85\u2028",
    "lone surrogates": "Title | |\n---|---|\nDate | \ud800 1945 \udfff |\n{{Infobox|a=\ud800}}<td>\udc00</td>",
    "BOM and bidi": "\ufeff\u202eTitle | |\n---|---|\nDate | 1945 |\n",
    "very long cell": "Title | |\n---|---|\nDate | " + "9 August 1945 " * 70_000 + "|\n",
    "long wikitext value": "{{Infobox military conflict|date=" + "9 August 1945, " * 20_000 + "}}",
    "long html cell": "<table class=\"infobox\"><tr><th>Date</th><td>" + "1945 " * 200_000 + "</td></tr></table>",
    "CR only": "Title | |\r---|---|\rDate | 1945 |\r",
    "redirect loop": "#REDIRECT [[" + "x" * 100_000 + "]]",
    # str.isdigit() takes "²" and "٣" but int() refuses "²": argument names read as positions
    "superscript argument names": "{{Infobox person|name={{abbr|²=x}}|spouse={{nowrap|٣=y|²=z}}}}\n"
                                  "Text {{quote|²=a}} {{abbr|³=b}} {{start date|2000|²|1}}.",
    # a position that large would be a list that large (found while comparing renderers)
    "huge argument numbers": "{{Infobox person|name={{abbr|199019901990=x}}}}\nText {{quote|" + "9" * 5000
                             + "=a}} {{abbr|99999999999=b}} {{nowrap|1000000=c}}.",
}


@pytest.mark.parametrize("form", PARSE_FORMS)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_named_hostile_input(name: str, form: str) -> None:
    survives(lambda t: api.parse(t, form=form), HOSTILE[name])


# -- resource bounds ----------------------------------------------------------------------

UNITS = {
    "plain words": "word ",
    "pipe cells": "a | ",
    "templates": "{{x|a=[[b|c]]}} ",
    "openers": "{{[[<ref>",
    "token soup": "{{ [[ | ]] }} <ref> {| |} <!-- --> ''' <table><td> ---|---| \n",
    "html cells": "<td><b>x</b></td>",
}


def _line(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _timed(form: str, text: str) -> float:
    gc.collect()
    start = time.perf_counter()
    survives(lambda t: api.parse(t, form=form), text)
    return time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("form", FORMS)
def test_ten_megabyte_line_finishes(form: str) -> None:
    """A single 10 MB line of markup soup: finishes (no timing bound, just completion)."""
    survives(lambda t: api.parse(t, form=form), _line(UNITS["token soup"].replace("\n", " "), 10_000_000))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("unit", ["plain words", "pipe cells", "token soup", "html cells"])
def test_run_time_is_about_linear(form: str, unit: str) -> None:
    """4x the input may cost at most ~12x the time (linear is 4x; a quadratic step is 16x).

    The small run is repeated and the best taken, so that a busy machine does not make a
    false alarm; tiny absolute times are not compared at all."""
    small = min(_timed(form, _line(UNITS[unit], 250_000)) for _ in range(2))
    big = _timed(form, _line(UNITS[unit], 1_000_000))
    if big < 0.5:
        return
    assert big <= 12 * max(small, 0.02), f"{unit}/{form}: 250 KB {small:.2f}s, 1 MB {big:.2f}s"


# (form, prefix, repeated unit, suffix, small size): inputs that once were, or still are,
# quadratic somewhere below api.parse.  4x the input may cost at most 8x the time.
BLOWUPS: dict[str, tuple[str, str, str, str, int]] = {
    "wikitext infobox list": ("wikitext", "{{Infobox person|spouse={{plainlist|", "\n* [[A]] (m. 1900)", "}}}}",
                              50_000),
    "pipetext label rows": ("pipetext", "T | |\n---|---|\n", "Born | 1 January 1900 |\n", "prose", 50_000),
    "html label rows": ("html", "<table class='infobox'>", "<tr><th>Born</th><td>1 January 1900</td></tr>",
                        "</table>", 50_000),
    "wikitext unclosed refs in infobox": ("wikitext", "{{Infobox military conflict|date=", "<ref>x", "}}", 10_000),
    "html unlabelled rows": ("html", "<table class='infobox'>", "<tr><td>a</td><td>b</td></tr>", "</table>", 25_000),
}
BLOWUPS_OPEN = {
}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=[pytest.mark.xfail(strict=True, reason=BLOWUPS_OPEN[n])] if n in BLOWUPS_OPEN else [])
    for n in BLOWUPS])
def test_no_quadratic_blowup(name: str) -> None:
    form, head, unit, tail, size = BLOWUPS[name]

    def text(n: int) -> str:
        return head + unit * (n // len(unit)) + tail

    small = min(_timed(form, text(size)) for _ in range(2))
    big = _timed(form, text(4 * size))
    assert big <= 8 * max(small, 0.05), f"{name}: {size} B {small:.2f}s, {4 * size} B {big:.2f}s"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("unit", sorted(UNITS))
def test_memory_is_bounded(form: str, unit: str) -> None:
    """Peak Python allocations on a 1 MB hostile input stay under 200x its size."""
    text = _line(UNITS[unit], 1_000_000)
    gc.collect()
    tracemalloc.start()
    try:
        survives(lambda t: api.parse(t, form=form), text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * len(text), f"{unit}/{form}: peak {peak / 1e6:.0f} MB for 1 MB"


# -- saved fuzz findings ------------------------------------------------------------------

FUZZ_DIR = Path(__file__).resolve().parent.parent / "fuzz"
CRASHES = sorted(p for p in (FUZZ_DIR / "crashes").glob("*/*") if p.is_file() and p.name != ".gitkeep")
REPLAY_SECONDS = 10.0  # the inputs are small; a regression of a fixed hang takes minutes


def _fuzz_common() -> Any:
    spec = importlib.util.spec_from_file_location("fuzz_common", FUZZ_DIR / "common.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fuzz_crash_corpus_is_there() -> None:
    """The regression inputs found so far (hangs of the HTML reader on nested infoboxes)."""
    assert {p.parent.name for p in CRASHES} >= {"html"}


# Inputs whose bug is in a module this file's owner may not fix: expected to fail until the
# owner fixes it (strict, so the mark must go when it does).
KNOWN_OPEN = {
}


def _crash_params() -> list[Any]:
    params = []
    for p in CRASHES:
        rel = f"{p.parent.name}/{p.name}"
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_OPEN[rel])] if rel in KNOWN_OPEN else []
        params.append(pytest.param(p, id=rel, marks=marks))
    return params


@pytest.mark.parametrize("path", _crash_params())
def test_fuzz_crash_replays(path: Path) -> None:
    """Every saved crash/timeout input of ``fuzz/crashes/<form>/`` goes through ``api.parse``
    as the fuzz target fed it (same bytes-to-text rule), in its form and auto-detected."""
    text = _fuzz_common().to_text(path.read_bytes())
    for form in (path.parent.name, "auto"):
        start = time.perf_counter()
        survives(lambda t, f=form: api.parse(t, form=f), text)
        elapsed = time.perf_counter() - start
        assert elapsed < REPLAY_SECONDS, f"{path.name} as {form}: {elapsed:.1f}s"


def test_zz_examples_run_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Report how many generated inputs ran (runs last in this file: named zz)."""
    if EXAMPLES_RUN == 0:
        pytest.skip("no property test ran before this one (run the whole file to get the count)")
    with capsys.disabled():
        print(f"\n[test_hostile] generated inputs run: {EXAMPLES_RUN}")
