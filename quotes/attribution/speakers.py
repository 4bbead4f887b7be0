"""Stage 3: the speaker mention of a cue, read off the dependency parse."""

from __future__ import annotations

from dataclasses import dataclass

from .cues import Cue, according_target
from .document import Document, Word

# Dependents left out of a mention's span: clauses, asides and punctuation.
_NOT_IN_MENTION = ("acl", "appos", "punct", "parataxis", "advcl", "dep", "discourse",
                   "vocative", "list", "reparandum", "orphan")
# Relations through which a subject-less verb takes the subject of its head.
_SHARES_SUBJECT = ("advcl", "xcomp", "conj")


@dataclass(frozen=True)
class Mention:
    """A speaker as written in the attribution: `the ministry`, `he`, `Donald Trump`."""

    head: int                          # index of the head word
    start: int
    end: int
    text: str
    appositions: tuple[str, ...] = ()  # `a surgeon` in `Ann Hill, a surgeon, said`

    def head_word(self, doc: Document) -> Word:
        return doc.words[self.head]


def mention_at(doc: Document, head: Word) -> Mention:
    """The noun phrase headed by ``head``, without relative clauses and appositions."""
    outside = {c.index for c in doc.children(head.index, "case", "mark", "cc")}
    words = [w for w in doc.subtree(head.index, skip=_NOT_IN_MENTION) if w.index not in outside]
    # keep the phrase contiguous around its head
    words = [w for w in words if abs(w.index - head.index) <= len(words)]
    while words and words[0].upos in ("PUNCT", "CCONJ") and words[0] is not head:
        words.pop(0)
    while words and words[-1].upos in ("PUNCT", "CCONJ") and words[-1] is not head:
        words.pop()
    start, end = doc.span_of(words)
    appositions = []
    for appos in doc.children(head.index, "appos"):
        a_start, a_end = doc.span_of(doc.subtree(appos.index, skip=_NOT_IN_MENTION))
        appositions.append(doc.text[a_start:a_end])
    return Mention(head.index, start, end, doc.text[start:end], tuple(appositions))


def relative_antecedent(doc: Document, subject: Word) -> Word | None:
    """The noun that `who` stands for in `Jane Roe, who ... said`, if ``subject`` is a relative pronoun."""
    if "PronType=Rel" in subject.feats or subject.lemma.lower() in ("who", "which", "that"):
        verb = doc.head_of(subject)
        while verb is not None and verb.deprel not in ("acl:relcl", "acl"):
            verb = doc.head_of(verb)
        if verb is not None:
            return doc.head_of(verb)
    return None


def _subject(doc: Document, verb: Word) -> Word | None:
    for child in doc.children(verb.index):
        if child.deprel in ("nsubj", "csubj", "nsubj:outer"):
            return child
    for child in doc.children(verb.index, "obl"):
        # passive with agent: `it was announced by the ministry`
        if child.deprel == "obl:agent" or any(c.lemma.lower() == "by" for c in doc.children(child.index, "case")):
            if "Voice=Pass" in verb.feats or any(c.deprel == "aux:pass" for c in doc.children(verb.index)):
                return child
    return None


def speaker_word(doc: Document, cue: Cue) -> Word | None:
    """The head word of the speaker of a cue, or None for speaker-less cues."""
    if cue.kind == "according":
        return according_target(doc, cue)
    head = doc.words[cue.word]
    if cue.kind == "noun":
        for child in doc.children(head.index, "nmod:poss", "nmod"):
            if child.deprel == "nmod:poss" or any(
                    c.lemma.lower() in ("by", "from", "of") for c in doc.children(child.index, "case")):
                return child
        return None
    verb, hops = head, 0
    while verb is not None and hops < 3:
        subject = _subject(doc, verb)
        if subject is not None:
            return subject
        if verb.deprel not in _SHARES_SUBJECT and verb.relation not in _SHARES_SUBJECT:
            return None
        parent = doc.head_of(verb)
        if parent is not None and _object_controls(doc, verb, parent):
            return doc.children(parent.index, "obj")[0]
        verb, hops = parent, hops + 1
    return None


def _object_controls(doc: Document, verb: Word, parent: Word) -> bool:
    """`Smith criticized Jones for saying ...`: the object of the head is who says."""
    marks = {c.lemma.lower() for c in doc.children(verb.index, "mark", "case")}
    return verb.relation == "advcl" and bool(marks & {"for", "of", "about"}) and bool(doc.children(parent.index, "obj"))


def speaker_of(doc: Document, cue: Cue) -> Mention | None:
    word = speaker_word(doc, cue)
    return mention_at(doc, word) if word is not None else None
