"""Issue 6: worker processes, the Dask path, the incremental skip and the benchmark's stage split."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes import analysis, store
from quotes.cli import cli
from quotes.sources import Article, read_inputs

ROOT = Path(__file__).resolve().parent.parent
SPEAKERS = ["Ann Hill", "Bob Lee", "Carol Diaz", "Dan Roy", "Eve Stone"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Five short news articles, each with a direct quote, a mixed one and reported speech."""
    directory = tmp_path_factory.mktemp("corpus")
    for number, name in enumerate(SPEAKERS):
        surname = name.split()[1]
        (directory / f"article-{number}.txt").write_text(
            f"“We will rebuild the bridge by spring,” {name}, the mayor, said on Monday.\n\n"
            f"{surname} added that the work was “long overdue”. The council said the cost would rise.\n",
            encoding="utf-8")
    return directory


def dump(db: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["dump", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def local_rows(corpus, tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("local") / "q.db"
    result = CliRunner().invoke(cli, ["analyze", str(corpus), "--db", str(db), "-j", "1"])
    assert result.exit_code == 0, result.output
    rows = dump(db)
    assert {row["speaker"] for row in rows} >= set(SPEAKERS)
    return rows


def test_worker_processes_store_the_same_rows(corpus, tmp_path, local_rows):
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["analyze", str(corpus), "--db", str(db), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert "5 analyzed" in result.output
    assert dump(db) == local_rows


def test_dask_cluster_stores_the_same_rows(corpus, tmp_path, local_rows):
    distributed = pytest.importorskip("distributed")
    db = tmp_path / "q.db"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = CliRunner().invoke(cli, ["analyze", str(corpus), "--db", str(db),
                                          "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "5 analyzed" in result.output
    assert dump(db) == local_rows


def test_unchanged_corpus_of_1000_articles_is_skipped_without_loading_models(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(1000):
        (corpus / f"{number:04}.txt").write_text(
            f"Article {number}. “Quote number {number},” the spokesman said.\n", encoding="utf-8")
    db_path = tmp_path / "q.db"
    db = store.open_db(db_path)
    for article in read_inputs([str(corpus)]):
        assert isinstance(article, Article)
        store.save_article(db, article, [])
    db.close()
    program = ("import sys; from quotes.cli import cli\n"
               "try:\n    cli(sys.argv[1:])\nexcept SystemExit as end:\n    code = end.code\n"
               "print(code, 'torch' in sys.modules, 'stanza' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", program, "analyze", str(corpus), "--db", str(db_path)],
                            capture_output=True, text=True, timeout=300)
    code, torch_loaded, stanza_loaded = result.stdout.split()
    assert code == "0", result.stderr
    assert "0 analyzed, 1000 unchanged, 0 failed" in result.stderr
    assert (torch_loaded, stanza_loaded) == ("False", "False")      # the time is in bench/startup.py


def test_outcome_times_each_stage(pipeline):
    outcome = analysis.analyze_text("“We are ready,” the minister said. She added that talks would go on.")
    assert outcome.error is None
    assert set(outcome.seconds) == {"tokenize", "parse", "attribution"}
    assert all(value > 0 for value in outcome.seconds.values())
    assert outcome.words >= 14
    assert [a.kind for a in outcome.attributions][:1] == ["direct"]


def test_a_bad_article_is_an_outcome_not_an_exception(pipeline):
    outcome = analysis.analyze_text("“A quote,” she said. " * 3, time_limit=1e-6)
    assert outcome.attributions is None
    assert "took longer than" in outcome.error


def test_benchmark_reports_throughput_and_stage_split(corpus):
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "analyze.py"), str(corpus),
                             "--repeat", "1", "--jobs", "1"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 5
    whole = report["whole_process"]["1"]
    assert whole["seconds"] > 0 and whole["articles_per_s"] == pytest.approx(5 / whole["seconds"])
    assert 100 < whole["peak_rss_mb"] < 4000
    split = report["stage_split"]
    assert all(split[stage] > 0 for stage in ("load", "tokenize", "parse", "attribution", "storage"))
    assert split["words"] > 100
    assert "stage split" in result.stderr


def test_startup_benchmark_reports_its_figures():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "startup.py"), "--repeat", "1", "--articles", "20"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert all(report[name] > 0 for name in ("pipeline_load_s", "unchanged_rerun_s", "marks_100k_s"))
    assert "target" in result.stderr


def test_tui_benchmark_reports_its_figures():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "tui.py"), "--quotes", "2000", "--repeat", "1"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["quotes"] == 2000 and report["startup"]["median_s"] > 0
    assert {"search 'peac' (last key typed)", "kind filter (direct)", "speaker filter", "article filter",
            "speakers view"} <= set(report["updates"])
