"""Stage: PolNeAR's spans, learned. A BiLSTM tagger labels each word of a text line as source,
cue or content (BIO), from pretrained word vectors and parse features. Its spans give each
attribution's source, cue phrase and content extent, and its cues the rules missed become
attributions of their own (``extra_links``).

The model is a torch ``state_dict`` with its vocabularies, in one file loaded with
``weights_only=True``; ``quotes/training/spans.py`` trains it.
"""

from __future__ import annotations

import bisect
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from .document import Document, Word
from .lexicon import Lexicon, load_lexicon

MODEL_FILE = Path(__file__).parent / "data" / "span_tagger.pt"
MODEL_ENV = "QUOTES_SPAN_MODEL"
FORMAT, FORMAT_VERSION = "quotes-span-tagger", 1
LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
ROLES = ("source", "cue", "content")
FEATURES = ("upos", "deprel", "shape", "quoted", "lexicon", "head", "head upos", "head lexicon",
            "cue ancestor", "cue branch", "punct", "edge")
_QUOTE_MARKS = set("\"'“”‘’«»`")
_ANCESTOR_STEPS = 6


class SpanModelError(RuntimeError):
    """The span tagger's model file is missing or unreadable."""


def _bucket(distance: int) -> str:
    size = abs(distance)
    label = str(size) if size <= 2 else "3-5" if size <= 5 else "6-10" if size <= 10 else "11+"
    return ("L" if distance < 0 else "R") + label


def _shape(word: Word) -> str:
    text = word.text
    if text[:1].isupper():
        return "Xx" if not text.isupper() or len(text) == 1 else "XX"
    if text[:1].isdigit():
        return "d"
    return "x" if text[:1].isalpha() else "p"


def _lexicon_kind(word: Word, lexicon: Lexicon) -> str:
    kind = lexicon.verb_kind(word.lemma) or "-"
    return kind + ("/noun" if lexicon.is_noun_cue(word.lemma) else "")


def line_starts(text: str) -> list[int]:
    """The offset at which each line of a text starts."""
    return [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]


def lines_of(doc: Document) -> list[list[int]]:
    """The words of each non-empty text line, as word indices."""
    starts = line_starts(doc.text)
    lines: dict[int, list[int]] = {}
    for word in doc.words:
        lines.setdefault(bisect.bisect_right(starts, word.start) - 1, []).append(word.index)
    return [lines[number] for number in sorted(lines)]


def word_features(doc: Document, quoted: set[int], lexicon: Lexicon | None = None) -> list[tuple[str, ...]]:
    """Each word's feature values, in the order of ``FEATURES``."""
    lexicon = lexicon or load_lexicon()
    kinds = [_lexicon_kind(w, lexicon) for w in doc.words]
    firsts = {s.first for s in doc.sentences}
    lasts = {s.last for s in doc.sentences}
    rows = []
    for word in doc.words:
        head = doc.words[word.head] if word.head >= 0 else None
        ancestor, branch, below = "-", "-", word
        for steps, above in enumerate(doc.ancestors(word), 1):
            if steps > _ANCESTOR_STEPS:
                break
            if kinds[above.index] != "-":
                ancestor = f"{_bucket(steps)}:{kinds[above.index]}"
                branch = f"{kinds[above.index]}:{below.deprel}"
                break
            below = above
        rows.append((
            word.upos, word.deprel, _shape(word),
            "mark" if word.text in _QUOTE_MARKS or word.text in ("''", "``") else
            "in" if word.index in quoted else "out",
            kinds[word.index],
            _bucket(word.head - word.index) if head is not None else "root",
            head.upos if head is not None else "root",
            kinds[head.index] if head is not None else "root",
            ancestor, branch,
            word.text if word.upos == "PUNCT" else "-",
            "first" if word.index in firsts else "last" if word.index in lasts else "-",
        ))
    return rows


@dataclass(frozen=True)
class TaggedSpan:
    role: str
    first: int      # word indices, inclusive
    last: int

    def chars(self, doc: Document) -> tuple[int, int]:
        return doc.words[self.first].start, doc.words[self.last].end


