"""The batch runner on the real corpus: accounting, order, parallelism, resume, failures.

Fake parse functions (module level, so worker processes can import them) isolate the
runner's own behaviour; the real readers are used where the output itself matters.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from infobox_tools import batch
from infobox_tools.batch import convert, iter_records
from infobox_tools.errors import InputError
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


def test_a_page_over_the_time_limit_fails_and_the_run_goes_on(corpus: Path, tmp_path: Path) -> None:
    for jobs in (1, 2):
        out = tmp_path / str(jobs)
        started = time.monotonic()
        summary = convert([corpus / ENWIKI], out, jobs=jobs, parse=spinning_parse, page_timeout=0.5, progress=False)
        assert time.monotonic() - started < 15
        failed = [e for e in lines(out / "errors.jsonl") if e["outcome"] == "failed"]
        timeouts = [e for e in failed if "time limit" in e["reason"]]
        assert [e["title"] for e in timeouts] == ["Anarchism"]
        assert summary.reasons["failed"]["timeout"] == 1
        assert summary.pages == 206


def test_a_killed_worker_fails_only_its_chunk(corpus: Path, tmp_path: Path) -> None:
    ref = convert([corpus / ENWIKI], tmp_path / "ref", jobs=1, parse=fake_parse, progress=False, chunk_pages=10)
    summary = convert([corpus / ENWIKI], tmp_path / "k", jobs=2, parse=killing_parse, progress=False,
                      chunk_pages=10)
    assert summary.pages == 206
    died = [e for e in lines(tmp_path / "k" / "errors.jsonl") if e["reason"].startswith("the worker process died")]
    assert "Anarchism" in [e["title"] for e in died] and 1 <= len(died) <= 10
    assert summary.written == ref.written - len(died) + sum(e["title"].startswith("Ana") for e in died)
    ref_records = {r["title"]: r for r in lines(tmp_path / "ref" / "records.jsonl")}
    for record in lines(tmp_path / "k" / "records.jsonl"):
        assert record == ref_records[record["title"]]


RUNNER = """
import sys
sys.path.insert(0, {tests!r})
from test_batch import slow_parse
from infobox_tools.batch import convert
convert([{src!r}], {out!r}, to={to!r}, jobs={jobs}, parse=slow_parse, progress=False, chunk_pages=10)
"""


@pytest.mark.parametrize(("to", "sig"), [("jsonl", signal.SIGKILL), ("tei", signal.SIGINT)])
def test_resume_after_kill_gives_the_same_bytes(corpus: Path, tmp_path: Path, to: str, sig: int) -> None:
    src = str(corpus / ENWIKI)
    full = tmp_path / "full"
    convert([src], full, to=to, jobs=1, parse=fake_parse, progress=False, chunk_pages=10)
    out = tmp_path / "killed"
    code = RUNNER.format(tests=str(HERE), src=src, out=str(out), to=to, jobs=1)
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(HERE)})
    state = out / ".infobox-tools-state.json"
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if state.exists() and json.loads(state.read_text() or "{}").get("chunks", 0) >= 2:
                break
            time.sleep(0.02)
        else:
            pytest.fail("the run never committed two chunks")
    finally:
        proc.send_signal(sig)
        proc.wait(timeout=30)
    assert proc.returncode != 0
    if sig == signal.SIGINT:  # Ctrl-C: a summary saying so, and the state to resume from
        assert json.loads((out / "summary.json").read_text())["status"] == "interrupted"
    committed = json.loads(state.read_text())["chunks"]
    assert 2 <= committed < 21
    assert not (out / "records.jsonl").exists() and not (out / "tei").exists()  # nothing looks complete
    summary = convert([src], out, to=to, jobs=2, parse=fake_parse, progress=False, chunk_pages=10, resume=True)
    assert summary.resumed and summary.pages == 206
    assert (out / "errors.jsonl").read_bytes() == (full / "errors.jsonl").read_bytes()
    if to == "jsonl":
        assert (out / "records.jsonl").read_bytes() == (full / "records.jsonl").read_bytes()
    else:
        names = sorted(p.name for p in (full / "tei").iterdir())
        assert sorted(p.name for p in (out / "tei").iterdir()) == names
        for name in names:
            assert (out / "tei" / name).read_bytes() == (full / "tei" / name).read_bytes()


# Output kinds as (to, csv_shape); every crash point of the commit loop (see batch.checkpoint).
KINDS = [("jsonl", "long"), ("csv", "long"), ("csv", "wide"), ("tei", "long"), ("tei-corpus", "long")]
POINTS = [("written", 0), ("written", 7), ("synced", 3), ("committed", 0), ("committed", 12),
          ("committed", 20), ("finishing", -1)]  # enwiki: 206 pages = 21 chunks of 10


def interrupt_at(point: str, at: int) -> Any:
    """A stand-in for batch.checkpoint that raises KeyboardInterrupt (Ctrl-C) at one point."""
    def checkpoint(name: str, chunk: int) -> None:
        if (name, chunk) == (point, at):
            raise KeyboardInterrupt

    return checkpoint


def tree(out: Path) -> dict[str, bytes]:
    """Every output file below ``out`` with its bytes (not the summary, which has timings)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "summary.json"}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Any:
    """The outputs of an uninterrupted run per kind (computed once per kind)."""
    cache: dict[tuple[str, str], dict[str, bytes]] = {}

    def get(to: str, shape: str) -> dict[str, bytes]:
        if (to, shape) not in cache:
            out = tmp_path_factory.mktemp(f"full-{to}-{shape}")
            convert([corpus / ENWIKI], out, to=to, csv_shape=shape, jobs=1, parse=fake_parse, progress=False,
                    chunk_pages=10)
            cache[to, shape] = tree(out)
        return cache[to, shape]

    return get


