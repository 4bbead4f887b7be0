"""Stage 4: resolve speaker mentions to earlier, more informative mentions.

Pronouns go to the most salient compatible named mention before them (subjects
of main clauses first, then nearer sentences); definite descriptions (`the
ministry`, `the president`) go to the latest earlier named mention that contains
their head noun, as a word or in an apposition.
"""

from __future__ import annotations

import bisect
import itertools
from functools import cached_property

from .document import Document, Word
from .names import ArticlePeople, person_name
from .speakers import (Mention, document_author, in_dateline, is_time, mention_at, name_run,
                       relative_antecedent)
from .wordlists import noun_type, word_list

PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "me"}
GROUP_PRONOUNS = {"they", "them", "we", "us"}
THING_PRONOUNS = {"it"}
PRONOUN_GENDERS = {"he": "male", "him": "male", "she": "female", "her": "female"}
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS
SEARCH_SENTENCES = 12
MAX_NAME_WORDS = 4      # more capitalised words without a title are a headline's (`Ann Hale Calls Ben Roe ...`)


def is_named(doc: Document, mention: Mention) -> bool:
    return doc.words[mention.head].upos == "PROPN"


def is_pronoun(doc: Document, mention: Mention) -> bool:
    head = doc.words[mention.head]
    return head.upos == "PRON" and head.text.lower() in PRONOUNS


class NamedMentions(list):
    """The named mentions of a document in text order, with the lookups the resolvers share
    (built once: a long article has thousands of names and of speaker mentions)."""

    def __init__(self, doc: Document, mentions: list[Mention]):
        super().__init__(mentions)
        self.doc = doc

    @cached_property
    def organisations(self) -> set[str]:
        """The names (lower case, without `the`) that an aside right after them describes as an
        organisation's: `Acme Mining, one of the largest coal companies,`, `Bell Hale, a law firm,`."""
        return {name_key(self.doc, m) for m in self if describes_organisation(self.doc, m)}

    def organisation(self, mention: Mention) -> str | None:
        """The organisation (of ``organisations``) a named mention names: its own name, or the one whose
        first words it is (`Acme` for `Acme Mining`, as organisations are shortened)."""
        key = name_key(self.doc, mention)
        if not key or key in self.organisations:
            return key or None
        longer = [name for name in self.organisations if name.split()[:len(key.split())] == key.split()]
        return longer[0] if len(longer) == 1 else None

    def is_person(self, mention: Mention) -> bool:
        """A named mention that reads as a person's name (``looks_like_person``), of no organisation."""
        return looks_like_person(self.doc, mention) and self.organisation(mention) is None

    @cached_property
    def people(self) -> set[str]:
        """Head words and surnames of the mentions that read as people (`Trump` once `Donald Trump`
        occurs, whichever of its words the parser made the head)."""
        found = set()
        for mention in self:
            if self.is_person(mention):
                name = person_name(self.doc, mention)
                found.add(self.doc.words[mention.head].text)
                if name is not None and name.core:
                    found.add(name.core[-1])
        return found

    @cached_property
    def surnames(self) -> set[str]:
        """The last words of the mentions that read as people (`Johnson` of `Jeh Johnson`, whose head
        the parser may make `Jeh`): a surname alone stands for one of them."""
        return {m.text.split()[-1] for m in self if self.is_person(m) and m.text.split()}

    @cached_property
    def article_people(self) -> ArticlePeople:
        return ArticlePeople(self.doc, [m for m in self if self.is_person(m)])

    def gender(self, mention: Mention) -> str | None:
        """A named mention's gender, by its honorific or the full name it stands for in the article."""
        name = person_name(self.doc, mention)
        if name is None:
            return None
        if name.full:
            return self.article_people.gender(name.key) or name.gender
        found = self.article_people.full_name(name, mention.start)
        return name.gender or (self.article_people.gender(found[0]) if found else None)

    @cached_property
    def by_sentence(self) -> dict[int, list[Mention]]:
        found: dict[int, list[Mention]] = {}
        for mention in self:
            found.setdefault(self.doc.words[mention.head].sentence, []).append(mention)
        return found

    @cached_property
    def _ends(self) -> list[int]:
        return [m.end for m in self]

    def before(self, offset: int) -> list[Mention]:
        """The mentions that end at or before ``offset``."""
        return self[:bisect.bisect_right(self._ends, offset)]


