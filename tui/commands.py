"""Command palette (Ctrl+P): the app's actions, plus every speaker and article to jump to."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Callable

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from quotes import queries
from quotes.attribution.classes import CLASSES, SPEECH_LIKE

from .data import connect
from .screens.classes import EXAMPLES
from .text import clean, plural

MAX_CANDIDATES = 3_000


def highlighted(matcher: Matcher, text: str) -> Content:
    """The text, literally (never as markup), with the matched letters styled."""
    content = Content(clean(text, one_line=True))
    score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    for offset in offsets if score else ():
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _load(db_path) -> tuple[list[queries.SpeakerEntry], list[queries.ArticleEntry]]:
    conn = connect(db_path)
    try:
        return queries.leaderboard(conn)[:MAX_CANDIDATES], queries.articles(conn)[:MAX_CANDIDATES]
    finally:
        conn.close()


class QuotesCommands(Provider):
    """Views, filters (kind, classes), export, review, theme; `Speaker: …` and `Article: …` filter the quotes.

    Hit prompts are built as Content (literal text). The palette parses `help` as markup, so
    nothing from the database goes there.
    """

    async def startup(self) -> None:
        self.speakers: list[queries.SpeakerEntry] = []
        self.articles: list[queries.ArticleEntry] = []
        try:
            self.speakers, self.articles = await asyncio.to_thread(_load, self.app.db_path)
        except Exception as error:  # the palette must open even if the database is busy
            self.app.log.error(f"command palette: {error}")

    def actions(self) -> list[tuple[str, str, Callable]]:
        app = self.app
        return [
            ("Quotes view", "The table of quotes with search and filters", partial(app.switch_to, "quotes")),
            ("Speakers view", "The speaker leaderboard and chart", partial(app.switch_to, "speakers")),
            ("Search quotes", "Focus the search box", partial(app.quotes_action, "focus_search")),
            ("Filter by speaker…", "Pick a speaker", partial(app.quotes_action, "pick_speaker")),
            ("Filter by article…", "Pick an article", partial(app.quotes_action, "pick_article")),
            ("Kind: direct quotes only", "Filter by kind", partial(app.filter_kind, "direct")),
            ("Kind: mixed quotes only", "Filter by kind", partial(app.filter_kind, "mixed")),
            ("Kind: indirect (reported) speech only", "Filter by kind", partial(app.filter_kind, "indirect")),
            ("Kind: any", "Remove the kind filter", partial(app.filter_kind, None)),
            ("Classes: choose…", "Check any set of cue classes (V)", partial(app.quotes_action, "pick_classes")),
            ("Classes: speech-like (the default)", "Speech, writing and documents (v)",
             partial(app.filter_classes, SPEECH_LIKE)),
            ("Classes: all", "Also thoughts and intentions (v)", partial(app.filter_classes, ())),
            *[(f"Class: {name} only", f"Cues like {EXAMPLES[name]}", partial(app.filter_classes, (name,)))
              for name in CLASSES],
            ("Clear filters", "Search, speaker, article and kind", partial(app.quotes_action, "clear_filters")),
            ("Show or hide quotes marked as not a quote", "Reviewed as not a quote (x)",
             partial(app.quotes_action, "toggle_rejected")),
            ("Export view to CSV…", "The quotes in view, dump columns", partial(app.quotes_action, "export")),
            ("Review selected quote…", "Change speaker or cue, or mark as not a quote",
             partial(app.quotes_action, "review")),
            ("Open selected quote in the reader", "The article with every quote highlighted",
             partial(app.quotes_action, "read")),
            ("Toggle light/dark theme", "Switch between textual-light and textual-dark", app.action_toggle_dark),
            ("Keys", "The help screen", app.action_help),
            ("Save screenshot", "An SVG of the screen in ~/quotes-exports", app.action_screenshot),
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self.actions():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.actions():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=help_text)
        for entry in self.speakers:
            text = f"Speaker: {entry.name}"
            if (score := matcher.match(text)) > 0:
                yield Hit(score * 0.9, highlighted(matcher, text), partial(self.app.show_speaker, entry.key,
                                                                           entry.name),
                          text=text, help=f"{plural(entry.quotes, 'quote')}: show them")
        for article in self.articles:
            text = f"Article: {article.name}"
            if (score := matcher.match(text)) > 0:
                yield Hit(score * 0.8, highlighted(matcher, text),
                          partial(self.app.show_article, article.id, article.name), text=text,
                          help=f"{plural(article.quotes, 'quote')}: show them")
