"""A cache of the built mapping registry, kept the way Python keeps bytecode.

Building the registry from its TOML files costs ~50 ms (TOML parsing, validation, the
label indexes): a quarter of a ``convert``'s run and of the serial start of a batch run
before its workers fork.  The built registry unpickles in ~6 ms.

Like a ``.pyc`` file, the cache sits in a ``__pycache__`` folder beside its sources, is
written only where Python would write bytecode (not under ``PYTHONDONTWRITEBYTECODE`` or
``python -B``, not in a read-only install), and is used only while it matches what it
was built from: its first bytes are a digest of every input of the build (the mapping
files, the normaliser's code and data, ``record.py``, the package and Python versions).
A damaged or stale cache is built again, never trusted.  Only the shipped mappings are
cached; a ``--mappings`` folder of the user's is loaded from its files each time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import infobox_tools

T = TypeVar("T")

PACKAGE = Path(infobox_tools.__file__).resolve().parent
# Everything a build reads besides the mapping files: the normaliser's modules and data
# (labels.py, lang.toml...) and record.py (the value kinds).  Hashing the whole package
# folder of the normaliser means a new dependency of the build cannot be forgotten here.
BUILD_INPUTS = (PACKAGE / "normalize", PACKAGE / "record.py")


def build_inputs(*extra: Path) -> list[Path]:
    """The files a build of the shipped registry depends on, in a fixed order."""
    files: set[Path] = set(extra)
    for root in BUILD_INPUTS:
        if root.is_dir():
            files.update(p for p in root.rglob("*") if p.suffix in (".py", ".toml") and p.is_file())
        elif root.is_file():
            files.add(root)
    return sorted(files)


def fingerprint(files: Iterable[Path]) -> bytes:
    """A 32-byte digest of the files' names and contents and of the versions involved."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"{infobox_tools.__version__}|{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for path in files:
        data = path.read_bytes()
        name = path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name
        digest.update(f"|{name}|{len(data)}|".encode("utf-8", "surrogateescape"))
        digest.update(data)
    return digest.digest()


def cache_file(folder: Path) -> Path:
    return folder / "__pycache__" / f"registry.{sys.implementation.cache_tag}.pickle"


def cached(build: Callable[[], T], files: Iterable[Path], path: Path, *, write: bool | None = None) -> T:
    """``build()``, or its result as cached in ``path`` if that was built from ``files``
    as they are now.  ``write`` (default: unless ``sys.dont_write_bytecode``) stores a
    fresh build in ``path``; a folder that cannot be written is no error."""
    files = list(files)
    key = fingerprint(files)
    try:
        data = path.read_bytes()
        if data[:len(key)] == key:
            result: T = pickle.loads(data[len(key):])
            return result
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a damaged cache is built again below, as a bad .pyc is
        pass
    result = build()
    if write if write is not None else not sys.dont_write_bytecode:
        # Stored only if no input changed while it was built (else the digest would lie).
        if fingerprint(files) == key:
            try:
                data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):  # not picklable: no cache
                return result
            store(path, key + data)
    return result


def is_fresh(path: Path, files: Iterable[Path]) -> bool:
    """Whether ``path`` holds a cache built from ``files`` as they are now."""
    key = fingerprint(files)
    try:
        with open(path, "rb") as fh:
            return fh.read(len(key)) == key
    except OSError:
        return False


def store(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically (readers see the old file or the new one)."""
    try:
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError:  # a read-only install: no cache, as with bytecode
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # as a .pyc (mkstemp makes it private)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
