"""Stage 2: reporting cues: speech, cognition and attitude verbs, `according to`, nominal cues."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document, Word
from .lexicon import Lexicon

# Dependents that belong to a cue's own span: particles (point out), negation kept out.
_CUE_PARTS = ("compound:prt",)


@dataclass(frozen=True)
class Cue:
    word: int                 # index of the cue's head word
    kind: str                 # "speech", "cognition", "attitude", "according" (also `in X's view`), "noun",
                              # "dash", "label" (the colon after a transcript's speaker label) or
                              # "headline" (the colon after a headline's speaker)
    words: tuple[int, ...]    # all words of the cue, in order

    def span(self, doc: Document) -> tuple[int, int]:
        return doc.span_of([doc.words[i] for i in self.words])

    def text(self, doc: Document) -> str:
        start, end = self.span(doc)
        return doc.text[start:end]

    def is_according_to(self, doc: Document) -> bool:
        """An `according to` cue (not an `in X's view` frame)."""
        return self.kind == "according" and doc.words[self.word].text.lower() == "according"

    def lemma(self, doc: Document) -> str:
        if self.kind == "according":
            return "according to" if self.is_according_to(doc) else "in " + doc.words[self.words[-1]].text.lower()
        if self.kind == "dash":
            return "—"
        head = doc.words[self.word]
        parts = [doc.words[i].lemma for i in self.words if i != self.word]
        return " ".join([head.lemma.lower(), *parts])


def according_to_cue(doc: Document, word: Word) -> Cue | None:
    """`according to X`: the cue is on X's case dependent `according` (+ fixed `to`)."""
    if word.text.lower() != "according" or word.index + 1 >= len(doc.words):
        return None
    following = doc.words[word.index + 1]
    if following.text.lower() != "to":
        return None
    return Cue(word.index, "according", (word.index, following.index))


# `in X's view`, `in the words of X`: frames that attribute their sentence, like `according to X`
FRAME_NOUNS = ("view", "opinion", "words", "estimation", "assessment", "telling", "account")


def _in_view_of(doc: Document, word: Word) -> Cue | None:
    """`in X's view` or `in the view of X`: the cue is the preposition with the noun."""
    if word.text.lower() not in FRAME_NOUNS or frame_holder(doc, word) is None:
        return None
    preposition = next((c for c in doc.children(word.index, "case") if c.text.lower() == "in"), None)
    return Cue(preposition.index, "according", (preposition.index, word.index)) if preposition else None


def frame_holder(doc: Document, noun: Word) -> Word | None:
    """Whose view a frame noun gives: its possessor (`the mayor's view`) or its `of` phrase."""
    for child in doc.children(noun.index, "nmod:poss", "nmod"):
        if child.deprel == "nmod:poss" or any(c.lemma.lower() == "of" for c in doc.children(child.index, "case")):
            return child
    return None


def find_cues(doc: Document, lexicon: Lexicon) -> dict[int, Cue]:
    """Every cue of the document, keyed by the index of its head word."""
    cues: dict[int, Cue] = {}
    for word in doc.words:
        frame = _in_view_of(doc, word)
        if frame:
            cues[frame.word] = frame
            continue
        according = according_to_cue(doc, word)
        if according:
            cues[word.index] = according
            continue
        if word.upos == "VERB":
            phrasal = _phrasal_cue(doc, word, lexicon)
            kind = lexicon.verb_kind(word.lemma)
            if phrasal:
                cues[word.index] = phrasal
            elif kind:
                parts = [c.index for c in doc.children(word.index, *_CUE_PARTS)]
                cues[word.index] = Cue(word.index, kind, tuple(sorted([word.index, *parts])))
        elif word.upos == "NOUN" and lexicon.is_noun_cue(word.lemma) and _reports(doc, word):
            cues[word.index] = Cue(word.index, "noun", (word.index,))
        elif _mistagged_speech_verb(doc, word, lexicon):
            cues[word.index] = Cue(word.index, "speech", (word.index,))
    return cues


