"""Inline templates rendered to what a reader sees, and infobox values cleaned into items.

Two entry points:

* :func:`render_inline` renders one template node (``{{convert|31.2|km2}}`` ->
  "31.2 km2") and says what typed values it carries (a date, a quantity,
  coordinates).  The prose reader calls it for every template in running text.
* :func:`clean_value` turns one infobox parameter value (wikicode) into items:
  it splits on ``<br>``, bullet lines and the list templates *before* any
  stripping, so that "A<br>B" never becomes "AB", drops references, footnotes,
  maintenance tags, comments and images, and keeps link targets.

Rendering is table-driven: :data:`RENDERERS` maps a folded template name
(lower case, underscores and runs of spaces folded) to a function; the
renderers are small pure functions of the template node, in the second half
of this module, after the node walker that both entry points share.  A template the table does not
know is never silently dropped: it adds "unknown template: NAME" to the
warnings and keeps its only positional argument as text where that is how
such templates render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from infobox_tools.record import Value


@dataclass
class Rendered:
    """A template as rendered: ``text`` is what a reader sees; ``values`` the typed
    values it carries (dates, quantities, coordinates, money, URLs); ``links`` the
    (display text, target) pairs of the links inside it, so that a link wrapped in
    ``{{nowrap}}`` keeps its target."""

    text: str
    values: list[Value] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


Renderer = Callable[[Template], Rendered]

_SPACE_RE = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_QUOTES_RE = re.compile(r"'{5}|'{3}|'{2}")  # bold/italic markup (style tags are not parsed)
_NAME_FOLD_RE = re.compile(r"[\s_]+")
_BULLET_RE = re.compile(r"\n[ \t]*[*#:;]+[ \t]*")
_LEAD_BULLET_RE = re.compile(r"^[ \t]*[*#]+[ \t]*")
_FILE_PREFIX_RE = re.compile(
    r"^\s*:?\s*(?:file|image|datei|bild|fichier|fil|mynd|lêer|beeld|файл|изображение|archivo|imagen|"
    r"imagem|arquivo|immagine|plik|bestand|kuva|ファイル|画像)\s*:", re.IGNORECASE)
_CATEGORY_PREFIX_RE = re.compile(r"^\s*(?:category|kategorie|kategori|catégorie|categoría|categoria|"
                                 r"kategorija|категория|категорія|kategory|bólkur)\s*:", re.IGNORECASE)
_INTERWIKI_RE = re.compile(r"^\s*:?\s*[a-z]{2,3}(?:-[a-z]+)?\s*:", re.IGNORECASE)
_IMAGE_NAME_RE = re.compile(r"[^|\[\]{}]+\.(?:jpe?g|png|svg|gif|tiff?|webp|xcf)\b", re.IGNORECASE)

#: Tags whose content is not shown (references) or not part of a value.
_DROP_TAGS = frozenset({"ref", "references", "gallery", "timeline", "templatestyles", "imagemap", "score",
                        "graph", "maplink", "mapframe", "indicator", "section"})
_BREAK_TAGS = frozenset({"br", "p", "li", "hr"})


def fold_name(name: str) -> str:
    """A template name folded for lookup: no ``Template:`` prefix, underscores and
    runs of whitespace as one space, lower case (MediaWiki is first-letter
    insensitive; editors are careless with the rest)."""
    name = _NAME_FOLD_RE.sub(" ", name).strip().lower()
    if name.startswith("template:"):
        name = name[9:].strip()
    return name


def collapse(text: str) -> str:
    """Whitespace runs (including no-break spaces) as one space, stripped."""
    return _SPACE_RE.sub(" ", text.replace("\n", " ")).strip()


# --------------------------------------------------------------------------- walker

@dataclass
class _Item:
    """One item of a value while it is being built."""

    parts: list[str] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return collapse(_QUOTES_RE.sub("", "".join(self.parts)))

    def empty(self) -> bool:
        return not self.text and not self.values and not self.images


class _Walker:
    """Walks wikicode nodes into items; ``split`` says whether breaks start a new item."""

    __slots__ = ("items", "skip", "split", "warnings")

    def __init__(self, split: bool, skip: Callable[[Template], bool] | None = None) -> None:
        self.items: list[_Item] = [_Item()]
        self.warnings: list[str] = []
        self.split = split
        self.skip = skip

    @property
    def cur(self) -> _Item:
        return self.items[-1]

    def brk(self) -> None:
        """End the current item (a line break); in non-splitting mode, a space."""
        if self.split:
            if not self.cur.empty():
                self.items.append(_Item())
            else:
                self.cur.parts.clear()
        else:
            self.cur.parts.append(" ")

    def text(self, value: str) -> None:
        if not self.split or "\n" not in value:
            self.cur.parts.append(value)
            return
        pos = 0
        for m in _BULLET_RE.finditer(value):
            self.cur.parts.append(value[pos:m.start()])
            self.brk()
            pos = m.end()
        self.cur.parts.append(value[pos:])

    def walk(self, code: Wikicode) -> None:
        nodes = code.nodes
        for i, node in enumerate(nodes):
            if isinstance(node, Text):
                value = str(node.value)
                if self.split and i == 0 and self.cur.empty():
                    value = _LEAD_BULLET_RE.sub("", value, count=1)
                self.text(value)
            elif isinstance(node, Template):
                self.template(node)
            elif isinstance(node, Wikilink):
                self.wikilink(node)
            elif isinstance(node, Tag):
                self.tag(node)
            elif isinstance(node, ExternalLink):
                url = str(node.url).strip()
                label = collapse(_plain(node.title)) if node.title is not None else ""
                self.cur.parts.append(label or url)
                self.cur.urls.append((label, url))
            elif isinstance(node, HTMLEntity):
                self.cur.parts.append(node.normalize())
            elif isinstance(node, Comment):
                continue
            elif isinstance(node, Argument):
                if node.default is not None:
                    self.walk(node.default)
            elif isinstance(node, Heading):
                self.walk(node.title)
            else:  # pragma: no cover - mwparserfromhell has no other node types
                self.cur.parts.append(str(node))

    def wikilink(self, node: Wikilink) -> None:
        title = str(node.title)
        if _FILE_PREFIX_RE.match(title):
            self.cur.images.append(collapse(title.split(":", 1)[1]).replace("_", " "))
            return
        if _CATEGORY_PREFIX_RE.match(title):
            return
        target = collapse(title.lstrip(": ")).replace("_", " ")
        if node.text is not None:
            sub = _Walker(False, self.skip)
            sub.walk(node.text)
            shown = sub.cur.text
            self.warnings.extend(sub.warnings)
        else:
            shown = target
        self.cur.parts.append(shown)
        if target and not target.startswith("#"):
            self.cur.links.append((shown, target))

    def tag(self, node: Tag) -> None:
        name = str(node.tag).strip().lower()
        if name in _DROP_TAGS:
            return
        if name in _BREAK_TAGS:
            self.brk()
            if node.contents is not None and not node.self_closing:
                self.walk(node.contents)
            return
        if name == "nowiki":
            if node.contents is not None:
                self.cur.parts.append(str(node.contents))
            return
        wiki_markup = node.wiki_markup
        if wiki_markup in ("*", "#") and self.split:  # a bullet parsed as a tag
            self.brk()
            return
        if wiki_markup in (":", ";"):
            self.brk()
            return
        if node.contents is not None and not node.self_closing:
            self.walk(node.contents)

    def template(self, node: Template) -> None:
        if self.skip is not None and self.skip(node):
            return
        key = fold_name(str(node.name))
        if self.split and key in LIST_TEMPLATES:
            self.brk()
            for item_code in list_items(node):
                self.walk(item_code)
                self.brk()
            return
        r = render_inline(node)
        self.warnings.extend(r.warnings)
        self.cur.parts.append(r.text)
        self.cur.values.extend(r.values)
        self.cur.links.extend(r.links)


def _plain(code: Wikicode | str | None) -> str:
    """Wikicode rendered to text (no item splitting); warnings are dropped."""
    if code is None:
        return ""
    if isinstance(code, str):
        code = mwparserfromhell.parse(code)
    w = _Walker(False)
    w.walk(code)
    return w.cur.text


def render_code(code: Wikicode) -> Rendered:
    """Wikicode (an argument, a link's text) rendered as one piece of text."""
    w = _Walker(False)
    w.walk(code)
    item = w.cur
    return Rendered(item.text, item.values, w.warnings, item.links)


# ------------------------------------------------------------------- list templates

#: List templates: one item per positional argument, or per bullet line of arg 1.
LIST_TEMPLATES = frozenset({
    "plainlist", "plain list", "flatlist", "flat list", "hlist", "ubl", "ubil", "unbulleted list",
    "unbulleted", "ublist", "bulleted list", "blist", "bulleted", "ordered list", "collapsible list",
    "collapsible list?", "br separated entries", "br list", "endplainlist", "startplainlist", "indented plainlist",
    "ulist", "cslist", "comma separated entries", "enum", "unordered list", "vunblist", "vertical list",
})


def list_items(node: Template) -> list[Wikicode]:
    """The items of a list template: its positional arguments (for ``{{plainlist}}``
    and ``{{flatlist}}`` the first argument holds ``*`` bullet lines, which the
    walker splits)."""
    return [p.value for p in node.params if not p.showkey or str(p.name).strip().isdigit()]


# ------------------------------------------------------------------------- render

def render_inline(template: Template) -> Rendered:
    """Render one template as a reader sees it, with the typed values it carries."""
    key = fold_name(str(template.name))
    fn = RENDERERS.get(key)
    if fn is None:
        fn = _prefixed(key)
    if fn is None:
        return render_unknown(template, key)
    try:
        return fn(template)
    except (ValueError, IndexError, KeyError, ZeroDivisionError, OverflowError) as exc:
        r = render_unknown(template, key)
        r.warnings = [f"template {key!r} not understood: {exc}"]
        return r


def _prefixed(key: str) -> Renderer | None:
    """Renderers for whole families by prefix (``lang-fr``, ``flagicon image``) or suffix
    (``Pakistan Peoples Party/meta/color``)."""
    for prefix, fn in PREFIX_RENDERERS:
        if key.startswith(prefix):
            return fn
    for suffix, fn in SUFFIX_RENDERERS:
        if key.endswith(suffix):
            return fn
    return None


# --------------------------------------------------------------------- clean_value

def clean_value(wikicode: Wikicode | str, *, images: bool = False,
                skip: Callable[[Template], bool] | None = None) -> tuple[list[Value], list[str]]:
    """One parameter value -> its items as values, and warnings.

    ``images`` keeps image files as ``Value(kind="image")`` (for image fields);
    otherwise ``[[File:…]]`` is dropped.  ``skip`` says which templates are not part
    of the value (a nested infobox, read as its own infobox).
    """
    if isinstance(wikicode, str):
        wikicode = mwparserfromhell.parse(wikicode)
    w = _Walker(True, skip)
    w.walk(wikicode)
    values: list[Value] = []
    for item in w.items:
        values.extend(_item_values(item, images))
    return values, list(dict.fromkeys(w.warnings))


_DASH_RE = re.compile(r"\s[–—-]\s|[–—]|\bto\b|\buntil\b")


def _item_values(item: _Item, images: bool) -> list[Value]:
    """The values of one item: a typed value when a template gave one, else text."""
    text = item.text.strip(" ,;")
    out: list[Value] = []
    if images:
        names = list(item.images)
        if not names and text and not item.links:
            names = [m.group(0).strip() for m in _IMAGE_NAME_RE.finditer(text)][:1]
            if names and collapse(text) == names[0]:
                text = ""
        out.extend(Value(kind="image", text=n) for n in names)
        if names and not text:
            return out
    if not text and not item.values:
        return out
    typed = [v for v in item.values if v.kind != "text" or v.link]
    dates = [v for v in typed if v.kind == "date"]
    if len(typed) == 1:
        v = typed[0]
        if text and v.kind != "url":
            v.text = text
        out.append(v)
        return out
    if len(dates) == 2 and len(typed) == 2 and _DASH_RE.search(text):
        out.append(Value(kind="daterange", text=text, start=dates[0].date, end=dates[1].date,
                         precision=dates[0].precision))
        return out
    value = Value(kind="text", text=text, parts=typed)
    links = item.links
    if links and links[0][0] and text.startswith(links[0][0]):
        value.link = links[0][1]
        links = links[1:]
    value.parts.extend(Value(kind="text", text=shown, link=target) for shown, target in links)
    if not item.links and len(item.urls) == 1 and not item.urls[0][0] and text == item.urls[0][1]:
        value.kind = "url"
    out.append(value)
    return out


# ======================================================================= renderers
# Each renderer takes the template node and returns a Rendered.  Argument text is
# rendered recursively (nested templates, links), so {{nowrap|{{convert|…}}}} works.

@dataclass
class _Args:
    """A template's arguments rendered: positional (1-based slots, ``1=`` included) and named."""

    pos: list[Rendered]
    named: dict[str, Rendered]

    def p(self, i: int, default: str = "") -> str:
        """Positional argument ``i`` (0-based) as text."""
        return self.pos[i].text if i < len(self.pos) else default

    def n(self, name: str, default: str = "") -> str:
        r = self.named.get(name)
        return r.text if r is not None else default

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self.pos]

    @property
    def warnings(self) -> list[str]:
        out = [w for r in self.pos for w in r.warnings]
        out.extend(w for r in self.named.values() for w in r.warnings)
        return out


