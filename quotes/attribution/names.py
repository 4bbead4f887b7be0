"""Person names: the proper-name part of a mention, the roles around it, and its gender.

`Republican presidential nominee Donald J. Trump` is the name `Donald J. Trump` with the roles
`Republican presidential nominee`; `Mrs. Clinton` is the surname `Clinton` of a woman. Within an
article, a surname or a given name alone (`Trump`, `Mr. Trump`, `Donald`) stands for the full name
the article gives, if the honorific's gender allows it (``ArticlePeople.full_name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document, Word
from .gender import name_statistics
from .speakers import Mention
from .wordlists import word_list

_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")
# small words inside a name, between two of its capitalised words
NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "al", "el", "de", "da", "das", "del", "della", "der", "den", "di",
                            "do", "dos", "du", "la", "le", "van", "von", "ter", "ten", "y"})
_NOT_NAME_UPOS = ("DET", "ADV", "ADP", "CCONJ", "SCONJ", "PRON", "AUX", "VERB", "PUNCT", "NUM", "PART",
                  "INTJ", "SYM")


@dataclass(frozen=True)
class Name:
    """A person's name as one mention writes it."""

    text: str                       # `Donald J. Trump`, `Trump`
    roles: tuple[str, ...] = ()     # `Republican presidential nominee`, `Mr.`
    gender: str | None = None       # `female` or `male` where an honorific or the given name says so
    honorific: str | None = None    # `Mrs.`

    @property
    def tokens(self) -> list[str]:
        return self.text.split()

    @property
    def surname(self) -> str:
        """The last token that is not a suffix (`Trump` of `Donald Trump Jr.`), lower case."""
        tokens = [t for t in self.tokens if t.lower() not in word_list("suffixes")]
        return (tokens or self.tokens or [""])[-1].lower()

    @property
    def given(self) -> str | None:
        return self.tokens[0].lower() if len(self.core) > 1 else None

    @property
    def suffix(self) -> str:
        last = self.tokens[-1].lower() if self.tokens else ""
        return last.rstrip(".") if last in word_list("suffixes") else ""

    @property
    def core(self) -> list[str]:
        """The tokens without initials and suffixes: `Donald J. Trump` and `Donald Trump` share them."""
        return [t for t in self.tokens if not _INITIAL.match(t) and t.lower() not in word_list("suffixes")]

    @property
    def full(self) -> bool:
        """A given name and a surname, not one of them alone."""
        return len(self.core) > 1

    @property
    def key(self) -> str:
        """What identifies the person across articles: given name, surname and suffix, lower case."""
        core = self.core
        parts = ([core[0], core[-1]] if len(core) > 1 else core) + ([self.suffix] if self.suffix else [])
        return " ".join(parts).lower()


def name_head(doc: Document, mention: Mention) -> Word:
    """The word that heads the name in a mention: its head, or the name a title governs (`Donald
    Trump` under `nominee` in `Republican presidential nominee Donald Trump`, `Ann Hale` under
    `Secretary` in `Secretary of State Ann Hale`)."""
    head = doc.words[mention.head]
    if head.upos in ("NOUN", "PROPN") and head.text.lower() in word_list("titles") | word_list("roles") | {
            head.lemma.lower()} & (word_list("titles") | word_list("roles")):
        names = [c for c in doc.children(head.index, "flat", "appos", "nmod")
                 if c.upos == "PROPN" and mention.start <= c.start < mention.end and c.index > head.index
                 and not doc.children(c.index, "case") and not _role_word(c)]
        if names:
            return names[0]
    return head


def _lower(word: Word) -> str:
    return word.text.lower()


def _name_word(word: Word) -> bool:
    """A word that can be part of a person's name: a capitalised proper noun, an initial, a suffix."""
    if _lower(word) in word_list("suffixes") or _INITIAL.match(word.text):
        return True
    if word.upos in _NOT_NAME_UPOS or not word.text[:1].isupper():
        return False
    return word.upos in ("PROPN", "X", "NOUN", "ADJ")


def _role_word(word: Word) -> bool:
    lowered = _lower(word)
    return lowered in word_list("titles") or lowered in word_list("roles") or lowered.rstrip(".") in word_list("titles")


def _not_name(word: Word) -> bool:
    """Titles, roles and sentence adverbs that stand capitalised before a name."""
    return _role_word(word) or _lower(word) in word_list("sentence adverbs")


def gender_of_title(text: str) -> str | None:
    lowered = text.lower()
    if lowered in word_list("female titles"):
        return "female"
    if lowered in word_list("male titles"):
        return "male"
    return None


def gender_of_given(given: str | None) -> str | None:
    """The gender the given-name table gives a name (None when absent, rare or ambiguous)."""
    return name_statistics(given)[0] if given else None