def decode(labels: list[int], words: list[int]) -> list[TaggedSpan]:
    """Spans of one line's labels: B- starts a span, I- goes on with one of its role (or starts one)."""
    spans: list[TaggedSpan] = []
    role, first, last = None, None, None
    for label, index in zip(labels, words):
        name = LABELS[label]
        if name == "O" or name.startswith("B-") or name[2:] != role:
            if role is not None:
                spans.append(TaggedSpan(role, first, last))
            role, first = (None, None) if name == "O" else (name[2:], index)
        last = index
    if role is not None:
        spans.append(TaggedSpan(role, first, last))
    return spans


# PolNeAR's content ends before the comma or period after it (about 200 of 19,800 train contents end on one)
_TRAILING = (",", ".", ";", ":", "-", "--", "–", "—")


def _without_trailing_punctuation(doc: Document, span: TaggedSpan) -> TaggedSpan | None:
    """A content span without the punctuation it ends on (`that the bill would pass[,]`)."""
    last = span.last
    while span.role == "content" and last >= span.first and doc.words[last].text in _TRAILING:
        last -= 1
    return None if last < span.first else TaggedSpan(span.role, span.first, last)


_NEVER = -1e4    # the score of a label sequence that breaks BIO


@functools.lru_cache(maxsize=1)
def _bio_scores():
    """Start and transition scores that allow I-x only right after B-x or I-x (made once; never
    changed in place)."""
    import torch

    starts, follows = torch.zeros(len(LABELS)), torch.zeros(len(LABELS), len(LABELS))
    for label, name in enumerate(LABELS):
        if name.startswith("I-"):
            starts[label] = _NEVER
            for previous, before in enumerate(LABELS):
                if before[2:] != name[2:]:
                    follows[previous, label] = _NEVER
    return starts, follows


def best_labels(logits, lengths) -> list[list[int]]:
    """Each row's most probable label sequence that obeys BIO (Viterbi over the tagger's
    log-probabilities), so that a span is never cut in two by one uncertain word."""
    import torch

    scores = logits.log_softmax(-1)
    rows, longest, count = scores.shape
    starts, follows = _bio_scores()
    score, pointers = scores[:, 0] + starts, []
    stay = torch.arange(count).expand(rows, count)
    for position in range(1, longest):
        best, pointer = (score[:, :, None] + follows + scores[:, position, None, :]).max(1)
        going_on = (position < lengths)[:, None]
        score = torch.where(going_on, best, score)
        pointers.append(torch.where(going_on, pointer, stay))    # a finished row keeps its last label
    label = score.argmax(-1)
    path = [label]
    for pointer in reversed(pointers):
        label = pointer.gather(1, label[:, None]).squeeze(1)
        path.append(label)
    return torch.stack(path[::-1], 1).tolist()


def build_network(vector_rows: int, vector_dim: int, feature_sizes: list[int], config: dict):
    """The tagger's network: word vectors and feature embeddings into a BiLSTM and a linear layer."""
    import torch
    from torch import nn

    class Network(nn.Module):
        def __init__(self):
            super().__init__()
            self.vectors = nn.Embedding(vector_rows, vector_dim, padding_idx=0)
            self.vectors.weight.requires_grad = False
            self.features = nn.ModuleList(nn.Embedding(size, config["feature_dim"], padding_idx=0)
                                          for size in feature_sizes)
            width = vector_dim + config["feature_dim"] * len(feature_sizes)
            self.dropout = nn.Dropout(config["dropout"])
            self.lstm = nn.LSTM(width, config["hidden"], num_layers=config["layers"], batch_first=True,
                                bidirectional=True, dropout=config["dropout"] if config["layers"] > 1 else 0.0)
            self.output = nn.Linear(2 * config["hidden"], len(LABELS))

        def forward(self, words, features, lengths):
            parts = [self.vectors(words)] + [embed(features[:, :, i]) for i, embed in enumerate(self.features)]
            packed = nn.utils.rnn.pack_padded_sequence(self.dropout(torch.cat(parts, dim=-1)), lengths.cpu(),
                                                       batch_first=True, enforce_sorted=False)
            hidden, _ = self.lstm(packed)
            hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True)
            return self.output(self.dropout(hidden))

    return Network()


