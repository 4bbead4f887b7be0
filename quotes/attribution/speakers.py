"""Stage 3: the speaker mention of a cue, read off the dependency parse."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import Cue, according_target
from .document import Document, Word
from .wordlists import word_list

# Dependents left out of a mention's span: clauses, asides and punctuation.
_NOT_IN_MENTION = ("acl", "appos", "punct", "parataxis", "advcl", "dep", "discourse",
                   "vocative", "list", "reparandum", "orphan")
# Relations through which a subject-less verb takes the subject of its head.
_SHARES_SUBJECT = ("advcl", "xcomp", "conj")
NICKNAME_CHARS = 20   # a quoted stretch this short inside a speaker's phrase is a nickname
MAX_GAP_WORDS = 10    # the longest speaker phrase between a quote and its cue
_NOT_SPEAKERS = ("it", "that", "this", "which", "what")
_INITIAL = re.compile(r"[A-Z]\.")


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


def name_run(doc: Document, word: Word) -> list[Word]:
    """A proper noun with its neighbours that the parser made separate siblings
    (`Ann` and `Hill` both nsubj of `told`), and an initial between them that it took for
    punctuation (`Ann Q. Hill`): together they are one name."""
    def sibling(other: Word) -> bool:
        return other.upos == "PROPN" and other.head == word.head and other.deprel == word.deprel

    def at(index: int) -> Word | None:
        return doc.words[index] if 0 <= index < len(doc.words) and doc.words[index].sentence == word.sentence else None

    def step(index: int, direction: int) -> list[Word]:
        """The word(s) that continue the run from ``index`` in ``direction``: a sibling, or an initial and a sibling."""
        near, far = at(index + direction), at(index + 2 * direction)
        if near is not None and sibling(near):
            return [near]
        if near is not None and far is not None and _INITIAL.fullmatch(near.text) and sibling(far):
            return [near, far] if direction > 0 else [far, near]
        return []
    run = [word]
    if word.upos != "PROPN":
        return run
    while (more := step(run[0].index, -1)):
        run = more + run
    while (more := step(run[-1].index, 1)):
        run = run + more
    return run


def _titled(doc: Document, run: list[Word]) -> list[Word]:
    """A name run with the title or description right before it that the parser made a sibling
    (`presidential nominee` and `Donald J. Trump` both subjects of `said`): one mention."""
    first = run[0]
    if first.upos != "PROPN" or first.head < 0 or first.index == 0 or doc.words[first.index - 1].upos == "PUNCT":
        return run
    for other in doc.children(first.head):
        if (other.upos == "NOUN" and other.deprel == first.deprel and other.index < first.index
                and max(w.index for w in doc.subtree(other.index)) == first.index - 1):
            return [other, *run]
    return run


def _outside_mention(doc: Document, head: Word) -> set[int]:
    """Dependents of a mention's head that are not part of the mention: prepositional phrases, but for
    `of` and the author of a source document (`a study by economists at Duke`)."""
    outside = {w.index for c in doc.children(head.index, "case", "mark", "cc") for w in doc.subtree(c.index)}
    kept = {"of", "'s", "’s"} | ({"by", "from"} if is_source_document(head) else set())
    for child in doc.children(head.index, "nmod", "obl"):
        prepositions = {c.lemma.lower() for c in doc.children(child.index, "case")} - kept
        if is_time(child) or prepositions:
            outside.update(w.index for w in doc.subtree(child.index))
    return outside


def is_source_document(word: Word) -> bool:
    """A document or figure that sources are quoted through (`a report`, `calculations`)."""
    documents = word_list("source documents")
    return word.lemma.lower() in documents or word.text.lower().removesuffix("s") in documents


def document_author(doc: Document, word: Word) -> Word | None:
    """The author of a source document: `the council` in `a report from the council`."""
    if word.upos != "NOUN" or not is_source_document(word):
        return None
    return next((child for child in doc.children(word.index, "nmod")
                 if any(c.lemma.lower() in ("by", "from") for c in doc.children(child.index, "case"))), None)


def mention_at(doc: Document, head: Word) -> Mention:
    """The noun phrase headed by ``head``, without relative clauses, asides and
    prepositional phrases (`the minister of transport` keeps its `of`)."""
    words = []
    for part in _titled(doc, name_run(doc, head)):
        outside = _outside_mention(doc, part)
        words += [w for w in doc.subtree(part.index, skip=_NOT_IN_MENTION) if w.index not in outside]
    words = sorted({w.index: w for w in words}.values(), key=lambda w: w.index)
    # keep the phrase contiguous around its head, and on its line (what follows a line break is another phrase)
    words = [w for w in words if abs(w.index - head.index) <= len(words)
             and "\n" not in doc.text[min(w.start, head.start):max(w.end, head.end)]]
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


def source_extent(doc: Document, mention: Mention, blocked: list[tuple[int, int]]) -> tuple[int, int]:
    """A speaker's phrase as PolNeAR marks a source: the mention with the appositions, relative clauses
    and prepositional phrases that tell who it is (`Brian Jack, a Trump delegate strategist`, `the
    government in Beijing`), never across the cue or the content (``blocked``)."""
    head = doc.words[mention.head]
    sentence = doc.sentences[head.sentence]

    def overlaps(words: list[Word]) -> bool:
        return any(s < w.end and w.start < e for w in words for s, e in blocked)

    # a dependent that reaches into the cue or the content (`the chief, who described ...` for the
    # cue `described`) is left out whole
    phrase = {head.index} | {w.index for child in doc.children(head.index)
                             if not overlaps(words := doc.subtree(child.index)) for w in words}

    def free(index: int) -> bool:
        return sentence.first <= index <= sentence.last and index in phrase

    inside = [w.index for w in doc.words_between(mention.start, mention.end)] or [head.index]
    first = min(inside)
    while free(first - 1):
        first -= 1
    last = max(inside)
    while free(last + 1):
        last += 1
    words = doc.words[first:last + 1]
    while len(words) > 1 and (words[-1].upos in ("PUNCT", "CCONJ") or words[-1].deprel == "case"):
        words = words[:-1]
    while len(words) > 1 and (words[0].upos in ("PUNCT", "CCONJ") or words[0].deprel in ("case", "mark")):
        words = words[1:]      # `by the Washington Post`, `as Clinton's campaign`
    return doc.span_of(words + _closing_punctuation(doc, words, sentence, overlaps))


def _closing_punctuation(doc: Document, words: list[Word], sentence, overlaps) -> list[Word]:
    """The comma that closes an apposition the source opens (`Chris Cox, who runs the lobbying arm,`)
    and the bracket that closes one it opens (`Lindsey Graham (R-SC)`): PolNeAR's source takes them."""
    following = words[-1].index + 1
    if following > sentence.last or overlaps([doc.words[following]]):
        return []
    word = doc.words[following]
    texts = [w.text for w in words]
    if (word.text == "," and "," in texts) or (word.text == ")" and texts.count("(") > texts.count(")")):
        return [word]
    return []


