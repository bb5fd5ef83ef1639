"""atheris target: ``api.parse(text, form=FORM)`` on fuzzed bytes (see fuzz/README.md).

Run: ``make fuzz``, or ``.venv/bin/python fuzz/fuzz_reader.py html -max_total_time=30 fuzz/work/html``
(FORM is pipetext, wikitext or html; the other arguments are libFuzzer's).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

READERS = {"pipetext": "infobox_tools.readers.pipetext", "wikitext": "infobox_tools.readers.wikitext",
           "html": "infobox_tools.readers.html"}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in READERS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(READERS)}}} [libFuzzer options and folders]")
    form = sys.argv.pop(1)
    with atheris.instrument_imports(include=["infobox_tools"]):
        from common import run

        importlib.import_module("infobox_tools.normalize")  # readers load lazily: import them to instrument them
        importlib.import_module(READERS[form])

    def test_one_input(data: bytes) -> None:
        run(data, form)

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
