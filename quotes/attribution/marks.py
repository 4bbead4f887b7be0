"""Stage 1: find quoted regions in the raw article text.

Double quotes (curly or straight) are found first; single quotes (the British
style, ‘…’ or '…') only outside them, and only where an opening mark has a
closing mark that cannot be an apostrophe. A quote left open at a paragraph end
continues when the next paragraph opens with a mark (the newspaper convention
for multi-paragraph quotes); otherwise it ends with its paragraph, so one stray
mark never swallows the rest of the article.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .document import paragraph_spans

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
_OPEN_CONTEXT = set("([{—–-/:") | set(DOUBLE_OPEN) | {'"'}
# Straight apostrophes that begin elided words or decades: 'em, 'til, '90s.
_ELISION = re.compile(r"'(?:em|til|tis|twas|cause|n|s|d|ll|re|ve|\d\d)\b", re.IGNORECASE)


@dataclass(frozen=True)
class QuoteSpan:
    """Text inside one pair of marks (marks and edge whitespace excluded)."""

    start: int
    end: int
    style: str              # "double" or "single"
    closed: bool            # False when the closing mark is missing
    continues: bool = False  # True when it continues the previous paragraph's quote

    def text(self, article: str) -> str:
        return article[self.start:self.end]


def _is_double_open(text: str, i: int) -> bool:
    ch = text[i]
    if ch in DOUBLE_OPEN:
        return True
    if ch != '"':
        return False
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in _OPEN_CONTEXT:
        return not after.isspace() or i + 1 == len(text)
    return False


def _is_double_close(text: str, i: int) -> bool:
    return text[i] in DOUBLE_CLOSE or (text[i] == '"' and not _is_double_open(text, i))


def _is_single_open(text: str, i: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch not in SINGLE_OPEN and ch != "'":
        return False
    if not (before.isspace() or before in _OPEN_CONTEXT):
        return False
    if after.isspace() or not (after.isalnum() or after in DOUBLE_OPEN + '"'):
        return False
    if ch == "'" and _ELISION.match(text, i):
        return False
    return ch in SINGLE_OPEN or ch == "'"


def _is_single_close(text: str, i: int) -> bool:
    """A ’ or ' that ends a word: not inside one (don't) nor before a letter."""
    if text[i] not in SINGLE_CLOSE and text[i] != "'":
        return False
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    return not after.isalnum()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _scan_paragraph(text, start, end, is_open, is_close, blocked):
    """(open index, close index or None) pairs of one mark style in one paragraph."""
    pairs, opened = [], None
    for i in range(start, end):
        if blocked(i):
            continue
        if opened is None:
            if is_open(text, i):
                opened = i
        elif is_close(text, i):
            pairs.append((opened, i))
            opened = None
        elif is_open(text, i) and text[i] in DOUBLE_OPEN:
            # a second curly opening mark: the first one was never closed
            pairs.append((opened, None))
            opened = i
    if opened is not None:
        pairs.append((opened, None))
    return pairs


def _single_pairs(text, start, end, blocked):
    """Single-quote pairs: an opener must find a closer in its paragraph. A
    closer followed by punctuation or a line end is preferred over a plural
    possessive (`the ministers’ aide`)."""
    closers = [j for j in range(start, end)
               if text[j] in SINGLE_CLOSE + "'" and not blocked(j) and _is_single_close(text, j)]
    possessive = {j for j in closers if j + 1 < end and text[j + 1].isspace()
                  and text[j - 1] == "s" and text[j + 2:j + 3].islower()}
    pairs, i = [], start
    while i < end:
        if text[i] not in SINGLE_OPEN + "'" or blocked(i) or not _is_single_open(text, i):
            i += 1
            continue
        first = bisect.bisect_left(closers, i + 2)
        if first == len(closers):
            break  # no closer left in the paragraph: no later opener can pair either
        chosen = next((j for j in closers[first:] if j not in possessive), closers[first])
        pairs.append((i, chosen))
        i = chosen + 1
    return pairs


_BEFORE_NICKNAME = re.compile(r"[A-Z][\w'’-]*[ \t]+[\"“‘']?$")
_AFTER_NICKNAME = re.compile(r"[\"”’']?[ \t]+[A-Z]")


def is_nickname(text: str, start: int, end: int) -> bool:
    """`Marcia "Cia" Price`: one or two capitalised words quoted inside a name."""
    words = text[start:end].split()
    return (1 <= len(words) <= 2 and all(w[:1].isupper() and w.isalpha() for w in words)
            and bool(_BEFORE_NICKNAME.search(text[max(0, start - 40):start]))
            and bool(_AFTER_NICKNAME.match(text, end)))


def find_quotes(text: str) -> list[QuoteSpan]:
    """All quoted regions of an article, in text order; nicknames are not quotes."""
    spans: list[QuoteSpan] = []
    paragraphs = paragraph_spans(text)
    taken: list[tuple[int, int]] = []
    open_at_end = False
    for p_start, p_end in paragraphs:
        pairs = _scan_paragraph(text, p_start, p_end, _is_double_open, _is_double_close, lambda i: False)
        first_mark = _first_mark(text, p_start, p_end)
        for number, (open_i, close_i) in enumerate(pairs):
            continues = open_at_end and number == 0 and open_i == first_mark
            # an unclosed quote runs to the next opening mark (the writer reopened it) or the paragraph end
            end = close_i if close_i is not None else (
                pairs[number + 1][0] if number + 1 < len(pairs) else p_end)
            s, e = _trimmed(text, open_i + 1, end)
            taken.append((open_i, end + 1))
            if s < e and any(c.isalnum() for c in text[s:e]) and not is_nickname(text, s, e):
                spans.append(QuoteSpan(s, e, "double", close_i is not None, continues))
        open_at_end = bool(pairs) and pairs[-1][1] is None

    def inside_double(i: int) -> bool:
        return any(a <= i < b for a, b in taken)

    if spans:
        # a writer who quotes with double marks keeps single ones for headlines and quotes
        # within quotes; single-mark quotes are the house style only where no double ones occur
        return spans
    for p_start, p_end in paragraphs:
        pairs = _single_pairs(text, p_start, p_end, inside_double)
        for open_i, close_i in pairs:
            s, e = _trimmed(text, open_i + 1, close_i)
            if s < e and any(c.isalnum() for c in text[s:e]):
                spans.append(QuoteSpan(s, e, "single", True, False))
    return sorted(spans, key=lambda q: q.start)


def _first_mark(text: str, start: int, end: int) -> int | None:
    for i in range(start, min(end, start + 3)):
        if text[i] in DOUBLE_OPEN or text[i] == '"':
            return i
    return None


_ANY_MARK = set(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + "\"'")


def with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote's span widened to its quote marks (PolNeAR's content includes them)."""
    left = start
    while left > 0 and text[left - 1] in " \t":
        left -= 1
    if left > 0 and text[left - 1] in _ANY_MARK:
        start = left - 1
    right = end
    while right < len(text) and text[right] in " \t":
        right += 1
    if right < len(text) and text[right] in _ANY_MARK:
        end = right + 1
    return start, end


_COMPLEMENTIZER = re.compile(r"\bthat,?[ \t]*$")


def quote_content(text: str, start: int, end: int) -> tuple[int, int]:
    """A quotation's content as PolNeAR marks it: with its quote marks, and with the `that` that opens
    the clause it is (`said that "..."`)."""
    start, end = with_marks(text, start, end)
    before = _COMPLEMENTIZER.search(text, max(0, start - 8), start)
    return (before.start() if before else start), end
