"""A line of pieces (legend entries, attribution fields) that wraps between pieces, never inside one."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ..text import pack


class Packed(Widget):
    """Shows ``pieces`` packed to the widget's width (see ``tui.text.pack``); re-packed on resize."""

    DEFAULT_CSS = "Packed { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.pieces: list[Text] = []

    def update(self, pieces: list[Text] | Text) -> None:
        self.pieces = [pieces] if isinstance(pieces, Text) else list(pieces)
        self.refresh(layout=True)

    def text(self, width: int | None = None) -> Text:
        return pack(self.pieces, self.content_size.width if width is None else width)

    def render(self) -> Text:
        return self.text()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.text(width).plain.split("\n"))
