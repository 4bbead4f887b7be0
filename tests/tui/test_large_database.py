"""A large database (made by bench/bigdb.py): the table holds the ids in view and fetches rows a page at
a time, searches and filters give the right rows. How fast is measured by bench/tui.py (start-up within
1.5 s and each search or filter within 200 ms with 100,000 quotes), not here: a test must not fail on a
slow or busy machine."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Input

from bench import bigdb
from quotes import queries
from tui.app import QuotesApp
from tui.widgets.quote_table import PAGE

from .conftest import SIZE, settle

QUOTES = 20_000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    return bigdb.build(tmp_path_factory.mktemp("big") / "big.db", quotes=QUOTES)


async def test_the_table_fetches_only_the_pages_it_shows(big_db):
    app = QuotesApp(big_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.table
        assert len(table.ids) == QUOTES
        assert 0 < len(table.rows) <= PAGE
        for key in ("pagedown", "pagedown", "end"):
            await pilot.press(key)
        await settle(pilot)
        assert table.current_row.id == table.ids[-1]
        assert len(table.rows) <= 3 * PAGE


async def test_search_and_filters_on_a_large_database_give_the_right_rows(big_db):
    app = QuotesApp(big_db)
    conn = sqlite3.connect(big_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        search = screen.query_one("#search", Input)
        search.focus()
        await pilot.press(*"peac")
        await settle(pilot)
        found = screen.table.ids
        assert 0 < len(found) < QUOTES
        assert found == queries.quote_ids(conn, queries.QuoteFilter(search="peac"))
        screen.action_clear_filters()
        await settle(pilot)
        screen.action_cycle_kind()
        await settle(pilot)
        direct = conn.execute("SELECT COUNT(*) FROM quotes WHERE kind = 'direct'").fetchone()[0]
        assert len(screen.table.ids) == direct
        key = conn.execute("SELECT key FROM speakers WHERE id = 1").fetchone()[0]
        screen.filter_speaker(key, "top")
        await settle(pilot)
        expected = conn.execute("SELECT COUNT(*) FROM quotes WHERE kind = 'direct' AND speaker_id = 1").fetchone()[0]
        assert len(screen.table.ids) == expected > 0
        screen.action_clear_filters()
        await settle(pilot)
        assert len(screen.table.ids) == QUOTES