def relative_antecedent(doc: Document, subject: Word) -> Word | None:
    """The noun that `who` stands for in `Jane Roe, who ... said`, if ``subject`` is a relative pronoun."""
    if "PronType=Rel" in subject.feats or subject.lemma.lower() in ("who", "which", "that"):
        verb = doc.head_of(subject)
        while verb is not None and verb.deprel not in ("acl:relcl", "acl"):
            verb = doc.head_of(verb)
        if verb is not None:
            return doc.head_of(verb)
    return None


def _subject(doc: Document, verb: Word, passive: bool = False) -> Word | None:
    """The subject of a verb; its passive subject too where ``passive`` (not for a cue itself:
    in `she was told`, she is who heard it). A time word is never taken for the subject."""
    children = [c for c in doc.children(verb.index) if not is_time(c)]
    # `Baker, a senior adviser, called` parsed with the name as a vocative and its apposition as subject
    named = [c for c in children if c.deprel == "vocative" and c.upos == "PROPN" and c.index < verb.index]
    active = ("nsubj", "nsubj:outer") + (("nsubj:pass",) if passive else ())
    for deprels in (active, ("csubj",)):   # not `Retired` taken for a clause
        subjects = [c for c in children if c.deprel in deprels]
        subjects = [c for c in subjects if not _state_after_city(doc, c)] or subjects
        subjects = [c for c in subjects if not _apposition_of(doc, c, subjects)] or subjects
        if named and any(_apposition_of(doc, c, named) for c in subjects):
            return named[0]
        if subjects:   # the parser may give a verb two subjects: the nearer is the right one
            return min(subjects, key=lambda c: abs(c.index - verb.index))
    for child in doc.children(verb.index, "obl"):
        # passive with agent: `it was announced by the ministry`
        if child.deprel == "obl:agent" or any(c.lemma.lower() == "by" for c in doc.children(child.index, "case")):
            if "Voice=Pass" in verb.feats or any(c.deprel == "aux:pass" for c in doc.children(verb.index)):
                return child
    return None


