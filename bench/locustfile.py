"""Simulated diary users for the load test (locust). Driven by bench/run_load.py.

Each user logs in once (one scrypt check, ~0.3 s of server CPU), then, with a think time
between actions: types a search (the typeahead's requests), adds an entry (then loads the
day page it is sent back to), opens a day page, and opens the week page when the app has one.
Every entry the server acknowledges (302) is counted per user, and every one attempted, so
run_load.py can check afterwards that acknowledged <= stored <= attempted for each user: no
lost writes, no duplicates (a request cut off when the run stops may be stored unacknowledged).

Standalone use needs users seeded by run_load.py (load0@example.org ...):
    locust -f bench/locustfile.py --headless -u 10 -r 10 --run-time 20s --host http://127.0.0.1:PORT
"""

from __future__ import annotations

import itertools
import random
import re
import threading
from collections import Counter
from datetime import date, timedelta

from locust import FastHttpUser, between, task

PASSWORD = "load test passphrase 2024"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# What people type into the search box, one prefix at a time (the typeahead asks per key).
SEARCHES = ["spinach", "almonds", "banana", "black beans", "oatmeal", "yogurt", "salmon",
            "dark chocolate", "pumpkin seeds", "brown rice", "avocado", "milk", "tofu"]  # fmt: skip
FIRST_DAY = date(2024, 3, 1)

# Shared by every simulated user in this process.
next_user = itertools.count()
user_offset = 0
acknowledged: Counter = Counter()
attempted: Counter = Counter()
logged_in: set[str] = set()
_lock = threading.Lock()


class DiaryUser(FastHttpUser):
    wait_time = between(0.5, 2.0)
    has_week_page = True

    def on_start(self) -> None:
        self.email = f"load{user_offset + next(next_user)}@example.org"
        page = self.client.get("/login", name="GET /login").text
        response = self.client.post(
            "/login",
            data={"email": self.email, "password": PASSWORD, "csrf_token": _token(page)},
            name="POST /login (scrypt)",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login as {self.email}: {response.status_code}")
        day_page = self.client.get(f"/day/{FIRST_DAY.isoformat()}", name="GET /day/[day]").text
        self.token = _token(day_page)
        self.food_ids: list[str] = []
        with _lock:
            logged_in.add(self.email)

    def _day(self) -> date:
        return FIRST_DAY + timedelta(days=random.randrange(7))

    @task(4)
    def search(self) -> None:
        word = random.choice(SEARCHES)
        for length in range(3, len(word) + 1, 2):
            response = self.client.get(
                "/api/foods", params={"q": word[:length], "limit": 8}, name="GET /api/foods"
            )
        found = [food["id"] for food in response.json().get("results", [])]
        self.food_ids = found or self.food_ids

    @task(3)
    def add_entry(self) -> None:
        if not self.food_ids:
            self.search()
        day = self._day()
        with _lock:
            attempted[self.email] += 1
        with self.client.post(
            f"/day/{day.isoformat()}/entries",
            data={
                "food_id": random.choice(self.food_ids),
                "portion": "g",
                "quantity": str(random.randint(10, 250)),
                "meal": random.choice(["", "breakfast", "lunch", "dinner", "snack"]),
                "time": "",
                "csrf_token": self.token,
            },
            name="POST /day/[day]/entries",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
                with _lock:
                    acknowledged[self.email] += 1
            else:
                response.failure(f"add entry: HTTP {response.status_code}")
                return
        self.client.get(f"/day/{day.isoformat()}", name="GET /day/[day]")

    @task(2)
    def open_day(self) -> None:
        self.client.get(f"/day/{self._day().isoformat()}", name="GET /day/[day]")

    @task(1)
    def open_week(self) -> None:
        if not DiaryUser.has_week_page:
            return
        self.client.get(f"/week/{self._day().isoformat()}", name="GET /week/[day]")


def _token(page: str) -> str:
    match = TOKEN.search(page)
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)
