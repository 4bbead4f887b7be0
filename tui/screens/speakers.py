"""The Speakers view: the leaderboard and a bar chart of the top speakers' share of quotes."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from quotes import queries
from quotes.queries import SpeakerEntry

from ..data import QueryGate
from ..text import fit, literal, plural
from ..widgets.share_chart import ShareChart

MAX_ROWS = 5_000


GENDER_MARKS = {"female": "F", "male": "M", "unknown": "?"}     # the leaderboard's narrow `g` column
GENDER_STYLES = (("female", "women", "magenta"), ("male", "men", "cyan"), ("unknown", "unknown", "dim"))


def gender_bar(entries: list[SpeakerEntry], width: int = 30) -> Text:
    """Quotes of person speakers by gender (as the text and name statistics present it): a bar and counts."""
    counts = {gender: sum(e.quotes for e in entries if e.type == "person" and (e.gender or "unknown") == gender)
              for gender, _, _ in GENDER_STYLES}
    total = sum(counts.values())
    if not total:
        return Text("Quotes by gender: no person speakers", style="dim")
    bar, legend = Text(), Text()
    for gender, label, style in GENDER_STYLES:
        bar.append("█" * round(width * counts[gender] / total), style=style)
        legend.append(f"  {label} {counts[gender]:,} ({counts[gender] / total:.0%})", style=style)
    return Text.assemble(Text("Quotes by gender ", style="bold"), bar, legend)


class Leaderboard(DataTable):
    """The speakers table; Enter (or a click on the highlighted row) shows the speaker's quotes."""

    BINDINGS = [Binding("enter", "select_cursor", "Show quotes", id="speakers.show")]


class SpeakersScreen(Screen):
    """Speakers by number of quotes (corrections applied); Enter shows a speaker's quotes."""

    HELP = {
        "enter": "Show the highlighted speaker's quotes in the Quotes view",
        "click": "Click a speaker (twice) to do the same",
        "tip": "Column g: the gender of a person as the text and name statistics present it, F, M or ? "
               "(unknown); correct it in review (r on a quote, the Gender box)",
    }

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[SpeakerEntry] = []
        self.total = 0
        self.loaded = False
        self.load_seconds = 0.0
        self._gate = QueryGate()
        self._data_version = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("loading speakers…", style="dim"), id="speakers-summary")
        yield ShareChart(top=10, id="chart")
        table = Leaderboard(id="leaderboard", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "speaker", "type", "g", "quotes", "share", "articles")   # g: gender F, M or ?
        table.add_column("aliases", key="aliases")
        yield table
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self._data_version not in (-1, self.app.data_version):
            self.load()

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        self._data_version = self.app.data_version
        self._load(time.perf_counter())

    @work(thread=True, exclusive=True, group="speakers")
    def _load(self, started: float) -> None:
        with self._gate.connection(self.app.db_path) as conn:
            entries = queries.leaderboard(conn)
            total = queries.quote_count(conn)
        self.app.call_from_thread(self._show, entries, total, started)

    def _show(self, entries: list[SpeakerEntry], total: int, started: float) -> None:
        self.entries, self.total = entries[:MAX_ROWS], total
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        table.add_rows([
            (Text(str(rank), justify="right"), literal(entry.name, "bold"),
             literal(entry.type + (", anonymous" if entry.anonymous and entry.type != "anonymous" else "")),
             literal(GENDER_MARKS.get(entry.gender, "")), Text(f"{entry.quotes:,}", justify="right"),
             Text(f"{entry.quotes / total:.1%}" if total else "", justify="right"),
             Text(f"{entry.articles:,}", justify="right"), literal(""))
            for rank, entry in enumerate(self.entries, start=1)])
        self.call_after_refresh(self._fit_aliases)      # once the table has measured its other columns
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
        attributed = sum(entry.quotes for entry in entries)
        summary = Text.assemble(
            Text(plural(len(entries), "speaker"), style="bold"),
            f" · {attributed:,} of {total:,} quotes attributed",
            Text(f" · showing the top {MAX_ROWS:,}" if len(entries) > MAX_ROWS else ""),
            "\n", gender_bar(entries))
        self.query_one("#speakers-summary", Static).update(summary)
        self.query_one(ShareChart).show(self.entries, total)
        self.load_seconds = time.perf_counter() - started
        self.loaded = True

    def _fit_aliases(self) -> None:
        """The aliases fill the width the other columns leave, cut with an ellipsis where they need more."""
        table = self.query_one(DataTable)
        others = sum(column.get_render_width(table) for key, column in table.columns.items() if key != "aliases")
        width = max(3, table.scrollable_content_region.width - others - 2 * table.cell_padding)
        column = table.columns[table.columns["aliases"].key]
        column.auto_width, column.width = False, width
        for row_key, entry in zip(table.rows, self.entries):
            table.update_cell(row_key, "aliases", literal(fit(", ".join(entry.aliases), width).rstrip()))

    def on_resize(self) -> None:
        if self.entries:
            self._fit_aliases()

    @on(DataTable.RowSelected, "#leaderboard")
    async def _row_selected(self, event: DataTable.RowSelected) -> None:
        await self.choose(event.cursor_row)

    async def choose(self, index: int) -> None:
        if 0 <= index < len(self.entries):
            entry = self.entries[index]
            await self.app.show_speaker(entry.key, entry.name)
