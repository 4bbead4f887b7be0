"""Stage 3: link each quote to its cue, and find reported speech without marks.

Rules, tried in order for a quote:
0. a dash after it names the speaker (`"..." ― Ann Hill`);
1. the quote lies in the complement of a cue verb (`X said that it "was good"`,
   `"...," X said` parsed with the quote as the verb's ccomp); a participle that
   goes on from the cue (`said, adding "..."`) is the cue;
2. a cue verb outside the quote hangs off a word inside it (`"...," X said`
   parsed as parataxis), or is the nearest cue with a speaker in the sentence,
   or else an `in X's view` frame of the sentence (`according to X` outranks
   them all; a fragment of the clause such a frame reports is a mixed quote);
3. the sentence before ends with a colon after a cue (`X said:`), in the same
   or the previous paragraph, or is a header naming the speaker (`And from
   the chairwoman:`);
4. a quote that fills its sentence continues the previous attributed quote of
   the same or the previous paragraph (at most ``CONTINUATION_SENTENCES`` away),
   or the reported speech of the sentence just before it, or is said by the
   subject of the narration just before it (`Ana turned to the crowd. "..."`);
5. otherwise a sentence-like quote is kept without speaker, and a short
   fragment is taken for a scare quote, title or nickname and dropped.
Before them all, a transcript's turn (turns.py) is linked to the colon after its
speaker label; it is direct in quote marks, else indirect (no marks, like reported
speech).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .cues import Cue, according_to_cue
from .document import Document, Sentence, Word
from .lexicon import load_lexicon
from .marks import QuoteSpan
from .speakers import is_time, naming_participle, sequel_participle, size_bucket, speaker_of, speaker_word
from .wordlists import word_list

COMPLEMENTS = ("ccomp", "xcomp", "parataxis", "obj", "dep", "csubj", "advcl", "acl", "obl", "nmod", "root")
CONTINUATION_SENTENCES = 6
SEQUEL_RELATIONS = ("advcl", "conj")     # a cue that follows on from another: `said, adding`, `and said`
MIN_UNATTRIBUTED_WORDS = 6
MAX_SPEAKER_WORDS = 25    # how far into the sentence after a quote its cue may come


@dataclass
class Link:
    """A quote or reported clause tied to its cue (and so to a speaker)."""

    start: int
    end: int
    kind: str               # direct, mixed or indirect
    cue: Cue | None
    rule: str               # which rule linked it, for `quotes parse`-style debugging
    inherited: bool = False  # speaker carried over from an earlier quote
    narrator: Word | None = None   # without a cue: who the narration or a header before the quote names
    content: tuple[int, int] | None = None   # reported speech: its content span (PolNeAR's conventions)


def _inside(word: Word, quote: QuoteSpan) -> bool:
    return word.start >= quote.start - 1 and word.end <= quote.end + 1


def _quote_words(doc: Document, quote: QuoteSpan) -> list[Word]:
    return doc.words_between(quote.start, quote.end)


def _content_is_quote(doc: Document, child: Word, quote: QuoteSpan, cue: Cue) -> bool:
    """True when the complement clause lies (almost) wholly inside the quote. A vocative the parse
    hangs on it outside the marks (`"...," Ortiz, who ..., told`) is the speaker, not the content,
    and a conjunct it carries past the cue (`"A," she said, "and B."`) is the quote's other piece."""
    before = quote.start < doc.words[cue.word].start
    outside = [w for w in doc.subtree(child.index, skip=("vocative",))
               if not _inside(w, quote) and w.upos not in ("PUNCT", "SCONJ", "CCONJ")
               and (w.index < cue.word) == before]
    return not outside


def _governing_cues(doc: Document, word: Word, quote: QuoteSpan, cues: dict[int, Cue]):
    """(cue, complement child) pairs above a word, nearest first, within its sentence."""
    child = word
    for ancestor in doc.ancestors(word):
        if ancestor.sentence != word.sentence:
            return
        cue = cues.get(ancestor.index)
        if cue and not _inside(ancestor, quote) and (child.relation in COMPLEMENTS or cue.kind == "according"):
            if cue.kind == "according" and child.index in cue.words:
                return
            yield cue, child
        child = ancestor


def _by_complement(doc: Document, quote: QuoteSpan, words: list[Word], cues: dict[int, Cue]):
    """Rule 1: walk up from the quote's top words to a governing cue. The
    outermost speech cue of the sentence wins (`said he thought "..."`, `condemned
    what he called "..."`), as in PolNeAR's nested attributions, unless the
    nearest one continues it (`said, adding "..."`, `stressed ... and said "..."`)."""
    best = None
    for word in words:
        head = doc.head_of(word)
        if head is not None and _inside(head, quote):
            continue
        found = list(_governing_cues(doc, word, quote, cues))
        if not found:
            continue
        speech = [(c, ch) for c, ch in found if c.kind != "cognition"]
        # a cue with a speaker outranks a speaker-less one around it (`Asked about it, X said "..."`)
        speech = [(c, ch) for c, ch in speech if c.kind != "noun"
                  and speaker_of(doc, c, [(quote.start, quote.end)]) is not None] or speech
        cue, child = (speech or found)[-1]
        if len(speech) > 1 and _goes_on_from(doc, doc.words[speech[0][0].word], doc.words[speech[1][0].word]):
            cue, child = speech[0]       # `Sanders said, adding "..."`: the later verb is the cue
        if cue.lemma(doc) in GOES_ON and len(speech) > 1 and doc.words[speech[-2][0].word].head == cue.word:
            cue, child = speech[-2]      # `went on to say "..."`: the verb it goes on to
        if naming_participle(doc, doc.words[found[0][0].word]):
            cue, child = found[0]        # `a box labeled "medical problem"` is a name, whoever typed it
        cue = _sequel_before(doc, cue, quote, cues) or cue
        kind = "direct" if _content_is_quote(doc, found[0][1], quote, found[0][0]) else "mixed"
        if best is None or abs(cue.word - word.index) < abs(best[0].word - word.index):
            best = (cue, kind)
    return best


def _goes_on_from(doc: Document, later: Word, earlier: Word) -> bool:
    """`adding` goes on from `said` in `said, adding "..."`, `said, going on to say "..."`,
    `stressed ... and said "..."` and `smiled when he said "..."`: a clause on the earlier cue
    itself, or an independent one beside it (`Asked about it: she said "..."`). Not a verb
    coordinated inside the reported clause (`says her team will visit and promise "..."`) nor a
    clause nested in it (`said Trump was right when he said "..."`)."""
    if later.head == earlier.index and (later.relation in SEQUEL_RELATIONS or (
            later.relation == "parataxis" and doc.children(later.index, "nsubj"))):
        return True
    word = later
    while word is not None and word.index != earlier.index:
        if sequel_participle(doc, word):
            return True
        word = doc.head_of(word)
    return False


