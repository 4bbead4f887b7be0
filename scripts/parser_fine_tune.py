"""Run Stanza's parser training on new data while keeping an earlier parser's vocabulary.

``--continue_from`` loads the earlier weights, but Stanza rebuilds the
vocabulary from the training file, so the same tag or lemma can get another
index (or one beyond the embedding tables) when the training file's tags
differ, as they do once they come from the trained tagger. This wrapper makes
the data loader use the vocabulary saved with the earlier parser:

    python scripts/parser_fine_tune.py EARLIER.pt [stanza.models.parser arguments]
"""

from __future__ import annotations

import sys

import torch
from stanza.models import parser
from stanza.models.depparse import data
from stanza.models.pos.vocab import MultiVocab


def keep_vocabulary(earlier: str) -> None:
    saved = torch.load(earlier, map_location="cpu", weights_only=True)["vocab"]
    data.Dataset.init_vocab = lambda self, sentences: MultiVocab.load_state_dict(saved)


if __name__ == "__main__":
    earlier, *parser_args = sys.argv[1:]
    keep_vocabulary(earlier)
    parser.main(parser_args)
