"""The user's own data: everything as one JSON file, importing it into an empty account, and
deleting the account.

The file format (version 1) is described in the README ("Your data"). Exact numbers are
written as decimal strings ("23.7"), so no program rounds them on the way through a float;
rows refer to each other by references made for the file ("food-1", "product-1"), never by
database ids. An import checks the whole file before it writes anything, then writes it in one
transaction: it lands completely or not at all.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from werkzeug.security import check_password_hash

from tracker.dbtypes import max_value
from tracker.domain.cautions import MedicineClass, check_bisphosphonate_gap
from tracker.domain.entries import EntryKind, Meal
from tracker.domain.periods import FIRST_DAY, LAST_DAY, WEEK_STARTS
from tracker.domain.reference import ReproductiveStatus, Sex
from tracker.domain.supplements import (
    MAX_MG_PER_UNIT,
    MAX_SUPPLEMENT_MG_PER_ENTRY,
    ProductKind,
    SupplementForm,
    medicine_preset,
)
from tracker.domain.totals import (
    MAX_GRAMS_PER_ENTRY,
    MAX_QUANTITY,
    grams_to_milligrams,
    hundredths_to_percent_dv,
    mg_to_ug,
    micro_to_quantity,
    milligrams_to_grams,
    percent_dv_to_hundredths,
    quantity_to_micro,
    ug_to_mg,
)
from tracker.extensions import db
from tracker.formatting import exact_or_none
from tracker.localtime import VALID_TIMEZONES
from tracker.models import (
    DayStatus,
    FavouriteFood,
    Food,
    FoodEntry,
    FoodPortion,
    MedicineDose,
    ShareLink,
    SupplementEntry,
    SupplementProduct,
    User,
    utcnow,
)

FORMAT_NAME = "magnesium-tracker-data"
FORMAT_VERSION = 1
# Large enough for years of detailed logging (about 300 bytes an entry), small enough to parse.
IMPORT_MAX_BYTES = 32 * 1024 * 1024
# The largest quantity the day page accepts, in grams, where the 5 kg limit decides instead.
MAX_IMPORT_QUANTITY = Decimal(10**9)
MAX_NUTRIENT_PER_100G = 1_000_000.0


class DataImportError(ValueError):
    """A file that can't be imported; the message is user-facing and nothing was changed."""


# --- Export -------------------------------------------------------------------------------------


def _mg(ug: int | None) -> str | None:
    return None if ug is None else exact_or_none(ug_to_mg(ug))


def _grams(milli: int | None) -> str | None:
    return None if milli is None else exact_or_none(milligrams_to_grams(milli))


def _time(at: time | None) -> str | None:
    return None if at is None else at.isoformat()


