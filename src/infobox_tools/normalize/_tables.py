"""The data tables behind the value parsers (``lang.toml``, ``units.toml``), loaded once.

Kept apart so that numbers, quantities and dates share one parsed copy and the
regexes built from it, and so that adding a language is a data edit, not a code edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef,import-not-found]

_HERE = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML table ``normalize/<name>.toml``."""
    with open(_HERE / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal ``words``, longest first (so "mio." beats "mio")."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in uniq)


def reverse_index(table: dict[str, list[str]]) -> dict[str, str]:
    """Map each (lower-cased) spelling to its key; the first key listing a word wins."""
    out: dict[str, str] = {}
    for key, words in table.items():
        for w in words:
            out.setdefault(w.lower(), key)
    return out


LANG = load("lang")
UNITS = load("units")