class SpanTagger:
    """A trained tagger with its vocabularies: ``tag(doc, quoted)`` gives the spans of an article."""

    def __init__(self, network, vocabularies: dict[str, list[str]], config: dict):
        self.network = network.eval()
        self.config = config
        self.words = {w: i for i, w in enumerate(vocabularies["words"])}
        self.values = [{v: i for i, v in enumerate(vocabularies[name])} for name in FEATURES]

    def encode(self, doc: Document, quoted: set[int]) -> tuple[list[int], list[list[int]]]:
        """Word-vector rows and feature ids of every word of an article (1 = unknown)."""
        words = [self.words.get(w.text.lower(), 1) for w in doc.words]
        features = [[values.get(v, 1) for values, v in zip(self.values, row)]
                    for row in word_features(doc, quoted)]
        return words, features

    def tag(self, doc: Document, quoted: set[int]) -> list[TaggedSpan]:
        import torch

        if not doc.words:
            return []
        words, features = self.encode(doc, quoted)
        lines = lines_of(doc)
        longest = max(len(line) for line in lines)
        word_ids = torch.zeros((len(lines), longest), dtype=torch.long)
        feature_ids = torch.zeros((len(lines), longest, len(FEATURES)), dtype=torch.long)
        for row, line in enumerate(lines):
            word_ids[row, :len(line)] = torch.tensor([words[i] for i in line])
            feature_ids[row, :len(line)] = torch.tensor([features[i] for i in line])
        lengths = torch.tensor([len(line) for line in lines])
        with torch.inference_mode():
            best = best_labels(self.network(word_ids, feature_ids, lengths), lengths)
        spans = [span for row, line in enumerate(lines) for span in decode(best[row][:len(line)], line)]
        trimmed = [_without_trailing_punctuation(doc, span) for span in spans]
        return [span for span in trimmed if span is not None]

    def to_file(self, path: Path, vocabularies: dict[str, list[str]], meta: dict | None = None) -> None:
        import torch

        state = {k: (v.half() if v.is_floating_point() else v) for k, v in self.network.state_dict().items()}
        torch.save({"format": FORMAT, "version": FORMAT_VERSION, "config": self.config,
                    "vocabularies": vocabularies, "state": state, "meta": meta or {}}, path)


def model_path() -> Path:
    chosen = os.environ.get(MODEL_ENV)
    return Path(chosen).expanduser() if chosen else MODEL_FILE