def _moment(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _rows(query) -> list:
    return list(db.session.execute(query).scalars())


def export_user_data(user: User, now: datetime | None = None) -> dict[str, Any]:
    """Everything the user logged and set, as a JSON-ready dict (format version 1)."""
    foods = _rows(db.select(Food).where(Food.owner_id == user.id).order_by(Food.id))
    food_refs = {food.id: f"food-{number}" for number, food in enumerate(foods, 1)}
    portions: dict[int, list[FoodPortion]] = {}
    if foods:
        for portion in _rows(
            db.select(FoodPortion)
            .where(FoodPortion.food_id.in_(food_refs))
            .order_by(FoodPortion.food_id, FoodPortion.position, FoodPortion.id)
        ):
            portions.setdefault(portion.food_id, []).append(portion)
    ndb_numbers = dict(
        db.session.execute(
            db.select(Food.id, Food.ndb_number).where(
                Food.id.in_(
                    db.select(FoodEntry.food_id)
                    .where(FoodEntry.user_id == user.id)
                    .union(db.select(FavouriteFood.food_id).where(FavouriteFood.user_id == user.id))
                ),
                Food.ndb_number.is_not(None),
            )
        ).all()
    )

    def food_link(food_id: int | None) -> dict[str, str] | None:
        if food_id in food_refs:
            return {"custom_food": food_refs[food_id]}
        if food_id in ndb_numbers:
            return {"usda_ndb_number": ndb_numbers[food_id]}
        return None

    products = _rows(
        db.select(SupplementProduct)
        .where(SupplementProduct.user_id == user.id)
        .order_by(SupplementProduct.id)
    )
    product_refs = {product.id: f"product-{number}" for number, product in enumerate(products, 1)}
    favourites = [
        food_link(favourite.food_id)
        for favourite in _rows(db.select(FavouriteFood).where(FavouriteFood.user_id == user.id))
    ]
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": _moment(now or utcnow()),
        "profile": {
            "display_name": user.display_name,
            "birth_year": user.birth_year,
            "birth_month": user.birth_month,
            "sex": user.sex,
            "reproductive_status": user.reproductive_status,
            "kidney_condition": bool(user.kidney_condition),
        },
        "settings": {
            "timezone": user.timezone or "UTC",
            "week_starts_on": user.week_starts_on,
            "bisphosphonate_gap_minutes": user.bisphosphonate_gap_minutes,
        },
        "custom_foods": [
            {
                "ref": food_refs[food.id],
                "name": food.name,
                "food_group": food.food_group,
                "magnesium_mg_per_100g": _mg(food.magnesium_ug_per_100g),
                "calcium_mg_per_100g": food.calcium_mg_per_100g,
                "energy_kcal_per_100g": food.energy_kcal_per_100g,
                "vitamin_d_iu_per_100g": food.vitamin_d_iu_per_100g,
                "serving_grams": _grams(food.serving_grams_milli),
                "magnesium_mg_per_serving": _mg(food.magnesium_ug_per_serving),
                "label_percent_dv": (
                    None
                    if food.label_percent_dv_hundredths is None
                    else exact_or_none(hundredths_to_percent_dv(food.label_percent_dv_hundredths))
                ),
                "portions": [
                    {"label": portion.label, "grams": _grams(portion.grams_milli)}
                    for portion in portions.get(food.id, [])
                ],
            }
            for food in foods
        ],
        # Sorted by what they point at, so the same favourites always read the same.
        "favourite_foods": sorted(
            (link for link in favourites if link is not None),
            key=lambda link: sorted(link.items()),
        ),
        "food_entries": [
            {
                "day": entry.day.isoformat(),
                "time": _time(entry.time),
                "meal": entry.meal,
                "kind": entry.kind,
                "food": food_link(entry.food_id),
                "item_name": entry.item_name,
                "portion_label": entry.portion_label,
                "portion_grams": _grams(entry.portion_grams_milli),
                "quantity_text": entry.quantity_text,
                "quantity": exact_or_none(micro_to_quantity(entry.quantity_micro)),
                "grams": _grams(entry.grams_milli),
                "magnesium_mg": _mg(entry.magnesium_ug),
            }
            for entry in _rows(
                db.select(FoodEntry)
                .where(FoodEntry.user_id == user.id)
                .order_by(FoodEntry.day, FoodEntry.id)
            )
        ],
        "supplement_products": [
            {
                "ref": product_refs[product.id],
                "name": product.name,
                "form": product.form,
                "kind": product.kind,
                "preset_key": product.preset_key,
                "unit_name": product.unit_name,
                "magnesium_mg_per_unit": _mg(product.magnesium_ug_per_unit),
                "created_at": _moment(product.created_at),
                "last_used_at": _moment(product.last_used_at),
            }
            for product in products
        ],
        "supplement_entries": [
            {
                "day": entry.day.isoformat(),
                "time": _time(entry.time),
                "product": product_refs.get(entry.product_id),
                "name": entry.name,
                "form": entry.form,
                "kind": entry.kind,
                "magnesium_mg_per_unit": _mg(entry.magnesium_ug_per_unit),
                "units_text": entry.units_text,
                "units": exact_or_none(micro_to_quantity(entry.units_micro)),
                "magnesium_mg": _mg(entry.magnesium_ug),
            }
            for entry in _rows(
                db.select(SupplementEntry)
                .where(SupplementEntry.user_id == user.id)
                .order_by(SupplementEntry.day, SupplementEntry.id)
            )
        ],
        "medicine_doses": [
            {
                "day": dose.day.isoformat(),
                "time": _time(dose.time),
                "medicine_class": dose.medicine_class,
                "medicine_name": dose.medicine_name,
            }
            for dose in _rows(
                db.select(MedicineDose)
                .where(MedicineDose.user_id == user.id)
                .order_by(MedicineDose.day, MedicineDose.time, MedicineDose.id)
            )
        ],
        "day_statuses": [
            {"day": status.day.isoformat(), "completed": bool(status.completed)}
            for status in _rows(
                db.select(DayStatus).where(DayStatus.user_id == user.id).order_by(DayStatus.day)
            )
        ],
    }


