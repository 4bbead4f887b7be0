"""A light, read-only view of a parsed article that the attribution stages share.

Stages never touch Stanza objects directly: they see ``Word``s with document-wide
indices, heads and character offsets into the original article text, grouped in
``Sentence``s and paragraphs. This keeps each stage testable on any parse.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Word:
    index: int          # position in Document.words
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int           # index of the head word, -1 for the root
    deprel: str
    start: int          # character offsets into the article, end exclusive
    end: int
    sentence: int

    @property
    def relation(self) -> str:
        """The universal part of the dependency relation (``nsubj`` for ``nsubj:pass``)."""
        return self.deprel.split(":")[0]


@dataclass(frozen=True)
class Sentence:
    index: int
    first: int          # index of its first word
    last: int           # index of its last word (inclusive)
    paragraph: int

    @property
    def word_indices(self) -> range:
        return range(self.first, self.last + 1)


def _finite(word: Word) -> bool:
    return word.upos in ("VERB", "AUX") and (word.xpos in ("VBZ", "VBD", "VBP", "MD") or "VerbForm=Fin" in (word.feats or ""))


@dataclass
class Document:
    text: str
    words: list[Word]
    sentences: list[Sentence]
    _children: dict[int, list[int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._retag_name_ends()
        self._reattach_finite_conjuncts()
        for word in self.words:
            if word.head >= 0:
                self._children.setdefault(word.head, []).append(word.index)

    def _retag_name_ends(self) -> None:
        """A capitalized noun right after a proper noun that the parse hangs on it ends a name
        (`José Álvarez`, `the Affordable Care Act`): the tagger took it for a common noun."""
        for word in self.words[1:]:
            before = self.words[word.index - 1]
            if (word.upos == "NOUN" and word.text[:1].isupper() and before.upos == "PROPN"
                    and before.head == word.index and before.relation in ("compound", "flat")):
                self.words[word.index] = replace(word, upos="PROPN", xpos="NNPS" if word.xpos == "NNS" else "NNP")

    def _reattach_finite_conjuncts(self) -> None:
        """A finite verb cannot be a conjunct of a `to` infinitive (`asks the crowd to stay calm and
        says, "..."`): it is coordinated with the nearest finite verb above the infinitive."""
        infinitives = {w.head for w in self.words if w.relation == "mark" and w.lemma.lower() == "to"}
        for word in self.words:
            if word.relation != "conj" or not _finite(word) or word.head not in infinitives:
                continue
            above = self.words[word.head]
            while above.head >= 0 and above.sentence == word.sentence and not _finite(above):
                above = self.words[above.head]
            if _finite(above) and above.sentence == word.sentence:
                self.words[word.index] = replace(word, head=above.index)

    # -- tree navigation -------------------------------------------------
    def children(self, index: int, *relations: str) -> list[Word]:
        """Dependents of a word, optionally only those with the given relations."""
        found = [self.words[i] for i in self._children.get(index, [])]
        if relations:
            found = [w for w in found if w.deprel in relations or w.relation in relations]
        return found

    def head_of(self, word: Word) -> Word | None:
        return self.words[word.head] if word.head >= 0 else None

    def ancestors(self, word: Word):
        """The chain of heads above a word, nearest first."""
        current = self.head_of(word)
        while current is not None:
            yield current
            current = self.head_of(current)

    def subtree(self, index: int, skip: tuple[str, ...] = ()) -> list[Word]:
        """A word and its descendants in text order, leaving out dependents in ``skip``."""
        found, stack = [], [index]
        while stack:
            current = stack.pop()
            found.append(self.words[current])
            for child in self._children.get(current, []):
                word = self.words[child]
                if word.deprel in skip or word.relation in skip:
                    continue
                stack.append(child)
        return sorted(found, key=lambda w: w.index)

    def span_of(self, words: list[Word]) -> tuple[int, int]:
        """Character span covering the given words."""
        return min(w.start for w in words), max(w.end for w in words)

    # -- sentences and paragraphs -----------------------------------------
    def sentence_of(self, word: Word) -> Sentence:
        return self.sentences[word.sentence]

    def words_of(self, sentence: Sentence) -> list[Word]:
        return self.words[sentence.first:sentence.last + 1]

    def sentence_span(self, sentence: Sentence) -> tuple[int, int]:
        return self.words[sentence.first].start, self.words[sentence.last].end

    # offsets are looked up by bisection: a book-length article has hundreds of
    # thousands of words and thousands of quotes
    @cached_property
    def _word_starts(self) -> list[int]:
        return [w.start for w in self.words]

    @cached_property
    def _word_ends(self) -> list[int]:
        return [w.end for w in self.words]

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [self.words[s.last].end for s in self.sentences]

    def sentences_overlapping(self, start: int, end: int) -> list[Sentence]:
        found = []
        for sentence in self.sentences[bisect.bisect_right(self._sentence_ends, start):]:
            if self.words[sentence.first].start >= end:
                break
            found.append(sentence)
        return found

    def words_between(self, start: int, end: int) -> list[Word]:
        """Words lying entirely within [start, end)."""
        found = []
        for word in self.words[bisect.bisect_left(self._word_starts, start):]:
            if word.start >= end:
                break
            if word.end <= end:
                found.append(word)
        return found

    def words_overlapping(self, start: int, end: int) -> list[Word]:
        """Words that share at least one character with [start, end)."""
        found = []
        for position in range(bisect.bisect_right(self._word_ends, start), len(self.words)):
            if self.words[position].start >= end:
                break
            found.append(self.words[position])
        return found

    def last_word_before(self, offset: int) -> Word | None:
        """The last word that ends at or before ``offset``."""
        position = bisect.bisect_right(self._word_ends, offset)
        return self.words[position - 1] if position else None

    def word_starting_at(self, offset: int) -> Word | None:
        position = bisect.bisect_left(self._word_starts, offset)
        return self.words[position] if position < len(self.words) and self.words[position].start == offset else None

    @cached_property
    def paragraph_spans(self) -> list[tuple[int, int]]:
        """Character spans of the paragraphs (blank-line separated, or one per line)."""
        return paragraph_spans(self.text)

    def paragraph_at(self, offset: int) -> int:
        for number, (start, end) in enumerate(self.paragraph_spans):
            if offset < end:
                return number
        return max(len(self.paragraph_spans) - 1, 0)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs of an article: separated by blank lines, or by single newlines
    when the text has no blank line at all (one paragraph per line)."""
    separator = PARAGRAPH_BREAK if PARAGRAPH_BREAK.search(text) else re.compile(r"\n+")
    spans, start = [], 0
    for match in separator.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans or [(0, len(text))]


def from_stanza(doc, text: str | None = None) -> Document:
    """Build a Document from a parsed Stanza document."""
    text = doc.text if text is None else text
    words: list[Word] = []
    sentences: list[Sentence] = []
    paragraphs = paragraph_spans(text)
    paragraph = 0
    for number, sentence in enumerate(doc.sentences):
        offset = len(words)
        for token in sentence.tokens:
            for word in token.words:
                start = word.start_char if word.start_char is not None else token.start_char
                end = word.end_char if word.end_char is not None else token.end_char
                words.append(Word(
                    index=offset + word.id - 1, text=word.text, lemma=word.lemma or word.text.lower(),
                    upos=word.upos or "X", xpos=word.xpos or "", feats=word.feats or "",
                    head=offset + word.head - 1 if word.head else -1, deprel=word.deprel or "dep",
                    start=start, end=end, sentence=number))
        first_start = words[offset].start if len(words) > offset else 0
        while paragraph + 1 < len(paragraphs) and first_start >= paragraphs[paragraph + 1][0]:
            paragraph += 1
        sentences.append(Sentence(number, offset, len(words) - 1, paragraph))
    return Document(text=text, words=words, sentences=sentences)
