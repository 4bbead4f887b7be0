"""Read articles from files, directories, JSONL and standard input.

Real corpora are messy, so nothing here raises for bad input: every input
becomes an ``Article``, a ``Failure`` (why it cannot be used, in one line) or a
``Notice`` (a decision worth telling, such as a guessed encoding), and the
caller goes on with the next one.

- Text is UTF-8, or UTF-16/UTF-32 with a byte-order mark. Text that is not
  valid UTF-8 is decoded as Windows-1252 (a superset of Latin-1) when that
  gives readable text, with a ``Notice``; anything else is refused.
- Binary files (NUL bytes, image and archive signatures, many control
  characters) are refused; so are empty and whitespace-only articles, files
  that are not regular files (FIFOs, devices: reading them could block or
  never end) and articles longer than ``max_chars`` characters (checked on the
  file's size before reading it).
- JSON Lines files are read line by line (never whole): a bad line is a
  ``Failure`` named ``path:line`` and the other lines are kept.
- Directories are walked in sorted order following symbolic links; a link to
  a directory already read (a loop, or a second way to the same place) is
  skipped with a ``Notice``.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

MAX_CHARS = 1_000_000       # default longest article, in characters (a long book chapter; news is ~5,000)
_BYTES_PER_CHAR = 4         # UTF-8 needs at most 4 bytes a character: a bigger file is surely too long


@dataclass
class Article:
    name: str               # file stem, JSONL id, or for stdin --name or stdin-<content hash>
    source: str             # unique key: the path, path#id for JSONL lines, -#name for stdin
    text: str
    path: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    line: int | None = None  # of a JSONL file
    outlet: str | None = None   # the publisher: JSONL `outlet`/`source`, the HTML's site name, or --outlet

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Failure:
    source: str
    message: str


@dataclass
class Notice:
    """Not a failure: something the user should know (an encoding guessed, a link loop skipped)."""

    source: str
    message: str


Item = Article | Failure | Notice


class Unreadable(ValueError):
    """Bytes that are not usable text; the message says why, in one line."""


# -- decoding -------------------------------------------------------------

_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "ZIP archive (or .docx, .xlsx, .epub)"),
    (b"\x1f\x8b", "gzip archive"), (b"\x7fELF", "executable"), (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document")
]
_BOMS = [  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]
# C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01


def _signature(data: bytes) -> str | None:
    for magic, kind in _SIGNATURES:
        if kind and data.startswith(magic):
            return kind
    return None


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROL.findall(text, 0, 1_000_000))
    return controls > 8 and controls > _MAX_CONTROL_SHARE * min(len(text), 1_000_000)


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Text of a file and, when it was not plain UTF-8, a note saying how it was decoded.

    UTF-8 first; UTF-16 or UTF-32 with a byte-order mark (the mark dropped); otherwise Windows-1252
    when that gives readable text. A UTF-8 byte-order mark is kept as the text's first character, as
    other tools reading the file see it, so that offsets agree with theirs. Raises ``Unreadable``.
    """
    kind = _signature(data)
    if kind:
        raise Unreadable(f"binary file ({kind})")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                raise Unreadable(f"invalid {label} (byte {error.start:,} of {len(data):,})") from None
            if _looks_binary(text):
                raise Unreadable(f"binary file (control characters after a {label} byte-order mark)")
            return text, None if label == "UTF-16" else f"decoded as {label}"
    if b"\x00" in data:
        odd = data[1::2].count(0)
        hint = "; UTF-16 without a byte-order mark? convert it to UTF-8" if odd > len(data) // 4 else ""
        raise Unreadable(f"binary file (contains NUL bytes{hint})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise Unreadable(f"not valid UTF-8 (byte 0x{bad:02x} at offset {error.start:,}) nor Windows-1252 "
                             f"text: convert it to UTF-8") from None
        if _looks_binary(text):
            raise Unreadable("binary file (not valid UTF-8, many control characters)")
        return text, (f"not valid UTF-8 (byte 0x{bad:02x} at offset {error.start:,}); "
                      f"decoded as Windows-1252 (Latin-1)")
    if _looks_binary(text):
        raise Unreadable("binary file (many control characters)")
    return text, None


