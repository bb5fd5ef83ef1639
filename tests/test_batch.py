"""The batch runner on the real corpus: accounting, outputs, order and parallelism.

Fake parse functions (module level, so worker processes can import them) isolate the
runner's own behaviour; the real readers are used where the output itself matters.
The fakes, ``lines``, ``expected_enwiki`` and ``RUNNER`` live here because other test
modules import them from ``test_batch`` (by object, and by name in subprocess code):
resuming is in test_batch_resume.py, failures and limits in test_batch_failures.py.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from infobox_tools.batch import convert, iter_records
from infobox_tools.record import Field, Infobox, Record, Value
from test_sources import DUMPS, ENWIKI, MULTI, PAGE_RE, independent_counts, raw_text

HERE = Path(__file__).resolve().parent


def fake_parse(text: str, *, form: str = "auto", title: str | None = None, lang: str | None = None,
               source: Any = None, filename: str | None = None) -> Record:
    """A cheap stand-in reader: one field with the text length; fails on titles starting 'Ana'."""
    if title and title.startswith("Ana"):
        raise ValueError("boom")
    f = Field(key="length", raw=str(len(text)), values=[Value(kind="number", text=str(len(text)), number=len(text))])
    return Record(title=title or "", source=source, infoboxes=[Infobox(type="fake", fields=[f])])


def slow_parse(text: str, **kw: Any) -> Record:
    time.sleep(0.03)
    return fake_parse(text, **kw)


def spinning_parse(text: str, **kw: Any) -> Record:
    """Spins (pure Python) on 'Anarchism' until interrupted (20 s at most)."""
    if kw.get("title") == "Anarchism":
        end = time.monotonic() + 20
        while time.monotonic() < end:
            pass
    return fake_parse(text, **kw)


def killing_parse(text: str, **kw: Any) -> Record:
    """Kills its own worker process on 'Anarchism' (never the test process itself)."""
    if kw.get("title") == "Anarchism" and multiprocessing.parent_process() is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return fake_parse(text, **kw)


def hungry_parse(text: str, **kw: Any) -> Record:
    """Asks for 3 GB on 'Albedo' (in a worker only: the machine has room, a 1 GB limit has not)."""
    if kw.get("title") == "Albedo" and multiprocessing.parent_process() is not None:
        block = bytearray(3 * 1024 ** 3)
        return fake_parse(text + str(len(block)), **kw)
    return fake_parse(text, **kw)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def expected_enwiki(corpus: Path) -> dict[str, int]:
    """Outcomes under fake_parse, from the raw XML: ns-0 redirects are written without parsing."""
    written = failed = skipped = 0
    for page in PAGE_RE.findall(raw_text(corpus / ENWIKI)):
        if "<ns>0</ns>" not in page:
            skipped += 1
        elif "<redirect" in page:
            written += 1
        elif "<title>Ana" in page:
            failed += 1
        else:
            written += 1
    return {"written": written, "failed": failed, "skipped": skipped}


RUNNER = """
import sys
sys.path.insert(0, {tests!r})
from test_batch import slow_parse
from infobox_tools.batch import convert
convert([{src!r}], {out!r}, to={to!r}, jobs={jobs}, parse=slow_parse, progress=False, chunk_pages=10)
"""


def test_accounting_with_a_fake_parse(corpus: Path, tmp_path: Path) -> None:
    summary = convert([corpus / ENWIKI], tmp_path, jobs=1, parse=fake_parse, progress=False)
    exp = expected_enwiki(corpus)
    assert (summary.written, summary.failed, summary.skipped) == (exp["written"], exp["failed"], exp["skipped"])
    assert summary.pages == 206 and summary.redirects == 99 and summary.status == "complete"
    assert summary.reasons == {"skipped": {"namespace 4": 1}, "failed": {"error ValueError": exp["failed"]}}
    records = lines(tmp_path / "records.jsonl")
    errors = lines(tmp_path / "errors.jsonl")
    assert len(records) == summary.written and len(errors) == summary.skipped + summary.failed
    assert {e["outcome"] for e in errors} == {"skipped", "failed"}
    assert all(e["reason"] == "ValueError: boom" and e["title"].startswith("Ana") for e in errors
               if e["outcome"] == "failed")
    assert all(set(e) == {"title", "page_id", "outcome", "reason", "file"} for e in errors)
    on_disk = json.loads((tmp_path / "summary.json").read_text())
    assert on_disk["written"] + on_disk["skipped"] + on_disk["failed"] == on_disk["pages"] == 206
    assert not (tmp_path / ".infobox-tools-state.json").exists()
    assert not list(tmp_path.glob("*.part"))
    assert "written" in summary.text() and "namespace 4" in summary.text()


@pytest.mark.parametrize("name", DUMPS + ["dumps/synthetic/python-mwxml_dump.xml", MULTI,
                                          "dumps/synthetic/macbre-mediawiki-dump_dump.xml"])
def test_every_corpus_dump_converts_with_complete_accounting(corpus: Path, tmp_path: Path, name: str) -> None:
    path = corpus / name
    summary = convert([path], tmp_path, jobs=1, progress=False)
    pages = independent_counts(path if name != MULTI else corpus / ENWIKI)["pages"]
    assert summary.pages == pages == summary.written + summary.skipped + summary.failed
    records = lines(tmp_path / "records.jsonl")
    assert len(records) == summary.written
    assert len(lines(tmp_path / "errors.jsonl")) == summary.skipped + summary.failed
    assert summary.failed == 0, lines(tmp_path / "errors.jsonl")
    assert all(r["title"] and r["source"]["file"] == str(path) for r in records)
    if name in (ENWIKI, MULTI):
        assert (summary.written, summary.redirects, summary.skipped) == (205, 99, 1)
        assert sum(bool(r["infoboxes"]) for r in records) >= 40  # 46 pages have an infobox


def test_multistream_two_jobs_equal_one_job(corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    convert([corpus / MULTI], one, jobs=1, progress=False)
    s2 = convert([corpus / MULTI], two, jobs=2, progress=False)
    assert s2.jobs == 2
    for name in ("records.jsonl", "errors.jsonl"):
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_outputs_equal_the_writers(corpus: Path, tmp_path: Path) -> None:
    from infobox_tools.writers.csv import write_csv
    from infobox_tools.writers.json import write_jsonl
    from infobox_tools.writers.tei import write_tei_corpus

    dump = corpus / "dumps/gensim/enwiki-table-markup.xml.bz2"
    records = list(iter_records(dump))
    assert len(records) == 5
    for to, shape, name in (("jsonl", "long", "records.jsonl"), ("csv", "long", "records.csv"),
                            ("csv", "wide", "records.csv"), ("tei-corpus", "long", "records.tei.xml")):
        out = tmp_path / f"{to}-{shape}"
        summary = convert([dump], out, to=to, csv_shape=shape, jobs=2, progress=False)
        assert summary.written == 5
        ref = tmp_path / f"ref-{to}-{shape}"
        if to == "jsonl":
            write_jsonl(records, ref)
        elif to == "csv":
            write_csv(records, ref, shape=shape)
        else:
            converted = json.loads((out / "summary.json").read_text())  # same conversion date
            assert converted["status"] == "complete"
            import datetime

            write_tei_corpus(records, ref, converted=datetime.datetime.now(datetime.UTC).date().isoformat())
        assert (out / name).read_bytes() == ref.read_bytes(), (to, shape)


def test_wide_csv_of_a_whole_dump_loads_in_pandas(corpus: Path, tmp_path: Path) -> None:
    import pandas as pd

    summary = convert([corpus / ENWIKI], tmp_path, to="csv", csv_shape="wide", jobs=2, progress=False)
    frame = pd.read_csv(tmp_path / "records.csv", dtype=str)
    assert len(frame) == summary.written == 205
    assert frame.columns[0] == "title" and frame["title"].iloc[0] == "AccessibleComputing"
    assert not (tmp_path / "records.csv.rows.part").exists()


def test_tei_one_file_per_article(corpus: Path, tmp_path: Path, validate_tei: Any) -> None:
    dump = corpus / "dumps/dumpster-dive/tinywiki-latest-pages-articles.xml"  # has duplicate titles
    summary = convert([dump], tmp_path, to="tei", jobs=2, progress=False)
    index = lines(tmp_path / "tei" / "index.jsonl")
    files = sorted(p.name for p in (tmp_path / "tei").glob("*.xml"))
    assert len(index) == len(files) == summary.written == 8
    assert sorted(e["file"] for e in index) == files
    assert len({f.casefold() for f in files}) == len(files)
    validate_tei((tmp_path / "tei" / index[0]["file"]).read_bytes())
    assert not (tmp_path / "tei.part").exists()


def test_folder_of_articles(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(corpus / "wikitext/wtf_wikipedia_cache", folder)
    (folder / "broken.txt").write_bytes(b"Latin-1 text: caf\xe9 \x80\x81")
    count = sum(1 for p in folder.iterdir() if p.suffix == ".txt")
    summary = convert([folder], tmp_path / "out", jobs=2, progress=False)
    assert summary.pages == count
    errors = lines(tmp_path / "out" / "errors.jsonl")
    assert [e["file"] for e in errors if e["outcome"] == "failed"] == [str(folder / "broken.txt")]
    assert summary.written == count - 1
    titles = [r["title"] for r in lines(tmp_path / "out" / "records.jsonl")]
    assert all(titles)


def test_iter_records_is_lazy_and_complete(corpus: Path) -> None:
    iterator = iter_records(corpus / ENWIKI)
    first = next(iterator)
    assert first.title == "AccessibleComputing" and first.redirect == "Computer accessibility"
    assert 1 + sum(1 for _ in iterator) == 205
    import infobox_tools

    assert infobox_tools.iter_records is iter_records


def test_quiet_without_a_terminal(corpus: Path, tmp_path: Path, capsys: Any) -> None:
    convert([corpus / "dumps/gensim/testcorpus.xml.bz2"], tmp_path, parse=fake_parse)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_tei_corpus_of_a_run_with_no_page_written_leaves_no_invalid_file(corpus: Path, tmp_path: Path,
                                                                       validate_tei: Any) -> None:
    """A stub dump has no page text: every page is skipped, so a teiCorpus would hold no TEI
    (invalid); no corpus file is written and the summary says why.  One page written
    gives a valid corpus again."""
    stub = corpus / "dumps/wikimedia-operations-dumps/stub-articles-sample.xml.gz"
    summary = convert([stub], tmp_path / "out", to="tei-corpus", jobs=1, namespaces=None,
                      skip_redirects=True)
    assert summary.written == 0 and summary.skipped == summary.pages > 0
    assert not (tmp_path / "out" / "records.tei.xml").exists()
    assert "records" not in summary.outputs and "no TEI corpus file" in (summary.note or "")
    lines = (tmp_path / "out" / "errors.jsonl").read_text().splitlines()
    assert len(lines) == summary.pages
    one = convert([corpus / ENWIKI], tmp_path / "one", to="tei-corpus", jobs=1)
    assert one.written > 0 and one.note is None
    validate_tei((tmp_path / "one" / "records.tei.xml").read_bytes())
