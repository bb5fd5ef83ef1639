"""A dump's site: its language, its article URL base and its namespaces.

Read from ``<siteinfo>`` (and the root's ``xml:lang``) by :mod:`.xmldump` and
:mod:`.multistream`; used to give each page its URL, language and namespace.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from infobox_tools.sources.document import SiteInfo

_SITE_RE = re.compile(r"^([a-z][a-z_]*?)(?:wiki|wiktionary|wikiquote|wikisource|wikibooks|wikinews|"
                      r"wikiversity|wikivoyage)$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]+)*$")
_URL_SAFE = ";@$!*(),/~:"

# Canonical English namespace names: used to infer a page's namespace from its title when
# the export has no <ns> and declares no namespaces (hand-made and very old exports).
CANONICAL_NAMESPACES: dict[str, int] = {
    "media": -2, "special": -1, "talk": 1, "user": 2, "user talk": 3, "project": 4,
    "project talk": 5, "wikipedia": 4, "wikipedia talk": 5, "file": 6, "image": 6,
    "file talk": 7, "image talk": 7, "mediawiki": 8, "mediawiki talk": 9, "template": 10,
    "template talk": 11, "help": 12, "help talk": 13, "category": 14, "category talk": 15,
    "portal": 100, "portal talk": 101, "draft": 118, "draft talk": 119, "module": 828,
    "module talk": 829,
}


def local(tag: Any) -> str:
    """An element's name without its namespace (``""`` for comments and PIs)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def base_url(base: str | None) -> str | None:
    """The article URL prefix from siteinfo's ``<base>`` (the main page's URL)."""
    if not base:
        return None
    if "/wiki/" in base:
        return base[: base.index("/wiki/") + len("/wiki/")]
    if "title=" in base:
        return base[: base.index("title=") + len("title=")]
    return base.rsplit("/", 1)[0] + "/"


def lang_of(xml_lang: str | None, base: str | None, dbname: str | None) -> str | None:
    """The content language: ``xml:lang`` of the root, else the host, else the dbname."""
    if xml_lang:
        return xml_lang
    if base:
        host = urlsplit(base).hostname or ""
        first = host.split(".")[0]
        if host.count(".") >= 2 and _LANG_RE.match(first) and first not in ("www", "commons", "meta"):
            return first
    if dbname:
        m = _SITE_RE.match(dbname)
        if m and m.group(1) not in ("wikidata", "commons", "meta", "species"):
            return m.group(1).replace("_", "-")
    return None


def parse_siteinfo(elem: Any, xml_lang: str | None) -> SiteInfo:
    """A :class:`SiteInfo` from a ``<siteinfo>`` element."""
    site = SiteInfo()
    base = None
    for child in elem:
        name = local(child.tag)
        if name == "dbname":
            site.site = (child.text or "").strip() or None
        elif name == "base":
            base = (child.text or "").strip() or None
        elif name == "namespaces":
            site.declared = True
            for ns in child:
                if local(ns.tag) == "namespace":
                    try:
                        site.namespaces[int(ns.get("key", ""))] = (ns.text or "").strip()
                    except ValueError:
                        continue
    site.base_url = base_url(base)
    site.lang = lang_of(xml_lang, base, site.site)
    return site


def page_url(site: SiteInfo, title: str) -> str | None:
    """The page's URL the way MediaWiki builds it (underscores, percent-encoding)."""
    if not site.base_url:
        return None
    return site.base_url + quote(title.replace(" ", "_"), safe=_URL_SAFE)


def namespace_of(title: str, site: SiteInfo) -> int:
    """The namespace of a title from its prefix (for exports without ``<ns>``)."""
    prefix, sep, _ = title.partition(":")
    if not sep:
        return 0
    wanted = prefix.strip().replace("_", " ").casefold()
    for key, name in site.namespaces.items():
        if name and name.casefold() == wanted:
            return key
    return CANONICAL_NAMESPACES.get(wanted, 0)


def namespace_name(ns: int, site: SiteInfo) -> str:
    """The name of namespace ``ns``: the dump's own, else the canonical English one, else ""."""
    return site.namespaces.get(ns) or next((k.title() for k, v in CANONICAL_NAMESPACES.items() if v == ns), "")