def _same_speaker(doc: Document, cue: Cue, other: Cue, quote: QuoteSpan) -> bool:
    spans = [(quote.start, quote.end)]
    mention, other_mention = speaker_of(doc, cue, spans), speaker_of(doc, other, spans)
    return mention is not None and other_mention is not None and \
        (mention.start, mention.end) == (other_mention.start, other_mention.end)


def _speech_beside(doc: Document, cue: Cue, cues: Mapping[int, Cue]) -> Cue:
    """`Clinton says she hopes to win, but she knows that "..."`: a cognition verb coordinated with
    a speech verb reports what the speech verb's speaker says; the speech verb is the cue."""
    word = doc.words[cue.word]
    head = cues.get(word.head) if cue.kind == "cognition" and word.relation == "conj" else None
    return head if head is not None and head.kind == "speech" else cue


def _cue_just_before(doc: Document, quote: QuoteSpan, cues: Mapping[int, Cue]) -> Cue | None:
    """`Trump said before adding: "..."`, `..., adding, "..."`, `urges him to stop and says, "..."`:
    the speech cue right before the quote introduces it (when it has the same speaker as the cue
    the parse gives the quote): a subjectless participle with only punctuation between, any
    speech verb with just a comma or colon."""
    before = doc.last_word_before(quote.start)
    while before is not None and before.upos == "PUNCT" and before.index > 0:
        before = doc.words[before.index - 1]
    cue = cues.get(before.index) if before is not None else None
    if cue is None or cue.kind != "speech":
        return None
    gap = doc.text[before.end:quote.start]
    if before.xpos == "VBG" and not doc.children(before.index, "nsubj"):
        return None if any(c.isalnum() for c in gap) else cue
    return cue if "".join(gap.split())[:-1] in (",", ":") else None


def _sequel_before(doc: Document, cue: Cue, quote: QuoteSpan, cues: dict[int, Cue]) -> Cue | None:
    """`Trump said, adding later, "..."` parsed with the quote hanging off `said`: the
    participle between the cue and the quote is the cue."""
    for child in doc.children(cue.word):
        sequel = cues.get(child.index)
        if (sequel and sequel.kind == "speech" and cue.word < child.index and child.end <= quote.start
                and sequel_participle(doc, child)):
            return sequel
    return None


def _according_in_sentence(doc: Document, sentence: Sentence, quote: QuoteSpan, cues: dict[int, Cue],
                           frames: bool = False):
    """`according to X` in the quote's sentence (which frames all of it); with ``frames`` also
    `in X's view`, which only attributes a quote that no verb does."""
    for index in sentence.word_indices:
        cue = cues.get(index)
        if (cue and cue.kind == "according" and (frames or cue.is_according_to(doc))
                and not _inside(doc.words[index], quote)):
            return cue
    return None


def _nearest_cue(doc: Document, sentences: list[Sentence], quote: QuoteSpan, cues: dict[int, Cue]):
    """Rule 2: a cue verb with a speaker, outside the quote, in the quote's sentences."""
    candidates = []
    for sentence in sentences:
        for index in sentence.word_indices:
            cue = cues.get(index)
            word = doc.words[index]
            if not cue or cue.kind == "noun" or _inside(word, quote):
                continue
            if cue.kind != "according" and speaker_of(doc, cue, [(quote.start, quote.end)]) is None:
                continue
            distance = quote.start - word.end if word.end <= quote.start else word.start - quote.end
            head = doc.head_of(word)
            hangs_off_quote = head is not None and _inside(head, quote)   # `"...," The Hill reported`
            # `"...," Warren, who has not endorsed anyone, told reporters`: not the aside's verb
            relative = word.deprel == "acl:relcl"
            # `She says the tweets accusing X are "lies"` parsed with the quote as a conjunct of
            # `says`: a cue whose clause holds the quote comes before a nearer one beside it
            holds_quote = any(_inside(w, quote) for w in doc.subtree(index))
            candidates.append((cue.kind == "cognition", relative, not hangs_off_quote, not holds_quote, distance, cue))
    return min(candidates, key=lambda c: c[:5])[5] if candidates else None


_DASHES = "―—–"


def _dash_attribution(doc: Document, quote: QuoteSpan) -> Cue | None:
    """`"..." ― Ann Hill`: a dash right after the closing mark (or on the next line), then a name."""
    rest = doc.text[quote.end:quote.end + 8]
    offset = len(rest) - len(rest.lstrip("”\"’' \t\r\n"))
    if offset >= len(rest) or not (rest[offset] in _DASHES or rest[offset:offset + 2] == "- " and rest[offset - 1].isspace()):
        return None     # `" - Sanders.` with a hyphen for a dash, spaced on both sides
    dash = doc.word_starting_at(quote.end + offset)
    if dash is None or dash.index + 1 >= len(doc.words):
        return None
    name = doc.words[dash.index + 1]
    if name.upos not in ("PROPN", "NOUN") or not name.text[:1].isupper():
        return None
    return Cue(dash.index, "dash", (dash.index,))


def _label_cue(doc: Document, quote: QuoteSpan) -> Cue | None:
    """`HALE: ...`, `Lynch: No outside influence ...`: the colon after a transcript turn's speaker label
    or a headline's speaker (turns.py) is its cue, of kind `label` or `headline`."""
    kind = {"turn": "label", "headline": "headline"}.get(quote.style)
    colon = doc.last_word_before(quote.start) if kind else None
    return Cue(colon.index, kind, (colon.index,)) if colon is not None and colon.text == ":" else None


def _opens_with_mark(doc: Document, quote: QuoteSpan) -> bool:
    """The quote's line opens with a quote mark (`"HALE: ...`), which holds the turn."""
    return doc.text[doc.text.rfind("\n", 0, quote.start) + 1:quote.start].lstrip()[:1] in ('"', "“")


def _following_sentence_cue(doc: Document, quote: QuoteSpan, last: Sentence, cues: dict[int, Cue]):
    """`"Why?" Vitter demanded.` split into two sentences: a cue opening the next one."""
    if last.index + 1 >= len(doc.sentences):
        return None
    following = doc.sentences[last.index + 1]
    gap = doc.text[quote.end:doc.words[following.first].start]
    if "\n" in gap or any(c.isalnum() for c in gap):
        return None
    for index in list(following.word_indices)[:MAX_SPEAKER_WORDS]:
        cue = cues.get(index)
        if cue and cue.kind in ("speech", "cognition") and speaker_of(doc, cue, [(quote.start, quote.end)]):
            return cue
        if doc.words[index].upos in ("VERB", "AUX") and index - following.first >= 4:
            return None    # past the speaker's phrase (`Scott's niece, state Del. Marcia Price, shouted`)
    return None


