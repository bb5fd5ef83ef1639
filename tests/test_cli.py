"""The ``infobox-tools`` command line: conversions, stdin/stdout, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from infobox_tools import __version__
from infobox_tools.cli import main
from infobox_tools.errors import EXIT_INPUT


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_has_examples(runner: CliRunner) -> None:
    result = runner.invoke(main, ["convert", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "--csv-shape" in result.output


def test_convert_json_to_stdout(runner: CliRunner, reference_path: Path, validate_json) -> None:
    result = runner.invoke(main, ["convert", str(reference_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate_json(data)
    assert data["title"] == "Invasion of South Sakhalin"
    assert data["infoboxes"][0]["type"] == "military conflict"


def test_convert_stdin(runner: CliRunner, reference_text: str) -> None:
    result = runner.invoke(main, ["convert", "-", "--to", "csv"], input=reference_text.encode())
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    assert header.startswith("title,")


def test_convert_tei_to_file(runner: CliRunner, reference_path: Path, tmp_path: Path, validate_tei) -> None:
    out = tmp_path / "ref.tei.xml"
    result = runner.invoke(main, ["convert", str(reference_path), "--to", "tei", "-o", str(out)])
    assert result.exit_code == 0, result.output
    validate_tei(out.read_bytes())


def test_convert_csv_wide(runner: CliRunner, reference_path: Path, tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "wide.csv"
    result = runner.invoke(main, ["convert", str(reference_path), "--to", "csv", "--csv-shape", "wide",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert len(frame) == 1
    assert "commander_1" in frame.columns and "commander_2" in frame.columns


@pytest.mark.parametrize("make, reason", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: _write(d / "latin1.txt", "Caf\xe9 | |\n".encode("latin-1")), "not UTF-8"),
    (lambda d: _write(d / "empty.txt", b""), "empty file"),
    (lambda d: _write(d / "blank.txt", b"  \n\n"), "empty file"),
], ids=["missing", "directory", "not-utf8", "empty", "blank"])
def test_bad_input_one_line_error(runner: CliRunner, tmp_path: Path, make, reason: str) -> None:
    path = make(tmp_path)
    result = runner.invoke(main, ["convert", str(path)])
    assert result.exit_code == EXIT_INPUT
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in result.stderr


def test_no_infobox_is_a_warning_not_an_error(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path / "prose.txt",
                  b"Plain article\nThis article has prose but no infobox table at all.\n"
                  b"It is a second paragraph of ordinary text.\n")
    result = runner.invoke(main, ["convert", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["infoboxes"] == []
    assert any("infobox" in w for w in data["warnings"])
    assert "warning" in result.stderr and str(path) in result.stderr


def test_python_dash_m(reference_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "infobox_tools", "convert", str(reference_path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["title"] == "Invasion of South Sakhalin"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
