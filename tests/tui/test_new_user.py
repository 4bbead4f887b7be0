"""What a new user tripped over in the terminal UI (issue 16, items 3-11), each checked on the real app."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Static

from quotes import corrections
from tui.screens.reader import ReaderScreen

from .conftest import quotes_screen, screen_text, settle, table_texts

LAST = "was a good conversation, but not a conversation that will lead to immediate peace."
PUTIN = ("Russian President Vladimir Putin told him “very strongly” in a phone call that he will respond to "
         "the attack")
SIZES = [(80, 24), (100, 30), (200, 50)]
ONE_QUOTES = re.compile(r"(?<![\d,])1 quotes")


async def open_reader_at(pilot, quote_text: str) -> ReaderScreen:
    quotes_screen(pilot).table.cursor = table_texts(pilot).index(quote_text)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def reject(db, text: str) -> None:
    quote_id = db.execute("SELECT id FROM quotes WHERE text = ?", [text]).fetchone()[0]
    assert corrections.correct(db, quote_id, not_quote=True)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("quote", [LAST, PUTIN])
async def test_the_reader_opens_with_the_current_quote_in_view(app, size, quote):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        reader = await open_reader_at(pilot, quote)
        assert reader.current_quote.text == quote
        paragraph = reader.query_one(f"#p{reader._paragraphs_of(reader.current_quote)[0]}", Static)
        article = reader.query_one("#article")
        assert paragraph.region.height > 0
        assert article.region.y <= paragraph.region.y and paragraph.region.bottom <= article.region.bottom


async def test_quotes_marked_as_not_a_quote_are_left_out_of_the_reader_like_the_table(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        reject(pilot.app.db, "the contract was late")
        await pilot.press("f5")
        await settle(pilot)
        reader = await open_reader_at(pilot, "The bridge will reopen on Monday,")
        assert [q.text for q in reader.quotes] == ["The bridge will reopen on Monday,",
                                                    "the repairs had cost two million pounds"]
        assert "1/2" in screen_text(pilot) and "a source" not in reader.query_one("#legend").text(100).plain
        await pilot.press("n", "n")
        assert reader.current == 0                              # n never lands on the rejected quote
        await pilot.press("escape", "x")                        # shown in the table: shown in the reader
        await settle(pilot)
        reader = await open_reader_at(pilot, "The bridge will reopen on Monday,")
        assert len(reader.quotes) == 3 and "1/3" in screen_text(pilot)
        legend = reader.query_one("#legend").text(100).plain
        assert "Ann Hill  2" in legend and "marked as not a quote  1" in legend


@pytest.mark.parametrize("size", SIZES)
async def test_legend_names_and_attribution_fields_never_wrap_inside(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_reader_at(pilot, PUTIN)
        lines = screen_text(pilot).splitlines()
        for whole in ("Ukraine's Interior Ministry  2", "Ukranian authorities  1", "Ukraine's Security Service  1",
                      "Vladimir Putin  1", "9/11", "speaker Donald Trump (person)", "cue said (say)",
                      "kind indirect"):
            assert any(whole in line for line in lines), (whole, lines)


def status(pilot) -> str:
    return quotes_screen(pilot).query_one("#status").content.plain


async def test_the_header_says_what_is_shown_when_quotes_marked_as_not_a_quote_are_shown(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        reject(pilot.app.db, "the contract was late")
        await pilot.press("f5")
        await settle(pilot)
        assert status(pilot) == "14 of 14 quotes  speech-like (v)"
        screen = quotes_screen(pilot)
        key = pilot.app.db.execute("SELECT key FROM speakers WHERE name = 'a source'").fetchone()[0]
        screen.filter_speaker(key, "a source")
        await settle(pilot)
        assert status(pilot) == "0 of 14 quotes  speaker a source  speech-like (v)"
        await pilot.press("x")
        await settle(pilot)
        assert status(pilot) == "1 of 15 quotes (including 1 marked as not a quote)  speaker a source  speech-like (v)"
        assert "rejected" not in screen_text(pilot)


async def test_one_quote_is_one_quote_in_the_pickers_and_the_palette(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Vladimir Putin  person  1 quote" in shown and not ONE_QUOTES.search(shown)
        await pilot.press("escape", "a")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "3 quotes" in shown and "1 quote" in shown and not ONE_QUOTES.search(shown)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"speaker: vladimir")
        await pilot.pause(0.3)
        await settle(pilot)
        shown = screen_text(pilot)
        assert "1 quote: show them" in shown and not ONE_QUOTES.search(shown)


def footer(pilot) -> str:
    return screen_text(pilot).splitlines()[-1].rstrip()


async def test_the_footer_fits_80_columns_and_leads_to_every_other_key(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = footer(pilot)
        for key in ("⏎ Read", "r Review", "s Speaker", "a Article", "2 Speakers", "? Keys", "q Quit"):
            assert key in line, line
        assert line.endswith("^p palette"), line
        for keys, expected in ((["s"], "esc Cancel"), (["escape", "a"], "esc Cancel"),
                               (["escape", "enter"], "n Next p Previous r Review esc Back 2 Speakers ? Keys q Quit"),
                               (["escape", "2"], "⏎ Show quotes 1 Quotes ? Keys q Quit")):
            await pilot.press(*keys)
            await settle(pilot)
            line = footer(pilot)
            assert line.startswith(expected) and not line.endswith("palettep"), line
        await pilot.press("1", "question_mark")
        await settle(pilot)
        from tui.screens.help import HelpScreen, help_sections

        assert isinstance(pilot.app.screen, HelpScreen)       # `? Keys` lists the keys the footer leaves out
        assert {"k", "c", "x", "e", "t", "f5", "f12", "slash"} <= {key for _, keys in help_sections() for key in keys}


async def test_the_review_dialog_filters_as_you_type_and_shows_its_keys_and_state(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quotes_screen(pilot).table.cursor = table_texts(pilot).index("They were working under fire to help people,")
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"trum")                              # over the analysis' name, as a person would
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.query_one("#review-speaker").value == "trum"
        assert [e.name for e in screen.shown] == ["Donald Trump"]
        assert footer(pilot).startswith("esc Cancel ^s Save ^n Not a quote ^r Revert all")
        assert "Not a quote: no" in screen_text(pilot)
        await pilot.press("ctrl+n")
        assert "Not a quote: yes" in screen_text(pilot)
        assert screen.query_one("#review-not-quote").has_class("-on")
        await pilot.press(*"zz")
        await settle(pilot)
        assert screen.shown == [] and "No speaker matches" in screen_text(pilot)


async def test_the_kind_dropdown_options_stand_apart_from_the_table_behind(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab", "enter")
        await settle(pilot)
        lines = screen_text(pilot).splitlines()
        for option in ("direct", "mixed", "indirect"):
            rows = [line for line in lines[3:9] if re.search(rf"{option}\s*│?\s*$", line.rstrip())]
            assert rows, (option, lines[:9])
            before = rows[0].rstrip().rstrip("│").rstrip()[:-len(option)]
            assert not before[-1:].isalnum(), rows[0]


async def test_spare_width_goes_to_the_columns_that_need_it(app):
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        lines = screen_text(pilot).splitlines()
        assert any(line.rstrip().endswith("russia-ukraine-air-attacks") for line in lines), lines[:8]
        assert any("Ukraine's Interior Ministry" in line for line in lines)
        assert not any("…" in line for line in lines[3:20] if "russia-ukraine" in line and "Ukraine's" in line)


@pytest.mark.parametrize("size", SIZES)
async def test_speaker_chart_labels_are_whole_and_aliases_end_in_an_ellipsis_when_cut(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        lines = screen_text(pilot).splitlines()
        bars = [line for line in lines if "█" in line]
        assert any("Ukraine's Interior Ministry " in line for line in bars), bars
        trump = next(line.rstrip() for line in lines if "Donald Trump" in line and "person" in line)
        assert trump.endswith("He, US President Donald Trump") or trump.endswith("…"), trump


async def test_export_and_screenshot_go_to_one_folder_with_one_naming_and_say_the_whole_path(app, tmp_path,
                                                                                            monkeypatch, request):
    short = Path(tempfile.mkdtemp(prefix="q", dir="/tmp"))    # a path as short as ~/quotes-exports
    request.addfinalizer(lambda: shutil.rmtree(short, ignore_errors=True))
    exports, cwd = short / "exports", tmp_path / "checkout"
    cwd.mkdir()
    monkeypatch.setenv("QUOTES_EXPORT_DIR", str(exports))
    monkeypatch.chdir(cwd)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        default = pilot.app.screen.query_one("#export-path").value
        assert re.fullmatch(re.escape(str(exports)) + r"/quotes-quotes-\d{8}-\d{6}\.csv", default), default
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        from textual.widgets._toast import Toast

        for _ in range(100):
            toasts = [t for t in pilot.app.screen.query(Toast) if "Exported" in str(t._notification.message)]
            if toasts:
                break
            await pilot.pause(0.05)
        [toast] = toasts
        assert toast.content_size.width >= len(default)                       # the whole path on one line
        assert str(toast._notification.message) == f"Exported 15 quotes to\n{default}"
        await pilot.press("f12")
        await settle(pilot)
    files = sorted(path.name for path in exports.iterdir())
    assert len(files) == 2 and files[0].endswith(".csv") and files[1].endswith(".svg")
    assert re.fullmatch(r"quotes-quotes-\d{8}-\d{6}\.svg", files[1])
    assert list(cwd.iterdir()) == []                                         # nothing left in the checkout
    notes = [note.message for note in pilot.app._notifications]
    assert any(str(exports / files[1]) in note for note in notes), notes


def test_a_legend_too_long_for_its_lines_says_how_many_it_leaves_out():
    from rich.text import Text

    from tui.widgets.packed import Packed

    legend = Packed(max_lines=2)
    names = [f"Speaker number {n}" for n in range(10)]
    legend.pieces = [Text(f" {name}  1") for name in names]
    lines = legend.text(45).plain.splitlines()
    assert len(lines) == 2 and lines[-1].endswith("more"), lines
    left_out = int(lines[-1].rsplit("+", 1)[1].split()[0])
    assert sum(name in " ".join(lines) for name in names) + left_out == len(names)
    assert all(len(line) <= 45 for line in lines)
    legend.max_lines = None
    assert len(legend.text(45).plain.splitlines()) == 5


@pytest.mark.parametrize("size", SIZES)
async def test_the_reader_scrolls_to_a_quote_at_the_end_of_a_long_article(tmp_path, size):
    from quotes import store
    from quotes.sources import Article
    from tui.app import QuotesApp

    from .sample import HILL, attribution

    paragraphs = [f"Paragraph {n} of the council's long report on the bridge, which runs on and on." for n in range(80)]
    text = "\n\n".join(paragraphs + ["“We reopen on Monday,” Ann Hill said at the very end."]) + "\n"
    db = store.open_db(tmp_path / "long.db")
    store.save_article(db, Article("long", "long.txt", text, path="long.txt"),
                       [attribution(text, "direct", "We reopen on Monday,", "said", "say", "Ann Hill", HILL)])
    db.close()
    async with QuotesApp(tmp_path / "long.db").run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen)
        paragraph = reader.query_one(f"#p{len(paragraphs)}", Static)
        article = reader.query_one("#article")
        assert article.region.y <= paragraph.region.y and paragraph.region.bottom <= article.region.bottom
        assert "“We reopen on Monday,” Ann Hill said" in screen_text(pilot)