def _reported_just_before(doc: Document, quote: QuoteSpan, first: Sentence, cues: dict[int, Cue]):
    """`X called him a master at deals. "He showed it again and again."`: a quote right after
    a sentence of reported speech goes on with it."""
    if first.index == 0:
        return None
    before = doc.sentences[first.index - 1]
    gap = doc.text[doc.words[before.last].end:quote.start]
    if gap.count("\n") > 2 or any(c.isalnum() for c in gap):
        return None
    for index in reversed(before.word_indices):
        cue = cues.get(index)
        if cue and cue.kind == "speech" and speaker_of(doc, cue) and _content_words(doc, cue):
            return cue
    return None


NARRATOR_PRONOUNS = ("he", "she", "they", "i", "we")


def _narrator(doc: Document, quote: QuoteSpan, first: Sentence) -> Word | None:
    """`Ana turned to the crowd. "We are not done."`: a quote of its own right after a sentence of
    narration in its paragraph is said by whom that sentence is about, a named or pronoun subject."""
    if first.index == 0:
        return None
    before = doc.sentences[first.index - 1]
    gap = doc.text[doc.words[before.last].end:quote.start]
    if before.paragraph != first.paragraph or "\n" in gap or any(c.isalnum() for c in gap):
        return None
    words = doc.words_of(before)
    if any(w.text in ('"', "“", "”") for w in words):
        return None       # a sentence with a quote of its own: the continuation rules decide
    root = next((w for w in words if w.head < 0), None)
    if root is None or root.upos != "VERB":
        return None
    subject = next(iter(doc.children(root.index, "nsubj")), None)
    if subject is None or is_time(subject):
        return None
    named = subject.upos == "PROPN" or (subject.upos == "PRON" and subject.text.lower() in NARRATOR_PRONOUNS)
    return subject if named else None


def _before_colon(doc: Document, quote: QuoteSpan) -> Word | None:
    """The last word of `X said:` when the text just before the quote ends with a colon."""
    colon = quote.start - 1
    while colon >= 0 and doc.text[colon] in " \t\n“\"'‘":
        colon -= 1
    if colon < 0 or doc.text[colon] != ":":
        return None
    return doc.last_word_before(colon + 1)


def _colon_intro(doc: Document, quote: QuoteSpan, cues: dict[int, Cue]) -> Cue | None:
    """Rule 3: `X said:` at the end of the text just before the quote."""
    last = _before_colon(doc, quote)
    if last is None:
        return None
    sentence = doc.sentences[last.sentence]
    for index in reversed(range(sentence.first, last.index + 1)):
        cue = cues.get(index)
        if cue and cue.kind != "noun":
            return cue
    return None


def _part_of_content(doc: Document, cue: Cue, quote: QuoteSpan) -> bool:
    """`According to X, the bridge "must be rebuilt."`: the quote is a fragment of the clause the
    cue reports, which has words of its own outside the marks."""
    return any(not _inside(word, quote) and word.upos not in ("PUNCT", "SCONJ", "CCONJ")
               for word in _content_words(doc, cue) or [])


HEADER_WORDS = 8


def _header_source(doc: Document, quote: QuoteSpan) -> Word | None:
    """`And from the chairwoman:` (a short verbless line) before the quote names its speaker."""
    last = _before_colon(doc, quote)
    if last is None:
        return None
    words = [w for w in doc.words_of(doc.sentences[last.sentence]) if w.index <= last.index and w.upos != "PUNCT"]
    if len(words) > HEADER_WORDS or any(w.upos in ("VERB", "AUX") for w in words):
        return None
    return next((w for w in words if w.upos in ("PROPN", "NOUN", "PRON")
                 and any(c.lemma.lower() == "from" for c in doc.children(w.index, "case"))), None)


def _fills_sentence(doc: Document, quote: QuoteSpan, sentences: list[Sentence]) -> bool:
    """The quote makes up its sentences, apart from punctuation."""
    for sentence in sentences:
        for word in doc.words_of(sentence):
            if not _inside(word, quote) and word.upos != "PUNCT":
                return False
    return True


_TITLE_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "&"}


def looks_like_title(text: str) -> bool:
    """`Meet the Press`, `All Bets Are Off.`: short Title Case text names a work, a show or a nickname."""
    words = [w.strip(".,;:!?'’\"()") for w in text.split()]
    words = [w for w in words if w]
    if not 2 <= len(words) <= 7:
        return False
    content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS or w is words[0]]
    return all(w[:1].isupper() or w[:1].isdigit() for w in content)


class CuesFor(Mapping):
    """The cues that may introduce one quote: not attitude cues (`touted`), and not a cue quoted in
    another quote, which belongs to the quoted speaker's words (`"I think he is fair," Trump said,
    "but ..."`: `think` is not Trump's cue), unless that quote holds this one."""

    def __init__(self, cues: dict[int, Cue], quoted: dict[int, list[QuoteSpan]], quote: QuoteSpan,
                 attitudes: set[int]):
        self.cues = cues
        self.excluded = attitudes | {index for index, holders in quoted.items()
                                     if any(q is not quote and not (q.start <= quote.start and quote.end <= q.end)
                                            for q in holders)}

    def __getitem__(self, index: int) -> Cue:
        if index in self.excluded:
            raise KeyError(index)
        return self.cues[index]

    def __iter__(self):
        return (index for index in self.cues if index not in self.excluded)

    def __len__(self) -> int:
        return len(self.cues) - len(self.excluded & self.cues.keys())


def quoted_cues(doc: Document, quotes: list[QuoteSpan], cues: dict[int, Cue]) -> dict[int, list[QuoteSpan]]:
    """The quotes (sorted by start) that hold each cue word, for the cues inside any quote."""
    starts = [q.start for q in quotes]
    quoted = {}
    for index, cue in cues.items():
        word = doc.words[cue.word]
        last = bisect.bisect_right(starts, word.start + 1)
        holders = [q for q in quotes[max(0, last - 50):last] if _inside(word, q)]
        if holders:
            quoted[index] = holders
    return quoted