def _args(t: Template) -> _Args:
    slots: dict[int, Rendered] = {}
    named: dict[str, Rendered] = {}
    for param in t.params:
        name = str(param.name).strip()
        if name.isdigit():
            slots[int(name)] = render_code(param.value)
        else:
            named[name.lower()] = render_code(param.value)
    top = max(slots, default=0)
    pos = [slots.get(i, Rendered("")) for i in range(1, top + 1)]
    return _Args(pos, named)


def _empty(t: Template) -> Rendered:
    """Templates that show nothing in a value (footnotes, maintenance tags, icons)."""
    return Rendered("")


def _const(text: str) -> Renderer:
    def render(t: Template) -> Rendered:
        return Rendered(text)
    return render


def _arg(i: int) -> Renderer:
    """Templates that show one argument as it is (``{{nowrap|…}}``, ``{{lang|fr|…}}``)."""
    def render(t: Template) -> Rendered:
        a = _args(t)
        if i < len(a.pos):
            r = a.pos[i]
            return Rendered(r.text, r.values, a.warnings, r.links)
        return Rendered(a.n("text"), [], a.warnings)
    return render


def _last_arg(t: Template) -> Rendered:
    a = _args(t)
    r = a.pos[-1] if a.pos else Rendered("")
    return Rendered(r.text, r.values, a.warnings, r.links)


