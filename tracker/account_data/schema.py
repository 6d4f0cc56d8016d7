"""The data file (format version 1), declared once: export writes it, import reads it, and the
README's table of its keys is checked against it.

Pydantic models with extra="forbid". Exact numbers are decimal strings ("23.7"), never JSON
numbers, so no program rounds them through a float; limits are read from the model columns
(tracker.dbtypes) and the domain; rows refer to each other by references made for the file
("food-1", "product-1"), checked in the file's model validator. An error names its place in
the file: "food_entries[12].magnesium_mg: must be at least 0 and at most 2,147,483.647."
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Final, Literal, get_args, get_origin

import pydantic_core
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from tracker.account_data.fields import (
    AS_TEXT,
    CalciumMilligrams,
    Day,
    Flag,
    FoodLink,
    Grams,
    Milligrams,
    MilligramsPer100g,
    MilligramsPerServing,
    Moment,
    Nutrient,
    PercentDailyValue,
    PositiveGrams,
    Ref,
    ServingGrams,
    TimeOfDay,
    TimeZoneName,
    VitaminDMicrograms,
    exact,
    import_today,
    text,
    whole,
)
from tracker.dbtypes import max_length
from tracker.domain.bone_nutrients import MAX_CALCIUM_MG_PER_UNIT, MAX_VITAMIN_D_UG_PER_UNIT
from tracker.domain.cautions import MedicineClass, check_bisphosphonate_gap
from tracker.domain.entries import EntryKind, Meal
from tracker.domain.periods import WeekStart
from tracker.domain.recipes import MAX_INGREDIENTS, MAX_SERVINGS, MIN_SERVINGS
from tracker.domain.reference import ReproductiveStatus, Sex
from tracker.domain.regimens import (
    MAX_INTERVAL_DAYS,
    MAX_TIMES_PER_DAY,
    MIN_INTERVAL_DAYS,
    DoseStatus,
    ScheduleItem,
    SchedulePattern,
    Weekday,
    check_plan,
)
from tracker.domain.supplements import (
    MAX_MG_PER_UNIT,
    MAX_SUPPLEMENT_MG_PER_ENTRY,
    ProductKind,
    SupplementForm,
    medicine_preset,
)
from tracker.domain.totals import MAX_QUANTITY, mg_per_100g_from_serving
from tracker.models import (
    Food,
    FoodEntry,
    FoodPortion,
    MedicineDose,
    Recipe,
    RecipeIngredient,
    Schedule,
    SchedulePlan,
    SupplementEntry,
    SupplementProduct,
    User,
)

FORMAT_NAME: Final = "magnesium-tracker-data"
FORMAT_VERSION: Final = 1
# An amount logged in grams may be a large number of portions; the 5 kg limit decides there.
MAX_QUANTITY_IN_GRAMS = Decimal(10**9)


class DataImportError(Exception):
    """A file that can't be imported; the message is user-facing and nothing was changed.

    Not a ValueError: raised inside a model validator (a broken reference, names its place
    itself), pydantic lets it through as it is rather than wrapping it as a field error.
    """


# A label's calcium (mg) and vitamin D (µg) per unit, with the supplement form's limits.
CalciumPerUnit = Annotated[Decimal, exact(3, MAX_CALCIUM_MG_PER_UNIT), AS_TEXT]
VitaminDPerUnit = Annotated[Decimal, exact(3, MAX_VITAMIN_D_UG_PER_UNIT), AS_TEXT]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The file -----------------------------------------------------------------------------------


class Profile(_Part):
    display_name: Annotated[str, text(max_length(User.display_name))] | None
    birth_year: Annotated[int, whole(1900, None)] | None
    birth_month: Annotated[int, whole(1, 12)] | None
    sex: Sex | None
    reproductive_status: ReproductiveStatus
    kidney_condition: Flag

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Profile:
        if (self.birth_year is None) != (self.birth_month is None):
            raise DataImportError("profile: give both the year and month of birth, or neither.")
        today = import_today(info)
        if self.birth_year is not None and (self.birth_year, self.birth_month) > (
            today.year,
            today.month,
        ):
            raise DataImportError("profile.birth_month: the month of birth is in the future.")
        if self.sex is Sex.MALE and self.reproductive_status is not ReproductiveStatus.NONE:
            raise DataImportError(
                "profile.reproductive_status: applies only with sex set to female."
            )
        return self


class Settings(_Part):
    timezone: TimeZoneName
    week_starts_on: WeekStart
    bisphosphonate_gap_minutes: Annotated[int, whole(0, 24 * 60)] | None
    show_bone_companions: Flag = Field(
        default=True, description="the day page's calcium and vitamin D"
    )

    @field_validator("bisphosphonate_gap_minutes")
    @classmethod
    def _gap(cls, minutes: int | None) -> int | None:
        if minutes is not None:
            check_bisphosphonate_gap(timedelta(minutes=minutes))  # a ValueError in its words
        return minutes


class Portion(_Part):
    label: Annotated[str, text(max_length(FoodPortion.label))]
    grams: PositiveGrams


class CustomFood(_Part):
    ref: Ref
    name: Annotated[str, text(max_length(Food.name))]
    food_group: Annotated[str, text(max_length(Food.food_group))] | None
    magnesium_mg_per_100g: MilligramsPer100g | None
    calcium_mg_per_100g: Nutrient
    energy_kcal_per_100g: Nutrient
    # The README says the three nutrients are JSON numbers after the last of them.
    vitamin_d_iu_per_100g: Nutrient = Field(description="JSON numbers, context only")
    serving_grams: ServingGrams | None
    magnesium_mg_per_serving: MilligramsPerServing | None
    label_percent_dv: PercentDailyValue | None
    portions: list[Portion] = Field(fail_fast=True)

    @model_validator(mode="after")
    def _possible(self) -> CustomFood:
        # No serving holds more magnesium than it weighs: the form's own check.
        if self.serving_grams is not None and self.magnesium_mg_per_serving is not None:
            mg_per_100g_from_serving(self.magnesium_mg_per_serving, self.serving_grams)
        return self


# Where an imported row came from (tracker.domain.cronometer): kept, so that importing the
# same Cronometer file into the account this file goes to adds nothing twice.
Origin = Annotated[str, text(max_length(FoodEntry.origin))]
ORIGIN_DESCRIPTION = "imported from Cronometer: `cronometer:` and a hash, once; else null"


class FoodEntryRow(_Part):
    day: Day
    time: TimeOfDay | None
    meal: Meal | None
    kind: EntryKind
    food: FoodLink | None = Field(description="as in favourites, or null")
    item_name: Annotated[str, text(max_length(FoodEntry.item_name))]
    portion_label: Annotated[str, text(max_length(FoodEntry.portion_label))]
    portion_grams: Grams | None
    quantity_text: Annotated[str, text(max_length(FoodEntry.quantity_text))] = Field(
        description="as typed"
    )
    quantity: Annotated[Decimal, exact(6, MAX_QUANTITY_IN_GRAMS, positive=True), AS_TEXT] = Field(
        description="exact"
    )
    grams: Grams | None
    magnesium_mg: Milligrams | None = Field(description="null when unknown")
    # Issue 16; files from before them have neither: unknown.
    calcium_mg: CalciumMilligrams | None = Field(default=None, description="null when unknown")
    vitamin_d_ug: VitaminDMicrograms | None = Field(default=None, description="null when unknown")
    origin: Origin | None = Field(default=None, description=ORIGIN_DESCRIPTION)
    # Servings of a recipe (kind "recipe"); both absent from files written before recipes.
    recipe: Ref | None = Field(default=None, description="a ref of `recipes`, or null")
    magnesium_unknown_in: list[Annotated[str, text(max_length(RecipeIngredient.food_name))]] = (
        Field(
            default_factory=list,
            description="ingredients with no magnesium value (magnesium_mg is then a minimum)",
            max_length=MAX_INGREDIENTS,
        )
    )


class RecipeIngredientRow(_Part):
    food: FoodLink | None = Field(description="as in favourites, or null")
    food_name: Annotated[str, text(max_length(RecipeIngredient.food_name))]
    portion_label: Annotated[str, text(max_length(RecipeIngredient.portion_label))]
    portion_grams: PositiveGrams
    quantity_text: Annotated[str, text(max_length(RecipeIngredient.quantity_text))]
    quantity: Annotated[Decimal, exact(6, MAX_QUANTITY_IN_GRAMS, positive=True), AS_TEXT]
    grams: PositiveGrams
    magnesium_mg: Milligrams | None = Field(description="null when unknown")


class RecipeRow(_Part):
    ref: Ref
    name: Annotated[str, text(max_length(Recipe.name))]
    servings: Annotated[int, whole(MIN_SERVINGS, MAX_SERVINGS)]
    ingredients: list[RecipeIngredientRow] = Field(
        fail_fast=True, min_length=1, max_length=MAX_INGREDIENTS
    )


class SupplementProductRow(_Part):
    ref: Ref
    name: Annotated[str, text(max_length(SupplementProduct.name))]
    form: SupplementForm
    kind: ProductKind
    preset_key: Ref | None
    unit_name: Annotated[str, text(max_length(SupplementProduct.unit_name))] | None
    magnesium_mg_per_unit: Annotated[Decimal, exact(3, MAX_MG_PER_UNIT, positive=True), AS_TEXT]
    created_at: Moment
    last_used_at: Moment
    calcium_mg_per_unit: CalciumPerUnit | None = Field(default=None, description="null: not given")
    vitamin_d_ug_per_unit: VitaminDPerUnit | None = Field(
        default=None, description="null: not given"
    )

    @field_validator("preset_key")
    @classmethod
    def _preset(cls, key: str | None) -> str | None:
        if key is not None and medicine_preset(key) is None:
            raise ValueError("is not one of the tracker's presets.")
        return key


class SupplementEntryRow(_Part):
    day: Day
    time: TimeOfDay | None
    product: Ref | None = Field(description="a ref or null")
    name: Annotated[str, text(max_length(SupplementEntry.name))]
    form: SupplementForm
    kind: ProductKind
    magnesium_mg_per_unit: Annotated[Decimal, exact(3, MAX_MG_PER_UNIT, positive=True), AS_TEXT]
    units_text: Annotated[str, text(max_length(SupplementEntry.units_text))]
    units: Annotated[Decimal, exact(6, MAX_QUANTITY, positive=True), AS_TEXT]
    magnesium_mg: Annotated[Decimal, exact(3, MAX_SUPPLEMENT_MG_PER_ENTRY), AS_TEXT]
    calcium_mg_per_unit: CalciumPerUnit | None = Field(default=None, description="null: not given")
    vitamin_d_ug_per_unit: VitaminDPerUnit | None = Field(
        default=None, description="null: not given"
    )
    calcium_mg: CalciumMilligrams | None = None
    vitamin_d_ug: VitaminDMicrograms | None = None
    origin: Origin | None = Field(default=None, description=ORIGIN_DESCRIPTION)


class MedicineDoseRow(_Part):
    day: Day
    time: TimeOfDay
    medicine_class: MedicineClass
    medicine_name: Annotated[str, text(max_length(MedicineDose.medicine_name))]


class DayStatusRow(_Part):
    day: Day
    completed: Flag


class PlanRow(_Part):
    effective_from: Day = Field(description="the day this plan took over; 1900-01-01 for the first")
    pattern: SchedulePattern
    weekdays: list[Weekday] = Field(description="`monday` … `sunday`, for `weekdays`")
    interval_days: Annotated[int, whole(MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS)] | None
    start_day: Day
    end_day: Day | None
    times: list[TimeOfDay] = Field(
        description="local wall-clock times", max_length=MAX_TIMES_PER_DAY
    )
    units_text: Annotated[str, text(max_length(SchedulePlan.units_text))]
    units: Annotated[Decimal, exact(6, MAX_QUANTITY, positive=True), AS_TEXT]

    @model_validator(mode="after")
    def _plan(self) -> PlanRow:
        # The form's own rule: days for "weekdays", N for "interval", times unless as needed.
        check_plan(
            self.pattern,
            start=self.start_day,
            end=self.end_day,
            times=self.times,
            weekdays=[day.number for day in self.weekdays],
            interval_days=self.interval_days,
        )
        return self


class DoseConfirmationRow(_Part):
    day: Day
    planned_time: TimeOfDay
    status: DoseStatus
    name: Annotated[str, text(max_length(Schedule.name))]
    units_text: Annotated[str, text(max_length(SchedulePlan.units_text))]
    logged_as: Annotated[int, whole(0, 2**31 - 1)] | None = Field(
        description="for a dose taken, the position (from 0) of the dose it logged in "
        "`supplement_entries` or `medicine_doses`, or null"
    )


class ScheduleRow(_Part):
    ref: Ref
    item: ScheduleItem
    product: Ref | None = Field(description="a ref or null")
    name: Annotated[str, text(max_length(Schedule.name))]
    form: SupplementForm | None
    product_kind: ProductKind | None
    unit_name: Annotated[str, text(max_length(Schedule.unit_name))] | None
    magnesium_mg_per_unit: (
        Annotated[Decimal, exact(3, MAX_MG_PER_UNIT, positive=True), AS_TEXT] | None
    )
    medicine_class: MedicineClass | None
    reminders: Flag
    created_at: Moment
    plans: list[PlanRow] = Field(fail_fast=True, min_length=1)
    confirmations: list[DoseConfirmationRow] = Field(fail_fast=True)

    @model_validator(mode="after")
    def _consistent(self) -> ScheduleRow:
        product = (self.magnesium_mg_per_unit, self.form, self.product_kind)
        if self.item is ScheduleItem.PRODUCT and (
            None in product or self.medicine_class is not None
        ):
            raise DataImportError(
                f"schedules ({self.ref}): a product needs its form, kind and magnesium per unit."
            )
        if self.item is ScheduleItem.SPACED_MEDICINE and (
            self.medicine_class is None or product != (None, None, None) or self.product
        ):
            raise DataImportError(
                f"schedules ({self.ref}): a medicine to space needs its class, and no product."
            )
        if len({plan.effective_from for plan in self.plans}) != len(self.plans):
            raise DataImportError(f"schedules ({self.ref}).plans: two plans start the same day.")
        keys = {(dose.day, dose.planned_time) for dose in self.confirmations}
        if len(keys) != len(self.confirmations):
            raise DataImportError(f"schedules ({self.ref}).confirmations: a dose is listed twice.")
        return self


def _lists(description: str) -> Any:
    # A list stops at its first bad item: the import reports the first error only.
    return Field(description=description, fail_fast=True)


class DataFile(_Part):
    """Everything a user logged and set, as one file."""

    format: Literal["magnesium-tracker-data"]
    format_version: Literal[1]
    exported_at: Moment = Field(description="an ISO 8601 UTC time")
    profile: Profile
    settings: Settings
    custom_foods: list[CustomFood] = _lists("")
    favourite_foods: list[FoodLink] = _lists(
        '`{"usda_ndb_number": "11457"}` or `{"custom_food": "food-1"}`'
    )
    food_entries: list[FoodEntryRow] = _lists("")
    supplement_products: list[SupplementProductRow] = _lists(
        'the saved products of "My supplements"'
    )
    supplement_entries: list[SupplementEntryRow] = _lists("")
    medicine_doses: list[MedicineDoseRow] = _lists("medicines logged for their timing")
    day_statuses: list[DayStatusRow] = _lists("")
    schedules: list[ScheduleRow] = _lists(
        '"My regimen": each item with its plans (one per edit) and the planned doses marked '
        "taken or skipped"
    )
    # Absent from files written before recipes: none.
    recipes: list[RecipeRow] = Field(
        default_factory=list,
        description='"My recipes", each with its ingredients (absent in older files)',
        fail_fast=True,
    )

    @model_validator(mode="after")
    def _references(self) -> DataFile:
        return self.check_references()

    def check_references(self) -> DataFile:
        """Every reference points at a row of the file, each ref once (DataImportError)."""
        foods = _unique_refs([food.ref for food in self.custom_foods], "custom_foods", "food-")
        products = _unique_refs(
            [product.ref for product in self.supplement_products], "supplement_products", "product-"
        )
        seen: set[tuple[str, str]] = set()
        for index, link in enumerate(self.favourite_foods):
            _check_link(link, f"favourite_foods[{index}]", foods)
            if link in seen:
                raise DataImportError(f"favourite_foods[{index}]: expected a food, listed once.")
            seen.add(link)
        recipes = _unique_refs([recipe.ref for recipe in self.recipes], "recipes", "recipe-")
        for index, recipe in enumerate(self.recipes):
            for number, ingredient in enumerate(recipe.ingredients):
                if ingredient.food is not None:
                    _check_link(
                        ingredient.food, f"recipes[{index}].ingredients[{number}].food", foods
                    )
        for index, entry in enumerate(self.food_entries):
            if entry.food is not None:
                _check_link(entry.food, f"food_entries[{index}].food", foods)
            if entry.recipe is not None and entry.recipe not in recipes:
                raise DataImportError(
                    f"food_entries[{index}].recipe: refers to no recipe in recipes."
                )
        _unique_origins(self.food_entries, "food_entries")
        _unique_origins(self.supplement_entries, "supplement_entries")
        for index, dose in enumerate(self.supplement_entries):
            if dose.product is not None and dose.product not in products:
                raise DataImportError(
                    f"supplement_entries[{index}].product: refers to no product in "
                    "supplement_products."
                )
        _check_schedules(self, products)
        days: set[date] = set()
        for index, status in enumerate(self.day_statuses):
            if status.day in days:
                raise DataImportError(f"day_statuses[{index}].day: this day is listed twice.")
            days.add(status.day)
        return self


def _unique_origins(rows: Sequence[FoodEntryRow | SupplementEntryRow], section: str) -> None:
    seen: set[str] = set()
    for index, row in enumerate(rows):
        if row.origin is None:
            continue
        if row.origin in seen:
            raise DataImportError(f"{section}[{index}].origin: this origin is listed twice.")
        seen.add(row.origin)


def _check_schedules(file: DataFile, products: set[str]) -> None:
    """Schedules name products of the file, and each taken dose a logged dose of its day."""
    _unique_refs([schedule.ref for schedule in file.schedules], "schedules", "schedule-")
    used: set[tuple[ScheduleItem, int]] = set()
    for index, schedule in enumerate(file.schedules):
        if schedule.product is not None and schedule.product not in products:
            raise DataImportError(
                f"schedules[{index}].product: refers to no product in supplement_products."
            )
        logged: list[Any] = (
            file.supplement_entries
            if schedule.item is ScheduleItem.PRODUCT
            else file.medicine_doses
        )
        for number, dose in enumerate(schedule.confirmations):
            place = f"schedules[{index}].confirmations[{number}].logged_as"
            if dose.logged_as is None:
                continue
            if (
                dose.status is not DoseStatus.TAKEN
                or dose.logged_as >= len(logged)
                or logged[dose.logged_as].day != dose.day
                or (schedule.item, dose.logged_as) in used
            ):
                raise DataImportError(f"{place}: refers to no logged dose of that day.")
            used.add((schedule.item, dose.logged_as))


def _unique_refs(refs: list[str], path: str, prefix: str) -> set[str]:
    seen: set[str] = set()
    for index, ref in enumerate(refs):
        if not ref.startswith(prefix) or ref in seen:
            raise DataImportError(f'{path}[{index}].ref: must be a unique "{prefix}N" reference.')
        seen.add(ref)
    return seen


def _check_link(link: tuple[str, str], path: str, foods: set[str]) -> None:
    kind, target = link
    if kind == "custom" and target not in foods:
        raise DataImportError(f"{path}.custom_food: refers to no food in custom_foods.")


# --- Reading a file -----------------------------------------------------------------------------

_BOM = "\ufeff".encode()


def _place(location: tuple[int | str, ...]) -> str:
    """("food_entries", 12, "magnesium_mg") -> "food_entries[12].magnesium_mg"."""
    place = ""
    for part in location:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else str(part))
    return place or "file"


def _message(error: Any) -> str:
    kind, location = error["type"], tuple(error["loc"])
    if kind in ("missing", "extra_forbidden"):
        what = "missing" if kind == "missing" else "unexpected"
        return f"{_place(location[:-1])}: {what} {location[-1]}."
    if kind == "model_type":
        return f"{_place(location)}: expected an object with named values."
    if kind == "list_type":
        return f"{_place(location)}: expected a list."
    if kind in ("enum", "literal_error"):
        return f"{_place(location)}: must be one of {error['ctx']['expected']}."
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{_place(location)}: {message}"


NOT_A_DATA_FILE = (
    "That file is not a Magnesium Tracker data file (use the file from “Download all my data”)."
)


def _unreadable(reason: str) -> str:
    # The parser refuses "\\ud800" alone: half of a character, which UTF-8 cannot hold.
    if "surrogate" in reason or "hex escape" in reason:
        where = re.search(r"line [0-9]+ column [0-9]+", reason)
        at = f", at {where.group()}" if where else ""
        return (
            "That file holds text that is not valid Unicode (a lone surrogate or a broken "
            f"\\u escape{at}): nothing was imported."
        )
    return "That file is not a Magnesium Tracker data file: it could not be read as JSON."


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _checked(location: tuple[int | str, ...], annotation: Any, value: Any, today: date) -> Any:
    try:
        return _adapter(annotation).validate_python(value, context={"today": today})
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        raise DataImportError(_message({**first, "loc": (*location, *first["loc"])})) from None


def _section(name: str, field: FieldInfo, value: Any, today: date) -> Any:
    """One top-level value of the file; a list is checked item by item and stops at the first
    bad one, so nothing after the first problem is looked at."""
    if get_origin(field.annotation) is not list:
        return _checked((name,), field.rebuild_annotation(), value, today)
    (item,) = get_args(field.annotation)
    if not isinstance(value, list):
        raise DataImportError(f"{name}: expected a list.")
    return [_checked((name, index), item, row, today) for index, row in enumerate(value)]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: the parsed file is hundreds of thousands of objects
    that live until the import ends, and each collection would walk them all again (a third
    of the time a large file took) to free nothing: checking makes no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_file(raw: bytes, today: date) -> DataFile:
    """Parse and check a data file; DataImportError names the first problem.

    The JSON is parsed once (pydantic's Rust parser: a 20 MB file in about a quarter of a
    second), then checked value by value in the order of the file's declaration, each list
    row by row: the first problem stops the import, and nothing after it is checked.
    """
    try:
        document = pydantic_core.from_json(raw.removeprefix(_BOM), allow_inf_nan=False)
    except ValueError as error:
        raise DataImportError(_unreadable(str(error))) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise DataImportError(NOT_A_DATA_FILE)
    version = document.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise DataImportError(
            f"That file has another format version; this tracker reads version {FORMAT_VERSION}."
        )
    for key in document:
        if key not in DataFile.model_fields:
            raise DataImportError(f"file: unexpected {key}.")
    values = {}
    with _no_cycle_collection():
        for name, field in DataFile.model_fields.items():
            if name not in document:
                if not field.is_required():
                    continue  # a section added later (recipes): an older file has none
                raise DataImportError(f"file: missing {name}.")
            values[name] = _section(name, field, document[name], today)
    # The rows are checked; what remains is how they refer to each other.
    return DataFile.model_construct(**values).check_references()


# --- The README's table -------------------------------------------------------------------------


def _choices(annotation: Any) -> str:
    """ "(`female`/`male`/null)" for an enum (or optional enum) field, else ""."""
    members = [arg for arg in (get_args(annotation) or (annotation,)) if arg is not type(None)]
    nullable = type(None) in get_args(annotation)
    if len(members) == 1 and isinstance(members[0], type) and issubclass(members[0], StrEnum):
        values = [f"`{member.value}`" for member in members[0]]
        return f" ({'/'.join(values + (['null'] if nullable else []))})"
    return ""


def _fields(model: type[BaseModel]) -> str:
    parts = []
    for name, field in model.model_fields.items():
        nested = _item_model(field.annotation)
        if nested is not None:
            note = f" ({_fields(nested)})"
        elif field.description:
            note = f" ({field.description})"
        else:
            note = _choices(field.annotation)
        parts.append(f"`{name}`{note}")
    return ", ".join(parts)


def _item_model(annotation: Any) -> type[BaseModel] | None:
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def readme_table() -> str:
    """The README's table of the file's keys ("Your data"), made from the models."""
    rows = [
        "| Key | Content |",
        "|---|---|",
        "| `format`, `format_version`, `exported_at` | "
        f'`"{FORMAT_NAME}"`, `{FORMAT_VERSION}`, '
        f"{DataFile.model_fields['exported_at'].description} |",
    ]
    for name, field in DataFile.model_fields.items():
        if name in ("format", "format_version", "exported_at"):
            continue
        model = _item_model(field.annotation)
        content = _fields(model) if model is not None else ""
        if field.description:
            content = f"{field.description}: {content}" if content else field.description
        rows.append(f"| `{name}` | {content} |")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m tracker.account_data.schema: the table for the README
    print(readme_table())
