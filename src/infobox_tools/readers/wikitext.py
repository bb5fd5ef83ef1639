"""The wikitext reader: one article's source -> a raw :class:`Record`.

Redirect pages yield only ``record.redirect``; disambiguation pages are flagged.
Infoboxes come from :mod:`.wikiinfobox` (only their spans are parsed with
mwparserfromhell, so a dump run stays fast); the prose, categories and table
count come from :mod:`.wikiprose`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from infobox_tools.readers.wikiinfobox import INFOBOX_NAMES, read_infoboxes
from infobox_tools.record import Record, Section, Source

#: Redirect keywords of the larger wikis and of the wikis in the corpus (MediaWiki
#: accepts the English one everywhere).
REDIRECT_WORDS: tuple[str, ...] = (
    "REDIRECT", "WEITERLEITUNG", "REDIRECTION", "OMDIRIGERING", "REDIRECCIÓN", "REDIRECCION",
    "ПЕРЕНАПРАВЛЕНИЕ", "ПЕРЕНАПР", "ПЕРЕНАПРАВЛЕННЯ", "DOORVERWIJZING", "AANSTUUR", "RINVIA", "RINVIO",
    "REDIRECIONAMENTO", "PRZEKIERUJ", "YÖNLENDİRME", "YÖNLENDIRME", "STILVÍSING", "TILVÍSUN",
    "UUDELLEENOHJAUS", "OHJAUS", "ÁTIRÁNYÍTÁS", "PŘESMĚRUJ", "PRESMERUJ", "ΑΝΑΚΑΤΕΥΘΥΝΣΗ", "ПРЕНАСОЧВАНЕ",
    "ПРЕУСМЕРИ", "PREUSMJERI", "ĀTVIRZĪT", "PERADRESAVIMAS", "SUUNA", "ALIDIREKTU", "BIRZUZENDU",
    "FERWIZING", "AIDIRIGIR", "REDIRECCIÓ", "转到", "重定向", "転送", "リダイレクト", "넘겨주기", "تحويل",
    "הפניה", "เปลี่ยนทาง", "चुनें", "PENGALIHAN", "ALIH", "YÖNLENDİR",
)
_REDIRECT_RE = re.compile(
    r"^\s*#\s*(?:" + "|".join(re.escape(w) for w in REDIRECT_WORDS) + r")\s*:?\s*\[\[\s*([^\]|]+?)\s*(?:\|[^\]]*)?\]\]",
    re.IGNORECASE,
)
#: Disambiguation templates (English family names end in "disambiguation").
_DISAMBIG_RE = re.compile(
    r"\{\{\s*(?:template\s*:\s*)?(?:[\w ]*disambiguation|disambig|dab|hndis|geodis|numberdis|shipindex|"
    r"begriffsklärung|homonymie|desambiguação|desambiguacao|desambiguación|desambiguacion|disambigua|"
    r"неоднозначность|многозначность|неоднозначність|значення|fleirtydig|flertydig|peker|"
    r"doorverwijspagina|dp|dubbelsinnig|täsmennyssivu|förgrening|aðgreining|greinir|disambiguasi|"
    r"ujednoznacznienie|rozcestník|razločitev|višeznačna odrednica)\s*(?:\||\}\})",
    re.IGNORECASE,
)


def read(text: str, *, title: str | None = None, source: Source | None = None,
         infobox_names: Iterable[str] | None = None) -> Record:
    """Read one article's wikitext into a raw record.

    ``infobox_names`` adds infobox-like template names (matched as prefixes, like
    :data:`~infobox_tools.readers.wikiinfobox.INFOBOX_NAMES`) for other wikis.
    """
    source = source or Source()
    if source.form is None:
        source.form = "wikitext"
    if title is None:
        title = PurePath(source.file).stem if source.file else ""
    record = Record(title=title, source=source)
    m = _REDIRECT_RE.match(text)
    if m:
        record.redirect = m.group(1).replace("_", " ").strip()
        return record
    record.disambiguation = _DISAMBIG_RE.search(text) is not None
    names = INFOBOX_NAMES if not infobox_names else INFOBOX_NAMES + tuple(n.lower() for n in infobox_names)
    record.infoboxes = read_infoboxes(text, names)
    sections, categories, tables, warnings = _prose(text)
    record.sections = sections
    record.categories = categories
    record.tables = tables
    record.warnings.extend(warnings)
    return record


def _prose(text: str) -> tuple[list[Section], list[str], int, list[str]]:
    """Sections, categories, table count and warnings from the prose reader, if installed."""
    try:
        from infobox_tools.readers.wikiprose import extract_prose
    except ImportError:
        return [], [], 0, ["prose reader not available: no sections read"]
    return extract_prose(text)
