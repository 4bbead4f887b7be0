"""The one place that builds the Stanza pipeline.

By default the bundled English models in ``quotes/models`` are used, fully
offline. ``QUOTES_STANZA_DIR`` (or the CLI's ``--models`` option) points at
another Stanza resources directory instead, for example Stanza's official
English models fetched once with ``stanza.download("en")``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from pathlib import Path

BUNDLED_DIR = Path(__file__).parent / "models"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
PRETRAIN_FILE = "pretrain.pt"
MODELS_ENV = "QUOTES_STANZA_DIR"
BF16_ENV = "QUOTES_BF16"

# Curly quotes and apostrophes become their straight forms before parsing: the
# treebanks the models learnt from use straight marks almost everywhere. Every
# replacement is one character for one, so character offsets stay valid.
_STRAIGHTEN = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "\ufeff": " "})


DEVICE_ENV = "QUOTES_DEVICE"
DEVICES = ("auto", "cpu", "cuda")


class ModelsNotFound(RuntimeError):
    """The requested Stanza model directory is missing or incomplete."""


class DeviceUnavailable(RuntimeError):
    """The requested device cannot be used here (CUDA asked for, none seen by torch)."""


def choose_device(choice: str | None = None) -> str:
    """`cpu` or `cuda` for a choice of auto, cpu or cuda (default: QUOTES_DEVICE, else auto): auto
    takes CUDA when torch sees a GPU."""
    import torch

    choice = (choice or os.environ.get(DEVICE_ENV) or "auto").lower()
    if choice not in DEVICES:
        raise DeviceUnavailable(f"unknown device {choice!r} (one of {', '.join(DEVICES)})")
    if choice == "cpu":
        return "cpu"
    if torch.cuda.is_available():
        return "cuda"
    if choice == "cuda":
        raise DeviceUnavailable("--device cuda: torch sees no CUDA GPU on this machine (use --device cpu or auto)")
    return "cpu"


def straighten_quotes(text: str) -> str:
    """Same-length copy of text with curly quote marks made straight."""
    return text.translate(_STRAIGHTEN)


def models_dir(override: str | os.PathLike | None = None) -> Path | None:
    """The external Stanza directory to use, or None for the bundled models."""
    chosen = override or os.environ.get(MODELS_ENV)
    return Path(chosen).expanduser() if chosen else None


def bundled_paths() -> dict[str, str]:
    """Stanza's ``<processor>_model_path`` arguments for the bundled models, and the pretrained word
    vectors (``pretrain.pt``) that the tagger and the parser share."""
    paths = {f"{name}_model_path": str(BUNDLED_DIR / "en" / f"{name}.pt") for name in PROCESSORS}
    pretrain = str(BUNDLED_DIR / "en" / PRETRAIN_FILE)
    paths.update(pos_pretrain_path=pretrain, depparse_pretrain_path=pretrain)
    missing = [p for p in paths.values() if not Path(p).exists()]
    if missing:
        raise ModelsNotFound(f"bundled model file missing: {missing[0]}")
    return paths


def check_models(external_dir: Path | None = None) -> None:
    """Raise ModelsNotFound, without loading anything, if the models cannot be there."""
    if external_dir is None:
        bundled_paths()
    elif not (external_dir / "resources.json").exists():
        raise ModelsNotFound(
            f"{external_dir} holds no Stanza resources.json; fetch the official models with "
            f"python -c 'import stanza; stanza.download(\"en\", model_dir=\"{external_dir}\")'")


@contextlib.contextmanager
def _without_training_optimizers():
    """Stanza's trainers build their optimizers even for inference, and the
    first optimizer imports torch._dynamo (about 1.4 s).
    Inference never uses it, so none is built while the pipeline loads."""
    from stanza.models.common import utils

    originals = utils.get_optimizer, utils.get_split_optimizer
    utils.get_optimizer = lambda *args, **kwargs: None
    utils.get_split_optimizer = lambda *args, **kwargs: {}
    try:
        yield
    finally:
        utils.get_optimizer, utils.get_split_optimizer = originals


def _two_apostrophe_marks(sentence: list) -> list:
    """Two apostrophes that open a quotation (`''a disgrace,''`, as some wire and archive text
    writes them) are a mark apart from the word they open, which the tokenizer glues them to
    (`''provocative`)."""
    out: list = []
    for token in sentence:
        if isinstance(token, str) and len(token) > 2 and token.startswith("''") and token[2].isalnum():
            out += ["''", token[2:]]
        else:
            out.append(token)
    return out


# words the treebanks split although no apostrophe shows it (`can` + `not`, `gon` + `na`)
SPLIT_WITHOUT_APOSTROPHE = ("cannot", "gonna", "wanna", "gotta")


def _splits(token: str) -> bool:
    return "'" in token or "`" in token or token.lower() in SPLIT_WITHOUT_APOSTROPHE


def postprocess_tokens(sentences: list[list]) -> list[list]:
    """Stanza's tokenizer postprocessor, for edited news. A token is split into words (`it` + `'s`)
    only where an apostrophe shows it, or for `cannot`, `gonna`, `wanna` and `gotta`: the tokenizer
    learnt from web text, whose typos (`its` for `it's`, `dont`, `im`) the treebanks split, and it
    splits the possessive `its` of news into `it` + `s`, and `Donna` into `Don` + `na`, which wrecks
    the parse of the whole sentence (`its profits fell`: `fell` a noun). And two apostrophes that open
    a quotation are a token of their own."""
    return [_two_apostrophe_marks([token[0] if isinstance(token, tuple) and not _splits(token[0]) else token
                                   for token in sentence])
            for sentence in sentences]


def pipeline(external_dir: Path | None = None):
    """The Stanza pipeline, built once per process for each model directory and device (the
    device from QUOTES_DEVICE, see ``choose_device``)."""
    return _pipeline(external_dir, choose_device())


@functools.lru_cache(maxsize=2)
def _pipeline(external_dir: Path | None, device: str):
    """Its parser decodes with ``fast_depparse`` (the same trees as Stanza's own decoding, in less time)."""
    import stanza

    from . import fast_depparse

    logging.getLogger("stanza").setLevel(logging.WARNING)
    common = dict(lang="en", processors=",".join(PROCESSORS), download_method=None,
                  use_gpu=device == "cuda", logging_level="WARN", tokenize_pretokenized=False,
                  tokenize_postprocessor=postprocess_tokens)
    if external_dir is None:
        paths = bundled_paths()
        try:
            with _without_training_optimizers():
                built = stanza.Pipeline(dir=str(BUNDLED_DIR), **common, **paths)
        except Exception as error:  # a truncated file: torch and stanza raise many kinds
            raise ModelsNotFound(f"bundled models in {BUNDLED_DIR / 'en'} cannot be loaded "
                                 f"({type(error).__name__}); reinstall the package") from error
    else:
        check_models(external_dir)
        try:
            with _without_training_optimizers():
                built = stanza.Pipeline(dir=str(external_dir), **common)
        except Exception as error:  # stanza raises many kinds for missing files
            raise ModelsNotFound(f"cannot load Stanza models from {external_dir}: {error}") from error
    fast_depparse.install(built)
    return built


def restore_text(doc, text: str):
    """Put the original characters (curly quotes) back into a parse of straightened text."""
    doc.text = text
    for sentence in doc.sentences:
        for token in sentence.tokens:
            token.text = text[token.start_char:token.end_char]
            if len(token.words) == 1:
                token.words[0].text = token.text
        sentence.text = text[sentence.tokens[0].start_char:sentence.tokens[-1].end_char]
        sentence.comments.set("text", " ".join(sentence.text.split()))
    return doc


def parse(text: str, external_dir: Path | None = None):
    """Parse one text; offsets and token texts refer to ``text`` itself."""
    nlp = pipeline(external_dir)
    return restore_text(tag_and_parse(nlp, nlp(straighten_quotes(text), processors="tokenize,mwt")), text)


def tag_and_parse(nlp, doc):
    """Tags, lemmas and dependencies for a tokenized Stanza document. With QUOTES_BF16=1 the parser's
    scorers run in bfloat16 where the CPU computes it natively: the same parses about 1.2 times as
    fast, but the process's memory grows with every article (seen with torch 2.13), so float32 stays
    the default."""
    nlp(doc, processors="pos,lemma")
    with _parser_precision():
        return nlp(doc, processors="depparse")


@contextlib.contextmanager
def _parser_precision():
    import torch

    if os.environ.get(BF16_ENV) == "1" and _native_bf16():
        with torch.autocast("cpu", dtype=torch.bfloat16):
            yield
    else:
        yield


@functools.lru_cache(maxsize=1)
def _native_bf16() -> bool:
    import torch

    return torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()
