"""No personal dosing advice: every page, in every caution state, as visitors and users.

Renders every GET page of the app (walking app.url_map), the day page in each caution state
(over the upper limit, kidney flag, spacing, an infant's supplement, presets chosen, a form
with errors), and fails on text that tells the user a dose or tells them to start, raise or
stop a supplement. For users with the kidney flag nothing may encourage more supplements
either. Every page must also carry the medical disclaimer and the links to the guidance pages.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
from flask import url_for
from pypdf import PdfReader

from tests.helpers import (
    PASSWORD,
    add_food,
    add_medicine,
    add_supplement,
    food_id,
    login,
    make_user,
)
from tracker.domain.cautions import MEDICAL_DISCLAIMER
from tracker.domain.reference import BONE_ARTICLE
from tracker.domain.supplements import ALL_PRESETS, MEDICINE_PRESETS
from tracker.extensions import db
from tracker.models import (
    Food,
    FoodEntry,
    MedicineDose,
    SupplementEntry,
    SupplementProduct,
    User,
)

DAY = date(2026, 3, 14)
RANGE = f"period=custom&start={DAY - timedelta(days=6)}&end={DAY + timedelta(days=1)}"
SPINACH = "11457"

DOSING_ADVICE = [
    r"\btake \d",
    r"\btake (a|an|one|two|three|more|less|extra|some|your|magnesium)\b",
    r"\byou should\b",
    r"\byou (must|need to|ought to)\b",
    r"\b(increase|raise|boost|up|decrease|lower|reduce|double|halve|cut) your "
    r"(dose|dosage|intake|supplements?)\b",
    r"\b(start|stop|begin|quit|keep) (taking|using)\b",
    r"\b(start|stop|raise|increase) your (supplement|magnesium|dose)",
    r"\bdose of \d",
    r"\brecommended dose\b",
    r"\b\d[\d,.]*\s*mg (a|per) day (is|will be|would be) (right|enough|safe|fine|ideal) for you",
    r"\b(aim|try) for \d",
    r"\byour (target|goal) (is|of) \d",
    # Encouragement to raise intake with supplements (never shown, least of all with the
    # kidney flag).
    r"\bconsider (taking |a |adding )?(a )?(magnesium )?supplements?\b",
    r"\btry (taking |a )?(magnesium )?supplements?\b",
    r"\bsupplements? (can|could|will|may|might) help (you )?(reach|meet|raise|boost|close)",
    r"\b(top up|make up|boost|raise|increase) (your )?(intake|magnesium|levels?) with "
    r"(a )?supplements?",
]
DOSING_RE = re.compile("|".join(f"(?:{p})" for p in DOSING_ADVICE), re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    [
        "Take 200 mg of magnesium at night.",
        "You should take a supplement.",
        "Increase your dose to 400 mg.",
        "Stop taking your antacid.",
        "Start taking magnesium glycinate.",
        "Raise your intake with supplements.",
        "Consider a magnesium supplement to reach your goal.",
        "A dose of 350 mg is recommended.",
        "350 mg a day is right for you.",
        "Supplements can help you reach the reference.",
        "Your target is 420 mg.",
    ],
)
def test_the_detector_catches_dosing_advice(text):
    assert DOSING_RE.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ask your healthcare provider what is right for you.",
        "Supplement or medicine name",
        "Units taken",
        "Epsom salt taken by mouth",
        "Women 51 and older: 320 mg a day (NIH Office of Dietary Supplements)",
        "the general guidance is to keep the two at least 2 hours apart",
        "Before starting, changing or ending any supplement, talk to a healthcare provider.",
    ],
)
def test_the_detector_lets_general_guidance_through(text):
    assert not DOSING_RE.search(text)


class _Text(HTMLParser):
    """The words a person sees or hears: text, plus labels read aloud (aria-label, title...)."""

    SKIP = frozenset({"script", "style"})
    SPOKEN = ("aria-label", "title", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return re.sub(r"\s+", " ", html.unescape(" ".join(parser.parts)))


def _login(app, email: str, **profile):
    make_user(app, email, **profile)
    client = app.test_client()
    login(client, email, PASSWORD)
    return client


def _ids(app, email: str) -> dict[str, int]:
    """Ids of one user's objects, by the URL parameter names the routes use."""
    with app.app_context():
        user_id = db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()

        def first(model):
            return db.session.execute(
                db.select(model.id).filter_by(user_id=user_id).order_by(model.id)
            ).scalar()

        custom = db.session.execute(
            db.select(Food.id).filter_by(owner_id=user_id).order_by(Food.id)
        ).scalar()
        return {
            "diary:entry_id": first(FoodEntry),
            "supplements:entry_id": first(SupplementEntry),
            "dose_id": first(MedicineDose),
            "product_id": first(SupplementProduct),
            "food_id": custom,
        }


