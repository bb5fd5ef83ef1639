"""Single-article files (pipe text, wikitext, HTML) from folders and globs.

The parent only lists the files; the worker that gets a chunk reads and decodes them,
so reading is parallel too.  The input form is detected per file by the reader
dispatcher (extension first, then content).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from infobox_tools.record import Source
from infobox_tools.sources.document import Document


class FilesSource:
    """A list of article files, one document each, in the given (sorted) order."""

    kind = "files"

    def __init__(self, paths: list[str], *, form: str = "auto") -> None:
        self.paths = paths
        self.form = form
        self.sizes = [os.path.getsize(p) for p in paths]
        self.size = sum(self.sizes)
        self.path = os.path.commonpath(paths) if paths else ""
        self._done = 0

    def position(self) -> int:
        return self._done

    def documents(self) -> Iterator[Document]:
        for path, size in zip(self.paths, self.sizes, strict=True):
            self._done += size
            yield Document(title=None, text=None, source=Source(file=path), form=self.form, path=path)


def article_title(path: str) -> str:
    """A title from a file name, for files whose content names none (``Foo_bar.txt`` -> ``Foo bar``)."""
    name = os.path.basename(path)
    for ext in (".txt", ".wiki", ".wikitext", ".mediawiki", ".html", ".htm", ".xhtml"):
        if name.lower().endswith(ext):
            name = name[: -len(ext)]
            break
    return name.replace("_", " ")
