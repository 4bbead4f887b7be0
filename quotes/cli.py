"""The `quotes` command line: analyze, dump, speakers, stats, parse, browse."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import sqlite3
import sys
import time
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table
from rich.text import Text

from . import analysis, nlp, queries, store
from . import stats as stats_module
from .attribution.classes import CLASSES, SPEECH_LIKE
from .eval_cli import eval_command
from .sources import MAX_CHARS, Article, Failure, read_inputs

KINDS = ("direct", "mixed", "indirect")


def parse_classes(value: str | None) -> tuple[str, ...]:
    """Cue classes from a comma-separated option value; `speech-like` stands for SPEECH_LIKE."""
    if not value:
        return ()
    chosen = []
    for name in (part.strip().lower() for part in value.split(",") if part.strip()):
        if name == "all":
            return ()
        if name == "speech-like":
            chosen += SPEECH_LIKE
        elif name in CLASSES:
            chosen.append(name)
        else:
            raise click.BadParameter(f"unknown class {name!r} (one of {', '.join(CLASSES)}, speech-like, all)")
    return tuple(dict.fromkeys(chosen))


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def models_option(function):
    return click.option("--models", "models", type=click.Path(file_okay=False, path_type=Path),
                        envvar=nlp.MODELS_ENV, show_envvar=True,
                        help="Stanza resources directory to use instead of the bundled models "
                             "(e.g. Stanza's official English models).")(function)


def device_option(function):
    return click.option("--device", type=click.Choice(nlp.DEVICES), default="auto", show_default=True,
                        envvar=nlp.DEVICE_ENV, show_envvar=True,
                        help="Where the parser runs: auto takes a CUDA GPU when torch sees one, else the "
                             "CPU (one line on stderr says which).")(function)


def use_device(choice: str, console: Console) -> None:
    """Resolve --device for this process and the workers it starts, or stop with a one-line error."""
    try:
        device = nlp.choose_device(choice)
    except nlp.DeviceUnavailable as error:
        raise click.ClickException(str(error)) from None
    os.environ[nlp.DEVICE_ENV] = device
    if choice == "auto":
        console.print(f"device: {device} ({'CUDA GPU seen by torch' if device == 'cuda' else 'no CUDA GPU seen by torch'})")


def db_option(function):
    return click.option("--db", "db_path", default="quotes.db", show_default=True,
                        type=click.Path(dir_okay=False, path_type=Path), help="SQLite database.")(function)


def existing_db(db_path: Path):
    if not db_path.exists():
        raise click.ClickException(f"no database at {db_path}: run `quotes analyze` first")
    return open_or_fail(db_path)


def check_attribution_model() -> None:
    """The learned attribution models load, or the command stops with their one-line error."""
    from .attribution.scorer import ModelError, load_scorers
    from .attribution.spans import SpanModelError, load_span_tagger

    try:
        load_scorers()
        load_span_tagger()
    except (ModelError, SpanModelError) as error:
        raise click.ClickException(str(error)) from None


def load_pipeline(models: Path | None):
    try:
        return nlp.pipeline(nlp.models_dir(models))
    except nlp.ModelsNotFound as error:
        raise click.ClickException(str(error)) from None


@click.group()
@click.version_option(package_name="quotes")
def cli():
    """Find quotations in news articles, attribute them to speakers and cues."""


# -- untrusted text in messages ----------------------------------------------

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def one_line(text: object, limit: int = 300) -> str:
    """Untrusted text (a file name, an exception's message) as one printable line: control characters,
    bidirectional overrides and lone surrogates become escapes such as ``\\x1b``, so that nothing in it
    reaches the terminal as a control sequence; cut to ``limit`` characters."""
    text = _UNSAFE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"),
                       str(text))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def report(console: Console, label: str, style: str, source: str, message: str) -> None:
    """``label: source: message`` on one line; printed as rich Text, never parsed as markup or emoji."""
    console.print(Text.assemble((label, style), f": {one_line(source)}: {one_line(message)}"), soft_wrap=True)


# -- analyze ------------------------------------------------------------------

@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@models_option
@click.option("--max-chars", default=MAX_CHARS, show_default=True, type=click.IntRange(min=1),
              help="Refuse longer articles (they take minutes each to parse).")
@click.option("--time-limit", type=click.FloatRange(min=0), default=None,
              help="Give up an article after this many seconds (0: never); default 60 s plus 3 s per "
                   "1,000 characters.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes that parse articles side by side [default: one per CPU core; "
                   "a handful of articles are analyzed in this process].")
@click.option("--scheduler", metavar="ADDRESS",
              help="Parse on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786 (needs `pip install "
                   "distributed` and quotes installed on the workers); results go into --db here.")
@click.option("--name", "stdin_name", metavar="NAME",
              help="Name of the article read from standard input (-) [default: stdin- and the start of its "
                   "content hash, so that each different article piped in is a new one].")
@click.option("--outlet", metavar="NAME",
              help="The outlet (publisher) of every article read, over a JSONL `outlet`/`source` field or "
                   "the site name found in HTML.")
@device_option
def analyze(paths, db_path, models, max_chars, time_limit, jobs, scheduler, stdin_name, device, outlet):
    """Analyze articles (files, directories, JSONL, or - for stdin) into the database.

    Inputs that cannot be used (empty, binary, undecodable, too large, malformed JSONL lines, ...) are
    reported one line each and the run goes on; it then exits with status 1 and says how many failed.
    Text that is not UTF-8 is decoded as Windows-1252 when that gives readable text (with a note).
    Articles whose text is already in the database are skipped without loading any model. A run
    that is interrupted or killed leaves every article either fully stored or not at all: run it again
    to finish. Several runs and the browser can use one database at the same time.
    """
    console = stderr_console()
    started = time.perf_counter()
    if stdin_name is not None and "-" not in paths:
        raise click.UsageError("--name names the article read from standard input: give - as a PATH")
    if stdin_name is not None and not stdin_name.strip():
        raise click.UsageError("--name must not be empty")
    if outlet is not None and not outlet.strip():
        raise click.UsageError("--outlet must not be empty")
    db = open_or_fail(db_path)
    articles, failures = [], []
    for item in read_inputs(list(paths), max_chars, stdin_name):
        if isinstance(item, Article):
            articles.append(dataclasses.replace(item, outlet=outlet.strip()) if outlet else item)
        elif isinstance(item, Failure):
            failures.append(item)
            report(console, "error", "red", item.source, item.message)
        else:
            report(console, "note", "yellow", item.source, item.message)

    def fail(article: Article, message: str) -> None:
        failures.append(Failure(article.source, message))
        report(console, "error", "red", article.source, message)

    todo, skipped = [], 0
    for article in articles:
        try:
            if store.unchanged(db, article):
                skipped += 1
                store.set_outlet(db, article)       # a new --outlet needs no new analysis
            else:
                todo.append(article)
        except sqlite3.Error as error:
            fail(article, f"database error: {error}")
    analyzed = quote_count = 0
    replaced: list[Article] = []
    interrupted = False
    if todo:
        check_attribution_model()
        use_device(device, console)
        outcomes = analysis_runner(todo, models, time_limit, jobs, scheduler)
        with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True,
                      disable=not console.is_terminal) as progress:
            task = progress.add_task("analyzing", total=len(todo))
            try:
                for article, outcome in zip(todo, outcomes):
                    if outcome.error:
                        fail(article, outcome.error)
                    else:
                        try:
                            if store.unchanged(db, article):     # another run stored it meanwhile
                                skipped += 1
                            else:
                                replacing = store.replaces(db, article)
                                quote_count += store.save_article(db, article, outcome.attributions)
                                analyzed += 1
                                if replacing:
                                    replaced.append(article)
                        except sqlite3.Error as error:
                            fail(article, f"not stored, database error: {error}")
                    progress.update(task, advance=1, description=f"analyzed {one_line(article.name, 40)}")
            except KeyboardInterrupt:
                interrupted = True
            finally:
                outcomes.close()
    changed = f" ({len(replaced)} replacing a stored article with other text)" if replaced else ""
    summary = (f"{analyzed} analyzed{changed}, {skipped} unchanged, {len(failures)} failed; {quote_count} quotes; "
               f"{count_speakers(db)} speakers in {one_line(db_path)} ({time.perf_counter() - started:.1f} s)")
    console.print(Text(summary), soft_wrap=True)
    report_replaced(console, replaced)
    report_orphans(console, db)
    if interrupted:
        console.print(Text(f"interrupted after {analyzed + skipped + len(failures)} inputs: "
                           "run the same command again to finish", style="yellow"), soft_wrap=True)
        sys.exit(130)
    if failures:
        console.print(Text(f"{len(failures)} input{'s' if len(failures) != 1 else ''} failed (see the errors "
                           "above)", style="red"), soft_wrap=True)
        sys.exit(1)


def analysis_runner(todo: list[Article], models: Path | None, time_limit: float | None,
                    jobs: int | None, scheduler: str | None):
    """Outcomes for ``todo`` in order: on a Dask cluster, in worker processes, or in this process
    (for a handful of articles, where starting workers would cost more than it saves)."""
    texts = [article.text for article in todo]
    external = nlp.models_dir(models)
    if scheduler:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click.ClickException("--scheduler needs Dask: pip install distributed") from None
        return analysis.run_on_dask(texts, external, time_limit, scheduler)
    jobs = jobs or analysis.default_jobs()
    if jobs > 1 and len(todo) > 2 * jobs:
        try:
            nlp.check_models(external)
        except nlp.ModelsNotFound as error:
            raise click.ClickException(str(error)) from None
        return analysis.run_in_processes(texts, external, time_limit, jobs)
    load_pipeline(models)
    return analysis.run_here(texts, external, time_limit)


def open_or_fail(db_path: Path):
    try:
        return store.open_db(db_path)
    except store.StoreError as error:
        raise click.ClickException(one_line(error)) from None


def count_speakers(db) -> str:
    try:
        return str(db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0])
    except sqlite3.Error:
        return "?"


def report_replaced(console: Console, replaced: list[Article], shown: int = 5) -> None:
    """Articles stored under a source (a path, a JSONL id, a stdin --name) that now has other text."""
    for article in replaced[:shown]:
        report(console, "replaced", "yellow", article.source,
               f"article {article.name!r} had other text; its quotes were replaced")
    if len(replaced) > shown:
        console.print(Text(f"  … and {len(replaced) - shown} more replaced"), soft_wrap=True)


def report_orphans(console: Console, db, shown: int = 5) -> None:
    """Review corrections whose quote is no longer found (its text changed): kept, and said so."""
    from .corrections import orphans

    try:
        lost = orphans(db)
    except sqlite3.Error:
        return
    if not lost:
        return
    console.print(Text(f"{len(lost)} review correction{'s' if len(lost) != 1 else ''} no longer match a "
                       "quote (the article's text or its analysis changed); kept in the corrections table:",
                       style="yellow"), soft_wrap=True)
    for row in lost[:shown]:
        console.print(Text(f"  {one_line(row['source'], 80)} [{row['quote_start']}:{row['quote_end']}] "
                           f"{one_line(row['quote'], 60)!r}"), soft_wrap=True)
    if len(lost) > shown:
        console.print(Text(f"  … and {len(lost) - shown} more"), soft_wrap=True)


# -- dump -----------------------------------------------------------------------

def terminal_safe(value):
    """A value written to a terminal: control characters shown as visible escapes (``\\x1b``)."""
    if not isinstance(value, str):
        return value
    return _UNSAFE.sub(lambda m: m.group() if m.group() in "\n\t" else
                       m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), value)


@cli.command()
@db_option
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file, - for standard output.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only quotes of this kind (repeatable); default all.")
@click.option("--unit", type=click.Choice(store.UNITS), default="quote", show_default=True,
              help="One row per quote, or per attribution (an interrupted quote's pieces as one row from "
                   "first to last piece; mixed quotes and nested reported speech left to the attribution that "
                   "holds them; quote and speaker spans are PolNeAR's content and source).")
@click.option("--class", "classes", callback=lambda ctx, param, value: parse_classes(value),
              help="Only attributions whose cue is of these classes, comma-separated: "
                   f"{', '.join(CLASSES)} (speech-like: {','.join(SPEECH_LIKE)}); default all.")
@click.option("--raw", is_flag=True,
              help="CSV: write cells exactly as stored. By default a text cell starting with = + - @ tab or "
                   "carriage return gets a leading ' so that spreadsheets do not run it as a formula.")
def dump(db_path, output, fmt, kinds, unit, classes, raw):
    """Write one row per quote (or per attribution) as CSV or JSON lines.

    CSV cells that a spreadsheet would run as a formula (text starting with = + - @ tab or carriage return)
    are prefixed with a single quote unless --raw is given; JSON lines are always written as stored.
    Written to a terminal, control characters (escape sequences) are shown as visible escapes.
    """
    db = existing_db(db_path)
    try:
        handle = sys.stdout if output == "-" else open(output, "w", newline="", encoding="utf-8")
    except OSError as error:
        raise click.ClickException(one_line(f"cannot write {output}: {error.strerror or error}")) from None
    to_terminal = handle.isatty()
    try:
        rows = store.dump_rows(db, kinds, unit, classes)
        if fmt == "csv":
            writer = csv.DictWriter(handle, fieldnames=store.DUMP_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                if not raw:
                    row = {key: store.spreadsheet_safe(value) for key, value in row.items()}
                if to_terminal:
                    row = {key: terminal_safe(value) for key, value in row.items()}
                writer.writerow(row)
        else:
            for row in rows:
                line = json.dumps(row, ensure_ascii=to_terminal)    # \u escapes for a terminal: no controls
                handle.write(line + "\n")
    except sqlite3.Error as error:
        raise click.ClickException(one_line(f"cannot read the database {db_path}: {error}")) from None
    finally:
        if handle is not sys.stdout:
            handle.close()


@cli.command()
@db_option
@click.option("--limit", default=50, show_default=True, help="Rows to show (0 for all).")
@click.option("--class", "classes", default="speech-like", show_default=True,
              callback=lambda ctx, param, value: parse_classes(value),
              help=f"Count only attributions whose cue is of these classes, comma-separated ({', '.join(CLASSES)}, "
                   f"speech-like = {','.join(SPEECH_LIKE)}); 'all' counts every class.")
def speakers(db_path, limit, classes):
    """Show the speakers: canonical name, type, gender (people), roles, name forms, quotes, articles.

    By default only speech-like attributions count (speech, writing, documents); thoughts and
    intentions (`believes`, `plans to`, `offered`) are counted with --class all."""
    db = existing_db(db_path)
    table = Table("speaker", "type", "gender", "roles", "name forms", "quotes", "articles", title="Speakers")
    for entry in queries.leaderboard(db, classes)[:limit or None]:
        kind = entry.type + (" (anonymous)" if entry.anonymous and entry.type != "anonymous" else "")
        table.add_row(escape(terminal_safe(entry.name)), kind, entry.gender or "",
                      escape(terminal_safe(", ".join(entry.roles))),
                      escape(terminal_safe(", ".join(entry.aliases))), str(entry.quotes), str(entry.articles))
    Console(highlight=False).print(table)


@cli.command()
@db_option
@click.option("--by", type=click.Choice(list(stats_module.GROUPINGS)), default="none", show_default=True,
              help="One row per outlet, month (of the article's date), article, or none (the whole database).")
@click.option("--class", "classes", default="speech-like", show_default=True,
              callback=lambda ctx, param, value: parse_classes(value),
              help="Count only attributions whose cue is of these classes, as for `quotes speakers`.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def stats(db_path, by, classes, fmt):
    """Who is quoted: quotes and distinct speakers by gender and by speaker type, the share of women
    among person speakers of known gender, and the share of quotes from anonymous sources.

    Review corrections apply. Gender is what the text (pronouns, honorifics, gendered role nouns)
    or, failing that, the given-name statistics present, not a person's identity; correct it in
    review (`quotes browse`, `r`, then the Gender box). CSV and JSON (one object per line) give every
    count; the table the main ones."""
    db = existing_db(db_path)
    try:
        rows = stats_module.statistics(db, by, classes)
    except sqlite3.Error as error:
        raise click.ClickException(one_line(f"cannot read the database {db_path}: {error}")) from None
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=stats_module.columns(), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else store.spreadsheet_safe(v)) for k, v in row.items()})
        return
    if fmt == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return

    def share(value) -> str:
        return "–" if value is None else f"{value:.0%}"
    table = Table(Column(by if by != "none" else "", min_width=12, overflow="fold"), title="Who is quoted",
                  box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True,
                  caption="people f/m/?: female, male, unknown; women: among people of known gender; "
                          "anon.: quotes from anonymous sources")
    for header in ("quotes", "speakers", "f/m/?", "women", "anon.", "orgs", "govts", "other"):
        table.add_column(header, justify="right", no_wrap=True)
    for row in rows:
        other = sum(row[f"speakers_{t}"] for t in ("group", "document", "place", "unknown"))
        table.add_row(escape(terminal_safe(row["group"])), str(row["quotes"]), str(row["speakers"]),
                      f"{row['speakers_female']}/{row['speakers_male']}/{row['speakers_gender_unknown']}",
                      share(row["women_share"]), share(row["anonymous_share"]),
                      str(row["speakers_organization"]), str(row["speakers_government"]), str(other))
    Console(highlight=False).print(table)


@cli.command()
@click.argument("path", default="-")
@click.option("--format", "fmt", type=click.Choice(["conllu", "json"]), default="conllu", show_default=True)
@click.option("--line", "line", type=click.IntRange(min=1), default=None,
              help="JSONL: only the article on this line (as in `error: PATH:LINE`); default every article.")
@click.option("--name", "stdin_name", metavar="NAME", help="Name of the article read from standard input.")
@click.option("--max-chars", default=MAX_CHARS, show_default=True, type=click.IntRange(min=1),
              help="Refuse longer articles.")
@models_option
@device_option
def parse(path, fmt, line, stdin_name, max_chars, models, device):
    """Print Stanza's analysis of an article (CoNLL-U or JSON), read as `quotes analyze` reads it.

    HTML gives its extracted article text, Markdown its plain text, and JSONL each line's text (or
    only line --line). CoNLL-U starts each article with `# newdoc id = NAME`. In JSON, one article is
    the list of its sentences; several are JSON lines of {"article", "source", "sentences"}.
    """
    console = stderr_console()
    items = list(read_inputs([path], max_chars, stdin_name))
    if line is not None:
        if not any(isinstance(item, Article) and item.line is not None for item in items) and not any(
                isinstance(item, Failure) and re.search(r":\d+$", item.source) for item in items):
            raise click.UsageError("--line picks a line of a JSONL input")
        items = [item for item in items if (item.line == line if isinstance(item, Article)
                                            else item.source.endswith(f":{line}"))]
    articles = [item for item in items if isinstance(item, Article)]
    failed = 0
    for item in items:
        if isinstance(item, Failure):
            failed += 1
            report(console, "error", "red", item.source, item.message)
        elif not isinstance(item, Article):
            report(console, "note", "yellow", item.source, item.message)
    if line is not None and not items:
        raise click.ClickException(f"no article on line {line} of {one_line(path)}")
    if articles:
        use_device(device, console)
        load_pipeline(models)
    for article in articles:
        doc = nlp.parse(article.text, nlp.models_dir(models))
        if fmt == "json":
            if len(articles) == 1:
                click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))
            else:
                click.echo(json.dumps({"article": article.name, "source": article.source,
                                       "sentences": doc.to_dict()}, ensure_ascii=False))
            continue
        for number, sentence in enumerate(doc.sentences, start=1):
            sentence.sent_id = str(number)
        click.echo(f"# newdoc id = {one_line(article.name)}")
        click.echo("{:C}\n".format(doc))
    if failed:
        sys.exit(1)


cli.add_command(eval_command)


@cli.command()
@db_option
def browse(db_path):
    """Browse, read and review the quotes in a terminal UI."""
    from tui.app import run_app

    existing_db(db_path).close()
    run_app(db_path)