def decode(data: bytes) -> str:
    """Text of a file (see ``decode_text``); raises ``ValueError`` for binary or undecodable data."""
    return decode_text(data)[0]


# -- single files ---------------------------------------------------------

def _reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _too_long(chars: int, max_chars: int, unit: str = "characters") -> str:
    return f"too large ({chars:,} {unit}; the limit is {max_chars:,} characters, see --max-chars)"


def _read_limited(handle: BinaryIO, limit: int) -> bytes | None:
    """Up to ``limit`` bytes, or None when there are more."""
    data = handle.read(limit + 1)
    return None if len(data) > limit else data


def _article_from_text(path: Path, text: str, max_chars: int) -> Article | Failure:
    if len(text) > max_chars:
        return Failure(str(path), _too_long(len(text), max_chars))
    if not text.strip():
        return Failure(str(path), "empty file" if not text else "empty article (only whitespace)")
    return Article(name=path.stem, source=str(path), text=text, path=str(path))


def _from_html(path: Path, raw: str, max_chars: int) -> Article | Failure:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)    # its warnings are ours to phrase
    try:
        extracted = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    except Exception as error:  # lxml and trafilatura raise many kinds on broken markup
        return Failure(str(path), f"cannot extract the article from the HTML ({type(error).__name__}: {error})")
    text = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    if not text.strip():
        return Failure(str(path), "no article text found in the HTML")
    if len(text) > max_chars:
        return Failure(str(path), _too_long(len(text), max_chars))

    def field(name: str) -> str | None:
        value = getattr(extracted, name, None)
        return str(value) if value else None
    return Article(name=path.stem, source=str(path), text=text, path=str(path),
                   title=field("title"), date=field("date"), url=field("url"), outlet=field("sitename"))


def _from_markdown(path: Path, raw: str, max_chars: int) -> Article | Failure:
    from .markdown import to_plain

    plain = to_plain(raw)
    if not plain.text.strip():
        return Failure(str(path), "no article text in the Markdown (only markup, links or code)")
    if len(plain.text) > max_chars:
        return Failure(str(path), _too_long(len(plain.text), max_chars))
    return Article(name=path.stem, source=str(path), text=plain.text, path=str(path), title=plain.title,
                   date=plain.date)


def read_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Item]:
    """Articles of one file (several for JSONL), or why it cannot be read."""
    source = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            yield Failure(source, "is a directory")
            return
        if not stat.S_ISREG(info.st_mode):
            yield Failure(source, "not a regular file (a FIFO, socket or device): not read")
            return
        suffix = path.suffix.lower()
        limit = max_chars * _BYTES_PER_CHAR + 4
        if suffix in JSONL_SUFFIXES:
            with open(path, "rb") as handle:
                yield from _jsonl_lines(handle, source, path.stem, str(path), max_chars)
            return
        if info.st_size > limit:
            yield Failure(source, _too_long(info.st_size, max_chars, "bytes"))
            return
        with open(path, "rb") as handle:
            data = _read_limited(handle, limit)
    except OSError as error:
        yield Failure(source, f"cannot read: {_reason(error)}")
        return
    if data is None:
        yield Failure(source, _too_long(limit + 1, max_chars, "bytes or more"))
        return
    try:
        text, note = decode_text(data)
    except Unreadable as error:
        yield Failure(source, str(error))
        return
    if note:
        yield Notice(source, note)
    if suffix in HTML_SUFFIXES and text.strip():
        yield _from_html(path, text, max_chars)
    elif suffix in MARKDOWN_SUFFIXES and text.strip() and len(text) <= max_chars:
        yield _from_markdown(path, text, max_chars)
    else:
        yield _article_from_text(path, text, max_chars)


# -- JSON Lines -----------------------------------------------------------

def _jsonl_encoding(head: bytes) -> str:
    for bom, codec, _ in _BOMS:
        if head.startswith(bom):
            return codec
    return "utf-8-sig"


