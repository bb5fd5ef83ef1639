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
    """A regex alternation of literal lower-case ``words`` for ``re.IGNORECASE`` patterns,
    longest first (so "mio." beats "mio"), factored into a prefix tree: jul, jun, june
    and juni give "ju(?:l|n(?:e|i)?)".

    Why the tree: ``re`` tries the branches of an alternation one by one, at every
    position of a scan, so the 190 month names cost ~190 comparisons per character of
    every date field; the tree costs about one.  It matches the same strings with the
    same preference: at each node the children (distinct next characters, so at most
    one can match the text; :func:`_check_trie`) are tried before the word that ends
    there, so of the words that match, the longest is still tried first.
    """
    root: dict[str, Any] = {}
    for w in sorted({w for w in words if w}):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    _check_trie(root)
    return _emit(root)


def _emit(node: dict[str, Any]) -> str:
    alts = [re.escape(ch) + _emit(sub) for ch, sub in sorted(node.items()) if ch]
    if not alts:
        return ""
    if len(alts) == 1 and "" not in node:
        return alts[0]
    body = "|".join(alts)
    return f"(?:{body})?" if "" in node else f"(?:{body})"


def _check_trie(node: dict[str, Any]) -> None:
    """Refuse sibling characters that one text character could match under
    ``re.IGNORECASE`` ("s" and "ſ", "k" and the Kelvin sign; "a" and "A"): there the
    tree could try a shorter word first.  (Fails at import: the tables are data.)"""
    kids = [ch for ch in node if ch]
    for ch in kids:
        if ch != ch.lower():
            raise ValueError(f"alternation() needs lower-case words, not {ch!r}")
        if not ch.isascii():  # two lower-case ASCII characters never match alike
            for other in kids:
                if other != ch and _folded(ch).fullmatch(other):
                    raise ValueError(f"alternation(): {ch!r} and {other!r} match alike")
        _check_trie(node[ch])


@cache
def _folded(ch: str) -> re.Pattern[str]:
    """``ch`` as an ``re.IGNORECASE`` pattern (compiled once per character: the checks
    above compare every pair of siblings, at import)."""
    return re.compile(re.escape(ch), re.IGNORECASE)


def reverse_index(table: dict[str, list[str]]) -> dict[str, str]:
    """Map each (lower-cased) spelling to its key; the first key listing a word wins."""
    out: dict[str, str] = {}
    for key, words in table.items():
        for w in words:
            out.setdefault(w.lower(), key)
    return out


LANG = load("lang")
UNITS = load("units")
