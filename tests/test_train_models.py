"""The Stanza training recipe's commands (scripts/train_models.py), without training."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("train_models", ROOT / "scripts" / "train_models.py")
train_models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train_models)


def _files(tmp_path: Path) -> dict[str, Path]:
    names = ("train", "dev", "parser_train", "parser_dev", "pretrain")
    return {name: tmp_path / f"{name}.conllu" for name in names}


def test_the_parser_on_predicted_tags_goes_on_from_the_weights_it_is_given(tmp_path):
    weights = tmp_path / "bundled-depparse.pt"
    weights.write_bytes(b"weights")
    (tmp_path / "models").mkdir()
    command = train_models.stage_command("depparse", _files(tmp_path), tmp_path / "models", tmp_path,
                                         parser_from=weights)
    assert command[:2] == [str(ROOT / "scripts" / "parser_fine_tune.py"), str(weights)]
    assert command[command.index("--continue_from") + 1] == str(weights)
    assert command[command.index("--checkpoint_save_name") + 1].endswith("depparse-predicted-tags_checkpoint.pt")


def test_the_parser_on_predicted_tags_resumes_its_own_checkpoint_first(tmp_path):
    weights = tmp_path / "bundled-depparse.pt"
    weights.write_bytes(b"weights")
    models = tmp_path / "models"
    models.mkdir()
    (models / "depparse-predicted-tags_checkpoint.pt").write_bytes(b"checkpoint")
    command = train_models.stage_command("depparse", _files(tmp_path), models, tmp_path, parser_from=weights)
    assert "--continue_from" not in command      # Stanza's parser loads its checkpoint itself