def render_unknown(t: Template, key: str | None = None) -> Rendered:
    """A template we do not know: warn, and keep its only positional argument."""
    name = collapse(str(t.name))
    key = key if key is not None else fold_name(name)
    if ":" in key and not key.startswith("#"):
        magic, _, rest = name.partition(":")
        fn = _MAGIC.get(magic.strip().lower())
        if fn is not None:
            return Rendered(fn(collapse(_plain(rest))))
    if key.startswith("#"):
        name = name.split(":", 1)[0]
    a = _args(t)
    warnings = [f"unknown template: {name}"] + a.warnings
    if len(a.pos) == 1 and not key.startswith("#"):
        r = a.pos[0]
        return Rendered(r.text, r.values, warnings, r.links)
    return Rendered("", [], warnings)


_MAGIC: dict[str, Callable[[str], str]] = {
    "formatnum": lambda s: s, "lc": str.lower, "uc": str.upper, "lcfirst": lambda s: s[:1].lower() + s[1:],
    "ucfirst": lambda s: s[:1].upper() + s[1:], "padleft": lambda s: s.split("|")[0],
}

# ----------------------------------------------------------------------------- flags

_COUNTRY_ALIASES = {
    "usa": "United States", "us": "United States", "uk": "United Kingdom", "gbr": "United Kingdom",
    "ussr": "Soviet Union", "urs": "Soviet Union", "prc": "China", "roc": "Taiwan", "rus": "Russia",
    "ger": "Germany", "fra": "France", "jpn": "Japan", "can": "Canada", "aus": "Australia", "ita": "Italy",
    "esp": "Spain", "nor": "Norway", "swe": "Sweden", "den": "Denmark", "ned": "Netherlands",
    "uae": "United Arab Emirates", "drc": "Democratic Republic of the Congo", "nzl": "New Zealand",
    "rsa": "South Africa", "bra": "Brazil", "arg": "Argentina", "mex": "Mexico", "ind": "India",
    "pak": "Pakistan", "kor": "South Korea", "prk": "North Korea", "sco": "Scotland", "wal": "Wales",
    "eng": "England", "irl": "Ireland", "chn": "China", "fro": "Faroe Islands", "isl": "Iceland",
    "fin": "Finland", "pol": "Poland", "sui": "Switzerland", "aut": "Austria", "bel": "Belgium",
    "por": "Portugal", "gre": "Greece", "tur": "Turkey", "egy": "Egypt", "isr": "Israel", "iri": "Iran",
    "empire of japan": "Empire of Japan", "nazi germany": "Nazi Germany",
}


