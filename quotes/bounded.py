"""Parse an article within bounded memory and time.

Stanza's cost grows with the square of a sentence's length, so overlong
paragraphs and sentences are cut before tagging and parsing; every offset is
mapped back to the original text.
"""

from __future__ import annotations

import bisect
import re
import time
from dataclasses import replace
from pathlib import Path

from . import nlp
from .attribution import from_stanza
from .attribution.document import PARAGRAPH_BREAK

MAX_PIECE_CHARS = 2_000         # longest stretch the tokenizer is given as one paragraph
MAX_SENTENCE_WORDS = 100        # longest sentence the tagger and parser are given
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s")


class ArticleTooHard(ValueError):
    """The article cannot be cut into sentences the parser can take."""


def _cut_in(text: str, start: int, end: int) -> int:
    """Where to end a piece that starts at ``start`` and may go up to ``end``: after the last line break,
    sentence end or space in the second half of the window, else at ``end`` itself."""
    low = start + (end - start) // 2
    newline = text.rfind("\n", low, end)
    if newline >= 0:
        return newline + 1
    last = None
    for last in _SENTENCE_END.finditer(text, low, end):
        pass
    if last is not None:
        return last.end()
    for position in range(end - 1, low - 1, -1):
        if text[position].isspace():
            return position + 1
    return end


def _long_paragraph_cuts(text: str, limit: int | None = None) -> list[int]:
    """Offsets at which to start a new paragraph so that no paragraph is longer than ``limit``
    (default ``MAX_PIECE_CHARS``)."""
    limit = limit or MAX_PIECE_CHARS
    cuts, start = [], 0
    bounds = [m.span() for m in PARAGRAPH_BREAK.finditer(text)] + [(len(text), len(text))]
    for end, next_start in bounds:
        position = start
        while end - position > limit:
            position = _cut_in(text, position, position + limit)
            cuts.append(position)
        start = next_start
    return cuts


def _with_breaks(text: str, cuts: list[int]) -> str:
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(text[last:cut])
        last = cut
    pieces.append(text[last:])
    return "\n\n".join(pieces)


def _back(cuts: list[int]):
    """Maps an offset in ``_with_breaks(text, cuts)`` back to ``text`` (each cut added two characters)."""
    ends = [cut + 2 * number + 2 for number, cut in enumerate(cuts)]
    return lambda offset: offset - 2 * bisect.bisect_right(ends, offset)


def parse_article(text: str, external_dir: Path | None = None, seconds: dict[str, float] | None = None):
    """The attribution Document of an article, parsed within bounded memory and time.

    The same parse as ``nlp.parse`` for ordinary articles. Stanza's cost grows with the square of a
    sentence's length (a 2,000-word sentence takes about 19 GB), so paragraphs longer than
    ``MAX_PIECE_CHARS`` are cut (at a line break, sentence end or space) and sentences longer than
    ``MAX_SENTENCE_WORDS`` words are split before tagging and parsing. Cuts are paragraph breaks
    inserted into a copy of the text; every offset is mapped back, so offsets stay exact.
    The seconds spent tokenizing and parsing (tagging, lemmas, dependencies) go into ``seconds``.
    """
    from .attribution.document import Document, Sentence, paragraph_spans

    pipeline = nlp.pipeline(external_dir)
    seconds = {} if seconds is None else seconds
    started = time.perf_counter()
    cuts = _long_paragraph_cuts(text)
    for _attempt in range(4):
        parse_text = _with_breaks(text, cuts)
        doc = pipeline(nlp.straighten_quotes(parse_text), processors="tokenize")
        back = _back(cuts)
        more = []
        for sentence in doc.sentences:
            words = sum(len(token.words) for token in sentence.tokens)
            if words <= MAX_SENTENCE_WORDS:
                continue
            size = -(-words // -(-words // MAX_SENTENCE_WORDS))   # even pieces of at most the limit
            count = 0
            for token in sentence.tokens:
                if count >= size:
                    more.append(back(token.start_char))
                    count = 0
                count += len(token.words)
        if not more:
            break
        cuts = sorted(set(cuts) | {cut for cut in more if 0 < cut < len(text)})
    else:
        raise ArticleTooHard(f"cannot split its sentences to at most {MAX_SENTENCE_WORDS} words")
    tokenized = time.perf_counter()
    seconds["tokenize"] = tokenized - started
    doc = nlp.tag_and_parse(pipeline, doc)
    seconds["parse"] = time.perf_counter() - tokenized
    document = from_stanza(nlp.restore_text(doc, parse_text))
    if not cuts:
        return document
    words = [replace(word, start=back(word.start), end=back(word.end)) for word in document.words]
    paragraphs, paragraph, sentences = paragraph_spans(text), 0, []
    for sentence in document.sentences:            # paragraph numbers of the original text (as from_stanza)
        first_start = words[sentence.first].start if sentence.last >= sentence.first else 0
        while paragraph + 1 < len(paragraphs) and first_start >= paragraphs[paragraph + 1][0]:
            paragraph += 1
        sentences.append(Sentence(sentence.index, sentence.first, sentence.last, paragraph))
    return Document(text=text, words=words, sentences=sentences)
