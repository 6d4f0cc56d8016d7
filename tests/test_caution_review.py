"""Issue 12: every caution exactly right, everywhere, through the real app.

One table of cases from the reviewer's list (a figure just over the upper limit, a total just
under the reference, the user's own spacing gap, antibiotics, an infant's supplements, the
kidney flag, Daily Value notices, past days, demeclocycline). Each case logs through the
app's own forms, then reads every copy of the day: the day page, the week and the month, the
report page, the PDF's text (pypdf, page by page) and the daily-totals CSV. A phrase the case
expects must be on each surface named; a phrase it refuses must be on none of them. A second
table (PAGE_CASES) reads the public pages' sections the same way (the guidance page, the
rich-foods list), and REVIEW_POINTS maps each numbered point of the review to its cases.

The day is a Wednesday at least 12 days back, so it is a past day on every surface (never
"today") and its week is over.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import pytest
from pypdf import PdfReader

from tests.helpers import PASSWORD, add_food, add_medicine, add_supplement, food_id, make_user
from tracker.domain.cautions import MEDICAL_DISCLAIMER
from tracker.exports.csv_export import DAILY_COLUMNS
from tracker.formatting import short_date

_TODAY = datetime.now(UTC).date()
DAY = _TODAY - timedelta(days=_TODAY.weekday() + 12)  # a Wednesday, in a finished week
MONDAY = DAY - timedelta(days=2)
SUNDAY = DAY + timedelta(days=4)
WHEN = short_date(DAY)  # "Wed 11 Mar 2026", as the report lists days
SPINACH = "11457"  # 79 mg per 100 g; portion "0" is 1 cup, 30 g: 23.7 mg
RANGE = {"period": "custom", "start": MONDAY.isoformat(), "end": SUNDAY.isoformat()}

HTML_SURFACES = ("day", "week", "month", "report")
ALL_SURFACES = (*HTML_SURFACES, "pdf", "csv")


def born(months: int) -> dict[str, int]:
    """A birth year and month that make a person `months` old on DAY."""
    total = DAY.year * 12 + DAY.month - 1 - months
    return {"birth_year": total // 12, "birth_month": total % 12 + 1}


WOMAN_75 = {**born(75 * 12), "sex": "female"}  # women 51 and older: 320 mg, UL 350 mg


@dataclass(frozen=True)
class Log:
    """One thing logged through the day page's forms, on DAY unless `days` moves it."""

    kind: str  # "supplement", "medicine", "food", "quick"
    value: str = ""  # mg for a supplement or quick add; the medicine's key
    at: time | None = None
    days: int = 0


@dataclass(frozen=True)
class Case:
    id: str
    profile: dict
    logs: tuple[Log, ...]
    # Phrases each surface must show, and phrases no surface may show.
    expect: dict[str, tuple[str, ...]] = field(default_factory=dict)
    refuse: tuple[str, ...] = ()
    # Phrases particular surfaces must not show (where another surface rightly has them).
    refuse_on: dict[str, tuple[str, ...]] = field(default_factory=dict)
    csv: dict[str, str] = field(default_factory=dict)  # the CSV row of DAY
    gap_minutes: int | None = None  # the user's own bisphosphonate gap


UL_WORDS = (
    "High doses of magnesium from supplements and medicines often cause diarrhoea, which can "
    "come with nausea and abdominal cramps; the upper limit is the most supplemental magnesium "
    "a day that is unlikely to cause them."
)
NIH_BISPHOSPHONATE = (
    "The general guidance from the NIH Office of Dietary Supplements is to keep a "
    "bisphosphonate and magnesium at least 2 hours apart."
)
NIH_ANTIBIOTIC = (
    "The general guidance from the NIH Office of Dietary Supplements is to have the antibiotic "
    "at least 2 hours before or 4–6 hours after magnesium."
)
INFANT_LEGEND = "Supplements and medicines logged for an infant under 12 months"
NIH_SOURCE = "NIH Office of Dietary Supplements (https://ods.od.nih.gov/"

