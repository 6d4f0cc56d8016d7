"""The app's routes as data, for tests that must cover every route (access, CSRF, bad input).

FACTORIES says, for each URL parameter that names an object (an id or a token), how to make a
real one belonging to a given user. Tests walk ``app.url_map`` and build every route from
these, so a new route is covered as soon as it exists, and a route with a parameter that has
no factory fails loudly instead of slipping past.

Lookup order for a parameter: ``"<endpoint>:<name>"``, ``"<blueprint>:<name>"``, ``"<name>"``;
so a generic name such as ``entry_id`` can mean a food entry in ``diary`` and a supplement
entry in ``supplements``. Add a factory here when you add a route with a new parameter.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import Flask, url_for
from sqlalchemy import select
from werkzeug.routing import Rule

from tracker.extensions import db
from tracker.models import (
    DoseConfirmation,
    Food,
    FoodEntry,
    FoodPortion,
    MedicineDose,
    Recipe,
    RecipeIngredient,
    Schedule,
    SchedulePlan,
    ShareLink,
    SupplementEntry,
    SupplementProduct,
    User,
)

DAY = date(2024, 3, 5)
SPINACH_NDB = "11457"
SKIPPED_ENDPOINTS = {"static"}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class Made:
    """What the factories made for one owner (later factories may use earlier objects)."""

    owner: User
    objects: dict[str, object] = field(default_factory=dict)


Factory = Callable[[Made], object]


def _add(row) -> int:
    db.session.add(row)
    db.session.commit()
    return row.id


def _spinach_id() -> int:
    return db.session.execute(select(Food.id).filter_by(ndb_number=SPINACH_NDB)).scalar_one()


def food_entry(made: Made) -> int:
    """One logged food (100 g of spinach) on DAY."""
    return _add(
        FoodEntry(
            user_id=made.owner.id,
            day=DAY,
            time=time(8, 30),
            kind="food",
            food_id=_spinach_id(),
            item_name="Spinach, raw",
            portion_label="g",
            portion_grams_milli=1_000,
            quantity_text="100",
            quantity_micro=100_000_000,
            grams_milli=100_000,
            magnesium_ug=79_000,
        )
    )


def quick_add_entry(made: Made) -> int:
    """A quick add on DAY: 45 mg typed in for a food not in the database."""
    return _add(
        FoodEntry(
            user_id=made.owner.id,
            day=DAY,
            kind="quick_add",
            food_id=None,
            item_name="Owner's granola bar (label)",
            portion_label="quick add",
            quantity_text="1",
            quantity_micro=1_000_000,
            magnesium_ug=45_000,
        )
    )


def custom_food(made: Made) -> int:
    """A custom food: 20 mg of magnesium in a 50 g serving."""
    return _add(
        Food(
            owner_id=made.owner.id,
            name="Owner's granola bar",
            serving_grams_milli=50_000,
            magnesium_ug_per_serving=20_000,
            magnesium_ug_per_100g=40_000,
        )
    )


def recipe(made: Made) -> int:
    """A recipe of two servings: 100 g of spinach (79 mg)."""
    if "recipe" not in made.objects:
        made.objects["recipe"] = _add(
            Recipe(
                user_id=made.owner.id,
                name="Owner's spinach soup",
                servings=2,
                ingredients=[
                    RecipeIngredient(
                        position=0,
                        food_id=_spinach_id(),
                        food_name="Spinach, raw",
                        portion_label="g",
                        portion_grams_milli=1_000,
                        quantity_text="100",
                        quantity_micro=100_000_000,
                        grams_milli=100_000,
                        magnesium_ug=79_000,
                    )
                ],
            )
        )
    return made.objects["recipe"]


def supplement_product(made: Made) -> int:
    """A saved supplement: 100 mg of elemental magnesium per capsule."""
    # One saved product per name, form and strength: reuse the one an earlier URL made.
    existing = db.session.execute(
        select(SupplementProduct.id).filter_by(
            user_id=made.owner.id, name_key="owner's magnesium glycinate", form="glycinate"
        )
    ).scalar()
    if existing is not None:
        made.objects.setdefault("product", existing)
    if "product" not in made.objects:
        made.objects["product"] = _add(
            SupplementProduct(
                user_id=made.owner.id,
                name="Owner's magnesium glycinate",
                form="glycinate",
                kind="supplement",
                unit_name="capsule",
                magnesium_ug_per_unit=100_000,
            )
        )
    return made.objects["product"]


def supplement_entry(made: Made) -> int:
    """Two capsules of the saved supplement, logged on DAY."""
    return _add(
        SupplementEntry(
            user_id=made.owner.id,
            day=DAY,
            time=time(21, 0),
            product_id=supplement_product(made),
            name="Owner's magnesium glycinate",
            form="glycinate",
            kind="supplement",
            magnesium_ug_per_unit=100_000,
            units_text="2",
            units_micro=2_000_000,
            magnesium_ug=200_000,
        )
    )


def medicine_dose(made: Made) -> int:
    """A bisphosphonate dose on DAY at 07:00."""
    return _add(
        MedicineDose(
            user_id=made.owner.id,
            day=DAY,
            time=time(7, 0),
            medicine_class="bisphosphonate",
            medicine_name="Alendronate",
        )
    )


def _schedule(made: Made, plan: SchedulePlan, **item: object) -> int:
    schedule = Schedule(user_id=made.owner.id, **item)
    schedule.plans = [plan]
    return _add(schedule)


def schedule(made: Made) -> int:
    """A schedule of My regimen: the saved supplement every day at 08:00 from DAY, reminded."""
    if "schedule" not in made.objects:
        made.objects["schedule"] = _schedule(
            made,
            SchedulePlan(
                effective_from=date(1900, 1, 1),
                pattern="daily",
                start_day=DAY,
                times=(time(8, 0),),
                units_text="1",
                units_micro=1_000_000,
            ),
            item="product",
            product_id=supplement_product(made),
            name="Owner's magnesium glycinate",
            form="glycinate",
            product_kind="supplement",
            magnesium_ug_per_unit=100_000,
            reminders=True,
        )
    return made.objects["schedule"]


def as_needed_schedule(made: Made) -> int:
    """A medicine to space, as needed (its day-page form takes the time it was taken)."""
    return _schedule(
        made,
        SchedulePlan(
            effective_from=date(1900, 1, 1),
            pattern="as_needed",
            start_day=DAY,
            units_text="1",
            units_micro=1_000_000,
        ),
        item="spaced_medicine",
        name="Doxycycline",
        medicine_class="tetracycline",
    )


def dose_confirmation(made: Made) -> int:
    """DAY's planned dose of the schedule, marked skipped."""
    return _add(
        DoseConfirmation(
            user_id=made.owner.id,
            schedule_id=schedule(made),
            day=DAY,
            planned_time=time(8, 0),
            status="skipped",
            name="Owner's magnesium glycinate",
            units_text="1",
        )
    )