def link_quotes(doc: Document, quotes: list[QuoteSpan], cues: dict[int, Cue], cue_ranker=None,
                ranked_cues: Mapping[int, Cue] | None = None) -> list[Link]:
    """Links for the quotes that are speech; scare quotes and titles are left out. With a
    ``cue_ranker`` (a learned scorer), each link's cue is the best by that scorer of the candidates
    among ``ranked_cues`` (default: ``cues``)."""
    links: list[Link] = []
    previous: tuple[Link, int, int] | None = None   # last attributed link, its sentence and paragraph
    quoted = quoted_cues(doc, quotes, cues)
    attitudes = {index for index, cue in cues.items() if cue.kind == "attitude"}
    for quote in quotes:
        cues_here = CuesFor(cues, quoted, quote, attitudes)
        sentences = doc.sentences_overlapping(quote.start, quote.end)
        if not sentences:
            continue
        words = _quote_words(doc, quote)
        label = _label_cue(doc, quote)
        if label is not None:       # a transcript's turn is said by its label's speaker; direct in marks
            links.append(Link(quote.start, quote.end, "direct" if _opens_with_mark(doc, quote) else "indirect",
                              label, "label"))
            previous = (links[-1], sentences[-1].index, sentences[-1].paragraph)
            continue
        link = None
        dash = _dash_attribution(doc, quote)    # `"..." ― Ann Hill` names the speaker outright
        found = (dash, "direct") if dash else _by_complement(doc, quote, words, cues_here)
        if found and not dash:
            found = (_speech_beside(doc, found[0], cues_here), found[1])
        introducing = None if dash or not found else _cue_just_before(doc, quote, cues_here)
        if introducing is not None and _same_speaker(doc, introducing, found[0], quote):
            found = (introducing, found[1])
        if (found and not dash and found[0].kind != "according"
                and not naming_participle(doc, doc.words[found[0].word])
                and speaker_of(doc, found[0], [(quote.start, quote.end)]) is None):
            # `Asked about it, Clinton said, "..."` with the quote hung on `Asked`: a cue with a speaker nearby wins
            nearest = _nearest_cue(doc, [sentences[-1], sentences[0]], quote, cues_here)
            found = (nearest, found[1]) if nearest else found
        if found and naming_participle(doc, doc.words[found[0].word]) and looks_like_title(quote.text(doc.text)):
            continue     # `a group called "Save the Bridge"`: a name, not speech
        if found:
            # `according to X` frames the whole sentence: it outranks the verbs inside it
            according = _according_in_sentence(doc, sentences[-1], quote, cues_here)
            link = Link(quote.start, quote.end, found[1], according or found[0], "dash" if dash else "complement")
        if link is None and looks_like_title(quote.text(doc.text)):
            continue
        if link is None:
            cue = (_according_in_sentence(doc, sentences[-1], quote, cues_here)
                   or _nearest_cue(doc, [sentences[-1], sentences[0]], quote, cues_here)
                   or _according_in_sentence(doc, sentences[-1], quote, cues_here, frames=True))
            if cue:
                kind = "mixed" if cue.kind == "according" and _part_of_content(doc, cue, quote) else "direct"
                link = Link(quote.start, quote.end, kind, cue, "sentence")
        if link is None:
            cue = _following_sentence_cue(doc, quote, sentences[-1], cues_here)
            if cue:
                link = Link(quote.start, quote.end, "direct", cue, "next sentence")
        if link is None:
            cue = _colon_intro(doc, quote, cues_here)
            if cue:
                link = Link(quote.start, quote.end, "direct", cue, "colon")
        if link is None:
            source = _header_source(doc, quote)
            if source is not None:
                link = Link(quote.start, quote.end, "direct", None, "header", narrator=source)
        first_sentence = sentences[0]
        if link is None and previous is not None and (quote.continues or _fills_sentence(doc, quote, sentences)):
            last, last_sentence, last_paragraph = previous
            if (first_sentence.paragraph - last_paragraph <= 1
                    and first_sentence.index - last_sentence <= CONTINUATION_SENTENCES):
                link = Link(quote.start, quote.end, "direct", last.cue, "continuation", inherited=True,
                            narrator=last.narrator)
        if link is None and len(words) >= MIN_UNATTRIBUTED_WORDS and _fills_sentence(doc, quote, sentences):
            cue = _reported_just_before(doc, quote, first_sentence, cues_here)
            if cue:
                link = Link(quote.start, quote.end, "direct", cue, "after reported speech")
        if link is None and _fills_sentence(doc, quote, sentences) and quote.text(doc.text).rstrip()[-1:] in ".?!":
            narrator = _narrator(doc, quote, first_sentence)
            if narrator is not None:
                link = Link(quote.start, quote.end, "direct", None, "narration", narrator=narrator)
        if link is None:
            if len(words) >= MIN_UNATTRIBUTED_WORDS and _fills_sentence(doc, quote, sentences):
                links.append(Link(quote.start, quote.end, "direct", None, "unattributed"))
            continue
        if cue_ranker is not None and link.cue is not None:
            link = best_cue(doc, quote, link, cues if ranked_cues is None else ranked_cues, cue_ranker)
        links.append(link)
        if link.cue is not None or link.narrator is not None:
            previous = (link, sentences[-1].index, sentences[-1].paragraph)
    return links


def _closes_its_sentence(doc: Document, phrase: Word) -> bool:
    """`..., according to a new poll.`: a phrase after a comma that ends its sentence, where it
    frames the whole sentence, however the parse attached it."""
    words = doc.subtree(phrase.index)
    first = words[0].index if words[0].text == "," else words[0].index - 1
    after = doc.words[words[-1].index + 1:doc.sentences[phrase.sentence].last + 1]
    return first >= 0 and doc.words[first].text == "," and all(w.upos == "PUNCT" for w in after)


def _sentence_root(doc: Document, word: Word) -> Word:
    """The root of a word's sentence, up its chain of heads."""
    return next((w for w in doc.ancestors(word) if w.head < 0), word)


def _has_that(doc: Document, clause: Word) -> bool:
    """The clause opens with the complementizer `that`."""
    return any(m.lemma.lower() == "that" for m in doc.children(clause.index, "mark"))


def _content_words(doc: Document, cue: Cue) -> list[Word] | None:
    """The reported clause of a cue: its clausal complement, or the clause it interrupts."""
    head = doc.words[cue.word]
    if cue.kind == "according":
        target = doc.head_of(head)
        clause = doc.head_of(target) if target is not None else None
        if clause is None or clause.sentence != head.sentence:
            return None
        if _closes_its_sentence(doc, target):
            clause = _sentence_root(doc, clause)
        skip = {w.index for w in doc.subtree(target.index)}
        return [w for w in doc.subtree(clause.index) if w.index not in skip]
    complements = [c for c in doc.children(head.index, "ccomp") if not sequel_participle(doc, c)] or [
        c for c in doc.children(head.index, "advcl")
        if _has_that(doc, c)] or [
        # `told reporters that ...`, `said in a statement that ...` parsed with the clause hanging off
        # the person told or the occasion
        c for o in doc.children(head.index, "obj", "iobj", "obl") for c in doc.children(o.index, "acl")
        if cue.kind == "speech" and _has_that(doc, c)]
    if cue.kind == "noun":
        complements = [c for c in doc.children(head.index, "acl", "ccomp")
                       if _has_that(doc, c)]
    if complements:
        clause = complements[0]
        # `said that it was in part [because ...]` with the reason hung on the cue
        trailing = [c for c in doc.children(head.index, *CLAUSE_TAIL) if c.index > clause.index]
        return sorted([w for c in [clause, *trailing] for w in doc.subtree(c.index)], key=lambda w: w.index)
    for xcomp in doc.children(head.index, "xcomp"):
        if cue.lemma(doc) in GOES_ON:
            break        # `went on to win the race` tells what happened next, not what was said
        if any(m.lemma.lower() == "to" for m in doc.children(xcomp.index, "mark")):
            return doc.subtree(xcomp.index)
    if head.deprel == "parataxis" and cue.kind == "speech":
        clause = doc.head_of(head)
        skip = {w.index for w in doc.subtree(head.index)}
        return [w for w in doc.subtree(clause.index) if w.index not in skip]
    return _object_content(doc, head, cue)


