"""Quote attribution: a chain of small stages over a parsed article.

quote spans (marks, transcript turns) → cues → links and speakers → coreference → speaker entities.
"""

from __future__ import annotations

from dataclasses import dataclass

from .coref import named_mentions, resolve
from .cues import find_cues, learned_cues, quoted_words
from .document import Document, from_stanza
from .entities import Entity, EntityIndex
from .lexicon import load_lexicon
from .link import Link, link_quotes, reported_speech
from .classes import cue_class
from .marks import find_quotes, quote_content
from .scorer import load_scorers
from .turns import speaker_turns, with_turns
from .speakers import Mention, best_speaker, mention_at, speaker_of

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
    content_start: int | None = None   # the content as PolNeAR marks it: quote marks and `that` included
    content_end: int | None = None
    content: str | None = None
    cue_class: str | None = None       # speech, writing, thought, intention or document (see classes.py)


def _mention_for(doc: Document, link: Link, mentions: dict[int, Mention | None], quotes,
                 ranker=None) -> Mention | None:
    if link.cue is None:
        return mention_at(doc, link.narrator) if link.narrator is not None else None
    if link.cue.word not in mentions:
        mentions[link.cue.word] = (best_speaker(doc, link.cue, quotes, ranker) if ranker is not None
                                   else speaker_of(doc, link.cue, quotes))
    return mentions[link.cue.word]


def find_links(doc: Document, scorers: dict, quotes: list) -> list[Link]:
    """The ``quotes`` (spans in marks) and reported clauses of an article, each linked to its cue, in
    text order."""
    lexicon = load_lexicon()
    cues = find_cues(doc, lexicon)
    reporting = cues
    if "cue" in scorers:
        reporting = learned_cues(doc, cues, lexicon, scorers, quoted_words(doc, quotes))
    quote_links = link_quotes(doc, quotes, cues, scorers.get("quote cue"), {**cues, **reporting})
    # reported clauses that hold a mixed quote are kept too: the clause is the
    # indirect speech, the fragment in marks its verbatim part
    taken = [(link.start, link.end) for link in quote_links if link.kind == "direct"]
    quoting = {link.cue.word for link in quote_links if link.cue is not None}
    return sorted(quote_links + reported_speech(doc, reporting, taken, scorers.get("content"), quoting),
                  key=lambda l: l.start)


def attribute(doc: Document, scorers: dict | None = None) -> list[Attribution]:
    """All attributions of a parsed article, in text order; ``scorers`` are the learned decisions'
    models (by default the bundled ones, see ``scorer.load_scorers``)."""
    scorers = load_scorers() if scorers is None else scorers
    quotes = with_turns(doc.text, find_quotes(doc.text), speaker_turns(doc))
    links = find_links(doc, scorers, quotes)
    quote_spans = [(q.start, q.end) for q in quotes]
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
        result.content_start, result.content_end = link.content or quote_content(doc.text, link.start, link.end)
        result.content = doc.text[result.content_start:result.content_end]
        result.cue_class = cue_class(doc, link.cue)
        mention = _mention_for(doc, link, mentions, quote_spans, scorers.get("speaker"))
        if mention is not None:
            result.speaker_mention = mention.text
            result.speaker_start, result.speaker_end = mention.start, mention.end
            result.speaker = (index.label_entity(mention) if link.cue is not None and link.cue.kind == "label"
                              else index.entity_for(resolve(doc, mention, named)))
        results.append(result)
    return results
