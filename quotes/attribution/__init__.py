"""Quote attribution: a chain of small stages over a parsed article.

quote spans (marks, transcript turns) → cues → links and speakers → coreference → speaker entities.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .coref import clause_subject, pronoun_antecedents, resolve
from .cues import cue_extent, find_cues, learned_cues, quoted_words
from .document import Document, from_stanza
from .entities import Entity, EntityIndex
from .gender import PRONOUNS, word_gender
from .lexicon import load_lexicon
from .link import Link, link_quotes, reported_speech
from .classes import cue_class
from .marks import find_quotes, quote_content
from .scorer import load_scorers
from .spans import TaggedSpan, apply_spans, backed, extra_links, load_span_tagger
from .turns import headline_turn, speaker_turns, with_turns
from .speakers import Mention, best_speaker, mention_at, source_extent, speaker_of

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
    cue_phrase_start: int | None = None   # the cue as PolNeAR marks it: with its verb group
    cue_phrase_end: int | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    source_start: int | None = None    # the speaker as PolNeAR marks a source: with its appositions
    source_end: int | None = None
    speaker: Entity | None = None
    rule: str = ""
    content_start: int | None = None   # the content as PolNeAR marks it: quote marks and `that` included
    content_end: int | None = None
    content: str | None = None
    cue_class: str | None = None       # speech, writing, thought, intention or document (see classes.py)
    # the gendered pronouns of the article outside quotations that resolve to the speaker (its quotes'
    # own speaker mentions left out), {pronoun: count}: evidence of its gender (gender.py)
    speaker_pronouns: dict[str, int] = field(default_factory=dict)


def _mention_for(doc: Document, link: Link, mentions: dict[int, Mention | None], quotes,
                 ranker=None) -> Mention | None:
    if link.cue is None:
        return mention_at(doc, link.narrator) if link.narrator is not None else None
    if link.cue.word not in mentions:
        mentions[link.cue.word] = (best_speaker(doc, link.cue, quotes, ranker) if ranker is not None
                                   else speaker_of(doc, link.cue, quotes))
    return mentions[link.cue.word]


def find_links(doc: Document, scorers: dict, quotes: list, tagged: list[TaggedSpan] = ()) -> list[Link]:
    """The ``quotes`` (spans in marks) and reported clauses of an article, each linked to its cue, in
    text order; with the span tagger's spans (``tagged``), also its cues the rules missed."""
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
    links = quote_links + reported_speech(doc, reporting, taken, scorers.get("content"), quoting)
    if tagged and scorers["spans"].config.get("extra", True):
        links += extra_links(doc, tagged, links, quotes, lexicon)
    return sorted(links, key=lambda l: l.start)


def attribute(doc: Document, scorers: dict | None = None) -> list[Attribution]:
    """All attributions of a parsed article, in text order; ``scorers`` are the learned decisions'
    models (by default the bundled ones, see ``bundled_scorers``)."""
    scorers = bundled_scorers() if scorers is None else scorers
    turns = speaker_turns(doc)
    turns += [t for t in headline_turn(doc) if all(t.label_start != other.label_start for other in turns)]
    marked = find_quotes(doc.text)
    quotes = with_turns(doc.text, marked, turns)
    # the tagger learnt which words are inside quote marks (turns are not), as in its training
    tagged = scorers["spans"].tag(doc, quoted_words(doc, marked)) if "spans" in scorers else []
    links = find_links(doc, scorers, quotes, tagged)
    quote_spans = [(q.start, q.end) for q in quotes]
    index = EntityIndex(doc)
    named = index.named
    mentions: dict[int, Mention | None] = {}
    described: dict[int, tuple[str, str | None]] = {}   # a described speaker's head word: (entity key, gender)
    extents: dict[int, tuple[int, int]] = {}     # a cue's span, the same for each of its quotes
    results = []
    for link in links:
        result = Attribution(link.kind, link.start, link.end, doc.text[link.start:link.end], rule=link.rule)
        result.content_start, result.content_end = link.content or quote_content(doc.text, link.start, link.end)
        result.content = doc.text[result.content_start:result.content_end]
        result.cue_class = cue_class(doc, link.cue)
        mention = _mention_for(doc, link, mentions, quote_spans, scorers.get("speaker"))
        if link.cue is not None:
            result.cue_start, result.cue_end = link.cue.span(doc)
            result.cue = doc.text[result.cue_start:result.cue_end]
            result.cue_lemma = link.cue.lemma(doc)
            if link.cue.word not in extents:
                source = (mention.start, mention.end) if mention is not None else None
                extents[link.cue.word] = cue_extent(doc, link.cue, source, (result.content_start, result.content_end))
            result.cue_phrase_start, result.cue_phrase_end = extents[link.cue.word]
        if mention is not None:
            result.speaker_mention = mention.text
            result.speaker_start, result.speaker_end = mention.start, mention.end
            blocked = _content_pieces(doc, result, mention) + (
                [(result.cue_start, result.cue_end)] if link.cue is not None else [])
            result.source_start, result.source_end = source_extent(doc, mention, blocked)
            result.speaker = (index.label_entity(mention) if link.cue is not None and link.cue.kind == "label"
                              else index.entity_for(resolve(doc, mention, named)))
            if result.speaker is not None and result.speaker.local and result.speaker.type == "person":
                told = word_gender(doc.words[mention.head].text)
                described[mention.head] = (result.speaker.key, told[1] if told else None)
        results.append(result)
    if tagged:
        kinds = [link.cue.kind if link.cue is not None else None for link in links]
        config = scorers["spans"].config
        apply_spans(doc, results, kinds, tagged, config.get("least", 0.3), config.get("content_least"))
        if config.get("confirm"):     # the roles in which the tagger must back a reported clause
            results = backed(doc, results, kinds, tagged, config["confirm"])
    _speaker_pronouns(doc, named, quote_spans, results, described)
    return results