CASES = (
    # 1. A figure just over the limit is shown with the decimal that keeps it over.
    Case(
        "ul-350.4",
        WOMAN_75,
        (Log("supplement", "350.4", time(9, 0)),),
        expect={
            "day": (
                "on this day comes to 350.4 mg, above the general upper limit of 350 mg a day",
                "Supplements and medicines 350.4 mg",
                # The total is never shown below the part of it beside it ("350 mg").
                'data-testid="day-total-mg">350.4<',
                UL_WORDS,
            ),
            "week": ("350.4 mg", "Over the upper limit", "(highest: 350.4 mg)", UL_WORDS),
            "month": ("350.4 mg", "Over the upper limit", "(highest: 350.4 mg)"),
            "report": (f"{WHEN}: 350.4 mg from supplements and medicines (upper limit 350 mg)",),
            "pdf": (f"{WHEN}: 350.4 mg from supplements and medicines (upper limit 350 mg)",),
        },
        refuse=(
            "comes to 350 mg",
            "350 mg from supplements and medicines",
            "highest: 350 mg",
            "today",
            "commonly cause",
        ),
        csv={
            "Supplemental magnesium (mg)": "350.4",
            "Total magnesium (mg)": "350.4",
            "Over supplemental UL": "yes",
            "Supplemental UL (mg)": "350",
            "Supplemental UL for": "Ages 9 and older",
        },
    ),
    # The boundaries either side: 350 is not over; 351 is.
    Case(
        "ul-350",
        WOMAN_75,
        (Log("supplement", "350", time(9, 0)),),
        expect={"day": ("Supplements and medicines 350 mg",)},
        refuse=(
            "Above the upper limit for supplemental magnesium",
            'data-over-limit="true"',
            'data-testid="days-over-limit">1<',
        ),
        csv={"Supplemental magnesium (mg)": "350", "Over supplemental UL": "no"},
    ),
    Case(
        "ul-351",
        WOMAN_75,
        (Log("supplement", "351", time(9, 0)),),
        expect={"day": ("comes to 351 mg, above",), "report": ("351 mg from supplements",)},
        csv={"Supplemental magnesium (mg)": "351", "Over supplemental UL": "yes"},
    ),
    # The same rule for the total beside "at or above the reference": 319.6 of 320 is not 320.
    Case(
        "total-319.6",
        WOMAN_75,
        (Log("quick", "319.6"),),
        expect={
            "day": ("319.6 mg of 320 mg (99.9%)",),
            "week": ("319.6 mg", "99.9% of 320 mg"),
            "month": ("319.6 mg", "99.9% of 320 mg"),
            "report": ("319.6 99.9% of 320",),
            "pdf": ("319.6 99.9% of 320",),
        },
        refuse=("320 mg of 320 mg", "100% of 320", "(100%)"),
        csv={"Total magnesium (mg)": "319.6", "% of reference": "99.9"},
    ),
    # 2. The user's own gap is theirs, never NIH's.
    Case(
        "own-gap-4-hours",
        WOMAN_75,
        (Log("medicine", "alendronate", time(8, 0)), Log("supplement", "100", time(11, 0))),
        gap_minutes=240,
        expect={
            "day": (
                "were logged 3 hours apart.",
                NIH_BISPHOSPHONATE,
                "Your own setting in your profile (for example from your medicine’s leaflet or "
                "your pharmacist) is at least 4 hours apart, and the tracker checks that gap.",
                "less than 4 hours from magnesium (your own setting; the general guidance is at "
                "least 2 hours apart)",
            ),
            "week": ("than the spacing the tracker checks",),
            "report": (
                "3 hours apart (general guidance: at least 2 hours apart; own setting in the "
                "tracker: at least 4 hours apart)",
                "For bisphosphonates the person set a gap of their own in the tracker (at least "
                "4 hours apart, for example from the medicine's leaflet or a pharmacist); the "
                "general guidance is at least 2 hours apart.",
            ),
            "pdf": (
                "3 hours apart (general guidance: at least 2 hours apart; own setting in the "
                "tracker: at least 4 hours apart)",
            ),
        },
        refuse=(
            "general guidance is to keep the two at least 4 hours",
            "general guidance: at least 4 hours",
            "general guidance is at least 4 hours",
            "the gap in your settings",
            "than the general guidance",
        ),
    ),
    # 3. Antibiotics: NIH quoted as 4-6 hours after; the 6 hours checked said to be cautious.
    Case(
        "antibiotic-5-hours-after",
        WOMAN_75,
        (Log("supplement", "100", time(9, 0)), Log("medicine", "doxycycline", time(14, 0))),
        expect={
            "day": (
                "were logged with the antibiotic 5 hours after the magnesium.",
                NIH_ANTIBIOTIC,
                "The tracker checks the cautious end, 6 hours after, so a gap of 4–6 hours "
                "after is pointed out too.",
            ),
            "report": (
                "5 hours apart (general guidance: the antibiotic at least 2 hours before or "
                "4–6 hours after magnesium; the tracker checks 6 hours after)",
                "For antibiotics the general guidance is the antibiotic at least 2 hours before "
                "or 4–6 hours after magnesium; the tracker checks the cautious end, 6 hours "
                "after.",
            ),
            "pdf": ("the tracker checks 6 hours after)",),
        },
        refuse=(
            "general guidance is to space them with the antibiotic at least 2 hours before or "
            "6 hours after",
            "general guidance: the antibiotic at least 2 hours before or 6 hours after",
        ),
    ),
    # 15. Demeclocycline, NIH's own example, is in the picker and checked like the others.
    Case(
        "demeclocycline",
        WOMAN_75,
        (Log("supplement", "100", time(9, 0)), Log("medicine", "demeclocycline", time(10, 0))),
        expect={
            "day": ("Timing: “Demeclocycline” and magnesium", "Demeclocycline"),
            "report": ("Demeclocycline at 10:00 and Magnesium glycinate at 09:00",),
            "pdf": ("Demeclocycline at 10:00",),
        },
    ),
    # 5. An infant's supplements: the caution, a count and marked bars on the week and month.
    Case(
        "infant-5-months",
        {**born(5), "sex": "male"},
        (Log("supplement", "10", time(12, 0)), Log("supplement", "10", time(12, 0), days=2)),
        expect={
            "day": ("Supplemental magnesium for an infant", "No upper limit for supplemental"),
            "week": (
                'data-testid="days-infant-supplement">2<',
                'data-testid="caution-infant-supplement"',
                "Supplemental magnesium was logged on 2 days of the week of",
                'data-infant-supplement="true"',
                INFANT_LEGEND,
                "Supplements for an infant",
            ),
            "month": (
                'data-testid="days-infant-supplement">2<',
                'data-testid="caution-infant-supplement"',
                'data-infant-supplement="true"',
                INFANT_LEGEND,
            ),
            "report": (
                'data-testid="days-infant-supplement">2<',
                "Supplemental magnesium for an infant",
                INFANT_LEGEND,
            ),
            "pdf": (
                "Days with supplements or medicines for an infant (no upper limit is set under "
                "12 months): 2",
                INFANT_LEGEND,
            ),
        },
        # There is no limit to be over: no "over the upper limit ... 0 days" for an infant.
        refuse=('data-testid="days-over-limit"', "Over the upper limit (", "over the upper limit"),
        csv={
            "Supplemental UL (mg)": "",
            "Over supplemental UL": "no",
            "Supplemental UL for": "Infants under 12 months: no upper limit is set",
        },
    ),
    # 6. The kidney flag with supplements logged: the caution on every summary too.
    Case(
        "kidney-with-supplements",
        {**WOMAN_75, "kidney_condition": True},
        (Log("supplement", "100", time(9, 0)), Log("supplement", "100", time(9, 0), days=1)),
        expect={
            "day": ("Your profile notes reduced kidney function, and this day includes magnesium",),
            "week": (
                'data-testid="caution-kidney"',
                "Your profile notes reduced kidney function, and magnesium from supplements or "
                "medicines was logged on 2 days of the week of",
            ),
            "month": ('data-testid="caution-kidney"', "was logged on 2 days of"),
            "report": ('data-testid="report-caution-kidney"',),
            "pdf": ("Kidney function and magnesium supplements",),
        },
        refuse=("today includes", "today comes to"),
    ),
    Case(
        "kidney-food-only",
        {**WOMAN_75, "kidney_condition": True},
        (Log("food"),),
        refuse=('data-testid="caution-kidney"', 'data-testid="report-caution-kidney"'),
    ),
    # 7. The Daily Value notice only when a Daily Value is used.
    Case(
        "child-6-sex-unset",
        born(6 * 12),
        (Log("food"),),
        expect={"day": ("of 130 mg",), "report": ("Children 4–8: 130 mg a day",)},
        refuse=('data-testid="daily-value-notice"', "Daily Value"),
        csv={"Reference intake (mg)": "130", "Reference intake for": "Children 4–8 (RDA)"},
    ),
    Case(
        "pregnant-26-sex-unset",
        {**born(26 * 12), "reproductive_status": "pregnant"},
        (Log("food"),),
        expect={"day": ("of 350 mg",), "report": ("Pregnancy, 19–30: 350 mg a day",)},
        refuse=('data-testid="daily-value-notice"', "Daily Value"),
        csv={"Reference intake (mg)": "350", "Reference intake for": "Pregnancy, 19–30 (RDA)"},
    ),
    Case(
        "pregnant-no-birth-date",
        {"sex": "female", "reproductive_status": "pregnant"},
        (Log("food"),),
        expect={
            "day": (
                "of 400 mg",
                'data-testid="daily-value-notice"',
                "This is a general Daily Value (US FDA). Add your year and month of birth to "
                "compare with the value for your life stage.",
                "Daily Value in pregnancy and breastfeeding: 400 mg a day (US FDA Daily Values)",
            ),
            "report": (
                "Daily Value in pregnancy and breastfeeding: 400 mg a day (US FDA Daily Values)",
                "The profile does not say the person's year and month of birth, so a US FDA "
                "Daily Value",
            ),
            "pdf": ("Daily Value in pregnancy and breastfeeding: 400 mg a day",),
        },
        refuse=("420 mg", "General adult Daily Value", "birth and sex"),
        csv={
            "Reference intake (mg)": "400",
            "Reference intake for": "Daily Value in pregnancy and breastfeeding",
            "Reference intake source": "US FDA Daily Values (https://www.fda.gov/",
        },
    ),
    Case(
        "breastfeeding-no-birth-date",
        {"reproductive_status": "breastfeeding"},
        (Log("food"),),
        expect={"day": ("of 400 mg", "Daily Value in pregnancy and breastfeeding")},
        refuse=("420 mg",),
        csv={"Reference intake (mg)": "400"},
    ),
    Case(
        "no-profile",
        {},
        (Log("food"),),
        expect={
            "day": (
                "of 420 mg",
                "This is a general Daily Value (US FDA). Add your year and month of birth and "
                "sex to compare",
                "General adult Daily Value: 420 mg a day (US FDA Daily Values)",
            ),
            "report": ("The profile does not say the person's year and month of birth and sex",),
        },
        csv={"Reference intake (mg)": "420", "Reference intake for": "General adult Daily Value"},
    ),
)


