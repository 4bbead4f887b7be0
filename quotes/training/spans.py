"""Train the span tagger (``quotes.attribution.spans``) on parsed gold articles.

Each text line of an article is one sequence; a word's gold label is the role (source, cue,
content) of the gold span that covers at least half of its characters: cue before source before
content, and of two spans of one role the shorter, as CofeNet's PolNeAR data labels words.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from ..attribution.cues import quoted_words
from ..attribution.marks import find_quotes
from ..attribution.spans import FEATURES, LABELS, SpanTagger, build_network, lines_of, word_features
from .corpus import CorpusArticle

DEFAULT_CONFIG = {"feature_dim": 16, "hidden": 128, "layers": 2, "dropout": 0.3, "vector_dim": 100,
                  "epochs": 6, "batch": 24, "lr": 2e-3, "top_words": 20000, "min_value_count": 2, "seed": 1}


def gold_labels(article: CorpusArticle) -> list[int]:
    """Each word's gold BIO label (an index into ``LABELS``)."""
    doc = article.doc
    owner: list[tuple[int, int] | None] = [None] * len(doc.words)   # (role rank, span number)
    spans = [(rank, piece) for a in article.gold.annotations
             for rank, role in enumerate(("content", "source", "cue"))
             for piece in getattr(a, role)]
    # later spans overwrite earlier ones: content, then source, then cue; the longer first in a role
    spans.sort(key=lambda item: (item[0], -(item[1][1] - item[1][0])))
    for number, (rank, (start, end)) in enumerate(spans):
        for word in doc.words_overlapping(start, end):
            shared = min(end, word.end) - max(start, word.start)
            if 2 * shared >= word.end - word.start:
                owner[word.index] = (rank, number)
    labels = []
    for index, current in enumerate(owner):
        if current is None:
            labels.append(0)
            continue
        role = ("content", "source", "cue")[current[0]]
        begins = index == 0 or owner[index - 1] != current
        labels.append(LABELS.index(("B-" if begins else "I-") + role))
    return labels


def load_vectors(path: Path) -> tuple[list[str], list[list[float]]]:
    """Words (by frequency) and vectors of a Stanza pretrain file, such as the one
    ``scripts/train_models.py`` makes from the GloVe-derived vectors."""
    from stanza.models.common.pretrain import Pretrain
    from stanza.models.common.vocab import VOCAB_PREFIX

    pretrain = Pretrain(str(path))
    words = pretrain.vocab._id2unit[len(VOCAB_PREFIX):]
    return list(words), pretrain.emb[len(VOCAB_PREFIX):].tolist()


def vocabularies(articles: list[CorpusArticle], vectors: tuple[list[str], list] | None,
                 config: dict) -> tuple[dict[str, list[str]], list[list[float]] | None]:
    """Feature vocabularies (values seen ``min_count`` times) and the word table: the vectors' most
    frequent words plus every training word they cover, or without vectors the training words."""
    counts = [Counter() for _ in FEATURES]
    words = Counter()
    for article in articles:
        quoted = quoted_words(article.doc, find_quotes(article.doc.text))
        for row in word_features(article.doc, quoted):
            for counter, value in zip(counts, row):
                counter[value] += 1
        words.update(w.text.lower() for w in article.doc.words)
    result = {name: ["<pad>", "<unk>"] + sorted(v for v, n in counter.items() if n >= config["min_value_count"])
              for name, counter in zip(FEATURES, counts)}
    if vectors is None:
        result["words"] = ["<pad>", "<unk>"] + sorted(w for w, n in words.items() if n >= config["min_value_count"])
        return result, None
    names, rows = vectors
    kept = [i for i, w in enumerate(names) if i < config["top_words"] or w in words]
    result["words"] = ["<pad>", "<unk>"] + [names[i] for i in kept]
    dim = len(rows[0])
    return result, [[0.0] * dim, [0.0] * dim] + [rows[i] for i in kept]


def _sequences(tagger: SpanTagger, articles: Iterable[CorpusArticle]) -> list[tuple[list, list, list]]:
    found = []
    for article in articles:
        quoted = quoted_words(article.doc, find_quotes(article.doc.text))
        words, features = tagger.encode(article.doc, quoted)
        labels = gold_labels(article)
        for line in lines_of(article.doc):
            found.append(([words[i] for i in line], [features[i] for i in line], [labels[i] for i in line]))
    return found


def train(articles: list[CorpusArticle], vectors: tuple[list[str], list] | None = None,
          config: dict | None = None, log: Callable[[str], None] = print) -> tuple[SpanTagger, dict]:
    """A span tagger fitted on the articles, with its vocabularies (for ``SpanTagger.to_file``)."""
    import torch
    from torch import nn

    config = {**DEFAULT_CONFIG, **(config or {})}
    random.seed(config["seed"])
    torch.manual_seed(config["seed"])
    vocab, table = vocabularies(articles, vectors, config)
    if table is not None:
        config["vector_dim"] = len(table[0])
    network = build_network(len(vocab["words"]), config["vector_dim"], [len(vocab[n]) for n in FEATURES], config)
    if table is not None:
        network.vectors.weight.data.copy_(torch.tensor(table))
    else:
        network.vectors.weight.requires_grad = True
    tagger = SpanTagger(network, vocab, config)
    sequences = sorted(_sequences(tagger, articles), key=lambda s: len(s[0]))
    batches = [sequences[i:i + config["batch"]] for i in range(0, len(sequences), config["batch"])]
    optimizer = torch.optim.Adam([p for p in network.parameters() if p.requires_grad], lr=config["lr"])
    loss_of = nn.CrossEntropyLoss(ignore_index=-100)
    for epoch in range(config["epochs"]):
        network.train()
        random.shuffle(batches)
        total = 0.0
        for batch in batches:
            longest = max(len(s[0]) for s in batch)
            words = torch.zeros((len(batch), longest), dtype=torch.long)
            features = torch.zeros((len(batch), longest, len(FEATURES)), dtype=torch.long)
            labels = torch.full((len(batch), longest), -100, dtype=torch.long)
            for row, (w, f, y) in enumerate(batch):
                words[row, :len(w)] = torch.tensor(w)
                features[row, :len(w)] = torch.tensor(f)
                labels[row, :len(w)] = torch.tensor(y)
            lengths = torch.tensor([len(s[0]) for s in batch])
            logits = network(words, features, lengths)
            loss = loss_of(logits.reshape(-1, len(LABELS)), labels[:, :logits.shape[1]].reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(network.parameters(), 5.0)
            optimizer.step()
            total += loss.item()
        log(f"span tagger: epoch {epoch + 1} of {config['epochs']}, loss {total / max(len(batches), 1):.4f}")
    network.eval()
    return tagger, vocab


