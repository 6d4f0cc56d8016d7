"""Operator commands for accounts, for installs where mail does not reach people."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from tracker.auth import operations, tokens, two_step
from tracker.urls import external_url


def _account(email: str):
    user = operations.user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    return user


@click.command("reset-link")
@click.argument("email")
@with_appcontext
def reset_link_command(email: str) -> None:
    """Print a one-time password reset link for the account with EMAIL (valid for an hour)."""
    user = _account(email)
    token = tokens.for_account(user, tokens.Purpose.PASSWORD_RESET)
    click.echo(external_url("auth.reset_password", token=token))
    click.echo(
        "Give it to the account's owner only. It works once, for one hour"
        + (", and asks for a two-step code too." if user.two_step_enabled else ".")
    )


@click.command("two-step-off")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def two_step_off_command(email: str, yes: bool) -> None:
    """Turn two-step login off for EMAIL (its owner lost the phone and the recovery codes)."""
    user = _account(email)
    if not user.two_step_enabled:
        click.echo(f"Two-step login is already off for {user.email}.")
        return
    if not yes:
        click.confirm(
            f"Turn two-step login off for {user.email}? Do this only once you are sure the "
            "request comes from the account's owner.",
            abort=True,
        )
    two_step.turn_off(user)
    click.echo(f"Two-step login is off for {user.email}; they can log in with the password.")
