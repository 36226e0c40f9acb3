"""The start-up baseline: a one-command typer app that reads its files and prints one line per file."""

from pathlib import Path
from typing import List

import typer

app = typer.Typer()


@app.command()
def main(paths: List[Path], fmt: str = typer.Option("rich", "--format")) -> None:
    for path in paths:
        typer.echo(f"{path}: {len(path.read_bytes())} bytes ({fmt})")


if __name__ == "__main__":
    app()
