"""Name tables for wikitext reading: namespaces, section headings and template families.

Why a module of its own: these are data, not logic.  They grow one name at a time
as new wikis and languages are read, and both the prose scanner
(:mod:`.wikiscan`/:mod:`.wikiprose`) and the template renderer
(:mod:`.wikirenderers`) consult them; kept here, the logic modules stay small and a
new name is a one-line change that cannot break code.  This module imports nothing
from the package, so any module may import it without a cycle.

All names are folded as the readers fold them: lower case, one space, no
``Template:`` prefix.
"""

from __future__ import annotations

# ------------------------------------------------------------------ tags --------

#: Extension/HTML tags whose whole content is dropped from prose.
DROP_TAGS = frozenset({
    "ref", "references", "gallery", "timeline", "imagemap", "graph", "templatedata",
    "templatestyles", "mapframe", "maplink", "score", "indicator", "inputbox",
    "categorytree", "includeonly", "charinsert", "section",
})
#: Tags whose content is literal text (kept, but never parsed as markup).
LITERAL_TAGS = frozenset({"nowiki", "pre", "syntaxhighlight", "source", "math", "chem", "ce", "hiero"})

# ------------------------------------------------------------ namespaces --------

#: ``[[File:…]]`` in the languages of the corpus and the larger wikis.
FILE_NAMESPACES = frozenset({
    "file", "image", "datei", "bild", "fichier", "imagem", "ficheiro", "arquivo", "fil", "lêer", "beeld",
    "archivo", "imagen", "immagine", "plik", "bestand", "afbeelding", "kuva", "tiedosto", "mynd", "media",
    "файл", "изображение", "слика", "ファイル", "画像", "attēls", "fails", "dosya", "soubor", "obrázek",
})
#: ``[[Category:…]]`` likewise.
CATEGORY_NAMESPACES = frozenset({
    "category", "kategorie", "catégorie", "categoria", "categoría", "kategori", "kategoria", "kategorija",
    "categorie", "luokka", "flokkur", "bólkur", "kategoreja", "kategorii", "категория", "категорија",
    "категорія", "kategory", "kategooria", "kategória", "kategorio", "カテゴリ", "分类", "분류",
})
#: Prefixes taken off a template name before lookup (``{{subst:…}}``, ``{{Vorlage:…}}``).
TEMPLATE_NAME_PREFIXES = ("template:", "subst:", "safesubst:", "msnw:", "vorlage:", "modèle:", "predefinição:")

# ------------------------------------------------------------- sections --------

#: Section headings whose content is references or external links: dropped whole.
REFERENCE_SECTIONS = frozenset({
    "references", "reference", "notes", "footnotes", "citations", "sources", "notes and references",
    "references and notes", "notes and sources", "sources and notes", "external links", "external link",
    "weblinks", "einzelnachweise", "anmerkungen", "quellen", "belege", "références", "notes et références",
    "liens externes", "lien externe", "referências", "ligações externas", "ligação externa", "notas",
    "referencias", "enlaces externos", "verwysings", "eksterne skakels", "bronne", "kjelder", "referansar",
    "referanser", "eksterne lenker", "eksterne lenkjer", "keldur", "ytri leinkjur", "tilvísingar",
    "references and further reading",
})
#: Apparatus sections kept when they hold items ("See also" links, "Further reading"
#: books) but dropped when nothing is left of them (only citation templates, a gallery).
APPARATUS_SECTIONS = frozenset({
    "see also", "further reading", "bibliography", "gallery", "siehe auch", "literatur", "voir aussi",
    "bibliographie", "ver também", "bibliografia", "leitura adicional", "galerie", "galeria", "sjá eisini",
    "sien ook", "sjå òg", "sjå også", "se også", "véase también", "related articles",
})

# ----------------------------------------------- template families (prose) --------

