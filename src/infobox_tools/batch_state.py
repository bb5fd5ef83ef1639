"""The resume state of a batch run: a small JSON file rewritten atomically per chunk.

It records where each source stands after the last committed chunk, the committed
length of every output part, and the counts so far.  It is written only after the
chunk's output was appended and fsynced, so after a crash (Ctrl-C, kill -9, power
loss) the outputs hold at least what the state says; resume truncates them to exactly
that.  A state made with other inputs or options is refused rather than mixed in.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from infobox_tools.batch_output import write_atomic
from infobox_tools.errors import InputError, OutputError

STATE_NAME = ".infobox-tools-state.json"
STATE_VERSION = 1


@dataclass
class State:
    """Committed progress of a run."""

    fingerprint: dict[str, Any]
    converted: str
    source_index: int = 0  # the source being read
    source_done: int = 0  # its units (documents, or streams) committed
    chunks: int = 0  # chunks committed
    seq: int = 0  # pages committed (all sources)
    lengths: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: {"written": 0, "skipped": 0, "failed": 0,
                                                             "redirects": 0})
    reasons: dict[str, dict[str, int]] = field(default_factory=lambda: {"skipped": {}, "failed": {}})
    bytes_done: int = 0  # input bytes of the sources finished before this one
    elapsed: float = 0.0  # seconds spent by earlier (interrupted) runs
    version: int = STATE_VERSION


def fingerprint(inputs: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """What must not change between an interrupted run and its resume."""
    files = []
    for path in inputs:
        st = os.stat(path)
        files.append([os.path.abspath(path), st.st_size, int(st.st_mtime)])
    return {"inputs": files, "options": options}


def load(out: Path, expected: dict[str, Any]) -> State | None:
    """The state in ``out`` if there is one; refuses one from other inputs/options."""
    path = out / STATE_NAME
    try:
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        state = State(**data)
    except OSError as exc:
        raise OutputError(f"cannot read the resume state: {exc.strerror or exc}", file=str(path)) from None
    except (ValueError, TypeError) as exc:
        raise InputError(f"cannot resume: the state file is damaged ({exc}); run without --resume",
                         file=str(path)) from None
    if state.version != STATE_VERSION:
        raise InputError(f"cannot resume: the state file is of version {state.version}, not {STATE_VERSION} "
                         "(run without --resume to start again)", file=str(path))
    wanted = json.loads(json.dumps(expected))
    if state.fingerprint != wanted:
        raise InputError(f"cannot resume: {_difference(state.fingerprint, wanted)} differ from the interrupted "
                         "run (run without --resume to start again)", file=str(path))
    return state


def _difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Which options (by name) or whether the inputs differ, for a one-line message."""
    old_opts, new_opts = old.get("options") or {}, new.get("options") or {}
    names = sorted(k for k in set(old_opts) | set(new_opts) if old_opts.get(k) != new_opts.get(k))
    parts = [f"options {', '.join(names)}"] if names else []
    if old.get("inputs") != new.get("inputs"):
        parts.insert(0, "the inputs (files, sizes or dates)")
    return " and ".join(parts) or "the inputs or options"


def save(out: Path, state: State) -> None:
    try:
        write_atomic(out / STATE_NAME, json.dumps(asdict(state), ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(out / STATE_NAME)) from None


def remove(out: Path) -> None:
    try:
        os.unlink(out / STATE_NAME)
    except FileNotFoundError:
        pass
    except OSError as exc:  # a read-only folder, a path under a regular file
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(out)) from None