def _share_link(made: Made, *, expires_in: timedelta, revoked: bool = False) -> tuple[int, str]:
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    link_id = _add(
        ShareLink(
            user_id=made.owner.id,
            token_sha256=hashlib.sha256(token.encode()).hexdigest(),
            start_day=DAY - timedelta(days=6),
            end_day=DAY,
            expires_at=now + expires_in,
            revoked_at=now if revoked else None,
        )
    )
    return link_id, token


def share_link(made: Made) -> int:
    """A live share link (30 days)."""
    if "link" not in made.objects:
        made.objects["link"] = _share_link(made, expires_in=timedelta(days=30))
    return made.objects["link"][0]


def share_token(made: Made) -> str:
    """The raw token of a live share link (only its SHA-256 is stored)."""
    share_link(made)
    return made.objects["link"][1]


def dead_share_tokens(made: Made) -> dict[str, str]:
    """Tokens that must open nothing: revoked, expired, never issued."""
    return {
        "revoked": _share_link(made, expires_in=timedelta(days=30), revoked=True)[1],
        "expired": _share_link(made, expires_in=timedelta(seconds=-1))[1],
        "unknown": secrets.token_urlsafe(32),
    }


def _spare_account(made: Made) -> User:
    """Another account for a link: a fuzzed form that succeeds must not change the owner's."""
    from tests.helpers import PASSWORD
    from tracker.auth.operations import register_user

    return register_user(f"link-{secrets.token_hex(6)}@example.org", PASSWORD)


def password_reset_token(made: Made) -> str:
    """A live password reset link (of an account made for it)."""
    from tracker.auth import tokens

    return tokens.for_account(_spare_account(made), tokens.Purpose.PASSWORD_RESET)


def email_change_token(made: Made) -> str:
    """A live link confirming a new email (of an account made for it)."""
    from tracker.auth import tokens

    new_email = f"moved-{secrets.token_hex(6)}@example.org"
    return tokens.for_account(_spare_account(made), tokens.Purpose.EMAIL_CHANGE, e=new_email)


def registration_token(made: Made) -> str:
    """A live link to finish registering an email that has no account yet."""
    from tracker.auth import tokens

    return tokens.make(tokens.Purpose.REGISTRATION, e=f"new-{secrets.token_hex(6)}@example.org")