def _apposition_of(doc: Document, subject: Word, subjects: list[Word]) -> bool:
    """`Miller, a retired worker, said` parsed with two subjects: a singular common noun right after the
    other subject's comma is its apposition (not `Moreover, many colleges offer`)."""
    phrase = [w.index for w in doc.subtree(subject.index) if w.upos != "PUNCT"]
    if subject.xpos != "NN" or phrase[0] < 2 or doc.words[phrase[0] - 1].text != ",":
        return False
    return any(other.index < subject.index and other.upos == "PROPN"
               and max(w.index for w in doc.subtree(other.index) if w.upos != "PUNCT") == phrase[0] - 2
               for other in subjects)


def _state_after_city(doc: Document, word: Word) -> bool:
    """`Ohio` in `Clinton, at a rally in Columbus, Ohio, said`: a name right after `City,` in a
    prepositional phrase continues the place, whatever the parser made of it."""
    if word.upos != "PROPN" or word.index < 2 or doc.words[word.index - 1].text != ",":
        return False
    city = doc.words[word.index - 2]
    return city.upos == "PROPN" and city.relation in ("nmod", "obl") and city.sentence == word.sentence


def _after_comma(doc: Document, word: Word) -> bool:
    """A comma right before the word, or before the closing mark of a quote just before it."""
    before = doc.words[word.index - 1]
    if before.text in ("”", "\"", "’") and word.index > 1:
        before = doc.words[word.index - 2]
    return before.text == ","


def sequel_participle(doc: Document, verb: Word) -> bool:
    """`adding` in `X said, adding that ...` or `X said it was "...," adding`: a present
    participle after a comma that goes on from the verb before it, and so shares its subject."""
    head = doc.head_of(verb)
    return (verb.xpos == "VBG" and verb.index > 0 and _after_comma(doc, verb)
            and head is not None and head.index < verb.index and _subject(doc, verb) is None
            and verb.relation in ("ccomp", "advcl", "xcomp", "conj", "parataxis"))


def speaker_word(doc: Document, cue: Cue) -> Word | None:
    """The head word of the speaker of a cue, or None for speaker-less cues."""
    if cue.kind == "according":
        return according_target(doc, cue)
    if cue.kind == "dash":
        return None
    head = doc.words[cue.word]
    if cue.kind == "noun":
        for child in doc.children(head.index, "nmod:poss", "nmod"):
            if child.deprel == "nmod:poss" or any(
                    c.lemma.lower() in ("by", "from", "of") for c in doc.children(child.index, "case")):
                return child
        return None
    named = _name_of_participle(doc, head)
    if named is not None:
        return named
    issuer = _document_issuer(doc, head)
    if issuer is not None:
        return issuer
    verb, hops = head, 0
    while verb is not None and hops < 3:
        subject = _subject(doc, verb, passive=hops > 0)
        if subject is not None:
            return subject
        if (verb.deprel not in _SHARES_SUBJECT and verb.relation not in _SHARES_SUBJECT
                and not sequel_participle(doc, verb)):
            return None
        parent = doc.head_of(verb)
        if parent is not None and _object_controls(doc, verb, parent):
            return doc.children(parent.index, "obj")[0]
        verb, hops = parent, hops + 1
    return None