def _urls_for(app, ids: dict[str, int]) -> tuple[list[str], set[str]]:
    """Every GET page's URL that can be built from a day, a month and the user's ids."""
    urls, endpoints = [], set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        values: dict[str, object] = {}
        for name in rule.arguments:
            converter = type(rule._converters[name]).__name__
            blueprint = rule.endpoint.split(".")[0]
            if converter == "DayConverter":
                values[name] = DAY
            elif converter == "MonthConverter":
                values[name] = DAY.replace(day=1)
            elif ids.get(f"{blueprint}:{name}") or ids.get(name):
                values[name] = ids.get(f"{blueprint}:{name}") or ids.get(name)
        if set(values) != set(rule.arguments):
            continue  # a parameter this test can't make (another feature's token)
        with app.test_request_context():
            urls.append(url_for(rule.endpoint, **values))
        endpoints.add(rule.endpoint)
    return urls, endpoints


# Titles of cited sources are quotations, not advice ("Can You Take Magnesium with ...?").
SOURCE_TITLES = (BONE_ARTICLE.name,)


def advice_in(text: str) -> list[re.Match[str]]:
    """Dosing advice in a page's or a file's words, leaving out the titles of its sources."""
    for title in SOURCE_TITLES:
        text = text.replace(title, "“(title of a source)”")
    return list(DOSING_RE.finditer(text))


def _copy_text(response) -> str:
    """The words of a PDF (every page) or a CSV file."""
    assert response.status_code == 200
    if response.mimetype == "application/pdf":
        pages = PdfReader(io.BytesIO(response.data)).pages
        return " ".join(" ".join(page.extract_text().split()) for page in pages)
    return response.data.decode("utf-8-sig")


def _check(page: str, url: str, problems: list[str]) -> str:
    text = visible_text(page)
    for match in advice_in(text):
        context = text[max(0, match.start() - 60) : match.end() + 60]
        problems.append(f"{url}: dosing advice “{match.group(0)}” in …{context}…")
    if MEDICAL_DISCLAIMER not in text:
        problems.append(f"{url}: no medical disclaimer")
    for link in ('href="/guidance"', 'href="/foods/rich"'):
        if link not in page:
            problems.append(f"{url}: no link {link}")
    return text