# --- Reading every copy of the day --------------------------------------------------------------


def _text(page: str) -> str:
    """The words of a page, one space between them (markup kept too, for data-testids)."""
    inline = re.sub(r"</?(strong|a|span|em)\b[^>]*>", "", page)
    words = html.unescape(re.sub(r"<[^>]+>", " ", inline))
    return " ".join(words.split()) + "\n" + page


def _flat(text: str) -> str:
    return " ".join(text.split())


def _log(app, client, log: Log) -> None:
    day = DAY + timedelta(days=log.days)
    if log.kind == "supplement":
        response = add_supplement(client, day, mg=log.value, at=log.at)
    elif log.kind == "medicine":
        response = add_medicine(client, day, log.value, log.at)
    elif log.kind == "quick":
        response = client.post(
            f"/day/{day.isoformat()}/quick-add",
            data={"quick-description": "Typed in", "quick-magnesium_mg": log.value},
        )
    else:
        response = add_food(client, day, food_id(app, SPINACH), "0")
    assert response.status_code == 302, (log, response.get_data(as_text=True)[:400])


@dataclass(frozen=True)
class Copies:
    """Every copy of the case's day: the pages' text, the PDF's pages, the CSV row."""

    pages: dict[str, str]
    pdf_pages: list[str]
    csv_header: list[str]
    csv_row: dict[str, str]

    def surface(self, name: str) -> str:
        if name == "pdf":
            return " ".join(self.pdf_pages)
        if name == "csv":
            return " ".join(self.csv_row.values())
        return self.pages[name]


