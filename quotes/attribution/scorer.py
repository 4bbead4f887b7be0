"""Learned scorers of the attribution stages: logistic models over named features, stored as JSON.

``scripts/train_attribution.py`` fits them on PolNeAR train and writes ``data/attribution-model.json``
(model card: ``data/ATTRIBUTION_MODEL_CARD.md``). The file holds plain numbers and names, nothing
that is executed when loaded. Each stage asks for its scorer by name and builds the features of
its own candidates.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MODEL_FILE = Path(__file__).parent / "data" / "attribution-model.json"
MODEL_ENV = "QUOTES_ATTRIBUTION_MODEL"
FORMAT = "quotes-attribution-model"
FORMAT_VERSION = 1

Features = Mapping[str, float]


class ModelError(RuntimeError):
    """The learned attribution model is missing or unreadable."""


@dataclass(frozen=True)
class LinearScorer:
    """A logistic model: the probability of a candidate from its features' weights."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.5

    def logit(self, features: Features) -> float:
        weights = self.weights
        return self.bias + sum(weights.get(name, 0.0) * value for name, value in features.items())

    def probability(self, features: Features) -> float:
        z = self.logit(features)
        return 1 / (1 + math.exp(-z)) if z > -30 else 0.0

    def accepts(self, features: Features) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, "weights": dict(self.weights)}

    @classmethod
    def from_json(cls, data: Mapping) -> "LinearScorer":
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        return cls(weights, float(data["bias"]), float(data.get("threshold", 0.5)))


def model_path() -> Path:
    chosen = os.environ.get(MODEL_ENV)
    return Path(chosen).expanduser() if chosen else MODEL_FILE


@functools.lru_cache(maxsize=4)
def load_scorers(path: Path | None = None) -> dict[str, LinearScorer]:
    """The scorers of a model file, by stage name; read once per process."""
    path = model_path() if path is None else path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"attribution model missing: {path} (rebuild it with "
                         f"python scripts/train_attribution.py)") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ModelError(f"attribution model {path} is unreadable: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise ModelError(f"attribution model {path} is not a {FORMAT} file of version {FORMAT_VERSION}")
    try:
        return {name: LinearScorer.from_json(value) for name, value in data["scorers"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelError(f"attribution model {path} is corrupt: {error!r}") from None


def save_scorers(path: Path, scorers: Mapping[str, LinearScorer], meta: Mapping | None = None) -> None:
    data = {"format": FORMAT, "version": FORMAT_VERSION, **(meta or {}),
            "scorers": {name: scorer.to_json() for name, scorer in scorers.items()}}
    path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
