"""The quotes table: any number of rows, fetched a page at a time (Line API).

The table holds only the ordered ids of the rows in view; the display fields of
a row are fetched (by pages of ``PAGE`` rows, through the ``fetch`` callable)
the first time a line shows it. So 100,000 quotes cost one list of ints.
"""

from __future__ import annotations

from typing import Callable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quotes.queries import QuoteRow

from ..text import clean, fit

PAGE = 200
COLUMNS = ("speaker", "cue", "kind", "quote", "article")


def column_widths(width: int, natural: dict[str, int] | None = None) -> dict[str, int]:
    """Widths of the columns (plus a 1-cell flag column and 1-cell gaps) for a table width.

    Each column has a share of the width; with ``natural`` (the widest value of each column among the
    rows at hand) a column narrower than its share gives the rest to the quote, and when the quotes
    leave room, a column that would be cut gets it (the article's name, a long speaker)."""
    speaker = max(12, width * 22 // 100)
    article = max(10, width * 16 // 100)
    cue = max(6, width // 10)
    kind = 8
    if natural:
        speaker, cue, article = (min(share, max(len(name), natural.get(name, 0)))
                                 for share, name in ((speaker, "speaker"), (cue, "cue"), (article, "article")))
    quote = width - (1 + speaker + cue + kind + article + 5)
    if natural:
        spare = quote - max(16, natural.get("quote", 0))
        for name in ("article", "speaker", "cue"):
            have = {"article": article, "speaker": speaker, "cue": cue}[name]
            extra = max(0, min(spare, natural.get(name, 0) - have))
            spare -= extra
            if name == "article":
                article += extra
            elif name == "speaker":
                speaker += extra
            else:
                cue += extra
        quote = width - (1 + speaker + cue + kind + article + 5)
    if quote < 16:      # very narrow: give the quote room before the article
        article = max(0, article - (16 - quote))
        quote = width - (1 + speaker + cue + kind + article + 5)
    return {"flag": 1, "speaker": speaker, "cue": cue, "kind": kind, "quote": max(quote, 0), "article": article}


class QuoteTable(ScrollView, can_focus=True):
    """Quotes by rows: speaker, cue, kind, quote, article. ✎ flags corrected quotes, ✗ rejected ones."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Read", id="quotes.read"),
    ]
    COMPONENT_CLASSES = {"quote-table--header", "quote-table--cursor", "quote-table--cursor-blurred",
                         "quote-table--rejected", "quote-table--corrected", "quote-table--empty"}
    DEFAULT_CSS = """
    QuoteTable { overflow-x: hidden; }
    """

    cursor = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to a quote (None when the table is empty)."""

        def __init__(self, table: "QuoteTable", quote_id: int | None, index: int) -> None:
            super().__init__()
            self.table, self.quote_id, self.index = table, quote_id, index

    class Selected(Message):
        """A quote was chosen (Enter, or a click on the row under the cursor)."""

        def __init__(self, table: "QuoteTable", quote_id: int) -> None:
            super().__init__()
            self.table, self.quote_id = table, quote_id

    def __init__(self, fetch: Callable[[list[int]], dict[int, QuoteRow]], *, empty_text: str = "No quotes",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.fetch = fetch
        self.ids: list[int] = []
        self.rows: dict[int, QuoteRow] = {}
        self.empty_text = empty_text
        self.loaded = False

    # data
    def set_ids(self, ids: Sequence[int], keep: int | None = None) -> None:
        """Show these quotes; the cursor goes to quote `keep` if it is among them, else stays put."""
        self.ids = list(ids)
        self.rows.clear()
        self.loaded = True
        self._resize_virtual()
        index = self.cursor
        if keep is not None:
            try:
                index = self.ids.index(keep)
            except ValueError:
                pass
        self.cursor = max(0, min(index, len(self.ids) - 1))
        self.refresh()

    def invalidate(self) -> None:
        """Forget fetched rows (after a correction): they are fetched again when shown."""
        self.rows.clear()
        self.refresh()

    def row_at(self, index: int) -> QuoteRow | None:
        if not 0 <= index < len(self.ids):
            return None
        quote_id = self.ids[index]
        if quote_id not in self.rows:
            first = max(0, index - PAGE // 4)
            page = [i for i in self.ids[first:first + PAGE] if i not in self.rows]
            self.rows.update(self.fetch(page))
        return self.rows.get(quote_id)

    @property
    def current_id(self) -> int | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    @property
    def current_row(self) -> QuoteRow | None:
        return self.row_at(self.cursor)

    # geometry
    def _resize_virtual(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.ids) + 1)

    def on_resize(self, event: events.Resize) -> None:
        self._resize_virtual()
        self._scroll_to_cursor()

    @property
    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + self._visible_rows:
            self.scroll_to(y=self.cursor - self._visible_rows + 1, animate=False, immediate=True)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_id, new))

    # actions
    def action_cursor(self, delta: int) -> None:
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * self._visible_rows)

    def action_jump(self, index: int) -> None:
        if self.ids:
            self.cursor = index % len(self.ids)

    def action_select(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Selected(self, self.current_id))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self.ids):
            if index == self.cursor or event.chain >= 2:
                self.cursor = index
                self.action_select()
            else:
                self.cursor = index

    # rendering
    def _cells(self, values: dict[str, str], widths: dict[str, int]) -> str:
        return " ".join(fit(values[name], widths[name]) for name in ("flag", *COLUMNS))

    def natural_widths(self) -> dict[str, int]:
        """The widest value of each column among the rows fetched (the page around the cursor)."""
        widths = {name: len(name) for name in COLUMNS}
        for row in self.rows.values():
            for name, value in (("speaker", row.speaker or "—"), ("cue", row.cue or ""), ("quote", row.text),
                                ("article", row.article)):
                widths[name] = max(widths[name], cell_len(clean(value, one_line=True)))
        return widths

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.ids and not self.rows:
            self.row_at(round(self.scroll_y))          # the first page, so that the widths fit it
        widths = column_widths(width, self.natural_widths() if self.rows else None)
        if y == 0:
            header = self._cells({"flag": " ", **{name: name for name in COLUMNS}}, widths)
            return Strip([Segment(fit(header, width), base + self.get_component_rich_style("quote-table--header"))])
        index = round(self.scroll_y) + y - 1
        if not self.ids:
            if y == 1 and self.loaded:
                style = base + self.get_component_rich_style("quote-table--empty")
                return Strip([Segment(fit(f" {self.empty_text}", width), style)])
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, base)
        flag = "✗" if row.not_quote else "✎" if row.corrected else " "
        values = {"flag": flag, "speaker": clean(row.speaker or "—", one_line=True),
                  "cue": clean(row.cue or "", one_line=True), "kind": row.kind,
                  "quote": clean(row.text, one_line=True), "article": clean(row.article, one_line=True)}
        style = base
        if row.not_quote:
            style += self.get_component_rich_style("quote-table--rejected")
        elif row.corrected:
            style += self.get_component_rich_style("quote-table--corrected")
        if index == self.cursor:
            name = "quote-table--cursor" if self.has_focus else "quote-table--cursor-blurred"
            style += self.get_component_rich_style(name)
        return Strip([Segment(fit(self._cells(values, widths), width), style)])

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.ids) + 1