def _object_content(doc: Document, head: Word, cue: Cue) -> list[Word] | None:
    """What a cue verb takes as its object (`announced the arrest of a man`, `called the plan "a
    disaster"`, with the object's predicate); not the person spoken to (`told reporters`)."""
    if cue.kind not in ("speech", "cognition", "attitude") or head.lemma.lower() in word_list("addressee verbs"):
        return None
    objects = doc.children(head.index, "obj")
    if not objects:
        return _topic_content(doc, head)
    words = []
    for complement in doc.children(head.index):   # `called [the plan] [a disaster]`, `touted [her record] [as ...]`
        if complement.index >= objects[0].index and complement.relation in OBJECT_CONTENT:
            words += doc.subtree(complement.index)
    return sorted(words, key=lambda w: w.index)


GOES_ON = ("go on",)
TOPIC_PREPOSITIONS = ("about", "against", "for", "over", "of")
OBJECT_CONTENT = ("obj", "xcomp", "obl", "advmod")   # what follows a cue's object within its clause
CLAUSE_TAIL = ("advcl", "obl", "advmod")    # dependents of a cue after its clause that belong to the clause


def _topic_content(doc: Document, head: Word) -> list[Word] | None:
    """What a cue verb is about (`complained about the moderators`, `argued against the deal`,
    `called for a recount`), without the preposition."""
    for child in doc.children(head.index, "obl"):
        case = [c for c in doc.children(child.index, "case") if c.lemma.lower() in TOPIC_PREPOSITIONS]
        if case and child.index > head.index and not is_time(child):
            skip = {c.index for c in case}
            return [w for w in doc.subtree(child.index) if w.index not in skip]
    return None


def reported_speech(doc: Document, cues: dict[int, Cue], taken: list[tuple[int, int]],
                    content_ranker=None, quoting: set[int] = frozenset()) -> list[Link]:
    """Indirect speech: clauses reported by a cue, where no quote already covers them. With a
    ``content_ranker`` (a learned scorer), the clause is the best of the cue's candidate spans, but
    for the cues in ``quoting`` (those that introduce a quote), which report only the clause the rules
    give them."""
    links = []
    for cue in cues.values():
        if naming_participle(doc, doc.words[cue.word]):
            continue            # `a group called "Save the Bridge"` names the group, says nothing
        learned = content_ranker is not None and cue.word not in quoting
        if _frames_speech(doc, cue, cues):
            continue
        if learned and _reports_nothing(doc, cue):
            continue
        words = best_content(doc, cue, content_ranker) if learned else _content_words(doc, cue)
        if not words or (learned and _said_by_inner_cue(doc, words, cues, quoting)):
            continue
        content = _carried_on(doc, _content_span(doc, words), cue, cues)
        words = reported_clause(words)
        if len([w for w in words if w.upos != "PUNCT"]) < 2 or _refers_back(words):
            continue
        if cue.kind in ("cognition", "attitude") and speaker_word(doc, cue) is None:
            continue
        start, end = doc.span_of(words)
        if any(s < end and start < e for s, e in taken):
            continue
        links.append(Link(start, end, "indirect", cue, "reported", content=content))
    return _one_per_content(links)


def _reports_nothing(doc: Document, cue: Cue) -> bool:
    """An attitude cue without the clause, object or topic it would report (`turned to the crowd`)."""
    return cue.kind == "attitude" and not _content_words(doc, cue)


def reported_clause(words: list[Word]) -> list[Word]:
    """The words of a content that its attribution quotes as reported speech: without the
    complementizer (`that`) and edge punctuation."""
    words = [w for w in words if w.upos != "PUNCT" or words[0].index < w.index < words[-1].index]
    while words and (words[0].upos in ("SCONJ", "PUNCT") and words[0].lemma.lower() in ("that", ",", ":", "--", "—")):
        words = words[1:]
    while words and words[-1].upos == "PUNCT":      # `the bridge "must be rebuilt."` ends before its period
        words = words[:-1]
    return words


def _frames_speech(doc: Document, cue: Cue, cues: Mapping[int, Cue]) -> bool:
    """`was quoted as saying X`, `is expected to say X`: the cue frames a speech verb without a subject
    of its own, whose attribution reports X."""
    return any(child.index in cues and cues[child.index].kind == "speech" and child.upos == "VERB"
               and not doc.children(child.index, "nsubj", "nsubj:pass")
               and any(m.lemma.lower() in ("as", "to") for m in doc.children(child.index, "mark"))
               for child in doc.children(cue.word, "advcl", "xcomp"))


def _one_per_content(links: list[Link]) -> list[Link]:
    """One link per reported clause: `told him in a phone call that ...` reports the clause once, by the
    verb, not again by the noun that the parse hung the clause on."""
    kept: dict[tuple[int, int], Link] = {}
    for link in links:
        other = kept.get((link.start, link.end))
        if other is None or (other.cue.kind == "noun" and link.cue.kind != "noun"):
            kept[(link.start, link.end)] = link
    return [link for link in links if kept[(link.start, link.end)] is link]


_MARKS = ('"', "“", "”", "‘", "’")
BACK_REFERENCES = ("the", "this", "that", "these", "those", "such")


def _refers_back(words: list[Word]) -> bool:
    """`refuted the claims`, `denied these allegations`: a content that only points back at speech
    (a definite determiner and a noun of the cue lexicon, nothing more) reports nothing itself."""
    content = [w for w in words if w.upos != "PUNCT"]
    head = content[-1]
    return (len(content) <= 3 and content[0].lemma.lower() in BACK_REFERENCES and head.upos == "NOUN"
            and all(w.upos in ("DET", "ADJ") for w in content[:-1]) and load_lexicon().is_noun_cue(head.lemma))


