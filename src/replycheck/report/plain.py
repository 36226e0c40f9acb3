"""Just enough of rich's Text, Table and Console for the terminal report without colour.

Piped or redirected output (pre-commit hooks, CI logs, files) needs no styling, and importing and driving
rich costs a single-draft check about a tenth of its start-up (issue 5). Widths follow East Asian rules:
a Chinese character takes two columns.
"""

from __future__ import annotations

import io
import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


class Text:
    def __init__(self, text: str = "", style: str | None = None) -> None:
        self.plain = text
        self.overflow = "fold"

    def append(self, text: str, style: str | None = None) -> "Text":
        self.plain += text
        return self

    def __add__(self, other: "Text") -> "Text":
        return Text(self.plain + other.plain)

    def rstrip(self) -> None:
        self.plain = self.plain.rstrip()

    def wrap(self, console, columns: int, overflow: str = "fold") -> list["Text"]:
        """Fold at ``columns`` display columns (Chinese has no spaces to break at), and at line breaks."""
        lines: list[Text] = []
        for part in self.plain.split("\n"):
            current, used = "", 0
            for ch in part:
                w = width(ch)
                if used + w > columns and current:
                    lines.append(Text(current))
                    current, used = "", 0
                current += ch
                used += w
            lines.append(Text(current))
        return lines

    def __str__(self) -> str:
        return self.plain


class Table:
    def __init__(self, *args, **kwargs) -> None:
        self.columns: list[tuple[str, str]] = []
        self.rows: list[tuple[str, ...]] = []

    def add_column(self, header: str, style: str | None = None, justify: str = "left", **kwargs) -> None:
        self.columns.append((header, justify))

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)

    def lines(self) -> list[str]:
        table = [tuple(h for h, _ in self.columns), *self.rows]
        widths = [max(width(row[i]) for row in table) for i in range(len(self.columns))]
        out = []
        for row in table:
            cells = []
            for (_, justify), cell, w in zip(self.columns, row, widths):
                pad = " " * (w - width(cell))
                cells.append(pad + cell if justify == "right" else cell + pad)
            out.append("  ".join(cells).rstrip())
        return out


class Console:
    def __init__(self, width: int = 100) -> None:
        self.file = io.StringIO()
        self.width = width

    def print(self, renderable: "Text | Table | str" = "", **kwargs) -> None:
        if isinstance(renderable, Table):
            for line in renderable.lines():
                self.file.write(line + "\n")
        else:
            self.file.write(str(renderable) + "\n")