#: Templates that are never prose: navigation, hatnotes, maintenance, sister links, boxes.
BLOCK_EXACT = frozenset({
    "main", "main article", "see also", "further", "further information", "details", "about", "for",
    "other uses", "other people", "other places", "distinguish", "hatnote", "dablink", "rellink", "selfref",
    "coord", "coor", "-", "clr", "clear", "clear left", "clear right", "break", "anchor", "anchors",
    "sfn", "sfnm", "efn", "efn-ua", "efn-lr", "refn", "r", "rp", "harvnb", "harv", "sfnp",
    "cn", "citation needed", "fact", "clarify", "when", "who", "which", "dubious", "by whom", "vague",
    "according to whom", "specify", "page needed", "full citation needed", "dead link", "failed verification",
    "verification needed", "better source", "better source needed", "original research", "or",
    "unreliable source?", "self-published source", "weasel inline", "peacock term", "year needed",
    "inflation", "age", "toc", "toc limit", "tocright", "toc right", "compact toc", "portal", "portal bar",
    "commons", "commons category", "commonscat", "commons cat", "wikiquote", "wikisource", "wiktionary",
    "wikispecies", "wikinews", "wikivoyage", "official website", "official", "imdb name", "imdb title",
    "authority control", "normdaten", "persondata", "personendaten", "defaultsort", "displaytitle",
    "lowercase title", "italic title", "notelist", "notelist-ua", "reflist", "refbegin", "refend",
    "references", "listen", "multiple image", "double image", "external media", "spoken wikipedia",
    "wide image", "stack", "stack begin", "stack end", "location map", "location map+", "quote box",
    "pull quote", "rquote", "sidebar", "navbox", "navboxes", "nobots", "bots", "redirect", "redirect2",
    "redirect-distinguish", "short description", "featured article", "good article", "pp", "pp-semi",
    "engvarb", "italic", "multiple issues", "expand", "stub", "geographic location", "dmoz", "curlie",
    "webarchive", "wayback", "cbignore", "ref improve", "refimprove", "unreferenced", "more citations needed",
    "orphan", "dead end", "update", "advert", "pov", "copy edit", "wikify", "notability", "tone",
    "fr", "ill-wd", "bandeau", "ébauche", "portail", "palette", "homonymie", "autres projets", "siehe auch",
    "weiterleitungshinweis", "begriffsklärungshinweis", "infoboks", "inligtingskas", "taxobox", "speciesbox",
    "automatic taxobox", "subspeciesbox", "chembox", "drugbox", "geobox", "legend", "image", "gallery",
    "anker", "hauptartikel", "belege fehlen", "quelle", "wikibooks", "wikiversity",
    "internet archive author", "librivox author", "gutenberg author", "ol author", "cia world factbook link",
    "wikiatlas", "osmrelation-inline", "in our time", "lookfrom", "intitle", "fr icon", "en icon", "de icon",
    "in lang", "wikisource-inline", "wikisource author", "sep", "iep", "dnb-portal", "article principal",
    "loupe", "voir homonymes", "principal", "artigo principal", "ver artigo principal",
})
BLOCK_PREFIX = (
    "infobox", "infoboks", "inligtingskas", "info/", "ficha de", "navbox", "taxobox", "reflist", "refbegin",
    "refend", "redirect", "other uses", "see also", "further", "distinguish", "use ", "engvar", "multiple issues",
    "more citations", "citation style", "cleanup", "coord missing", "portal", "commons", "sister", "authority",
    "pp-", "s-", "succession", "col-", "div col", "columns-list", "harvnb", "sfn", "efn", "stub", "campaignbox",
    "wikiproject", "featured", "good article", "dead link", "find a grave", "imdb", "allmusic", "c-span",
    "twitter", "facebook", "youtube", "instagram", "nrhp", "national register", "clear", "convert/", "#",
    "ébauche", "portail", "location map", "chembox", "drugbox", "geobox", "speciesbox", "automatic taxobox",
    "hidden", "ref ", "refn", "notelist", "legend", "graph:", "pie chart", "bar box", "bar chart",
    "climate chart", "weather box", "election box", "football squad", "fs ", "nat fs", "extended",
    "single chart", "album chart", "certification table", "track listing", "tracklist", "episode list",
    "timeline", "flagicon", "flagdeco", "картка", "карточка", "infocaseta", "infoskreine", "bilgi kutusu",
    "infraspeciesbox", "virusbox", "hybridbox", "ichnobox", "oobox",
)
BLOCK_SUFFIX = ("navbox", "sidebar", "stub", "footer", "infobox", "campaignbox", "topics", "-stub", " portal",
                " navigation", " templates", " header", " start", " end", " begin")

