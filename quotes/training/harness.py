"""Score attributions of parsed gold articles with the same code as `quotes eval`, without a database.

Rows are built as `quotes dump` builds them (one per quote, or folded per attribution with
``--unit attribution``), then read by ``quotes.evaluate`` in direct and all modes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

from .. import evaluate as ev
from ..store import attribution_rows
from .corpus import CorpusArticle


def quote_rows(name: str, attributions: Iterable, text: str) -> list[dict]:
    """Dump rows (unit quote) of one article's attributions, in text order."""
    rows = []
    for number, item in enumerate(sorted(attributions, key=lambda a: a.start)):
        rows.append({"quote_id": number, "article": name, "kind": item.kind, "quote": item.text,
                     "quote_start": item.start, "quote_end": item.end,
                     "content_start": item.content_start, "content_end": item.content_end,
                     "content": item.content,
                     "speaker_start": item.speaker_start, "speaker_end": item.speaker_end,
                     "source_start": item.source_start, "source_end": item.source_end,
                     "source": None if item.source_start is None else text[item.source_start:item.source_end],
                     "cue_phrase_start": item.cue_phrase_start, "cue_phrase_end": item.cue_phrase_end,
                     "cue_phrase": None if item.cue_phrase_start is None else text[item.cue_phrase_start:item.cue_phrase_end],
                     "cue_start": item.cue_start, "cue_end": item.cue_end, "path": name,
                     "class": item.cue_class})
    return rows


def corpus_rows(corpus: list[CorpusArticle], attributions: Mapping[str, list], unit: str) -> list[dict]:
    texts = {article.name: article.gold.text for article in corpus}
    rows = [row for article in corpus for row in quote_rows(article.name, attributions[article.name], texts[article.name])]
    return rows if unit == "quote" else list(attribution_rows(rows, lambda row: texts[row["article"]]))


def evaluate(corpus: list[CorpusArticle], attributions: Mapping[str, list]) -> dict[str, ev.Evaluation]:
    """Direct mode on quote rows, all mode on attribution rows, as the project's notes report them."""
    gold = {article.name: article.gold for article in corpus}
    result = {}
    for mode, unit in (("direct", "quote"), ("all", "attribution")):
        rows = corpus_rows(corpus, attributions, unit)
        predictions = ev.predictions_from_rows(((str(i), r) for i, r in enumerate(rows)), gold, mode)
        result[mode] = ev.evaluate(gold, predictions, mode)
    return result


def figures(evaluations: dict[str, ev.Evaluation]) -> dict[str, float]:
    """The headline figures: direct at 0.8 (F1, speaker, cue, end to end) and all at 0.3 (F1)."""
    direct = evaluations["direct"].outcomes[Fraction(8, 10)].scores
    everything = evaluations["all"].outcomes[Fraction(3, 10)].scores
    return {"direct F1": 100 * direct.f1, "speaker": 100 * direct.speaker_accuracy,
            "cue": 100 * direct.cue_accuracy, "e2e F1": 100 * direct.e2e_f1,
            "all F1": 100 * everything.f1, "all speaker": 100 * everything.speaker_accuracy,
            "all cue": 100 * everything.cue_accuracy, "all e2e F1": 100 * everything.e2e_f1}


def role_figures(corpus: list[CorpusArticle], attributions: Mapping[str, list]) -> dict[str, float]:
    """Exact-span F1 of each role (source, cue, content) on attribution rows, as `quotes eval --roles`."""
    gold = {article.name: article.gold for article in corpus}
    rows = corpus_rows(corpus, attributions, "attribution")
    predictions = ev.predictions_from_rows(((str(i), r) for i, r in enumerate(rows)), gold, "all")
    return {f"{s.role} exact": 100 * s.prf(s.exact)[2] for s in ev.role_scores(gold, predictions)}


def folds(corpus: list[CorpusArticle], k: int = 5) -> list[list[CorpusArticle]]:
    """k folds of whole articles, every k-th article by name (the corpus is sorted by name)."""
    return [corpus[i::k] for i in range(k)]


def format_figures(values: dict[str, float]) -> str:
    return "  ".join(f"{name} {value:.1f}" for name, value in values.items())


def attribute_all(corpus: list[CorpusArticle], attribute: Callable) -> dict[str, list]:
    return {article.name: attribute(article.doc) for article in corpus}
