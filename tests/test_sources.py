"""Sources on the real corpus: every dump's pages are found, classified and described.

Expected counts are computed independently here, by decompressing each file and
counting ``<page>`` blocks with regular expressions, not by the code under test.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import re
import tarfile
from collections import Counter
from pathlib import Path

import pytest

from infobox_tools.batch_output import safe_filename
from infobox_tools.errors import InputError
from infobox_tools.sources import (
    FilesSource,
    JsonLinesSource,
    MultistreamSource,
    XmlDumpSource,
    iter_chunks,
    open_sources,
)
from infobox_tools.sources.multistream import stream_documents
from infobox_tools.sources.siteinfo import base_url, lang_of

ENWIKI = "dumps/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
MULTI = "dumps/multistream/enwiki-sample-pages-articles-multistream.xml.bz2"
PAGE_RE = re.compile(r"<page>(.*?)</page>", re.S)


def raw_text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"BZh"):
        data = bz2.decompress(data)
    elif data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8")


def independent_counts(path: Path) -> Counter[str]:
    """Pages, namespaces, redirects, models counted by regex over the raw XML."""
    counts: Counter[str] = Counter()
    for page in PAGE_RE.findall(raw_text(path)):
        counts["pages"] += 1
        ns = re.search(r"<ns>(-?\d+)</ns>", page)
        counts[f"ns {ns.group(1) if ns else '?'}"] += 1
        if "<redirect" in page or re.search(r"<text[^>]*>\s*#REDIRECT", page, re.I):
            counts["redirects"] += 1
    return counts


def all_documents(src):  # type: ignore[no-untyped-def]
    docs = []
    for chunk, _ in iter_chunks(src, 0, 0, chunk_pages=50):
        if chunk.stream is not None:
            docs.extend(stream_documents(chunk.stream, src.namespaces, src.skip_redirects))
        else:
            docs.extend(chunk.docs)
    return docs


DUMPS = [
    ENWIKI, "dumps/gensim/enwiki-table-markup.xml.bz2", "dumps/gensim/bgwiki-latest-pages-articles-shortened.xml.bz2",
    "dumps/gensim/testcorpus.xml.bz2", "dumps/dumpster-dive/smallwiki-latest-pages-articles.xml",
    "dumps/dumpster-dive/tinywiki-latest-pages-articles.xml", "dumps/macbre-mediawiki-dump/fowiki_dump.xml.bz2",
    "dumps/wikimedia-operations-dumps/pages-articles-sample1.xml.bz2",
    "dumps/wikimedia-operations-dumps/pages-articles-sample2.xml.bz2",
    "dumps/wikimedia-operations-dumps/pages-articles-sample3.xml.bz2",
    "dumps/wikimedia-operations-dumps/pages-articles-sample4.xml.bz2",
    "dumps/wikimedia-operations-dumps/stub-articles-sample.xml.gz",
]


@pytest.mark.parametrize("name", DUMPS)
def test_every_page_of_every_dump_is_found(corpus: Path, name: str) -> None:
    path = corpus / name
    expected = independent_counts(path)
    (src,) = open_sources([path], namespaces=None)
    docs = all_documents(src)
    assert len(docs) == expected["pages"]
    got = Counter(f"ns {d.source.namespace}" for d in docs)
    assert {k: v for k, v in got.items()} == {k: v for k, v in expected.items() if k.startswith("ns ")}
    assert sum(d.redirect is not None for d in docs) == expected["redirects"]
    for doc in docs:  # every page is either parseable text, a redirect, or skipped with a reason
        assert (doc.text is not None and doc.text.strip()) or doc.redirect is not None or doc.skip_reason


def test_enwiki_sample(corpus: Path) -> None:
    (src,) = open_sources([corpus / ENWIKI])
    assert isinstance(src, XmlDumpSource)
    docs = all_documents(src)
    assert len(docs) == 206
    assert sum(d.redirect is not None for d in docs) == 99  # the 100th redirect is in namespace 4
    assert [d.skip_reason for d in docs if d.skip_reason] == ["namespace 4 (Wikipedia)"]
    first = docs[0]
    assert first.title == "AccessibleComputing" and first.redirect == "Computer accessibility"
    assert first.source.url == "https://en.wikipedia.org/wiki/AccessibleComputing"
    assert (first.source.lang, first.source.site, first.source.page_id, first.source.revision) == \
        ("en", "enwiki", 10, 631144794)
    anarchism = next(d for d in docs if d.title == "Anarchism")
    assert anarchism.text is not None and anarchism.text.startswith("{{Redirect2|Anarchist|Anarchists")
    assert (anarchism.source.page_id, anarchism.source.revision, anarchism.source.timestamp) == \
        (12, 716551092, "2016-04-22T10:19:33Z")


def test_multistream_matches_plain_dump(corpus: Path) -> None:
    (multi,) = open_sources([corpus / MULTI])
    assert isinstance(multi, MultistreamSource)
    assert [n for _, n in multi.streams] == [100, 100, 6]
    assert multi.site.lang == "en" and multi.site.site == "enwiki"
    (plain,) = open_sources([corpus / ENWIKI])
    a, b = all_documents(multi), all_documents(plain)
    assert [(d.title, d.text, d.redirect, d.skip_reason, d.source.page_id, d.source.url) for d in a] == \
        [(d.title, d.text, d.redirect, d.skip_reason, d.source.page_id, d.source.url) for d in b]


def test_non_wikitext_and_stub_pages_are_skipped_with_reasons(corpus: Path) -> None:
    ops = corpus / "dumps/wikimedia-operations-dumps"
    (src,) = open_sources([ops / "pages-articles-sample2.xml.bz2"], namespaces=None)
    reasons = Counter(d.reason_key for d in all_documents(src))
    text = raw_text(ops / "pages-articles-sample2.xml.bz2")
    assert reasons["content model wikibase-item"] == text.count("<model>wikibase-item</model>")
    assert reasons["content model wikibase-property"] == text.count("<model>wikibase-property</model>")
    (stub,) = open_sources([ops / "stub-articles-sample.xml.gz"], namespaces=None)
    docs = all_documents(stub)
    stub_text = raw_text(ops / "stub-articles-sample.xml.gz")
    assert sum(d.reason_key == "no text" for d in docs) == len(re.findall(r"<text [^>]*/>", stub_text)) - \
        sum(d.redirect is not None for d in docs)
    assert all(d.text is None for d in docs)


def test_site_languages(corpus: Path) -> None:
    (bg,) = open_sources([corpus / "dumps/gensim/bgwiki-latest-pages-articles-shortened.xml.bz2"])  # UTF-16
    docs = all_documents(bg)
    assert docs[0].title == "Григориански календар" and docs[0].source.lang == "bg"
    assert docs[0].source.url.startswith("https://bg.wikipedia.org/wiki/%D0%93")
    assert docs[1].skip_reason == "namespace 4 (Уикипедия)"
    (ltg,) = open_sources([corpus / "dumps/dumpster-dive/smallwiki-latest-pages-articles.xml"])
    counts = Counter(d.reason_key for d in all_documents(ltg))
    assert counts["namespace 828"] == 28 and counts["namespace 10"] == 347
    assert lang_of(None, "https://fo.wikipedia.org/wiki/Fors%C3%AD%C3%B0a", None) == "fo"
    assert lang_of(None, None, "zh_yuewiki") == "zh-yue"
    assert base_url("http://localhost/w/index.php?title=Main_Page") == "http://localhost/w/index.php?title="


def test_hand_made_exports(corpus: Path) -> None:
    syn = corpus / "dumps/synthetic"
    (mwxml,) = open_sources([syn / "python-mwxml_dump.xml"], namespaces=None)
    foo, bar = all_documents(mwxml)
    assert foo.text == "Revision 2 text" and foo.source.revision == 2  # the last revision
    assert bar.source.namespace == 1
    (macbre,) = open_sources([syn / "macbre-mediawiki-dump_dump.xml"], namespaces=None)
    page, talk = all_documents(macbre)  # no <ns>, no namespace declarations
    assert page.text == "A bunch of [[Special:MyLanguage/text|text]] here."  # newest of two revisions
    assert page.source.lang == "en" and page.source.site == "plwiki"
    assert talk.source.namespace == 1 and talk.skip_reason == "empty page"
    (default,) = open_sources([syn / "macbre-mediawiki-dump_dump.xml"])
    assert [d.skip_reason for d in all_documents(default)] == [None, "namespace 1 (Talk)"]


def test_7z_is_refused_naming_the_file(corpus: Path) -> None:
    path = corpus / "dumps/synthetic/macbre-mediawiki-dump_dump.xml.7z"
    with pytest.raises(InputError, match="7z archives are not supported") as err:
        open_sources([path])
    assert str(path) in str(err.value)


def test_truncated_dump_yields_earlier_pages_then_fails(corpus: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.xml.bz2"
    data = (corpus / ENWIKI).read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    (src,) = open_sources([cut])
    docs = []
    with pytest.raises(InputError, match="truncated|not well-formed") as err:
        for chunk, _ in iter_chunks(src, 0, 0, chunk_pages=10):
            docs.extend(chunk.docs)
    assert str(cut) in str(err.value)
    assert 20 < len(docs) < 206
    assert [d.title for d in docs] == [d.title for d in all_documents(open_sources([corpus / ENWIKI])[0])][:len(docs)]


def test_enterprise_records_and_jsonl(corpus: Path, tmp_path: Path) -> None:
    api = corpus / "html/enterprise_api/frwiki_Alexandros_Ioannis_Ginnis.json"
    (src,) = open_sources([api])
    assert isinstance(src, JsonLinesSource)
    (doc,) = all_documents(src)
    assert doc.title == "Alexandros Ioannis Ginnis" and doc.form == "wikitext"
    assert doc.text.startswith("{{Sous-titre|AJ Ginnis}}")
    s = doc.source
    assert (s.lang, s.page_id, s.revision, s.timestamp, s.site) == \
        ("fr", 15442292, 214373211, "2024-04-18T21:14:32Z", "frwiki")
    assert s.url == "https://fr.wikipedia.org/wiki/Alexandros_Ioannis_Ginnis"
    (html_src,) = open_sources([api], form="html")
    assert all_documents(html_src)[0].text.startswith("<!DOCTYPE html>")
    # an Enterprise HTML dump: NDJSON members in a .tar.gz, streamed
    records = sorted((corpus / "html/enterprise_dump_records").glob("*.json"))
    ndjson = b"".join(json.dumps(json.loads(p.read_text())).encode() + b"\n" for p in records) + b"{broken\n"
    archive = tmp_path / "enwiki_namespace_0_0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("enwiki_namespace_0_0.ndjson")
        info.size = len(ndjson)
        tar.addfile(info, io.BytesIO(ndjson))
    (tar_src,) = open_sources([archive], form="html")
    docs = all_documents(tar_src)
    assert [d.title for d in docs[:2]] == ["Mike Potts", "William Clark (inventor)"]
    assert docs[0].source.lang == "en" and docs[0].text.startswith("<!DOCTYPE html>")
    assert docs[2].error is not None and "line 3" in docs[2].error
    # plain JSON Lines
    plain = tmp_path / "articles.jsonl"
    plain.write_text('{"title": "A", "text": "{{Infobox x|a=1}}", "form": "wikitext"}\n\n'
                     '{"title": "B"}\n{"title": "C", "text": "  "}\n', encoding="utf-8")
    a, b, c = all_documents(open_sources([plain])[0])
    assert (a.title, a.form, a.text) == ("A", "wikitext", "{{Infobox x|a=1}}")
    assert b.reason_key == "no text" and c.reason_key == "empty page"


def test_folders_and_globs(corpus: Path) -> None:
    folder = corpus / "pipetext/trafilatura-2.2.0"
    expected = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    (src,) = open_sources([folder])
    assert isinstance(src, FilesSource)
    assert [Path(p) for p in src.paths] == expected
    assert src.size == sum(p.stat().st_size for p in expected)
    (globbed,) = open_sources([str(corpus / "wikitext/wtf_wikipedia_cache/*.txt")])
    assert len(globbed.paths) == len(list((corpus / "wikitext/wtf_wikipedia_cache").glob("*.txt")))
    with pytest.raises(InputError, match="no files match"):
        open_sources([str(corpus / "nothing-here/*.txt")])
    with pytest.raises(InputError, match="no such file"):
        open_sources([corpus / "missing.xml"])


def test_multistream_index_alone_is_refused(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="read with its dump"):
        open_sources([corpus / "dumps/multistream/enwiki-sample-pages-articles-multistream-index.txt.bz2"])
    # given both, the pair is one multistream source
    folder = corpus / "dumps/multistream"
    (src,) = open_sources([folder])
    assert isinstance(src, MultistreamSource)


@pytest.mark.parametrize("title", ["AC/DC", "..", ".", "a\\b", "CON", "con.txt", "Lpt1", "x" * 400, "ü" * 300,
                                   "What?", "a:b*c|d<e>f\"g", "trailing.", "tab\there", "", "%2F"])
def test_unsafe_titles_give_safe_names(title: str) -> None:
    used: set[str] = set()
    name = safe_filename(title, used)
    assert "/" not in name and "\\" not in name and name not in (".xml", "..xml")
    assert not re.search(r'[<>:"|?*\x00-\x1f]', name)
    assert not name.startswith(".") and name.endswith(".xml")
    assert len(name.encode("utf-8")) <= 200
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "LPT1", "COM1"}
    assert name.casefold() in used


def test_safe_names_never_collide() -> None:
    used: set[str] = set()
    titles = ["Paris", "paris", "PARIS", "AC/DC", "AC%2FDC", "x" * 400, "x" * 401, "Paris_", "Paris "]
    names = [safe_filename(t, used) for t in titles]
    assert len({n.casefold() for n in names}) == len(names)
    assert names[:3] == ["Paris.xml", "paris~2.xml", "PARIS~3.xml"]
    assert names[3] == "AC%2FDC.xml"


def test_schema_0_11_unknown_tags_and_old_redirects(corpus: Path, tmp_path: Path) -> None:
    """The real 0.8 export rewritten as 0.11, with tags this reader has never heard of."""
    text = (corpus / "dumps/synthetic/python-mwxml_dump.xml").read_text(encoding="utf-8")
    text = text.replace("export-0.8", "export-0.11").replace('version="0.8"', 'version="0.11"')
    text = text.replace("<sha1>", "<origin>7</origin><future-tag a='1'><x/></future-tag><sha1>", 1)
    text = text.replace(">Revision 3 text<", ">#REDIRECT [[Foo]]<")
    text = text.replace("<ns>1</ns>", "<ns>0</ns><redirect />")
    path = tmp_path / "export-0.11.xml"
    path.write_text(text, encoding="utf-8")
    foo, bar = all_documents(open_sources([path])[0])
    assert (foo.title, foo.text, foo.source.revision) == ("Foo", "Revision 2 text", 2)
    assert (bar.title, bar.redirect) == ("Bar", "Foo")
