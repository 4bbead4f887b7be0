"""The Quotes view: every quote in a table with live search and filters, and the selected one in context."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from quotes import queries
from quotes.attribution.classes import SPEECH_LIKE
from quotes.queries import QuoteFilter

from ..data import QueryGate, connect, interrupted
from ..text import clean, literal, plural
from ..widgets.quote_detail import QuoteDetail
from ..widgets.quote_table import QuoteTable
from .classes import ClassesScreen, classes_text, normal_classes
from .pickers import ExportScreen, PickerScreen, article_options, speaker_options

ANY_KIND = "any"


class QuotesScreen(Screen):
    """Table of quotes (lazily paged), search box, filters, detail pane."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="quotes.search", show=False),     # the box says `/`
        Binding("r", "review", "Review", id="quotes.review"),
        Binding("s", "pick_speaker", "Speaker", id="quotes.speaker"),
        Binding("a", "pick_article", "Article", id="quotes.article"),
        Binding("k", "cycle_kind", "Kind", id="quotes.kind", show=False),
        Binding("g", "cycle_gender", "Gender", id="quotes.gender", show=False),
        Binding("c", "clear_filters", "Clear", id="quotes.clear", show=False),
        Binding("x", "toggle_rejected", "Not quotes", id="quotes.rejected", show=False),
        Binding("v", "toggle_classes", "Classes", id="quotes.classes", show=False),
        Binding("V", "pick_classes", "Pick classes", id="quotes.pick_classes", show=False),
        Binding("e", "export", "Export", id="quotes.export", show=False),
        Binding("escape", "leave_search", "Table", id="quotes.table", show=False),
    ]
    HELP = {
        "slash": "Search quote text (live, full-text, word prefixes)",
        "escape": "Back from the search box to the table",
        "enter": "Open the quote in the article reader",
        "r": "Review the quote: speaker, cue, not a quote",
        "s": "Filter by speaker (pick from a list)",
        "a": "Filter by article (pick from a list)",
        "k": "Cycle the kind filter: any, direct, mixed, indirect",
        "g": "Cycle the gender filter (person speakers, as the text presents them): any, female, male, unknown",
        "c": "Clear search and filters",
        "x": "Show or hide quotes marked as not a quote",
        "v": "Speech-like attributions only (speech, writing, documents) or every class (thoughts, intentions)",
        "V": "Choose the classes to show: one or any set (then v goes back to speech-like)",
        "e": "Export the current view to CSV",
    }

    class Loaded(Message):
        """The result of a view was painted, `seconds` after the change (for tests and timing)."""

        def __init__(self, view: QuoteFilter, count: int, seconds: float) -> None:
            super().__init__()
            self.view, self.count, self.seconds = view, count, seconds

    def __init__(self) -> None:
        super().__init__()
        self.view = QuoteFilter(classes=SPEECH_LIKE)
        self.speaker_label: str | None = None
        self.article_label: str | None = None
        self.loaded_view: QuoteFilter | None = None
        self.painted_view: QuoteFilter | None = None
        self.load_seconds = self.paint_seconds = 0.0
        self.total: int | None = None          # quotes in the database (with the rejected ones when shown)
        self.total_with_rejected = False
        self.rejected = 0                       # of the quotes in view, those marked as not a quote
        self._token = 0
        self._gate = QueryGate()
        self._data_version = -1
        self._article_cache: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Static("/", id="search-label")
            yield Input(placeholder="search quotes", id="search", compact=True)
            yield Select([("any kind", ANY_KIND)] + [(kind, kind) for kind in queries.KINDS], value=ANY_KIND,
                         allow_blank=False, id="kind", compact=True)
        yield Static(id="status")
        yield QuoteTable(self._fetch_rows, id="table")
        yield QuoteDetail(id="detail")
        yield Footer(compact=True)

    @property
    def table(self) -> QuoteTable:
        return self.query_one(QuoteTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self._data_version not in (-1, self.app.data_version):
            self.refresh_data()

    def reload(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """The data changed: fetch the rows again, keep the cursor on the same quote."""
        self.total = None
        self._article_cache = None
        self.table.invalidate()
        self.load(keep=self.table.current_id)

    # loading
    def _fetch_rows(self, ids: list[int]):
        return queries.quote_rows(self.app.db, ids)

    def load(self, keep: int | None = None) -> None:
        self._token += 1
        self._data_version = self.app.data_version
        self.update_status(loading=True)
        need_total = self.total is None or self.total_with_rejected != self.view.include_rejected
        self._load_ids(self.view, self._token, keep, need_total, time.perf_counter())

    @work(thread=True, exclusive=True, group="quote-ids")
    def _load_ids(self, view: QuoteFilter, token: int, keep: int | None, need_total: bool,
                  started: float) -> None:
        worker = get_current_worker()
        try:
            with self._gate.connection(self.app.db_path) as conn:
                ids = queries.quote_ids(conn, view)
                total = queries.quote_count(conn, view.include_rejected) if need_total else None
                rejected = queries.rejected_count(conn, view) if view.include_rejected else 0
        except queries.SearchError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._search_failed, token, view, str(error), keep, started)
            return
        except sqlite3.OperationalError as error:
            if interrupted(error):
                return
            raise
        if not worker.is_cancelled:
            self._search_failing = False
            self.app.call_from_thread(self._show_ids, token, view, ids, total, keep, started, rejected)

    _search_failing = False

    def _search_failed(self, token: int, view: QuoteFilter, message: str, keep: int | None,
                       started: float) -> None:
        """A search the database cannot run: say so once (plain text), and show no rows."""
        if token != self._token:
            return
        if not self._search_failing:
            self._search_failing = True
            self.notify(clean(message, one_line=True), severity="warning", markup=False)
        self._show_ids(token, view, [], None, keep, started)

    def _show_ids(self, token: int, view: QuoteFilter, ids: list[int], total: int | None, keep: int | None,
                  started: float, rejected: int = 0) -> None:
        if token != self._token:
            return
        if total is not None:
            self.total, self.total_with_rejected = total, view.include_rejected
        self.rejected = rejected
        self.table.set_ids(ids, keep)
        self.loaded_view = view
        self.load_seconds = time.perf_counter() - started
        self.update_status()
        self.call_after_refresh(self._painted, view, started)

    def _painted(self, view: QuoteFilter, started: float) -> None:
        """The result of a view is on screen: record how long it took (the performance test reads it)."""
        self.painted_view = view
        self.paint_seconds = time.perf_counter() - started
        self.post_message(self.Loaded(view, len(self.table.ids), self.paint_seconds))

    def update_status(self, loading: bool = False) -> None:
        view = self.view
        shown = len(self.table.ids)
        parts = [Text(f"{shown:,}" + (f" of {self.total:,}" if self.total is not None else "")
                      + (" quote" if (self.total if self.total is not None else shown) == 1 else " quotes"),
                      style="bold")]
        if view.include_rejected:
            parts.append(Text(f" (including {self.rejected:,} marked as not a quote)" if self.rejected else
                              " (including those marked as not a quote: none)", style="dim"))
        if view.speaker_key is not None:
            parts += [Text("  speaker ", style="dim"), literal(self.speaker_label or "(no speaker)")]
        if view.article_id is not None:
            parts += [Text("  article ", style="dim"), literal(self.article_label or str(view.article_id))]
        if view.kind:
            parts += [Text("  kind ", style="dim"), Text(view.kind)]
        if view.gender:
            parts += [Text("  gender ", style="dim"), Text(view.gender)]
        parts.append(classes_text(view.classes, "  ", " (v)"))
        if loading:
            parts.append(Text("  loading…", style="dim italic"))
        self.query_one("#status", Static).update(Text.assemble(*parts))

    def set_view(self, **changes) -> None:
        """Change the filters (QuoteFilter fields) and reload."""
        self.view = replace(self.view, **changes)
        self.load(keep=self.table.current_id)

    def filter_speaker(self, key: str | None, label: str | None) -> None:
        self.speaker_label = label
        self.set_view(speaker_key=key)

    def filter_article(self, article_id: int | None, label: str | None) -> None:
        self.article_label = label
        self.set_view(article_id=article_id)

    def filter_classes(self, classes: tuple[str, ...]) -> None:
        """Only quotes of these cue classes (() for every class)."""
        self.set_view(classes=normal_classes(classes))

    # events
    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.view.search:
            self.set_view(search=event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.table.focus()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        kind = None if event.value in (ANY_KIND, Select.NULL) else str(event.value)
        if kind != self.view.kind:
            self.set_view(kind=kind)

    @on(QuoteTable.Highlighted)
    def _highlighted(self, event: QuoteTable.Highlighted) -> None:
        self.show_detail(event.quote_id)

    @on(QuoteTable.Selected)
    def _selected(self, event: QuoteTable.Selected) -> None:
        self.app.open_reader(event.quote_id, self.view.include_rejected)

    def show_detail(self, quote_id: int | None) -> None:
        detail = self.query_one(QuoteDetail)
        quote = queries.quote(self.app.db, quote_id) if quote_id is not None else None
        if quote is None:
            detail.show(None)
            return
        if self._article_cache is None or self._article_cache[0] != quote.article_id:
            article = queries.article(self.app.db, quote.article_id)
            self._article_cache = (quote.article_id, article.text if article else "")
        detail.show(quote, self._article_cache[1])

    # actions
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        self.table.focus()

    def action_cycle_kind(self) -> None:
        order = [ANY_KIND, *queries.KINDS]
        current = self.view.kind or ANY_KIND
        self.query_one("#kind", Select).value = order[(order.index(current) + 1) % len(order)]

    def action_cycle_gender(self) -> None:
        order = [None, "female", "male", "unknown"]
        self.set_view(gender=order[(order.index(self.view.gender) + 1) % len(order)])

    def action_clear_filters(self) -> None:
        self.speaker_label = self.article_label = None
        self.query_one("#search", Input).value = ""
        self.query_one("#kind", Select).value = ANY_KIND
        self.view = QuoteFilter(include_rejected=self.view.include_rejected, classes=self.view.classes)
        self.load(keep=self.table.current_id)

    def action_toggle_rejected(self) -> None:
        self.set_view(include_rejected=not self.view.include_rejected)

    def action_toggle_classes(self) -> None:
        """Speech-like attributions only (speech, writing, documents), or every class of cue; from any
        other choice, back to speech-like."""
        self.set_view(classes=() if self.view.classes == SPEECH_LIKE else SPEECH_LIKE)

    def action_pick_classes(self) -> None:
        def chosen(classes: tuple[str, ...] | None) -> None:
            if classes is not None:
                self.filter_classes(classes)
        self.app.push_screen(ClassesScreen(self.view), chosen)

    def action_review(self) -> None:
        if self.table.current_id is not None:
            self.app.review(self.table.current_id)

    def action_pick_speaker(self) -> None:
        def chosen(choice) -> None:
            if choice is not None:
                key, label = choice
                self.filter_speaker(key, label)
        self.app.push_screen(PickerScreen("Filter by speaker", speaker_options, clear_label="any speaker"),
                             chosen)

    def action_pick_article(self) -> None:
        def chosen(choice) -> None:
            if choice is not None:
                article_id, label = choice
                self.filter_article(article_id, label)
        self.app.push_screen(PickerScreen("Filter by article", article_options, clear_label="any article"),
                             chosen)

    def action_export(self) -> None:
        default = self.app.export_path(".csv")
        self.app.push_screen(ExportScreen(str(default), len(self.table.ids)),
                             lambda path: self.export(path) if path else None)

    def export(self, path: str) -> None:
        self._export(self.view, path)

    @work(thread=True, group="export")
    def _export(self, view: QuoteFilter, path: str) -> None:
        from ..app import export_dir

        target = Path(path).expanduser().resolve()
        conn = connect(self.app.db_path)
        try:
            if target.parent == export_dir().resolve():
                target.parent.mkdir(parents=True, exist_ok=True)      # the default folder is made on first use
            count = queries.write_csv(conn, view, target)
        except OSError as error:
            self.app.call_from_thread(self.app.notify, f"Cannot write {path}: {error.strerror or error}",
                                      severity="error", markup=False)
            return
        finally:
            conn.close()
        self.app.call_from_thread(self.app.notify, f"Exported {plural(count, 'quote')} to\n{target}", title="Export",
                                  markup=False)