def bundled_scorers() -> dict:
    """The bundled learned decisions: the linear scorers and the span tagger."""
    return {**load_scorers(), "spans": load_span_tagger()}


def _content_pieces(doc: Document, result: Attribution, mention: Mention) -> list[tuple[int, int]]:
    """The content's span, or, when it runs across its own cue and source (`''A,'' said X, who ... .
    ''B.''`), its parts before the source and after the cue's sentence."""
    start, end = result.content_start, result.content_end
    if result.cue_start is None or not start < result.cue_start < end:
        return [(start, end)]
    sentence = doc.sentences[doc.words[mention.head].sentence]
    return [(start, min(mention.start, result.cue_start)), (doc.words[sentence.last].end, end)]


def _gender_of(doc: Document, named, word) -> str | None:
    """The gender a possessor tells (`his` in `his ex-wife`, `Mr. Scott` in `Mr. Scott's lawyer`), if any."""
    if word.text.lower() in PRONOUNS:
        return PRONOUNS[word.text.lower()]
    return named.gender(mention_at(doc, word)) if word.upos == "PROPN" else None


def _stands_for_description(doc: Document, named, word, subject, gender: str | None) -> bool:
    """Whether a pronoun whose clause has for subject a speaker described (`the senator said he
    would`) stands for that speaker: not when the description has another gender (`Scott's wife
    pleads for his life`), a possessor the pronoun may stand for (`Scott's lawyer said he`), or a
    name comes between them (`the reporter spotted Stein and her aide`)."""
    told = PRONOUNS[word.text.lower()]
    if gender not in (None, told):
        return False
    if any(subject.start < m.start < word.start for m in named.by_sentence.get(word.sentence, [])):
        return False
    return not any(_gender_of(doc, named, owner) in (None, told) for owner in doc.children(subject.index, "nmod:poss"))


def _speaker_pronouns(doc: Document, named, quote_spans: list[tuple[int, int]], results: list[Attribution],
                      described: dict[int, tuple[str, str | None]]) -> None:
    """Fill each person speaker's ``speaker_pronouns``: the pronouns outside quotations (and outside
    the quotes' own speaker mentions) that stand for it: the speaker described as the subject of the
    pronoun's clause (``_stands_for_description``), else the person its named antecedent names
    (``coref.resolve_pronoun``)."""
    people = {r.speaker.key for r in results if r.speaker is not None and r.speaker.type == "person"
              and not r.speaker.anonymous}
    if not people:
        return
    skip = quote_spans + [(r.speaker_start, r.speaker_end) for r in results if r.speaker_start is not None]
    lookup = EntityIndex(doc)       # a second index: naming the antecedents changes no speaker entity
    keys: dict[int, str | None] = {}
    counts: dict[str, Counter] = {}
    for word, antecedent in pronoun_antecedents(doc, named, skip):
        subject = clause_subject(doc, word)
        key, gender = described.get(subject.index, (None, None)) if subject is not None else (None, None)
        if key is not None and not _stands_for_description(doc, named, word, subject, gender):
            key = None
        if key is None and antecedent is not None:
            if antecedent.start not in keys:
                entity = lookup.entity_for(antecedent)
                keys[antecedent.start] = entity.key if entity is not None and entity.type == "person" else None
            key = keys[antecedent.start]
        if key in people:
            counts.setdefault(key, Counter())[word.text.lower()] += 1
    for result in results:
        if result.speaker is not None and result.speaker.key in counts:
            result.speaker_pronouns = dict(counts[result.speaker.key])
