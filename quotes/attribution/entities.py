"""Stage 5: speaker entities: canonical names, name variants merged, types, and no junk.

`Donald Trump`, `Trump`, `President Trump` and `Mr. Trump` become one person named `Donald Trump`
with the role `President`; `Donald Trump Jr.` stays another, and so does `Mrs. Trump` (see names.py).
Anonymous sources (`a source`, `officials`) are typed and flagged, and never merged with anyone.
Mentions that cannot speak (an unresolved pronoun, a clause fragment, a time, a dateline, `X's lead`)
get no entity: the quote keeps its mention and has no speaker.

An entity's ``key`` identifies it across articles (the store keeps one row per key): a person's is
the given name and surname (`person:donald trump`), a surname alone's is marked as such
(`person:clarke`, ``surname_only``), and a description (`the campaign`, `the mayor`) only means
something in its article (``local``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .coref import looks_like_person, name_key, named_mentions
from .document import Document, Word
from .names import ArticlePeople, Name, gender_of_given, label_name, person_name
from .speakers import Mention, in_dateline, is_time
from .wordlists import noun_type, word_list

INDEFINITE = {"a", "an", "some", "several", "many", "one", "two", "three", "other", "few", "another"}
_POSSESSIVE = ("'s", "’s", "'", "’")
MAX_NAME_WORDS = 10      # a longer phrase is a clause or a headline the parser took for a noun phrase
_ACRONYM = re.compile(r"^[A-Z][A-Z.&-]{1,6}$")
# `FactMark`, `WikiLeaks`: a word capitalised inside after three small letters is a brand's or an
# outlet's name (a surname's inner capital comes sooner: `McCain`, `MacArthur`, `DuVernay`)
_BRAND = re.compile(r"^(?!(?:Vande|Vander|Fitz|Della)[A-Z])[A-Z][a-z]{3,}[A-Z][A-Za-z]*$")
_DATELINE_PLACE = re.compile(r"^[ \t]*([A-Z][A-Z'-]+(?:[ \t]+[A-Z][A-Z'-]+)*)(?=,|[ \t]*(?:—|–|-[ \t]))", re.MULTILINE)


@dataclass
class Entity:
    name: str
    type: str               # person, organization, government, group, document, place, anonymous or unknown
    anonymous: bool = False
    aliases: set[str] = field(default_factory=set)      # the name forms the article uses
    roles: set[str] = field(default_factory=set)        # `Republican`, `GOP nominee`, `Sen.`
    gender: str | None = None
    surname_only: bool = False      # a person named by the surname alone, with no full name in the article
    local: bool = False             # a description (`the campaign`): one entity per article
    ident: str | None = None

    @property
    def key(self) -> str:
        return self.ident or f"{self.type}:{self.name.lower()}"

    @property
    def surname(self) -> str | None:
        """The surname of a person, or a one-word proper name of unknown type (that may be one), lower case."""
        tokens = [t for t in self.name.split() if t.lower() not in word_list("suffixes")]
        if self.local or self.anonymous or not tokens or not (
                self.type == "person" or (self.type == "unknown" and len(tokens) == 1)):
            return None
        return tokens[-1].lower()


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def name_of(mention_text: str) -> tuple[str, bool]:
    """(canonical personal-name form, has a title) of a mention: titles and what precedes them dropped."""
    tokens = mention_text.split()
    lowered = [t.lower() for t in tokens]
    last_title = max((i for i, t in enumerate(lowered[:-1]) if t in word_list("titles")), default=-1)
    return " ".join(tokens[last_title + 1:]), last_title >= 0


def is_anonymous(doc: Document, mention: Mention) -> bool:
    head = doc.words[mention.head]
    if head.upos == "PROPN" or head.text.lower() not in word_list("anonymous"):
        return False
    determiners = {c.lemma.lower() for c in doc.children(head.index, "det", "nummod")}
    definite = {"the", "this", "that", "these", "those"} & determiners
    possessive = doc.children(head.index, "nmod:poss")
    return not definite and not possessive


def _is_document(word) -> bool:
    lemma = word.lemma.lower()
    return lemma in word_list("document nouns") or lemma in word_list("source documents")


def is_speaker_noun(word: Word) -> bool:
    """A common noun for someone or something that speaks: a person, a title, an organization or a
    document (`the senator`, `the ministry`, `the report`)."""
    return _is_document(word) or noun_type(word.lemma) in ("person", "organization") \
        or word.lemma.lower() in word_list("organization") | word_list("titles")


def can_speak(doc: Document, mention: Mention) -> bool:
    """Whether a (resolved) speaker mention names someone or something that can speak: not a pronoun
    left unresolved, a clause fragment, a headline over several lines, a time, a dateline's place, a
    region (`eastern Ohio`), or a thing someone has (`Trump's lead`)."""
    head = doc.words[mention.head]
    words = doc.words_between(mention.start, mention.end)
    if head.upos not in ("PROPN", "NOUN", "NUM", "X") or "\n" in mention.text or len(words) > MAX_NAME_WORDS:
        return False
    if is_time(head) or in_dateline(doc, mention.start) or head.relation == "compound":
        return False
    if any(w.upos in ("AUX", "VERB") and w.relation not in ("amod", "compound", "flat") for w in words):
        return False
    if head.upos == "NOUN" and doc.children(head.index, "nmod:poss") and "Number=Plur" not in head.feats:
        if not is_speaker_noun(head):
            return False
    if head.upos == "PROPN" and any(w.text.lower() in word_list("regions") for w in words if w.index != head.index):
        return False        # `eastern Ohio`, `downtown Tulsa`
    return True


def _before_state(doc: Document, word: Word) -> bool:
    """The word is followed by a comma and a state (`Texas`, `Okla.`, `N.C.`): it ends a city's name."""
    if word.index + 2 >= len(doc.words) or doc.words[word.index + 1].text != ",":
        return False
    state = doc.words[word.index + 2]
    return state.upos == "PROPN" and (state.text.lower() in word_list("place") or state.text.endswith("."))


