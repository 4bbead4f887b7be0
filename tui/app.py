"""The `quotes browse` terminal app: Quotes and Speakers views, article reader, review dialog.

    QuotesApp(db_path).run()        # or run_app(db_path)

All data access goes through ``quotes.queries`` and ``quotes.corrections``;
this package only displays. The main thread has one connection (``app.db``),
used for small reads and for writing corrections; long queries run in thread
workers with their own connections.
"""

from __future__ import annotations

import inspect
import os
from datetime import datetime
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from quotes import store

from .commands import QuotesCommands
from .screens.help import HelpScreen
from .screens.quotes import QuotesScreen
from .screens.reader import ReaderScreen
from .screens.review import ReviewScreen
from .screens.speakers import SpeakersScreen


EXPORT_ENV = "QUOTES_EXPORT_DIR"


def export_dir() -> Path:
    """Where `e` (CSV) and F12 (SVG screenshot) write by default: $QUOTES_EXPORT_DIR, else ~/quotes-exports."""
    return Path(os.environ.get(EXPORT_ENV) or "~/quotes-exports").expanduser()


class QuotesApp(App):
    """Browse, read and review the quotes of a database."""

    CSS_PATH = "quotes.tcss"
    TITLE = "quotes"
    MODES = {"quotes": QuotesScreen, "speakers": SpeakersScreen}
    DEFAULT_MODE = "quotes"
    COMMANDS = App.COMMANDS | {QuotesCommands}
    BINDINGS = [
        Binding("1", "switch_to('quotes')", "Quotes", id="app.quotes"),
        Binding("2", "switch_to('speakers')", "Speakers", id="app.speakers"),
        Binding("question_mark,f1", "help", "Keys", id="app.help"),
        Binding("t", "toggle_dark", "Theme", id="app.theme", show=False),
        Binding("f5", "reload", "Reload", id="app.reload", show=False),
        Binding("f12", "screenshot", "Screenshot", id="app.screenshot", show=False),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]
    HELP = {
        "1": "Quotes view",
        "2": "Speakers view",
        "?": "This help (also F1)",
        "ctrl+p": "Command palette: every action, every speaker and article",
        "t": "Toggle the light and dark themes",
        "f5": "Reload from the database (after `quotes analyze` ran elsewhere)",
        "f12": "Save an SVG screenshot in ~/quotes-exports (or $QUOTES_EXPORT_DIR)",
        "q": "Quit",
        "tab": "Move between the search box, the kind filter and the table",
    }

    def __init__(self, db_path: str | Path, *, theme: str | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.db = store.open_db(self.db_path)
        self.data_version = 0
        self.sub_title = self.db_path.name
        if theme:
            self.theme = theme

    def on_unmount(self) -> None:
        self.db.close()

    # cross-view operations
    def data_changed(self) -> None:
        """Corrections changed: every view reloads when it is next shown."""
        self.data_version += 1

    async def action_switch_to(self, mode: str) -> None:
        await self.switch_to(mode)

    async def switch_to(self, mode: str) -> None:
        if mode == "quotes":
            await self.quotes_screen()
        elif self.current_mode != mode:
            await self.switch_mode(mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the key of the view already shown (the reader has Esc to go back to the quotes), and the
        view keys in a dialog (it is closed first)."""
        if action == "switch_to" and isinstance(self.screen, ModalScreen):
            return False
        if action == "switch_to" and parameters:
            shown = {"quotes": (QuotesScreen, ReaderScreen), "speakers": (SpeakersScreen,)}.get(str(parameters[0]))
            if shown is not None and isinstance(self.screen, shown):
                return False
        return True

    async def quotes_screen(self) -> QuotesScreen:
        """The Quotes view, made current (any reader opened over it is closed)."""
        if self.current_mode != "quotes":
            await self.switch_mode("quotes")
        while not isinstance(self.screen, QuotesScreen) and len(self.screen_stack) > 1:
            await self.pop_screen()
        assert isinstance(self.screen, QuotesScreen)
        return self.screen

    async def show_speaker(self, key: str | None, name: str | None) -> None:
        (await self.quotes_screen()).filter_speaker(key, name)

    async def show_article(self, article_id: int | None, name: str | None) -> None:
        (await self.quotes_screen()).filter_article(article_id, name)

    async def filter_kind(self, kind: str | None) -> None:
        screen = await self.quotes_screen()
        screen.query_one("#kind").value = kind or "any"

    async def filter_classes(self, classes: tuple[str, ...]) -> None:
        (await self.quotes_screen()).filter_classes(classes)

    async def quotes_action(self, action: str) -> None:
        screen = await self.quotes_screen()
        if action == "read":
            screen.table.action_select()
        else:
            await screen.run_action(action)

    def open_reader(self, quote_id: int, include_rejected: bool = False) -> None:
        self.push_screen(ReaderScreen(quote_id, include_rejected))

    def review(self, quote_id: int) -> None:
        self.push_screen(ReviewScreen(quote_id))

    # actions
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_reload(self) -> None:
        self.data_changed()
        result = self.screen.reload() if hasattr(self.screen, "reload") else None
        if inspect.isawaitable(result):
            await result

    def export_path(self, suffix: str) -> Path:
        """A new file in the export folder: quotes-<database>-<date>-<time><suffix>."""
        return export_dir() / f"quotes-{self.db_path.stem}-{datetime.now():%Y%m%d-%H%M%S}{suffix}"

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        if filename is None and path is None:
            target = self.export_path(".svg")
            filename, path = target.name, str(target.parent)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self.notify(f"Cannot write {target}: {error.strerror or error}", severity="error", markup=False)
                return
        saved = self.save_screenshot(filename, path)
        self.notify(f"Screenshot saved to\n{Path(saved).resolve()}", title="Screenshot", markup=False)


def run_app(db_path: str | Path) -> None:
    QuotesApp(db_path).run()
