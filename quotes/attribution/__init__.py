"""Quote attribution: a chain of small stages over a parsed article.

quote spans (marks) → cues → links and speakers → coreference → speaker entities.
"""

from __future__ import annotations

from dataclasses import dataclass

from .coref import named_mentions, resolve
from .cues import find_cues
from .document import Document, from_stanza
from .entities import Entity, EntityIndex
from .lexicon import load_lexicon
from .link import Link, link_quotes, reported_speech
from .marks import find_quotes
from .speakers import Mention, mention_at, speaker_of

__all__ = ["Attribution", "attribute", "from_stanza", "Document"]


@dataclass
class Attribution:
    """One quote (direct, mixed or indirect) with its cue and speaker."""

    kind: str
    start: int
    end: int
    text: str
    cue: str | None = None
    cue_lemma: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: Entity | None = None
    rule: str = ""


def _mention_for(doc: Document, link: Link, mentions: dict[int, Mention | None], quotes) -> Mention | None:
    if link.cue is None:
        return mention_at(doc, link.narrator) if link.narrator is not None else None
    if link.cue.word not in mentions:
        mentions[link.cue.word] = speaker_of(doc, link.cue, quotes)
    return mentions[link.cue.word]


def attribute(doc: Document) -> list[Attribution]:
    """All attributions of a parsed article, in text order."""
    cues = find_cues(doc, load_lexicon())
    quotes = find_quotes(doc.text)
    quote_links = link_quotes(doc, quotes, cues)
    # reported clauses that hold a mixed quote are kept too: the clause is the
    # indirect speech, the fragment in marks its verbatim part
    taken = [(link.start, link.end) for link in quote_links if link.kind == "direct"]
    quote_spans = [(q.start, q.end) for q in quotes]
    links = sorted(quote_links + reported_speech(doc, cues, taken), key=lambda l: l.start)
    named = named_mentions(doc)
    index = EntityIndex(doc)
    mentions: dict[int, Mention | None] = {}
    results = []
    for link in links:
        result = Attribution(link.kind, link.start, link.end, doc.text[link.start:link.end], rule=link.rule)
        if link.cue is not None:
            result.cue_start, result.cue_end = link.cue.span(doc)
            result.cue = doc.text[result.cue_start:result.cue_end]
            result.cue_lemma = link.cue.lemma(doc)
        mention = _mention_for(doc, link, mentions, quote_spans)
        if mention is not None:
            result.speaker_mention = mention.text
            result.speaker_start, result.speaker_end = mention.start, mention.end
            result.speaker = index.entity_for(resolve(doc, mention, named))
            result.speaker.aliases.add(mention.text)
        results.append(result)
    return results
