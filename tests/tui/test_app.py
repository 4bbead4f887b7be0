"""App-wide behaviour: export, command palette, help, themes, small and large terminals."""

from __future__ import annotations

import csv

import pytest
from textual.binding import Binding
from textual.widgets import Input

from quotes import store
from tui.app import QuotesApp
from tui.screens.help import HelpScreen, help_sections, key_label
from tui.screens.pickers import ExportScreen
from tui.screens.quotes import QuotesScreen
from tui.screens.reader import ReaderScreen
from tui.screens.review import ReviewScreen
from tui.screens.speakers import Leaderboard, SpeakersScreen
from tui.widgets.quote_table import QuoteTable, column_widths

from .conftest import SIZE, quotes_screen, screen_text, settle, table_texts


async def test_export_writes_the_filtered_view_with_corrections(app, tmp_path):
    target = tmp_path / "out" / "drones.csv"
    target.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"drones", "escape", "k", "k", "k")        # kind: indirect
        await settle(pilot)
        shown = table_texts(pilot)
        assert len(shown) == 3
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportScreen)
        path_box = pilot.app.screen.query_one("#export-path", Input)
        assert path_box.value.endswith(".csv")
        path_box.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QuotesScreen)
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["quote"] for row in rows] == shown
    assert list(rows[0]) == store.DUMP_COLUMNS and {row["kind"] for row in rows} == {"indirect"}


async def test_export_to_an_unwritable_place_reports_an_error(app, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one("#export-path", Input).value = str(tmp_path / "missing" / "dir" / "x.csv")
        await pilot.press("enter")
        await settle(pilot)
        notes = list(pilot.app._notifications)
        assert notes and notes[-1].severity == "error" and "Cannot write" in notes[-1].message


async def test_command_palette_switches_views_and_filters_by_speaker(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"speakers view")
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SpeakersScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"speaker: ann hill")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert table_texts(pilot) == ["The bridge will reopen on Monday,", "the repairs had cost two million pounds"]
        await pilot.press("ctrl+p")
        await pilot.press(*"kind: mixed")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert quotes_screen(pilot).view.kind == "mixed" and table_texts(pilot) == []


async def test_help_lists_every_key_shown_in_the_footers(app):
    shown = [(owner, binding) for owner in (QuotesApp, QuotesScreen, ReaderScreen, SpeakersScreen, ReviewScreen,
                                            QuoteTable, Leaderboard)
             for binding in owner.BINDINGS if isinstance(binding, Binding) and binding.show]
    documented = {key for _, keys in help_sections() for key in keys}
    missing = [(owner.__name__, binding.key) for owner, binding in shown
               if not ({binding.key, *binding.key.split(",")} & documented
                       or key_label(binding.key.split(",")[0]) in documented)]
    assert missing == []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        text = screen_text(pilot)
        assert "Everywhere" in text and "Search quote text" in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, QuotesScreen)


async def test_theme_toggles_between_dark_and_light(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.theme == "textual-dark"
        dark = pilot.app.screen.query_one(QuoteTable).styles.background
        await pilot.press("t")
        await settle(pilot)
        assert pilot.app.theme == "textual-light"
        assert pilot.app.screen.query_one(QuoteTable).styles.background != dark


@pytest.mark.parametrize("size", [(80, 24), (220, 60)])
async def test_every_view_fits_small_and_wide_terminals(db_path, size):
    app = QuotesApp(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = quotes_screen(pilot)
        table = screen.table
        assert table.region.height >= 8 and table.region.right <= size[0]
        assert screen.query_one("#detail").region.bottom <= size[1] - 1          # above the footer
        assert "15 of 15 quotes" in screen_text(pilot)
        widths = column_widths(table.scrollable_content_region.width)
        assert widths["quote"] >= 16 and sum(widths.values()) + 5 == table.scrollable_content_region.width
        for keys in (["enter"], ["escape", "2"], ["1", "r"], ["escape", "question_mark"]):
            await pilot.press(*keys)
            await settle(pilot)
            for widget in pilot.app.screen.query("*"):
                scrolled = any(getattr(a, "is_scrollable", False) for a in widget.ancestors[:-2])
                if widget.display and widget.region.area and not scrolled:
                    assert widget.region.right <= size[0] and widget.region.bottom <= size[1], widget
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, QuotesScreen)


async def test_f5_reloads_what_another_process_wrote(app, db_path):
    from .sample import council_article

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(table_texts(pilot)) == 15
        article, attributions = council_article()
        article.source, article.name = "samples/council-2.txt", "council-2"
        db = store.open_db(db_path)                          # as `quotes analyze` in another terminal would
        store.save_article(db, article, attributions)
        db.close()
        await pilot.press("f5")
        await settle(pilot)
        assert len(table_texts(pilot)) == 18 and "18 of 18 quotes" in screen_text(pilot)


async def test_command_palette_shows_hostile_names_literally(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"speaker: evil")
        await pilot.pause(0.3)
        await settle(pilot)
        assert "Speaker: [i]Evil[/i] Corp" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert table_texts(pilot) == ["[b]We[/b] will never \x1b[31mstop\x1b[0m the [the minister] plan\x07,"]
