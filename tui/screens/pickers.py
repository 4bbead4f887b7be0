"""Small dialogs: pick a speaker or an article to filter by, choose where to export."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from quotes import queries
from quotes.queries import NO_SPEAKER

from ..data import connect
from ..text import clean, literal, plural

MAX_OPTIONS = 300


@dataclass(frozen=True)
class Choice:
    value: Any
    label: Text
    search: str         # lower-case text the filter box matches


def speaker_options(conn: sqlite3.Connection) -> list[Choice]:
    """Every speaker (corrections applied), most quoted first, then quotes without a speaker."""
    choices = []
    for entry in queries.leaderboard(conn):
        label = Text.assemble(literal(entry.name, "bold"), literal(f"  {entry.type}"),
                              Text(f"  {plural(entry.quotes, 'quote')}", style="dim"))
        choices.append(Choice((entry.key, entry.name), label, " ".join([entry.name, *entry.aliases]).lower()))
    choices.append(Choice((NO_SPEAKER, "no speaker"), Text("(no speaker)", style="italic"), "no speaker none"))
    return choices


def article_options(conn: sqlite3.Connection) -> list[Choice]:
    """Every article by name, with its title and quote count."""
    choices = []
    for entry in queries.articles(conn):
        label = Text.assemble(literal(entry.name, "bold"), literal(f"  {entry.title or ''}"),
                              Text(f"  {plural(entry.quotes, 'quote')}", style="dim"))
        choices.append(Choice((entry.id, entry.name), label, f"{entry.name} {entry.title or ''}".lower()))
    return choices


class PickerScreen(ModalScreen):
    """A filterable list; dismisses with the chosen value, (None, None) to clear, None if cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, title: str, loader: Callable[[sqlite3.Connection], list[Choice]],
                 clear_label: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.loader = loader
        self.clear_label = clear_label
        self.choices: list[Choice] = []
        self.shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(literal(self.title_text), classes="dialog-title")
            yield Input(placeholder="type to filter", id="picker-filter", compact=True)
            yield OptionList(id="picker-options", markup=False, compact=True)
            yield Static(Text("↑↓ choose · Enter apply · Esc cancel"), classes="dialog-help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#picker-options", OptionList).add_option(Option(Text("loading…", style="dim"),
                                                                        disabled=True))
        self._load()

    @work(thread=True, group="picker")
    def _load(self) -> None:
        conn = connect(self.app.db_path)
        try:
            choices = self.loader(conn)
        finally:
            conn.close()
        self.app.call_from_thread(self._loaded, choices)

    def _loaded(self, choices: list[Choice]) -> None:
        self.choices = choices
        self._refill(self.query_one("#picker-filter", Input).value)

    def _refill(self, text: str) -> None:
        words = clean(text, one_line=True).lower().split()
        matches = [c for c in self.choices if all(w in c.search for w in words)]
        self.shown = ([Choice((None, None), Text(f"({self.clear_label})", style="italic"), "")]
                      if self.clear_label and not words else []) + matches[:MAX_OPTIONS]
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        options.add_options([Option(choice.label) for choice in self.shown])
        if not self.shown:
            options.add_option(Option(Text("nothing matches", style="dim"), disabled=True))
        else:
            options.highlighted = 1 if self.clear_label and not words and len(self.shown) > 1 else 0

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        if self.choices:
            self._refill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _submit(self) -> None:
        self._choose(self.query_one("#picker-options", OptionList).highlighted)

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index].value)

    def action_move(self, delta: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen):
    """Ask where to write the CSV; dismisses with the path or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default_path: str, count: int) -> None:
        super().__init__(classes="dialog-screen")
        self.default_path = default_path
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export"):
            yield Static(Text(f"Export the {plural(self.count, 'quote')} in view to CSV"), classes="dialog-title")
            yield Input(value=self.default_path, id="export-path", compact=True)
            yield Static(Text("Columns as in `quotes dump`, corrections applied · Enter write · Esc cancel"),
                         classes="dialog-help")
        yield Footer(compact=True)

    @on(Input.Submitted, "#export-path")
    def _submit(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        self.dismiss(path or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
