"""Every article file of the corpus converts through the command line, in every format.

This is the "done when" of the readers: `infobox-tools convert FILE --from FORM --to
json|csv|tei` exits 0 on every page, the JSON fits the shipped schema, the TEI is valid
against tei_all and the CSV loads in pandas.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from infobox_tools.cli import main

GROUPS = {
    "wikitext": ["wikitext/wtf_wikipedia_cache/*.txt", "wikitext/fowiki/*.txt"],
    "html": ["html/enterprise_parser/testdata/*.html", "html/enterprise_parser/testdata/.*.html"],
    "pipetext": ["pipetext/*.txt", "pipetext/trafilatura-1.12.2/*.txt", "pipetext/trafilatura-2.2.0/*.txt"],
}
MINIMUM = {"wikitext": 72, "html": 27, "pipetext": 63}


def _files(corpus: Path, form: str) -> list[Path]:
    return sorted({p for pattern in GROUPS[form] for p in corpus.glob(pattern)})


@pytest.mark.parametrize("form", sorted(GROUPS))
def test_every_corpus_page_converts_in_every_format(
        corpus: Path, form: str, validate_json: Callable[[Any], None],
        validate_tei: Callable[[bytes], None]) -> None:
    import pandas as pd

    files = _files(corpus, form)
    assert len(files) >= MINIMUM[form], f"only {len(files)} {form} files found in {corpus}"
    runner = CliRunner()
    with_infobox = 0
    for path in files:
        args = ["convert", str(path), "--from", form]
        result = runner.invoke(main, [*args, "--to", "json"])
        assert result.exit_code == 0, f"{path.name}: {result.stderr}"
        data = json.loads(result.stdout)
        validate_json(data)
        assert data["title"] or data.get("redirect"), path.name
        with_infobox += bool(data["infoboxes"])

        result = runner.invoke(main, [*args, "--to", "tei"])
        assert result.exit_code == 0, f"{path.name}: {result.stderr}"
        validate_tei(result.stdout_bytes)

        for shape in ("long", "wide"):
            result = runner.invoke(main, [*args, "--to", "csv", "--csv-shape", shape])
            assert result.exit_code == 0, f"{path.name}: {result.stderr}"
            frame = pd.read_csv(io.StringIO(result.stdout))
            assert len(frame) >= 1 and frame["title"].notna().all(), path.name
    # Read from the files: most of these pages have an infobox (the rest are prose only).
    assert with_infobox >= len(files) // 2, f"{form}: only {with_infobox} of {len(files)} have an infobox"
