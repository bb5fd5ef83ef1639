"""JSON / JSON Lines writer on files and streams: atomic replacement (no temp file left,
the old file kept when writing fails), permissions, text and binary streams, missing
folders, symlinks and special files such as /dev/null.

Records come from test_json_writer.py.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from infobox_tools.errors import OutputError
from infobox_tools.record import Record
from infobox_tools.writers.json import write_json, write_jsonl
from test_json_writer import all_records, empty_record, reference_record


def test_write_json_to_path_is_atomic_and_to_streams(tmp_path: Path) -> None:
    record = reference_record()
    target = tmp_path / "out.json"
    write_json(record, target)
    assert Record.from_dict(json.loads(target.read_text(encoding="utf-8"))) == record
    assert target.read_text(encoding="utf-8").startswith('{\n  "title"')
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temp file left
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    text_stream = io.StringIO()
    write_json(record, text_stream)
    binary_stream = io.BytesIO()
    write_json(record, binary_stream)
    assert binary_stream.getvalue().decode("utf-8") == text_stream.getvalue()
    assert not binary_stream.closed


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")

    def records() -> Any:
        yield reference_record()
        raise RuntimeError("reader crashed")

    with pytest.raises(RuntimeError):
        write_jsonl(records(), target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_unwritable_targets_are_output_errors(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="folder does not exist"):
        write_json(empty_record(), tmp_path / "missing" / "x.json")
    with pytest.raises(OutputError, match="is a directory"):
        write_json(empty_record(), tmp_path)


def test_jsonl_one_compact_object_per_line(tmp_path: Path, validate_json: Callable[[Any], None]) -> None:
    records = all_records()
    target = tmp_path / "all.jsonl"
    assert write_jsonl(iter(records), target) == len(records)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(records)
    for line, record in zip(lines, records):
        data = json.loads(line)
        validate_json(data)
        assert Record.from_dict(data) == record


def test_paths_through_symlinks_and_to_special_files(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_json(empty_record(), link)
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["title"] == "Nothing here"
    write_jsonl([empty_record()], os.devnull)  # not renamed over: written in place
    assert Path(os.devnull).exists() and not Path(os.devnull).is_file()
