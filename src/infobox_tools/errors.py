"""Errors of ours: every failure a user can cause is one of these, with its location.

Each error renders as one line, ``FILE: page TITLE: reason``, so the CLI and the batch
log can print it as-is.  ``exit_code`` is what the CLI exits with when the error stops
a run (documented in the README).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PAGES_FAILED = 1  # batch: the run finished, but some pages failed (see errors.jsonl)
EXIT_USAGE = 2  # click's own code for bad options
EXIT_INPUT = 3  # input could not be read: missing, a directory, not UTF-8, empty, corrupt archive
EXIT_PARSE = 4  # input was read but nothing could be converted
EXIT_OUTPUT = 5  # output could not be written: unwritable folder, disk full
EXIT_INTERRUPTED = 130


class InfoboxToolsError(Exception):
    """Base class.  ``file``/``page`` locate the problem; ``reason`` says what it is."""

    exit_code = EXIT_PARSE

    def __init__(self, reason: str, *, file: str | None = None, page: str | None = None) -> None:
        self.reason = reason
        self.file = file
        self.page = page
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.page:
            parts.append(f"page {self.page!r}")
        parts.append(self.reason)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self.message


class InputError(InfoboxToolsError):
    """The input cannot be read at all (missing, a directory, not UTF-8, empty, truncated)."""

    exit_code = EXIT_INPUT


class ParseError(InfoboxToolsError):
    """The input was read, but this page cannot be turned into a record."""

    exit_code = EXIT_PARSE


class OutputError(InfoboxToolsError):
    """The output cannot be written."""

    exit_code = EXIT_OUTPUT
