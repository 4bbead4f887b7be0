"""The Speakers view: leaderboard, share chart, choosing a speaker filters the Quotes view."""

from __future__ import annotations

from textual.widgets import DataTable

from tui.screens.speakers import SpeakersScreen
from tui.widgets.share_chart import bar

from .conftest import SIZE, quotes_screen, screen_text, settle, table_texts


def test_bars_are_drawn_in_eighths():
    assert bar(1.0, 4) == "████" and bar(0.5, 4) == "██" and bar(0.0, 4) == ""
    assert bar(1 / 32, 4) == "▏" and bar(0.25 + 3 / 32, 4) == "█▍"


async def test_leaderboard_and_chart_then_enter_filters_the_quotes(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SpeakersScreen) and screen.loaded
        table = screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[1] for row in rows[:4]] == ["Ann Hill", "Donald Trump", "Russia", "Ukraine's Interior Ministry"]
        assert rows[1][2:7] == ["person", "M", "2", "13.3%", "1"]          # gender: the pronoun `He`
        assert rows[2][3] == ""                                               # no gender for a place
        assert ", ".join(screen.entries[1].aliases) == "He, US President Donald Trump"
        assert rows[1][7] == "He, US President Donal…"          # the width left at 100 columns
        assert len(rows) == 11
        text = screen_text(pilot)
        assert "11 speakers · 15 of 15 quotes attributed" in text
        assert "Quotes by gender" in text and "women 2 (40%)" in text and "men 3 (60%)" in text
        chart = [line for line in text.splitlines() if "Donald Trump" in line and "█" in line]
        assert chart and chart[0].rstrip().endswith("13.3%")
        ukraine = [line for line in text.splitlines() if line.startswith(" Ukraine ") and "█" in line]
        assert ukraine and ukraine[0].count("█") * 2 in range(chart[0].count("█") - 1, chart[0].count("█") + 2)
        await pilot.press("down", "enter")
        await settle(pilot)
        quotes = quotes_screen(pilot)
        assert quotes.view.speaker_key == "person:donald trump"
        assert table_texts(pilot) == [
            "Russian President Vladimir Putin told him “very strongly” in a phone call that he will respond "
            "to the attack", "was a good conversation, but not a conversation that will lead to immediate peace."]
        assert "speaker Donald Trump" in screen_text(pilot)


async def test_reader_over_the_quotes_view_is_closed_when_a_speaker_is_chosen(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")                            # reader open on the quotes stack
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")                            # Ann Hill, the top speaker
        await settle(pilot)
        assert table_texts(pilot) == ["The bridge will reopen on Monday,", "the repairs had cost two million pounds"]
