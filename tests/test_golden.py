"""Golden files: the reference article in every output format, reviewed by eye.

The files live in fixtures/golden/.  After a deliberate change of output, regenerate
them with `make golden`, read the diff, and commit it with the change.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import infobox_tools
from infobox_tools.record import Record

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"
UPDATE = bool(os.environ.get("INFOBOX_TOOLS_UPDATE_GOLDEN"))


def _json(record: Record) -> bytes:
    from infobox_tools.writers.json import write_json

    buf = io.StringIO()
    write_json(record, buf)
    return buf.getvalue().encode("utf-8")


def _csv(shape: str) -> Callable[[Record], bytes]:
    def render(record: Record) -> bytes:
        from infobox_tools.writers.csv import write_csv

        buf = io.StringIO(newline="")
        write_csv([record], buf, shape=shape)
        return buf.getvalue().encode("utf-8")

    return render


def _tei(record: Record) -> bytes:
    from infobox_tools.writers.tei import tei_bytes

    return tei_bytes(record)


FORMATS: dict[str, Callable[[Record], bytes]] = {
    "invasion_of_south_sakhalin.json": _json,
    "invasion_of_south_sakhalin.csv": _csv("long"),
    "invasion_of_south_sakhalin.wide.csv": _csv("wide"),
    "invasion_of_south_sakhalin.tei.xml": _tei,
}


@pytest.fixture(scope="module")
def record(reference_path: Path) -> Record:
    record = infobox_tools.parse_file(reference_path)
    # The golden files name the fixture by its path relative to the project, as `make demo` does.
    record.source.file = "fixtures/invasion_of_south_sakhalin.txt"
    return record


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_golden(record: Record, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01: the TEI conversion date
    produced = FORMATS[name](record)
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(produced)
    assert path.is_file(), f"{path} missing: run `make golden`"
    expected = path.read_bytes()
    assert produced.decode("utf-8") == expected.decode("utf-8"), f"{name} differs from its golden file"


def test_golden_json_is_valid(validate_json: Callable[[object], None]) -> None:
    validate_json(json.loads((GOLDEN / "invasion_of_south_sakhalin.json").read_bytes()))


def test_golden_tei_is_valid(validate_tei: Callable[[bytes], None]) -> None:
    validate_tei((GOLDEN / "invasion_of_south_sakhalin.tei.xml").read_bytes())
