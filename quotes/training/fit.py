"""Fitting the attribution scorers: examples from gold articles, logistic regression, cross-validation.

Each decision has an example builder: the candidates a stage considers, their features (computed by
the stage's own feature function, so training and inference see the same features) and a label
from the gold attributions. Models are fitted with scikit-learn and kept as ``LinearScorer``s.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from ..attribution.cues import cue_candidates, cue_word_features, quoted_words
from ..attribution.document import Document
from ..attribution.lexicon import load_lexicon
from ..attribution.marks import find_quotes
from ..attribution.scorer import LinearScorer
from .corpus import CorpusArticle

MIN_FEATURE_COUNT = 3     # features seen fewer times in the training folds are dropped


def span_heads(doc: Document, spans: Iterable[tuple[int, int]]) -> set[int]:
    """The head word of each span: the first word in it whose head lies outside it."""
    heads = set()
    for start, end in spans:
        words = doc.words_between(start, end) or [w for w in doc.words if w.start < end and start < w.end]
        inside = {w.index for w in words}
        top = [w for w in words if w.head not in inside and w.upos != "PUNCT"]
        if top:
            heads.add(top[0].index)
    return heads


def cue_examples(article: CorpusArticle, scorers: dict, in_lexicon: bool = True) -> tuple[list[dict], list[int]]:
    """Decision (d): every candidate word that is a lexicon cue (or, with ``in_lexicon`` false, that
    is not), labelled 1 when it heads a gold cue."""
    from ..attribution.cues import find_cues

    doc, lexicon = article.doc, load_lexicon()
    gold = span_heads(doc, [piece for annotation in article.gold.annotations for piece in annotation.cue])
    quoted = quoted_words(doc, find_quotes(doc.text))
    cues = find_cues(doc, lexicon)
    parts_of_cues = {i for cue in cues.values() for i in cue.words if i != cue.word}
    features, labels = [], []
    for word in cue_candidates(doc):
        if word.index in parts_of_cues:
            continue
        if (word.index in cues) != in_lexicon or (word.index in cues and cues[word.index].kind in ("according", "dash")):
            continue
        features.append(cue_word_features(doc, word, lexicon, word.index in quoted))
        labels.append(int(word.index in gold))
    return features, labels


def fit(features: list[dict], labels: list[int], c: float = 1.0, threshold: float = 0.5) -> LinearScorer:
    """Logistic regression over the features seen at least MIN_FEATURE_COUNT times."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for row in features for name in row)
    kept = [{k: v for k, v in row.items() if counts[k] >= MIN_FEATURE_COUNT} for row in features]
    if len(set(labels)) < 2 or not any(kept):
        # nothing to learn from (a tiny corpus): the base rate for every candidate
        rate = min(max(sum(labels) / max(len(labels), 1), 1e-3), 1 - 1e-3)
        return LinearScorer({}, math.log(rate / (1 - rate)), threshold)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept).tocsr()
    matrix.indices, matrix.indptr = matrix.indices.astype("int32"), matrix.indptr.astype("int32")   # liblinear
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=0)
    model.fit(matrix, labels)
    weights = {name: float(weight) for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0])
               if abs(weight) > 1e-6}
    return LinearScorer(weights, float(model.intercept_[0]), threshold)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def gold_direct_items(article: CorpusArticle):
    from .. import evaluate as ev

    return ev.gold_items(article.gold, "direct")


def matching_gold(items, start: int, end: int, threshold: float = 0.3):
    """The gold item that shares most of a span, with at least ``threshold`` of both."""
    best, shared_best = None, 0
    for item in items:
        shared = sum(_overlap((start, end), piece) for piece in item.quote)
        size = sum(e - s for s, e in item.quote)
        if shared > shared_best and shared >= threshold * size and shared >= threshold * (end - start):
            best, shared_best = item, shared
    return best


def new_cue_examples(article: CorpusArticle, scorers: dict) -> tuple[list[dict], list[int]]:
    """Decision (d) for words outside the cue lexicon."""
    return cue_examples(article, scorers, in_lexicon=False)


