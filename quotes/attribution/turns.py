"""Stage 1b: the turns of an interview transcript, which speaker labels mark instead of quote marks.

    ROE: Will the bill pass this week?
    "HALE: It will pass. We have the votes.

A line that opens (after the opening mark of a quote that runs over paragraphs, if any) with one to
three upper-case words and a colon is labelled. Its label is a speaker's when the label's last word
is the surname of a person the article names elsewhere (`Sen. Ann Hale`), or, in an article where some
label is a speaker's so, when the label opens at least ``MIN_TURNS`` lines (the other side of the
interview). Other labels (`CORRECTION:`, `UPDATE:`, a headline's `BREAKING:`) are left alone.

An article's first line can also be a headline's turn (`Lynch: No outside influence on FBI probe`),
its speaker named before the colon: see ``headline_turn``.

A speaker's turn is one quote from after the label to the end of its line; quote spans that the
marks stage found in it (pieces of it, titles quoted inside it) give way to it, and quotes that are
only a bracketed stage direction (`(CROSSTALK.)`) are dropped. The link stage
attributes a turn to its label, with the colon as the cue (rule `label`): a `direct` quote where
its line opens with a quote mark, else `indirect` (a quote without marks, as the kinds go).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .coref import looks_like_person, named_mentions
from .document import Document
from .entities import is_speaker_noun
from .marks import QuoteSpan
from .names import person_name

MIN_TURNS = 2
_LABEL = re.compile(r"[ \t]*[\"“]?[ \t]*((?:[A-Z][A-Z.'’-]*[ \t]+){0,2}[A-Z][A-Z'’-]*[A-Z])[ \t]*:[ \t]+(?=\S)")


@dataclass(frozen=True)
class Turn:
    label_start: int        # the label (`HALE`), without its colon
    label_end: int
    start: int              # what the speaker says, to the end of the line
    end: int
    label: str
    headline: bool = False  # a headline's `Speaker: claim`, not a transcript's turn

    @property
    def surname(self) -> str:
        return self.label.split()[-1].lower()


def labelled_lines(text: str) -> list[Turn]:
    """The lines of a text that open with an upper-case label and a colon, as turns."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        match = _LABEL.match(text, line.start(), line.end())
        if match is None:
            continue
        end = line.end()
        while end > match.end() and text[end - 1].isspace():
            end -= 1
        found.append(Turn(match.start(1), match.end(1), match.end(), end, match.group(1)))
    return found


def speaker_turns(doc: Document) -> list[Turn]:
    """The turns of an article whose labels are speakers' (see the module's rule)."""
    lines = labelled_lines(doc.text)
    if not lines:
        return []
    labels = [(t.label_start, t.label_end) for t in lines]
    surnames = set()
    for mention in named_mentions(doc):
        if any(s < mention.end and mention.start < e for s, e in labels) or not looks_like_person(doc, mention):
            continue
        name = person_name(doc, mention)
        if name is not None:
            surnames.add(name.surname)
    counts = Counter(t.surname for t in lines)
    named = {t.surname for t in lines} & surnames
    if not named:
        return []
    return [t for t in lines if t.surname in named or counts[t.surname] >= MIN_TURNS]


MAX_HEADLINE_LABEL_WORDS = 6
_HEADLINE = re.compile(r"[ \t]*([A-Z][^:\n]*?)[ \t]*:[ \t]+(?=\S)")
_QUOTE_MARKS = re.compile(r"[\"“”‘]|(?<!\w)['’]|['’](?!\w)")


def headline_turn(doc: Document) -> list[Turn]:
    """`Lynch: No outside influence on FBI probe`: an article's first line that gives a speaker (a name,
    which the tagger may take for a common noun, or a noun for a speaker, `is_speaker_noun`) before a
    colon, and what they said after it, without quote marks (a quotation keeps its own marks) and not
    as a question. An upper-case label (`BREAKING:`, `BYLINE:`; a transcript's are turns of their
    own) or one with a verb (`Revealed:`) is not a speaker."""
    line = re.match(r"\s*([^\n]+)", doc.text)
    match = _HEADLINE.match(doc.text, line.start(1), line.end(1)) if line else None
    if match is None:
        return []
    end = line.end(1)
    while doc.text[end - 1].isspace() or doc.text[end - 1] == ".":     # its period, as a content's
        end -= 1
    said = doc.text[match.end():end]
    if not said.strip():
        return []
    words = [w for w in doc.words_between(match.start(1), match.end(1)) if w.upos != "PUNCT"]
    label = match.group(1)
    if (not words or len(words) > MAX_HEADLINE_LABEL_WORDS or label.isupper() or said.endswith("?")
            or _QUOTE_MARKS.search(said) or any(w.upos in ("VERB", "AUX", "ADJ", "INTJ", "ADV", "PRON") for w in words)):
        return []
    head = words[-1]
    if not (head.upos == "PROPN" or head.upos == "NOUN" and (head.lemma[:1].isupper() or is_speaker_noun(head))):
        return []
    return [Turn(match.start(1), match.end(1), match.end(), end, label, headline=True)]


_STAGE_DIRECTION = re.compile(r"[(\[][^()\[\]]*[)\]][.]?")


def with_turns(text: str, quotes: list[QuoteSpan], turns: list[Turn]) -> list[QuoteSpan]:
    """The quote spans with each turn as one quote (style `turn`), in place of the spans that overlap
    it or its label; in a transcript, a quote that is only a bracketed note (`(CROSSTALK.)`,
    `[Applause]`) is a stage direction, not speech, and is left out."""
    if not turns:
        return quotes
    transcript = any(not t.headline for t in turns)
    kept = [q for q in quotes if not any(q.start < t.end and t.label_start < q.end for t in turns)
            and not (transcript and _STAGE_DIRECTION.fullmatch(q.text(text)))]
    return sorted(kept + [QuoteSpan(t.start, t.end, "headline" if t.headline else "turn", True) for t in turns],
                  key=lambda q: q.start)
