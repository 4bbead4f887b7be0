"""The article reader: every quote highlighted in its speaker's colour, legend, next/previous, clicks."""

from __future__ import annotations

from textual.widgets import Static

from tui.screens.reader import ReaderScreen, paragraphs
from tui.text import speaker_style

from .conftest import SIZE, quotes_screen, screen_text, settle, table_texts


async def open_reader_at(pilot, quote_text: str) -> ReaderScreen:
    index = table_texts(pilot).index(quote_text)
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def test_paragraphs_skip_blank_lines_and_keep_offsets():
    text = "Title\n\n\nFirst para\nsame para.\n  \nLast.\n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["Title", "First para\nsame para.", "Last."]


async def test_enter_opens_the_article_at_the_quote_and_n_p_step_through_quotes(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = await open_reader_at(pilot, "They were working under fire to help people,")
        assert reader.article.name == "russia-ukraine-air-attacks"
        assert len(reader.quotes) == 11 and reader.current == 3
        assert "4/11" in screen_text(pilot) and "speaker Ukraine's Interior Ministry" in screen_text(pilot)
        await pilot.press("n")
        assert reader.current_quote.text == "41 Russian warplanes were damaged or destroyed"
        assert "5/11" in screen_text(pilot) and "speaker Ukraine (place)" in screen_text(pilot)
        await pilot.press("p", "p")
        assert reader.current_quote.text == "three emergency responders were killed in the capital Kyiv"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert reader.current == 0
        await pilot.press("p")                                      # wraps around to the last quote
        assert reader.current == 10 and "11/11" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is quotes_screen(pilot)


async def test_every_quote_is_highlighted_in_its_speakers_colour_with_a_legend(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = await open_reader_at(pilot, "The bridge will reopen on Monday,")
        assert list(reader.colours) and reader.quotes[0].speaker == "Ann Hill"
        hill, source = reader.quotes[0].speaker_key, reader.quotes[2].speaker_key
        assert reader.colours == {hill: 0, source: 1}                    # most quoted first
        legend = reader.query_one("#legend").text(100)
        assert legend.plain == " Ann Hill  2   a source  1"
        legend_styles = {legend.plain[s.start:s.end]: s.style for s in legend.spans}
        assert legend_styles[" Ann Hill "] == speaker_style(0) and legend_styles[" a source "] == speaker_style(1)
        third = reader.paragraph_text(2)
        assert third.plain == "Ann Hill told reporters that the repairs had cost two million pounds."
        quote_spans = [s for s in third.spans if third.plain[s.start:s.end] == "the repairs had cost two million pounds"]
        assert quote_spans and quote_spans[0].style.bgcolor == speaker_style(0).bgcolor
        fourth = reader.paragraph_text(3)
        late = [s for s in fourth.spans if fourth.plain[s.start:s.end] == "the contract was late"]
        assert late[0].style.bgcolor == speaker_style(1).bgcolor


async def test_the_current_quote_and_its_mention_and_cue_are_marked(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = await open_reader_at(pilot, "The bridge will reopen on Monday,")
        text = reader.paragraph_text(1)
        styles = {text.plain[s.start:s.end]: s.style for s in text.spans if s.style.underline or s.style.reverse}
        assert styles["The bridge will reopen on Monday,"].reverse
        assert styles["Ann Hill"].underline and styles["said"].underline
        await pilot.press("n")
        text = reader.paragraph_text(1)
        assert not any(s.style.reverse for s in text.spans)                 # no longer current


async def test_clicking_a_quote_makes_it_current(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reader = await open_reader_at(pilot, "The bridge will reopen on Monday,")
        paragraph = reader.query_one("#p3", Static)
        column = paragraph.content.plain.index("contract")
        await pilot.click(paragraph, offset=(column, 0))
        await settle(pilot)
        assert reader.current_quote.text == "the contract was late"
        assert "3/3" in screen_text(pilot) and "speaker a source (anonymous)" in screen_text(pilot)
        await pilot.click(paragraph, offset=(0, 0))                          # not on a quote: nothing changes
        assert reader.current_quote.text == "the contract was late"