@functools.lru_cache(maxsize=4)
def load_span_tagger(path: Path | None = None) -> SpanTagger:
    """The span tagger of a model file; read once per process."""
    import torch

    path = model_path() if path is None else path
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise SpanModelError(f"span tagger model missing: {path} (rebuild it with "
                             f"python scripts/train_attribution.py)") from None
    except Exception as error:    # torch raises many kinds on a truncated or foreign file
        raise SpanModelError(f"span tagger model {path} is unreadable: {type(error).__name__}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise SpanModelError(f"span tagger model {path} is not a {FORMAT} file of version {FORMAT_VERSION}")
    try:
        vocabularies, config, state = data["vocabularies"], data["config"], data["state"]
        network = build_network(len(vocabularies["words"]), config["vector_dim"],
                                [len(vocabularies[name]) for name in FEATURES], config)
        network.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
    except (KeyError, TypeError, ValueError, RuntimeError) as error:
        raise SpanModelError(f"span tagger model {path} is corrupt: {type(error).__name__}") from None
    return SpanTagger(network, vocabularies, config)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _best(spans: list[tuple[int, int]], target: tuple[int, int], least: float) -> tuple[int, int] | None:
    """The span sharing most characters with ``target``, if their Jaccard overlap is at least ``least``."""
    if not spans:
        return None
    best = max(spans, key=lambda span: _overlap(span, target))
    shared = _overlap(best, target)
    union = max(best[1], target[1]) - min(best[0], target[0])
    return best if shared and shared >= least * union else None


_CORE = ("nsubj", "nsubj:pass", "csubj", "obj", "ccomp", "xcomp")


def _clause_core(doc: Document, starts: list[int], start: int, end: int, own: list[tuple[int, int]]) -> list[int]:
    """Where the head of the words in a character span starts, and each of its subjects and
    complements in the span, leaving out the words of the ``own`` spans (an attribution's cue and
    speaker): a content that stands for the span must hold them all."""
    words = doc.words[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
    own = [(s, e) for s, e in own if s < end and start < e]
    inside = {w.index for w in words if not any(s < w.end and w.start < e for s, e in own)}
    head = next((w for w in words if w.index in inside and w.head not in inside), None)
    if head is None:
        return []
    return [head.start, *(c.start for c in doc.children(head.index, *_CORE) if c.index in inside)]


# cues whose spans the layout fixes (a transcript's speaker label, a headline's colon, a dash):
# the rules' spans stand
_LAID_OUT = ("label", "headline", "dash")


def _interrupted(result, own: list[tuple[int, int]]) -> bool:
    """Whether the rules' content runs on past its own cue or speaker (`"A," said X. "B."`): one
    content in pieces, whose extent the tagger's spans (one piece each) would cut short."""
    return any(result.content_start < s and e < result.content_end for s, e in own)


def confirmed(doc: Document, result, kind: str | None, tagged: list[TaggedSpan], roles=("cue",),
              outer: list[tuple[int, int]] = ()) -> bool:
    """Whether the tagger backs a reported clause the rules found: in each of ``roles`` (content,
    cue) a span of its own overlaps the clause's span in that role. Quotations in marks,
    attributions the tagger made, cues that the layout fixes and cues inside another
    attribution's content or source (``outer``: BIO labels cannot nest one attribution in
    another) need no backing."""
    if result.kind != "indirect" or result.rule == "span tagger" or result.cue_start is None or kind in _LAID_OUT:
        return True
    if any(s <= result.cue_start and result.cue_end <= e for s, e in outer):
        return True
    mine = {"content": (result.content_start, result.content_end), "cue": (result.cue_start, result.cue_end)}
    return all(any(span.role == role and _overlap(span.chars(doc), mine[role]) for span in tagged) for role in roles)


def backed(doc: Document, results: list, cue_kinds: list, tagged: list[TaggedSpan], roles) -> list:
    """The ``results`` that ``confirmed`` keeps, each tested against the others' contents and sources."""
    spans = [[(r.content_start, r.content_end)] + ([(r.source_start, r.source_end)] if r.source_start is not None
                                                    else []) for r in results]
    return [result for number, (result, kind) in enumerate(zip(results, cue_kinds))
            if confirmed(doc, result, kind, tagged, roles,
                         [span for other, own in enumerate(spans) if other != number for span in own])]


def apply_spans(doc: Document, results: list, cue_kinds: list, tagged: list[TaggedSpan], least: float = 0.3,
                content_least: float | None = None) -> None:
    """Give each attribution the tagger's content, source and cue phrase where they overlap the
    ones the rules found (a Jaccard overlap of at least ``least``, for the content
    ``content_least`` where given; 0 takes any overlap): a content that leaves out the
    attribution's cue and speaker, a source that holds the speaker's mention, a cue phrase that
    holds the cue. A content keeps the head of the rules' one with its subjects and complements
    (`[Most voters say they prefer lower prices], according to a poll` is not cut down to `Most
    voters say`). ``cue_kinds`` are the kinds of the results' cues (None without one)."""
    by_role = {role: [s.chars(doc) for s in tagged if s.role == role] for role in ROLES}
    starts = [w.start for w in doc.words]
    for result, kind in zip(results, cue_kinds):
        if kind in _LAID_OUT:
            continue
        own = [(result.cue_start, result.cue_end), (result.speaker_start, result.speaker_end)]
        own = [span for span in own if span[0] is not None]
        if result.content_start is not None and not _interrupted(result, own):
            core = _clause_core(doc, starts, result.content_start, result.content_end, own)
            spans = [c for c in by_role["content"] if c[0] < result.content_end and result.content_start < c[1]
                     and all(c[0] <= at < c[1] for at in core) and not any(_overlap(c, span) for span in own)]
            found = _best(spans, (result.content_start, result.content_end),
                          least if content_least is None else content_least)
            if found is not None:
                result.content_start, result.content_end = found
                result.content = doc.text[found[0]:found[1]]
        if result.source_start is not None:
            mention = (result.speaker_start, result.speaker_end)
            spans = [c for c in by_role["source"] if _overlap(c, mention)]
            found = _best(spans, (result.source_start, result.source_end), least)
            if found is not None:
                result.source_start, result.source_end = found
        if result.cue_start is not None:
            found = _best(by_role["cue"], (result.cue_start, result.cue_end), 0.0)
            if found is not None:
                result.cue_phrase_start, result.cue_phrase_end = found


def _span_head(doc: Document, span: TaggedSpan) -> Word:
    """The word of a span whose head lies outside it (the first such), preferring a verb."""
    inside = range(span.first, span.last + 1)
    roots = [doc.words[i] for i in inside if doc.words[i].head not in inside]
    verbs = [w for w in roots if w.upos in ("VERB", "AUX")] or [doc.words[i] for i in inside
                                                                if doc.words[i].upos == "VERB"]
    return (verbs or roots or [doc.words[span.first]])[0]


def _says_something(doc: Document, content: TaggedSpan) -> bool:
    """Whether a content is a clause or a quotation, not a bare noun phrase (`refuted the claims`)."""
    words = doc.words[content.first:content.last + 1]
    return words[0].text in _QUOTE_MARKS or any(w.upos in ("VERB", "AUX") for w in words)


def _reports_a_thing(doc: Document, head: Word, content: TaggedSpan, taken_cues: set[int]) -> bool:
    """Whether a cue reports the bare noun phrase it takes (`decried the decision`, `calls for
    action`): no cue that hangs on it or on the phrase goes on to say what it reports (`refuted
    the claims, saying ...`, `issued a statement calling ...`)."""
    holders = {head.index, *range(content.first, content.last + 1)}
    return not any(doc.words[w].head in holders for w in taken_cues)


def extra_links(doc: Document, tagged: list[TaggedSpan], links: list, quotes: list,
                lexicon: Lexicon | None = None) -> list:
    """Links for the tagger's cues that no rule link has: each with the nearest content the tagger
    found on its line, unless another link already has that content, it touches a span in quote
    marks (whether those are a quotation is the rules' decision), or it is a bare noun phrase that
    its cue does not report (see ``_reports_a_thing``)."""
    from .cues import Cue
    from .link import Link, reported_clause

    lexicon = lexicon or load_lexicon()
    starts = line_starts(doc.text)
    taken_cues = {link.cue.word for link in links if link.cue is not None}
    taken = [link.content or (link.start, link.end) for link in links] + [(q.start - 1, q.end + 1) for q in quotes]
    contents = [s for s in tagged if s.role == "content"]
    found = []
    for span in tagged:
        if span.role != "cue" or any(span.first <= w <= span.last for w in taken_cues):
            continue
        if not any(doc.words[i].text[:1].isalnum() for i in range(span.first, span.last + 1)):
            continue    # a colon or dash attributes by the layout, which the rules read (`Ted Cruz: ...?`)
        line = bisect.bisect_right(starts, doc.words[span.first].start)
        near = [c for c in contents if bisect.bisect_right(starts, doc.words[c.first].start) == line]
        if not near:
            continue
        content = min(near, key=lambda c: min(abs(c.first - span.last), abs(span.first - c.last)))
        chars = content.chars(doc)
        if any(_overlap(chars, other) for other in taken):
            continue
        head = _span_head(doc, span)
        known = lexicon.verb_kind(head.lemma)
        if not _says_something(doc, content) and (known is None or not _reports_a_thing(doc, head, content,
                                                                                        taken_cues)):
            continue    # a bare noun phrase is reported only by a word of the lexicon (`met Hillary`: no)
        kind = known or ("noun" if head.upos == "NOUN" else "attitude")
        cue = Cue(head.index, kind, tuple(range(span.first, span.last + 1)))
        clause = reported_clause(doc.words[content.first:content.last + 1]) or [doc.words[content.first]]
        found.append(Link(clause[0].start, clause[-1].end, "indirect", cue, "span tagger", content=chars))
        taken.append(chars)
    return found