#: Quotation templates: a block of their own when they stand alone on a line.
QUOTE_TEMPLATES = frozenset({"quote", "blockquote", "cquote", "quotation", "quote frame", "poem quote",
                             "centered pull quote", "bq", "bquote", "zitat", "citation bloc", "début citation"})
#: Positional slots (text, author, title, source) of quotation templates other than {{quote}}'s 1-4.
QUOTE_SLOTS = {"cquote": (0, 3, -1, 4), "quotation": (0, 1, 2, 3)}
#: Citation templates (``{{cite web}}``, ``{{citation}}``, fr ``{{ouvrage}}``, de ``{{Internetquelle}}``).
#: Inside ``<ref>`` they go with the reference; elsewhere they render as reference lines.
CITE_PREFIXES = ("cite", "citation", "citar", "cita ", "lien web", "article", "ouvrage", "internetquelle",
                 "literatur", "cite-", "vcite")
#: List templates whose items, when the template opens a line, are list items of the prose.
COLUMN_LISTS = frozenset({"columns-list", "col-list", "div col", "colbegin", "multicol"})
LIST_BLOCKS = COLUMN_LISTS | frozenset({
    "plainlist", "plain list", "flatlist", "flat list", "unbulleted list", "ubl", "ubil", "bulleted list",
    "blist", "hlist", "ordered list", "unordered list",
})

# -------------------------------------------------------- citation fields --------

#: Citation parameters in the order they are looked for, per part of the reference line.
CITE_KEYS: dict[str, tuple[str, ...]] = {
    "author": ("author", "author1", "authors", "autor", "auteur", "vauthors", "last", "last1", "surname", "nom",
               "apellido", "apellidos", "sobrenome"),
    "first": ("first", "first1", "given", "prénom", "nombre", "nome", "vorname"),
    "year": ("year", "date", "jahr", "année", "date de publication", "año", "ano", "fecha", "data", "datum"),
    "title": ("title", "titel", "titre", "título", "titulo", "chapter"),
    "work": ("work", "journal", "newspaper", "magazine", "website", "periodical", "sammelwerk", "périodique",
             "obra", "publicação", "werk"),
    "publisher": ("publisher", "verlag", "éditeur", "editorial", "editora", "hrsg"),
}

# ------------------------------------------------------------ IPA labels --------

#: Arguments of ``{{IPAc-en}}`` that are labels ("local", "US"), not sounds.
IPA_LABELS = frozenset({"lang", "local", "pron", "ipa", "also", "us", "uk", "ukalso", "usalso", "alsouk",
                        "alsous", "ca", "au", "nz", "ie", "sa", "-"})

# ------------------------------------------------- template families (values) --------