def _phrasal_cue(doc: Document, verb: Word, lexicon: Lexicon) -> Cue | None:
    """`went on` (`"...," Trump went on`, `went on about "..."`): a verb and the particle right
    after it that the lexicon lists together, however the parser attached the particle."""
    if verb.index + 1 >= len(doc.words):
        return None
    particle = doc.words[verb.index + 1]
    kind = lexicon.verb_kind(f"{verb.lemma} {particle.text}")
    if not kind or particle.head != verb.index or particle.upos not in ("ADP", "ADV", "PART"):
        return None
    return Cue(verb.index, kind, (verb.index, particle.index))


_CLAUSE_END = (":", ".", "!", "?")


def _mistagged_speech_verb(doc: Document, word: Word, lexicon: Lexicon) -> bool:
    """`The New York Times reports:` and `"...," a narrator in the ad asks.` with the verb tagged
    as a plural noun: a speech verb's -s form right after a noun, closing its clause (not
    `according to news reports.`)."""
    if word.upos not in ("NOUN", "PROPN") or not word.text.islower() or not word.text.endswith("s"):
        return False
    if lexicon.verb_kind(word.text) != "speech" or word.index == 0 or word.index + 1 >= len(doc.words):
        return False
    if doc.children(word.index, "obj", "ccomp"):        # `and calls people "losers"`: a noun takes no object
        return True
    before, after = doc.words[word.index - 1], doc.words[word.index + 1]
    if any(c.lemma.lower() == "to" for c in doc.children(word.index, "case")):   # `according to news reports.`
        return False
    return (before.sentence == word.sentence and before.upos in ("PROPN", "NOUN")
            and after.text in _CLAUSE_END and doc.text[word.end:after.start] == "")


def _reports(doc: Document, noun: Word) -> bool:
    """A noun is a cue when it reports content (`the claim that ...`) or has a
    speaker (`his claim`, `a statement by the ministry`), not in `according to the report`."""
    for child in doc.children(noun.index, "acl", "ccomp"):
        if any(m.lemma.lower() == "that" for m in doc.children(child.index, "mark")):
            return True
    if doc.children(noun.index, "nmod:poss"):
        return True
    return any(any(c.lemma.lower() in ("by", "from") for c in doc.children(child.index, "case"))
               for child in doc.children(noun.index, "nmod"))


# -- the cue's span as PolNeAR marks it ------------------------------------------

# the verb group before a cue's head: auxiliaries, modals, negation, adverbs, `to` of an infinitive, `it`
_GROUP_BEFORE = ("aux", "aux:pass", "cop", "advmod", "expl")
_NOUN_GROUP_BEFORE = ("det", "amod", "nummod", "compound")     # `the repeated denunciation`
_GROUP_BREAKS = (",", "(", "--", "—", "–", ";")
_NOT_GROUP = ("iobj", "obl:agent")      # the person told (`told him`), the source (`was said by`)


def cue_extent(doc: Document, cue: Cue, source: tuple[int, int] | None, content: tuple[int, int]) -> tuple[int, int]:
    """The span of a cue with its "verb group" (PolNeAR's guidelines): the auxiliaries, modals,
    negation and adverbs before its head (`has not yet said`), and, when its content follows, the
    words of its phrase up to the content (`spoke briefly about`, `said in a statement that`), never
    across the ``source`` or the ``content``, a comma or a bracket."""
    start, end = cue.span(doc)
    if cue.kind in ("according", "dash", "label", "headline"):
        return start, end
    head = doc.words[cue.word]
    sentence = doc.sentences[head.sentence]
    phrase = {w.index for w in doc.subtree(head.index)}
    blocked = [span for span in (source, content) if span is not None]

    def free(word: Word) -> bool:
        return word.index in phrase and not any(s < word.end and word.start < e for s, e in blocked)

    # the person told and the agent (`told Trump that`, `was asked by reporters`) end the group
    addressees = {w.index for child in doc.children(head.index) if child.deprel in _NOT_GROUP or (
        child.deprel in ("obj", "nmod") and child.upos == "PROPN") for w in doc.subtree(child.index)}

    def before_head(word: Word) -> bool:
        relation = (word.deprel if word.head == head.index else
                    doc.words[word.head].deprel if doc.words[word.head].head == head.index else None)
        return (relation in _GROUP_BEFORE or (word.head == head.index and word.deprel == "mark" and word.lemma.lower() == "to")
                or (head.upos == "NOUN" and word.head == head.index and word.deprel in _NOUN_GROUP_BEFORE))

    first = min(cue.words)
    while first - 1 >= sentence.first and (word := doc.words[first - 1]).upos != "PUNCT" and free(word) and before_head(word):
        first -= 1
    last = max(cue.words)
    if content[0] >= head.end:
        following = last
        while (following + 1 <= sentence.last and (word := doc.words[following + 1]).text not in _GROUP_BREAKS and free(word)
               and word.index not in addressees):
            following += 1
        while following > last and doc.words[following].upos == "PUNCT" and doc.words[following].text != ":":
            following -= 1
        last = following
    return doc.words[first].start, max(end, doc.words[last].end)


