"""A brat gold folder parsed once: each article's text, gold attributions and attribution Document.

Parses are cached as JSON (one gzip file per article) under the cache folder, keyed by the
parser's fingerprint, so that cross-validation and training re-read them instead of parsing
again, and a change of the bundled Stanza models parses again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..attribution.document import Document, Sentence, Word
from ..evaluate import GoldArticle, load_gold

WORD_FIELDS = ("text", "lemma", "upos", "xpos", "feats", "head", "deprel", "start", "end", "sentence")


@dataclass
class CorpusArticle:
    name: str
    gold: GoldArticle
    doc: Document


def models_fingerprint(models: Path | None = None) -> str:
    """A short hash of the model files that the parse depends on."""
    from .. import nlp

    paths = sorted(Path(p) for p in nlp.bundled_paths().values()) if models is None else \
        sorted(models.rglob("*.pt"))
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def document_to_json(doc: Document) -> dict:
    return {"words": [[getattr(w, f) for f in WORD_FIELDS] for w in doc.words],
            "sentences": [[s.first, s.last, s.paragraph] for s in doc.sentences]}


def document_from_json(data: dict, text: str) -> Document:
    words = [Word(index, *values) for index, values in enumerate(data["words"])]
    sentences = [Sentence(index, *values) for index, values in enumerate(data["sentences"])]
    return Document(text=text, words=words, sentences=sentences)


def _parse(text: str) -> dict:
    from ..bounded import parse_article

    return document_to_json(parse_article(text))


def _start_worker() -> None:
    import torch

    from .. import nlp

    torch.set_num_threads(1)
    nlp.pipeline(None)


def load_corpus(gold_dir: Path, cache: Path, jobs: int = 2, log=print) -> list[CorpusArticle]:
    """Every article of a brat gold folder with its parse, parsing those not cached yet."""
    articles = load_gold(gold_dir)
    folder = cache / models_fingerprint()
    folder.mkdir(parents=True, exist_ok=True)

    def path_of(name: str) -> Path:
        return folder / f"{name}.json.gz"

    def text_key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def cached(name: str) -> dict | None:
        try:
            with gzip.open(path_of(name), "rt", encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return None
        return data if data.get("text") == text_key(articles[name].text) else None

    parses = {name: cached(name) for name in articles}
    todo = [name for name, data in parses.items() if data is None]
    if todo:
        log(f"parsing {len(todo)} of {len(articles)} articles of {gold_dir} ({jobs} processes)")
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_start_worker) as pool:
            for done, (name, data) in enumerate(zip(todo, pool.map(_parse, [articles[n].text for n in todo])), 1):
                data["text"] = text_key(articles[name].text)
                with gzip.open(path_of(name), "wt", encoding="utf-8") as handle:
                    json.dump(data, handle)
                parses[name] = data
                if done % 50 == 0:
                    log(f"  parsed {done} of {len(todo)}")
    return [CorpusArticle(name, gold, document_from_json(parses[name], gold.text))
            for name, gold in sorted(articles.items())]