def _name_of_participle(doc: Document, verb: Word) -> Word | None:
    """The name that says a subjectless -ing cue right after it, whatever the parser attached the
    participle to (`footage of Hillary Clinton asking, "..."`), or that the participle modifies
    (`Paul Ryan, despite admitting that ...`)."""
    if verb.xpos != "VBG" or _subject(doc, verb) is not None:
        return None
    before = doc.words[verb.index - 1] if verb.index > 0 else None
    if before is not None and before.sentence == verb.sentence and before.upos == "PROPN" and not is_time(before):
        return _phrase_head(doc, before, set(doc.sentences[verb.sentence].word_indices))
    name = doc.head_of(verb)
    if verb.relation == "acl" and name is not None and name.upos == "PROPN" and not is_time(name):
        return name
    return None


def _document_issuer(doc: Document, verb: Word) -> Word | None:
    """`the council issued a statement calling ...`: a participle cue on a document that is the
    object of a verb is said by that verb's subject."""
    if verb.xpos not in ("VBG", "VBN") or verb.relation != "acl" or _subject(doc, verb) is not None:
        return None
    document = doc.head_of(verb)
    if document is None or document.relation != "obj" or document.lemma.lower() not in word_list("document nouns"):
        return None
    issuing = doc.head_of(document)
    return _subject(doc, issuing) if issuing is not None else None


def _object_controls(doc: Document, verb: Word, parent: Word) -> bool:
    """`Smith criticized Jones for saying ...`: the object of the head is who says."""
    marks = {c.lemma.lower() for c in doc.children(verb.index, "mark", "case")}
    return verb.relation == "advcl" and bool(marks & {"for", "of", "about"}) and bool(doc.children(parent.index, "obj"))


_NOMINAL = ("PROPN", "NOUN", "PRON")
_SKIPPABLE = ("ADV", "AUX", "PART")
_TIME_RELATIONS = ("obl:tmod", "obl:npmod", "nmod:tmod", "nmod:npmod")


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def _phrase_head(doc: Document, word: Word, limit: set[int]) -> Word:
    """Climb from a word to the head of its noun phrase, staying within ``limit``."""
    while True:
        head = doc.head_of(word)
        if head is None or head.index not in limit or head.upos not in _NOMINAL or is_time(head):
            return word
        if word.relation not in ("compound", "flat", "amod", "det", "nmod", "nummod", "appos"):
            return word
        word = head


def adjacent_speaker(doc: Document, cue: Cue, quotes=()) -> Word | None:
    """Surface fallback when the parse gives no usable subject: the noun phrase
    right after the cue (`..." said Ann Hill`) or right before it (`Ann Hill said`)."""
    head = doc.words[cue.word]
    sentence = doc.sentences[head.sentence]
    allowed = {i for i in sentence.word_indices if not _overlaps(doc.words[i].start, doc.words[i].end, quotes)}
    after = [doc.words[i] for i in range(max(cue.words) + 1, sentence.last + 1)]
    before = [doc.words[i] for i in reversed(range(sentence.first, min(cue.words)))]
    if before and before[0].text == ")":        # `Rep. Paul Ryan (R-WI) said`: skip the aside
        opening = next((n for n, w in enumerate(before) if w.text == "("), None)
        if opening is not None:
            before = before[opening + 1:]
    # `"...," Ann Hill told the Times`: the phrase before the cue, unless the cue
    # directly follows the quote (`"...," said Ann Hill`)
    first_before = next((w for w in before if w.upos not in _SKIPPABLE and not is_time(w)), None)
    starts_after_quote = first_before is None or first_before.index not in allowed or first_before.upos == "PUNCT"
    for direction in ((after, before) if starts_after_quote else (before, after)):
        for word in direction:
            if word.index not in allowed:
                break
            if word.upos in _SKIPPABLE or is_time(word):
                continue
            if word.upos in _NOMINAL or word.upos in ("DET", "ADJ", "NUM") or _participle_modifier(doc, word):
                nominal = word
                if word.upos not in _NOMINAL:
                    following = [w for w in direction[direction.index(word):] if w.upos in _NOMINAL]
                    if not following:
                        break
                    nominal = following[0]
                return _phrase_head(doc, nominal, allowed)
            break
    return None