def _copies(client) -> Copies:
    pages = {
        "day": client.get(f"/day/{DAY.isoformat()}"),
        "week": client.get(f"/week/{DAY.isoformat()}"),
        "month": client.get(f"/month/{DAY:%Y-%m}"),
        "report": client.get("/export/report", query_string=RANGE),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
    pdf = client.get("/export/report.pdf", query_string=RANGE)
    daily = client.get("/export/daily-totals.csv", query_string=RANGE)
    assert pdf.status_code == daily.status_code == 200
    rows = list(csv.reader(io.StringIO(daily.data.decode("utf-8-sig"))))
    header, by_day = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    return Copies(
        pages={name: _text(response.get_data(as_text=True)) for name, response in pages.items()},
        pdf_pages=[_flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf.data)).pages],
        csv_header=header,
        csv_row=by_day[DAY.isoformat()],
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_copy_of_the_day_says_it_right(app, case):
    email = f"{case.id}@example.org"
    make_user(app, email, **case.profile)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    if case.gap_minutes is not None:
        profile = {
            key: str(value) for key, value in case.profile.items() if key != "kidney_condition"
        }
        response = client.post(
            "/profile",
            data={
                "reproductive_status": "none",
                "timezone": "UTC",
                **profile,
                "bisphosphonate_gap_minutes": str(case.gap_minutes),
            },
        )
        assert response.status_code == 302
    for log in case.logs:
        _log(app, client, log)

    copies = _copies(client)
    problems = []
    for surface, phrases in case.expect.items():
        text = copies.surface(surface)
        problems += [f"{surface}: missing “{p}”" for p in phrases if p not in text]
    for surface in ALL_SURFACES:
        text = copies.surface(surface)
        refused = (*case.refuse, *case.refuse_on.get(surface, ()))
        problems += [f"{surface}: shows “{p}”" for p in refused if p in text]
    for column, value in case.csv.items():
        cell = copies.csv_row[column]
        ok = cell.startswith(value) if value.endswith("/") else cell == value
        if not ok:
            problems.append(f"csv: {column} is “{cell}”, not “{value}”")
    assert not problems, "\n".join(problems)

    # Every copy carries its sources and the disclaimer (16, 17), whatever the case.
    assert copies.csv_header == list(DAILY_COLUMNS)
    assert copies.csv_row["Reference intake source"].startswith(("NIH Office", "US FDA"))
    assert copies.csv_row["Supplemental UL source"].startswith(NIH_SOURCE)
    for number, page in enumerate(copies.pdf_pages, start=1):
        assert f"Medical disclaimer: {MEDICAL_DISCLAIMER}" in page, f"PDF page {number}"
    # And every figure beside "over the upper limit" agrees with it (the class, not the case).
    over = copies.csv_row["Over supplemental UL"] == "yes"
    limit = copies.csv_row["Supplemental UL (mg)"]
    if limit and copies.csv_row["Supplemental magnesium (mg)"]:
        assert (float(copies.csv_row["Supplemental magnesium (mg)"]) > float(limit)) is over
    # Nor is a total ever shown below the part of it beside it.
    total, part = (
        copies.csv_row["Total magnesium (mg)"],
        copies.csv_row["Supplemental magnesium (mg)"],
    )
    if total and part:
        assert float(total) >= float(part)