def according_target(doc: Document, cue: Cue) -> Word | None:
    """The X of `according to X` (the word that `according` is a case marker of), or of `in X's view`."""
    if not cue.is_according_to(doc):
        return frame_holder(doc, doc.words[cue.words[-1]])
    according = doc.words[cue.word]
    head = doc.head_of(according)
    if head is not None and head.index not in cue.words:
        return head
    # a parse that made `to` the head: X is then the object of `to`
    for index in cue.words:
        for child in doc.children(index, "obj", "pobj", "nmod", "obl"):
            return child
    return None


# -- learned cue detection (decision d) ------------------------------------------

CANDIDATE_UPOS = ("VERB", "NOUN", "ADJ", "AUX", "ADP")
_CLAUSE_CHILDREN = ("ccomp", "xcomp", "obj", "iobj", "nsubj", "nsubj:pass", "obl", "advcl", "mark",
                    "aux", "aux:pass", "advmod", "nmod:poss", "nmod", "acl", "acl:relcl", "parataxis",
                    "compound:prt", "cop")


def _feats_of(word: Word) -> dict[str, str]:
    return dict(part.split("=", 1) for part in word.feats.split("|") if "=" in part)


def cue_word_features(doc: Document, word: Word, lexicon: Lexicon, quoted: bool) -> dict[str, float]:
    """Named features of a word as a possible attribution cue head: its lexicon kind, word class,
    relation, the clause it takes (a `that` or `to` complement, an object, a subject) and where it
    stands (inside quote marks, before a colon)."""
    lemma = word.lemma.lower()
    kind = (lexicon.verb_kind(lemma) if word.upos == "VERB" else
            "noun" if lexicon.is_noun_cue(lemma) else lexicon.verb_kind(word.text.lower()) and "mistagged")
    head = doc.head_of(word)
    children = doc.children(word.index)
    relations = {c.deprel for c in children}
    features = {f"kind={kind}": 1.0, f"upos={word.upos}": 1.0, f"xpos={word.xpos}": 1.0,
                f"deprel={word.deprel}": 1.0, f"lemma={lemma}": 1.0,
                f"kind={kind}|upos={word.upos}": 1.0, f"lemma={lemma}|upos={word.upos}": 1.0,
                f"lemma={lemma}|deprel={word.relation}": 1.0,
                f"head_upos={head.upos if head else 'ROOT'}": 1.0,
                f"deprel={word.deprel}|kind={kind}": 1.0, "quoted": float(quoted),
                f"quoted|kind={kind}": float(quoted)}
    if head is not None and head.upos == "VERB":
        features[f"head_kind={lexicon.verb_kind(head.lemma)}"] = 1.0
    for relation in relations & set(_CLAUSE_CHILDREN):
        features[f"child={relation}"] = 1.0
        features[f"child={relation}|kind={kind}"] = 1.0
        features[f"child={relation}|lemma={lemma}"] = 1.0
    for child in children:
        if child.relation in ("ccomp", "advcl", "acl", "xcomp"):
            marks = [m.lemma.lower() for m in doc.children(child.index, "mark")]
            for mark in marks:
                features[f"clause_mark={mark}|{child.relation}"] = 1.0
                features[f"clause_mark={mark}|lemma={lemma}"] = 1.0
        if child.relation == "nsubj":
            features[f"subject_upos={child.upos}"] = 1.0
            features[f"subject={_subject_class(child)}"] = 1.0
            features[f"subject={_subject_class(child)}|kind={kind}"] = 1.0
        if child.relation in ("obj", "obl", "ccomp", "xcomp"):
            features[f"{child.relation}_upos={child.upos}"] = 1.0
            prepositions = [c.lemma.lower() for c in doc.children(child.index, "case")]
            for preposition in prepositions:
                features[f"lemma={lemma}|{child.relation}_case={preposition}"] = 1.0
                features[f"{child.relation}_case={preposition}"] = 1.0
        if child.relation in ("aux", "cop"):
            features[f"aux={child.lemma.lower()}"] = 1.0
        if child.deprel == "advmod" and child.lemma.lower() == "not":
            features["negated"] = 1.0
    morphology = _feats_of(word)
    for name in ("VerbForm", "Tense", "Number"):
        if name in morphology:
            features[f"{name}={morphology[name]}"] = 1.0
    following = doc.words[word.index + 1] if word.index + 1 < len(doc.words) else None
    if following is not None and following.sentence == word.sentence:
        features[f"next={following.text if following.upos == 'PUNCT' else following.upos}"] = 1.0
        if following.upos in ("ADP", "ADV", "PART"):
            features[f"lemma={lemma}|next_word={following.lemma.lower()}"] = 1.0
    previous = doc.words[word.index - 1] if word.index > 0 else None
    if previous is not None and previous.sentence == word.sentence:
        features[f"previous={previous.text if previous.upos == 'PUNCT' else previous.upos}"] = 1.0
    return features