def aside_speaker(doc: Document, cue: Cue, quotes=()) -> Word | None:
    """`Ann Hill, who runs the fund, said` or `Flynn, a top surrogate, said`, parsed with the cue
    inside the aside: the noun before the aside's opening comma, when the cue directly follows its
    closing comma."""
    head = doc.words[cue.word]
    sentence = doc.sentences[head.sentence]
    if head.index - 1 <= sentence.first or doc.words[head.index - 1].text != ",":
        return None
    aside = []
    long_quotes = [(s, e) for s, e in quotes if e - s > NICKNAME_CHARS]   # `Marcia "Cia" Price` stays
    for index in range(head.index - 2, max(sentence.first, head.index - 25), -1):
        word = doc.words[index]
        if _overlaps(word.start, word.end, long_quotes):
            return None
        if word.text == ",":
            break
        aside.append(word)
    else:
        return None
    if any(w.upos == "VERB" for w in aside) and not any(w.lemma.lower() == "who" for w in aside):
        return None       # a clause of its own, not an aside about the speaker
    noun = doc.words[index - 1]
    if index - 1 < sentence.first or noun.upos not in ("PROPN", "NOUN") or is_time(noun) \
            or _overlaps(noun.start, noun.end, quotes):
        return None
    allowed = {i for i in sentence.word_indices if not _overlaps(doc.words[i].start, doc.words[i].end, quotes)}
    return _phrase_head(doc, noun, allowed)


def _right_after_quote(doc: Document, cue: Cue, quotes) -> bool:
    """Only punctuation and spaces between the end of a quote and the cue (`...,” says`)."""
    start = doc.words[min(cue.words)].start
    ends = [e for s, e in quotes if e <= start]
    return bool(ends) and all(not c.isalnum() for c in doc.text[max(ends):start]) and start - max(ends) <= 4


def _participle_modifier(doc: Document, word: Word) -> bool:
    """`retired` in `said retired Army Lt. Gen. Mick Bednarek`, which the tagger may take for a verb."""
    following = doc.words[word.index + 1] if word.index + 1 < len(doc.words) else None
    return (word.upos == "VERB" and word.xpos in ("VBN", "VBD") and following is not None
            and following.sentence == word.sentence and following.upos == "PROPN")


def is_time(word: Word) -> bool:
    """Days, months and times of day, which the parser sometimes takes for subjects."""
    return word.deprel in _TIME_RELATIONS or word.lemma.lower() in word_list("time")


def _name_after_dash(doc: Document, cue: Cue) -> Mention | None:
    """`― Krystal Correa`: the capitalised words right after the dash."""
    words = []
    for word in doc.words[cue.word + 1:cue.word + 6]:
        if not word.text[:1].isupper() or word.upos not in ("PROPN", "NOUN", "X", "ADJ"):
            break
        words.append(word)
    if not words:
        return None
    start, end = doc.span_of(words)
    return Mention(words[-1].index, start, end, doc.text[start:end])


def _label_name(doc: Document, cue: Cue) -> Mention | None:
    """`HALE: ...`, `Lynch: ...`: the words of a transcript's speaker label or a headline's speaker,
    between its line's start and the colon."""
    colon = doc.words[cue.word]
    words = [w for w in doc.words_between(doc.text.rfind("\n", 0, colon.start) + 1, colon.start) if w.upos != "PUNCT"]
    if not words:
        return None
    start, end = doc.span_of(words)
    return Mention(words[-1].index, start, end, doc.text[start:end])


def speaker_of(doc: Document, cue: Cue, quotes=()) -> Mention | None:
    """The speaker mention of a cue, never inside one of the ``quotes`` spans nor a dateline."""
    if cue.kind == "dash":
        return _name_after_dash(doc, cue)
    if cue.kind in ("label", "headline"):
        return _label_name(doc, cue)
    if naming_participle(doc, doc.words[cue.word]):
        return None
    return next((mention for _, mention in _rule_mentions(doc, cue, quotes)), None)


