"""Read articles from files, directories, JSONL and standard input."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass
class Article:
    name: str               # file stem, JSONL id, or "stdin"
    source: str             # unique key: the path, path#id for JSONL lines, "-" for stdin
    text: str
    path: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Failure:
    source: str
    message: str


def decode(data: bytes) -> str:
    """Text of a file: UTF-8, or UTF-16 with BOM. A UTF-8 byte-order mark is kept
    as the text's first character, as other tools reading the file see it, so
    that offsets agree with theirs."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes)")
    return data.decode("utf-8")


def _from_html(path: Path, raw: str) -> Article:
    import trafilatura

    extracted = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    if extracted is None or not (getattr(extracted, "text", None) or "").strip():
        raise ValueError("no article text found in the HTML")
    return Article(name=path.stem, source=str(path), text=extracted.text, path=str(path),
                   title=extracted.title, date=extracted.date, url=extracted.url)


def _from_jsonl(path: Path, raw: str, source_name: str) -> Iterator[Article | Failure]:
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('each line must be an object with a "text" string')
        except ValueError as error:
            yield Failure(f"{source_name}:{number}", f"bad JSONL line: {error}")
            continue
        ident = str(record.get("id") or f"{path.stem}-{number}")
        yield Article(name=ident, source=f"{source_name}#{ident}", text=record["text"],
                      path=str(path) if str(path) != "-" else None,
                      title=record.get("title"), date=record.get("date"), url=record.get("url"))


def read_file(path: Path) -> Iterator[Article | Failure]:
    """Articles of one file (several for JSONL)."""
    try:
        raw = decode(path.read_bytes())
    except (OSError, ValueError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        yield Failure(str(path), f"cannot read: {reason}")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _from_jsonl(path, raw, str(path))
        return
    try:
        article = _from_html(path, raw) if suffix in HTML_SUFFIXES else Article(
            name=path.stem, source=str(path), text=raw, path=str(path))
    except ValueError as error:
        yield Failure(str(path), str(error))
        return
    if not article.text.strip():
        yield Failure(str(path), "empty article")
        return
    yield article


def _walk(directory: Path) -> Iterator[Path]:
    seen = set()
    for root, dirs, files in os.walk(directory, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(files):
            if Path(name).suffix.lower() in SUPPORTED and not name.startswith("."):
                yield Path(root) / name


def read_inputs(paths: list[str]) -> Iterator[Article | Failure]:
    """Articles from the command line's PATH arguments, in order."""
    for given in paths:
        if given == "-":
            raw = sys.stdin.buffer.read()
            try:
                text = decode(raw)
            except (ValueError, UnicodeDecodeError) as error:
                yield Failure("-", f"cannot read standard input: {error}")
                continue
            if text.lstrip().startswith("{"):
                yield from _from_jsonl(Path("-"), text, "-")
            elif text.strip():
                yield Article(name="stdin", source="-", text=text)
            else:
                yield Failure("-", "empty article")
            continue
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield Failure(given, "no such file or directory")
