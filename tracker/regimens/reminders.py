"""Reminder emails for planned doses: `flask --app tracker send-reminders`, run every few minutes.

Each run finds the planned doses of schedules with reminders on whose due instant (the
planned wall-clock time in the user's zone, as UTC: tracker.domain.regimens.due_at) fell
within the last hour and that nobody has marked yet; claims each by inserting a SentReminder
row (unique per schedule, day and time); and sends one email per person for the doses it
claimed. A claim another run made first fails on the unique key, so however often the
command runs, and in however many processes at once, each reminder goes out once. A message
the mail server refuses gives its claims back for the next run; a crash between sending and
recording can lose a reminder, never send it twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import click
from flask import render_template
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from tracker import mail
from tracker.domain.regimens import doses_on, due_at, units_text
from tracker.extensions import db
from tracker.formatting import clock, counted, long_date
from tracker.localtime import user_zone
from tracker.models import DoseConfirmation, Schedule, SentReminder, User, utcnow
from tracker.regimens.operations import schedule_versions, version_on
from tracker.urls import external_url

# A reminder more than this late is not sent: the dose is on the day's page anyway.
DEFAULT_CATCH_UP_MINUTES = 60
MAX_CATCH_UP_MINUTES = 24 * 60


@dataclass(frozen=True)
class DueDose:
    """A planned dose whose reminder is due."""

    schedule_id: int
    name: str
    units: str
    day: date
    planned_time: time
    due: datetime  # UTC

    @property
    def key(self) -> tuple[int, date, time]:
        return (self.schedule_id, self.day, self.planned_time)


@dataclass
class ReminderRun:
    """What one run did."""

    emails: int = 0
    doses: int = 0
    failed: int = 0


def _due_for(schedule: Schedule, user: User, since: datetime, now: datetime) -> list[DueDose]:
    zone = user_zone(user)
    versions = schedule_versions(schedule)
    found = []
    day = since.astimezone(zone).date()
    while day <= now.astimezone(zone).date():
        for at in doses_on(versions, day):
            due = due_at(day, at, zone)
            if since < due <= now:
                units = units_text(version_on(schedule, day).units_text)
                found.append(DueDose(schedule.id, schedule.name, units, day, at, due))
        day += timedelta(days=1)
    return found


def _already_handled(doses: list[DueDose]) -> set[tuple[int, date, time]]:
    """The doses marked taken or skipped, or reminded of already."""
    ids = {dose.schedule_id for dose in doses}
    days = {dose.day for dose in doses}
    handled: set[tuple[int, date, time]] = set()
    for model in (DoseConfirmation, SentReminder):
        rows = db.session.execute(
            db.select(model.schedule_id, model.day, model.planned_time).where(
                model.schedule_id.in_(ids), model.day.in_(days)
            )
        )
        handled.update((schedule_id, day, at) for schedule_id, day, at in rows)
    return handled


def due_reminders(now: datetime, catch_up: timedelta) -> list[tuple[User, list[DueDose]]]:
    """Per person, the planned doses with reminders on that fell due from `now - catch_up` to
    `now` and are neither marked nor reminded of."""
    since = now - catch_up
    rows = db.session.execute(
        db.select(Schedule, User)
        .join(User, User.id == Schedule.user_id)
        .where(Schedule.reminders.is_(True))
        .options(selectinload(Schedule.plans))
        .order_by(Schedule.user_id, Schedule.id)
    ).all()
    by_user: dict[int, tuple[User, list[DueDose]]] = {}
    for schedule, user in rows:
        doses = _due_for(schedule, user, since, now)
        if doses:
            by_user.setdefault(user.id, (user, []))[1].extend(doses)
    if not by_user:
        return []
    handled = _already_handled([dose for _, doses in by_user.values() for dose in doses])
    due = []
    for user, doses in by_user.values():
        waiting = sorted(
            (dose for dose in doses if dose.key not in handled),
            key=lambda dose: (dose.due, dose.name.casefold()),
        )
        if waiting:
            due.append((user, waiting))
    return due


def _claim(doses: Iterable[DueDose], now: datetime) -> list[SentReminder]:
    """Insert a claim for each dose; the ones another run claimed first are left out."""
    claims = []
    for dose in doses:
        claim = SentReminder(
            schedule_id=dose.schedule_id,
            day=dose.day,
            planned_time=dose.planned_time,
            due_at=dose.due,
            claimed_at=now,
        )
        db.session.add(claim)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # another run has it: that run sends it
            continue
        claims.append(claim)
    return claims


def _message(user: User, doses: list[DueDose]) -> tuple[str, str]:
    first = doses[0]
    subject = (
        f"Reminder: {first.name} at {clock(first.planned_time)}"
        if len(doses) == 1
        else f"Reminder: {counted(len(doses), 'planned dose')} from {clock(first.planned_time)}"
    )
    text = render_template(
        "regimens/email/reminder.txt",
        doses=doses,
        days={dose.day for dose in doses},
        long_date=long_date,
        clock=clock,
        day_urls={
            dose.day: external_url("diary.day_page", day=dose.day) + "#planned-doses"
            for dose in doses
        },
        regimen_url=external_url("regimens.regimen"),
        home_url=external_url("pages.home"),
    )
    return subject, text


def send_due_reminders(
    now: datetime | None = None, catch_up: timedelta = timedelta(minutes=DEFAULT_CATCH_UP_MINUTES)
) -> ReminderRun:
    """Send the reminders due now, each once (see the module's docstring)."""
    now = (now or utcnow()).astimezone(UTC)
    run = ReminderRun()
    for user, doses in due_reminders(now, catch_up):
        claims = _claim(doses, now)
        claimed = {(claim.schedule_id, claim.day, claim.planned_time) for claim in claims}
        mine = [dose for dose in doses if dose.key in claimed]
        if not mine:
            continue
        subject, text = _message(user, mine)
        if mail.send(user.email, subject, text):
            for claim in claims:
                claim.sent_at = utcnow()
            run.emails += 1
            run.doses += len(mine)
        else:
            # Not sent: give the claims back, so that the next run tries again.
            for claim in claims:
                db.session.delete(claim)
            run.failed += 1
        db.session.commit()
    return run


@click.command("send-reminders")
@click.option(
    "--catch-up",
    "catch_up",
    type=click.IntRange(1, MAX_CATCH_UP_MINUTES),
    default=DEFAULT_CATCH_UP_MINUTES,
    show_default=True,
    metavar="MINUTES",
    help="Send reminders that fell due up to this many minutes ago (after a pause).",
)
@click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"]),
    default=None,
    help="Act as if it were this time (with its offset, e.g. 2026-03-09T07:05+00:00): "
    "to try a set-up.",
)
@with_appcontext
def send_reminders_command(catch_up: int, now: datetime | None) -> None:
    """Email the reminders of planned doses that are due (run it every few minutes)."""
    run = send_due_reminders(now, timedelta(minutes=catch_up))
    click.echo(
        f"Sent {counted(run.emails, 'reminder email')} for {counted(run.doses, 'planned dose')}."
    )
    if run.failed:
        raise click.ClickException(
            f"{counted(run.failed, 'email')} could not be sent (see the log); the next run "
            "tries again."
        )