# --- The words every visitor reads: the guidance and rich-foods pages ---------------------------


@dataclass(frozen=True)
class PageCase:
    """A point of the review about a public page: phrases a section shows, and refuses."""

    id: str
    url: str
    section: tuple[str, str]  # markup the section starts at and stops before
    expect: tuple[str, ...] = ()
    refuse: tuple[str, ...] = ()  # regular expressions, matched ignoring case


GUIDANCE = "/guidance"
RICH_FOODS = "/foods/rich"
BONE = ('id="bone"', 'id="food-sources"')
FORMS = ('id="supplement-forms"', 'id="cautions"')
CAUTIONS = ('id="cautions"', 'id="healthcare-provider"')
ARTICLE = "“Can You Take Magnesium with Osteoporosis? A Guide to Bone Health”"

PAGE_CASES = (
    # 1. The claim mark agrees with the figure beside it: 41.99 mg is shown as such, unmarked.
    PageCase(
        "rich-foods-figure-beside-claim",
        RICH_FOODS,
        ("<main", "</main>"),
        expect=("Passion-fruit juice, purple, raw 8 fl oz (247 g) 41.99 mg Passion-fruit",),
        refuse=(r"\(247 g\) 42 mg", r"41\.99 mg Good source"),
    ),
    # 4. Claims per reference amount (RACC), the foods the headings name, no condiments.
    PageCase(
        "rich-foods-per-reference-amount",
        RICH_FOODS,
        ("<main", "</main>"),
        expect=(
            "Peanut butter, smooth, vitamin and mineral fortified 2 tbsp (32 g)",
            "Nuts, almonds 30 g (about 1 oz, 23 whole kernels) 80 mg Good source",
            "Avocados, raw, all commercial varieties 50 g",
            "Bananas, raw 140 g",
        ),
        # The reviewer's rows: peanut butter, hummus and milk chocolate by the cup, mustard.
        refuse=(
            r"Peanut butter[^0-9]* 1 cup",
            r"Hummus[^0-9]* 1 cup",
            r"milk chocolate[^0-9]* 1 cup",
            r"1 cup chips",
            r"Mustard",
        ),
    ),
    # 9. The bone section names its sources: NIH ODS and the article.
    PageCase(
        "bone-section-sources",
        GUIDANCE,
        BONE,
        expect=(
            "(roughly 50–60%) sits in bone, as part of its mineral crystal. (sources 1 and 2)",
            "vitamin D into its active form",
            "parathyroid hormone",
            "lower bone mineral density",
            "Sources of this section: NIH Office of Dietary Supplements, Magnesium fact sheet",
            ARTICLE,
        ),
    ),
    # 10. The forms table: chemistry only, the article by its title, NIH's own statement.
    PageCase(
        "supplement-forms",
        GUIDANCE,
        FORMS,
        expect=(
            "Glycinate / bisglycinate high very gentle ~14%",
            f"Source of the forms, their absorption and side effects: {ARTICLE}",
            "in small studies, magnesium aspartate, citrate, lactate and chloride were absorbed "
            "more completely than magnesium oxide and magnesium sulfate. Source: NIH Office of "
            "Dietary Supplements",
        ),
        refuse=("Common uses", "source article", "sleep", "cognition", "energy", "relax"),
    ),
    # 11. High doses often cause them; the UL is the most unlikely to.
    PageCase(
        "upper-limit-wording",
        GUIDANCE,
        CAUTIONS,
        expect=(
            "High doses of magnesium from supplements and magnesium-containing medicines often "
            "cause diarrhoea, which can come with nausea and abdominal cramps; the upper limit "
            "is the most supplemental magnesium a day that is unlikely to cause them.",
        ),
        refuse=("commonly cause", r"above 350 mg \w+ cause"),
    ),
    # 12. Both halves of the diuretics note; PPIs after more than a year.
    PageCase(
        "diuretics-and-ppis",
        GUIDANCE,
        CAUTIONS,
        expect=(
            "Potassium-sparing diuretics, such as amiloride and spironolactone, do the "
            "opposite: they reduce the magnesium lost.",
            "taken for a long time (typically more than a year) can lower the level of "
            "magnesium in the blood",
        ),
    ),
    # 13. Too much can harm bone too, in the bone section and beside the upper limit.
    PageCase(
        "excess-harms-bone",
        GUIDANCE,
        BONE,
        expect=("too much magnesium can also harm the mineralisation of bone. (source 2)",),
    ),
    PageCase(
        "excess-harms-bone-caution",
        GUIDANCE,
        CAUTIONS,
        expect=("too much can also harm the mineralisation of bone: more is not better.",),
    ),
    # 14. The groups NIH names, as context and never a diagnosis.
    PageCase(
        "low-magnesium-groups",
        GUIDANCE,
        CAUTIONS,
        expect=(
            "people with gastrointestinal diseases such as Crohn’s disease and celiac disease, "
            "people with type 2 diabetes, people with long-term alcohol dependence, and older "
            "adults.",
            "Being in one of these groups is not a diagnosis",
        ),
    ),
    # 3. The guidance page quotes antibiotics as 4-6 hours, and says the tracker checks 6.
    PageCase(
        "antibiotics-guidance",
        GUIDANCE,
        CAUTIONS,
        expect=(
            "The general guidance is to have the antibiotic at least 2 hours before or 4–6 "
            "hours after magnesium. The tracker checks the cautious end",
            "doxycycline and demeclocycline",
        ),
        refuse=(r"\bor 6 hours after magnesium",),
    ),
)


