"""Flask commands: `flask load-foods` and friends."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from tracker import backup as backups
from tracker.auth.cli import reset_link_command, two_step_off_command
from tracker.demo import demo_command
from tracker.extensions import db
from tracker.foods import operations as food_operations
from tracker.regimens.reminders import send_reminders_command


def register_commands(app: Flask) -> None:
    """Attach the project's commands to the app's CLI."""
    app.cli.add_command(demo_command)
    app.cli.add_command(reset_link_command)
    app.cli.add_command(two_step_off_command)
    app.cli.add_command(send_reminders_command)

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

    @app.cli.command("backup")
    @click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "--prune",
        type=click.IntRange(min=1),
        metavar="N",
        help="After the backup, delete all but the newest N backups in instance/backups/.",
    )
    def backup(path: Path | None, prune: int | None) -> None:
        """Copy the SQLite database to PATH (default: instance/backups/), never overwriting."""
        if path is not None and prune is not None:
            raise click.UsageError(
                "--prune tidies instance/backups/, where backups go when no PATH is given: "
                "leave out PATH to back up there and prune."
            )
        source = _sqlite_or_explain()
        folder = backups.backup_folder(Path(app.instance_path))
        target = path or backups.default_backup_path(Path(app.instance_path))
        try:
            summary = backups.backup_sqlite(source, target)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from error
        click.echo(
            f"Backed up {summary.users} users and {summary.food_entries} food entries "
            f"({summary.bytes / 1_000_000:.1f} MB) to {summary.path}"
        )
        if prune is None:
            return
        removed = backups.prune_backups(folder, prune)
        if not removed:
            click.echo(f"Nothing removed: {folder} holds {prune} backups or fewer.")
            return
        click.echo(f"Kept the newest {prune} backups in {folder}; removed {len(removed)}:")
        for old in removed:
            click.echo(f"  {old.name}")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore(path: Path, yes: bool) -> None:
        """Replace the SQLite database with a backup (the current one is kept beside it)."""
        live = _sqlite_or_explain()
        try:
            summary = backups.inspect_backup(path)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from error
        click.echo(
            f"{path} holds {summary.users} users and {summary.food_entries} food entries "
            f"(schema {summary.revision}). Stop the app before restoring."
        )
        if not yes:
            click.confirm(f"Replace everything in {live} with it?", abort=True)
        try:
            summary, safety = backups.restore_sqlite(path, live, db.engine)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Restored {path}. The database as it was before is saved as {safety}.")
        click.echo("Run `flask --app tracker db upgrade` if the backup is from an older version.")

    def _sqlite_or_explain() -> Path:
        try:
            path = backups.sqlite_file(db.engine)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from error
        if path is None:
            raise click.ClickException(backups.postgres_instructions(db.engine))
        return path