def _rule_mentions(doc: Document, cue: Cue, quotes):
    """The rules' candidate mentions that may stand for a speaker, best first, with the rule's name."""
    for rule, mention in _speaker_candidates(doc, cue, quotes):
        mention = _before_cue(doc, mention, cue)
        if mention and not _overlaps(mention.start, mention.end, quotes) and not in_dateline(doc, mention.start):
            yield rule, mention


NAMING_VERBS = ("call", "label", "know", "dub", "name", "title", "nickname", "brand", "term")


def naming_participle(doc: Document, verb: Word) -> bool:
    """`a group called "Vets First"`, `a box labeled "medical problem"`: a participle right after the
    noun it names has no speaker (neither the noun nor anyone near it)."""
    return (verb.xpos == "VBN" and verb.relation == "acl" and verb.lemma.lower() in NAMING_VERBS
            and verb.head == verb.index - 1 and _subject(doc, verb) is None   # not `X, ..., called for`
            and doc.words[verb.index - 1].text.lower().rstrip("-") != "so")   # `so-called` is the writer's


def _before_cue(doc: Document, mention: Mention, cue: Cue) -> Mention | None:
    """The mention without the cue, where a misparse put the cue inside it (`The Daily Ledger
    reports:` read as one noun phrase): the words before the cue."""
    cue_start, _ = cue.span(doc)
    if not mention.start < cue_start < mention.end:
        return mention if not (mention.start <= cue_start < mention.end) else None
    words = [w for w in doc.words_between(mention.start, cue_start) if w.upos != "PUNCT"]
    while words and words[-1].upos == "CCONJ":
        words.pop()
    if not words:
        return None
    start, end = doc.span_of(words)
    return Mention(words[-1].index, start, end, doc.text[start:end])


def between_quote_and_cue(doc: Document, cue: Cue, quotes) -> Word | None:
    """`"...," Quina Jones, 25, said`: the noun phrase that alone separates a quote from
    the cue after it, whatever the parse made of it."""
    first = min(cue.words)
    ends = [e for s, e in quotes if e <= doc.words[first].start]
    if not ends:
        return None
    gap = [w for w in doc.words[doc.sentences[doc.words[first].sentence].first:first] if w.start >= max(ends)]
    words = [w for w in gap if w.upos != "PUNCT"]
    if not words or len(words) > MAX_GAP_WORDS or any(
            w.upos in ("VERB", "AUX") and not _participle_modifier(doc, w) for w in words):
        return None
    if any(c.isalnum() for c in doc.text[max(ends):gap[0].start]):
        return None
    nominal = words[0]
    if nominal.upos in ("DET", "ADJ", "NUM"):
        nominal = next((w for w in words if w.upos in _NOMINAL), nominal)
    if (nominal.upos not in _NOMINAL or is_time(nominal) or nominal.lemma.lower() in _NOT_SPEAKERS
            or any(w.upos in ("ADP", "SCONJ", "CCONJ") for w in words[:words.index(nominal)])):
        return None    # not `"...," in a statement, Ann Hill said`
    return _phrase_head(doc, nominal, {w.index for w in gap})


def _speaker_candidates(doc: Document, cue: Cue, quotes):
    """Possible speaker mentions of a cue, best first, each with the name of the rule that found it."""
    if cue.kind == "speech" and _right_after_quote(doc, cue, quotes):
        # `"...," says Ann Hill`: the speaker follows the cue, whatever the parse made the subject
        word = adjacent_speaker(doc, cue, quotes)
        if word is not None and word.index > cue.word and not is_time(word) and word.upos != "PRON":
            yield "after quote", mention_at(doc, word)
    if cue.kind == "speech":
        word = between_quote_and_cue(doc, cue, quotes)
        if word is not None:
            yield "between", mention_at(doc, word)
    word = speaker_word(doc, cue)
    if word is not None and not is_time(word):
        yield "parse", mention_at(doc, word)
    if cue.kind in ("speech", "cognition"):
        word = aside_speaker(doc, cue, quotes) or adjacent_speaker(doc, cue, quotes)
        if word is not None and not is_time(word) and word.lemma.lower() not in _NOT_SPEAKERS:
            yield "adjacent", mention_at(doc, word)


