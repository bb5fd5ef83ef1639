"""The registry cache: the shipped registry loads the same with or without it; a cache is
used only while it matches its inputs; a damaged, stale or unwritable cache is no error."""

from __future__ import annotations

import pickle
import shutil
import sys
from pathlib import Path

import pytest

from infobox_tools.normalize import registry as registry_module
from infobox_tools.normalize import registry_cache
from infobox_tools.normalize.registry import MAPPINGS_DIR, build_registry, load_registry, precompile
from infobox_tools.normalize.registry_cache import build_inputs, cache_file, cached, fingerprint, is_fresh


def fresh_registry():
    return build_registry(list(MAPPINGS_DIR.glob("*.toml")))


def test_the_cached_shipped_registry_equals_a_fresh_build(monkeypatch: pytest.MonkeyPatch) -> None:
    assert precompile()
    assert cache_file(MAPPINGS_DIR).is_file()
    fresh = fresh_registry()

    def no_build(paths: object) -> None:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(registry_module, "build_registry", no_build)
    load_registry.cache_clear()
    try:
        assert load_registry() == fresh
    finally:
        load_registry.cache_clear()


def test_the_build_inputs_cover_the_mappings_and_the_code_the_build_reads() -> None:
    names = {p.relative_to(registry_cache.PACKAGE).as_posix() for p in build_inputs()}
    assert {"normalize/registry.py", "normalize/labels.py", "normalize/lang.toml", "record.py"} <= names
    assert {f"normalize/mappings/{p.name}" for p in MAPPINGS_DIR.glob("*.toml")} <= names
    assert not any("__pycache__" in n for n in names)


class Builds:
    """A build function that counts its calls and reads its inputs like the real one."""

    def __init__(self, files: list[Path]) -> None:
        self.files, self.calls = files, 0

    def __call__(self) -> dict[str, str]:
        self.calls += 1
        return {p.name: p.read_text(encoding="utf-8") for p in self.files}


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "mappings"
    folder.mkdir()
    for name in ("military_conflict.toml", "person.toml"):
        shutil.copy(MAPPINGS_DIR / name, folder / name)
    return sorted(folder.glob("*.toml"))


def test_a_cache_is_used_until_an_input_changes(inputs: list[Path]) -> None:
    build, path = Builds(inputs), cache_file(inputs[0].parent)
    assert not is_fresh(path, inputs)
    first = cached(build, inputs, path, write=True)
    assert path.is_file() and build.calls == 1 and is_fresh(path, inputs)
    assert cached(build, inputs, path, write=True) == first and build.calls == 1
    inputs[1].write_text(inputs[1].read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not is_fresh(path, inputs)
    edited = cached(build, inputs, path, write=True)
    assert build.calls == 2 and edited[inputs[1].name].endswith("# edited\n")
    assert cached(build, inputs, path, write=True) == edited and build.calls == 2


def test_a_build_during_which_an_input_changed_is_not_stored(inputs: list[Path]) -> None:
    path = cache_file(inputs[0].parent)

    def build_while_editing() -> str:
        inputs[0].write_text(inputs[0].read_text(encoding="utf-8") + "\n# edited meanwhile\n", encoding="utf-8")
        return "built from the old text"

    assert cached(build_while_editing, inputs, path, write=True) == "built from the old text"
    assert not path.exists()


def test_a_result_that_cannot_be_pickled_is_returned_uncached(inputs: list[Path]) -> None:
    path = cache_file(inputs[0].parent)
    result = cached(lambda: (lambda: "a closure"), inputs, path, write=True)
    assert result() == "a closure"
    assert not path.exists()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "other key"])
def test_a_damaged_cache_is_built_again(inputs: list[Path], damage: str) -> None:
    build, path = Builds(inputs), cache_file(inputs[0].parent)
    good = cached(build, inputs, path, write=True)
    data = path.read_bytes()
    key = fingerprint(inputs)
    path.write_bytes({"truncated": data[: len(data) // 2], "garbage": key + b"\x80\x05not a pickle",
                      "empty": b"", "other key": bytes(32) + data[32:]}[damage])
    assert cached(build, inputs, path, write=True) == good and build.calls == 2
    assert path.read_bytes() == data  # mended


def test_nothing_is_written_under_dont_write_bytecode(inputs: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    build, path = Builds(inputs), cache_file(inputs[0].parent)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cached(build, inputs, path)
    assert not path.parent.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    result = cached(build, inputs, path)
    assert path.is_file() and pickle.loads(path.read_bytes()[32:]) == result


def test_an_unwritable_cache_folder_is_no_error(inputs: list[Path]) -> None:
    folder = inputs[0].parent
    (folder / "__pycache__").write_text("a file where the folder would be", encoding="utf-8")
    build = Builds(inputs)
    assert cached(build, inputs, cache_file(folder), write=True) == build()
    assert sorted(p.name for p in folder.iterdir()) == ["__pycache__", "military_conflict.toml", "person.toml"]


def test_a_users_mappings_folder_is_not_cached(inputs: list[Path]) -> None:
    folder = inputs[0].parent
    shutil.copy(MAPPINGS_DIR / "common.toml", folder / "common.toml")
    registry = load_registry(str(folder))
    assert "military conflict" in registry.types
    assert not (folder / "__pycache__").exists()