def _country(a: _Args) -> str:
    name = a.n("name") or a.p(0)
    return _COUNTRY_ALIASES.get(name.lower(), name)


def _flag(t: Template) -> Rendered:
    a = _args(t)
    name = _country(a)
    return Rendered(name, [], a.warnings, [(name, name)] if name else [])


def _flag_unlinked(t: Template) -> Rendered:
    a = _args(t)
    return Rendered(_country(a), [], a.warnings)


# ----------------------------------------------------------------------------- dates

MONTHS: dict[str, int] = {}
for _i, _m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"), start=1):
    MONTHS[_m] = _i
    MONTHS[_m[:3]] = _i
MONTHS["sept"] = 9
#: Month names of the other languages in the corpus (fr, de, nl/af, nn/no/da, pt), for parsing only.
for _i, _names in enumerate((
        "janvier januar januari janeiro", "février februar februari fevereiro", "mars märz maart março",
        "avril april abril", "mai mei maio", "juin juni junho", "juillet juli julho", "août augustus agosto",
        "septembre setembro", "octobre oktober outubro", "novembre novembro",
        "décembre dezember desember december dezembro"), start=1):
    for _m in _names.split():
        MONTHS.setdefault(_m, _i)
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO_RE = re.compile(r"^(-?\d{1,4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$")
_DMY_RE = re.compile(rf"^(\d{{1,2}})\s+({_MONTH_ALT})\.?,?\s+(\d{{1,4}})$", re.IGNORECASE)
_MDY_RE = re.compile(rf"^({_MONTH_ALT})\.?\s+(\d{{1,2}}),?\s+(\d{{1,4}})$", re.IGNORECASE)
_MY_RE = re.compile(rf"^({_MONTH_ALT})\.?,?\s+(\d{{1,4}})$", re.IGNORECASE)
_Y_RE = re.compile(r"^(\d{1,4})$")
_TIME_RE = re.compile(r"(?:[,\s]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|GMT|[ap]\.?m\.?))?.*$)|"
                      r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|GMT|[ap]\.?m\.?))?[,\s]+", re.IGNORECASE)
_TRUE = frozenset({"y", "yes", "1", "true", "on"})


@dataclass
class _Date:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def show(self, dmy: bool) -> str:
        if not self.month:
            return str(self.year)
        month = MONTH_NAMES[self.month]
        if not self.day:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}" if dmy else f"{month} {self.day}, {self.year}"

    def value(self, dmy: bool) -> Value:
        return Value(kind="date", text=self.show(dmy), date=self.iso, precision=self.precision)


def _month(s: str) -> int | None:
    s = s.strip().rstrip(".").lower()
    if s.isdigit():
        m = int(s)
        return m if 1 <= m <= 12 else None
    return MONTHS.get(s)


def _make_date(y: str, m: str = "", d: str = "") -> _Date | None:
    y = y.strip()
    if not re.fullmatch(r"-?\d{1,4}", y):
        return None
    date = _Date(int(y))
    if m.strip():
        date.month = _month(m)
        if date.month is None:
            return None
        if d.strip().isdigit() and 1 <= int(d) <= 31:
            date.day = int(d)
    return date


def parse_date_text(text: str) -> _Date | None:
    """A date written out ("7 June 1959", "June 7, 1959", "1959-06-07", "June 1959", "1959")."""
    s = _TIME_RE.sub("", collapse(text)).strip(" ,")
    s = re.sub(r"^(\d{1,2})\.\s", r"\1 ", s)  # "18. september 1972"
    if m := _ISO_RE.match(s):
        return _make_date(m.group(1), m.group(2), m.group(3) or "")
    if m := _DMY_RE.match(s):
        return _make_date(m.group(3), m.group(2), m.group(1))
    if m := _MDY_RE.match(s):
        return _make_date(m.group(3), m.group(1), m.group(2))
    if m := _MY_RE.match(s):
        return _make_date(m.group(2), m.group(1))
    if m := _Y_RE.match(s):
        return _make_date(m.group(1))
    return None


def _date_at(texts: list[str], start: int) -> _Date | None:
    """The date in positional slots ``start..start+2`` (y, m, d), or written out in one slot."""
    parts = [x.strip() for x in texts[start:start + 3]]
    if not parts or not parts[0]:
        return None
    if re.fullmatch(r"-?\d{1,4}", parts[0]):
        parts += ["", ""]
        return _make_date(parts[0], parts[1], parts[2])
    return parse_date_text(parts[0])


def _dmy(a: _Args) -> bool:
    """Day-month-year display when ``df=y`` (the default is month-day-year)."""
    return a.n("df").lower() in _TRUE


def _age(born: _Date, at: _Date) -> int:
    years = at.year - born.year
    if born.month and at.month and (at.month, at.day or 0) < (born.month, born.day or 0):
        years -= 1
    return years


def _date_renderer(at: int = 0, *, died: bool = False) -> Renderer:
    """``{{start date|y|m|d}}`` and kin; ``died``: ``{{death date and age|y|m|d|y|m|d}}``."""
    def render(t: Template) -> Rendered:
        a = _args(t)
        texts = a.texts
        date = _date_at(texts, at)
        if date is None:
            text = " ".join(x for x in texts if x)
            return Rendered(text, [], a.warnings + [f"date not understood in {{{{{collapse(str(t.name))}}}}}"])
        value = date.value(_dmy(a))
        if len(texts) > at and not re.fullmatch(r"-?\d{1,4}", texts[at].strip()):
            value.text = collapse(texts[at])  # a written-out date shows as written
        if died:
            born = _date_at(texts, 3)
            if born is not None:
                age = _age(born, date)
                value.note = f"aged {age}"
                value.text += f" (aged {age})"
        return Rendered(value.text, [value], a.warnings)
    return render