def _content_span(doc: Document, words: list[Word]) -> tuple[int, int]:
    """A reported clause's content as PolNeAR marks it: its complementizer (`that`) included, edge
    punctuation left out but for quote marks."""
    while len(words) > 1 and words[0].upos == "PUNCT" and words[0].text not in _MARKS:
        words = words[1:]
    while len(words) > 1 and words[-1].upos == "PUNCT" and words[-1].text not in _MARKS:
        words = words[:-1]
    return _two_apostrophes(doc.text, *doc.span_of(words + _closing(doc, words)))


def _carried_on(doc: Document, content: tuple[int, int], cue: Cue, cues: Mapping[int, Cue]) -> tuple[int, int]:
    """A content that opens a quotation and does not close it ends where the quotation does, within
    its paragraph (`said Carson is "losing strength ... Iowa."`). One set in two apostrophes before its
    cue (`''A,'' said X, who ...`) goes on with each next sentence of the paragraph that opens two
    apostrophes of its own and has no cue outside them, as a quotation in marks does."""
    start, end = content
    text = doc.text
    paragraph_end = doc.paragraph_spans[doc.paragraph_at(start)][1]
    piece = text[start:end]
    last_straight = piece.rfind('"')
    if piece.count("“") > piece.count("”"):
        close = text.find("”", end, paragraph_end)
        end = close + 1 if close >= 0 else end
    elif piece.count('"') % 2 and last_straight > 0 and text[start + last_straight - 1].isspace():
        close = text.find('"', end, paragraph_end)
        end = close + 1 if close >= 0 else end
    if not piece.startswith("''") or end > doc.words[cue.word].start:
        return start, end
    sentence = doc.words[cue.word].sentence + 1
    while sentence < len(doc.sentences):
        first = doc.words[doc.sentences[sentence].first]
        close = text.find("''", first.start + 2, paragraph_end)
        if not text.startswith("''", first.start) or first.start >= paragraph_end or close < 0:
            break
        if any(i in cues and doc.words[i].start > close for i in doc.sentences[sentence].word_indices):
            break
        end = close + 2
        sentence = max([sentence] + [s.index for s in doc.sentences_overlapping(close, end)]) + 1
    return start, end


_APOSTROPHES_CLOSING = re.compile(r"[,.!?;:]?''")


def _two_apostrophes(text: str, start: int, end: int) -> tuple[int, int]:
    """Quotations set in two apostrophes (`called it ''a disgrace,''`, as in some wire and archive
    text), which are not quote marks to marks.py: a content that opens one ends after its closer, and
    a content they enclose takes them."""
    closing = _APOSTROPHES_CLOSING.match(text, end)
    if closing is None:
        return start, end
    if text.count("''", start, end) % 2:
        return start, closing.end()
    if text[max(start - 2, 0):start] == "''":
        return start - 2, closing.end()
    return start, end


_CLOSERS = {"“": "”", "(": ")", '"': '"'}


def _closing(doc: Document, words: list[Word]) -> list[Word]:
    """The punctuation right after a content that closes a mark or bracket it opens (`"...emails."`,
    `(TPP)`): PolNeAR's content ends with it."""
    text = doc.text[slice(*doc.span_of(words))]
    open_marks = [c for c, close in _CLOSERS.items()
                  if (text.count(c) % 2 if c == close else text.count(c) - text.count(close)) > 0]
    following = []
    for word in doc.words[words[-1].index + 1:words[-1].index + 3]:
        if word.upos != "PUNCT" or word.sentence != words[-1].sentence:
            break
        following.append(word)
        if any(word.text.endswith(_CLOSERS[c]) for c in open_marks):
            return following
    return []


# -- learned cue choice for quotes (decision b) ----------------------------------

def quote_cue_candidates(doc: Document, quote: QuoteSpan, link: Link, cues: Mapping[int, Cue]) -> list[Cue]:
    """Cues that may introduce a quote: the rules' choice, and every cue outside the quote in its
    sentences and in the sentences just before and after it, in its paragraph."""
    sentences = doc.sentences_overlapping(quote.start, quote.end)
    if not sentences:
        return [link.cue] if link.cue else []
    first, last = sentences[0], sentences[-1]
    around = [s for s in (doc.sentences[first.index - 1] if first.index else None,
                          *sentences,
                          doc.sentences[last.index + 1] if last.index + 1 < len(doc.sentences) else None)
              if s is not None and s.paragraph in (first.paragraph, last.paragraph)]
    found = {link.cue.word: link.cue} if link.cue else {}
    for sentence in around:
        for index in sentence.word_indices:
            cue = cues.get(index)
            if cue is not None and not _inside(doc.words[index], quote):
                found.setdefault(index, cue)
    return list(found.values())


def quote_cue_features(doc: Document, quote: QuoteSpan, link: Link, cue: Cue) -> dict[str, float]:
    """Named features of one candidate cue for a quote: whether the rules chose it and by which rule,
    its kind, where it stands (before or after, how far, same sentence), how the parse joins it to
    the quote, and whether it has a speaker."""
    word = doc.words[cue.word]
    chosen = link.cue is not None and link.cue.word == cue.word
    before = word.end <= quote.start
    between = doc.words_between(word.end, quote.start) if before else doc.words_between(quote.end, word.start)
    distance = len([w for w in between if w.upos != "PUNCT"])
    sentences = doc.sentences_overlapping(quote.start, quote.end)
    same_sentence = any(s.index == word.sentence for s in sentences)
    quote_words = {w.index for w in doc.words_between(quote.start, quote.end)}
    governs = any(a.index == cue.word for w in quote_words for a in [doc.head_of(doc.words[w])] if a)
    dominates = any(cue.word == a.index for w in list(quote_words)[:1] for a in doc.ancestors(doc.words[w]))
    head = doc.head_of(word)
    hangs_off = head is not None and head.index in quote_words
    has_speaker = speaker_of(doc, cue, [(quote.start, quote.end)]) is not None
    kind = cue.kind
    lemma = cue.lemma(doc) if word.upos != "PROPN" else "PROPN"
    features = {
        "chosen": float(chosen), f"chosen|rule={link.rule}": float(chosen), f"rule={link.rule}": 1.0,
        f"kind={kind}": 1.0, f"kind={kind}|before={before}": 1.0, f"lemma={lemma}": 1.0,
        f"before={before}": 1.0, f"distance={size_bucket(distance)}": 1.0,
        f"distance={size_bucket(distance)}|before={before}": 1.0, "same_sentence": float(same_sentence),
        "governs": float(governs), "dominates": float(dominates), "hangs_off_quote": float(hangs_off),
        "has_speaker": float(has_speaker), f"deprel={word.deprel}": 1.0, f"xpos={word.xpos}": 1.0,
        f"has_speaker|kind={kind}": float(has_speaker), f"chosen|kind={kind}": float(chosen),
        "adjacent": float(not any(c.isalnum() for c in doc.text[word.end:quote.start] if before)
                          if before else not any(w.upos != "PUNCT" and w.index not in cue.words
                                                 for w in doc.words_between(quote.end, word.start))),
        "sequel": float(sequel_participle(doc, word)), "relative": float(word.deprel == "acl:relcl"),
        f"dominates|kind={kind}": float(dominates), f"governs|kind={kind}": float(governs),
    }
    return features


