"""The help screen: every key, by view (from the screens' HELP tables, next to their bindings)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

KEY_NAMES = {"slash": "/", "escape": "Esc", "enter": "Enter", "question_mark": "?", "backspace": "Backspace",
             "left_square_bracket": "[", "right_square_bracket": "]", "click": "Mouse", "tip": "Tip",
             "down": "↓", "up": "↑", "space": "Space", "f1": "F1", "f5": "F5", "f12": "F12"}


def key_label(key: str) -> str:
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key[5:].upper()
    return key


def help_sections() -> list[tuple[str, dict[str, str]]]:
    from ..app import QuotesApp
    from .classes import ClassesScreen
    from .quotes import QuotesScreen
    from .reader import ReaderScreen
    from .review import ReviewScreen
    from .speakers import SpeakersScreen

    return [("Everywhere", QuotesApp.HELP), ("Quotes", QuotesScreen.HELP), ("Article reader", ReaderScreen.HELP),
            ("Speakers", SpeakersScreen.HELP), ("Review dialog", ReviewScreen.HELP),
            ("Classes dialog", ClassesScreen.HELP)]


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for number, (title, keys) in enumerate(help_sections()):
        if number:
            table.add_row("", "")
        table.add_row(Text(title, style="bold underline"), "")
        for key, description in keys.items():
            table.add_row(Text(key_label(key)), Text(description))
    return table


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,question_mark,q,f1", "close", "Close")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Text("Keys", style="bold"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_table())
            yield Static(Text("Esc or ? to close · Ctrl+P for the command palette"), classes="dialog-help")
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.dismiss()
