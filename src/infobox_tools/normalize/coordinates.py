"""Geographic coordinates as infoboxes render them: degrees-minutes-seconds with a
hemisphere ("39°55′N 116°23′E", "42° 34′ 07″ nord, 8° 45′ 25″ est") or decimal degrees
("39.917°N 116.383°E").  When both forms are given (the rendered {{coord}}), the
decimal one wins: it is what the template was given.

Hemisphere letters depend on the language: "O" is East in German (Ost) but West in
French, Portuguese and Spanish (ouest, oeste).
"""

from __future__ import annotations

import re

from infobox_tools.record import Value

__all__ = ["parse_coordinates"]

_NUM = r"(\d{1,3}(?:[.,]\d+)?)"
_HEMI = r"(N|S|E|W|O|nord|sud|est|ouest|norte|sul|sur|leste|este|oeste|Nord|Süd|Ost|West|north|south|east|west)"
_DMS = (rf"{_NUM}\s?°\s?(?:{_NUM}\s?[′']\s?)?(?:{_NUM}\s?[″\"]\s?)?\s?{_HEMI}(?![^\W\d_])")
_PAIR_RE = re.compile(_DMS + r"[\s,;/]*" + _DMS, re.IGNORECASE)
_SIGN = {"n": 1, "nord": 1, "norte": 1, "north": 1, "s": -1, "sud": -1, "sul": -1, "sur": -1,
         "süd": -1, "south": -1, "e": 1, "est": 1, "leste": 1, "este": 1, "ost": 1, "east": 1,
         "w": -1, "ouest": -1, "oeste": -1, "west": -1}
_LAT_HEMI = {"n", "s", "nord", "sud", "norte", "sul", "sur", "süd", "north", "south"}


def _deg(d: str, m: str | None, s: str | None) -> float:
    val = float(d.replace(",", ".")) + float((m or "0").replace(",", ".")) / 60
    return val + float((s or "0").replace(",", ".")) / 3600


def _sign(hemi: str, lang: str) -> int:
    h = hemi.lower()
    if h == "o":
        return 1 if lang.startswith("de") else -1
    return _SIGN.get(h, 0)


def parse_coordinates(text: str, lang: str = "en") -> Value | None:
    """A ``coordinates`` value (latitude, longitude in decimal degrees), or ``None``."""
    if "°" not in text:
        return None
    best: Value | None = None
    for m in _PAIR_RE.finditer(text):
        g = m.groups()
        if g[3].lower() not in _LAT_HEMI or g[7].lower() in _LAT_HEMI:
            continue
        lat = _sign(g[3], lang) * _deg(g[0], g[1], g[2])
        lon = _sign(g[7], lang) * _deg(g[4], g[5], g[6])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not _sign(g[7], lang):
            continue
        decimal = g[1] is None and g[5] is None and ("." in g[0] or "," in g[0])
        v = Value(kind="coordinates", text=m.group(0).strip(" ,;/"), latitude=round(lat, 6),
                  longitude=round(lon, 6))
        if best is None or decimal:
            best = v
    return best
