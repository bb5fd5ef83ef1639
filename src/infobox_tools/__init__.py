"""infobox-tools: encyclopedia articles to clean, typed, citable infobox records.

    >>> import infobox_tools
    >>> record = infobox_tools.parse_file("fixtures/invasion_of_south_sakhalin.txt")
    >>> record.infobox.type
    'military conflict'

Readers (``infobox_tools.readers``) turn pipe-table text, wikitext and HTML into a
:class:`~infobox_tools.record.Record`; normalisers (``infobox_tools.normalize``) give
it canonical keys and typed values; writers (``infobox_tools.writers``) export JSON,
CSV and TEI.  Names are imported lazily to keep the command line fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "parse", "parse_file", "iter_records", "Record", "Infobox", "Field", "Value", "Section",
    "Block", "Source", "InfoboxToolsError", "write_json", "write_jsonl", "write_csv", "write_tei",
    "__version__",
]

_LAZY = {
    "parse": "infobox_tools.api",
    "parse_file": "infobox_tools.api",
    "iter_records": "infobox_tools.batch",
    "Record": "infobox_tools.record",
    "Infobox": "infobox_tools.record",
    "Field": "infobox_tools.record",
    "Value": "infobox_tools.record",
    "Section": "infobox_tools.record",
    "Block": "infobox_tools.record",
    "Source": "infobox_tools.record",
    "InfoboxToolsError": "infobox_tools.errors",
    "write_json": "infobox_tools.writers.json",
    "write_jsonl": "infobox_tools.writers.json",
    "write_csv": "infobox_tools.writers.csv",
    "write_tei": "infobox_tools.writers.tei",
}

if TYPE_CHECKING:  # pragma: no cover
    from infobox_tools.api import parse, parse_file
    from infobox_tools.batch import iter_records
    from infobox_tools.errors import InfoboxToolsError
    from infobox_tools.record import Block, Field, Infobox, Record, Section, Source, Value
    from infobox_tools.writers.csv import write_csv
    from infobox_tools.writers.json import write_json, write_jsonl
    from infobox_tools.writers.tei import write_tei


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'infobox_tools' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
