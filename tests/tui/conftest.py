"""Fixtures for the terminal UI tests: a real SQLite database of hand-made articles, the app, helpers."""

from __future__ import annotations

import asyncio
import inspect
import time

import pytest

from tui.app import QuotesApp
from tui.screens.quotes import QuotesScreen

from .sample import build_db

SIZE = (100, 30)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed for App.run_test)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**arguments))
        return True
    return None


@pytest.fixture
def db_path(tmp_path):
    return build_db(tmp_path / "quotes.db")


@pytest.fixture
def app(db_path):
    return QuotesApp(db_path)


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait until the app's workers are done and the messages they posted are handled."""
    deadline = time.monotonic() + timeout
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()


def quotes_screen(pilot) -> QuotesScreen:
    screen = pilot.app.screen
    assert isinstance(screen, QuotesScreen), screen
    return screen


def table_texts(pilot) -> list[str]:
    """Quote texts of the rows in the quotes table, in order."""
    table = quotes_screen(pilot).table
    return [table.row_at(i).text for i in range(len(table.ids))]


def screen_text(pilot) -> str:
    """Everything on screen as plain text (what a person sees)."""
    from rich.console import Console

    app = pilot.app
    width, height = app.size
    console = Console(width=width, height=height, record=True, force_terminal=True, color_system=None,
                      file=open("/dev/null", "w"))
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)
