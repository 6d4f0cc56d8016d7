"""Flask commands: `flask load-foods` and friends."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from tracker.foods import operations as food_operations


def register_commands(app: Flask) -> None:
    """Attach the project's commands to the app's CLI."""

    @app.cli.command("load-foods")
    @click.option(
        "--file",
        "path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=food_operations.USDA_DATA_FILE,
        show_default=True,
        help="A generated food data file (JSON lines).",
    )
    @click.option("--force", is_flag=True, help="Load even if this file is already loaded.")
    def load_foods(path: Path, force: bool) -> None:
        """Load the USDA food database (safe to run again; keeps users' logs)."""
        result = food_operations.load_usda_foods(path, force=force)
        if not result.loaded:
            click.echo(f"Food database already up to date ({path.name}).")
            return
        click.echo(
            f"Loaded {result.inserted} new and {result.updated} updated foods, "
            f"{result.portions} portions, from {path.name}."
        )