@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_every_public_page_says_it_right(client, case):
    response = client.get(case.url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    start, end = case.section
    first = page.index(start)
    section = _text(page[first : page.index(end, first)])
    problems = [f"missing “{p}”" for p in case.expect if p not in section]
    problems += [f"shows “{p}”" for p in case.refuse if re.search(p, section, re.IGNORECASE)]
    assert not problems, "\n".join(problems)


def test_a_long_report_carries_the_disclaimer_on_every_page(app, auth_client):
    # Thirty days of a supplement and a bisphosphonate an hour apart: many pages of cautions.
    for offset in range(30):
        day = DAY - timedelta(days=offset)
        add_supplement(auth_client, day, mg="400", at=time(9, 0))
        add_medicine(auth_client, day, "alendronate", time(8, 0))
    query = {"period": "custom", "start": (DAY - timedelta(days=29)).isoformat(), "end": DAY}
    pdf = auth_client.get("/export/report.pdf", query_string=query)
    pages = [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf.data)).pages]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Medical disclaimer: {MEDICAL_DISCLAIMER}" in page, number
        assert f"Page {number} of {len(pages)}" in page


def test_the_invalid_share_link_page_carries_the_disclaimer(client):
    response = client.get("/share/" + "x" * 43)
    assert response.status_code == 404
    page = _text(response.get_data(as_text=True))
    assert "This link is no longer valid" in page
    assert f"Medical disclaimer: {MEDICAL_DISCLAIMER}" in page
    assert 'href="/guidance"' in page