def _demonym(text: str) -> bool:
    """`Ukrainian`, `Chinese`, `British`, `Israeli`: a people's adjective, not a name (`the Ukrainian military`)."""
    return text.lower().endswith(("an", "ese", "ish", "i"))


def _group_noun(lemma: str) -> bool:
    """A proper noun whose plural names a group: a party or role word, a nationality (`American`)."""
    return lemma in word_list("roles") or lemma.endswith(("an", "ist", "ite"))


def entity_type(doc: Document, mention: Mention) -> str:
    head = doc.words[mention.head]
    lowered = [w.lower().strip(".,'’s") for w in mention.text.split()]
    if head.upos == "PRON":
        return "person" if head.text.lower() in ("he", "she", "i", "him", "her") else "group"
    joining = [cc for c in doc.children(head.index, "conj") if mention.start <= c.start < mention.end
               for cc in doc.children(c.index, "cc")]
    if head.upos == "PROPN" and joining:        # `Obama and Clinton`; `&` joins a firm's names (`Bell & Hale`)
        return "organization" if all(cc.text == "&" for cc in joining) else "group"
    if head.upos == "PROPN" and head.text.lower() in word_list("organization") and not looks_like_person(doc, mention):
        return "organization"   # `the Association of Retired Teachers`, `the University of Virginia`
    last = mention.text.split()[-1].lower().strip(".,") if mention.text.split() else ""
    if head.upos == "PROPN" and last in word_list("place"):
        return "government"     # a named place that speaks is its government: `Russia said`
    if head.upos == "PROPN" and "Number=Plur" in head.feats and _group_noun(head.lemma.lower()):
        return "group"          # `Republicans`, `Americans` (not `Sanders`)
    if head.upos == "PROPN" and (head.lemma.lower() in word_list("source documents") or _is_document(head)):
        return "document"       # `the American Community Survey`
    if lowered and lowered[-1] in word_list("organization"):
        return "organization"
    if head.upos == "PROPN":
        if looks_like_person(doc, mention):
            return "person"
        if lowered and lowered[-1] in word_list("place"):
            return "government"     # a named place that speaks is its government: `Russia said`
        if _ACRONYM.match(head.text) and len(mention.text.split()) <= 2:
            return "organization"   # `the IMF`
        if _BRAND.match(head.text) and len(_strip_the(mention.text).split()) == 1:
            return "organization"   # `WikiLeaks`
        return "unknown"
    if "Number=Plur" in head.feats:
        return "group"
    if head.upos == "NOUN" and _is_document(head):
        return "document"
    if head.upos == "NOUN" and head.lemma.lower() in word_list("titles"):
        return "person"
    return (noun_type(head.lemma) if head.upos == "NOUN" else None) or "unknown"   # `a doctor`, `the city`