_UNDECODABLE = re.compile("[\udc80-\udcff]")    # what surrogateescape makes of bytes that are not UTF-8
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_field(record: dict, name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _jsonl_lines(handle: BinaryIO, source_name: str, stem: str | None, path: str | None,
                 max_chars: int) -> Iterator[Item]:
    """Articles of a JSON Lines stream, one line at a time; bad lines are failures named ``source:line``."""
    buffered = handle if hasattr(handle, "peek") else io.BufferedReader(handle)  # type: ignore[arg-type]
    encoding = _jsonl_encoding(buffered.peek(4)[:4])
    # Undecodable bytes become lone surrogates, so that one bad line does not end the file.
    lines = io.TextIOWrapper(buffered, encoding=encoding, errors="surrogateescape", newline="\n")
    limit = max_chars * 2 + 1024        # JSON escapes can double a text's length
    seen: dict[str, int] = {}
    number = 0
    while True:
        line = lines.readline(limit + 1)
        if not line:
            return
        number += 1
        where = f"{source_name}:{number}"
        if len(line) > limit and not line.endswith("\n"):
            while True:                 # skip the rest of the long line without holding it in memory
                rest = lines.readline(1 << 20)
                if not rest or rest.endswith("\n"):
                    break
            yield Failure(where, _too_long(limit + 1, max_chars, "characters or more on the line"))
            continue
        if not line.strip():
            continue
        if _UNDECODABLE.search(line):
            yield Failure(where, "bad JSONL line: not valid UTF-8")
            continue
        yield from _jsonl_record(line, number, where, source_name, stem, path, max_chars, seen)


def _jsonl_record(line: str, number: int, where: str, source_name: str, stem: str | None, path: str | None,
                  max_chars: int, seen: dict[str, int]) -> Iterator[Item]:
    try:
        record = json.loads(line)
    except ValueError as error:
        yield Failure(where, f"bad JSONL line: {error}")
        return
    except RecursionError:
        yield Failure(where, "bad JSONL line: nested too deeply")
        return
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        yield Failure(where, 'bad JSONL line: each line must be an object with a "text" string')
        return
    text = record["text"]
    if any(isinstance(value, str) and _SURROGATE.search(value) for value in record.values()):
        # JSON escapes such as "\\udc80" give lone surrogates, which no file or database can hold:
        # each becomes U+FFFD, one character for one, so offsets still hold.
        record = {key: _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value
                  for key, value in record.items()}
        text = record["text"]
        yield Notice(where, "invalid Unicode escapes (lone surrogates) replaced with U+FFFD")
    if len(text) > max_chars:
        yield Failure(where, _too_long(len(text), max_chars))
        return
    if not text.strip():
        yield Failure(where, "empty article (no text)")
        return
    raw_id = record.get("id")
    if raw_id not in (None, ""):
        ident = raw_id if isinstance(raw_id, str) else json.dumps(raw_id)
    else:   # a line number names nothing on standard input: another stream has the same numbers
        ident = f"{stem}-{number}" if stem else stdin_name(text)
    if ident in seen:
        yield Failure(where, f"duplicate id {ident!r} (first on line {seen[ident]}): line skipped")
        return
    seen[ident] = number
    yield Article(name=ident, source=f"{source_name}#{ident}", text=text, path=path,
                  title=_text_field(record, "title"), date=_text_field(record, "date"),
                  url=_text_field(record, "url"), line=number,
                  outlet=_text_field(record, "outlet") or _text_field(record, "source"))


# -- directories and standard input ------------------------------------

def _walk(directory: Path) -> Iterator[Path | Item]:
    """Supported files under a directory (sorted), and failures/notices for what cannot be walked."""
    seen: dict[str, str] = {}
    errors: list[OSError] = []
    for root, dirs, files in os.walk(directory, followlinks=True, onerror=errors.append):
        while errors:
            error = errors.pop(0)
            yield Failure(error.filename or root, f"cannot read directory: {_reason(error)}")
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            parent = os.path.realpath(os.path.dirname(root))
            loop = parent == real or parent.startswith(real.rstrip(os.sep) + os.sep)
            what = "a symbolic link loop" if loop else f"a link to a directory already read ({seen[real]})"
            yield Notice(str(Path(root)), f"skipped: {what}")
            continue
        seen[real] = root
        dirs.sort()
        for name in sorted(files):
            if Path(name).suffix.lower() in SUPPORTED and not name.startswith("."):
                yield Path(root) / name
    while errors:
        error = errors.pop(0)
        yield Failure(error.filename or str(directory), f"cannot read directory: {_reason(error)}")


class _Prefixed(io.RawIOBase):
    """A byte stream that first gives ``prefix``, then the rest of ``stream``."""

    def __init__(self, prefix: bytes, stream: BinaryIO):
        self._prefix, self._stream = prefix, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def stdin_name(text: str) -> str:
    """The name of an article read from standard input without ``--name``: from its content hash, so
    that two different articles piped one after the other are two articles."""
    return "stdin-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_stdin(stream: BinaryIO, max_chars: int = MAX_CHARS, name: str | None = None) -> Iterator[Item]:
    """One article, or JSON Lines when the input starts with ``{``. The article is called ``name``
    (default: ``stdin_name``, from its content); JSON lines without an id ``name-LINE`` (default: each
    from its content)."""
    limit = max_chars * _BYTES_PER_CHAR + 4
    try:
        head = stream.read(4096)
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if start.startswith(b"{"):
            yield from _jsonl_lines(io.BufferedReader(_Prefixed(head, stream)), "-", name, None, max_chars)
            return
        rest = _read_limited(stream, limit - len(head)) if len(head) < limit else None
    except OSError as error:
        yield Failure("-", f"cannot read standard input: {_reason(error)}")
        return
    if rest is None:
        yield Failure("-", _too_long(limit + 1, max_chars, "bytes or more"))
        return
    try:
        text, note = decode_text(head + rest)
    except Unreadable as error:
        yield Failure("-", f"standard input: {error}")
        return
    if note:
        yield Notice("-", note)
    if len(text) > max_chars:
        yield Failure("-", _too_long(len(text), max_chars))
    elif text.strip():
        name = name or stdin_name(text)
        yield Article(name=name, source=f"-#{name}", text=text)
    else:
        yield Failure("-", "empty article" if text else "empty input")


def read_inputs(paths: list[str], max_chars: int = MAX_CHARS, stdin_name: str | None = None) -> Iterator[Item]:
    """Articles from the command line's PATH arguments, in order (with failures and notices);
    ``stdin_name`` names the article read from ``-`` (see ``read_stdin``)."""
    for given in paths:
        if given == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                yield Failure("-", "no standard input to read")
            else:
                yield from read_stdin(stream, max_chars, stdin_name)
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
            exists = path.exists()
            is_link = path.is_symlink()
        except OSError as error:        # a name too long, for instance
            yield Failure(given, f"cannot read: {_reason(error)}")
            continue
        if is_dir:
            files = 0
            for found in _walk(path):
                if isinstance(found, Path):
                    files += 1
                    yield from read_file(found, max_chars)
                else:
                    yield found
            if not files:
                yield Notice(given, "no article files (" + ", ".join(sorted(SUPPORTED)) + ") in this directory")
        elif exists:
            yield from read_file(path, max_chars)
        elif is_link:
            yield from read_file(path, max_chars)   # says why: a broken link or a link loop
        else:
            yield Failure(given, "no such file or directory")


def name_candidates(source: str) -> list[str]:
    """Names for the article with this source, shortest first: the file's stem (``index``), then with
    more and more of its folders (``a/index``, ``news/a/index``); for a JSONL line its id, then the id
    after the file's (``feed#42``, ``2024/feed#42``). The last is the whole source, unique by itself."""
    path, ident = source.rsplit("#", 1) if "#" in source else (source, None)
    parts = [part for part in Path(path).with_suffix("").parts if part not in ("/", "")] if path != "-" else []
    if ident is None:
        names = ["/".join(parts[-size:]) for size in range(1, len(parts) + 1)]
    else:
        names = [ident] + [f"{'/'.join(parts[-size:])}#{ident}" for size in range(1, len(parts) + 1)]
    return [name for number, name in enumerate(names) if name and name not in names[:number]] + [source]
