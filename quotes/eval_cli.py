"""`quotes eval`: score the system's quotes against brat-standoff gold (see quotes.evaluate)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from fractions import Fraction
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.table import Table

from . import evaluate as ev

EXPLAIN_THRESHOLDS = {"0.3": Fraction(3, 10), "0.8": Fraction(8, 10)}


class BadInput(click.ClickException):
    """A one-line error on stderr and exit status 2."""

    exit_code = 2


def _database_rows(db_path: Path, articles: dict[str, ev.GoldArticle], unit: str):
    """(where, row) pairs of a quotes database, as `quotes dump --unit UNIT` gives them; warns about
    texts that differ from the gold. The file is checked read-only before it is opened (and migrated)."""
    from . import store

    if not db_path.is_file():
        raise BadInput(f"no database at {db_path}")
    try:
        with closing(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)) as probe:
            tables = {name for (name,) in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"articles", "quotes"} <= tables:
            raise BadInput(f"{db_path} is not a quotes database (no articles and quotes tables)")
        db = store.open_db(db_path)
        rows = [(f"{db_path} quote {row.get('quote_id')}", row) for row in store.dump_rows(db, unit=unit)]
        texts = dict(db.execute("SELECT name, text FROM articles").fetchall())
        db.close()
    except sqlite3.Error as error:
        raise BadInput(f"cannot read {db_path} as a quotes database: {error}") from None
    differing = sorted(name for name, text in texts.items()
                       if name in articles and text != articles[name].text)
    if differing:
        click.echo(f"warning: {len(differing)} article(s) in {db_path} have another text than the gold "
                   f"(offsets may not line up), e.g. {differing[0]!r}", err=True)
    return rows


def _percent(value: float) -> str:
    return f"{100 * value:.1f}"


def _figures_table(evaluation: ev.Evaluation) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=f"mode {evaluation.mode}", title_justify="left")
    for heading in ("t", "matched", "P", "R", "F1", "speaker", "cue", "e2e P", "e2e R", "e2e F1"):
        table.add_column(heading, justify="right")
    for threshold, outcome in evaluation.outcomes.items():
        scores = outcome.scores
        table.add_row(f"{float(threshold):g}", str(scores.matched),
                      *(_percent(getattr(scores, name)) for name in ev.Scores.FIGURES))
    return table


def _roles_table(roles: list[ev.RoleScores]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title="roles (one row per attribution)", title_justify="left")
    for heading in ("role", "gold", "system", "exact P", "exact R", "exact F1", "begin P", "begin R", "begin F1"):
        table.add_column(heading, justify="right")
    for role in roles:
        table.add_row(role.role, str(role.gold), str(role.system),
                      *(f"{100 * v:.1f}" for v in (*role.prf(role.exact), *role.prf(role.begin))))
    return table


def _errors_table(evaluation: ev.Evaluation, threshold: Fraction) -> Table:
    counts = ev.error_categories(evaluation, threshold)
    table = Table(box=box.SIMPLE_HEAD, title=f"errors at t={float(threshold):g}", title_justify="left")
    table.add_column("category")
    table.add_column("count", justify="right")
    table.add_column("what it counts")
    for category, meaning in ev.ERROR_CATEGORIES.items():
        table.add_row(category, str(counts[category]), meaning)
    return table


def _snippet(text: str, spans: ev.Spans, width: int) -> str:
    if not spans:
        return "—"
    shown = " … ".join(text[start:end] for start, end in spans).replace("\n", " ")
    return repr(shown if len(shown) <= width else shown[:width - 1] + "…")


def _spread(items: list, count: int) -> list:
    """Up to count items taken evenly across the list."""
    if len(items) <= count:
        return items
    return [items[k * len(items) // count] for k in range(count)]


def _explain(evaluation: ev.Evaluation, threshold: Fraction, count: int) -> None:
    outcome = evaluation.outcomes[threshold]
    texts = {name: article.text for name, article in evaluation.articles.items()}

    def describe(item: ev.Item, role_label: str) -> str:
        text = texts[item.article]
        where = f"{item.article} {item.quote[0][0]}-{item.quote[-1][1]}"
        return (f"  {where}: {_snippet(text, item.quote, 100)}\n"
                f"      {role_label} {_snippet(text, item.speaker, 40)}, cue {_snippet(text, item.cue, 30)}")

    click.echo(f"\nexamples at t={float(threshold):g}")
    click.echo(f"\nfalse positives ({len(outcome.false_positives)}):")
    for item in _spread(outcome.false_positives, count):
        click.echo(describe(item, "speaker"))
    click.echo(f"\nfalse negatives ({len(outcome.false_negatives)}):")
    for item in _spread(outcome.false_negatives, count):
        click.echo(describe(item, "source"))
    wrong = [pair for pair in outcome.pairs if not pair.speaker_ok]
    click.echo(f"\nwrong speakers ({len(wrong)}):")
    for pair in _spread(wrong, count):
        text = texts[pair.gold.article]
        click.echo(f"  {pair.gold.article} {pair.gold.quote[0][0]}: {_snippet(text, pair.gold.quote, 80)}\n"
                   f"      gold {_snippet(text, pair.gold.speaker, 40)}, "
                   f"system {_snippet(text, pair.system.speaker, 40)}")


@click.command("eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path), metavar="DIR",
              help="Gold folder with text/*.txt and attributions/*.ann (brat standoff, PolNeAR layout).")
@click.option("--db", "db_path", type=click.Path(path_type=Path), metavar="PATH",
              help="Score the quotes of this database.")
@click.option("--pred", "pred_path", type=click.Path(path_type=Path), metavar="CSV",
              help="Score a CSV as `quotes dump` writes it (article, quote_start, quote_end, "
                   "speaker_start, speaker_end, cue_start, cue_end, optionally kind).")
@click.option("--mode", type=click.Choice(ev.MODES), default="direct", show_default=True,
              help="direct: quotations inside marks; all: whole attribution contents.")
@click.option("--explain", "explain_count", type=click.IntRange(min=0), default=0, metavar="N",
              help="Print N example false positives, false negatives and wrong speakers.")
@click.option("--explain-at", type=click.Choice(sorted(EXPLAIN_THRESHOLDS)), default="0.8",
              show_default=True, help="Overlap threshold of the --explain examples and --errors.")
@click.option("--errors", "show_errors", is_flag=True,
              help="Also print the errors by category (missed quote, quote boundary, ...) at the "
                   "--explain-at threshold.")
@click.option("--roles", "show_roles", is_flag=True,
              help="Also print per-role span scores (source, cue, content; exact and first-token match, "
                   "P/R/F1) of the attributions, read one row per attribution.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Also write all figures and counts as JSON.")
def eval_command(gold_dir, db_path, pred_path, mode, explain_count, explain_at, show_errors, show_roles,
                 json_path):
    """Score quotes and attributions against annotated articles (brat standoff).

    Prints precision, recall, F1, speaker and cue accuracy and end-to-end
    P/R/F1 at overlap 0.3 and 0.8. In direct mode, rows of kind `indirect`
    are left out; in mode all, a database is read one row per attribution
    (as `quotes dump --unit attribution` writes it).
    """
    if (db_path is None) == (pred_path is None):
        raise BadInput("give one of --db PATH or --pred CSV")
    try:
        articles = ev.load_gold(gold_dir)
        if pred_path is not None:
            source = str(pred_path)
            predictions = ev.read_predictions(pred_path, articles, mode)
        else:
            source = str(db_path)
            unit = "attribution" if mode == "all" else "quote"
            predictions = ev.predictions_from_rows(_database_rows(db_path, articles, unit), articles, mode)
        roles = None
        if show_roles:
            role_predictions = (ev.read_predictions(pred_path, articles, "all") if pred_path is not None else
                                ev.predictions_from_rows(_database_rows(db_path, articles, "attribution"),
                                                         articles, "all"))
            roles = ev.role_scores(articles, role_predictions)
    except ev.EvalError as error:
        raise BadInput(str(error)) from None
    evaluation = ev.evaluate(articles, predictions, mode)

    left_out = f", {predictions.left_out} indirect row(s) left out" if mode == "direct" else ""
    click.echo(f"gold {gold_dir}: {len(articles)} articles, {evaluation.attribution_count} attributions, "
               f"{evaluation.gold_count} gold items")
    click.echo(f"system {source}: {predictions.count} items{left_out}")
    Console(highlight=False, width=max(100, Console().width)).print(_figures_table(evaluation))
    if show_errors:
        Console(highlight=False).print(_errors_table(evaluation, EXPLAIN_THRESHOLDS[explain_at]))
    if roles is not None:
        Console(highlight=False, width=max(100, Console().width)).print(_roles_table(roles))
    if explain_count:
        _explain(evaluation, EXPLAIN_THRESHOLDS[explain_at], explain_count)
    if json_path is not None:
        figures = evaluation.as_dict()
        if roles is not None:
            figures["roles"] = {r.role: {"gold": r.gold, "system": r.system, "exact": r.exact, "begin": r.begin}
                                for r in roles}
        try:
            json_path.write_text(json.dumps({"gold": str(gold_dir), "system": source,
                                             **figures}, indent=2) + "\n", encoding="utf-8")
        except OSError as error:
            raise BadInput(f"cannot write {json_path}: {error}") from None
