"""Reminder emails (`flask send-reminders`): due in UTC from the user's zone (DST included),
each sent once however often the command runs, in two processes at once too, read back from
a real SMTP server on loopback and from the embedded default's .eml files."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from tests import mail_server
from tests.account_helpers import eml_files, read_eml
from tests.databases import database_url_for_tests
from tests.helpers import login, make_user
from tests.servers import REPO
from tracker.extensions import db
from tracker.models import Schedule, SentReminder, User
from tracker.regimens import reminders

mailbox = mail_server.mailbox  # a fixture

ZONE = "America/New_York"
START = date(2026, 3, 1)
MONDAY = date(2026, 3, 9)  # EDT (UTC-4) since 8 March: 07:00 there is 11:00 UTC
AT_0705 = "2026-03-09T11:05+00:00"


def _planner(app, email: str, timezone: str = ZONE):
    make_user(app, email, timezone=timezone)
    client = app.test_client()
    login(client, email)
    return client


def _plan(client, *, item="medicine-alendronate", reminders_on=True, **fields) -> None:
    data = {
        "item": item,
        "pattern": "daily",
        "start_day": START.isoformat(),
        "time_1": "07:00",
        "units": "1",
        **({"reminders": "y"} if reminders_on else {}),
        **fields,
    }
    response = client.post("/regimen", data=data)
    assert response.status_code == 302, response.text


def _send(runner, now: str, *options: str):
    return runner.invoke(args=["send-reminders", "--now", now, *options])


def test_run_twice_one_message_over_smtp(app, runner, mailbox):
    client = _planner(app, "ada@example.org")
    _plan(client)
    _plan(client, item="medicine-doxycycline", time_1="07:00")
    _plan(client, item="medicine-risedronate", reminders_on=False)
    first = _send(runner, AT_0705)
    assert first.exit_code == 0, first.output
    assert "Sent 1 reminder email for 2 planned doses." in first.output
    second = _send(runner, AT_0705)
    assert "Sent 0 reminder emails for 0 planned doses." in second.output
    later = _send(runner, "2026-03-09T11:50+00:00")  # within the catch-up hour still
    assert "Sent 0 reminder emails" in later.output
    [message] = mailbox.wait_for(1)
    assert len(mailbox.messages) == 1
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == "Reminder: 2 planned doses from 07:00"
    text = mailbox.text(message)
    assert "Planned for Monday 9 March 2026:" in text
    assert "07:00  Alendronate, 1 unit" in text
    assert "07:00  Doxycycline, 1 unit" in text
    assert "Risedronate" not in text  # its reminders are off
    public = app.config["PUBLIC_URL"]
    assert f"{public}/day/2026-03-09#planned-doses" in text
    assert f"{public}/regimen" in text
    # What the user planned, nothing more: no amount, no advice on what to take.
    assert " mg" not in text
    assert "it is not advice on what to take" in text


def test_each_planned_time_once_a_day(app, runner, mailbox):
    client = _planner(app, "ada@example.org")
    add = client.post(
        "/day/2026-03-01/supplements",
        data={
            "supplement-name": "Magnesium glycinate",
            "supplement-form": "glycinate",
            "supplement-magnesium_per_unit": "120",
            "supplement-units": "1",
        },
    )
    assert add.status_code == 302
    page = client.get("/regimen").text
    product = page.split('value="product-', 1)[1].split('"', 1)[0]
    _plan(client, item=f"product-{product}", time_1="08:00", time_2="21:30", units="2")
    for now in (
        "2026-03-09T12:01+00:00",
        "2026-03-09T12:02+00:00",
        "2026-03-10T01:31+00:00",
        "2026-03-10T01:45+00:00",
        "2026-03-10T12:01+00:00",
    ):
        assert _send(runner, now).exit_code == 0
    messages = mailbox.wait_for(3)
    assert len(mailbox.messages) == 3
    assert [m["Subject"] for m in messages] == [
        "Reminder: Magnesium glycinate at 08:00",
        "Reminder: Magnesium glycinate at 21:30",
        "Reminder: Magnesium glycinate at 08:00",
    ]
    assert "21:30  Magnesium glycinate, 2 units" in mailbox.text(messages[1])


def test_a_dose_already_marked_gets_no_reminder(app, runner, mailbox):
    client = _planner(app, "ada@example.org")
    _plan(client)
    with app.app_context():
        schedule_id = db.session.execute(db.select(Schedule.id)).scalar_one()
    marked = client.post(
        f"/day/2026-03-09/regimen/{schedule_id}", data={"time": "07:00", "status": "skipped"}
    )
    assert marked.status_code == 302
    assert "Sent 0 reminder emails" in _send(runner, AT_0705).output
    assert mailbox.messages == []


def test_too_late_is_not_sent_unless_asked_to_catch_up(app, runner, mailbox):
    client = _planner(app, "ada@example.org")
    _plan(client)
    assert "Sent 0" in _send(runner, "2026-03-09T12:30+00:00").output  # 90 minutes late
    assert "Sent 1" in _send(runner, "2026-03-09T12:30+00:00", "--catch-up", "120").output
    assert len(mailbox.wait_for(1)) == 1
    before = _send(runner, "2026-03-09T10:59+00:00")  # a minute early: next day's is not due
    assert "Sent 0" in before.output


@pytest.mark.parametrize(
    ("at", "too_early", "due"),
    [
        # 02:30 is skipped by New York's clocks on 8 March: due when it would have been.
        ("02:30", "2026-03-08T07:29+00:00", "2026-03-08T07:31+00:00"),
        # 01:30 is on the clock twice on 1 November: the first time, once.
        ("01:30", "2026-11-01T05:29+00:00", "2026-11-01T05:31+00:00"),
    ],
)
def test_due_in_utc_from_the_users_zone_across_clock_changes(
    app, runner, mailbox, at, too_early, due
):
    client = _planner(app, "ada@example.org")
    _plan(client, time_1=at)
    assert "Sent 0" in _send(runner, too_early).output
    assert "Sent 1" in _send(runner, due).output
    # An hour later the clock shows the time again (autumn) or has moved on: not again.
    an_hour_on = (datetime.fromisoformat(due) + timedelta(hours=1)).isoformat()
    assert "Sent 0" in _send(runner, an_hour_on).output
    assert len(mailbox.wait_for(1)) == 1


def test_the_embedded_default_writes_one_eml_for_one_reminder(app, runner):
    client = _planner(app, "ada@example.org", timezone="Europe/London")
    _plan(client, time_1="07:00")
    before = set(eml_files(app))
    for _ in range(3):
        assert _send(runner, "2026-03-09T07:01+00:00").exit_code == 0
    new = [path for path in eml_files(app) if path not in before]
    assert len(new) == 1
    message = read_eml(new[0])
    assert message["Subject"] == "Reminder: Alendronate at 07:00"
    assert "07:00  Alendronate, 1 unit" in mail_server.Inbox.text(message)


def test_a_refused_message_is_tried_again_by_the_next_run(app, runner, mailbox):
    client = _planner(app, "ada@example.org")
    _plan(client)
    working_port = app.extensions["mailman"].port
    app.extensions["mailman"].port = 9  # discard: nothing listens
    failed = _send(runner, AT_0705)
    assert failed.exit_code == 1
    assert "1 email could not be sent" in failed.output
    with app.app_context():
        assert db.session.execute(db.select(SentReminder)).first() is None
    app.extensions["mailman"].port = working_port
    assert "Sent 1" in _send(runner, AT_0705).output
    assert len(mailbox.wait_for(1)) == 1
    with app.app_context():
        [claim] = db.session.execute(db.select(SentReminder)).scalars()
        assert claim.due_at == datetime(2026, 3, 9, 11, 0, tzinfo=UTC)
        assert claim.sent_at is not None


def test_two_processes_at_once_send_each_reminder_once(app, mailbox, tmp_path):
    users = [f"person{number}@example.org" for number in range(12)]
    for email in users:
        _plan(_planner(app, email), time_1="07:00")
    with app.app_context():
        db.session.remove()
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": database_url_for_tests(),
        "TRACKER_INSTANCE_PATH": str(tmp_path),
        "TRACKER_SECRET_KEY": "reminders-test",
        "TRACKER_MAIL_SERVER": "127.0.0.1",
        "TRACKER_MAIL_PORT": str(app.extensions["mailman"].port),
        "TRACKER_MAIL_TLS": "off",
        "TRACKER_PUBLIC_URL": "https://tracker.example.org",
    }
    command = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "tracker",
        "send-reminders",
        "--now",
        AT_0705,
    ]
    runs = [
        subprocess.Popen(
            command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    # Both have finished: every message either sent is in the inbox now.
    assert sorted(m["To"] for m in mailbox.messages) == sorted(users), outputs
    assert sum(int(out.split("Sent ", 1)[1].split(" ", 1)[0]) for out in outputs) == len(users)
    assert all(
        "https://tracker.example.org/day/2026-03-09" in mailbox.text(m) for m in mailbox.messages
    )


def test_due_reminders_reads_only_schedules_with_reminders_on(app):
    client = _planner(app, "ada@example.org")
    _plan(client, reminders_on=False)
    with app.app_context():
        now = datetime(2026, 3, 9, 11, 5, tzinfo=UTC)
        assert reminders.due_reminders(now, timedelta(hours=1)) == []
        user = db.session.execute(db.select(User)).scalar_one()
        assert user.timezone == ZONE
