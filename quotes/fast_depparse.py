"""Stanza's graph parser, decoded with less work and the same trees.

Stanza's ``GraphParser.predict`` scores every label for every (dependent,
head) pair, a tensor of words x words x labels per sentence, and decodes
every sentence with a pure-Python Chu-Liu-Edmonds. On this project's CPU
that was 70 % of the time of the whole analysis. Here:

- the arc scores are computed exactly as Stanza computes them;
- a sentence whose best head per word already forms a tree with one root
  keeps that tree: it is the maximum single-root spanning tree that Stanza's
  ``chuliu_edmonds_one_root`` would find. The other sentences go through the
  same Chu-Liu-Edmonds contractions, with a cycle search that follows head
  pointers instead of Stanza's recursive Tarjan;
- labels are scored only for the arcs of the tree (one bilinear product per
  word), except in a sentence where two subjects or two objects share a head:
  there the full label scores are computed and Stanza's own repair runs.

``install`` switches one pipeline's parser to this decoding.
"""

from __future__ import annotations

import numpy as np

from stanza.models.common import utils
from stanza.models.common.chuliu_edmonds import expand_contracted_tree, prepare_scores, process_cycle
from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
from stanza.models.depparse.head_constraints import (
    find_head_constraint_violations,
    resolve_head_constraint_violations,
)
from stanza.models.depparse.model import GraphParser
from stanza.models.depparse.trainer import unpack_batch


def install(pipeline) -> bool:
    """Make this pipeline's parser decode with ``predict``; False where its model is not a
    plain graph parser (left as it is)."""
    processor = pipeline.processors.get("depparse")
    trainer = getattr(processor, "trainer", None)
    model = getattr(trainer, "model", None)
    if type(model) is not GraphParser or model.args.get("use_arc_embedding"):
        return False
    trainer.predict = lambda batch, unsort=True, resolve_head_constraints=False: predict(
        trainer, batch, unsort, resolve_head_constraints)
    return True


def best_tree(scores: np.ndarray) -> np.ndarray:
    """The maximum spanning tree with exactly one word on the root, as Stanza's
    ``chuliu_edmonds_one_root`` finds it; ``scores[d, h]`` scores head h for word d (0 is the root)."""
    size = len(scores)
    candidates = scores[1:].copy()
    candidates[np.arange(size - 1), np.arange(1, size)] = -np.inf
    heads = np.concatenate(([0], candidates.argmax(axis=1)))
    if np.count_nonzero(heads[1:] == 0) == 1 and _cycle(heads) is None:
        return heads
    # Stanza's reweighting: a root arc costs more than any tree can gain, so exactly one is taken
    scores = scores.astype(np.float64)
    scores[:, 0] += scores[np.isfinite(scores)].min() * size
    return _chu_liu_edmonds(scores)


def _chu_liu_edmonds(scores: np.ndarray) -> np.ndarray:
    """Maximum spanning tree by contracting one cycle at a time (Stanza's ``chuliu_edmonds``)."""
    contractions = []
    prepare_scores(scores)
    tree = scores.argmax(axis=1)
    cycle = _cycle(tree)
    while cycle is not None:
        subscores, *contraction = process_cycle(tree, cycle, scores)
        contractions.append((tree, contraction))
        scores = subscores
        prepare_scores(scores)
        tree = scores.argmax(axis=1)
        cycle = _cycle(tree)
    while contractions:
        contracted_tree = tree
        tree, contraction = contractions.pop()
        tree = expand_contracted_tree(tree, contracted_tree, *contraction)
    return tree


def _cycle(heads: np.ndarray) -> np.ndarray | None:
    """A mask of the words on one cycle of head pointers, or None when every word reaches the root."""
    heads_list = heads.tolist()
    state = [0] * len(heads_list)         # 0 not seen, 1 on the path being followed, 2 reaches the root
    state[0] = 2
    for start in range(1, len(heads_list)):
        path, word = [], start
        while state[word] == 0:
            state[word] = 1
            path.append(word)
            word = heads_list[word]
        if state[word] == 1:
            mask = np.zeros(len(heads_list), dtype=bool)
            mask[path[path.index(word):]] = True
            return mask
        for visited in path:
            state[visited] = 2
    return None


