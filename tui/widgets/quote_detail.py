"""The detail pane: a quote in its paragraph, with its speaker mention and cue, and who said it."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from quotes.queries import Quote, context_span

from ..text import clean, literal
from .packed import Packed


def attribution_pieces(quote: Quote, label: Style, value: Style) -> list[Text]:
    """`speaker Name (type)`, `mention “He”`, `cue said (say)`, `kind direct`, ...: each a label and its
    value, all literal, to be laid out so that a line never breaks inside one (``tui.text.pack``)."""
    speaker: list[Text] = [literal("speaker ", label)]
    if quote.speaker:
        speaker.append(literal(quote.speaker, value))
        kind = quote.speaker_type or "unknown"
        if quote.speaker_anonymous and kind != "anonymous":
            kind += ", anonymous"
        speaker.append(literal(f" ({kind})"))
    else:
        speaker.append(literal("none"))
    pieces = [Text.assemble(*speaker, end="")]
    if quote.speaker_mention:
        pieces.append(Text.assemble(literal("mention ", label), literal(f"“{quote.speaker_mention}”"), end=""))
    cue = [literal("cue ", label), literal(quote.cue, value) if quote.cue else literal("none")]
    if quote.cue_lemma and quote.cue and quote.cue_lemma != quote.cue.lower():
        cue.append(literal(f" ({quote.cue_lemma})"))
    pieces.append(Text.assemble(*cue, end=""))
    pieces.append(Text.assemble(literal("kind ", label), literal(quote.kind), end=""))
    if quote.not_quote:
        pieces.append(literal("marked as not a quote", label))
    elif quote.corrected:
        pieces.append(literal("corrected", label))
    return pieces


def attribution_line(quote: Quote, label: Style, value: Style) -> Text:
    """`speaker Name (type)  mention “He”  cue said (say)  kind direct  article`, all literal."""
    return Text("  ", end="").join(attribution_pieces(quote, label, value))


def context_text(quote: Quote, article_text: str, quote_style: Style, mention_style: Style,
                 cue_style: Style) -> Text:
    """The paragraph(s) around a quote with the quote, its speaker mention and its cue highlighted."""
    start, end = context_span(quote, article_text)
    body = Text(clean(article_text[start:end]), end="")
    body.stylize(quote_style, quote.start - start, quote.end - start)
    if quote.speaker_start is not None and quote.speaker_end is not None:
        body.stylize(mention_style, quote.speaker_start - start, quote.speaker_end - start)
    if quote.cue_start is not None and quote.cue_end is not None:
        body.stylize(cue_style, quote.cue_start - start, quote.cue_end - start)
    return body


class QuoteDetail(VerticalScroll, can_focus=False):
    """The selected quote in context."""

    COMPONENT_CLASSES = {"quote-detail--quote", "quote-detail--mention", "quote-detail--cue",
                         "quote-detail--label", "quote-detail--value"}

    def compose(self) -> ComposeResult:
        yield Packed(id="attribution")
        yield Static(id="context")

    def style_of(self, name: str) -> Style:
        # Labels use a translucent colour ($text-muted): only the full style blends it with the background.
        return self.get_component_rich_style(f"quote-detail--{name}", partial=name != "label")

    def show(self, quote: Quote | None, article_text: str = "") -> None:
        attribution = self.query_one("#attribution", Packed)
        context = self.query_one("#context", Static)
        if quote is None:
            attribution.update(Text("No quote selected", style="dim"))
            context.update("")
            return
        attribution.update(attribution_pieces(quote, self.style_of("label"), self.style_of("value")))
        context.update(context_text(quote, article_text, self.style_of("quote"), self.style_of("mention"),
                                    self.style_of("cue")))
        self.scroll_home(animate=False)
