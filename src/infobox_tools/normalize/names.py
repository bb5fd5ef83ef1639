"""Split lists of names that rendered text ran together.

Pipe text (trafilatura) loses the line breaks between list items, so a cell listing
commanders arrives as "M.A. Purkayev L.G. Cheremisov Anatoly Petrakovsky Ivan Baturov"
and a cell listing units as "16th Army Pacific Fleet".  These heuristics put the
boundaries back.  They are deliberately conservative: when a run of words cannot be
parsed into names unambiguously, the text is returned whole, because one unsplit
value is a smaller error than a person cut in half.

Person names: a token of initials ("M.A.", "J.", "J.-P.") starts a name and the next
word ends it; other names are a given name and a surname (particles such as "van",
"de", "von", "al" join the word after them, suffixes such as "Jr." or "III" the word
before).  A run of plain words is split in pairs only when its length is even.

Organisation names: a unit noun (Army, Fleet, Corps, Division, ...) ends a name when
the words after it form another name that itself ends with a unit noun.
"""

from __future__ import annotations

import re

_INITIALS_RE = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ]?\.-?)+$")
_WORD_RE = re.compile(r"^[A-ZÀ-ÞĀ-ſ][\w'’\-.]*$")
_SEPARATOR_RE = re.compile(r"[,;/•·\n|]|\s(?:and|&|et|und|e|i|og)\s")
# "2nd district (2001–2003) 6th district (2003–2013)": items that each end in a remark.
_REMARKED_LIST_RE = re.compile(r"^(?:\s*[^()\s][^()]*?\s*\([^()]*\))+\s*$")
_REMARKED_ITEM_RE = re.compile(r"[^()]+?\([^()]*\)")
_REMARKED_PAREN_RE = re.compile(r"\([^()]*\)")
_ORDINAL_RE = re.compile(r"^(?:\d+(?:st|nd|rd|th|e|er|re|\.)?|[IVXLC]+)$")

PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "das", "dos", "do", "du", "la", "le",
    "ter", "ten", "bin", "ibn", "al", "el", "zu", "af", "y", "mac", "st.", "d'", "l'",
})
_CONNECTORS = frozenset({"of", "the", "de", "du", "des", "der", "for", "and", "von"})
SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "v"})
UNIT_NOUNS = frozenset({
    "army", "armies", "fleet", "flotilla", "corps", "division", "brigade", "regiment", "battalion",
    "front", "squadron", "group", "force", "forces", "navy", "command", "wing", "legion", "detachment",
    "company", "militia", "guard", "guards", "district", "flottille", "armée", "armee", "flotte",
    "korps", "brigada", "divisão", "exército", "frota", "regimento",
})


def has_separator(text: str) -> bool:
    """Whether the text already separates its items (commas, line breaks, "and")."""
    return bool(_SEPARATOR_RE.search(text))


def _units(tokens: list[str]) -> list[str] | None:
    """Group tokens into name parts: particles join the next word, suffixes the previous.
    ``None`` when a token is neither a capitalised word, initials, particle nor suffix."""
    units: list[str] = []
    pending = ""
    for tok in tokens:
        low = tok.casefold()
        if low in PARTICLES:
            pending = f"{pending}{tok} "
            continue
        if low in SUFFIXES and units and not pending:
            units[-1] = f"{units[-1]} {tok}"
            continue
        if not (_INITIALS_RE.match(tok) or _WORD_RE.match(tok)):
            return None
        units.append(pending + tok)
        pending = ""
    if pending:
        return None
    return units


def split_person_names(text: str) -> list[str]:
    """Split run-together person names; the text whole when the split is not clear-cut.

    >>> split_person_names("Kiichiro Higuchi Saburo Hagi Junichiro Mineki")
    ['Kiichiro Higuchi', 'Saburo Hagi', 'Junichiro Mineki']
    """
    text = text.strip()
    tokens = text.split()
    units = _units(tokens) if len(tokens) >= 3 else None
    if not units:
        return [text] if text else []
    names: list[str] = []
    plain: list[str] = []

    def flush_plain() -> bool:
        if len(plain) % 2:
            return False
        names.extend(f"{plain[i]} {plain[i + 1]}" for i in range(0, len(plain), 2))
        plain.clear()
        return True

    i = 0
    while i < len(units):
        if _INITIALS_RE.match(units[i]):
            if not flush_plain():
                return [text]
            j = i
            while j < len(units) and _INITIALS_RE.match(units[j]):
                j += 1
            if j >= len(units):
                return [text]
            names.append(" ".join(units[i:j + 1]))
            i = j + 1
        else:
            plain.append(units[i])
            i += 1
    if not flush_plain():
        return [text]
    return names if len(names) > 1 else [text]


def _starts_name(token: str) -> bool:
    """Whether ``token`` can begin a new organisation name (not a connector or unit noun)."""
    low = token.casefold()
    if low in UNIT_NOUNS or low in _CONNECTORS:
        return False
    return token[0].isupper() or token[0].isdigit()


def split_organisation_names(text: str) -> list[str]:
    """Split run-together unit/organisation names at unit nouns.

    >>> split_organisation_names("16th Army Pacific Fleet")
    ['16th Army', 'Pacific Fleet']
    """
    text = text.strip()
    tokens = text.split()
    if len(tokens) < 3:
        return [text] if text else []
    for tok in tokens:
        if not (_WORD_RE.match(tok) or _ORDINAL_RE.match(tok) or tok.casefold() in PARTICLES
                or tok.casefold() in {"of", "the"}):
            return [text]
    # Candidate ends: a unit noun not followed by another unit noun or a connector.
    ends = [i for i, tok in enumerate(tokens)
            if tok.casefold() in UNIT_NOUNS
            and (i + 1 == len(tokens) or _starts_name(tokens[i + 1]))]
    if not ends or ends[-1] != len(tokens) - 1:
        return [text]
    pieces: list[str] = []
    start = 0
    for end in ends:
        pieces.append(" ".join(tokens[start:end + 1]))
        start = end + 1
    return pieces if len(pieces) > 1 else [text]


def split_remarked(text: str) -> list[str]:
    """Split a run of items that each end in a parenthesised remark ("2nd district
    (2001–2003) 6th district (2003–2013)", "FAPLA (1962–1991) FAA (1991–2002)"): the
    closing parenthesis is where a rendered line ended.  Any other text stays whole."""
    if text.count("(") < 2 or not _REMARKED_LIST_RE.match(text):
        return [text]
    if has_separator(_REMARKED_PAREN_RE.sub(" ", text)):
        return [text]  # the items are separated already ("A (x), B (y)")
    pieces = [m.group(0).strip() for m in _REMARKED_ITEM_RE.finditer(text)]
    return pieces if len(pieces) > 1 and all(pieces) else [text]


def split_names(text: str, entity: str | None) -> list[str]:
    """Split ``text`` as a list of ``entity`` names (items ending in a remark for any
    entity; run-together person or organisation names by their shape)."""
    remarked = split_remarked(text)
    if len(remarked) > 1:
        return remarked
    if has_separator(text):
        return [text]
    if entity == "person":
        return split_person_names(text)
    if entity == "organisation":
        return split_organisation_names(text)
    return [text]
