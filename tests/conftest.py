"""Shared fixtures: the real corpus (read in place), the TEI schema, the JSON Schema.

The corpus lives outside the project (``../shared/corpus``); tests find it through
``INFOBOX_TOOLS_CORPUS`` and skip with a clear reason when it is absent.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REFERENCE = FIXTURES / "invasion_of_south_sakhalin.txt"


def _corpus_dir() -> Path:
    return Path(os.environ.get("INFOBOX_TOOLS_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()


def _schemas_dir() -> Path:
    return _corpus_dir().parent / "schemas"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder; skips the test when it is not there."""
    path = _corpus_dir()
    if not (path / "MANIFEST.md").is_file():
        pytest.skip(f"real corpus not found at {path} (set INFOBOX_TOOLS_CORPUS to ../shared/corpus)")
    return path


@pytest.fixture(scope="session")
def reference_path() -> Path:
    """Path of the reference article in fixtures/."""
    return REFERENCE


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The reference article (Invasion of South Sakhalin) as pipe text, from fixtures/."""
    return REFERENCE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tei_schema() -> Any:
    """The TEI P5 tei_all RELAX NG schema (simplified), loaded once per session."""
    from lxml import etree

    path = _schemas_dir() / "tei" / "tei_all.simplified.rng.gz"
    if not path.is_file():
        pytest.skip(f"TEI schema not found at {path} (it sits beside the corpus in ../shared/schemas)")
    with gzip.open(path, "rb") as fh:
        return etree.RelaxNG(etree.parse(fh))


@pytest.fixture(scope="session")
def validate_tei(tei_schema: Any) -> Callable[[bytes], None]:
    """Call with TEI bytes: fails the test with the schema's messages when invalid."""
    from lxml import etree

    def check(data: bytes) -> None:
        doc = etree.fromstring(data)
        if not tei_schema.validate(doc):
            errors = "\n".join(str(e) for e in list(tei_schema.error_log)[:20])
            pytest.fail(f"TEI not valid against tei_all:\n{errors}")

    return check


@pytest.fixture(scope="session")
def validate_json() -> Callable[[Any], None]:
    """Call with a record dict (parsed JSON): fails the test unless it fits the shipped schema."""
    import jsonschema

    from infobox_tools.writers.json import load_schema

    validator = jsonschema.Draft202012Validator(load_schema())

    def check(data: Any) -> None:
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        if errors:
            lines = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:20]]
            pytest.fail("record does not fit record.schema.json:\n" + "\n".join(lines))

    return check


# Every pipe-text, wikitext and HTML article of the corpus (with the reference article),
# for the writers' tests: they must cope with everything the readers produce.
REAL_GLOBS = ["pipetext/trafilatura-2.2.0/*.txt", "pipetext/trafilatura-1.12.2/*.txt",
              "wikitext/wtf_wikipedia_cache/*.txt", "html/enterprise_parser/testdata/*.html"]


@pytest.fixture(scope="session")
def real_records(corpus: Path, reference_path: Path) -> list[Any]:
    """The corpus's articles parsed by the readers, once per session.  Files a reader
    cannot handle are left out (that is the readers' tests' business)."""
    import infobox_tools
    from infobox_tools.errors import InfoboxToolsError

    paths = [reference_path] + [p for pattern in REAL_GLOBS for p in sorted(corpus.glob(pattern))]
    records = []
    for path in paths:
        try:
            records.append(infobox_tools.parse_file(path))
        except InfoboxToolsError:
            continue
    assert len(records) >= len(paths) // 2, f"only {len(records)} of {len(paths)} corpus files parsed"
    return records