def predict(trainer, batch, unsort: bool = True, resolve_head_constraints: bool = False):
    """``Trainer.predict`` for a graph parser: [[head, deprel] per word] per sentence."""
    import torch

    model = trainer.model
    model.eval()
    inputs, orig_idx, word_orig_idx, sentlens, wordlens, text = unpack_batch(batch, model.get_device())
    with torch.no_grad():
        encoded = model.embed(*inputs, word_orig_idx, sentlens, wordlens, text)
        arc_log_probs = _arc_log_probs(model, encoded).numpy()
        trees = [best_tree(arc_log_probs[i][:length, :length]) for i, length in enumerate(sentlens)]
        label_ids = _arc_labels(model, encoded, trees)
        vocab = model.vocab["deprel"]
        predictions = []
        for i, (tree, raw_ids) in enumerate(zip(trees, label_ids)):
            deprels = vocab.unmap([raw + VOCAB_PREFIX_SIZE for raw in raw_ids])
            if resolve_head_constraints and find_head_constraint_violations(tree, deprels):
                length = sentlens[i]
                sentence = encoded[i:i + 1, :length]
                label_log_probs = torch.log_softmax(model.deprel(sentence, sentence), 3)[0].numpy()
                tree, raw_ids = resolve_head_constraint_violations(
                    arc_log_probs[i][:length, :length], label_log_probs, tree, vocab)
                deprels = vocab.unmap([raw + VOCAB_PREFIX_SIZE for raw in raw_ids])
            predictions.append([[int(head), deprel] for head, deprel in zip(tree[1:], deprels)])
    if unsort:
        predictions = utils.unsort(predictions, orig_idx)
    if trainer.args.get("reversed", False):
        predictions = trainer.reverse_predictions(predictions)
    return predictions


def _arc_log_probs(model, encoded):
    """Log-probabilities of each head for each word, as in ``GraphParser.forward_scores``."""
    import torch
    import torch.nn.functional as F

    scores = model.unlabeled(encoded, encoded).squeeze(3)
    length = encoded.size(1)
    if model.args["linearization"] or model.args["distance"]:
        positions = torch.arange(length)
        offset = (positions.view(1, 1, -1) - positions.view(1, -1, 1)).expand(encoded.size(0), -1, -1)
    if model.args["linearization"]:
        scores += F.logsigmoid(model.linearization(encoded, encoded).squeeze(3) * torch.sign(offset).float())
    if model.args["distance"]:
        predicted = 1 + F.softplus(model.distance(encoded, encoded).squeeze(3))
        scores += -torch.log((torch.abs(offset).float() - predicted) ** 2 / 2 + 1)
    scores.masked_fill_(torch.eye(length, dtype=torch.bool).unsqueeze(0), -float("inf"))
    return F.log_softmax(scores, 2)


def _arc_labels(model, encoded, trees) -> list[list[int]]:
    """The best raw label id of each arc of each tree (the argmax of Stanza's label scores).

    The bilinear form is applied to each distinct head once, then to each of its dependents."""
    import torch

    if all(len(tree) < 2 for tree in trees):
        return [[] for _ in trees]
    scorer = model.deprel
    bilinear = scorer.scorer.W_bilin
    inner, outer, labels = bilinear.weight.shape
    rows = encoded.reshape(-1, encoded.size(-1))
    dependent_rows, head_rows = [], []
    for number, tree in enumerate(trees):
        first = number * encoded.size(1)
        dependent_rows.extend(range(first + 1, first + len(tree)))
        head_rows.extend((first + tree[1:]).tolist())
    dependent_rows, head_rows = torch.tensor(dependent_rows), torch.tensor(head_rows)
    distinct_heads, head_of_arc = torch.unique(head_rows, return_inverse=True)
    dependents = scorer.hidden_func(scorer.W1(rows[dependent_rows]))
    heads = scorer.hidden_func(scorer.W2(rows[distinct_heads]))
    dependents = torch.cat([dependents, dependents.new_ones(len(dependents), 1)], 1)
    heads = torch.cat([heads, heads.new_ones(len(heads), 1)], 1)
    by_head = bilinear.weight.permute(1, 0, 2).reshape(outer, inner * labels)
    projected = (heads @ by_head).view(-1, inner, labels)
    scores = torch.einsum("mi,mio->mo", dependents, projected[head_of_arc]) + bilinear.bias
    best = scores.argmax(1).tolist()
    per_sentence, start = [], 0
    for tree in trees:
        per_sentence.append(best[start:start + len(tree) - 1])
        start += len(tree) - 1
    return per_sentence
