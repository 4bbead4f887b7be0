"""The bundled models: complete, small, loaded offline, and `quotes parse`."""

import json
import os
import subprocess
import sys

import pytest

from quotes import nlp

from .conftest import ROOT, SAMPLE

QUOTES = [sys.executable, "-m", "quotes"]
# Any attempt to open a network connection fails inside the child process.
NO_NETWORK = """
import socket
def _refuse(*args, **kwargs):
    raise OSError("network disabled by the offline test")
socket.socket.connect = _refuse
socket.create_connection = _refuse
"""


def test_bundled_model_set_is_complete_and_small():
    resources = json.loads((nlp.BUNDLED_DIR / "resources.json").read_text())
    assert set(nlp.PROCESSORS) <= set(resources["en"]["default_processors"])
    assert all((nlp.BUNDLED_DIR / "en" / f"{name}.pt").exists() for name in [*nlp.PROCESSORS, "pretrain"])
    # the whole bundled set: the Stanza models with their word vectors and the attribution models
    bundled = [*nlp.BUNDLED_DIR.rglob("*"), *(ROOT / "quotes" / "attribution" / "data").rglob("*")]
    assert sum(path.stat().st_size for path in bundled if path.is_file()) <= 60 * 1000 * 1000
    assert (nlp.BUNDLED_DIR / "en" / "MODEL_CARD.md").exists()


def test_tagger_and_parser_look_words_up_in_the_bundled_vectors(pipeline):
    pretrain = pipeline.processors["pos"].pretrain
    assert pretrain is not None and pretrain.filename == str(nlp.BUNDLED_DIR / "en" / nlp.PRETRAIN_FILE)
    assert pretrain.emb.shape[0] > 40000 and pipeline.processors["depparse"].pretrain is pretrain
    # a frequent word that is not in the treebanks' short list has its own vector row
    assert pretrain.vocab.unit2id("counterattack") != pretrain.vocab.unit2id("<unk>")


def test_pipeline_is_built_once_per_process(pipeline):
    assert nlp.pipeline(None) is pipeline


def test_curly_quotes_are_straightened_without_moving_offsets():
    text = "“It’s here,” she said ‘today’."
    assert len(nlp.straighten_quotes(text)) == len(text)
    assert nlp.straighten_quotes(text) == "\"It's here,\" she said 'today'."


def _offline_env(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(NO_NETWORK)
    empty = tmp_path / "stanza_resources"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != nlp.MODELS_ENV}
    env.update(STANZA_RESOURCES_DIR=str(empty), PYTHONPATH=str(tmp_path), HF_HUB_OFFLINE="1")
    return env, empty