def _shown_date(t: Template) -> Rendered:
    """``{{birth-date|1959-06-07|7th June 1959}}``: a sortable date, then the text shown."""
    a = _args(t)
    date = _date_at([a.p(0)], 0) or parse_date_text(a.p(1))
    shown = a.p(1) or a.p(0)
    if date is None:
        return Rendered(shown, [], a.warnings + [f"date not understood in {{{{{collapse(str(t.name))}}}}}"])
    value = date.value(False)
    value.text = shown
    if shown.startswith(("c.", "ca.", "circa")):
        value.qualifier = "approximate"
    return Rendered(shown, [value], a.warnings)


def _year_age(died: bool) -> Renderer:
    """``{{birth year and age|1959}}`` (year only); ``{{death year and age|2001|1920}}``."""
    def render(t: Template) -> Rendered:
        a = _args(t)
        date = _make_date(a.p(0), a.p(1) if not died else "")
        if date is None:
            return Rendered(a.p(0), [], a.warnings + ["date not understood"])
        value = date.value(False)
        if died and (born := _make_date(a.p(1))) is not None:
            age = date.year - born.year
            value.note = f"aged {age - 1}–{age}"
            value.text += f" (aged {age - 1}–{age})"
        return Rendered(value.text, [value], a.warnings)
    return render


def _dmy_args(t: Template) -> Rendered:
    """``{{Datum|25|08|2017}}`` (de), ``{{date de naissance|12|mars|1990}}`` (fr): day first."""
    a = _args(t)
    texts = [x for x in a.texts[:3]]
    shown = collapse(" ".join(texts))
    date = _make_date(*(texts[::-1] + ["", ""])[:3]) if len(texts) == 3 else parse_date_text(shown)
    if date is None:
        return Rendered(shown, [], a.warnings + [f"date not understood in {{{{{collapse(str(t.name))}}}}}"])
    if fold_name(str(t.name)) == "datum":
        shown = ".".join(x.strip() for x in texts)  # as written: 25.08.2017
    value = date.value(True)
    value.text = shown
    return Rendered(shown, [value], a.warnings)


def _dts(t: Template) -> Rendered:
    a = _args(t)
    texts = [x for x in a.texts]
    date = _date_at(texts, 0)
    if date is None:
        return Rendered(" ".join(texts), [], a.warnings + ["date not understood in {{dts}}"])
    value = date.value(a.n("format") == "dmy" or a.n("df").lower() in _TRUE)
    return Rendered(value.text, [value], a.warnings)


# ------------------------------------------------------------------ numbers, convert

_SCALE = {"thousand": 1e3, "million": 1e6, "mil": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12}
_NUM_RE = re.compile(r"^[-−–]?\d[\d,]*(?:\.\d+)?$|^[-−–]?\.\d+$")
_MONEY_RE = re.compile(r"^([-−]?\d[\d,]*(?:\.\d+)?)\s*(thousand|million|mil|billion|bn|trillion|m|b)?\.?$", re.IGNORECASE)


def to_number(text: str) -> int | float | None:
    """"1,200" -> 1200, "31.2" -> 31.2, "−5" -> -5; ``None`` when not a plain number."""
    s = text.strip().replace("\u2212", "-").replace("–", "-")
    if not _NUM_RE.match(s):
        return None
    s = s.replace(",", "")
    try:
        return int(s) if re.fullmatch(r"-?\d+", s) else float(s)
    except ValueError:
        return None


def _scaled(text: str) -> int | float | None:
    """"5 million" -> 5000000, "1.2 bn" -> 1200000000."""
    m = _MONEY_RE.match(collapse(text))
    if not m:
        return None
    n = to_number(m.group(1))
    if n is None:
        return None
    if m.group(2):
        n = n * _SCALE[m.group(2).lower()]
        n = int(n) if float(n).is_integer() else n
    return n


_RANGE_SEPS = {"-": "–", "–": "–", "—": "–", "to": " to ", "to(-)": " to ", "and": " and ", "and(-)": " and ",
               "or": " or ", "x": " × ", "×": " × ", "by": " by ", "+/-": " ± ", "±": " ± ", ", and": ", and ",
               "+": " + "}


def _convert(t: Template) -> Rendered:
    """``{{convert|31.2|km2}}`` -> "31.2 km2"; ranges (``2|-|3|km``, ``|to|``); ``5|ft|10|in``."""
    a = _args(t)
    texts = [x.strip() for x in a.texts]
    first = to_number(texts[0]) if texts else None
    if first is None:
        return Rendered(" ".join(x for x in texts[:2] if x), [], a.warnings + ["convert: no number"])
    value = Value(kind="quantity")
    i = 1
    shown = texts[0]
    if len(texts) > 3 and texts[1].lower() in _RANGE_SEPS and to_number(texts[2]) is not None:
        value.low, value.high = first, to_number(texts[2])
        shown = f"{texts[0]}{_RANGE_SEPS[texts[1].lower()]}{texts[2]}"
        i = 3
    else:
        value.number = first
    unit = texts[i] if i < len(texts) else ""
    value.unit = unit or None
    shown = f"{shown} {unit}".strip()
    # mixed units: {{convert|5|ft|10|in|…}}
    if i + 2 < len(texts) + 1 and i + 2 <= len(texts) - 1 and to_number(texts[i + 1]) is not None \
            and texts[i + 2] and not texts[i + 2][0].isdigit() and texts[i + 2].lower() in _SMALLER_UNITS:
        shown += f" {texts[i + 1]} {texts[i + 2]}"
        value.parts = [Value(kind="quantity", text=f"{texts[i + 1]} {texts[i + 2]}",
                             number=to_number(texts[i + 1]), unit=texts[i + 2])]
    value.text = shown
    return Rendered(shown, [value], a.warnings)


