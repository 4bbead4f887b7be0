"""A line of pieces (legend entries, attribution fields) that wraps between pieces, never inside one."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ..text import pack


class Packed(Widget):
    """Shows ``pieces`` packed to the widget's width (see ``tui.text.pack``); re-packed on resize."""

    DEFAULT_CSS = "Packed { height: auto; }"

    def __init__(self, *, max_lines: int | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.pieces: list[Text] = []
        self.max_lines = max_lines

    def update(self, pieces: list[Text] | Text) -> None:
        self.pieces = [pieces] if isinstance(pieces, Text) else list(pieces)
        self.refresh(layout=True)

    def text(self, width: int | None = None) -> Text:
        """The pieces packed to ``width``; past ``max_lines``, the last line says how many are left out."""
        width = self.content_size.width if width is None else width
        packed = pack(self.pieces, width)
        if self.max_lines is None or packed.plain.count("\n") < self.max_lines:
            return packed
        for shown in range(len(self.pieces) - 1, -1, -1):
            packed = pack([*self.pieces[:shown], Text(f"+{len(self.pieces) - shown} more", style="dim")], width)
            if packed.plain.count("\n") < self.max_lines:
                break
        return packed

    def render(self) -> Text:
        return self.text()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.text(width).plain.split("\n"))
