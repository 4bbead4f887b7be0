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


def attributed(dump: dict[str, dict]) -> dict[str, tuple]:
    """Each quote's speaker, type and cue (quote ids change with re-analysis)."""
    return {text: (row["speaker"], row["speaker_type"], row["cue"]) for text, row in dump.items()}


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


async def test_merge_two_speakers_through_the_dialog_shows_everywhere_and_survives_reanalysis(app, db_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await review(pilot, MINISTRY_QUOTE)
        await pilot.press("ctrl+g")                                 # nothing picked yet: nothing merged
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        await replace_text(pilot, "#review-speaker", "security")
        await pilot.press("down", "enter")                          # pick "Ukraine's Security Service"
        assert pilot.app.screen.query_one("#review-speaker", Input).value == "Ukraine's Security Service"
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert pilot.app.screen is quotes_screen(pilot)
        dump = cli_dump(db_path)
        merged = [row for row in dump.values() if row["speaker"] == "Ukraine's Security Service"]
        assert len(merged) == 3 and {MINISTRY_QUOTE, "three emergency responders were killed in the capital Kyiv"} \
            <= {row["quote"] for row in merged}
        assert not any(row["speaker"] == "Ukraine's Interior Ministry" for row in dump.values())
        db = store.open_db(db_path)
        assert [r[0] for r in db.execute("SELECT DISTINCT action FROM current_corrections")] == ["merge"]
        store.save_article(db, *news_article())                    # `quotes analyze` again
        db.close()
        assert attributed(cli_dump(db_path)) == attributed(dump)

        await pilot.press("2")
        await settle(pilot)
        speakers = pilot.app.screen
        assert isinstance(speakers, SpeakersScreen)
        counts = {entry.name: entry.quotes for entry in speakers.entries}
        assert counts["Ukraine's Security Service"] == 3 and "Ukraine's Interior Ministry" not in counts


async def test_split_a_speaker_in_one_article_through_the_dialog(app, db_path):
    good = "was a good conversation, but not a conversation that will lead to immediate peace."
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await review(pilot, good)
        assert screen.query_one("#review-speaker", Input).value == "Donald Trump"
        await pilot.press("ctrl+t")                                 # the same name: nothing to split
        await settle(pilot)
        assert pilot.app.screen is screen
        await replace_text(pilot, "#review-speaker", "Donald Trump Jr.")
        assert screen.query_one("#review-type", Select).value == "person"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert pilot.app.screen is quotes_screen(pilot)
        dump = cli_dump(db_path)
        split = {row["quote"] for row in dump.values() if row["speaker"] == "Donald Trump Jr."}
        assert len(split) == 2 and good in split                    # both of the article's Trump quotes
        assert all(row["speaker_type"] == "person" for row in dump.values() if row["quote"] in split)
        db = store.open_db(db_path)
        assert [r[0] for r in db.execute("SELECT DISTINCT action FROM current_corrections")] == ["split"]
        assert db.execute("SELECT type FROM speakers WHERE name = 'Donald Trump Jr.'").fetchone()[0] == "person"
        store.save_article(db, *news_article())
        db.close()
        assert attributed(cli_dump(db_path)) == attributed(dump)

        await pilot.press("2")
        await settle(pilot)
        counts = {entry.name: entry.quotes for entry in pilot.app.screen.entries}
        assert counts["Donald Trump Jr."] == 2 and "Donald Trump" not in counts


async def test_correct_a_speakers_gender_in_the_dialog_survives_reanalysis(app, db_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await review(pilot, STRONGLY)                      # Vladimir Putin: male by the name table
        assert screen.query_one("#review-gender", Select).value == "male"
        assert "gender male (given name Vladimir" in screen_text(pilot)
        screen.query_one("#review-gender", Select).value = "unknown"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {row["speaker_gender_evidence"] for row in cli_dump(db_path).values()
                if row["speaker"] == "Vladimir Putin"} == {"review"}
        db = store.open_db(db_path)
        store.save_article(db, *news_article())                    # `quotes analyze` again
        db.close()
        row = cli_dump(db_path)[STRONGLY]
        assert (row["speaker"], row["speaker_gender"], row["speaker_gender_evidence"]) == (
            "Vladimir Putin", "unknown", "review")
        await pilot.press("2")
        await settle(pilot)
        entries = {entry.name: entry for entry in pilot.app.screen.entries}
        assert entries["Vladimir Putin"].gender == "unknown" and entries["Ann Hill"].gender == "female"