def named_mentions(doc: Document) -> NamedMentions:
    """Every maximal proper-noun phrase of the document, in text order (a name that the sentence
    splitter cut in two made one again, see ``split_name``), with the names that a title noun heads."""
    found: list[Mention] = []
    titles = word_list("titles") | word_list("roles")
    for word in doc.words:
        # a name is a proper noun, or the title noun it hangs on (`presidential nominee Ann Hale`)
        titled = word.upos == "NOUN" and word.lemma.lower() in titles and any(
            c.upos == "PROPN" for c in doc.children(word.index, "flat"))
        if not (word.upos == "PROPN" or titled) or word.relation in ("compound", "flat", "fixed") \
                or word.deprel == "nmod:desc":
            continue
        if is_time(word) or name_run(doc, word)[-1] is not word:
            continue
        mention = mention_at(doc, word)
        if found and split_name(doc, found[-1], mention):
            first = found.pop()
            mention = Mention(mention.head, first.start, mention.end, doc.text[first.start:mention.end],
                              mention.appositions)
        found.append(mention)
    return NamedMentions(doc, found)


def split_name(doc: Document, first: Mention, second: Mention) -> bool:
    """`Retired Army Gen. Ann | Hale is speaking out`: the sentence splitter cut a name in two when one
    sentence ends with a capitalised proper noun, without closing punctuation, and the next opens on
    the same line, after a space, with one. ``first`` ends the one sentence, ``second`` opens the other."""
    last, opening = doc.last_word_before(first.end), doc.word_starting_at(second.start)
    if last is None or opening is None or last.end != first.end or opening.sentence != last.sentence + 1:
        return False
    if last.index != doc.sentences[last.sentence].last or opening.index != doc.sentences[opening.sentence].first:
        return False
    gap = doc.text[last.end:opening.start]
    return (all(w.upos == "PROPN" and w.text[:1].isupper() for w in (last, opening))
            and gap != "" and gap.strip(" \t") == "")


def looks_like_person(doc: Document, mention: Mention) -> bool:
    """A named mention that reads as a person's name: not names joined (`Bell & Hale`, `Obama and
    Clinton`), a place and the state it lies in (`Hilltown, Okla.`), a name with `the`, nor more than
    ``MAX_NAME_WORDS`` capitalised words (a headline)."""
    words = doc.words_between(mention.start, mention.end)
    lowered = [w.text.lower() for w in words]
    if any(w.upos == "CCONJ" for w in words) or _joined_by_ampersand(doc, doc.words[mention.head]) or any(
            w.text == "," and after.upos == "PROPN" and after.text.lower().rstrip(".") not in word_list("suffixes")
            for w, after in zip(words, words[1:])):
        return False
    titled = any(w in word_list("titles") for w in lowered) and words[-1].upos == "PROPN"
    if titled and sum(w.upos == "PROPN" for w in words) >= 2 and not any(w.upos == "ADP" for w in words):
        return not any(w in word_list("organization") for w in lowered[-1:])    # `Chief Chuck Jordan`
    if any(w in word_list("organization") or w in word_list("place") for w in lowered[-1:]):
        return False
    if titled:
        return True
    if len(words) > 1 and lowered[0] == "the" and words[1].text[:1].isupper():
        return False        # `the New Haven Courier`: no person's name takes `the`
    before_of = words[:next((i for i, w in enumerate(words) if w.upos == "ADP"), len(words))]
    names = [w for w in before_of if w.upos == "PROPN" and w.text[:1].isupper()
             and (w is words[0] or doc.text[w.start - 1:w.start].isspace())]      # `D-Ore.` is one word
    return 2 <= len(names) <= MAX_NAME_WORDS and not any(w in word_list("organization") for w in lowered)


