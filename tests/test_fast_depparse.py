"""The parser's faster decoding gives exactly the trees and labels of Stanza's own."""

from __future__ import annotations

import numpy as np
import pytest
from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

from quotes import fast_depparse, nlp

from .conftest import SAMPLE


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    np.fill_diagonal(scores, -np.inf)
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _random_scores(rng: np.random.Generator, size: int, tree_bonus: float) -> np.ndarray:
    """Arc log-probabilities; a bonus on the arcs of a random single-root tree makes the best heads
    that tree."""
    scores = rng.normal(size=(size, size))
    scores[1, 0] += tree_bonus
    for word in range(2, size):
        scores[word, rng.integers(1, word)] += tree_bonus
    return _log_softmax(scores).astype(np.float32)


@pytest.mark.parametrize("tree_bonus", [0.0, 1.5, 6.0])
def test_best_tree_is_stanzas_single_root_spanning_tree(tree_bonus):
    rng = np.random.default_rng(7)
    shortcut_taken = 0
    for _ in range(300):
        scores = _random_scores(rng, int(rng.integers(2, 45)), tree_bonus)
        expected = chuliu_edmonds_one_root(scores.copy())
        found = fast_depparse.best_tree(scores.copy())
        assert found.tolist() == expected.tolist()
        assert np.count_nonzero(found[1:] == 0) == 1
        heads = np.concatenate(([0], np.where(np.eye(len(scores), dtype=bool)[1:], -np.inf, scores[1:]).argmax(1)))
        shortcut_taken += heads.tolist() == found.tolist()
    if tree_bonus == 0.0:
        assert shortcut_taken < 300          # cycles and extra roots: the contractions ran
    if tree_bonus == 6.0:
        assert shortcut_taken > 250          # the best heads already formed the tree


def test_cycle_is_found_or_every_word_reaches_the_root():
    assert fast_depparse._cycle(np.array([0, 2, 0, 2, 3])) is None
    assert fast_depparse._cycle(np.array([0, 3, 1, 2, 0])).tolist() == [False, True, True, True, False]
    assert fast_depparse._cycle(np.array([0, 0, 3, 2])).tolist() == [False, False, True, True]


def _arcs(text: str):
    doc = nlp.parse(text)
    return [(w.text, w.head, w.deprel) for s in doc.sentences for w in s.words]


def test_pipeline_parses_exactly_as_stanzas_own_decoding(pipeline, monkeypatch):
    """Same heads and labels, word for word, on the sample article."""
    trainer = pipeline.processors["depparse"].trainer
    assert "predict" in vars(trainer), "the bundled parser decodes with fast_depparse"
    text = SAMPLE.read_text(encoding="utf-8")
    fast = _arcs(text)
    monkeypatch.delattr(trainer, "predict")
    assert len(fast) > 300
    assert fast == _arcs(text)


def test_two_subjects_of_one_head_are_repaired_as_stanza_repairs_them(pipeline, monkeypatch):
    """With Stanza's head-constraint repair switched on (the bundled parser has it off), the full
    label scores of such a sentence go to Stanza's own repair: the same result."""
    processor = pipeline.processors["depparse"]
    monkeypatch.setitem(processor.config, "resolve_head_constraints", True)
    text = "He she said it. Him her gave it them."
    fast = _arcs(text)
    subjects_of_said = [deprel for word, head, deprel in fast[:5] if head == 3 and deprel == "nsubj"]
    assert len(subjects_of_said) == 1
    monkeypatch.delattr(processor.trainer, "predict")
    assert fast == _arcs(text)