def best_cue(doc: Document, quote: QuoteSpan, link: Link, cues: Mapping[int, Cue], scorer) -> Link:
    """The link with the learned scorer's best cue among the quote's candidates."""
    candidates = quote_cue_candidates(doc, quote, link, cues)
    best = max(candidates, key=lambda cue: scorer.logit(quote_cue_features(doc, quote, link, cue)))
    if best.word == link.cue.word:
        return link
    return Link(link.start, link.end, link.kind, best, link.rule + ", ranked", link.inherited, link.narrator)


# -- learned content span of reported speech (decision d) ----------------------------

CONTENT_RELATIONS = ("ccomp", "xcomp", "obj", "iobj", "obl", "advcl", "acl", "nmod", "csubj", "parataxis",
                     "dep", "nsubj")
HOST_RELATIONS = ("parataxis", "advcl", "conj", "acl", "acl:relcl", "ccomp", "xcomp", "dep", "amod", "advmod")


def content_candidates(doc: Document, cue: Cue) -> list[tuple[str, list[Word]]]:
    """Spans that may be what a cue reports, each with where it comes from: the rules' reported clause,
    the subtree of each dependent of the cue, and the clause that the cue interrupts or modifies."""
    found: list[tuple[str, list[Word]]] = []
    rule = _content_words(doc, cue)
    if rule:
        found.append(("rule", rule))
    # `went on to win the race` tells what happened next, not what was said: only the rules' clause
    if cue.lemma(doc) not in GOES_ON:
        found += _other_content_candidates(doc, cue)
    found += _to_sentence_edges(doc, cue, found)
    found += _cut_at_boundaries(doc, cue, found)
    trimmed, seen = [], set()
    for source, words in found:
        words = _before_according_to(doc, [w for w in words if w.index not in cue.words])
        if source.startswith(("child=obl", "child=nmod")):   # `complained about [the moderators]`
            while words and words[0].upos == "ADP" and words[0].deprel == "case":
                words = words[1:]
        if len(words) > 2 and words[0].upos in ("ADV", "CCONJ") and words[1].text == ",":
            words = words[2:]          # `said, however, that ...`
        while words and words[0].upos == "PUNCT" and words[0].text not in ('"', "“", "‘", "'"):
            words = words[1:]
        while words and words[-1].upos == "PUNCT" and words[-1].text not in ('"', "”", "’", "'"):
            words = words[:-1]
        span = doc.span_of(words) if words else None
        if span is not None and span not in seen:
            seen.add(span)
            trimmed.append((source, words))
    return trimmed


def _before_according_to(doc: Document, words: list[Word]) -> list[Word]:
    """A span up to an `according to` inside it (`[they prefer lower prices], according to a poll`):
    what follows is the source of another attribution, whose content the span is."""
    return next((words[:number] for number in range(1, len(words))
                 if according_to_cue(doc, words[number]) is not None), words)


def _to_sentence_edges(doc: Document, cue: Cue, found: list[tuple[str, list[Word]]]) -> list[tuple[str, list[Word]]]:
    """Each candidate after the cue carried on to the end of its sentence, and each candidate before it
    from the sentence's start: PolNeAR's content takes the coordinated clause or the phrase that the
    parse hung on the cue (`said that he would not support it [in its original form]`)."""
    head = doc.words[cue.word]
    sentence = doc.sentences[head.sentence]
    extended = []
    for source, words in found:
        if words[0].index > head.index and words[-1].index < sentence.last:
            extended.append((source + "+rest", words + doc.words[words[-1].index + 1:sentence.last + 1]))
        elif words[-1].index < head.index and words[0].index > sentence.first:
            extended.append(("start+" + source, doc.words[sentence.first:words[0].index] + words))
    return extended


BOUNDARIES = (",", ";", ":", "--", "—", "–", "-", "(")
MAX_CUTS = 3     # the shortest cuts of a candidate at its boundaries that are tried


def _cut_at_boundaries(doc: Document, cue: Cue, found: list[tuple[str, list[Word]]]) -> list[tuple[str, list[Word]]]:
    """Each candidate after the cue also cut short before a comma, semicolon, colon, dash or bracket
    inside it: PolNeAR's content stops where the reported clause does (`said X is "about right,"
    [though voters ...]`), which the parse often does not show."""
    head = doc.words[cue.word]
    cuts = []
    for source, words in found:
        if words[0].index < head.index or len(words) < 4:
            continue
        ends = [n for n in range(2, len(words)) if words[n].text in BOUNDARIES
                and words[n].index == words[n - 1].index + 1][:MAX_CUTS]
        cuts += [(f"{source}|cut", words[:n]) for n in ends]
    return cuts


CLAUSES_OF_DEPENDENTS = ("ccomp", "acl", "advcl", "xcomp")


def _other_content_candidates(doc: Document, cue: Cue) -> list[tuple[str, list[Word]]]:
    """The subtree of each dependent of the cue, the clause a dependent takes (`expressed [concern]
    [that ...]`, `continued [to say] [he ...]`), the clause that the cue interrupts or modifies, and for
    a cue with a subject and an infinitive (`X is expected to win`, `X appears to slip`) both of them."""
    head = doc.words[cue.word]
    children = [child for child in doc.children(head.index)
                if child.relation in CONTENT_RELATIONS and child.index not in cue.words]
    found = [(f"child={child.deprel}", doc.subtree(child.index)) for child in children]
    found += [(f"grandchild={child.relation}>{clause.relation}", doc.subtree(clause.index))
              for child in children for clause in doc.children(child.index, *CLAUSES_OF_DEPENDENTS)
              if clause.index > head.index]
    subjects = doc.children(head.index, "nsubj", "nsubj:pass")
    infinitives = [x for x in doc.children(head.index, "xcomp")
                   if any(m.lemma.lower() == "to" for m in doc.children(x.index, "mark"))]
    if subjects and infinitives and subjects[0].index < head.index < infinitives[0].index:
        found.append(("subject+xcomp", doc.subtree(subjects[0].index) + doc.subtree(infinitives[0].index)))
    parent = doc.head_of(head)
    if parent is not None and parent.sentence == head.sentence and (
            head.deprel in HOST_RELATIONS or head.relation in HOST_RELATIONS):
        skip = {w.index for w in doc.subtree(head.index)}
        found.append((f"host={head.deprel}", [w for w in doc.subtree(parent.index) if w.index not in skip]))
    return found + _around_cue(doc, cue)