@pytest.mark.parametrize(("to", "shape"), KINDS)
@pytest.mark.parametrize(("point", "at"), POINTS)
def test_ctrl_c_at_each_point_then_resume_gives_the_same_bytes(corpus: Path, tmp_path: Path, uninterrupted: Any,
                                                                monkeypatch: pytest.MonkeyPatch, to: str,
                                                                shape: str, point: str, at: int) -> None:
    """Ctrl-C lands at a named point of chunk ``at``; the resumed run (other job count) gives
    byte for byte what an uninterrupted run gives, and the summary never counts ahead."""
    monkeypatch.setattr(batch, "checkpoint", interrupt_at(point, at))
    kw: dict[str, Any] = {"to": to, "csv_shape": shape, "parse": fake_parse, "progress": False, "chunk_pages": 10}
    jobs = 2 if at % 2 else 1
    with pytest.raises(KeyboardInterrupt):
        convert([corpus / ENWIKI], tmp_path, jobs=jobs, **kw)
    monkeypatch.undo()
    committed = 21 if point == "finishing" else at + (point == "committed")
    state_path = tmp_path / ".infobox-tools-state.json"
    state = json.loads(state_path.read_text()) if committed else {"seq": 0}
    assert state_path.exists() == bool(committed)  # before the first commit there is nothing to resume
    assert state.get("chunks", 0) == committed
    interrupted = json.loads((tmp_path / "summary.json").read_text())
    assert interrupted["status"] == "interrupted" and interrupted["pages"] == state["seq"]  # never counts ahead
    summary = convert([corpus / ENWIKI], tmp_path, jobs=3 - jobs, resume=True, **kw)
    assert summary.resumed == bool(committed) and summary.status == "complete" and summary.pages == 206
    assert tree(tmp_path) == uninterrupted(to, shape)


@pytest.mark.parametrize(("to", "shape", "point", "at", "jobs"), [
    ("tei", "long", "written", 5, 2), ("tei", "long", "synced", 2, 1), ("tei", "long", "finishing", -1, 2),
    ("csv", "wide", "committed", 20, 2), ("csv", "wide", "finishing", -1, 1), ("tei-corpus", "long", "synced", 4, 2),
    ("jsonl", "long", "written", 0, 1)])