_PERSON_PRONOUNS = ("i", "you", "he", "she", "we", "they", "who")


def _subject_class(subject: Word) -> str:
    if subject.upos == "PRON":
        return "person pronoun" if subject.text.lower() in _PERSON_PRONOUNS else "pronoun"
    return subject.upos


def quoted_words(doc: Document, quotes) -> set[int]:
    """Indices of the words inside the given quote spans."""
    return {w.index for quote in quotes for w in doc.words_between(quote.start, quote.end)}


def cue_candidates(doc: Document) -> list[Word]:
    """Words that may head an attribution cue: content words, and `according`."""
    return [w for w in doc.words if w.upos in CANDIDATE_UPOS]


def learned_cues(doc: Document, cues: dict[int, Cue], lexicon: Lexicon, scorers: dict, quoted: set[int]) -> dict[int, Cue]:
    """The cues of reported speech that the learned scorers accept among the candidate words: the
    `cue` scorer decides on the lexicon's cues, which keep their kind; the `new cue` scorer on other
    words, which become `attitude` cues (verbs, adjectives) or `noun` cues, reporting content only
    with a clause or an object of their own."""
    found: dict[int, Cue] = {index: cue for index, cue in cues.items() if cue.kind in ("according", "dash")}
    parts_of_cues = {i for cue in cues.values() for i in cue.words if i != cue.word}   # `view` of `in X's view`
    for word in cue_candidates(doc):
        if word.index in found or word.index in parts_of_cues:
            continue
        scorer = scorers.get("cue") if word.index in cues else scorers.get("new cue")
        if scorer is None or not scorer.accepts(cue_word_features(doc, word, lexicon, word.index in quoted)):
            continue
        if word.index in cues:
            found[word.index] = cues[word.index]
        else:
            parts = [c.index for c in doc.children(word.index, *_CUE_PARTS)]
            kind = "noun" if word.upos == "NOUN" else "attitude"
            found[word.index] = Cue(word.index, kind, tuple(sorted([word.index, *parts])))
    return found