_SMALLER_UNITS = frozenset({"in", "ft", "lb", "oz", "st", "yd", "cm", "m", "ch", "mi"})

# -------------------------------------------------------------------------- money

#: Currency templates: folded name -> (shown prefix, ISO code).
_CURRENCIES: dict[str, tuple[str, str]] = {
    "us$": ("US$", "USD"), "usd": ("US$", "USD"), "usd$": ("US$", "USD"), "$": ("$", "USD"),
    "€": ("€", "EUR"), "eur": ("€", "EUR"), "euro": ("€", "EUR"), "£": ("£", "GBP"), "gbp": ("£", "GBP"),
    "¥": ("¥", "JPY"), "jpy": ("¥", "JPY"), "yen": ("¥", "JPY"), "cny": ("CN¥", "CNY"), "rmb": ("CN¥", "CNY"),
    "inr": ("₹", "INR"), "₹": ("₹", "INR"), "cad": ("CA$", "CAD"), "ca$": ("CA$", "CAD"),
    "aud": ("A$", "AUD"), "a$": ("A$", "AUD"), "nzd": ("NZ$", "NZD"), "chf": ("CHF ", "CHF"),
    "nok": ("NOK ", "NOK"), "sek": ("SEK ", "SEK"), "dkk": ("DKK ", "DKK"), "rub": ("₽", "RUB"),
    "₽": ("₽", "RUB"), "krw": ("₩", "KRW"), "₩": ("₩", "KRW"), "brl": ("R$", "BRL"), "r$": ("R$", "BRL"),
    "hkd": ("HK$", "HKD"), "sgd": ("S$", "SGD"), "zar": ("R", "ZAR"), "pkr": ("Rs ", "PKR"),
    "mxn": ("Mex$", "MXN"), "ils": ("₪", "ILS"), "try": ("₺", "TRY"), "pln": ("zł ", "PLN"),
}


def _money(t: Template) -> Rendered:
    key = fold_name(str(t.name))
    sign, code = _CURRENCIES[key]
    a = _args(t)
    amount = a.p(0)
    text = f"{sign}{amount}" if amount else sign.strip()
    value = Value(kind="money", text=text, currency=code, number=_scaled(amount) if amount else None)
    return Rendered(text, [value] if amount else [], a.warnings)


# ------------------------------------------------------------------------- tickers

_EXCHANGES: dict[str, str] = {k.lower(): k for k in (
    "NYSE", "NASDAQ", "LSE", "TYO", "TSX", "TSXV", "ASX", "HKEX", "SEHK", "BSE", "NSE", "KRX", "SIX", "FWB",
    "OSE", "OMX", "BMAD", "BIT", "SGX", "JSE", "TWSE", "SET", "BMV", "IDX", "MOEX", "MCX", "PSE", "PSX",
    "TASE", "WSE", "BVL", "SSE", "SZSE", "KOSDAQ", "NZX", "OTC Pink", "NYSE American", "NYSE Arca",
    "Euronext", "Xetra", "OTCQX", "Nasdaq Nordic", "Oslo Stock Exchange",
)}


def _ticker(t: Template) -> Rendered:
    name = _EXCHANGES[fold_name(str(t.name))]
    a = _args(t)
    sym = a.p(0)
    return Rendered(f"{name}: {sym}" if sym else name, [], a.warnings)


# --------------------------------------------------------------------------- coord

_HEMI = {"n": 1, "s": -1, "e": 1, "w": -1}


def _dms(parts: list[str]) -> float | None:
    nums = [to_number(p) for p in parts if p.strip()]
    if not nums or any(n is None for n in nums) or len(nums) > 3:
        return None
    deg = 0.0
    for n, div in zip(nums, (1, 60, 3600)):
        deg += float(n) / div  # type: ignore[arg-type]
    return deg


def _coord(t: Template) -> Rendered:
    """``{{coord|35|41|N|139|41|E}}`` or ``{{coord|35.68|139.69}}`` -> latitude/longitude."""
    a = _args(t)
    texts = [x.strip() for x in a.texts if ":" not in x and "=" not in x]
    low = [x.lower() for x in texts]
    lat = lon = None
    shown = ""
    ns = next((i for i, x in enumerate(low) if x in ("n", "s")), None)
    ew = next((i for i, x in enumerate(low) if x in ("e", "w")), None)
    if ns is not None and ew is not None and ns < ew:
        lat, lon = _dms(texts[:ns]), _dms(texts[ns + 1:ew])
        if lat is not None and lon is not None:
            lat *= _HEMI[low[ns]]
            lon *= _HEMI[low[ew]]
            marks = ("°", "′", "″")
            shown = " ".join(
                "".join(f"{p}{m}" for p, m in zip(seg, marks)) + texts[h].upper()
                for seg, h in ((texts[:ns], ns), (texts[ns + 1:ew], ew)))
    elif len(texts) >= 2 and to_number(texts[0]) is not None and to_number(texts[1]) is not None:
        lat, lon = float(to_number(texts[0])), float(to_number(texts[1]))  # type: ignore[arg-type]
        shown = f"{abs(lat)}°{'N' if lat >= 0 else 'S'} {abs(lon)}°{'E' if lon >= 0 else 'W'}"
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return Rendered("", [], a.warnings + ["coord not understood"])
    value = Value(kind="coordinates", text=shown, latitude=round(lat, 6), longitude=round(lon, 6))
    return Rendered(shown, [value], a.warnings)


# ---------------------------------------------------------------------------- misc

