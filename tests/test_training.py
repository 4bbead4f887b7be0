"""The attribution training command on a hand-made fixture, and the model file's errors."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quotes.attribution import attribute
from quotes.attribution.scorer import ModelError, load_scorers
from quotes.attribution.spans import load_span_tagger
from quotes.bounded import parse_article as parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "train"
SCRIPT = ROOT / "scripts" / "train_attribution.py"
_spec = importlib.util.spec_from_file_location("train_attribution", SCRIPT)
_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_script)
NOTES_MARK = _script.NOTES_MARK


def train(gold: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--gold", str(gold), "--cache", str(tmp_path / "cache"),
                           "--output", str(tmp_path / "model.json"), "--folds", "3", "--jobs", "1",
                           "--vectors", "none", "--span-epochs", "2", *extra],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("train")
    result = train(FIXTURE, tmp_path, "--json", str(tmp_path / "cv.json"))
    assert result.returncode == 0, result.stderr
    return tmp_path, result


def test_training_gives_a_model_that_loads_and_attributes(trained):
    tmp_path, result = trained
    assert "rules only:" in result.stderr and "chosen" in result.stderr
    scorers = load_scorers(tmp_path / "model.json")
    assert {"content", "cue", "quote cue"} <= set(scorers)
    doc = parse("“The pier will close,” said the harbor chair. Critics warned that fares would rise.")
    rows = attribute(doc, scorers)
    direct = [a for a in rows if a.kind == "direct"]
    assert [(a.text, a.cue) for a in direct] == [("The pier will close,", "said")]
    assert direct[0].content == "“The pier will close,”"


def test_training_gives_a_span_tagger_that_loads_and_tags(trained):
    tmp_path, result = trained
    assert "span tagger: fold 1 of 3" in result.stderr and "spans: chosen" in result.stderr
    tagger = load_span_tagger(tmp_path / "span_tagger.pt")
    scorers = {**load_scorers(tmp_path / "model.json"), "spans": tagger}
    doc = parse("“The pier will close,” said the harbor chair. Critics warned that fares would rise.")
    rows = attribute(doc, scorers)
    assert [a.text for a in rows if a.kind == "direct"] == ["The pier will close,"]
    assert {s.role for s in tagger.tag(doc, set())} <= {"source", "cue", "content"}


def test_retraining_reuses_the_cached_parses_and_keeps_the_cards_notes(trained):
    tmp_path, _ = trained
    card = tmp_path / "model.md"
    assert "## Cross-validated figures" in card.read_text() and NOTES_MARK not in card.read_text()
    card.write_text(card.read_text() + f"\n{NOTES_MARK}\n## A hand-written note\n", encoding="utf-8")
    again = train(FIXTURE, tmp_path)
    assert again.returncode == 0, again.stderr
    assert "parsing" not in again.stderr
    text = card.read_text()
    assert "(tried, all F1 and exact source / cue / content: added attributions off at" in text
    assert text.count(NOTES_MARK) == 1 and text.endswith(f"{NOTES_MARK}\n## A hand-written note\n")


def test_cross_validation_figures_are_written(trained):
    tmp_path, _ = trained
    figures = json.loads((tmp_path / "cv.json").read_text())
    assert figures["meta"]["articles"] == 3
    assert {"direct F1", "all F1"} <= set(figures["rules"])
    assert {"source exact", "cue exact", "content exact"} <= set(figures["meta"]["cross_validation"]["with"])


def test_training_without_vectors_where_none_are_is_a_clear_error(tmp_path):
    result = train(FIXTURE, tmp_path, "--vectors", str(tmp_path / "absent.pt"))
    assert result.returncode != 0
    assert "no word vectors" in result.stderr and "Traceback" not in result.stderr


def test_a_folder_without_annotations_is_refused(tmp_path):
    gold = tmp_path / "gold"
    shutil.copytree(FIXTURE / "text", gold / "text")
    (gold / "attributions").mkdir()
    result = train(gold, tmp_path)
    assert result.returncode != 0
    assert "no attributions" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="missing"):
        load_scorers(tmp_path / "absent.json")


@pytest.mark.parametrize("content", ["{not json", json.dumps({"format": "other"}),
                                     json.dumps({"format": "quotes-attribution-model", "version": 1,
                                                 "scorers": {"cue": {"weights": []}}})])
def test_a_corrupt_model_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "model.json"
    path.write_text(content)
    with pytest.raises(ModelError):
        load_scorers(path)


def test_analyze_stops_with_one_line_for_a_corrupt_model(tmp_path):
    (tmp_path / "model.json").write_text("{broken")
    article = tmp_path / "a.txt"
    article.write_text("“We are ready,” the mayor said.\n")
    result = subprocess.run([sys.executable, "-m", "quotes", "analyze", str(article), "--db", str(tmp_path / "t.db")],
                            capture_output=True, text=True,
                            env={**__import__("os").environ, "QUOTES_ATTRIBUTION_MODEL": str(tmp_path / "model.json")})
    assert result.returncode != 0
    assert "unreadable" in result.stderr and "Traceback" not in result.stderr
