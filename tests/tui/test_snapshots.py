"""Snapshot tests of the main screens at a fixed size (pytest-textual-snapshot).

Baselines live in __snapshots__/; after a deliberate change of the look, look at the
report, then refresh them with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tui.app import QuotesApp

from .conftest import SIZE, settle


def steps(*keys: str):
    """A run_before that waits for data, presses keys (waiting after each) and stops cursors blinking."""
    async def run(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await settle(pilot)
    return run


@pytest.fixture
def make_app(db_path):
    return lambda **kwargs: QuotesApp(db_path, **kwargs)


def test_quotes_view(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps("down", "down", "down", "down",
                                                                         "down", "down", "down"))


def test_quotes_view_searching(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps("slash", *"cruise"))


def test_quotes_view_80x24_light(snap_compare, make_app):
    assert snap_compare(make_app(theme="textual-light"), terminal_size=(80, 24), run_before=steps("down"))


def test_reader(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps(*["down"] * 7, "enter", "n"))


def test_speakers_view(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps("2"))


def test_review_dialog(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps("down", "r"))


def test_help(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps("question_mark"))


def test_classes_dialog(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steps("V", "down", "down", "down"))
