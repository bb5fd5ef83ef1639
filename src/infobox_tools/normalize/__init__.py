"""Normalisers: pure functions from a raw record to a canonical one (placeholder until
the registry lands: returns the record unchanged)."""

from __future__ import annotations

from infobox_tools.record import Record


def normalize(record: Record, *, lang: str | None = None) -> Record:
    return record
