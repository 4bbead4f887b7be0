"""Benchmark the terminal UI on a large database: start-up, search and filters, the Speakers view.

    .venv/bin/python bench/tui.py [--quotes 100000] [--repeat 3] [--db big.db]

The database is made by bench/bigdb.py (direct inserts, no NLP) in a temporary folder, or taken from
``--db`` (built there first if it does not exist). Every figure is the median of ``--repeat`` runs:
- startup: from creating the app to the first page of the table painted;
- each search or filter: from the change to its result painted (typing the last letter of a word,
  adding a common word, the kind, speaker and article filters, clearing them);
- the Speakers view: from the key to the leaderboard loaded.
The targets (on a 2-core machine with 100,000 quotes) are 1.5 s to start and 200 ms per search or
filter; ``--check`` exits with status 1 when a median is over them. The result is printed as a table
on stderr and as JSON on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bigdb  # noqa: E402

SIZE = (100, 30)
STARTUP_TARGET = 1.5
UPDATE_TARGET = 0.2


async def until(condition, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.002)


def shows(screen, **view) -> bool:
    """The screen has painted the result of its current view, which has these QuoteFilter values."""
    painted = screen.painted_view
    return painted is not None and painted == screen.view and all(getattr(painted, k) == v for k, v in view.items())


async def startup_time(path: Path) -> float:
    from tui.app import QuotesApp
    from tui.screens.quotes import QuotesScreen

    started = time.perf_counter()
    app = QuotesApp(path)
    async with app.run_test(size=SIZE):
        await until(lambda: isinstance(app.screen, QuotesScreen) and shows(app.screen))
        elapsed = time.perf_counter() - started
        assert app.screen.table.row_at(0) is not None
        return elapsed


async def update_times(path: Path, repeat: int) -> dict[str, list[float]]:
    from textual.widgets import Input

    from tui.app import QuotesApp
    from tui.screens.speakers import SpeakersScreen

    app = QuotesApp(path)
    timings: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await until(lambda: shows(screen))
        speaker_key = app.db.execute("SELECT key FROM speakers WHERE id = 1").fetchone()[0]
        article_id = app.db.execute("SELECT MAX(id) / 2 FROM articles").fetchone()[0]
        search = screen.query_one("#search", Input)

        async def timed(name: str, change, **expected) -> None:
            started = time.perf_counter()
            change()
            await until(lambda: shows(screen, **expected))
            timings.setdefault(name, []).append(time.perf_counter() - started)

        for _ in range(repeat):
            search.focus()
            await pilot.press(*"pea")
            await timed("search 'peac' (last key typed)", lambda: search.insert_text_at_cursor("c"), search="peac")
            await timed("search 'peac the' (common word added)", lambda: search.insert_text_at_cursor(" the"),
                        search="peac the")
            screen.action_clear_filters()
            await until(lambda: shows(screen, search="", kind=None, speaker_key=None, article_id=None))
            await timed("kind filter (direct)", lambda: screen.action_cycle_kind(), kind="direct")
            await timed("speaker filter", lambda: screen.filter_speaker(speaker_key, "top"), speaker_key=speaker_key)
            await timed("article filter", lambda: screen.filter_article(article_id, "one"), article_id=article_id)
            await timed("clear filters", screen.action_clear_filters, kind=None, speaker_key=None, article_id=None)
            await pilot.press("escape")
        started = time.perf_counter()
        await pilot.press("2")
        await until(lambda: isinstance(app.screen, SpeakersScreen) and app.screen.loaded)
        timings["speakers view"] = [time.perf_counter() - started]
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, help="database to use (built there first if missing)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a median misses its target")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.db or Path(scratch) / "big.db"
        if not path.exists():
            bigdb.build(path, quotes=args.quotes)
        startup = [asyncio.run(startup_time(path)) for _ in range(args.repeat)]
        updates = asyncio.run(update_times(path, args.repeat))
    report = {"quotes": args.quotes, "startup": {"median_s": statistics.median(startup), "runs_s": startup},
              "updates": {name: {"median_s": statistics.median(times), "runs_s": times}
                          for name, times in updates.items()}}
    print(f"startup: median {report['startup']['median_s'] * 1000:.0f} ms (target {STARTUP_TARGET * 1000:.0f})",
          file=sys.stderr)
    for name, figures in report["updates"].items():
        print(f"{name}: median {figures['median_s'] * 1000:.0f} ms", file=sys.stderr)
    print(json.dumps(report, indent=1))
    missed = report["startup"]["median_s"] > STARTUP_TARGET or any(
        figures["median_s"] > UPDATE_TARGET for name, figures in report["updates"].items() if name != "speakers view")
    if args.check and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