def test_kill_9_at_each_point_then_resume_gives_the_same_bytes(corpus: Path, tmp_path: Path, uninterrupted: Any,
                                                                to: str, shape: str, point: str, at: int,
                                                                jobs: int) -> None:
    """SIGKILL (no cleanup at all) at a named point, from the INFOBOX_TOOLS_CRASH_AT hook."""
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); from test_batch import fake_parse; "
            f"from infobox_tools.batch import convert; convert([{str(corpus / ENWIKI)!r}], {str(tmp_path)!r}, "
            f"to={to!r}, csv_shape={shape!r}, jobs={jobs}, parse=fake_parse, progress=False, chunk_pages=10)")
    env = {**os.environ, "PYTHONPATH": str(HERE), "INFOBOX_TOOLS_CRASH_AT": f"{point}:{at}"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert not (tmp_path / "summary.json").exists()
    before_first_commit = (point, at) == ("written", 0)
    assert (tmp_path / ".infobox-tools-state.json").exists() != before_first_commit
    summary = convert([corpus / ENWIKI], tmp_path, to=to, csv_shape=shape, jobs=3 - jobs, parse=fake_parse,
                      progress=False, chunk_pages=10, resume=True)
    assert summary.resumed != before_first_commit and summary.pages == 206
    assert tree(tmp_path) == uninterrupted(to, shape)


def test_resume_of_a_complete_run_says_so_and_redoes_nothing(corpus: Path, tmp_path: Path) -> None:
    kw: dict[str, Any] = {"to": "tei", "parse": fake_parse, "progress": False, "chunk_pages": 10}
    first = convert([corpus / ENWIKI], tmp_path, **kw)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    again = convert([corpus / ENWIKI], tmp_path, resume=True, **kw)
    assert again.status == "complete" and again.resumed and again.note and "already complete" in again.note
    assert "already complete" in again.text().splitlines()[0]
    expected = expected_enwiki(corpus)
    assert (again.written, again.failed, again.skipped) == (first.written, first.failed, first.skipped) == (
        expected["written"], expected["failed"], expected["skipped"])
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before  # nothing rewritten
    rerun = convert([corpus / ENWIKI], tmp_path, resume=True, **{**kw, "to": "jsonl"})  # other options: a new run
    assert rerun.note and "nothing to resume" in rerun.note and rerun.pages == 206


def test_resume_with_other_options_names_them_in_one_line(corpus: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "checkpoint", interrupt_at("committed", 3))
    with pytest.raises(KeyboardInterrupt):
        convert([corpus / ENWIKI], tmp_path, to="csv", parse=fake_parse, progress=False, chunk_pages=10)
    monkeypatch.undo()
    state = (tmp_path / ".infobox-tools-state.json").read_bytes()
    with pytest.raises(InputError, match="cannot resume: options csv_shape, to differ") as info:
        convert([corpus / ENWIKI], tmp_path, to="jsonl", csv_shape="wide", parse=fake_parse, progress=False,
                chunk_pages=10, resume=True)
    assert "\n" not in str(info.value)
    assert (tmp_path / ".infobox-tools-state.json").read_bytes() == state  # still resumable as it was


def test_killing_the_run_leaves_no_worker_behind(corpus: Path, tmp_path: Path) -> None:
    if not Path("/proc/self/task").exists():
        pytest.skip("needs Linux /proc to list the worker processes")
    code = RUNNER.format(tests=str(HERE), src=str(corpus / ENWIKI), out=str(tmp_path), to="jsonl", jobs=2)
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(HERE)})
    state = tmp_path / ".infobox-tools-state.json"
    deadline = time.monotonic() + 60
    while not state.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    workers = children.read_text().split() if children.exists() else []
    proc.kill()
    proc.wait()
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_resume_refuses_other_options(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / ".infobox-tools-state.json").write_text(json.dumps({
        "fingerprint": {"inputs": [], "options": {}}, "converted": "2024-01-01"}))
    with pytest.raises(InputError, match="cannot resume"):
        convert([corpus / ENWIKI], tmp_path, parse=fake_parse, progress=False, resume=True)


def test_truncated_bz2_stops_with_a_clear_error_and_keeps_earlier_output(corpus: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    convert([corpus / ENWIKI], full, jobs=1, parse=fake_parse, progress=False)
    cut = tmp_path / "cut.xml.bz2"
    data = (corpus / ENWIKI).read_bytes()
    cut.write_bytes(data[: int(len(data) * 0.6)])
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        convert([cut], out, jobs=2, parse=fake_parse, progress=False)
    message = str(err.value)
    assert str(cut) in message and "truncated" in message and "\n" not in message
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "error" and "truncated" in summary["error"]
    kept = (out / "records.jsonl").read_bytes().replace(str(cut).encode(), str(corpus / ENWIKI).encode())
    assert kept and (full / "records.jsonl").read_bytes().startswith(kept)  # whole pages, in order
    assert len(kept.splitlines()) == summary["written"]
    assert summary["written"] + summary["skipped"] + summary["failed"] == summary["pages"] > 50


def test_truncated_multistream_keeps_complete_streams(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ms"
    folder.mkdir()
    for p in (corpus / "dumps/multistream").iterdir():
        shutil.copy(p, folder / p.name)
    dump = folder / MULTI.rsplit("/", 1)[1]
    data = dump.read_bytes()
    dump.write_bytes(data[:1_000_000])  # inside the second page stream
    with pytest.raises(InputError, match="truncated"):
        convert([dump], tmp_path / "out", jobs=2, parse=fake_parse, progress=False)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["pages"] == 100  # the first stream, complete


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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_page_past_the_memory_limit_fails_alone(corpus: Path, tmp_path: Path) -> None:
    """--max-memory caps each worker's address space: the page that asks for more fails with
    the reason, its worker lives on, and every other page is as in a run without it."""
    ref = convert([corpus / ENWIKI], tmp_path / "ref", jobs=2, parse=fake_parse, progress=False)
    summary = convert([corpus / ENWIKI], tmp_path / "m", jobs=2, parse=hungry_parse, progress=False,
                      max_memory=1024)
    assert summary.pages == ref.pages and summary.written == ref.written - 1
    assert summary.reasons["failed"].get("out of memory") == 1
    (line,) = [e for e in lines(tmp_path / "m" / "errors.jsonl") if e["title"] == "Albedo"]
    assert line["outcome"] == "failed" and "1024 MB" in line["reason"] and "--max-memory" in line["reason"]
    assert "worker died" not in summary.reasons["failed"]  # a MemoryError, not a killed process
    ref_lines = (tmp_path / "ref" / "records.jsonl").read_bytes().splitlines()
    got = (tmp_path / "m" / "records.jsonl").read_bytes().splitlines()
    assert [x for x in ref_lines if b'"title":"Albedo"' not in x] == got
