"""atheris target: ``api.parse(text, form="wikitext")`` on fuzzed bytes (see fuzz/README.md).

Run: ``make fuzz``, or ``.venv/bin/python fuzz/fuzz_wikitext.py -max_total_time=30 fuzz/work/wikitext``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["infobox_tools"]):
    from common import run

    import infobox_tools.normalize  # noqa: F401  (readers load lazily: import them here to instrument them)
    import infobox_tools.readers.wikitext  # noqa: F401


def test_one_input(data: bytes) -> None:
    run(data, "wikitext")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
