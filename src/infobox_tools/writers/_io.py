"""Opening a path or a stream for output, shared by every writer.

Paths are written atomically: to a temporary file in the same folder, renamed over the
target only once everything was written, so an interrupted or failed run never leaves a
half-written JSON/CSV/TEI file where a good one (or none) was before.  Streams are
written as given; a writer that produces text can be handed a binary stream and the
other way round (``sys.stdout`` vs ``sys.stdout.buffer``), because the CLI and
notebooks pass whatever they have.

Every ``OSError`` becomes an :class:`~infobox_tools.errors.OutputError` naming the
file, so the CLI prints one line and exits with ``EXIT_OUTPUT``.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Union

from infobox_tools.errors import OutputError

Output = Union[str, "os.PathLike[str]", IO[Any]]

_UMASK: int | None = None


def _umask() -> int:
    """The process umask, read once (``os.umask`` can only be read by setting it)."""
    global _UMASK
    if _UMASK is None:
        current = os.umask(0o022)
        os.umask(current)
        _UMASK = current
    return _UMASK


def is_path(out: Any) -> bool:
    """True for a file name (``str`` or path-like), False for an open stream."""
    return isinstance(out, (str, os.PathLike))


def _stream_name(stream: Any) -> str:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else "<stream>"


def _is_binary(stream: Any) -> bool:
    """Whether ``stream`` takes bytes: binary files, ``BytesIO``, ``sys.stdout.buffer``."""
    if isinstance(stream, io.TextIOBase):
        return False
    if isinstance(stream, (io.RawIOBase, io.BufferedIOBase)):
        return True
    mode = getattr(stream, "mode", None)
    if isinstance(mode, str):
        return "b" in mode
    return not hasattr(stream, "encoding")


def _error(exc: OSError, name: str) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(f"cannot write: {reason}", file=name)


@contextlib.contextmanager
def _atomic_path(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file that replaces ``path`` when the block ends without error."""
    name = str(path)
    target = Path(os.path.realpath(path))  # write through a symlink, do not replace it
    if target.is_dir():
        raise OutputError("is a directory, not a file", file=name)
    if target.exists() and not target.is_file():  # /dev/null, a FIFO: cannot be renamed over
        try:
            with open(target, "wb") as fh:
                yield fh
        except OSError as exc:
            raise _error(exc, name) from None
        return
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"folder does not exist: {folder}", file=name)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise _error(exc, name) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = target.stat().st_mode & 0o777  # keep the mode of the file we replace
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise _error(exc, name) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


@contextlib.contextmanager
def _caller_stream(out: Any) -> Iterator[None]:
    """An ``OSError`` while writing to the caller's stream becomes an :class:`OutputError`
    naming it; a broken pipe stays itself (the CLI ends quietly on ``| head``)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _error(exc, _stream_name(out)) from None


@contextlib.contextmanager
def _text_over(raw: IO[bytes], newline: str | None, errors: str) -> Iterator[IO[str]]:
    """UTF-8 text over a byte stream, detached afterwards so ``raw`` stays open."""
    text = io.TextIOWrapper(raw, encoding="utf-8", newline=newline, errors=errors)
    try:
        yield text
        text.flush()
    finally:
        with contextlib.suppress(ValueError):
            text.detach()


@contextlib.contextmanager
def open_text(out: Output, *, newline: str | None = None, errors: str = "strict") -> Iterator[IO[str]]:
    """A UTF-8 text stream writing to ``out`` (a path, a text stream or a binary stream).

    ``newline=""`` is what the ``csv`` module needs (it writes its own line ends).
    A binary stream is wrapped and detached afterwards, so the caller's stream stays open.
    """
    if is_path(out):
        with _atomic_path(out) as raw, _text_over(raw, newline, errors) as text:  # type: ignore[arg-type]
            yield text
        return
    with _caller_stream(out):
        if _is_binary(out):
            with _text_over(out, newline, errors) as text:  # type: ignore[arg-type]
                yield text
        else:
            yield out  # type: ignore[misc]
            with contextlib.suppress(AttributeError, ValueError):
                out.flush()  # type: ignore[union-attr]


@contextlib.contextmanager
def open_binary(out: Output) -> Iterator[IO[bytes]]:
    """A byte stream writing to ``out`` (a path, a binary stream, or a text stream:
    bytes are then decoded as UTF-8, which the writers always produce)."""
    if is_path(out):
        with _atomic_path(out) as raw:  # type: ignore[arg-type]
            yield raw
        return
    with _caller_stream(out):
        if _is_binary(out):
            yield out  # type: ignore[misc]
        else:
            buffer = getattr(out, "buffer", None)
            if buffer is not None and _is_binary(buffer):
                with contextlib.suppress(AttributeError, ValueError):
                    out.flush()  # type: ignore[union-attr]
                yield buffer
                buffer.flush()
            else:
                sink = _TextSink(out)  # type: ignore[arg-type]
                yield sink  # type: ignore[misc]
                sink.flush()
        with contextlib.suppress(AttributeError, ValueError):
            out.flush()  # type: ignore[union-attr]


class _TextSink(io.RawIOBase):
    """Lets byte-producing code (lxml's incremental writer) write UTF-8 into a text stream
    such as ``io.StringIO``; bytes are decoded incrementally so a character split across
    two writes is not broken."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        import codecs

        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._stream.write(self._decoder.decode(chunk))
        return len(chunk)

    def flush(self) -> None:
        with contextlib.suppress(AttributeError, ValueError):
            self._stream.write(self._decoder.decode(b"", final=True))
            self._stream.flush()