ASIDE_WORDS = 10


def name_key(doc: Document, mention: Mention) -> str:
    """A name's words without a leading determiner, lower case: `the Acme Group` -> `acme group`."""
    words = [w for w in doc.words_between(mention.start, mention.end) if w.upos != "PUNCT"]
    while words and words[0].upos == "DET":
        words = words[1:]
    return " ".join(w.text.lower() for w in words)


def describes_organisation(doc: Document, mention: Mention) -> bool:
    """An aside between commas right after the name (`, a coal company,`, `, one of the largest
    banks,`) whose head noun is an organisation's (not `, a spokeswoman for the company,`)."""
    last = doc.last_word_before(mention.end)
    after = doc.words[last.index + 1:last.index + 2 + ASIDE_WORDS] if last is not None else []
    if len(after) < 3 or after[0].text != "," or after[1].lemma.lower() not in ("a", "an", "one"):
        return False
    aside = []
    for word in after[1:]:
        if word.upos in ("PUNCT", "VERB", "AUX", "PRON", "ADP", "SCONJ") or word.sentence != after[0].sentence:
            if not (word.lemma.lower() == "of" and [w.lemma.lower() for w in aside] == ["one"]):
                break           # `one of the largest banks` goes on
        aside.append(word)
    heads = [w for n, w in enumerate(aside) if w.upos == "NOUN"
             and not (n + 1 < len(aside) and aside[n + 1].lemma in ("'s", "’s"))]     # not the nation of `nation's`
    if not heads:
        return False
    lemma = heads[-1].lemma.lower()
    return noun_type(lemma) == "organization" or lemma in word_list("organization")


def _joined_by_ampersand(doc: Document, word: Word) -> bool:
    """`Hale` in `Bell & Hale`: a name joined to another by `&` is part of a firm's name."""
    return word.relation == "conj" and any(c.text == "&" for c in doc.children(word.index, "cc"))


def _compatible(doc: Document, pronoun: str, candidate: Mention, named: NamedMentions,
                people: set[str] | None = None) -> bool:
    """A person pronoun needs a person of its gender (where both are known); `it` a non-person.
    A one-word candidate is a person when it is one of ``people`` (by default ``named.people``)."""
    if in_dateline(doc, candidate.start):
        return False
    people = named.people if people is None else people
    person = named.is_person(candidate) or named.organisation(candidate) is None and (
        doc.words[candidate.head].text in people and candidate.end - candidate.start == len(doc.words[candidate.head].text))
    if pronoun in PERSON_PRONOUNS:
        gender = PRONOUN_GENDERS.get(pronoun)
        return person and (gender is None or named.gender(candidate) in (None, gender))
    if pronoun in THING_PRONOUNS:
        return not person
    return True


def _depth(doc: Document, word: Word) -> int:
    return sum(1 for _ in doc.ancestors(word))


