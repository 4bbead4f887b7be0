"""The class filter: which classes of cue (speech, writing, document, thought, intention) the Quotes view shows.

A view's classes are a tuple in ``CLASSES`` order, ``()`` for every class, as ``QuoteFilter.classes``
and ``quotes dump --class`` have them; the SQL is ``quotes.corrections.class_clause``.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, SelectionList, Static
from textual.widgets.selection_list import Selection

from quotes import queries
from quotes.attribution.classes import CLASSES, SPEECH_LIKE
from quotes.queries import QuoteFilter

from ..data import connect
from ..text import plural

EXAMPLES = {
    "speech": "said, told",
    "writing": "wrote, tweeted",
    "document": "according to, a poll shows",
    "thought": "believes, fears",
    "intention": "plans to, offered, rejected",
}


def normal_classes(chosen: Iterable[str]) -> tuple[str, ...]:
    """Classes in CLASSES order without repeats; () when every class is chosen (or none)."""
    wanted = set(chosen)
    classes = tuple(name for name in CLASSES if name in wanted)
    return () if len(classes) == len(CLASSES) else classes


def classes_text(classes: Iterable[str], before: str = "", after: str = "") -> Text:
    """What the status line says of a view's classes, between ``before`` and ``after`` (dim):
    `speech-like` and `all classes` (dim: the presets), `class thought`, `classes speech+thought`
    or `all classes but intention`, whichever is shorter."""
    classes = normal_classes(classes)
    if not classes or classes == SPEECH_LIKE:
        return Text(f"{before}{'speech-like' if classes else 'all classes'}{after}", style="dim")
    left_out = [name for name in CLASSES if name not in classes]
    forms = [(f"{before}class{'es' if len(classes) > 1 else ''} ", "+".join(classes)),
             (f"{before}all classes but ", "+".join(left_out))]
    words, names = min(forms, key=lambda form: len(form[0]) + len(form[1]))
    return Text.assemble((words, "dim"), names, (after, "dim"))


def classes_label(classes: Iterable[str]) -> str:
    return classes_text(classes).plain


class ClassesScreen(ModalScreen):
    """Check any set of cue classes; dismisses with the classes (``normal_classes``) or None if cancelled.

    Each class shows how many quotes of the view it has (the view's other filters applied), so a
    choice that would show nothing says so before it is made."""

    BINDINGS = [
        Binding("enter", "apply", "Apply", priority=True),      # the list would take Enter as a toggle
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP = {
        "space": "Check or uncheck the highlighted class (or click it)",
        "enter": "Show the quotes of the checked classes",
        "escape": "Cancel",
    }

    def __init__(self, view: QuoteFilter) -> None:
        super().__init__(classes="dialog-screen")
        self.view = view
        self.counts: dict[str | None, int] | None = None

    def compose(self) -> ComposeResult:
        shown = set(self.view.classes or CLASSES)
        with Vertical(classes="dialog classes"):
            yield Static(Text("Show the quotes of these classes of cue"), classes="dialog-title")
            yield SelectionList(*[Selection(self._prompt(name), name, name in shown) for name in CLASSES],
                                id="classes-list", compact=True)
            yield Static(id="classes-note")
            yield Static(Text("↑↓ move · Space check or uncheck · Enter apply · Esc cancel"),
                         classes="dialog-help")
        yield Footer(compact=True)

    @property
    def selection(self) -> SelectionList:
        return self.query_one("#classes-list", SelectionList)

    def on_mount(self) -> None:
        self.query_one("#classes-note").display = False
        self.selection.focus()
        self._count(self.view)

    def _prompt(self, name: str) -> Text:
        count = "" if self.counts is None else plural(self.counts.get(name, 0), "quote")
        return Text.assemble((f"{name:<11}", "bold"), (f"{EXAMPLES[name]:<28}", "dim"), f"{count:>12}")

    @work(thread=True, group="class-counts")
    def _count(self, view: QuoteFilter) -> None:
        conn = connect(self.app.db_path)
        try:
            counts = queries.class_counts(conn, view)
        except sqlite3.Error as error:       # a search the database cannot run: no counts, the list still works
            self.app.call_from_thread(self.app.log.error, f"class counts: {error}")
            return
        finally:
            conn.close()
        self.app.call_from_thread(self._counted, counts)

    def _counted(self, counts: dict[str | None, int]) -> None:
        self.counts = counts
        for index, name in enumerate(CLASSES):
            self.selection.replace_option_prompt_at_index(index, self._prompt(name))
        unclassified = counts.get(None, 0)
        if unclassified:
            note = self.query_one("#classes-note", Static)
            note.display = True
            note.update(Text(
                f"{plural(unclassified, 'quote')} stored before classes existed "
                f"{'has' if unclassified == 1 else 'have'} no class: shown only while speech, writing and "
                "document are all checked.", style="dim"))

    def action_apply(self) -> None:
        chosen = self.selection.selected
        if not chosen:
            self.notify("Check at least one class (Esc to leave the classes as they were).",
                        severity="warning", markup=False)
            return
        self.dismiss(normal_classes(chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)