def quote_cue_examples(article: CorpusArticle, scorers: dict) -> tuple[list[dict], list[int]]:
    """Decision (b): for each quote the rules link to a cue, every candidate cue (the lexicon's and
    those the cue scorer in ``scorers`` accepts), labelled 1 when it overlaps the cue of the gold
    quotation it matches (quotes whose gold cue no candidate overlaps are left out)."""
    from ..attribution.cues import find_cues, learned_cues
    from ..attribution.link import link_quotes, quote_cue_candidates, quote_cue_features

    doc = article.doc
    cues = find_cues(doc, load_lexicon())
    if "cue" in scorers:
        cues = {**cues, **learned_cues(doc, cues, load_lexicon(), scorers, quoted_words(doc, find_quotes(doc.text)))}
    quotes = find_quotes(doc.text)
    by_span = {(q.start, q.end): q for q in quotes}
    gold = gold_direct_items(article)
    features, labels = [], []
    for link in link_quotes(doc, quotes, cues):
        quote = by_span.get((link.start, link.end))
        item = matching_gold(gold, link.start, link.end) if quote is not None and link.cue else None
        if item is None or not item.cue:
            continue
        candidates = quote_cue_candidates(doc, quote, link, cues)
        marks = [int(any(_overlap(cue.span(doc), piece) for piece in item.cue)) for cue in candidates]
        if not any(marks):
            continue
        features += [quote_cue_features(doc, quote, link, cue) for cue in candidates]
        labels += marks
    return features, labels


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    union = max(a[1], b[1]) - min(a[0], b[0])
    return _overlap(a, b) / union if union > 0 else 0.0


MIN_CONTENT_JACCARD = 0.5


def content_examples(article: CorpusArticle, scorers: dict) -> tuple[list[dict], list[int]]:
    """Decision (d), the span: for each gold attribution whose cue head is a word, the candidate
    content spans of that cue, labelled 1 for the one closest to the gold content (when it shares at
    least half of their joint extent)."""
    from ..attribution.cues import _CUE_PARTS, Cue, find_cues
    from ..attribution.link import content_candidates, content_features, speaker_head

    doc = article.doc
    cues = find_cues(doc, load_lexicon())
    features, labels = [], []
    for annotation in article.gold.annotations:
        heads = span_heads(doc, annotation.cue)
        if len(heads) != 1:
            continue
        head = doc.words[heads.pop()]
        cue = cues.get(head.index) or Cue(head.index, "noun" if head.upos == "NOUN" else "attitude", tuple(sorted(
            [head.index, *(c.index for c in doc.children(head.index, *_CUE_PARTS))])))
        candidates = content_candidates(doc, cue)
        if not candidates:
            continue
        gold = (annotation.content[0][0], annotation.content[-1][1])
        spans = [doc.span_of(words) for _, words in candidates]
        scores = [_jaccard(span, gold) for span in spans]
        best = max(range(len(spans)), key=lambda i: scores[i])
        if scores[best] < MIN_CONTENT_JACCARD:
            continue
        rule = next((span for (source, _), span in zip(candidates, spans) if source == "rule"), None)
        speaker = speaker_head(doc, cue)
        features += [content_features(doc, cue, source, words, rule, speaker) for source, words in candidates]
        labels += [int(span == spans[best]) for span in spans]
    return features, labels



def speaker_examples(article: CorpusArticle, scorers: dict) -> tuple[list[dict], list[int]]:
    """Decision (c): for each attribution that the chain (with the earlier ``scorers``) links to the
    right cue, every candidate speaker of that cue, labelled 1 when it overlaps the gold source; all
    are 0 when the gold attribution has no source (the scorer learns "none" from them). Attributions
    whose gold source no candidate overlaps are left out."""
    from .. import evaluate as ev
    from ..attribution import find_links
    from ..attribution.marks import quote_content
    from ..attribution.speakers import speaker_candidates, speaker_features

    doc = article.doc
    marked = find_quotes(doc.text)
    quotes = [(q.start, q.end) for q in marked]
    gold = ev.gold_items(article.gold, "all")
    features, labels = [], []
    seen = set()
    for link in find_links(doc, scorers, marked):
        if link.cue is None or link.cue.kind == "dash" or link.cue.word in seen:
            continue
        start, end = link.content or quote_content(doc.text, link.start, link.end)
        item = matching_gold(gold, start, end)
        cue_span = link.cue.span(doc)
        if item is None or not any(_overlap(cue_span, piece) for piece in item.cue):
            continue
        seen.add(link.cue.word)
        candidates = speaker_candidates(doc, link.cue, quotes)
        marks = [int(any(_overlap((m.start, m.end), piece) for piece in item.speaker)) for m, _ in candidates]
        if item.speaker and not any(marks):
            continue
        features += [speaker_features(doc, link.cue, mention, sources, quotes) for mention, sources in candidates]
        labels += marks
    return features, labels

