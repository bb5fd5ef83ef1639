"""Writers: one module per output format, each taking records and a stream or path.

A writer knows one output format and nothing about input forms.

- :mod:`.json`: ``write_json(record, out)``, ``write_jsonl(records, out)``
- :mod:`.csv`: ``write_csv(records, out, shape="long"|"wide")``
- :mod:`.tei`: ``write_tei(record, out)``, ``write_tei_corpus(records, out)``

``out`` is a path (``str``/``PathLike``) or an open stream (text streams for JSON and
CSV, binary or text for TEI).
"""