def test_the_export_page_says_the_files_are_a_record_not_advice(auth_client):
    page = _text(auth_client.get("/export", query_string={"period": "7"}).get_data(as_text=True))
    assert "These files and the report are a record of what you logged, not medical advice." in (
        page
    )
    assert "names the reference intake and the upper limit it is compared with" in page


def test_the_medicine_picker_lists_demeclocycline(auth_client):
    page = auth_client.get(f"/day/{DAY.isoformat()}").get_data(as_text=True)
    assert re.search(r'<option value="demeclocycline">Demeclocycline</option>', page)


def test_no_day_caution_says_today(app, auth_client):
    # The day cautions are the same words on any day: "this day", on today's page too.
    auth_client.post(
        "/profile", data={"reproductive_status": "none", "timezone": "UTC", "kidney_condition": "y"}
    )
    for day in (DAY, _TODAY):
        add_supplement(auth_client, day, mg="400", at=time(9, 0))
        page = _text(auth_client.get(f"/day/{day.isoformat()}").get_data(as_text=True))
        cautions = page[page.index("for this day") : page.index("Add a food")]
        assert "on this day comes to 400 mg" in cautions and "this day includes" in cautions
        assert "today" not in cautions.lower()


def test_the_table_reaches_every_surface():
    # Every surface is checked by some case, so a copy that drifts is caught.
    named = {surface for case in CASES for surface in case.expect}
    assert named == set(HTML_SURFACES) | {"pdf"}
    assert all(case.csv for case in CASES if case.id.startswith(("ul-", "total-")))