FACTORIES: dict[str, Factory] = {
    "entry_id": food_entry,
    "diary.edit_quick_entry:entry_id": quick_add_entry,
    "food_entry_id": food_entry,
    "food_id": custom_food,
    "custom_food_id": custom_food,
    "product_id": supplement_product,
    "supplement_product_id": supplement_product,
    "supplements:entry_id": supplement_entry,
    "supplement_entry_id": supplement_entry,
    "dose_id": medicine_dose,
    "medicine_dose_id": medicine_dose,
    "schedule_id": schedule,
    "recipe_id": recipe,
    # No route takes it: populate() makes one, so the day page shows its "as needed" form.
    "as_needed_schedule_id": as_needed_schedule,
    "dose_confirmation_id": dose_confirmation,
    "link_id": share_link,
    "share_link_id": share_link,
    "token": share_token,
    "auth.reset_password:token": password_reset_token,
    "auth.confirm_email:token": email_change_token,
    "auth.finish_registration:token": registration_token,
}

# Parameters that open a page for whoever holds them (a share link, a link sent by email):
# anyone with a live token may use it by design; a revoked, expired or unknown token must be
# a 404 for everybody.
PUBLIC_TOKENS = {"token"}


# Parameters that are values, not objects, by converter name: any user may ask for any day.
VALUE_CONVERTERS: dict[str, object] = {"day": DAY, "month": DAY.replace(day=1)}


def converter_name(rule: Rule, name: str) -> str | None:
    converter = rule._converters.get(name)
    for registered, cls in rule.map.converters.items():
        if type(converter) is cls:
            return registered
    return None


def value_for(rule: Rule, name: str, made: Made) -> object:
    """Return a value for one URL parameter of a rule, making the owner's object if needed."""
    converter = converter_name(rule, name)
    if converter in VALUE_CONVERTERS:
        return VALUE_CONVERTERS[converter]
    for key in (f"{rule.endpoint}:{name}", f"{rule.endpoint.split('.')[0]}:{name}", name):
        if key in FACTORIES:
            return FACTORIES[key](made)
    raise LookupError(
        f"Route {rule.rule} ({rule.endpoint}) takes <{name}>, which tests/routes.py does not "
        "know: add a factory to FACTORIES that makes a real object of its kind for a user, "
        "so the access-control, CSRF and bad-input tests cover this route."
    )


def object_params(rule: Rule) -> list[str]:
    """Return the rule's parameters that name objects (not days, months or other values)."""
    return [name for name in rule.arguments if converter_name(rule, name) not in VALUE_CONVERTERS]


def app_rules(app: Flask) -> list[Rule]:
    """Every rule of the app but static files, in a stable order."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in SKIPPED_ENDPOINTS]
    return sorted(rules, key=lambda rule: (rule.rule, rule.endpoint))


def methods_of(rule: Rule) -> list[str]:
    """The rule's methods that a client would send (no HEAD or OPTIONS)."""
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def build_url(app: Flask, rule: Rule, values: dict[str, object]) -> str:
    """Build a rule's path from parameter values."""
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def build_for(app: Flask, rule: Rule, owner: User) -> tuple[str, Made]:
    """Make the owner's objects for every parameter of a rule; return its URL and them."""
    made = Made(owner)
    with app.app_context():
        values = {name: value_for(rule, name, made) for name in rule.arguments}
        db.session.remove()
    return build_url(app, rule, values), made


def populate(app: Flask, owner: User) -> Made:
    """Make one object of every kind in FACTORIES for the owner (for pages that list them)."""
    made = Made(owner)
    with app.app_context():
        for factory in dict.fromkeys(FACTORIES.values()):
            factory(made)
        db.session.remove()
    return made


def snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Every row of users' data (all tables but the shared USDA foods), in a stable order."""
    tables: dict[str, list[tuple]] = {}
    with app.app_context():
        custom_food_ids = select(Food.id).where(Food.owner_id.is_not(None))
        for table in db.metadata.sorted_tables:
            query = select(table)
            if table.name == Food.__tablename__:
                query = query.where(table.c.owner_id.is_not(None))
            elif table.name == FoodPortion.__tablename__:
                query = query.where(table.c.food_id.in_(custom_food_ids))
            rows = db.session.execute(query).all()
            tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
        db.session.remove()
    return tables


# Opening a share link records when it was last opened: the one write a GET may make.
ACCESS_RECORDS = {ShareLink.__tablename__: "last_accessed_at"}


def without_access_records(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """A snapshot with the columns that only record a read (ACCESS_RECORDS) blanked out."""
    blanked = dict(tables)
    for name, column in ACCESS_RECORDS.items():
        index = list(db.metadata.tables[name].columns.keys()).index(column)
        blanked[name] = [(*row[:index], None, *row[index + 1 :]) for row in tables.get(name, [])]
    return blanked


def row_counts(app: Flask) -> dict[str, int]:
    """How many rows each user-data table holds."""
    return {name: len(rows) for name, rows in snapshot(app).items()}