PARENTHETICAL_WORDS = 6   # the longest `, Ann Hill said,` aside within a reported sentence


def _around_cue(doc: Document, cue: Cue) -> list[tuple[str, list[Word]]]:
    """The sentence around a cue that follows a comma, whatever the parse made of it: what leads up to
    the comma (`Defending it is within his wheelhouse, said a handful of Democrats`), and for an aside
    between commas (`Democrats, Frank notes, applaud ...`) the sentence without it."""
    sentence = doc.sentences[doc.words[cue.word].sentence]
    first, last = min(cue.words), max(cue.words)
    comma = next((i for i in range(first - 1, max(sentence.first, first - PARENTHETICAL_WORDS) - 1, -1)
                  if doc.words[i].text == ","), None)
    if comma is None or comma - sentence.first < 3:
        return []
    found = [("lead", doc.words[sentence.first:comma])] if comma == first - 1 else []
    if last < sentence.last and doc.words[last + 1].text == ",":
        rest = doc.words[last + 2:sentence.last + 1]
        if len([w for w in rest if w.upos != "PUNCT"]) >= 2:
            found.append(("around", doc.words[sentence.first:comma] + rest))
    return found


def content_features(doc: Document, cue: Cue, source: str, words: list[Word], rule_span,
                     speaker: int | None = None) -> dict[str, float]:
    """Named features of one candidate content span of a cue (``speaker``: the head word of the cue's
    speaker by the rules, if any)."""
    head = doc.words[cue.word]
    top = [w for w in words if w.head not in {x.index for x in words}]
    root = top[0] if top else words[0]
    after = words[0].index > head.index
    size = len([w for w in words if w.upos != "PUNCT"])
    span = doc.span_of(words)
    same_as_rule = rule_span is not None and span == rule_span
    kind = cue.kind
    return {
        f"source={source}": 1.0, f"source={source}|kind={kind}": 1.0, f"source={source}|upos={head.upos}": 1.0,
        f"source={source}|after={after}": 1.0, f"size={size_bucket(size)}": 1.0,
        f"size={size_bucket(size)}|source={source}": 1.0, "same_as_rule": float(same_as_rule),
        f"root_upos={root.upos}": 1.0, f"root_upos={root.upos}|source={source}": 1.0,
        "clause": float(bool(doc.children(root.index, "nsubj", "nsubj:pass"))),
        f"clause|source={source}": float(bool(doc.children(root.index, "nsubj", "nsubj:pass"))),
        f"opens={words[0].lemma.lower() if words[0].upos in ('SCONJ', 'PART', 'ADP') else words[0].upos}": 1.0,
        f"lemma={head.lemma.lower()}|source={source}": 1.0,
        "quoted": float(any(w.text in ('"', "“", "”") for w in words)),
        **_left_out(doc, head, words),
        "holds_speaker": float(speaker is not None and any(w.index == speaker for w in words)),
        **_holds_cue(doc, head, words),
        "holds_cue_time": float(any(w.head == head.index and is_time(w) for w in words)),
    }


def _holds_cue(doc: Document, head: Word, words: list[Word]) -> dict[str, float]:
    """Whether the candidate holds a speech verb of the lexicon with a subject of its own (`[X said A,
    but X] did not say`): the content of another attribution, not of this cue."""
    verbs = load_lexicon().verbs
    inner = any(w.index != head.index and w.upos == "VERB" and verbs.get(w.lemma.lower()) == "speech"
                and doc.children(w.index, "nsubj", "nsubj:pass") for w in words)
    side = "after" if words[0].index > head.index else "before"
    return {"holds_cue": float(inner), f"holds_cue|{side}": float(inner)}


CLOSED_CLASSES = ("CCONJ", "SCONJ", "ADP", "ADV", "PRON", "DET", "AUX")


def _left_out(doc: Document, head: Word, words: list[Word]) -> dict[str, float]:
    """What a candidate leaves of its sentence on its far side from the cue: how many words, the first
    of them (`,`, `and`, a preposition, a verb) and the first that is not punctuation (`, though`)."""
    sentence = doc.sentences[head.sentence]
    if words[0].index > head.index:
        rest = doc.words[words[-1].index + 1:sentence.last + 1]
        side = "after"
    else:
        rest = list(reversed(doc.words[sentence.first:words[0].index]))
        side = "before"
    content = [w for w in rest if w.upos != "PUNCT"]
    first = rest[0] if rest else None
    shown = "none" if first is None else first.lemma.lower() if first.upos in ("PUNCT", "CCONJ", "ADP", "SCONJ") else first.upos
    word = content[0] if content else None
    next_word = "none" if word is None else word.lemma.lower() if word.upos in CLOSED_CLASSES else word.upos
    return {f"left_{side}={size_bucket(len(content))}": 1.0, f"left_{side}_first={shown}": 1.0,
            f"left_{side}_word={next_word}": 1.0,
            f"left_{side}_clause": float(any(doc.children(w.index, "nsubj", "nsubj:pass") for w in content)),
            f"left_{side}_on_cue": float(any(w.head == head.index for w in content))}


def _said_by_inner_cue(doc: Document, words: list[Word], cues: Mapping[int, Cue], quoting: set[int]) -> bool:
    """`was quoted as saying X`, `went on to say X`, `issued a statement calling it "a mistake"`: the
    content's head is a subjectless cue of its own (a speech cue, or one that introduces a quote),
    whose attribution says it (the outer verb only frames the inner one)."""
    inside = {w.index for w in words}
    top = next((w for w in words if w.head not in inside), None)
    return (top is not None and (top.index in quoting or (top.index in cues and cues[top.index].kind == "speech"))
            and not doc.children(top.index, "nsubj", "nsubj:pass"))


def best_content(doc: Document, cue: Cue, scorer) -> list[Word] | None:
    """The candidate content span of a cue that the learned scorer ranks first."""
    candidates = content_candidates(doc, cue)
    if not candidates:
        return None
    rule = next((doc.span_of(words) for source, words in candidates if source == "rule"), None)
    speaker = speaker_head(doc, cue)
    return max(candidates, key=lambda c: scorer.logit(content_features(doc, cue, c[0], c[1], rule, speaker)))[1]


def speaker_head(doc: Document, cue: Cue) -> int | None:
    """The head word of a cue's speaker by the rules."""
    mention = speaker_of(doc, cue)
    return mention.head if mention is not None else None