def test_the_day_is_a_past_wednesday_in_a_finished_week():
    assert DAY.weekday() == 2
    assert SUNDAY < _TODAY


# Each numbered point of the review, and the cases and tests in this file that check it.
REVIEW_POINTS = {
    1: ("ul-350.4", "ul-350", "ul-351", "total-319.6", "rich-foods-figure-beside-claim"),
    2: ("own-gap-4-hours",),
    3: ("antibiotic-5-hours-after", "antibiotics-guidance"),
    4: ("rich-foods-per-reference-amount",),
    5: ("infant-5-months",),
    6: ("kidney-with-supplements", "kidney-food-only"),
    7: (
        "child-6-sex-unset",
        "pregnant-26-sex-unset",
        "pregnant-no-birth-date",
        "breastfeeding-no-birth-date",
        "no-profile",
    ),
    8: ("ul-350.4", "kidney-with-supplements", "test_no_day_caution_says_today"),
    9: ("bone-section-sources",),
    10: ("supplement-forms",),
    11: ("ul-350.4", "upper-limit-wording"),
    12: ("diuretics-and-ppis",),
    13: ("excess-harms-bone", "excess-harms-bone-caution"),
    14: ("low-magnesium-groups",),
    15: ("demeclocycline", "test_the_medicine_picker_lists_demeclocycline"),
    16: (
        "test_every_copy_of_the_day_says_it_right",
        "test_a_long_report_carries_the_disclaimer_on_every_page",
        "test_the_invalid_share_link_page_carries_the_disclaimer",
    ),
    17: (
        "test_every_copy_of_the_day_says_it_right",
        "test_the_export_page_says_the_files_are_a_record_not_advice",
    ),
}


def test_every_point_of_the_review_has_its_cases():
    assert sorted(REVIEW_POINTS) == list(range(1, 18))
    known = {case.id for case in CASES} | {case.id for case in PAGE_CASES}
    known |= {name for name in globals() if name.startswith("test_")}
    for point, names in REVIEW_POINTS.items():
        assert names and set(names) <= known, (point, set(names) - known)
    # And no case is left out of the map.
    mapped = {name for names in REVIEW_POINTS.values() for name in names}
    assert {case.id for case in (*CASES, *PAGE_CASES)} <= mapped
