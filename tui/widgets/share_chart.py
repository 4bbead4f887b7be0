"""A horizontal bar chart of the top speakers' share of all quotes."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from quotes.queries import SpeakerEntry

from ..text import clean, fit

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int) -> str:
    """A bar of fraction × width cells drawn with eighth blocks."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def chart_text(speakers: list[SpeakerEntry], total: int, width: int, top: int, bar_style: Style,
               label_style: Style) -> Text:
    """One line per speaker: name, bar scaled to the largest share, percentage of all quotes."""
    lines = Text(end="")
    shown = speakers[:top]
    if not shown or total <= 0:
        return Text("No attributed quotes", style="dim")
    longest = max(cell_len(clean(speaker.name, one_line=True)) for speaker in shown)
    name_width = max(8, min(longest, width // 2))       # names whole unless the bars would be too short
    bar_width = max(4, width - name_width - 10)
    largest = shown[0].quotes / total
    for number, speaker in enumerate(shown):
        share = speaker.quotes / total
        if number:
            lines.append("\n")
        lines.append(fit(clean(speaker.name, one_line=True), name_width) + " ", label_style)
        drawn = bar(share / largest if largest else 0, bar_width)
        lines.append(drawn, bar_style)
        lines.append(" " * (bar_width - len(drawn)) + f" {share:6.1%}")
    return lines


class ShareChart(Static):
    """Top speakers by share of quotes; re-drawn on resize."""

    COMPONENT_CLASSES = {"share-chart--bar", "share-chart--label"}

    def __init__(self, top: int = 10, **kwargs) -> None:
        super().__init__(**kwargs)
        self.top = top
        self.speakers: list[SpeakerEntry] = []
        self.total = 0

    def show(self, speakers: list[SpeakerEntry], total: int) -> None:
        self.speakers, self.total = speakers, total
        self._draw()

    def _draw(self) -> None:
        width = self.scrollable_content_region.width or 60
        self.update(chart_text(self.speakers, self.total, width, self.top,
                               self.get_component_rich_style("share-chart--bar", partial=True),
                               self.get_component_rich_style("share-chart--label", partial=True)))

    def on_resize(self) -> None:
        if self.speakers:
            self._draw()