def person_name(doc: Document, mention: Mention) -> Name | None:
    """The name in a mention headed by a proper noun, or None (a pronoun, a description, no name left)."""
    head = name_head(doc, mention)
    if head.upos != "PROPN":
        return None
    words = doc.words_between(mention.start, mention.end)
    if words and words[-1].text.lower() in word_list("organization"):
        return None
    at = next((i for i, w in enumerate(words) if w.index == head.index), None)
    if at is None:
        return None
    first = last = at
    def joined(left: Word, right: Word) -> bool:     # `Smith-Jones`
        return left.end == right.start and "-" in (left.text[-1:], right.text[:1])
    def particle(i: int, step: int) -> bool:       # `bin` in `Osama bin Laden`, `de la` in `Ann de la Hale`
        while 0 <= i < len(words) and words[i].text in NAME_PARTICLES:
            i += step
        return 0 <= i < len(words) and _name_word(words[i])
    while first > 0 and (_name_word(words[first - 1]) or joined(words[first - 1], words[first])
                         or particle(first - 1, -1)):
        first -= 1
    while last + 1 < len(words) and (_name_word(words[last + 1]) or joined(words[last], words[last + 1])
                                     or particle(last + 1, 1)):
        last += 1
    block = words[first:last + 1]
    # the name starts after the last title or role (`House Speaker Paul Ryan`), adverbs dropped
    cut = max((i for i, w in enumerate(block[:-1]) if _not_name(w)), default=-1)
    while cut + 1 < len(block) - 1 and _not_name(block[cut + 1]):
        cut += 1
    name_words = block[cut + 1:]
    if not name_words or (cut < 0 and all(_lower(w) in word_list("suffixes") or _not_name(w) for w in name_words)):
        return None
    prefix = [w for w in words[:first] + block[:cut + 1]
              if w.upos not in ("DET", "ADV", "PUNCT", "CCONJ") and _lower(w) not in word_list("sentence adverbs")]
    roles = []
    if prefix and any(_role_word(w) or w.upos in ("NOUN", "PROPN") for w in prefix):
        roles.append(doc.text[prefix[0].start:prefix[-1].end])
    roles += [a for a in mention.appositions if len(a.split()) <= 8]
    titles = [w.text for w in prefix]
    honorific = next((t for t in reversed(titles) if gender_of_title(t)), None)
    name = doc.text[name_words[0].start:name_words[-1].end]
    gender = gender_of_title(honorific) if honorific else None
    result = Name(name, tuple(roles), gender, honorific)
    if gender is None:
        gender = gender_of_given(result.given)
        if gender is None:
            gender = next((g for g in map(gender_of_title, (w.lower() for r in roles for w in r.split())) if g), None)
        result = Name(name, tuple(roles), gender, None)
    return result


def _name_case(token: str) -> str:
    """`HALE` -> `Hale`, `O'BRIEN` -> `O'Brien`, `SMITH-JONES` -> `Smith-Jones`; other tokens as written."""
    if not token.isupper():
        return token
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), token)


def label_name(text: str) -> Name | None:
    """The name in a transcript's speaker label (`HALE`, `SEN. ANN HALE`), in name case, its titles
    kept as roles; None when nothing but titles is left."""
    tokens = text.split()
    cut = max((i for i, t in enumerate(tokens[:-1]) if t.lower() in word_list("titles") | word_list("roles")),
              default=-1)
    titles, name = [_name_case(t) for t in tokens[:cut + 1]], [_name_case(t) for t in tokens[cut + 1:]]
    if not name:
        return None
    honorific = next((t for t in reversed(titles) if gender_of_title(t)), None)
    result = Name(" ".join(name), (" ".join(titles),) if titles else (), None, honorific)
    gender = gender_of_title(honorific) if honorific else gender_of_given(result.given)
    return Name(result.text, result.roles, gender, honorific)


def compatible(first: str | None, second: str | None) -> bool:
    return first is None or second is None or first == second


class ArticlePeople:
    """The full names of one article's people, to complete a surname or given name alone.

    ``full_names`` holds each person once (`Donald Trump` and `Donald J. Trump` are one), with
    how often the article names them and where."""

    def __init__(self, doc: Document, mentions: list[Mention]):
        self.doc = doc
        self.people: dict[str, Name] = {}           # key -> fullest name
        self.counts: dict[str, int] = {}
        self.offsets: dict[str, list[int]] = {}
        self.genders: dict[str, str | None] = {}
        for mention in mentions:
            name = person_name(doc, mention)
            if name is None or not name.full:
                continue
            key = name.key
            known = self.people.get(key)
            if known is None or len(name.tokens) > len(known.tokens) or (
                    len(name.tokens) == len(known.tokens) and known.text.isupper() and not name.text.isupper()):
                text = " ".join(map(_name_case, name.tokens)) if name.text.isupper() else name.text  # `BEN ROE`
                self.people[key] = Name(text, tuple(sorted(set(name.roles) | set(known.roles if known else ()))),
                                        name.gender or (known.gender if known else None))
            self.counts[key] = self.counts.get(key, 0) + 1
            self.offsets.setdefault(key, []).append(mention.start)
            if name.gender:
                self.genders[key] = name.gender
        # `Mr. Trump` in an article with one Trump tells that Trump's gender
        for mention in mentions:
            name = person_name(doc, mention)
            if name is not None and not name.full and name.honorific:
                keys = [k for k, full in self.people.items() if full.surname == name.surname]
                if len(keys) == 1 and self.genders.get(keys[0]) is None:
                    self.genders[keys[0]] = name.gender

    def gender(self, key: str) -> str | None:
        return self.genders.get(key)

    def full_name(self, name: Name, offset: int) -> tuple[str, Name] | None:
        """(key, full name) that a surname or given name alone stands for in this article, or None.

        Candidates are the article's full names with that surname (else that given name) whose gender
        agrees with the honorific; of two (`Hillary Clinton`, `Bill Clinton`) the one the article names
        more often, and on a tie the one named last before ``offset``."""
        if name.full:
            return None
        token = name.surname
        candidates = [k for k, full in self.people.items()
                      if full.surname == token and compatible(name.gender, self.genders.get(k))]
        if not candidates and name.honorific is None:
            candidates = [k for k, full in self.people.items() if full.given == token]
        if not candidates:
            return None

        def evidence(key: str):
            before = [o for o in self.offsets[key] if o <= offset]
            return self.counts[key], max(before, default=-1)
        best = max(candidates, key=evidence)
        return best, self.people[best]