#: Country codes and short names as ``{{flag}}`` takes them, to the name it shows.
COUNTRY_ALIASES = {
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

#: Stock exchanges as ticker templates name them (``{{NYSE|X}}``), folded name -> shown name.
EXCHANGES: dict[str, str] = {k.lower(): k for k in (
    "NYSE", "NASDAQ", "LSE", "TYO", "TSX", "TSXV", "ASX", "HKEX", "SEHK", "BSE", "NSE", "KRX", "SIX", "FWB",
    "OSE", "OMX", "BMAD", "BIT", "SGX", "JSE", "TWSE", "SET", "BMV", "IDX", "MOEX", "MCX", "PSE", "PSX",
    "TASE", "WSE", "BVL", "SSE", "SZSE", "KOSDAQ", "NZX", "OTC Pink", "NYSE American", "NYSE Arca",
    "Euronext", "Xetra", "OTCQX", "Nasdaq Nordic", "Oslo Stock Exchange",
)}

#: ``{{marriage|…|end=…}}`` words, to the abbreviation shown.
MARRIAGE_END_WORDS = {"div": "div.", "div.": "div.", "divorced": "div.", "d": "died", "d.": "died", "died": "died",
              "death": "died", "ann": "ann.", "ann.": "ann.", "annulled": "ann.", "sep": "sep.",
              "sep.": "sep.", "separated": "sep.", "widowed": "wid."}

#: Templates that show nothing in a value: footnotes, maintenance tags, icons, hatnotes.
VALUE_DROP = (
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

#: Templates that show a fixed text (punctuation, dashes, spaces, escapes).
CONSTANT_TEXT: dict[str, str] = {
    "snds": " – ", "extinct": "†", "kia": "†", "dagger": "†", "fr icon": "(in French)", "en icon": "(in English)",
    "de icon": "(in German)", "!": "|", "=": "=", "·": " · ", "middot": " · ", "dot": " · ", "•": " • ",
    "bull": " • ", "bullet": " • ", "ndash": "–", "–": "–", "mdash": "—", "—": "—", "snd": " – ", "spnd": " – ",
    "sndash": " – ", "spaced ndash": " – ", "spaced en dash": " – ", "nbsp": " ", "thinsp": " ", "sp": " ",
    "spaces": " ", "'": "'", "-\"": "\"", "!((": "[[", "))!": "]]", "((": "{{", "))": "}}", "\\": " / ",
    "usa": "United States", "en dash": "–", "em dash": "—", "pipe": "|",
}

#: Templates that show their first positional argument as it is (``{{nowrap|…}}``).
SHOW_FIRST = ("nowrap", "nobr", "no wrap", "small", "smaller", "big", "larger", "nobold", "noitalic", "nobreak",
          "midsize", "normal", "center", "centre", "tooltip", "abbrlink", "nts", "tt", "mono", "code", "em",
          "strong", "not a typo", "sic", "plain", "nowrap begin", "nobold", "resize", "mvar", "var", "smallcaps",
          "small caps", "allcaps", "lower", "bigger", "keypress", "hs", "nobr", "sbd", "nowrap links",
          "avoid wrap", "no italic", "hidden", "nobreak", "nw", "vanchor")

#: Templates that show their second positional argument (``{{lang|fr|…}}``).
SHOW_SECOND = ("lang", "langx", "native name", "native phrase", "h:title", "hover title", "sort", "colour",
          "color", "font color", "abbr link", "translit", "audio")

#: Date templates read as (year, month, day) or one written-out date.
DATE_TEMPLATES = ("start date", "end date", "birth date", "death date", "birth date and age", "start date and age",
          "end date and age", "bda", "dob", "film date",
          "release date", "start-date", "end-date", "start and end dates", "birth date and age2",
          "start date text", "end date text", "date and age", "first date", "launch date")

# ------------------------------------------------------- dates and quantities --------

#: Month names of the other languages in the corpus (fr, de, nl/af, nn/no/da, pt), January first.
FOREIGN_MONTHS = (
    "janvier januar januari janeiro", "février februar februari fevereiro", "mars märz maart março",
    "avril april abril", "mai mei maio", "juin juni junho", "juillet juli julho", "août augustus agosto",
    "septembre setembro", "octobre oktober outubro", "novembre novembro",
    "décembre dezember desember december dezembro",
)

#: Currency templates: folded name -> (shown prefix, ISO code).
CURRENCIES: dict[str, tuple[str, str]] = {
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

#: ``{{height}}`` parameters and the unit each gives.
HEIGHT_UNITS = (("m", "m"), ("meter", "m"), ("meters", "m"), ("metre", "m"), ("metres", "m"), ("cm", "cm"),
                 ("centimeters", "cm"), ("ft", "ft"), ("foot", "ft"), ("feet", "ft"), ("in", "in"),
                 ("inch", "in"), ("inches", "in"))

#: ``{{convert}}`` range words (``{{convert|2|to|3|km}}``), to what is shown between the numbers.
CONVERT_RANGES = {"-": "–", "–": "–", "—": "–", "to": " to ", "to(-)": " to ", "and": " and ", "and(-)": " and ",
               "or": " or ", "x": " × ", "×": " × ", "by": " by ", "+/-": " ± ", "±": " ± ", ", and": ", and ",
               "+": " + "}

#: Units a mixed ``{{convert|5|ft|10|in}}`` may continue with.
SMALLER_UNITS = frozenset({"in", "ft", "lb", "oz", "st", "yd", "cm", "m", "ch", "mi"})

# ---------------------------------------------- built-in prose renderer (fallback) --------
# Used by wikiprose only when the shared renderer is unavailable: the commonest inline templates.

FALLBACK_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
FALLBACK_RANGE_WORDS = {"-": "–", "–": "–", "&ndash;": "–", "to": " to ", "to(-)": " to ", "and": " and ",
                "and(-)": " and ", "or": " or ", "by": " by ", "x": " × ", "×": " × ", "+/-": " ± ", "±": " ± "}
FALLBACK_CONSTANT = {"nbsp": " ", "ndash": "–", "mdash": "—", "snd": " – ", "spnd": " – ", "spaced ndash": " – ",
             "spaced en dash": " – ", "en dash": "–", "em dash": "—", "·": " · ", "dot": " · ", "middot": " · ",
             "bull": " • ", "•": " • ", "'": "'", "\"": "\"", "!": "|", "=": "=", "okina": "ʻ", "shy": "",
             "zwsp": "", "br": " ", "spaces": " ", "space": " ", "pad": " ", "in5": " ", "sic": "[sic]"}
FALLBACK_FIRST = frozenset({"nowrap", "nobr", "nobreak", "small", "smaller", "big", "larger", "sup", "sub", "em",
                    "strong", "abbr", "abbrlink", "tooltip", "visible anchor", "vanchor", "small caps",
                    "smallcaps", "sc", "mvar", "var", "math", "not a typo", "proper name", "lang-x", "nts",
                    "ntsh", "rnd", "round", "nihongo2", "ill", "interlanguage link", "ill2", "flag", "flagu",
                    "flagcountry", "flag country", "flagathlete", "birth year and age", "death year and age",
                    "lang-en", "nobold", "noitalic", "normal",
                    "chem2", "highlight", "underline", "strikethrough", "keypress", "ipa", "ipa2", "respell"})
FALLBACK_LAST = frozenset({"lang", "transl", "transliteration", "script", "resize", "color", "colour", "rtl-lang",
                   "wikt-lang", "langx", "sort", "font color", "url"})
FALLBACK_DATES = frozenset({"start date", "start date and age", "end date", "end date and age", "birth date",
                    "birth date and age", "death date", "death date and age", "dob", "film date",
                    "release date", "dts", "date", "as of", "start-date", "end-date", "birth-date"})


#: The highest argument number read as a position.  ``{{x|5=a}}`` fills positions 1-5;
#: a larger number (``{{abbr|199019901990=x}}``, found by fuzzing) would make a list
#: that size, so it stays a named argument.  Real templates number far fewer.
MAX_POSITION = 1000


def is_position(name: str) -> bool:
    """Whether an argument name is a position: decimal digits (``str.isdigit`` also takes
    "²", which ``int`` refuses) up to :data:`MAX_POSITION` (a 5,000-digit name is not
    even converted: ``int`` refuses those too)."""
    return name.isdecimal() and len(name) <= 16 and 0 < int(name) <= MAX_POSITION