def test_parse_runs_offline_with_empty_stanza_resources(tmp_path):
    env, empty = _offline_env(tmp_path)
    result = subprocess.run([*QUOTES, "parse", str(SAMPLE)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert list(empty.iterdir()) == []          # nothing was downloaded
    sentences = result.stdout.strip().split("\n\n")
    target = next(s for s in sentences if "They were working under fire" in s)
    assert "# sent_id = " in target and "# text = " in target
    rows = [line.split("\t") for line in target.splitlines() if line[:1].isdigit()]
    by_id = {row[0]: row for row in rows}
    ministry = next(row for row in rows if row[1] == "ministry")
    assert ministry[7] == "nsubj" and by_id[ministry[6]][1] == "said"


def test_a_token_is_split_only_where_an_apostrophe_shows_it(pipeline):
    """The tokenizer learnt from web text, where `its` often stands for `it's`; in news it is the
    possessive, and splitting it (`it` + `s`, or `Donna` into `Don` + `na`) wrecks the sentence's parse."""
    doc = nlp.parse("The company said its profits fell, but it's early. Its chief, Donna Hale, cannot say.")
    words = [w.text for s in doc.sentences for w in s.words]
    assert words.count("its") == 1 and words.count("Its") == 1 and "s" not in words and "Donna" in words
    assert "'s" in words and "not" in words                # `it's` and `cannot` are still two words
    its = next(w for s in doc.sentences for w in s.words if w.text == "its")
    assert its.upos == "PRON" and its.deprel == "nmod:poss"


def test_two_apostrophes_that_open_a_quotation_are_a_token_of_their_own(pipeline):
    doc = nlp.parse("He called it ''a disgrace,'' and said China was ''provocative.''")
    words = [w.text for s in doc.sentences for w in s.words]
    assert "disgrace" in words and "provocative" in words and "''provocative" not in words
    assert words.count("''") >= 3


def test_parse_json_format(tmp_path):
    result = subprocess.run([*QUOTES, "parse", "--format", "json", "-"], input="Ann Hill said it works.",
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    words = json.loads(result.stdout)[0]
    said = next(w for w in words if w["text"] == "said")
    assert said["lemma"] == "say" and said["upos"] == "VERB"


def test_other_models_directory_that_is_missing_is_a_clear_error(tmp_path):
    result = subprocess.run([*QUOTES, "parse", "--models", str(tmp_path / "none"), "-"], input="Hi.",
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "stanza.download" in result.stderr and "Traceback" not in result.stderr


def _bundled_copy(tmp_path, pretrain: bytes | None):
    """A copy of the bundled model folder, linking every file but the word vectors."""
    folder = tmp_path / "models"
    (folder / "en").mkdir(parents=True)
    (folder / "resources.json").symlink_to(nlp.BUNDLED_DIR / "resources.json")
    for path in (nlp.BUNDLED_DIR / "en").iterdir():
        if path.name != nlp.PRETRAIN_FILE:
            (folder / "en" / path.name).symlink_to(path)
    if pretrain is not None:
        (folder / "en" / nlp.PRETRAIN_FILE).write_bytes(pretrain)
    return folder


def test_missing_word_vectors_are_a_clear_error(tmp_path):
    folder = _bundled_copy(tmp_path, None)
    script = (f"from pathlib import Path; from quotes import nlp; nlp.BUNDLED_DIR = Path({str(folder)!r}); "
              "from quotes.cli import cli; cli(['parse', '-'])")
    result = subprocess.run([sys.executable, "-c", script], input="Hi.", capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"bundled model file missing: {folder / 'en' / nlp.PRETRAIN_FILE}" in result.stderr


def test_truncated_word_vectors_are_a_clear_error(tmp_path, monkeypatch):
    vectors = (nlp.BUNDLED_DIR / "en" / nlp.PRETRAIN_FILE).read_bytes()
    monkeypatch.setattr(nlp, "BUNDLED_DIR", _bundled_copy(tmp_path, vectors[:len(vectors) // 3]))
    with pytest.raises(nlp.ModelsNotFound, match="bundled models in .* cannot be loaded"):
        nlp._pipeline.__wrapped__(None, "cpu")


def test_loading_the_pipeline_builds_no_training_optimizer():
    """Stanza builds its trainers' optimizers even for inference, and the first one imports torch._dynamo
    (1.4 s of a load that takes 2 to 6 s); the pipeline is built without them. The load time itself is
    measured by bench/startup.py."""
    script = "import sys; from quotes import nlp; nlp.pipeline(None); print('torch._dynamo' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split() == ["False"]


def test_bfloat16_parser_scorers_agree_with_float32(pipeline, monkeypatch):
    """The parser's bfloat16 scorers (on CPUs that compute it natively) give the float32 parse."""
    text = SAMPLE.read_text(encoding="utf-8")

    def arcs(bf16: str):
        monkeypatch.setenv(nlp.BF16_ENV, bf16)
        doc = nlp.parse(text)
        return [(w.head, w.deprel) for s in doc.sentences for w in s.words]
    fast, exact = arcs("1"), arcs("0")
    assert len(fast) == len(exact) > 300
    assert sum(a == b for a, b in zip(fast, exact)) / len(exact) >= 0.98
