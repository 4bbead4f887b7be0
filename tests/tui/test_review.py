"""The review flow in the UI: corrections show in every view, in `quotes dump`, and survive re-analysis."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner
from textual.widgets import Checkbox, Input, OptionList, Select

from quotes import corrections, store
from quotes.cli import cli
from tui.screens.reader import ReaderScreen
from tui.screens.review import ReviewScreen
from tui.screens.speakers import SpeakersScreen

from .conftest import SIZE, quotes_screen, screen_text, settle, table_texts
from .sample import news_article

MINISTRY_QUOTE = "They were working under fire to help people,"
STRONGLY = "very strongly"


def cli_dump(db_path) -> dict[str, dict]:
    result = CliRunner().invoke(cli, ["dump", "--db", str(db_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {row["quote"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


async def review(pilot, quote_text: str) -> ReviewScreen:
    table = quotes_screen(pilot).table
    table.cursor = table_texts(pilot).index(quote_text)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen) and screen.quote.text == quote_text
    return screen


async def replace_text(pilot, widget_id: str, text: str) -> None:
    widget = pilot.app.screen.query_one(widget_id, Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*text) if text else None
    await settle(pilot)


async def test_change_speaker_to_an_existing_entity_shows_everywhere_and_survives_reanalysis(app, db_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await review(pilot, MINISTRY_QUOTE)
        assert screen.query_one("#review-speaker", Input).value == "Ukraine's Interior Ministry"
        options = screen.query_one("#review-entities", OptionList)
        assert options.option_count == 10                          # every named speaker (not "a source")
        await replace_text(pilot, "#review-speaker", "trum")
        assert options.option_count == 1
        await pilot.press("down", "enter")                          # pick "Donald Trump" from the list
        assert screen.query_one("#review-speaker", Input).value == "Donald Trump"
        assert screen.query_one("#review-type", Select).value == "person"
        await pilot.press("ctrl+s")
        await settle(pilot)
        quotes = quotes_screen(pilot)
        assert pilot.app.screen is quotes
        row = quotes.table.current_row
        assert row.text == MINISTRY_QUOTE and row.speaker == "Donald Trump" and row.corrected
        assert "speaker Donald Trump (person)" in screen_text(pilot) and "corrected" in screen_text(pilot)
        assert cli_dump(db_path)[MINISTRY_QUOTE]["speaker"] == "Donald Trump"

        db = store.open_db(db_path)                                 # `quotes analyze` on the same article again
        store.save_article(db, *news_article())
        db.close()
        assert cli_dump(db_path)[MINISTRY_QUOTE]["speaker"] == "Donald Trump"

        await pilot.press("2")
        await settle(pilot)
        speakers = pilot.app.screen
        assert isinstance(speakers, SpeakersScreen)
        counts = {entry.name: entry.quotes for entry in speakers.entries}
        assert counts["Donald Trump"] == 3 and counts["Ukraine's Interior Ministry"] == 1


async def test_typed_new_speaker_and_cue_correction(app, db_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await review(pilot, MINISTRY_QUOTE)
        assert screen.query_one("#review-type", Select).value == "organization"
        await replace_text(pilot, "#review-speaker", "Kyiv City Council")
        assert screen.query_one("#review-type", Select).value == "person"        # a new name: person by default
        screen.query_one("#review-type", Select).value = "organization"
        await replace_text(pilot, "#review-speaker", "Kyiv City Council.")
        assert screen.query_one("#review-type", Select).value == "organization"  # the reviewer's choice stays
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = cli_dump(db_path)[MINISTRY_QUOTE]
        assert (row["speaker"], row["speaker_type"]) == ("Kyiv City Council.", "organization")

        screen = await review(pilot, STRONGLY)
        await replace_text(pilot, "#review-speaker", "Dmitry Peskov")
        await replace_text(pilot, "#review-cue", "said")
        await pilot.press("enter")                                  # Enter in the cue box saves
        await settle(pilot)
        row = cli_dump(db_path)[STRONGLY]
        assert (row["speaker"], row["speaker_type"], row["cue"], row["cue_lemma"]) == (
            "Dmitry Peskov", "person", "said", "say")
        text = news_article()[0].text
        assert text[int(row["cue_start"]):int(row["cue_end"])] == "said"
        table = quotes_screen(pilot).table
        assert table.current_row.speaker == "Dmitry Peskov" and table.current_row.cue == "said"
        history = corrections.history(store.open_db(db_path), table.current_id)
        assert history[0]["action"] == "speaker,cue" and history[0]["created_at"]
        await pilot.press("enter")                                  # the reader shows the correction too
        await settle(pilot)
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.current_quote.speaker == "Dmitry Peskov"
        assert "Dmitry Peskov" in reader.query_one("#legend").text(100).plain


async def test_mark_as_not_a_quote_hides_it_and_revert_restores_it(app, db_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quotes = quotes_screen(pilot)
        screen = await review(pilot, MINISTRY_QUOTE)
        await pilot.press("ctrl+n")
        assert screen.query_one("#review-not-quote", Checkbox).value is True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert MINISTRY_QUOTE not in table_texts(pilot) and len(table_texts(pilot)) == 14
        assert "14 of 14 quotes" in screen_text(pilot)
        assert MINISTRY_QUOTE not in cli_dump(db_path)
        await pilot.press("x")                                      # show rejected quotes, flagged ✗
        await settle(pilot)
        assert MINISTRY_QUOTE in table_texts(pilot)
        assert any(line.lstrip().startswith("✗") for line in screen_text(pilot).splitlines())
        quotes.table.cursor = table_texts(pilot).index(MINISTRY_QUOTE)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+r")                                  # revert every correction
        await settle(pilot)
        assert quotes.table.current_row.text == MINISTRY_QUOTE and not quotes.table.current_row.not_quote
        await pilot.press("x")
        await settle(pilot)
        assert len(table_texts(pilot)) == 15
        assert cli_dump(db_path)[MINISTRY_QUOTE]["speaker"] == "Ukraine's Interior Ministry"


async def test_review_from_the_reader_and_cancel_changes_nothing(app, db_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = cli_dump(db_path)
        screen = await review(pilot, MINISTRY_QUOTE)
        await replace_text(pilot, "#review-speaker", "Nobody")
        await pilot.press("escape")
        await settle(pilot)
        assert cli_dump(db_path) == before and isinstance(pilot.app.screen, type(quotes_screen(pilot)))
        await pilot.press("enter")
        await settle(pilot)
        reader = pilot.app.screen
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        await replace_text(pilot, "#review-speaker", "")             # empty: back to the analysis' speaker
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is reader and cli_dump(db_path) == before
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+n", "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is reader and reader.current_quote.not_quote
        assert "marked as not a quote" in screen_text(pilot)
        assert MINISTRY_QUOTE not in cli_dump(db_path)
        assert screen is not None
