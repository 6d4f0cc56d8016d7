"""`flask demo`: a demo account with four weeks of realistic entries, to explore at once.

Everything is logged through the same operations the pages use (so the numbers are computed
exactly as a user's would be), from real USDA foods by NDB number with household portions.
The weeks are the same on every run (a fixed plan, no randomness) and end today in the
account's time zone: a daily magnesium supplement, a weekly bisphosphonate with one dose taken
too close to the supplement (one spacing caution), a couple of days marked complete, one day
with nothing logged, a custom food from a label and a quick add; and from today, both planned
in My regimen (the supplement at bedtime, the alendronate on its weekday).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask.cli import with_appcontext
from sqlalchemy import delete, func, select

from tracker.auth.operations import (
    ProfileChanges,
    normalize_email,
    register_user,
    update_profile,
)
from tracker.diary import operations as diary
from tracker.domain.entries import Meal
from tracker.domain.reference import ReproductiveStatus, Sex
from tracker.domain.supplements import SupplementForm
from tracker.extensions import db
from tracker.foods import operations as foods
from tracker.localtime import local_today
from tracker.models import Food, FoodEntry, SupplementProduct, User
from tracker.regimens import operations as regimens
from tracker.supplements import operations as supplements

DEMO_EMAIL = "demo@example.org"
DEMO_TIMEZONE = "America/New_York"
DEMO_DAYS = 28
# Days before today: nothing logged at all on the first, the others marked complete.
UNLOGGED_DAY = 9
COMPLETED_DAYS = (1, 2)
# The weekly bisphosphonate falls on these days before today; on the first of them the
# supplement was taken an hour after it (the one spacing conflict of the four weeks).
BISPHOSPHONATE_DAYS = (3, 10, 17, 24)
CONFLICT_DAY = 10
QUICK_ADD_DAYS = (5, 12, 20)
SUPPLEMENT_NAME = "Magnesium glycinate"
SUPPLEMENT_MG_PER_CAPSULE = "120"
GRANOLA = "Homemade granola (from the label)"


@dataclass(frozen=True)
class Item:
    """One food of a meal: a USDA NDB number (or the custom granola), portion and quantity."""

    ndb: str | None
    portion: str
    quantity: str = "1"


# Real USDA SR24 foods with household portions a person would log (labels as in the data file).
OATS = Item("08120", "0.333 cup")
MILK = Item("01079", "1 cup")
BANANA = Item("09040", '1 small (6" to 6-7/8" long)')
TOAST = Item("18075", "1 slice", "2")
PEANUT_BUTTER = Item("16398", "2 tbsp")
YOGURT = Item("01117", "1 container (8 oz)")
ALMONDS = Item("12061", "1 oz (23 whole kernels)")
SPINACH = Item("11457", "1 cup", "1.5")
QUINOA = Item("20137", "1 cup", "1/2")
BLACK_BEANS = Item("16015", "1 cup", "1/2")
LENTILS = Item("16070", "1 cup")
AVOCADO = Item("09037", "1 cup, cubes", "1/2")
EGG = Item("01129", "1 large", "2")
CHEDDAR = Item("01009", "1 oz")
SALMON = Item("15237", "3 oz", "1.5")
CHICKEN = Item("05064", "0.5 breast, bone and skin removed")
BROWN_RICE = Item("20037", "1 cup", "1/2")
BROCCOLI = Item("11091", '1 spear (about 5" long)', "3")
TOFU = Item("16426", "0.5 cup")
DARK_CHOCOLATE = Item("19904", "1 oz", "1/2")
PUMPKIN_SEEDS = Item("12014", "1 oz", "1/2")
APPLE = Item("09003", '1 medium (3" dia)')
ORANGE = Item("09200", '1 fruit (2-5/8" dia)')
GRANOLA_SERVING = Item(None, "1 serving (50 g)")

BREAKFASTS = (
    (OATS, MILK, BANANA),
    (TOAST, PEANUT_BUTTER),
    (YOGURT, ALMONDS),
    (GRANOLA_SERVING, MILK),
)
LUNCHES = (
    (SPINACH, QUINOA, AVOCADO),
    (LENTILS, TOAST),
    (BLACK_BEANS, BROWN_RICE, CHEDDAR),
    (EGG, SPINACH, TOAST),
)
DINNERS = (
    (SALMON, BROWN_RICE, BROCCOLI),
    (CHICKEN, QUINOA, SPINACH),
    (TOFU, BROWN_RICE, BROCCOLI),
)
SNACKS = ((ALMONDS,), (DARK_CHOCOLATE,), (APPLE,), (PUMPKIN_SEEDS,), (ORANGE,))
MEAL_TIMES = {
    Meal.BREAKFAST: time(7, 45),
    Meal.LUNCH: time(12, 30),
    Meal.SNACK: time(15, 30),
    Meal.DINNER: time(18, 45),
}


@dataclass(frozen=True)
class DemoResult:
    created: bool
    email: str
    password: str | None
    food_entries: int
    supplement_entries: int
    medicine_doses: int


def demo_user() -> User | None:
    """The demo account, if it exists."""
    return db.session.execute(
        select(User).where(User.email == normalize_email(DEMO_EMAIL))
    ).scalar_one_or_none()


def _count(model, user: User) -> int:
    return db.session.execute(
        select(func.count()).select_from(model).where(model.user_id == user.id)
    ).scalar_one()


def _food_for(item: Item, granola: Food, user: User):
    if item.ndb is None:
        return foods.food_for(granola.id, user)
    food_id = db.session.execute(select(Food.id).where(Food.ndb_number == item.ndb)).scalar_one()
    return foods.food_for(food_id, user)


def _log(user: User, day: date, meal: Meal, items: tuple[Item, ...], granola: Food) -> None:
    for item in items:
        food = _food_for(item, granola, user)
        if food is None:
            raise click.ClickException(
                f"Food {item.ndb} is not loaded: run `flask load-foods` first."
            )
        keys = {portion.label: portion.key for portion in foods.standard_portions(food.portions)}
        diary.add_food_entry(
            user,
            day,
            diary.FoodEntryInput(
                food=food,
                portion_key=keys[item.portion],
                quantity_text=item.quantity,
                meal=meal,
                time=MEAL_TIMES[meal],
            ),
        )


def _log_day(user: User, day: date, back: int, granola: Food) -> None:
    """One day of the plan; `back` is how many days before today it is (0 is today)."""
    _log(user, day, Meal.BREAKFAST, BREAKFASTS[back % len(BREAKFASTS)], granola)
    _log(user, day, Meal.LUNCH, LUNCHES[back % len(LUNCHES)], granola)
    _log(user, day, Meal.SNACK, SNACKS[back % len(SNACKS)], granola)
    if back in QUICK_ADD_DAYS:
        diary.add_quick_entry(
            user,
            day,
            diary.QuickAddInput("Cocoa drink (from the label)", "40", Meal.SNACK, time(20, 0)),
        )
    if back == 0:
        return  # today: dinner is not eaten yet, nor the evening supplement taken
    _log(user, day, Meal.DINNER, DINNERS[back % len(DINNERS)], granola)
    if back in BISPHOSPHONATE_DAYS:
        supplements.add_medicine_dose(
            user, day, supplements.MedicineInput("alendronate", "", time(7, 0))
        )
    # Usually at bedtime; on the conflict day an hour after the alendronate.
    taken_at = time(8, 0) if back == CONFLICT_DAY else time(21, 30)
    if back % 11 != 6:  # forgotten now and then
        supplements.add_supplement_entry(
            user,
            day,
            supplements.SupplementInput(
                name=SUPPLEMENT_NAME,
                form=SupplementForm.GLYCINATE,
                mg_per_unit_text=SUPPLEMENT_MG_PER_CAPSULE,
                units_text="1",
                time=taken_at,
                # A glycinate capsule's label lists no calcium or vitamin D: a known 0.
                calcium_per_unit_text="0",
                vitamin_d_per_unit_text="0",
            ),
        )
    if back in COMPLETED_DAYS:
        diary.set_day_completed(user, day, True)


def _plan_regimen(user: User, today: date) -> None:
    """My regimen from today: the bedtime supplement, and the alendronate on its weekday."""
    product = db.session.execute(
        select(SupplementProduct.id).where(SupplementProduct.user_id == user.id)
    ).scalar_one()
    plans: tuple[tuple[str, str, list[int], time], ...] = (
        (f"{regimens.PRODUCT_PREFIX}{product}", "daily", [], time(21, 30)),
        (
            f"{regimens.MEDICINE_PREFIX}alendronate",
            "weekdays",
            [(today - timedelta(days=BISPHOSPHONATE_DAYS[0])).weekday()],
            time(7, 0),
        ),
    )
    for item, pattern, weekdays, at in plans:
        regimens.create_schedule(
            user,
            regimens.ScheduleInput(
                item=item,
                other_name="",
                pattern=pattern,
                weekdays=weekdays,
                interval_days="",
                start_day=today,
                end_day=None,
                times=[at],
                units_text="1",
                reminders=False,
            ),
        )


def delete_demo_account() -> bool:
    """Delete the demo account and everything it logged (the database cascades); True if any."""
    user = demo_user()
    if user is None:
        return False
    user_id = user.id
    db.session.expunge(user)
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
    return True


def create_demo_account(
    *, reset: bool = False, password: str | None = None, timezone: str = DEMO_TIMEZONE
) -> DemoResult:
    """Create the demo account with four weeks of entries ending today; idempotent.

    An existing demo account is left as it is unless `reset`, which deletes and recreates it.
    """
    existing = demo_user()
    if existing is not None and not reset:
        return DemoResult(
            created=False,
            email=existing.email,
            password=None,
            food_entries=_count(FoodEntry, existing),
            supplement_entries=_count(supplements.SupplementEntry, existing),
            medicine_doses=_count(supplements.MedicineDose, existing),
        )
    delete_demo_account()
    password = password or secrets.token_urlsafe(12)
    user = register_user(DEMO_EMAIL, password, timezone=timezone)
    update_profile(
        user,
        ProfileChanges(
            display_name="Demo",
            birth_year=local_today(user).year - 67,
            birth_month=4,
            sex=Sex.FEMALE,
            reproductive_status=ReproductiveStatus.NONE,
            timezone=timezone,
            kidney_condition=False,
        ),
    )
    granola = foods.create_custom_food(
        user,
        foods.CustomFoodInput(
            name=GRANOLA,
            serving_grams=Decimal(50),
            magnesium_mg_per_serving=Decimal(60),
            percent_dv=None,
        ),
    )
    today = local_today(user)
    for back in range(DEMO_DAYS - 1, -1, -1):
        if back != UNLOGGED_DAY:
            _log_day(user, today - timedelta(days=back), back, granola)
    _plan_regimen(user, today)
    return DemoResult(
        created=True,
        email=user.email,
        password=password,
        food_entries=_count(FoodEntry, user),
        supplement_entries=_count(supplements.SupplementEntry, user),
        medicine_doses=_count(supplements.MedicineDose, user),
    )


@click.command("demo")
@click.option("--reset", is_flag=True, help="Delete the demo account and create it afresh.")
@click.option(
    "--password",
    envvar="TRACKER_DEMO_PASSWORD",
    help="The demo account's password (default: a new random one, printed).",
)
@click.option(
    "--timezone",
    default=DEMO_TIMEZONE,
    show_default=True,
    help="The account's time zone: the four weeks end today there.",
)
@with_appcontext
def demo_command(reset: bool, password: str | None, timezone: str) -> None:
    """Create a demo account with four weeks of realistic entries (safe to run again)."""
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise click.BadParameter(
            f"unknown time zone {timezone!r}", param_hint="--timezone"
        ) from error
    result = create_demo_account(reset=reset, password=password, timezone=timezone)
    if not result.created:
        click.echo(
            f"The demo account {result.email} already exists ({result.food_entries} foods, "
            f"{result.supplement_entries} supplements, {result.medicine_doses} medicine doses "
            "logged); nothing was changed. Run `flask demo --reset` to recreate it with a "
            "new password and four weeks ending today."
        )
        return
    click.echo(
        f"Created the demo account: {result.food_entries} foods, "
        f"{result.supplement_entries} supplements and {result.medicine_doses} medicine doses "
        f"over the {DEMO_DAYS} days up to today ({timezone})."
    )
    click.echo(f"  Email:    {result.email}")
    click.echo(f"  Password: {result.password}")