_DATELINE = re.compile(r"[ \t]*[A-Z][A-Z.'-]+(?:,?[ \t]+(?:[A-Z][A-Za-z.'-]*|\d+),?)*(?:[ \t]*\([A-Za-z]+\))?[ \t]*(?:—|–|--)")


def in_dateline(doc: Document, offset: int) -> bool:
    """The offset lies in a paragraph's dateline (`RENO, Nev. (AP) —`, `FLINT, Mich., Oct. 4 (UPI) —`)."""
    start = doc.text.rfind("\n", 0, offset) + 1
    match = _DATELINE.match(doc.text, start)
    return match is not None and offset < match.end()


# -- learned speaker of a cue (decision c) -------------------------------------------

CANDIDATE_RELATIONS = ("nsubj", "nsubj:pass", "nsubj:outer", "obl:agent", "obl", "obj", "iobj", "nmod",
                       "nmod:poss", "appos", "csubj")
NEAR_WORDS = 12      # how far from the cue, within its sentence, a noun phrase is a candidate
_PHRASE_PARTS = ("compound", "flat", "fixed", "det", "amod", "nummod", "case", "goeswith")
MAX_PATH = 4


def _candidate_words(doc: Document, cue: Cue):
    """Words that may head the speaker of a cue, with where they come from: the cue's dependents,
    the subjects up its chain of heads, its head, and the noun phrases near it in its sentence."""
    head = doc.words[cue.word]
    for child in doc.children(head.index, *CANDIDATE_RELATIONS):
        yield f"child={child.deprel}", child
    verb = head
    for hops in range(1, 4):
        verb = doc.head_of(verb)
        if verb is None:
            break
        if hops == 1 and head.relation == "acl":     # `officials saying`, `a statement calling`
            yield "head", verb
        subject = _subject(doc, verb, passive=True)
        if subject is not None:
            yield f"subject of head {hops}", subject
    sentence = doc.sentences[head.sentence]
    low, high = max(sentence.first, min(cue.words) - NEAR_WORDS), min(sentence.last, max(cue.words) + NEAR_WORDS)
    for index in range(low, high + 1):
        word = doc.words[index]
        if word.upos in _NOMINAL and word.relation not in _PHRASE_PARTS and index not in cue.words:
            yield "near", word


def speaker_candidates(doc: Document, cue: Cue, quotes=()) -> list[tuple[Mention, dict[str, float]]]:
    """Every mention that may be the speaker of a cue, with what found it: the rules' candidates (the
    first is the rules' choice) and the parse's and the sentence's other noun phrases."""
    found: dict[tuple[int, int], tuple[Mention, dict[str, float]]] = {}

    def add(mention: Mention | None, source: str) -> None:
        if mention is None or _overlaps(mention.start, mention.end, quotes) or in_dateline(doc, mention.start):
            return
        entry = found.setdefault((mention.start, mention.end), (mention, {}))
        entry[1][f"source={source}"] = 1.0

    for rank, (rule, mention) in enumerate(_rule_mentions(doc, cue, quotes)):
        add(mention, "rule choice" if rank == 0 else f"rule {rank}")
        add(mention, f"rule={rule}")
    head = doc.words[cue.word]
    for source, word in _candidate_words(doc, cue):
        if (word.index in cue.words or word.upos not in _NOMINAL + ("NUM", "ADJ", "DET", "X")
                or (word.index == head.head and head.relation != "acl")   # a peer the cue is coordinated with
                or (word.relation == head.relation == "conj" and word.head == head.head)   # or one beside it
                or _in_brackets(doc, word)                               # `Ann Hill (D-Va.)`: an aside of a name
                or word.relation == "appos"):                            # part of the mention it describes
            continue
        add(_before_cue(doc, mention_at(doc, word), cue), source)
    return list(found.values())


def _in_brackets(doc: Document, word: Word) -> bool:
    """The word lies in a parenthesis of its sentence (`Marcia Price (D-Newport News)`)."""
    sentence = doc.sentences[word.sentence]
    opened = [w.index for w in doc.words[sentence.first:word.index] if w.text == "("]
    closed = [w.index for w in doc.words[sentence.first:word.index] if w.text == ")"]
    return len(opened) > len(closed)