def test_no_page_gives_personal_dosing_advice(app, client):
    # A kidney-flagged adult with no age (adult UL), a user-set 4-hour gap, and every caution.
    kidney = _login(app, "kidney@example.org", kidney_condition=True)
    kidney.post(
        "/profile",
        data={
            "reproductive_status": "none",
            "timezone": "UTC",
            "kidney_condition": "y",
            "bisphosphonate_gap_minutes": "240",
        },
    )
    add_food(kidney, DAY, food_id(app, SPINACH), "0")
    add_supplement(kidney, DAY, mg="400", at=time(9, 0))
    add_supplement(kidney, DAY, name="Antacid", form="other", mg="100", at=None)
    add_medicine(kidney, DAY, "alendronate", time(8, 0))
    add_medicine(kidney, DAY, "doxycycline", time(10, 0))
    add_medicine(kidney, DAY, "other-quinolone", time(23, 30), other_name="Ofloxacin")
    add_supplement(kidney, DAY + timedelta(days=1), mg="50", at=time(0, 30))
    kidney.post(
        "/foods/mine",
        data={"name": "Label bread", "serving_grams": "50", "magnesium_as": "unknown"},
    )
    # An infant (no UL), a three-year-old just over 65 mg, a plain adult with nothing logged.
    infant = _login(app, "infant@example.org", birth_year=2025, birth_month=9, sex="female")
    add_supplement(infant, DAY, mg="10", at=time(12, 0))
    toddler = _login(app, "toddler@example.org", birth_year=2022, birth_month=4, sex="male")
    add_supplement(toddler, DAY, mg="66", at=time(12, 0))
    plain = _login(app, "plain@example.org", birth_year=1960, birth_month=5, sex="female")
    # Calcium and vitamin D over their total-intake upper limits (issue 16), on another day.
    bones = _login(app, "bones@example.org", birth_year=1960, birth_month=5, sex="female")
    add_food(bones, DAY, food_id(app, SPINACH), "0")
    bones.post(
        f"/day/{DAY.isoformat()}/supplements",
        data={
            "supplement-name": "Calcium + D3",
            "supplement-form": "citrate",
            "supplement-magnesium_per_unit": "50",
            "supplement-calcium_per_unit": "1200",
            "supplement-vitamin_d_per_unit": "2500",
            "supplement-vitamin_d_unit": "iu",
            "supplement-units": "2",
        },
    )

    problems: list[str] = []
    seen_cautions: set[str] = set()
    rendered = 0
    kidney_urls, kidney_endpoints = _urls_for(app, _ids(app, "kidney@example.org"))
    assert {
        "diary.today",
        "diary.day_page",
        "supplements.edit_supplement",
        "supplements.edit_medicine",
        "supplements.my_supplements",
        "pages.guidance",
        "pages.rich_foods",
        "pages.about",
        "auth.profile",
    } <= kidney_endpoints
    day_pages = [f"/day/{(DAY + timedelta(days=n)).isoformat()}" for n in (-1, 0, 1)]
    preset_pages = [f"/day/{DAY.isoformat()}?preset={p.key}" for p in MEDICINE_PRESETS]
    summaries = [f"/week/{DAY.isoformat()}", f"/month/{DAY:%Y-%m}", f"/export/report?{RANGE}"]
    preset_pages = [f"/day/{DAY.isoformat()}?preset={p.key}" for p in ALL_PRESETS]
    # The food search names supplements and medicines too (issue 11).
    preset_pages += [f"/day/{DAY.isoformat()}?q={q}" for q in ("milk+of+magnesia", "magnesium")]
    visits = [
        (kidney, [*kidney_urls, *day_pages, *preset_pages, *summaries]),
        (infant, ["/", f"/day/{DAY.isoformat()}", "/guidance", "/foods/rich", *summaries]),
        (toddler, [f"/day/{DAY.isoformat()}", "/guidance"]),
        (plain, ["/", f"/day/{DAY.isoformat()}", "/profile", "/guidance", "/foods/rich"]),
        (bones, [f"/day/{DAY.isoformat()}", *summaries]),
        (client, ["/", "/welcome", "/about", "/guidance", "/foods/rich", "/login", "/register"]),
    ]
    for who, urls in visits:
        for url in urls:
            response = who.get(url)
            if response.status_code in (301, 302, 303):
                # Sent elsewhere (to log in, or a logged-in user away from /register).
                continue
            assert response.status_code == 200, (url, response.status_code)
            if response.mimetype != "text/html":
                continue  # the search API's JSON: data, not a page
            page = response.get_data(as_text=True)
            _check(page, url, problems)
            seen_cautions |= set(re.findall(r'data-testid="(caution-[a-z-]+)"', page))
            rendered += 1

    # Failed forms re-render the day page with errors: those pages must be clean too.
    for response in (
        add_supplement(kidney, DAY, mg="abc"),
        add_supplement(kidney, DAY, mg="6000"),
        add_medicine(kidney, DAY, "", None),
        kidney.post(f"/day/{DAY.isoformat()}/supplements/999999/again", data={"units": "x"}),
        kidney.post("/profile", data={"bisphosphonate_gap_minutes": "30"}),
    ):
        if response.status_code == 400:
            _check(response.get_data(as_text=True), "a form with errors", problems)
            rendered += 1
    # Error pages are pages too, and so is a share link that no longer works.
    _check(client.get("/no-such-page").get_data(as_text=True), "404", problems)
    _check(client.get("/share/" + "x" * 43).get_data(as_text=True), "invalid share", problems)
    # Every copy that leaves the app: the PDF report and the CSV files, in every caution state.
    for who in (kidney, infant, toddler):
        for url in (f"/export/report.pdf?{RANGE}", f"/export/daily-totals.csv?{RANGE}"):
            copy = _copy_text(who.get(url))
            problems += [f"{url}: dosing advice “{m.group(0)}”" for m in advice_in(copy)]
            if url.startswith("/export/report.pdf"):
                copied_cautions = set(
                    re.findall(r"Above the upper limit|for an infant|Kidney", copy)
                )
                seen_cautions |= {f"pdf: {name}" for name in copied_cautions}

    assert not problems, "\n".join(problems)
    # Every caution state was really rendered, so the check above means something.
    assert {
        "caution-upper-limit",
        "caution-kidney",
        "caution-spacing",
        "caution-infant-supplement",
        "caution-calcium-upper-limit",
        "caution-vitamin-d-upper-limit",
        "pdf: Above the upper limit",
        "pdf: for an infant",
        "pdf: Kidney",
    } <= seen_cautions
    assert rendered >= 30