def _salience_order(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Subjects before other mentions, shallow (main clause) before deep, then left to right."""
    def key(m: Mention):
        head = doc.words[m.head]
        return (head.relation != "nsubj", _depth(doc, head), m.start)
    return sorted(mentions, key=key)


def resolve_pronoun(doc: Document, mention: Mention, named: NamedMentions, pronoun: str | None = None,
                    people: set[str] | None = None) -> Mention | None:
    """The named mention a pronoun stands for; ``pronoun`` is the form to match it as (`he` for `his`),
    ``people`` the one-word names that are people (see ``_compatible``)."""
    pronoun = pronoun or doc.words[mention.head].text.lower()
    sentence = doc.words[mention.head].sentence
    for back in range(0, SEARCH_SENTENCES + 1):
        number = sentence - back
        if number < 0:
            break
        in_sentence = [m for m in named.by_sentence.get(number, []) if m.end <= mention.start]
        for candidate in _salience_order(doc, in_sentence):
            if _compatible(doc, pronoun, candidate, named, people):
                return candidate
    return None


# Third-person pronouns that tell a gender, each with the form it is resolved as.
GENDERED_PRONOUNS = {"he": "he", "him": "he", "his": "he", "himself": "he",
                     "she": "she", "her": "she", "hers": "she", "herself": "she"}


def clause_subject(doc: Document, word: Word) -> Word | None:
    """The subject nearest above ``word`` in its sentence (`nominee` for `his` in `the nominee
    complained about his mic`), or None when the first subject up its chain of heads is not before it."""
    for ancestor in doc.ancestors(word):
        subjects = [c for c in doc.children(ancestor.index, "nsubj") if c.index != word.index]
        if subjects:
            return subjects[0] if subjects[0].index < word.index else None
    return None


def pronoun_antecedents(doc: Document, named: NamedMentions,
                        skip: list[tuple[int, int]]) -> list[tuple[Word, Mention | None]]:
    """Each gendered third-person pronoun of the article (`he`, `his`, `herself`) that lies outside the
    ``skip`` spans, with the named mention it resolves to (None when none). The caller skips
    quotations (a pronoun in a speaker's own words stands for whoever the speaker means) and the
    mentions it has counted already."""
    found = []
    people = named.people | named.surnames
    spans = sorted(skip)
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))     # the furthest end so far
    for word in doc.words:
        pronoun = GENDERED_PRONOUNS.get(word.text.lower())
        if pronoun is None or word.upos != "PRON":
            continue
        before = bisect.bisect_right(starts, word.start)
        if before and reach[before - 1] > word.start:       # inside a skipped span
            continue
        found.append((word, resolve_pronoun(doc, Mention(word.index, word.start, word.end, word.text), named,
                                            pronoun, people)))
    return found


def resolve_description(doc: Document, mention: Mention, named: NamedMentions) -> Mention | None:
    """`the ministry` -> `Ukraine's Interior Ministry`; `the president` -> `President Donald Trump`."""
    head = doc.words[mention.head]
    determiners = [c.lemma.lower() for c in doc.children(head.index, "det")]
    if head.upos != "NOUN" or not set(determiners) & {"the", "this", "that"}:
        return None
    noun = head.lemma.lower()
    modifiers = {doc.words[i].text.lower() for i in range(len(doc.words))
                 if mention.start <= doc.words[i].start < mention.end and doc.words[i].index != head.index
                 and doc.words[i].upos in ("PROPN", "ADJ")}
    for candidate in reversed(named.before(mention.start)):
        words = {w.lower().strip(".,") for w in candidate.text.split()}
        appositions = {w.lower() for a in candidate.appositions for w in a.split()}
        if (noun in words or noun in appositions) and modifiers <= words | appositions:
            return candidate
    return None


def resolve(doc: Document, mention: Mention, named: NamedMentions) -> Mention:
    """The mention that best names the speaker (the mention itself when unresolved)."""
    antecedent = relative_antecedent(doc, doc.words[mention.head])
    if antecedent is not None:
        return resolve(doc, mention_at(doc, antecedent), named)
    if is_pronoun(doc, mention):
        return resolve_pronoun(doc, mention, named) or mention
    head = doc.words[mention.head]
    author = document_author(doc, head)
    if author is not None:     # `according to a report from the ministry`: the ministry speaks
        return resolve(doc, mention_at(doc, author), named)
    if head.upos == "NOUN":
        # `his former partner, Lawrence Cummings, said`: the apposition names the speaker
        for appos in doc.children(head.index, "appos"):
            if appos.upos == "PROPN":
                return mention_at(doc, appos)
    return resolve_description(doc, mention, named) or mention
