"""Untrusted text (articles, quotes, names) made safe to display.

Everything from the database is shown literally: it goes into ``rich.text.Text``
or ``textual.content.Content`` objects, never through markup, and control
characters are swapped one for one with visible stand-ins (so character offsets
into the article still hold): ESC shows as ``␛``, BEL as ``␇``. Terminal
escape sequences therefore never reach the terminal, and ``[bold]`` is just text.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text

_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)}   # Unicode control pictures
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
# Bidirectional overrides and isolates could reorder what a terminal shows.
_VISIBLE.update({code: "\ufffd" for code in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_MULTILINE = {**_VISIBLE, ord("\n"): "\n", ord("\t"): " ", ord("\r"): " "}
_ONE_LINE = {**_VISIBLE, ord("\n"): " ", ord("\t"): " ", ord("\r"): " "}


def clean(text: str | None, *, one_line: bool = False) -> str:
    """Text with control characters made visible, same length as the input."""
    if not text:
        return ""
    return text.translate(_ONE_LINE if one_line else _MULTILINE)


def literal(text: str | None, style: str | Style = "", *, one_line: bool = True) -> Text:
    """A Rich Text that shows text exactly as it is (no markup, no control codes)."""
    return Text(clean(text, one_line=one_line), style=style, end="")


def fit(text: str, width: int) -> str:
    """Text cut (with an ellipsis) or padded to exactly width cells."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


# Backgrounds readable with black text on both light and dark themes.
SPEAKER_COLOURS = ("#f4a261", "#8ecae6", "#b5e48c", "#ffb4a2", "#cdb4db", "#ffd166", "#90e0ef", "#e9c46a",
                   "#a8dadc", "#f7aef8", "#c3e88d", "#ffcad4")
UNATTRIBUTED_COLOUR = "#c0c0c0"


def speaker_style(index: int | None) -> Style:
    """The highlight of the index-th speaker of an article (None: no speaker)."""
    colour = UNATTRIBUTED_COLOUR if index is None else SPEAKER_COLOURS[index % len(SPEAKER_COLOURS)]
    return Style(color="black", bgcolor=colour)


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 quote`, `2 quotes`, `1,200 quotes`."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def pack(pieces: list[Text], width: int, gap: int = 2) -> Text:
    """Pieces (a legend's names, an attribution's fields) in lines of at most ``width`` cells, broken
    between pieces and never inside one; a piece wider than a line is cut with an ellipsis."""
    lines: list[Text] = []
    line = Text(end="")
    for piece in pieces:
        if width > 0 and piece.cell_len > width:
            piece = piece.copy()
            piece.truncate(width - 1)
            piece.append("…")
        if line.cell_len and line.cell_len + gap + piece.cell_len > width:
            lines.append(line)
            line = Text(end="")
        if line.cell_len:
            line.append(" " * gap)
        line.append_text(piece)
    lines.append(line)
    return Text("\n", end="").join(lines)
