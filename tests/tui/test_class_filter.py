"""The class filter of the Quotes view: one class or any set of them (V, the palette), v as the quick
toggle, the status line, and the same quotes as `quotes dump --class` shows."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from itertools import combinations

import pytest
from click.testing import CliRunner

from quotes.attribution.classes import CLASSES, SPEECH_LIKE
from quotes.cli import cli
from tui.screens.classes import ClassesScreen, classes_label, normal_classes

from .conftest import SIZE, quotes_screen, screen_text, settle, table_texts

# The sample's quotes given classes by their cue; the contract quote keeps none (stored before classes).
CLASSED = {
    "thought": "cue_lemma = 'claim'",                              # Ukraine's Security Service claimed ...
    "document": "cue_lemma = 'according to'",
    "writing": "text LIKE '%will never%'",                         # the hostile article's one quote
    "intention": "cue_lemma = 'tell' AND kind = 'mixed'",          # `very strongly`
}
UNCLASSED = "the contract was late"


@pytest.fixture
def classed_db(db_path):
    with sqlite3.connect(db_path) as conn:
        for name, where in CLASSED.items():
            assert conn.execute(f"UPDATE quotes SET cue_class = ? WHERE {where}", [name]).rowcount == 1, name
        conn.execute("UPDATE quotes SET cue_class = 'speech' WHERE cue_class IS NULL AND text <> ?", [UNCLASSED])
    return db_path


@pytest.fixture
def app(classed_db):
    from tui.app import QuotesApp

    return QuotesApp(classed_db)


def texts_of(db_path, where: str, *params) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [text for (text,) in conn.execute(f"""SELECT q.text FROM quotes q JOIN articles a ON a.id = q.article_id
                                                    WHERE {where} ORDER BY a.name, a.id, q.start, q.id""", params)]


def dumped(db_path, option: str) -> list[str]:
    """The quote texts `quotes dump --class OPTION` writes, in its order."""
    result = CliRunner().invoke(cli, ["dump", "--db", str(db_path), "--class", option, "--raw"])
    assert result.exit_code == 0, result.output
    return [row["quote"] for row in csv.DictReader(io.StringIO(result.output))]


def status(pilot) -> str:
    return quotes_screen(pilot).query_one("#status").content.plain


async def open_classes(pilot) -> ClassesScreen:
    await pilot.press("V")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ClassesScreen), dialog
    return dialog


async def check_only(pilot, dialog: ClassesScreen, *wanted: str) -> None:
    """Check exactly the wanted classes in the dialog, with the keys a person would press."""
    selection = dialog.selection
    await pilot.press("home")
    for index, name in enumerate(CLASSES):
        assert selection.highlighted == index
        if (name in selection.selected) != (name in wanted):
            await pilot.press("space")
        await pilot.press("down")
    assert set(selection.selected) == set(wanted)


async def run_command(pilot, words: str, shown: str) -> None:
    """Type words into the command palette, wait until the command is offered, run it."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*words)
    for _ in range(200):
        await settle(pilot)
        if shown in screen_text(pilot):
            break
        await pilot.pause(0.05)
    assert shown in screen_text(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_picking_one_class_shows_only_its_quotes_as_the_dump_does(app, classed_db):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_classes(pilot)
        assert set(dialog.selection.selected) == set(SPEECH_LIKE)         # what the view shows now
        await check_only(pilot, dialog, "thought")
        await pilot.press("enter")
        await settle(pilot)
        assert quotes_screen(pilot).view.classes == ("thought",)
        thoughts = texts_of(classed_db, "q.cue_class = 'thought'")
        assert table_texts(pilot) == thoughts == dumped(classed_db, "thought")
        assert len(thoughts) == 1 and status(pilot) == "1 of 15 quotes  class thought (v)"
        assert "class thought (v)" in screen_text(pilot)


async def test_any_set_of_classes_and_v_back_to_speech_like(app, classed_db):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await check_only(pilot, await open_classes(pilot), "thought", "intention")
        await pilot.press("enter")
        await settle(pilot)
        chosen = texts_of(classed_db, "q.cue_class IN ('thought', 'intention')")
        assert table_texts(pilot) == chosen == dumped(classed_db, "intention,thought") and len(chosen) == 2
        assert status(pilot) == "2 of 15 quotes  classes thought+intention (v)"
        await check_only(pilot, await open_classes(pilot), "speech", "writing", "document", "thought")
        await pilot.press("enter")
        await settle(pilot)
        assert status(pilot) == "14 of 15 quotes  all classes but intention (v)"
        assert UNCLASSED in table_texts(pilot)                  # every speech-like class: the unclassed one too
        await pilot.press("v")                                  # the quick toggle: back to the default ...
        await settle(pilot)
        assert quotes_screen(pilot).view.classes == SPEECH_LIKE and status(pilot) == "13 of 15 quotes  speech-like (v)"
        assert table_texts(pilot) == dumped(classed_db, "speech-like")
        await pilot.press("v")                                  # ... and to every class
        await settle(pilot)
        assert len(table_texts(pilot)) == 15 and status(pilot) == "15 of 15 quotes  all classes (v)"


async def test_the_dialog_counts_each_class_and_cancelling_changes_nothing(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("k", "k", "k")                        # indirect: the counts are those of the other filters
        await settle(pilot)
        assert quotes_screen(pilot).view.kind == "indirect"
        before = table_texts(pilot)
        await open_classes(pilot)
        lines = screen_text(pilot).splitlines()
        for name in CLASSES:
            count = len(texts_of(app.db_path, "q.kind = 'indirect' AND q.cue_class = ?", name))
            row = re.compile(rf"│ .* {name} +[a-z, ]+ {count} quotes? *│")
            assert any(row.search(line) for line in lines), (name, count, lines)
        assert "1 quote stored before classes existed has no class" in " ".join(screen_text(pilot).split())
        await pilot.press("escape")
        await settle(pilot)
        assert table_texts(pilot) == before and quotes_screen(pilot).view.classes == SPEECH_LIKE
        await pilot.press("k", "k")                             # any kind, then direct: none stored before classes
        await settle(pilot)
        assert quotes_screen(pilot).view.kind == "direct"
        await open_classes(pilot)
        assert "before classes" not in screen_text(pilot)


async def test_nothing_checked_is_not_applied(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        dialog = await open_classes(pilot)
        await check_only(pilot, dialog)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is dialog and "Check at least one class" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert quotes_screen(pilot).view.classes == SPEECH_LIKE


async def test_the_palette_picks_a_class_an_empty_one_and_back(app, classed_db):
    with sqlite3.connect(classed_db) as conn:
        conn.execute("UPDATE quotes SET cue_class = 'speech' WHERE cue_class = 'intention'")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_command(pilot, "class: writing only", "Class: writing only")
        assert table_texts(pilot) == ["[b]We[/b] will never \x1b[31mstop\x1b[0m the [the minister] plan\x07,"]
        assert status(pilot) == "1 of 15 quotes  class writing (v)"
        await run_command(pilot, "class: intention only", "Class: intention only")
        assert table_texts(pilot) == [] == dumped(classed_db, "intention")
        assert status(pilot) == "0 of 15 quotes  class intention (v)" and "No quotes" in screen_text(pilot)
        await run_command(pilot, "classes: all", "Classes: all")
        assert len(table_texts(pilot)) == 15 and status(pilot) == "15 of 15 quotes  all classes (v)"
        await run_command(pilot, "classes: speech-like", "Classes: speech-like")
        assert quotes_screen(pilot).view.classes == SPEECH_LIKE and status(pilot) == "14 of 15 quotes  speech-like (v)"
        await run_command(pilot, "classes: choose", "Classes: choose…")
        assert isinstance(pilot.app.screen, ClassesScreen)


def every_choice() -> list[tuple[str, ...]]:
    return [choice for size in range(len(CLASSES) + 1) for choice in combinations(CLASSES, size)]


def read_label(label: str) -> tuple[str, ...]:
    """The classes a person reads in the status line's label."""
    if label in ("all classes", "speech-like"):
        return () if label == "all classes" else SPEECH_LIKE
    if label.startswith("all classes but "):
        left_out = label.removeprefix("all classes but ").split("+")
        return tuple(name for name in CLASSES if name not in left_out)
    word, names = label.split(" ")
    assert word == ("class" if "+" not in names else "classes"), label
    return tuple(names.split("+"))


def test_the_status_line_names_every_choice_in_80_columns():
    labels = {choice: classes_label(choice) for choice in every_choice()}
    assert labels[()] == labels[CLASSES] == "all classes" and labels[SPEECH_LIKE] == "speech-like"
    assert labels[("document",)] == "class document" and labels[("speech", "thought")] == "classes speech+thought"
    for choice, label in labels.items():
        assert read_label(label) == normal_classes(choice), (choice, label)
        status_line = f" 99,999 of 99,999 quotes  {label} (v) "
        assert len(status_line) <= 80, status_line
    assert len(set(labels.values())) == 2 ** len(CLASSES) - 1          # no two choices read the same


async def test_the_longest_choice_is_shown_whole_at_80_columns(app):
    longest = max(every_choice(), key=lambda choice: len(classes_label(choice)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quotes_screen(pilot).filter_classes(longest)
        await settle(pilot)
        assert f"{classes_label(longest)} (v)" in screen_text(pilot)


def test_the_keys_of_the_class_filter_are_in_the_help():
    from textual.binding import Binding

    from tui.screens.help import help_sections
    from tui.screens.quotes import QuotesScreen

    sections = dict(help_sections())
    assert {"v", "V"} <= set(QuotesScreen.HELP) and sections["Classes dialog"] is ClassesScreen.HELP
    shown = {binding.key for binding in ClassesScreen.BINDINGS if isinstance(binding, Binding) and binding.show}
    assert shown <= set(ClassesScreen.HELP)
