"""Stage 5: speaker entities: canonical names, name variants merged, types.

`Donald Trump`, `Trump`, `President Trump` and `Mr. Trump` become one person;
`Donald Trump Jr.` stays another. Anonymous sources (`a source`, `officials`)
are typed and flagged, and never merged with anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .coref import looks_like_person, named_mentions
from .document import Document
from .speakers import Mention
from .wordlists import noun_type, word_list

INDEFINITE = {"a", "an", "some", "several", "many", "one", "two", "three", "other", "few", "another"}


@dataclass
class Entity:
    name: str
    type: str               # person, organization, place, group, anonymous or unknown
    anonymous: bool = False
    aliases: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.type}:{self.name.lower()}"


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


def entity_type(doc: Document, mention: Mention) -> str:
    head = doc.words[mention.head]
    lowered = [w.lower().strip(".,'’s") for w in mention.text.split()]
    if head.upos == "PRON":
        return "person" if head.text.lower() in ("he", "she", "i", "him", "her") else "group"
    if lowered and lowered[-1] in word_list("organization"):
        return "organization"
    if head.upos == "PROPN":
        if looks_like_person(doc, mention):
            return "person"
        if lowered and lowered[-1] in word_list("place"):
            return "place"
        return "unknown"
    if "Number=Plur" in head.feats:
        return "group"
    if head.upos == "NOUN" and head.lemma.lower() in word_list("titles"):
        return "person"
    return (noun_type(head.lemma) if head.upos == "NOUN" else None) or "unknown"   # `a doctor`, `the city`


class EntityIndex:
    """Builds and merges the speaker entities of one article."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.entities: list[Entity] = []
        people = [m for m in named_mentions(doc) if looks_like_person(doc, m)]
        self.person_surnames = {name_of(m.text)[0].split()[-1] for m in people if name_of(m.text)[0]}

    def entity_for(self, mention: Mention) -> Entity:
        doc = self.doc
        if is_anonymous(doc, mention):
            entity = Entity(mention.text, "anonymous", anonymous=True, aliases={mention.text})
            self.entities.append(entity)
            return entity
        kind = entity_type(doc, mention)
        if doc.words[mention.head].upos == "PROPN" and kind == "unknown":
            if doc.words[mention.head].text in self.person_surnames:
                kind = "person"
        name = _strip_the(mention.text) if doc.words[mention.head].upos != "PROPN" else mention.text
        if kind == "person" and doc.words[mention.head].upos == "PROPN":
            name = name_of(mention.text)[0] or mention.text
        if doc.words[mention.head].upos not in ("PROPN", "PRON") and mention.text.lower().startswith("the "):
            name = "the " + _strip_the(mention.text)
        for entity in self.entities:
            if not entity.anonymous and self._same(entity, name, kind):
                if len(name) > len(entity.name) and kind == entity.type and not _suffix_differs(entity.name, name):
                    entity.name = name
                entity.aliases.add(mention.text)
                return entity
        entity = Entity(name, kind, aliases={mention.text})
        self.entities.append(entity)
        return entity

    @staticmethod
    def _same(entity: Entity, name: str, kind: str) -> bool:
        if entity.name.lower() == name.lower():
            return True
        if kind != "person" or entity.type != "person":
            return False
        if _suffix_differs(entity.name, name):
            return False
        short, long = sorted((entity.name.split(), name.split()), key=len)
        return bool(short) and short[-1] == long[-1] and all(t in long for t in short)


def _suffix_differs(first: str, second: str) -> bool:
    """`Donald Trump` and `Donald Trump Jr.` are different people."""
    def suffix(name: str) -> str:
        last = name.split()[-1].lower() if name.split() else ""
        return last if last in word_list("suffixes") else ""
    return suffix(first) != suffix(second)