def size_bucket(value: int) -> str:
    """A count as a feature value: 0-3 exactly, then 4-7, 8-15 and 16+."""
    return str(value) if value < 4 else "4-7" if value < 8 else "8-15" if value < 16 else "16+"


def _path(doc: Document, start: Word, end: Word) -> str:
    """The dependency path from one word to another (`^xcomp/nsubj`: up an xcomp, down an nsubj)."""
    ups, word = [], start
    chain = {start.index: 0}
    for up in doc.ancestors(start):
        ups.append(word.deprel)
        chain[up.index] = len(ups)
        word = up
        if len(ups) >= MAX_PATH:
            break
    downs, word = [], end
    while word.index not in chain:
        downs.append(word.deprel)
        word = doc.head_of(word)
        if word is None or len(downs) >= MAX_PATH:
            return "far"
    steps = ["^" + rel for rel in ups[:chain[word.index]]] + ["/" + rel for rel in reversed(downs)]
    return "".join(steps) if len(steps) <= MAX_PATH else "far"


def speaker_features(doc: Document, cue: Cue, mention: Mention, sources: dict[str, float],
                     quotes=()) -> dict[str, float]:
    """Named features of one candidate speaker of a cue: what found it, the parse path from the cue,
    side and distance, the word class and kind of its head, and what lies between them."""
    cue_word, word = doc.words[cue.word], doc.words[mention.head]
    before = mention.end <= cue_word.start
    low, high = (mention.end, doc.words[min(cue.words)].start) if before else (doc.words[max(cue.words)].end,
                                                                                mention.start)
    between = doc.words_between(low, high)
    distance = len([w for w in between if w.upos != "PUNCT"])
    path = _path(doc, cue_word, word)
    kind = cue.kind
    head_class = (word.lemma.lower() if word.upos == "PRON" else word.lemma.lower() if word.upos == "NOUN"
                  else word.upos)
    sentences_apart = abs(word.sentence - cue_word.sentence)
    features = {**sources, f"path={path}": 1.0, f"path={path}|kind={kind}": 1.0,
                f"path={path}|before={before}": 1.0, f"before={before}": 1.0, f"kind={kind}|before={before}": 1.0,
                f"distance={size_bucket(distance)}|before={before}": 1.0, f"upos={word.upos}": 1.0,
                f"head={head_class}": 1.0, f"deprel={word.deprel}": 1.0, f"cue_xpos={cue_word.xpos}": 1.0,
                f"cue_xpos={cue_word.xpos}|before={before}": 1.0,
                "comma_between": float(any(w.text == "," for w in between)),
                "verb_between": float(any(w.upos in ("VERB", "AUX") for w in between)),
                "quote_between": float(_overlaps(low, high, quotes)),
                "time": float(is_time(word)), "document": float(is_source_document(word)),
                "capitalised": float(word.text[:1].isupper() and word.index != doc.sentences[word.sentence].first),
                "in_brackets": float(_in_brackets(doc, word)),
                f"sentences_apart={min(sentences_apart, 2)}": 1.0,
                f"size={size_bucket(len(mention.text.split()))}": 1.0, "apposition": float(bool(mention.appositions))}
    for source in sources:
        features[f"{source}|kind={kind}"] = 1.0
        features[f"{source}|before={before}"] = 1.0
    features[f"path={path}|upos={word.upos}"] = 1.0
    return features


def best_speaker(doc: Document, cue: Cue, quotes, scorer) -> Mention | None:
    """The candidate speaker the learned scorer ranks first, or none when no candidate reaches its
    threshold; dash and label attributions and naming participles keep the rules' answer."""
    if cue.kind in ("dash", "label", "headline") or naming_participle(doc, doc.words[cue.word]):
        return speaker_of(doc, cue, quotes)
    scored = [(scorer.probability(speaker_features(doc, cue, mention, sources, quotes)), mention)
              for mention, sources in speaker_candidates(doc, cue, quotes)]
    if not scored:
        return None
    probability, mention = max(scored, key=lambda pair: pair[0])
    return mention if probability >= scorer.threshold else None
