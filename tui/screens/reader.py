"""The article reader: the whole article with every quote highlighted in its speaker's colour."""

from __future__ import annotations

from collections import Counter

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quotes import queries
from quotes.attribution.document import paragraph_spans as paragraphs
from quotes.queries import Quote

from ..text import clean, literal, speaker_style
from ..widgets.packed import Packed
from ..widgets.quote_detail import attribution_pieces


def speaker_order(quotes: list[Quote]) -> list[str]:
    """Speaker keys of an article, most quoted first (then by first appearance); no-speaker last."""
    counts = Counter(q.speaker_key for q in quotes if not q.not_quote and q.speaker_key)
    first = {}
    for number, quote in enumerate(quotes):
        if quote.speaker_key:
            first.setdefault(quote.speaker_key, number)
    return sorted(counts, key=lambda key: (-counts[key], first[key]))


class ReaderScreen(Screen):
    """One article; `n`/`p` move between its quotes, the bar at the bottom shows the current one's attribution.

    It shows the quotes the Quotes view shows: those marked as not a quote only when that view does (`x`).
    """

    BINDINGS = [
        Binding("n,right_square_bracket", "step(1)", "Next", id="reader.next"),
        Binding("p,left_square_bracket", "step(-1)", "Previous", id="reader.previous"),
        Binding("r", "review", "Review", id="reader.review"),
        Binding("escape,backspace", "close", "Back", id="reader.back"),
    ]
    HELP = {
        "n": "Next quote (also ])",
        "p": "Previous quote (also [)",
        "r": "Review the current quote",
        "escape": "Back to the quotes (also Backspace)",
        "click": "Click a quote to make it current",
    }
    COMPONENT_CLASSES = {"reader--mention", "reader--cue", "reader--current"}

    def __init__(self, quote_id: int, include_rejected: bool = False) -> None:
        super().__init__()
        self.quote_id = quote_id
        self.include_rejected = include_rejected
        self.article: queries.Article | None = None
        self.quotes: list[Quote] = []
        self.current = 0
        self.colours: dict[str, int] = {}
        self.spans: list[tuple[int, int]] = []
        self._data_version = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Packed(id="legend", max_lines=3)
        yield VerticalScroll(id="article")
        yield Packed(id="reader-attribution")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.load()

    async def on_screen_resume(self) -> None:
        if self._data_version not in (-1, self.app.data_version):
            await self.load()

    async def reload(self) -> None:
        await self.load()

    async def load(self) -> None:
        """(Re)read the article and its quotes; stay on the current quote."""
        self._data_version = self.app.data_version
        db = self.app.db
        quote = queries.quote(db, self.quote_id)
        if quote is None:
            self.notify("That quote is no longer in the database", severity="warning")
            self.dismiss()
            return
        self.article = queries.article(db, quote.article_id)
        self.quotes = queries.article_quotes(db, quote.article_id,
                                             include_rejected=self.include_rejected or quote.not_quote)
        self.current = next((i for i, q in enumerate(self.quotes) if q.id == self.quote_id), 0)
        self.colours = {key: number for number, key in enumerate(speaker_order(self.quotes))}
        self.sub_title = clean(self.article.name + (f" — {self.article.title}" if self.article.title else ""),
                               one_line=True)
        self.spans = paragraphs(self.article.text)
        container = self.query_one("#article", VerticalScroll)
        await container.remove_children()
        await container.mount_all(Static(self.paragraph_text(number), classes="paragraph", id=f"p{number}")
                                  for number in range(len(self.spans)))
        self.query_one("#legend", Packed).update(self.legend())
        self.show_current()
        self.call_after_refresh(self.scroll_to_current)     # once the paragraphs have their heights

    def style_for(self, quote: Quote) -> Style:
        if quote.not_quote:
            return self.style_for_rejected()
        return speaker_style(self.colours.get(quote.speaker_key) if quote.speaker_key else None)

    def paragraph_text(self, number: int) -> Text:
        start, end = self.spans[number]
        assert self.article is not None
        text = Text(clean(self.article.text[start:end]), end="")
        for index, quote in enumerate(self.quotes):
            if quote.end <= start or quote.start >= end:
                continue
            style = self.style_for(quote) + Style.from_meta({"quote": index})
            if index == self.current:
                style += self.get_component_rich_style("reader--current", partial=True)
            text.stylize(style, max(quote.start, start) - start, min(quote.end, end) - start)
        if 0 <= self.current < len(self.quotes):
            quote = self.quotes[self.current]
            for (first, last), name in (((quote.speaker_start, quote.speaker_end), "reader--mention"),
                                        ((quote.cue_start, quote.cue_end), "reader--cue")):
                if first is not None and last is not None and first < end and last > start:
                    text.stylize(self.get_component_rich_style(name, partial=True),
                                 max(first, start) - start, min(last, end) - start)
        return text

    def legend(self) -> list[Text]:
        """One piece per speaker (name in its colour, quote count), then quotes without a speaker and
        those marked as not a quote; packed so that no name is broken across lines."""
        counts = Counter(q.speaker_key for q in self.quotes if not q.not_quote)
        names = {q.speaker_key: q.speaker for q in self.quotes if q.speaker_key}
        parts: list[Text] = []
        for key, number in self.colours.items():
            parts.append(Text.assemble(literal(f" {names[key]} ", speaker_style(number)), f" {counts[key]}", end=""))
        if counts.get(None):
            parts.append(Text.assemble(Text(" no speaker ", style=speaker_style(None)), f" {counts[None]}", end=""))
        rejected = sum(q.not_quote for q in self.quotes)
        if rejected:        # first: it says why the count is more than the table's
            parts.insert(0, Text.assemble(Text(" marked as not a quote ", style=self.style_for_rejected()),
                                       f" {rejected}", end=""))
        if not parts:
            return [Text("No quotes in this article", style="dim")]
        return parts

    @staticmethod
    def style_for_rejected() -> Style:
        return Style(strike=True, dim=True)

    def _paragraphs_of(self, quote: Quote) -> list[int]:
        return [n for n, (start, end) in enumerate(self.spans) if quote.start < end and quote.end > start
                or (quote.speaker_start is not None and quote.speaker_start < end and quote.speaker_end > start)
                or (quote.cue_start is not None and quote.cue_start < end and quote.cue_end > start)]

    def show_current(self) -> None:
        bar = self.query_one("#reader-attribution", Packed)
        if not self.quotes:
            bar.update(Text("No quotes in this article", style="dim"))
            return
        quote = self.quotes[self.current]
        self.quote_id = quote.id
        label = Style(bold=True)
        bar.update([Text(f"{self.current + 1}/{len(self.quotes)}", style="bold"),
                    *attribution_pieces(quote, Style(dim=True), label)])
        self.scroll_to_current()

    def scroll_to_current(self) -> None:
        """Bring the current quote's paragraphs (with its speaker mention and cue) into view."""
        if not self.quotes:
            return
        numbers = self._paragraphs_of(self.quotes[self.current])
        if numbers:
            widget = self.query_one(f"#p{numbers[0]}", Static)
            self.query_one("#article", VerticalScroll).scroll_to_center(widget, animate=False, immediate=True)

    def goto(self, index: int) -> None:
        if not self.quotes:
            return
        index = max(0, min(len(self.quotes) - 1, index))
        before = set(self._paragraphs_of(self.quotes[self.current]))
        self.current = index
        for number in before | set(self._paragraphs_of(self.quotes[index])):
            self.query_one(f"#p{number}", Static).update(self.paragraph_text(number))
        self.show_current()

    def on_click(self, event: events.Click) -> None:
        """A click on a quote makes it current (its spans carry the quote's index as meta)."""
        index = event.style.meta.get("quote") if event.style else None
        if isinstance(index, int):
            self.goto(index)

    def action_step(self, delta: int) -> None:
        if self.quotes:
            self.goto((self.current + delta) % len(self.quotes))

    def action_review(self) -> None:
        if self.quotes:
            self.app.review(self.quotes[self.current].id)

    def action_close(self) -> None:
        self.dismiss()

    @property
    def current_quote(self) -> Quote | None:
        return self.quotes[self.current] if self.quotes else None