def _nihongo(t: Template) -> Rendered:
    a = _args(t)
    english, kanji, romaji = a.p(0), a.p(1), a.p(2)
    inner = ", ".join(x for x in (kanji, romaji) if x)
    head = english or ""
    text = f"{head} ({inner})" if head and inner else head or inner
    links = a.pos[0].links if a.pos else []
    return Rendered(text, [], a.warnings, links)


def _sortname(t: Template) -> Rendered:
    a = _args(t)
    text = collapse(f"{a.p(0)} {a.p(1)}")
    if "nolink" in a.named:
        return Rendered(text, [], a.warnings)
    return Rendered(text, [], a.warnings, [(text, a.p(2) or text)])


def _url(t: Template) -> Rendered:
    a = _args(t)
    url = a.p(0)
    if not url:
        return Rendered("", [], a.warnings)
    shown = a.p(1) or re.sub(r"^(?:https?:)?//", "", url).rstrip("/")
    return Rendered(shown, [Value(kind="url", text=url)], a.warnings)


_END_WORDS = {"div": "div.", "div.": "div.", "divorced": "div.", "d": "died", "d.": "died", "died": "died",
              "death": "died", "ann": "ann.", "ann.": "ann.", "annulled": "ann.", "sep": "sep.",
              "sep.": "sep.", "separated": "sep.", "widowed": "wid."}


def _marriage(t: Template) -> Rendered:
    """``{{marriage|Jane Doe|1990|2000|end=div.}}`` -> "Jane Doe (m. 1990; div. 2000)"."""
    a = _args(t)
    name = a.pos[0] if a.pos else Rendered("")
    start, end = a.p(1), a.p(2)
    text = name.text
    if start:
        tail = f"m. {start}"
        if end:
            tail += f"; {_END_WORDS.get(a.n('end').lower(), a.n('end') or 'div.')} {end}"
        text = f"{text} ({tail})" if text else f"({tail})"
    return Rendered(text, [], a.warnings, name.links)


def _circa(t: Template) -> Rendered:
    a = _args(t)
    return Rendered(f"c. {a.p(0)}" if a.p(0) else "c. ", [], a.warnings)


def _ill(t: Template) -> Rendered:
    a = _args(t)
    target = a.p(0)
    shown = a.n("lt") or target
    return Rendered(shown, [], a.warnings, [(shown, target)] if target else [])


_HEIGHT_UNITS = (("m", "m"), ("meter", "m"), ("meters", "m"), ("metre", "m"), ("metres", "m"), ("cm", "cm"),
                 ("centimeters", "cm"), ("ft", "ft"), ("foot", "ft"), ("feet", "ft"), ("in", "in"),
                 ("inch", "in"), ("inches", "in"))


def _height(t: Template) -> Rendered:
    """``{{height|ft=5|in=3}}`` -> "5 ft 3 in"; ``{{height|m=1.78}}`` -> "1.78 m"."""
    a = _args(t)
    parts = [(a.n(name), unit) for name, unit in _HEIGHT_UNITS if a.n(name)]
    if not parts:
        return Rendered("", [], a.warnings)
    text = " ".join(f"{n} {u}" for n, u in parts)
    value = Value(kind="quantity", text=text, number=to_number(parts[0][0]), unit=parts[0][1],
                  parts=[Value(kind="quantity", text=f"{n} {u}", number=to_number(n), unit=u) for n, u in parts[1:]])
    return Rendered(text, [value], a.warnings)


def _join_args(t: Template) -> Rendered:
    """Templates that show all their positional arguments in a row (``{{linktext|a|b}}``)."""
    a = _args(t)
    return Rendered("".join(a.texts), [], a.warnings, [lk for r in a.pos for lk in r.links])


def _join_with(sep: str) -> Renderer:
    """Templates that show their arguments joined (``{{based on|Work|Author}}`` -> "Work by Author")."""
    def render(t: Template) -> Rendered:
        a = _args(t)
        return Rendered(sep.join(x for x in a.texts if x), [], a.warnings, [lk for r in a.pos for lk in r.links])
    return render


def _abbr(t: Template) -> Rendered:
    a = _args(t)
    return Rendered(a.p(0), [], a.warnings)


def _list(t: Template) -> Rendered:
    """A list template in running text: items joined by commas."""
    texts: list[str] = []
    values: list[Value] = []
    warnings: list[str] = []
    links: list[tuple[str, str]] = []
    for code in list_items(t):
        w = _Walker(True)
        w.walk(code)
        warnings.extend(w.warnings)
        for item in w.items:
            if item.text:
                texts.append(item.text)
            values.extend(item.values)
            links.extend(item.links)
    return Rendered(", ".join(texts), values, warnings, links)


# -------------------------------------------------------------------------- tables

_DROP = (
    "cn", "citation needed", "fact", "refn", "r", "rp", "ref label", "note label", "dubious", "clarify",
    "when", "which", "who", "by whom", "update needed", "update inline", "better source needed", "verify",
    "failed verification", "verification needed", "page needed", "pn", "full citation needed", "dead link",
    "refbegin", "refend", "reflist", "self-published inline", "primary source inline", "according to whom",
    "vague", "specify", "year needed", "unreliable source?", "original research inline", "or", "harvnb",
    "harv", "harvp", "additional citation needed", "needs update", "as of?", "citation needed span",
    "increase", "decrease", "steady", "increase negative", "decrease positive", "increasenegative",
    "decreasepositive", "up", "down", "gain", "loss", "flagicon", "flag icon", "flagdeco", "flagicon image",
    "clear", "clr", "-", "anchor", "anchors", "short description", "italic title", "good article",
    "featured article", "authority control", "portal", "commons category", "commons", "coord missing",
    "main", "see also", "further", "redirect", "about", "for", "distinguish", "other uses", "toc",
    "toc limit", "wikt", "wiktionary", "taxonbar", "defaultsort", "lowercase title", "pp", "dmy",
    "engvarb", "reflist-talk", "infobox", "webarchive", "wayback", "cbignore", "spoken wikipedia",
    "noprint", "nobots", "notetag", "tooltip needed", "efn",
)
_PASS0 = ("nowrap", "nobr", "no wrap", "small", "smaller", "big", "larger", "nobold", "noitalic", "nobreak",
          "midsize", "normal", "center", "centre", "tooltip", "abbrlink", "nts", "tt", "mono", "code", "em",
          "strong", "not a typo", "sic", "plain", "nowrap begin", "nobold", "resize", "mvar", "var", "smallcaps",
          "small caps", "allcaps", "lower", "bigger", "keypress", "hs", "nobr", "sbd", "nowrap links",
          "ipa", "ipac-en", "avoid wrap", "no italic", "hidden", "nobreak", "ouvrage", "nw", "vanchor")