def export_json(user: User, now: datetime | None = None) -> bytes:
    """The export as UTF-8 JSON text."""
    return (json.dumps(export_user_data(user, now), ensure_ascii=False, indent=1) + "\n").encode(
        "utf-8"
    )


# --- Reading a file, checking every value -------------------------------------------------------

_DECIMAL_RE = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,12})?")
_TIME_RE = re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?")
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Reader:
    """Checks values of the file one by one; every error names where in the file it is."""

    def fail(self, path: str, message: str) -> DataImportError:
        return DataImportError(f"{path}: {message}")

    def record(self, value: Any, path: str, keys: Iterable[str]) -> dict[str, Any]:
        keys = set(keys)
        if not isinstance(value, dict):
            raise self.fail(path, "expected an object with named values.")
        missing, extra = keys - value.keys(), value.keys() - keys
        if missing:
            raise self.fail(path, f"missing {', '.join(sorted(missing))}.")
        if extra:
            raise self.fail(path, f"unexpected {', '.join(sorted(map(str, extra)))}.")
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, "expected a list.")
        return value

    def text(
        self, value: Any, path: str, max_length: int, *, nullable: bool = False, empty: bool = False
    ) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise self.fail(path, "expected text.")
        if not value and not empty:
            raise self.fail(path, "must not be empty.")
        if len(value) > max_length:
            raise self.fail(path, f"longer than {max_length} characters.")
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise self.fail(path, "contains control characters.")
        return value

    def choice(self, value: Any, path: str, options: Iterable[str], *, nullable=False):
        options = tuple(options)
        if value is None and nullable:
            return None
        if value not in options:
            raise self.fail(path, f"must be one of {', '.join(map(str, options))}.")
        return value

    def flag(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, "expected true or false.")
        return value

    def integer(
        self, value: Any, path: str, low: int, high: int, *, nullable: bool = False
    ) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(path, f"expected a whole number from {low} to {high}.")
        return value

    def number(self, value: Any, path: str) -> float | None:
        """A nutrient shown for context only (a JSON number, or null)."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(path, "expected a number or null.")
        if not 0 <= value <= MAX_NUTRIENT_PER_100G:
            raise self.fail(path, f"expected a number from 0 to {MAX_NUTRIENT_PER_100G:,.0f}.")
        return float(value)

    def decimal(
        self,
        value: Any,
        path: str,
        *,
        places: int,
        high: Decimal,
        low: Decimal = Decimal(0),
        positive: bool = False,
        nullable: bool = False,
    ) -> Decimal | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not _DECIMAL_RE.fullmatch(value):
            raise self.fail(path, 'expected a decimal number written as text, such as "23.7".')
        number = Decimal(value)
        if -number.as_tuple().exponent > places:
            raise self.fail(path, f"at most {places} decimal places.")
        if number < low or number > high or (positive and number == 0):
            limit = f"more than {low}" if positive else f"at least {low}"
            raise self.fail(path, f"must be {limit} and at most {high:,}.")
        return number

    def day(self, value: Any, path: str) -> date:
        try:
            if not isinstance(value, str) or not _DAY_RE.fullmatch(value):
                raise ValueError
            day = date.fromisoformat(value)
        except ValueError:
            raise self.fail(path, 'expected a date such as "2024-03-05".') from None
        if not FIRST_DAY <= day <= LAST_DAY:
            raise self.fail(path, f"must be from {FIRST_DAY.year} to {LAST_DAY.year}.")
        return day

    def time_of_day(self, value: Any, path: str, *, nullable: bool = True) -> time | None:
        if value is None and nullable:
            return None
        try:
            if not isinstance(value, str) or not _TIME_RE.fullmatch(value):
                raise ValueError
            return time.fromisoformat(value)
        except ValueError:
            raise self.fail(path, 'expected a time of day such as "08:30:00".') from None

    def moment(self, value: Any, path: str) -> datetime:
        try:
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(path, "expected a date and time with its UTC offset.") from None
        if moment.tzinfo is None:
            raise self.fail(path, "the date and time needs its UTC offset.")
        return moment.astimezone(UTC)


def _mg_field(reader: _Reader, value: Any, path: str, high: Decimal, **options) -> int | None:
    mg = reader.decimal(value, path, places=3, high=high, **options)
    return None if mg is None else mg_to_ug(mg)


def _grams_field(reader: _Reader, value: Any, path: str, **options) -> int | None:
    grams = reader.decimal(value, path, places=3, high=MAX_GRAMS_PER_ENTRY, **options)
    return None if grams is None else grams_to_milligrams(grams)


_MAX_MG_COLUMN = ug_to_mg(max_value(FoodEntry.magnesium_ug))


def _profile_values(reader: _Reader, data: dict[str, Any], today: date) -> dict[str, Any]:
    profile = reader.record(
        data["profile"],
        "profile",
        (
            "display_name",
            "birth_year",
            "birth_month",
            "sex",
            "reproductive_status",
            "kidney_condition",
        ),
    )
    settings = reader.record(
        data["settings"], "settings", ("timezone", "week_starts_on", "bisphosphonate_gap_minutes")
    )
    values = {
        "display_name": reader.text(
            profile["display_name"], "profile.display_name", 80, nullable=True
        ),
        "birth_year": reader.integer(
            profile["birth_year"], "profile.birth_year", 1900, today.year, nullable=True
        ),
        "birth_month": reader.integer(
            profile["birth_month"], "profile.birth_month", 1, 12, nullable=True
        ),
        "sex": reader.choice(profile["sex"], "profile.sex", [s.value for s in Sex], nullable=True),
        "reproductive_status": reader.choice(
            profile["reproductive_status"],
            "profile.reproductive_status",
            [status.value for status in ReproductiveStatus],
        ),
        "kidney_condition": reader.flag(profile["kidney_condition"], "profile.kidney_condition"),
        "timezone": reader.choice(
            settings["timezone"], "settings.timezone", sorted(VALID_TIMEZONES)
        ),
        "week_starts_on": reader.choice(
            settings["week_starts_on"], "settings.week_starts_on", WEEK_STARTS
        ),
        "bisphosphonate_gap_minutes": reader.integer(
            settings["bisphosphonate_gap_minutes"],
            "settings.bisphosphonate_gap_minutes",
            0,
            24 * 60,
            nullable=True,
        ),
    }
    if (values["birth_year"] is None) != (values["birth_month"] is None):
        raise reader.fail("profile", "give both the year and month of birth, or neither.")
    if values["birth_year"] is not None and (values["birth_year"], values["birth_month"]) > (
        today.year,
        today.month,
    ):
        raise reader.fail("profile.birth_month", "the month of birth is in the future.")
    if (
        values["sex"] == Sex.MALE.value
        and values["reproductive_status"] != ReproductiveStatus.NONE.value
    ):
        raise reader.fail("profile.reproductive_status", "applies only with sex set to female.")
    gap = values["bisphosphonate_gap_minutes"]
    if gap is not None:
        try:
            check_bisphosphonate_gap(timedelta(minutes=gap))
        except ValueError as error:
            raise reader.fail("settings.bisphosphonate_gap_minutes", str(error)) from None
    return values


def _unique_refs(reader: _Reader, rows: list[dict[str, Any]], path: str, prefix: str) -> None:
    seen: set[str] = set()
    for index, row in enumerate(rows):
        ref = reader.text(row["ref"], f"{path}[{index}].ref", 40)
        if not ref.startswith(prefix) or ref in seen:
            raise reader.fail(f"{path}[{index}].ref", f'must be a unique "{prefix}N" reference.')
        seen.add(ref)


def _food_link(reader: _Reader, value: Any, path: str, custom_refs: set[str]):
    """("usda", ndb number), ("custom", ref) or None."""
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) != 1:
        raise reader.fail(path, 'expected null, {"usda_ndb_number": …} or {"custom_food": …}.')
    ((key, target),) = value.items()
    if key == "usda_ndb_number":
        text = reader.text(target, path + ".usda_ndb_number", 8)
        if not text.isascii() or not text.isdigit():
            raise reader.fail(path + ".usda_ndb_number", "expected the digits of an NDB number.")
        return ("usda", text)
    if key == "custom_food":
        if target not in custom_refs:
            raise reader.fail(path + ".custom_food", "refers to no food in custom_foods.")
        return ("custom", target)
    raise reader.fail(path, 'expected "usda_ndb_number" or "custom_food".')


def _parse(raw: bytes, today: date) -> dict[str, Any]:
    """Check the whole file and return the rows to write, in storage units."""
    reader = _Reader()

    def no_constants(name: str):
        raise ValueError(name)

    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DataImportError(
            "That file is not a Magnesium Tracker data file: it could not be read as JSON."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise DataImportError(
            "That file is not a Magnesium Tracker data file (use the file from “Download all my "
            "data”)."
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise DataImportError(
            f"That file has another format version; this tracker reads version {FORMAT_VERSION}."
        )
    reader.record(
        data,
        "file",
        (
            "format",
            "format_version",
            "exported_at",
            "profile",
            "settings",
            "custom_foods",
            "favourite_foods",
            "food_entries",
            "supplement_products",
            "supplement_entries",
            "medicine_doses",
            "day_statuses",
        ),
    )
    reader.moment(data["exported_at"], "exported_at")
    parsed: dict[str, Any] = {"user": _profile_values(reader, data, today)}

    foods = reader.items(data["custom_foods"], "custom_foods")
    food_keys = (
        "ref",
        "name",
        "food_group",
        "magnesium_mg_per_100g",
        "calcium_mg_per_100g",
        "energy_kcal_per_100g",
        "vitamin_d_iu_per_100g",
        "serving_grams",
        "magnesium_mg_per_serving",
        "label_percent_dv",
        "portions",
    )
    for index, food in enumerate(foods):
        reader.record(food, f"custom_foods[{index}]", food_keys)
    _unique_refs(reader, foods, "custom_foods", "food-")
    parsed["foods"] = []
    for index, food in enumerate(foods):
        path = f"custom_foods[{index}]"
        percent = reader.decimal(
            food["label_percent_dv"],
            path + ".label_percent_dv",
            places=2,
            high=Decimal(100_000),
            nullable=True,
        )
        portions = []
        for number, portion in enumerate(reader.items(food["portions"], path + ".portions")):
            where = f"{path}.portions[{number}]"
            reader.record(portion, where, ("label", "grams"))
            portions.append(
                {
                    "position": number,
                    "label": reader.text(portion["label"], where + ".label", 120),
                    "grams_milli": _grams_field(
                        reader, portion["grams"], where + ".grams", positive=True
                    ),
                }
            )
        parsed["foods"].append(
            {
                "ref": food["ref"],
                "name": reader.text(food["name"], path + ".name", 200),
                "food_group": reader.text(
                    food["food_group"], path + ".food_group", 80, nullable=True
                ),
                "magnesium_ug_per_100g": _mg_field(
                    reader,
                    food["magnesium_mg_per_100g"],
                    path + ".magnesium_mg_per_100g",
                    _MAX_MG_COLUMN,
                    nullable=True,
                ),
                "calcium_mg_per_100g": reader.number(
                    food["calcium_mg_per_100g"], path + ".calcium_mg_per_100g"
                ),
                "energy_kcal_per_100g": reader.number(
                    food["energy_kcal_per_100g"], path + ".energy_kcal_per_100g"
                ),
                "vitamin_d_iu_per_100g": reader.number(
                    food["vitamin_d_iu_per_100g"], path + ".vitamin_d_iu_per_100g"
                ),
                "serving_grams_milli": _grams_field(
                    reader,
                    food["serving_grams"],
                    path + ".serving_grams",
                    nullable=True,
                    positive=True,
                ),
                "magnesium_ug_per_serving": _mg_field(
                    reader,
                    food["magnesium_mg_per_serving"],
                    path + ".magnesium_mg_per_serving",
                    _MAX_MG_COLUMN,
                    nullable=True,
                ),
                "label_percent_dv_hundredths": (
                    None if percent is None else percent_dv_to_hundredths(percent)
                ),
                "portions": portions,
            }
        )
    custom_refs = {food["ref"] for food in parsed["foods"]}

    parsed["favourites"] = []
    seen_favourites = set()
    for index, link in enumerate(reader.items(data["favourite_foods"], "favourite_foods")):
        target = _food_link(reader, link, f"favourite_foods[{index}]", custom_refs)
        if target is None or target in seen_favourites:
            raise reader.fail(f"favourite_foods[{index}]", "expected a food, listed once.")
        seen_favourites.add(target)
        parsed["favourites"].append(target)

    parsed["food_entries"] = []
    entry_keys = (
        "day",
        "time",
        "meal",
        "kind",
        "food",
        "item_name",
        "portion_label",
        "portion_grams",
        "quantity_text",
        "quantity",
        "grams",
        "magnesium_mg",
    )
    for index, entry in enumerate(reader.items(data["food_entries"], "food_entries")):
        path = f"food_entries[{index}]"
        reader.record(entry, path, entry_keys)
        kind = reader.choice(entry["kind"], path + ".kind", tuple(EntryKind))
        quantity = reader.decimal(
            entry["quantity"],
            path + ".quantity",
            places=6,
            high=MAX_IMPORT_QUANTITY,
            positive=True,
        )
        parsed["food_entries"].append(
            {
                "day": reader.day(entry["day"], path + ".day"),
                "time": reader.time_of_day(entry["time"], path + ".time"),
                "meal": reader.choice(entry["meal"], path + ".meal", tuple(Meal), nullable=True),
                "kind": kind,
                "food": _food_link(reader, entry["food"], path + ".food", custom_refs),
                "item_name": reader.text(entry["item_name"], path + ".item_name", 200),
                "portion_label": reader.text(entry["portion_label"], path + ".portion_label", 120),
                "portion_grams_milli": _grams_field(
                    reader, entry["portion_grams"], path + ".portion_grams", nullable=True
                ),
                "quantity_text": reader.text(entry["quantity_text"], path + ".quantity_text", 20),
                "quantity_micro": quantity_to_micro(quantity),
                "grams_milli": _grams_field(reader, entry["grams"], path + ".grams", nullable=True),
                "magnesium_ug": _mg_field(
                    reader,
                    entry["magnesium_mg"],
                    path + ".magnesium_mg",
                    _MAX_MG_COLUMN,
                    nullable=True,
                ),
            }
        )

    products = reader.items(data["supplement_products"], "supplement_products")
    product_keys = (
        "ref",
        "name",
        "form",
        "kind",
        "preset_key",
        "unit_name",
        "magnesium_mg_per_unit",
        "created_at",
        "last_used_at",
    )
    for index, product in enumerate(products):
        reader.record(product, f"supplement_products[{index}]", product_keys)
    _unique_refs(reader, products, "supplement_products", "product-")
    forms = [form.value for form in SupplementForm]
    parsed["products"] = []
    for index, product in enumerate(products):
        path = f"supplement_products[{index}]"
        preset_key = reader.text(product["preset_key"], path + ".preset_key", 40, nullable=True)
        if preset_key is not None and medicine_preset(preset_key) is None:
            raise reader.fail(path + ".preset_key", "is not one of the tracker's presets.")
        parsed["products"].append(
            {
                "ref": product["ref"],
                "name": reader.text(product["name"], path + ".name", 120),
                "form": reader.choice(product["form"], path + ".form", forms),
                "kind": reader.choice(product["kind"], path + ".kind", tuple(ProductKind)),
                "preset_key": preset_key,
                "unit_name": reader.text(
                    product["unit_name"], path + ".unit_name", 40, nullable=True
                ),
                "magnesium_ug_per_unit": _mg_field(
                    reader,
                    product["magnesium_mg_per_unit"],
                    path + ".magnesium_mg_per_unit",
                    MAX_MG_PER_UNIT,
                    positive=True,
                ),
                "created_at": reader.moment(product["created_at"], path + ".created_at"),
                "last_used_at": reader.moment(product["last_used_at"], path + ".last_used_at"),
            }
        )
    product_refs = {product["ref"] for product in parsed["products"]}

    parsed["supplement_entries"] = []
    supplement_keys = (
        "day",
        "time",
        "product",
        "name",
        "form",
        "kind",
        "magnesium_mg_per_unit",
        "units_text",
        "units",
        "magnesium_mg",
    )
    for index, entry in enumerate(reader.items(data["supplement_entries"], "supplement_entries")):
        path = f"supplement_entries[{index}]"
        reader.record(entry, path, supplement_keys)
        product = entry["product"]
        if product is not None and product not in product_refs:
            raise reader.fail(path + ".product", "refers to no product in supplement_products.")
        units = reader.decimal(entry["units"], path + ".units", places=6, high=MAX_QUANTITY,
                               positive=True)  # fmt: skip
        parsed["supplement_entries"].append(
            {
                "day": reader.day(entry["day"], path + ".day"),
                "time": reader.time_of_day(entry["time"], path + ".time"),
                "product": product,
                "name": reader.text(entry["name"], path + ".name", 120),
                "form": reader.choice(entry["form"], path + ".form", forms),
                "kind": reader.choice(entry["kind"], path + ".kind", tuple(ProductKind)),
                "magnesium_ug_per_unit": _mg_field(
                    reader,
                    entry["magnesium_mg_per_unit"],
                    path + ".magnesium_mg_per_unit",
                    MAX_MG_PER_UNIT,
                    positive=True,
                ),
                "units_text": reader.text(entry["units_text"], path + ".units_text", 20),
                "units_micro": quantity_to_micro(units),
                "magnesium_ug": _mg_field(
                    reader,
                    entry["magnesium_mg"],
                    path + ".magnesium_mg",
                    MAX_SUPPLEMENT_MG_PER_ENTRY,
                ),
            }
        )

    parsed["medicine_doses"] = []
    classes = [medicine_class.value for medicine_class in MedicineClass]
    for index, dose in enumerate(reader.items(data["medicine_doses"], "medicine_doses")):
        path = f"medicine_doses[{index}]"
        reader.record(dose, path, ("day", "time", "medicine_class", "medicine_name"))
        parsed["medicine_doses"].append(
            {
                "day": reader.day(dose["day"], path + ".day"),
                "time": reader.time_of_day(dose["time"], path + ".time", nullable=False),
                "medicine_class": reader.choice(
                    dose["medicine_class"], path + ".medicine_class", classes
                ),
                "medicine_name": reader.text(dose["medicine_name"], path + ".medicine_name", 80),
            }
        )

    parsed["day_statuses"] = []
    status_days: set[date] = set()
    for index, status in enumerate(reader.items(data["day_statuses"], "day_statuses")):
        path = f"day_statuses[{index}]"
        reader.record(status, path, ("day", "completed"))
        day = reader.day(status["day"], path + ".day")
        if day in status_days:
            raise reader.fail(path + ".day", "this day is listed twice.")
        status_days.add(day)
        parsed["day_statuses"].append(
            {"day": day, "completed": reader.flag(status["completed"], path + ".completed")}
        )
    return parsed


# --- Import -------------------------------------------------------------------------------------

# Every table that holds a user's rows, with the column that names the user.
_USER_TABLES: tuple[tuple[type, Any], ...] = (
    (FavouriteFood, FavouriteFood.user_id),
    (FoodEntry, FoodEntry.user_id),
    (SupplementEntry, SupplementEntry.user_id),
    (SupplementProduct, SupplementProduct.user_id),
    (MedicineDose, MedicineDose.user_id),
    (DayStatus, DayStatus.user_id),
    (ShareLink, ShareLink.user_id),
    (Food, Food.owner_id),
)


def account_is_empty(user: User) -> bool:
    """True when the user has logged, saved and shared nothing yet."""
    for _model, column in _USER_TABLES:
        if db.session.execute(db.select(column).where(column == user.id).limit(1)).first():
            return False
    return True


def import_user_data(user: User, raw: bytes, today: date) -> dict[str, int]:
    """Import a data file into an empty account, all or nothing; return counts of what landed."""
    parsed = _parse(raw, today)
    if not account_is_empty(user):
        raise DataImportError(
            "Your account already has data, so nothing was imported. A data file can only be "
            "imported into a new, empty account, so that nothing is mixed up or counted twice."
        )
    try:
        for name, value in parsed["user"].items():
            setattr(user, name, value)
        food_ids: dict[str, int] = {}
        for values in parsed["foods"]:
            values = dict(values)
            ref, portions = values.pop("ref"), values.pop("portions")
            food = Food(owner_id=user.id, **values)
            food.portions = [FoodPortion(**portion) for portion in portions]
            db.session.add(food)
            db.session.flush()
            food_ids[ref] = food.id
        wanted = {target for kind, target in _links(parsed) if kind == "usda"}
        usda_ids = (
            dict(
                db.session.execute(
                    db.select(Food.ndb_number, Food.id).where(Food.ndb_number.in_(wanted))
                ).all()
            )
            if wanted
            else {}
        )

        def food_id_of(link) -> int | None:
            if link is None:
                return None
            kind, target = link
            return food_ids[target] if kind == "custom" else usda_ids.get(target)

        product_ids: dict[str, int] = {}
        for values in parsed["products"]:
            values = dict(values)
            ref = values.pop("ref")
            product = SupplementProduct(user_id=user.id, **values)
            db.session.add(product)
            db.session.flush()
            product_ids[ref] = product.id
        _insert(
            FoodEntry,
            (
                {
                    **{k: v for k, v in entry.items() if k != "food"},
                    "user_id": user.id,
                    "food_id": food_id_of(entry["food"]),
                }
                for entry in parsed["food_entries"]
            ),
        )
        _insert(
            SupplementEntry,
            (
                {
                    **{k: v for k, v in entry.items() if k != "product"},
                    "user_id": user.id,
                    "product_id": product_ids.get(entry["product"]),
                }
                for entry in parsed["supplement_entries"]
            ),
        )
        _insert(MedicineDose, ({**dose, "user_id": user.id} for dose in parsed["medicine_doses"]))
        _insert(DayStatus, ({**s, "user_id": user.id} for s in parsed["day_statuses"]))
        favourite_ids = {food_id_of(link) for link in parsed["favourites"]} - {None}
        _insert(FavouriteFood, ({"user_id": user.id, "food_id": f} for f in favourite_ids))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {
        "food_entries": len(parsed["food_entries"]),
        "custom_foods": len(parsed["foods"]),
        "supplement_entries": len(parsed["supplement_entries"]),
        "supplement_products": len(parsed["products"]),
        "medicine_doses": len(parsed["medicine_doses"]),
        "day_statuses": len(parsed["day_statuses"]),
    }


def _links(parsed: dict[str, Any]) -> Iterable[tuple[str, str]]:
    for entry in parsed["food_entries"]:
        if entry["food"] is not None:
            yield entry["food"]
    yield from parsed["favourites"]


def _insert(model: type, rows: Iterable[dict[str, Any]]) -> None:
    """Insert many rows in order, in the running transaction."""
    rows = list(rows)
    if rows:
        db.session.execute(db.insert(model), rows)


# --- Deleting the account -----------------------------------------------------------------------


def delete_account(user: User, password: str) -> bool:
    """Delete the user and every row of theirs, if the password is right; return whether it was.

    Rows are deleted table by table in one transaction, rather than trusting ON DELETE CASCADE
    alone, so nothing is left behind even on a database that does not enforce foreign keys.
    """
    if not check_password_hash(user.password_hash, password or ""):
        return False
    user_id = user.id
    custom_foods = db.select(Food.id).where(Food.owner_id == user_id)
    try:
        db.session.execute(db.delete(FavouriteFood).where(FavouriteFood.user_id == user_id))
        # Other users' favourites of this user's foods cannot exist, but a stale row must not
        # keep a deleted food alive either.
        db.session.execute(db.delete(FavouriteFood).where(FavouriteFood.food_id.in_(custom_foods)))
        for model, column in _USER_TABLES:
            if model not in (FavouriteFood, Food):
                db.session.execute(db.delete(model).where(column == user_id))
        db.session.execute(db.delete(FoodPortion).where(FoodPortion.food_id.in_(custom_foods)))
        db.session.execute(db.delete(Food).where(Food.owner_id == user_id))
        db.session.execute(db.delete(User).where(User.id == user_id))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return True
