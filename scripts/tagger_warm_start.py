"""Run Stanza's tagger training starting from the weights of an earlier tagger.

Stanza's tagger has no ``--continue_from``; this wrapper gives it one, so that
``scripts/train_models.py`` can resume tagger training across sessions:

    python scripts/tagger_warm_start.py PREVIOUS.pt [stanza.models.tagger arguments]

The optimizer starts afresh; the vocabulary must match (same training data).
"""

from __future__ import annotations

import sys

import torch
from stanza.models import tagger
from stanza.models.pos.trainer import Trainer


def warm_trainer(previous: str) -> type[Trainer]:
    class WarmTrainer(Trainer):
        def __init__(self, *args, model_file=None, **kwargs):
            super().__init__(*args, model_file=model_file, **kwargs)
            if model_file is None:
                state = torch.load(previous, map_location="cpu", weights_only=True)["model"]
                missing, unexpected = self.model.load_state_dict(state, strict=False)
                assert not unexpected, unexpected
                print(f"warm start from {previous}: {len(state)} tensors, "
                      f"{len(missing)} left as initialised", flush=True)
    return WarmTrainer


if __name__ == "__main__":
    previous, *tagger_args = sys.argv[1:]
    tagger.Trainer = warm_trainer(previous)
    tagger.main(tagger_args)