def _proper_name(doc: Document, mention: Mention) -> str:
    """A named organisation's name without determiners (`The New York Times`: `New York Times`); a
    common noun's without possessive marks too (`the Clinton campaign`, `Clinton's campaign`)."""
    words = doc.words_between(mention.start, mention.end)
    while words and words[0].upos == "DET":
        words = words[1:]
    if not words:
        return mention.text
    if doc.words[mention.head].upos == "PROPN":
        return doc.text[words[0].start:words[-1].end]
    return " ".join(w.text for w in words if w.text not in _POSSESSIVE and w.upos != "PUNCT")


class EntityIndex:
    """Builds and merges the speaker entities of one article."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.entities: list[Entity] = []
        self._by_key: dict[str, Entity] = {}
        named = named_mentions(doc)
        self.named = named
        people = [m for m in named if named.is_person(m)]
        self.organisations: dict[str, str] = {}       # the names the article describes as organisations'
        for mention in named:
            if name_key(doc, mention) in named.organisations:
                self.organisations.setdefault(name_key(doc, mention), _proper_name(doc, mention))
        self.people = ArticlePeople(doc, people)
        self.person_surnames = {name_of(m.text)[0].split()[-1] for m in people if name_of(m.text)[0]}
        self.names = {_proper_name(doc, m) for m in named if not named.is_person(m) and can_speak(doc, m)
                      and not any(w.upos == "CCONJ" for w in doc.words_between(m.start, m.end))}
        # the places of the article: its datelines' (`AKRON, Ohio —`, `AKRON - `), and the cities
        # before a state (`Hilltown, Okla.`)
        self.places: set[str] = {word.lower() for line in _DATELINE_PLACE.findall(doc.text) for word in line.split()}
        for mention in named:
            words = doc.words_between(mention.start, mention.end)
            comma = next((i for i, w in enumerate(words[1:-1], 1) if w.text == ","), None)
            if comma is not None and words[comma + 1].upos == "PROPN":
                self.places.update(w.text.lower() for w in words[:comma] if w.upos == "PROPN")
            elif words and _before_state(doc, words[-1]):     # `Hilltown, Texas,` however it was parsed
                self.places.update(w.text.lower() for w in words if w.upos == "PROPN")
        # `Mr. Clarke` tells that a `Clarke` without a full name in the article is a man
        self.surname_genders: dict[str, set[str]] = {}
        for mention in named:
            name = person_name(doc, mention)
            if name is not None and not name.full and name.gender:
                self.surname_genders.setdefault(name.surname, set()).add(name.gender)

    def entity_for(self, mention: Mention) -> Entity | None:
        """The entity a resolved speaker mention names, or None when the mention cannot speak."""
        doc = self.doc
        if not can_speak(doc, mention):
            return None
        if is_anonymous(doc, mention):
            entity = Entity(mention.text, "anonymous", anonymous=True)
            self.entities.append(entity)
            return entity
        head = doc.words[mention.head]
        kind = entity_type(doc, mention)
        first = doc.words_between(mention.start, mention.end)[:1]
        if kind == "unknown" and head.upos == "PROPN" and first and first[0].lemma.lower() == "the":
            kind = "organization"       # a name with `the` is no person's: `The Ledger reported`
        described = self.named.organisation(mention) if kind in ("person", "unknown") and head.upos == "PROPN" else None
        if described is not None:       # `Acme` where the article calls `Acme Mining` a company
            return self._add(Entity(self.organisations[described], "organization"), forms=[_proper_name(doc, mention)])
        name = person_name(doc, mention) if kind in ("person", "unknown") else None
        if name is not None:
            person = self._person(name, mention, "person" if head.upos == "NOUN" else kind)
            if person is not None:
                return person
        elif head.upos == "PROPN" and kind == "person":
            return self._add(Entity(mention.text, kind, local=True))     # a title alone: `Secretary`
        if head.upos == "PROPN":
            text = _proper_name(doc, mention) if kind != "group" else _strip_the(mention.text)
            if kind in ("organization", "unknown"):
                text = self._longer_name(text)
            if kind == "unknown" and text.split()[-1].lower() in word_list("organization"):
                kind = "organization"
            return self._add(Entity(text, kind), forms=[text])
        if kind == "organization" and any(w.upos == "PROPN" and w.relation in ("compound", "nmod") and not _demonym(w.text)
                                          for w in doc.words_between(mention.start, mention.end)):
            text = _proper_name(doc, mention)       # `the Clinton campaign`
            return self._add(Entity(text, kind), forms=[text])
        text = mention.text
        if text.lower().startswith("the "):
            text = "the " + _strip_the(text)
        if kind == "group" and head.text[:1].isupper() and not doc.children(head.index, "det"):
            lemma = head.lemma.lower()
            if not (_group_noun(lemma) or noun_type(lemma) or lemma in word_list("organization") | word_list("anonymous")):
                return self._add(Entity(text, "unknown"), forms=[text])    # `Sanders` taken for a plural
            return self._add(Entity(text, kind))          # `Republicans`, wherever they speak
        return self._add(Entity(text, kind, local=True))

    def label_entity(self, mention: Mention) -> Entity | None:
        """The person a transcript's speaker label names (`HALE` in `HALE: ...`): the article's full
        name for the surname where it gives one, else the surname alone, in name case (`Hale`)."""
        name = label_name(mention.text)
        return self._person(name, mention, "person") if name is not None else None

    def _person(self, name: Name, mention: Mention, kind: str) -> Entity | None:
        doc = self.doc
        if name.full:
            if kind != "person" and not (name.gender or doc.words[mention.head].text in self.person_surnames):
                return None
            full = self.people.people.get(name.key, name)
            entity = Entity(full.text, "person", gender=self.people.gender(name.key) or name.gender,
                            ident=f"person:{name.key}")
            return self._add(entity, forms=[name.text], roles=name.roles)
        found = self.people.full_name(name, mention.start)
        if found is not None:
            key, full = found
            entity = Entity(full.text, "person", gender=self.people.gender(key), ident=f"person:{key}")
            return self._add(entity, forms=[name.text], roles=name.roles)
        # `Melanie said`: a given name of the given-name table alone, which the article does not use for
        # a place, is a person's (its gender is not taken from the table: `Clinton` is one too)
        given = (name.text.istitle() and len(name.tokens) == 1 and name.surname not in self.places
                 and gender_of_given(name.text) is not None)
        if kind != "person" and name.surname.capitalize() not in self.person_surnames \
                and name.surname not in self.surname_genders and not given:
            return None         # a proper name alone that nothing shows to be a person's
        genders = self.surname_genders.get(name.surname, set())
        gender = name.gender or (next(iter(genders)) if len(genders) == 1 else None)
        shown = f"{name.honorific} {name.text}" if name.honorific else name.text
        ident = f"person:{name.surname}" + (f" ({gender})" if gender else "")
        entity = Entity(shown, "person", gender=gender, surname_only=True, ident=ident)
        return self._add(entity, forms=[name.text], roles=name.roles)

    def _longer_name(self, text: str) -> str:
        """`Times` where the article also says `New York Times`: the one longer name it ends."""
        tokens = text.lower().split()
        longer = {n for n in self.names if len(n.split()) > len(tokens) and n.lower().split()[-len(tokens):] == tokens
                  and all(t[:1].isupper() for t in n.split()[:-len(tokens)])}    # not `Article 9 of the Times`
        return longer.pop() if len(longer) == 1 else text

    def _add(self, entity: Entity, forms=(), roles=()) -> Entity:
        known = self._by_key.get(entity.key) if not entity.local else None
        if known is None and entity.local:
            known = next((e for e in self.entities if e.local and e.key == entity.key), None)
        if known is None:
            known = entity
            self.entities.append(entity)
            self._by_key[entity.key] = entity
        known.aliases.update(forms)
        known.roles.update(roles)
        return known