_PASS1 = ("lang", "langx", "native name", "native phrase", "h:title", "hover title", "sort", "colour",
          "color", "font color", "abbr link", "translit", "audio")
_DATES = ("start date", "end date", "birth date", "death date", "birth date and age", "start date and age",
          "end date and age", "bda", "dob", "film date",
          "release date", "date", "start-date", "end-date", "start and end dates", "birth date and age2",
          "start date text", "end date text", "date and age", "first date", "launch date")

RENDERERS: dict[str, Renderer] = {}
RENDERERS.update({n: _empty for n in _DROP})
RENDERERS.update({n: _arg(0) for n in _PASS0})
RENDERERS.update({n: _arg(1) for n in _PASS1})
RENDERERS.update({n: _date_renderer() for n in _DATES})
RENDERERS.update({
    "death date and age": _date_renderer(died=True), "dda": _date_renderer(died=True),
    "death-date and age": _date_renderer(died=True),
    "birth year and age": _year_age(False), "death year and age": _year_age(True), "byae": _year_age(False),
    "datum": _dmy_args, "date de naissance": _dmy_args, "date de décès": _dmy_args, "date-": _dmy_args,
    "snds": _const(" – "), "colorbox": _empty, "color box": _empty, "note": _empty, "extinct": _const("†"),
    "kia": _const("†"), "dagger": _const("†"), "fr icon": _const("(in French)"), "en icon": _const("(in English)"),
    "de icon": _const("(in German)"), "based on": _join_with(" by "),
    "birth-date": _shown_date, "death-date": _shown_date, "birth-date and age": _shown_date, "dts": _dts, "dtsort": _dts, "sort date": _dts,
    "flag": _flag, "flagcountry": _flag, "flag country": _flag, "flagcountry2": _flag, "flagg": _flag,
    "flagu": _flag_unlinked, "flag u": _flag_unlinked,
    "convert": _convert, "cvt": _convert, "convert/spell": _convert,
    "coord": _coord, "coor": _coord, "coor d": _coord, "coor dm": _coord, "coor dms": _coord,
    "nihongo": _nihongo, "nihongo2": _arg(0), "sortname": _sortname, "url": _url, "official url": _url,
    "official website": _url, "marriage": _marriage, "married": _marriage, "circa": _circa, "c.": _circa,
    "ca.": _circa, "ill": _ill, "interlanguage link": _ill, "interlanguage link multi": _ill, "ill-wd": _ill,
    "abbr": _abbr, "transl": _last_arg, "transliteration": _last_arg,
    "!": _const("|"), "=": _const("="), "·": _const(" · "), "middot": _const(" · "), "dot": _const(" · "),
    "•": _const(" • "), "bull": _const(" • "), "bullet": _const(" • "), "ndash": _const("–"),
    "–": _const("–"), "mdash": _const("—"), "—": _const("—"), "snd": _const(" – "), "spnd": _const(" – "),
    "sndash": _const(" – "), "spaced ndash": _const(" – "), "spaced en dash": _const(" – "),
    "nbsp": _const(" "), "thinsp": _const(" "), "sp": _const(" "), "spaces": _const(" "), "'": _const("'"),
    "-\"": _const("\""), "!((": _const("[["), "))!": _const("]]"), "((": _const("{{"), "))": _const("}}"),
    "\\": _const(" / "), "height": _height, "linktext": _join_args, "usa": _const("United States"),
    "koördinate": _coord, "koordinate": _coord, "coordinate": _coord, "longitem": _arg(0),
    "baseball year": _arg(0), "by": _arg(0), "nastaliq": _arg(0), "script": _arg(1), "map caption": _empty, "en dash": _const("–"), "em dash": _const("—"), "pipe": _const("|"),
})
RENDERERS.update({n: _money for n in _CURRENCIES})
RENDERERS.update({n: _ticker for n in _EXCHANGES})
RENDERERS.update({n: _list for n in LIST_TEMPLATES})

#: Families by name prefix, tried in order when the exact name is not in RENDERERS.
PREFIX_RENDERERS: tuple[tuple[str, Renderer], ...] = (
    ("lang-", _arg(0)), ("efn", _empty), ("sfn", _empty), ("cite ", _empty), ("citation", _empty),
    ("pp-", _empty), ("use ", _empty), ("flagicon", _empty), ("flagdeco", _empty), ("engvar", _empty),
    ("harv", _empty), ("ipa-", _arg(0)), ("respell", _arg(0)), ("#tag:ref", _empty),
    ("dmy", _empty), ("mdy", _empty), ("as of", _arg(0)), ("track listing", _empty),
)

#: Families by name suffix: party colour helpers show a colour swatch, not text.
SUFFIX_RENDERERS: tuple[tuple[str, Renderer], ...] = (
    ("/meta/color", _empty), ("/meta/colour", _empty), (" icon", _empty),
)
