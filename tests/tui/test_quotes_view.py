"""The Quotes view driven with Pilot: table, live search, filters, detail pane, reader, untrusted text."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Select, Static

from tui.screens.pickers import PickerScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.quote_detail import QuoteDetail

from .conftest import SIZE, quotes_screen, screen_text, settle, table_texts

HOSTILE_QUOTE = "[b]We[/b] will never \x1b[31mstop\x1b[0m the [the minister] plan\x07,"


async def test_startup_lists_every_quote_and_details_the_first(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = quotes_screen(pilot)
        assert len(table_texts(pilot)) == 15
        assert table_texts(pilot)[0] == "The bridge will reopen on Monday,"
        assert screen.table.has_focus
        text = screen_text(pilot)
        assert "15 of 15 quotes" in text
        for header in ("speaker", "cue", "kind", "quote", "article"):
            assert header in text
        assert "speaker Ann Hill (person)" in text and "“The bridge will reopen on Monday,” Ann Hill said." in text


async def test_slash_then_typing_filters_live_and_escape_returns_to_the_table(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = quotes_screen(pilot)
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, Input) and pilot.app.focused.id == "search"
        await pilot.press(*"cruise")
        await settle(pilot)
        assert table_texts(pilot) == [
            "Russian forces struck six regions of Ukraine with over 400 drones and more than 40 ballistic and "
            "cruise missiles", "it shot down about 30 cruise missiles and up to 200 drones",
            "it destroyed 34 percent of Russia's strategic cruise missile carriers worth around $7 billion in "
            "the attack"]
        assert screen.loaded_view.search == "cruise"
        await pilot.press("space", *"carr")
        await settle(pilot)
        assert len(table_texts(pilot)) == 1 and "3 of 15 quotes" not in screen_text(pilot)
        assert "1 of 15 quotes" in screen_text(pilot)
        await pilot.press("escape")
        assert screen.table.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert pilot.app.screen.current_quote.text.startswith("it destroyed 34 percent")


async def test_kind_filter_by_key_and_select(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = quotes_screen(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert screen.query_one("#kind", Select).value == "direct"
        assert len(table_texts(pilot)) == 3
        await pilot.press("k")
        await settle(pilot)
        assert table_texts(pilot) == ["very strongly",
                                      "was a good conversation, but not a conversation that will lead to immediate peace."]
        screen.query_one("#kind", Select).value = "indirect"
        await settle(pilot)
        assert len(table_texts(pilot)) == 10 and "kind indirect" in screen_text(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert len(table_texts(pilot)) == 15


async def test_speaker_and_article_filters_through_the_pickers(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = quotes_screen(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PickerScreen)
        await pilot.press(*"trump", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert table_texts(pilot) == [
            "Russian President Vladimir Putin told him “very strongly” in a phone call that he will respond "
            "to the attack", "was a good conversation, but not a conversation that will lead to immediate peace."]
        assert "speaker Donald Trump" in screen_text(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"council", "enter")
        await settle(pilot)
        assert table_texts(pilot) == []                    # Trump is not quoted in the council article
        assert "No quotes" in screen_text(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("enter")                          # the list starts on the most quoted speaker
        await settle(pilot)
        assert table_texts(pilot) == ["The bridge will reopen on Monday,", "the repairs had cost two million pounds"]
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("up", "enter")                    # "(any speaker)" clears the speaker filter
        await settle(pilot)
        assert len(table_texts(pilot)) == 3 and screen.view.speaker_key is None
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")                         # cancelled: the filter stays
        await settle(pilot)
        assert len(table_texts(pilot)) == 3


async def test_detail_pane_highlights_quote_mention_and_cue_in_different_styles(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = quotes_screen(pilot)
        target = table_texts(pilot).index("They were working under fire to help people,")
        for _ in range(target):
            await pilot.press("down")
        await settle(pilot)
        detail = screen.query_one(QuoteDetail)
        context = detail.query_one("#context", Static).content
        assert isinstance(context, Text)
        assert context.plain == "“They were working under fire to help people,” the ministry said."
        styled = {context.plain[span.start:span.end]: span.style for span in context.spans}
        quote_style = detail.style_of("quote")
        mention_style = detail.style_of("mention")
        cue_style = detail.style_of("cue")
        assert styled["They were working under fire to help people,"] == quote_style
        assert styled["the ministry"] == mention_style and styled["said"] == cue_style
        assert len({quote_style, mention_style, cue_style}) == 3
        assert "speaker Ukraine's Interior Ministry (organization)" in screen_text(pilot)


async def test_untrusted_text_is_shown_literally_everywhere(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = quotes_screen(pilot)
        target = table_texts(pilot).index(HOSTILE_QUOTE)
        for _ in range(target):
            await pilot.press("down")
        await settle(pilot)
        text = screen_text(pilot)
        assert "[i]Evil[/i] Corp" in text and "hostile[red]" in text
        assert "“[b]We[/b] will never ␛[31mstop␛[0m the [the minister] plan␇,” said [i]Evil[/i] Corp." in text
        svg = pilot.app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "[blink]Markup[/blink] test: [bold red]Breaking[/bold red] news" in text
        assert "[link=https://evil.example]click[/link]." in text
        assert "A bell ␇, a backspace ␈ and a tab here; ␛]0;pwned␇ a title escape." in text
        assert "hostile[red] — [blink]Hostile[/blink] ␛[2J title" in text
        assert "\x1b" not in pilot.app.export_screenshot()
        await pilot.press("escape", "s")
        await settle(pilot)
        await pilot.press(*"evil")
        await settle(pilot)
        assert "[i]Evil[/i] Corp  organization" in screen_text(pilot)


async def test_search_with_markup_and_fts_syntax_does_not_break(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'[the]"(', "space", *"minister")
        await settle(pilot)
        assert table_texts(pilot) == [HOSTILE_QUOTE]


async def test_mouse_click_selects_a_row_and_a_second_click_opens_the_reader(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = quotes_screen(pilot)
        await pilot.click("QuoteTable", offset=(30, 3))          # header is line 0: line 3 is the third quote
        await settle(pilot)
        assert screen.table.cursor == 2 and screen.table.current_row.text == "the contract was late"
        await pilot.click("QuoteTable", offset=(30, 3))
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert pilot.app.screen.current_quote.text == "the contract was late"


async def test_cursor_moves_by_page_and_to_the_ends(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = quotes_screen(pilot).table
        await pilot.press("end")
        assert table.cursor == 14
        assert table.scroll_y > 0                                 # scrolled so that the cursor is visible
        await pilot.press("home")
        assert table.cursor == 0 and table.scroll_y == 0
        await pilot.press("pagedown")
        assert 0 < table.cursor < 14


async def test_v_toggles_between_speech_like_and_every_class(db_path, app):
    import sqlite3

    with sqlite3.connect(db_path) as conn:     # one attribution of an intention (`offered a truce`)
        conn.execute("UPDATE quotes SET cue_class = 'intention' WHERE id = (SELECT MIN(id) FROM quotes)")
        conn.execute("UPDATE quotes SET cue_class = 'speech' WHERE id <> (SELECT MIN(id) FROM quotes)")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(table_texts(pilot)) == 14 and "speech-like (v)" in screen_text(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert len(table_texts(pilot)) == 15 and "all classes (v)" in screen_text(pilot)


async def test_g_cycles_the_gender_filter_over_person_speakers(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert table_texts(pilot) == ["The bridge will reopen on Monday,", "the repairs had cost two million pounds"]
        assert "gender female" in screen_text(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert {quotes_screen(pilot).table.row_at(i).speaker for i in range(3)} == {"Donald Trump", "Vladimir Putin"}
        assert len(table_texts(pilot)) == 3 and "gender male" in screen_text(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert table_texts(pilot) == [] and "gender unknown" in screen_text(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert len(table_texts(pilot)) == 15
        assert not any(f"gender {gender}" in screen_text(pilot) for gender in ("female", "male", "unknown"))
