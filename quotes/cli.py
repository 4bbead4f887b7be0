"""The `quotes` command line: analyze, dump, speakers, parse, browse."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import nlp, store
from .eval_cli import eval_command
from .sources import Article, Failure, read_inputs

KINDS = ("direct", "mixed", "indirect")


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def models_option(function):
    return click.option("--models", "models", type=click.Path(file_okay=False, path_type=Path),
                        envvar=nlp.MODELS_ENV, show_envvar=True,
                        help="Stanza resources directory to use instead of the bundled models "
                             "(e.g. Stanza's official English models).")(function)


def db_option(function):
    return click.option("--db", "db_path", default="quotes.db", show_default=True,
                        type=click.Path(dir_okay=False, path_type=Path), help="SQLite database.")(function)


def existing_db(db_path: Path):
    if not db_path.exists():
        raise click.ClickException(f"no database at {db_path}: run `quotes analyze` first")
    return store.open_db(db_path)


def load_pipeline(models: Path | None):
    try:
        return nlp.pipeline(nlp.models_dir(models))
    except nlp.ModelsNotFound as error:
        raise click.ClickException(str(error)) from None


@click.group()
@click.version_option(package_name="quotes")
def cli():
    """Find quotations in news articles, attribute them to speakers and cues."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@models_option
def analyze(paths, db_path, models):
    """Analyze articles (files, directories, JSONL, or - for stdin) into the database."""
    from .attribution import attribute, from_stanza

    console = stderr_console()
    db = store.open_db(db_path)
    items = list(read_inputs(list(paths)))
    articles = [item for item in items if isinstance(item, Article)]
    failures = [item for item in items if isinstance(item, Failure)]
    for failure in failures:
        console.print(f"[red]error[/]: {escape(failure.source)}: {escape(failure.message)}")
    analyzed = skipped = quote_count = 0
    started = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("analyzing", total=len(articles))
        for article in articles:
            progress.update(task, description=f"analyzing {escape(article.name[:40])}")
            if store.unchanged(db, article):
                skipped += 1
                progress.advance(task)
                continue
            try:
                load_pipeline(models)
                doc = from_stanza(nlp.parse(article.text, nlp.models_dir(models)))
                quote_count += store.save_article(db, article, attribute(doc))
                analyzed += 1
            except click.ClickException:
                raise
            except Exception as error:  # one bad article must not stop the run
                failures.append(Failure(article.source, f"analysis failed: {error}"))
                console.print(f"[red]error[/]: {escape(article.source)}: {escape(str(error))}")
            progress.advance(task)
    speakers = db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0]
    elapsed = time.perf_counter() - started
    console.print(f"{analyzed} analyzed, {skipped} unchanged, {len(failures)} failed; "
                  f"{quote_count} quotes; {speakers} speakers in {escape(str(db_path))} ({elapsed:.1f} s)")
    if failures:
        sys.exit(1)


@cli.command()
@db_option
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file, - for standard output.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only quotes of this kind (repeatable); default all.")
def dump(db_path, output, fmt, kinds):
    """Write one row per quote as CSV or JSON lines."""
    db = existing_db(db_path)
    handle = sys.stdout if output == "-" else open(output, "w", newline="", encoding="utf-8")
    try:
        rows = store.dump_rows(db, kinds)
        if fmt == "csv":
            writer = csv.DictWriter(handle, fieldnames=store.DUMP_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdout:
            handle.close()


@cli.command()
@db_option
@click.option("--limit", default=50, show_default=True, help="Rows to show (0 for all).")
def speakers(db_path, limit):
    """Show the speakers: canonical name, type, quotes, articles, aliases."""
    db = existing_db(db_path)
    table = Table("speaker", "type", "quotes", "articles", "aliases", title="Speakers")
    rows = store.speaker_table(db)
    for row in rows[:limit or None]:
        aliases = ", ".join(a for a in json.loads(row["aliases"] or "[]") if a != row["name"])
        kind = row["type"] + (" (anonymous)" if row["anonymous"] and row["type"] != "anonymous" else "")
        table.add_row(escape(row["name"]), kind, str(row["quotes"]), str(row["articles"]), escape(aliases))
    Console(highlight=False).print(table)


@cli.command()
@click.argument("file", default="-", type=click.File("rb"))
@click.option("--format", "fmt", type=click.Choice(["conllu", "json"]), default="conllu", show_default=True)
@models_option
def parse(file, fmt, models):
    """Print Stanza's analysis of a text (CoNLL-U or JSON)."""
    from .sources import decode

    try:
        text = decode(file.read())
    except (ValueError, UnicodeDecodeError) as error:
        raise click.ClickException(f"cannot read {file.name}: {error}") from None
    load_pipeline(models)
    doc = nlp.parse(text, nlp.models_dir(models))
    if fmt == "json":
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))
        return
    for number, sentence in enumerate(doc.sentences, start=1):
        sentence.sent_id = str(number)
    click.echo("{:C}\n".format(doc))


cli.add_command(eval_command)


@cli.command()
@db_option
def browse(db_path):
    """Browse, read and review the quotes in a terminal UI."""
    from tui.app import run_app

    existing_db(db_path).close()
    run_app(db_path)
