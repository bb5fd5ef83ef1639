"""Comparable forms of labels, parameter names, template names and language codes.

Sources spell the same thing many ways ("Birth_Date", "birth date"; "• Total:",
"Total"; "Infobox_Military_Conflict", "military conflict"; "simple" for English).
The registry indexes and looks up only these normalised forms, so every spelling
rule lives here, once.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Languages whose label sets are the same as another's.
LANG_ALIASES = {"simple": "en", "nb": "no", "nn": "no", "en-gb": "en", "en-us": "en"}

_WS_RE = re.compile(r"\s+")
_FOOTNOTE_RE = re.compile(r"\[(?:\d+|[a-z]|note \d+|nb \d+)\]", re.I)
_LABEL_EDGE_RE = re.compile(r"^[\s•·*\-–]+|[\s:：]+$")
_LABEL_YEAR_RE = re.compile(r"\s*\((?:\d{4}(?:\s*[a-z.]+)?|[a-z.]+\s*\d{4})\)$", re.I)
_PARAM_SEP_RE = re.compile(r"[\s_]+")
_TYPE_PREFIX_RE = re.compile(
    r"^(?:template:|mal:|sablon:|modèle:|vorlage:|predefinição:|šablon:)?"
    r"\s*(?:infobox|infoboks|inligtingskas|infokutija|info/|ficha de)[\s_:/-]*",
    re.I,
)


@lru_cache(maxsize=65536)  # labels repeat across a dump: normalise each once
def norm_label(label: str) -> str:
    """A displayed label in comparable form: case-folded, footnote marks, bullets and a
    trailing colon dropped, whitespace collapsed ("• Total:" -> "total")."""
    label = _FOOTNOTE_RE.sub("", label)
    label = _LABEL_YEAR_RE.sub("", _LABEL_EDGE_RE.sub("", label))
    return _WS_RE.sub(" ", label).strip().casefold()


@lru_cache(maxsize=65536)  # labels repeat across a dump: normalise each once
def norm_param(param: str) -> str:
    """A parameter name in comparable form: case-folded, trimmed, spaces and underscores
    equivalent ("Birth Date" -> "birth_date")."""
    return _PARAM_SEP_RE.sub("_", param.strip().casefold()).strip("_")


@lru_cache(maxsize=65536)  # labels repeat across a dump: normalise each once
def norm_type(name: str) -> str:
    """A template or type name in comparable form, "Infobox " prefix dropped
    ("Infobox_Military_conflict" -> "military conflict")."""
    name = _WS_RE.sub(" ", name.replace("_", " ")).strip()
    name = _TYPE_PREFIX_RE.sub("", name)
    return name.strip().casefold()


def norm_lang(lang: str | None) -> str:
    """A language code as the mapping files use it ("simple" reads English labels)."""
    code = (lang or "en").strip().lower()
    return LANG_ALIASES.get(code, code.split("-")[0])
