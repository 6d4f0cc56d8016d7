"""The user's own data: everything as one file, and importing it into an empty account.

The file's format is one declaration, tracker.account_data.schema (and the README's table is
checked against it). Export builds the file from the rows; import reads and checks it in one
pass, then writes everything in one transaction: it lands completely or not at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

import pydantic_core
from pydantic import BaseModel
from sqlalchemy import Boolean, Date, String, Time, type_coerce
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import selectinload

from tracker.account_data.regimen import export_schedules, import_schedules
from tracker.account_data.schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    CustomFood,
    DataFile,
    DataImportError,
    DayStatusRow,
    FoodEntryRow,
    MedicineDoseRow,
    Portion,
    Profile,
    RecipeIngredientRow,
    RecipeRow,
    Settings,
    SupplementEntryRow,
    SupplementProductRow,
    read_file,
)
from tracker.domain.totals import (
    grams_to_milligrams,
    hundredths_to_percent_dv,
    mg_to_ug,
    micro_to_quantity,
    milligrams_to_grams,
    percent_dv_to_hundredths,
    quantity_to_micro,
    ug_to_mg,
)
from tracker.extensions import RowLockTimeout, db, lock_row
from tracker.formatting import exact_text, scaled_text
from tracker.models import (
    DayStatus,
    FavouriteFood,
    Food,
    FoodEntry,
    FoodPortion,
    MedicineDose,
    Recipe,
    RecipeIngredient,
    Schedule,
    ShareLink,
    SupplementEntry,
    SupplementProduct,
    User,
    utcnow,
)
from tracker.recipes.loggable import MISSING_SEPARATOR, missing_names

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "DataImportError"]

# What a real ten-year log needs, with room: ten years of a heavy user's every day logged
# (15 foods, 2 supplement doses, a quick add every other day, a weekly medicine dose; 56,606
# food entries) make a 21.1 MiB file (bench/bench_data_file.py). Anything larger is refused
# (413) before it is read.
IMPORT_MAX_BYTES = 24 * 1024 * 1024

_PLAIN_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+")

FoodTarget = tuple[str, str]  # ("usda", NDB number) or ("custom", "food-1")


# --- Export -------------------------------------------------------------------------------------


def _rows(query: Any) -> list[Any]:
    return list(db.session.execute(query).scalars())


def _grams(milli: int | None) -> Any:
    return None if milli is None else milligrams_to_grams(milli)


def _mg(ug: int | None) -> Any:
    return None if ug is None else ug_to_mg(ug)


def _milli(value: Any) -> int | None:
    return None if value is None else grams_to_milligrams(value)


def _ug(value: Any) -> int | None:
    return None if value is None else mg_to_ug(value)


def _link_order(link: FoodTarget) -> tuple[str, str]:
    # As the file writes them: {"custom_food": ...} sorts before {"usda_ndb_number": ...}.
    return ("custom_food" if link[0] == "custom" else "usda_ndb_number", link[1])


def _same(value: Any) -> Any:
    return value


def _percent(hundredths: int | None) -> Any:
    return None if hundredths is None else hundredths_to_percent_dv(hundredths)


def _hundredths(percent: Any) -> int | None:
    return None if percent is None else percent_dv_to_hundredths(percent)


@dataclass(frozen=True)
class _Column:
    """A value of the file and the column that stores it, with the conversions both ways."""

    field: str
    column: str
    to_file: Callable[[Any], Any] = _same
    to_column: Callable[[Any], Any] = _same


def _columns(*names: str | _Column) -> tuple[_Column, ...]:
    return tuple(name if isinstance(name, _Column) else _Column(name, name) for name in names)


# How each row of the file maps to its table (references and links are made apart).
FOOD_COLUMNS = _columns(
    "name",
    "food_group",
    _Column("magnesium_mg_per_100g", "magnesium_ug_per_100g", _mg, _ug),
    "calcium_mg_per_100g",
    "energy_kcal_per_100g",
    "vitamin_d_iu_per_100g",
    _Column("serving_grams", "serving_grams_milli", _grams, _milli),
    _Column("magnesium_mg_per_serving", "magnesium_ug_per_serving", _mg, _ug),
    _Column("label_percent_dv", "label_percent_dv_hundredths", _percent, _hundredths),
)
# An amount of a food, as a logged entry and a recipe's ingredient both write it.
AMOUNT_COLUMNS = _columns(
    "portion_label",
    _Column("portion_grams", "portion_grams_milli", _grams, _milli),
    "quantity_text",
    _Column("quantity", "quantity_micro", micro_to_quantity, quantity_to_micro),
    _Column("grams", "grams_milli", _grams, _milli),
    _Column("magnesium_mg", "magnesium_ug", _mg, _ug),
)
ENTRY_COLUMNS = _columns(
    "day",
    "time",
    "meal",
    "kind",
    "item_name",
    *AMOUNT_COLUMNS,
    # Calcium µg as mg and vitamin D ng as µg: thousandths both (tracker.domain.bone_nutrients).
    _Column("calcium_mg", "calcium_ug", _mg, _ug),
    _Column("vitamin_d_ug", "vitamin_d_ng", _mg, _ug),
    "origin",
)
BONE_PER_UNIT_COLUMNS = _columns(
    _Column("calcium_mg_per_unit", "calcium_ug_per_unit", _mg, _ug),
    _Column("vitamin_d_ug_per_unit", "vitamin_d_ng_per_unit", _mg, _ug),
)
PRODUCT_COLUMNS = _columns(
    "name",
    "form",
    "kind",
    "preset_key",
    "unit_name",
    _Column("magnesium_mg_per_unit", "magnesium_ug_per_unit", _mg, _ug),
    "created_at",
    "last_used_at",
    *BONE_PER_UNIT_COLUMNS,
)
SUPPLEMENT_COLUMNS = _columns(
    "day",
    "time",
    "name",
    "form",
    "kind",
    _Column("magnesium_mg_per_unit", "magnesium_ug_per_unit", _mg, _ug),
    "units_text",
    _Column("units", "units_micro", micro_to_quantity, quantity_to_micro),
    _Column("magnesium_mg", "magnesium_ug", _mg, _ug),
    *BONE_PER_UNIT_COLUMNS,
    _Column("calcium_mg", "calcium_ug", _mg, _ug),
    _Column("vitamin_d_ug", "vitamin_d_ng", _mg, _ug),
    "origin",
)
DOSE_COLUMNS = _columns("day", "time", "medicine_class", "medicine_name")
DAY_STATUS_COLUMNS = _columns("day", "completed")
INGREDIENT_COLUMNS = _columns("food_name", *AMOUNT_COLUMNS)


def _values_query(model: type, columns: tuple[_Column, ...], *extra: Any) -> Any:
    # Only the columns the file writes (then the extra ones), for _plain_rows.
    return db.select(*(getattr(model, column.column) for column in columns), *extra)


def _plain_rows(query: Any) -> Sequence[Any]:
    # Plain Core rows, not through the ORM: years of entries are tens of thousands of rows.
    db.session.flush()
    return db.session.connection().execute(query).all()


def _row_values(row: Any, columns: tuple[_Column, ...]) -> dict[str, Any]:
    # A row of _values_query: the columns' values come first, in order (then the extra ones).
    return {
        column.field: column.to_file(value)
        for column, value in zip(columns, row[: len(columns)], strict=True)
    }


def _file_values(row: Any, columns: tuple[_Column, ...]) -> dict[str, Any]:
    return {column.field: column.to_file(getattr(row, column.column)) for column in columns}


def _column_values(part: Any, columns: tuple[_Column, ...]) -> dict[str, Any]:
    return {column.column: column.to_column(getattr(part, column.field)) for column in columns}


def _usda_numbers(user: User) -> dict[int, str]:
    """The NDB number of each USDA food the user logged or starred, by food id."""
    return dict(
        db.session.execute(
            db.select(Food.id, Food.ndb_number).where(
                Food.id.in_(
                    db.select(FoodEntry.food_id)
                    .where(FoodEntry.user_id == user.id)
                    .union(
                        db.select(FavouriteFood.food_id).where(FavouriteFood.user_id == user.id),
                        db.select(RecipeIngredient.food_id)
                        .join(Recipe, Recipe.id == RecipeIngredient.recipe_id)
                        .where(Recipe.user_id == user.id),
                    )
                ),
                Food.ndb_number.is_not(None),
            )
        ).all()
    )


def build_file(user: User, now: datetime | None = None, without: tuple[str, ...] = ()) -> DataFile:
    """Everything the user logged and set, as the data file (format version 1); the lists
    named in `without` left empty (export_json_chunks writes them as it reads them)."""
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
    ndb_numbers = _usda_numbers(user)

    def food_link(food_id: int | None) -> FoodTarget | None:
        if food_id in food_refs:
            return ("custom", food_refs[food_id])
        if food_id in ndb_numbers:
            return ("usda", ndb_numbers[food_id])
        return None

    products = _rows(
        db.select(SupplementProduct)
        .where(SupplementProduct.user_id == user.id)
        .order_by(SupplementProduct.id)
    )
    product_refs = {product.id: f"product-{number}" for number, product in enumerate(products, 1)}
    supplement_entries = _plain_rows(
        _values_query(
            SupplementEntry, SUPPLEMENT_COLUMNS, SupplementEntry.id, SupplementEntry.product_id
        )
        .where(SupplementEntry.user_id == user.id)
        .order_by(SupplementEntry.day, SupplementEntry.id)
    )
    medicine_doses = _plain_rows(
        _values_query(MedicineDose, DOSE_COLUMNS, MedicineDose.id)
        .where(MedicineDose.user_id == user.id)
        .order_by(MedicineDose.day, MedicineDose.time, MedicineDose.id)
    )
    recipes = _rows(
        db.select(Recipe)
        .where(Recipe.user_id == user.id)
        .options(selectinload(Recipe.ingredients))
        .order_by(Recipe.id)
    )
    recipe_refs = _recipe_refs(recipe.id for recipe in recipes)
    favourites = [
        food_link(favourite.food_id)
        for favourite in _rows(db.select(FavouriteFood).where(FavouriteFood.user_id == user.id))
    ]
    # Built, not validated: the rows are the app's own, and a user must always be able to
    # take their data out.
    return DataFile.model_construct(
        format=FORMAT_NAME,
        format_version=FORMAT_VERSION,
        exported_at=now or utcnow(),
        profile=Profile.model_construct(
            display_name=user.display_name,
            birth_year=user.birth_year,
            birth_month=user.birth_month,
            sex=user.sex,
            reproductive_status=user.reproductive_status,
            kidney_condition=bool(user.kidney_condition),
        ),
        settings=Settings.model_construct(
            timezone=user.timezone,
            week_starts_on=user.week_starts_on,
            bisphosphonate_gap_minutes=user.bisphosphonate_gap_minutes,
            show_bone_companions=user.show_bone_companions,
        ),
        custom_foods=[
            CustomFood.model_construct(
                ref=food_refs[food.id],
                **_file_values(food, FOOD_COLUMNS),
                portions=[
                    Portion.model_construct(label=portion.label, grams=_grams(portion.grams_milli))
                    for portion in portions.get(food.id, [])
                ],
            )
            for food in foods
        ],
        # Sorted by what they point at, so the same favourites always read the same.
        favourite_foods=sorted((link for link in favourites if link is not None), key=_link_order),
        food_entries=[]
        if "food_entries" in without
        else [
            FoodEntryRow.model_construct(
                food=food_link(entry.food_id),
                **_row_values(entry, ENTRY_COLUMNS),
                recipe=recipe_refs.get(entry.recipe_id),
                magnesium_unknown_in=list(missing_names(entry.magnesium_unknown_in)),
            )
            for entry in _plain_rows(
                _values_query(
                    FoodEntry,
                    ENTRY_COLUMNS,
                    FoodEntry.food_id,
                    FoodEntry.recipe_id,
                    FoodEntry.magnesium_unknown_in,
                )
                .where(FoodEntry.user_id == user.id)
                .order_by(FoodEntry.day, FoodEntry.id)
            )
        ],
        supplement_products=[
            SupplementProductRow.model_construct(
                ref=product_refs[product.id], **_file_values(product, PRODUCT_COLUMNS)
            )
            for product in products
        ],
        supplement_entries=[
            SupplementEntryRow.model_construct(
                product=product_refs.get(entry.product_id),
                **_row_values(entry, SUPPLEMENT_COLUMNS),
            )
            for entry in supplement_entries
        ],
        medicine_doses=[
            MedicineDoseRow.model_construct(**_row_values(dose, DOSE_COLUMNS))
            for dose in medicine_doses
        ],
        day_statuses=[]
        if "day_statuses" in without
        else [
            DayStatusRow.model_construct(**_row_values(status, DAY_STATUS_COLUMNS))
            for status in _plain_rows(
                _values_query(DayStatus, DAY_STATUS_COLUMNS)
                .where(DayStatus.user_id == user.id)
                .order_by(DayStatus.day)
            )
        ],
        schedules=export_schedules(
            user,
            product_refs,
            [entry.id for entry in supplement_entries],
            [dose.id for dose in medicine_doses],
        ),
        recipes=[
            RecipeRow.model_construct(
                ref=recipe_refs[recipe.id],
                name=recipe.name,
                servings=recipe.servings,
                ingredients=[
                    RecipeIngredientRow.model_construct(
                        food=food_link(ingredient.food_id),
                        **_file_values(ingredient, INGREDIENT_COLUMNS),
                    )
                    for ingredient in recipe.ingredients
                ],
            )
            for recipe in recipes
        ],
    )


def export_user_data(user: User, now: datetime | None = None) -> dict[str, Any]:
    """The data file as a JSON-ready dict."""
    return build_file(user, now).model_dump(mode="json")


def export_json(user: User, now: datetime | None = None) -> bytes:
    """The data file as UTF-8 JSON text (export_json_chunks, joined)."""
    return b"".join(export_json_chunks(user, now))


def reference_json(file: DataFile) -> bytes:
    """A built data file as the download's text: json.dumps(file.model_dump(mode="json"),
    ensure_ascii=False, indent=1) and a line end.

    Written by the schema's own serializer (pydantic-core, compiled), several times faster. The
    one place they differ is a float Python writes with an exponent ("1e-05", which pydantic
    writes "0.00001") or not as a number at all: a custom food with such a nutrient value (none
    the app stores) takes json.dumps.
    """
    if any(_exponent_float(food) for food in file.custom_foods):
        text = json.dumps(file.model_dump(mode="json"), ensure_ascii=False, indent=1)
    else:
        text = file.model_dump_json(indent=1)
    return (text + "\n").encode("utf-8")


# --- The data file, streamed --------------------------------------------------------------------
#
# export_json_chunks writes reference_json(build_file(user)) as it reads the rows: the small
# parts (profile, settings, custom foods, favourites, products, regimen) are built as above;
# the long lists are read as plain rows of only their columns, each row made the dict of the
# values its row model would write (stored integers written by integer arithmetic), serialized
# a batch at a time by pydantic-core with the file's indentation, and sent in chunks. The tests
# compare the two byte for byte.

_JSON_BATCH = 200  # rows serialized at a time: about 64 KiB of the file
# Conversions to the file of stored whole numbers: the decimal places they are written with.
_SCALED_PLACES: dict[Callable[[Any], Any], int] = {
    _grams: 3,
    _mg: 3,
    micro_to_quantity: 6,
    _percent: 2,
}


def _iso_or_none(value: date | time | None) -> str | None:
    return None if value is None else value.isoformat()


def _file_value(to_file: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A stored value as the row models write it (their serializers: exact text, .value)."""
    places = _SCALED_PLACES.get(to_file)
    if places is None:
        return lambda value: _written(to_file(value))
    return lambda units: None if units is None else scaled_text(units, places)


def _written(value: Any) -> Any:
    if isinstance(value, Decimal):
        return exact_text(value)
    if isinstance(value, date | time):
        return value.isoformat()
    return value.value if isinstance(value, Enum) else value


def _plain_column(model: type, column: _Column) -> tuple[Any, Callable[[Any], Any]]:
    """The column to select for a value of the file, and how its raw value is written."""
    selected = getattr(model, column.column)
    column_type = selected.type
    if column.to_file is _same and isinstance(column_type, SqlEnum):
        return type_coerce(selected, String), _same  # its stored text is its value
    if column.to_file is _same and isinstance(column_type, Date | Time):
        return selected, _iso_or_none
    if column.to_file is _same and isinstance(column_type, String | Boolean):
        return selected, _same
    return selected, _file_value(column.to_file)


@dataclass(frozen=True)
class _RowWriter:
    """The query of a long list of the file, and how one of its rows becomes the dict its row
    model would write: each field of the model from a column, or from the extra selected
    values (references) by a function of its own."""

    query: Any
    plan: tuple[tuple[str, int, Callable[[Any], Any]], ...]

    def file_row(self, row: Any) -> dict[str, Any]:
        """One row of the query as the file writes it."""
        return {
            field: row[index] if write is _same else write(row[index])
            for field, index, write in self.plan
        }


def _row_writer(
    row_model: type[BaseModel],
    model: type,
    columns: tuple[_Column, ...],
    extras: dict[str, tuple[Any, Callable[[Any], Any]]],
) -> _RowWriter:
    by_field = {column.field: (index, column) for index, column in enumerate(columns)}
    selected = [_plain_column(model, column) for column in columns]
    extra_columns = [column for column, _write in extras.values()]
    plan = []
    for field in row_model.model_fields:
        if field in by_field:
            index = by_field[field][0]
            plan.append((field, index, selected[index][1]))
        else:
            index = len(columns) + list(extras).index(field)
            plan.append((field, index, extras[field][1]))
    query = db.select(*(column for column, _write in selected), *extra_columns)
    return _RowWriter(query, tuple(plan))


def _json_rows(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The items of a list at the file's second level, a batch at a time, comma-joined."""
    batch: list[dict[str, Any]] = []
    first = True

    def written() -> str:
        # pydantic-core writes "[\n {…}\n]" for a list alone: without its brackets and one
        # level deeper, the items are as the whole file's serializer writes them.
        text = pydantic_core.to_json(batch, indent=1).decode("utf-8")
        return ("" if first else ",") + text[1:-2].replace("\n", "\n ")

    for row in rows:
        batch.append(row)
        if len(batch) == _JSON_BATCH:
            yield written()
            batch, first = [], False
    if batch:
        yield written()


def _recipe_refs(recipe_ids: Iterable[int]) -> dict[int, str]:
    """Each recipe's ref in the file, in the order of their ids (build_file and the stream)."""
    return {recipe_id: f"recipe-{number}" for number, recipe_id in enumerate(recipe_ids, 1)}


def _missing_list(text: str | None) -> list[str]:
    return list(missing_names(text))


def _streamed_lists(user: User) -> dict[str, tuple[_RowWriter, Any]]:
    """The file's long lists: how each row is written, and the query in the file's order."""
    links = _food_links_json(user)
    recipe_refs = _recipe_refs(
        db.session.execute(
            db.select(Recipe.id).where(Recipe.user_id == user.id).order_by(Recipe.id)
        ).scalars()
    )
    entries = _row_writer(
        FoodEntryRow,
        FoodEntry,
        ENTRY_COLUMNS,
        {
            "food": (FoodEntry.food_id, links.get),
            "recipe": (FoodEntry.recipe_id, recipe_refs.get),
            "magnesium_unknown_in": (FoodEntry.magnesium_unknown_in, _missing_list),
        },
    )
    statuses = _row_writer(DayStatusRow, DayStatus, DAY_STATUS_COLUMNS, {})
    return {
        "food_entries": (
            entries,
            entries.query.where(FoodEntry.user_id == user.id).order_by(FoodEntry.day, FoodEntry.id),
        ),
        "day_statuses": (
            statuses,
            statuses.query.where(DayStatus.user_id == user.id).order_by(DayStatus.day),
        ),
    }


def export_json_chunks(user: User, now: datetime | None = None) -> Iterator[bytes]:
    """The data file as UTF-8 JSON text, in chunks of about 64 KiB, as the rows are read."""
    streamed = _streamed_lists(user)
    skeleton = reference_json(build_file(user, now, without=tuple(streamed))).decode("utf-8")
    rest = skeleton
    for name, (writer, query) in streamed.items():
        # An empty list in the skeleton (at the top level: a line of its own) is where the rows go.
        marker = f'\n "{name}": []'
        head, found, rest = rest.partition(marker)
        assert found and marker not in rest, name
        yield (head + marker[:-1]).encode("utf-8")
        written = False
        for text in _json_rows(map(writer.file_row, _read_in_batches(query))):
            written = True
            yield text.encode("utf-8")
        yield ("\n ]" if written else "]").encode("utf-8")
    yield rest.encode("utf-8")


def _read_in_batches(query: Any) -> Iterator[Any]:
    # Plain rows fetched a batch at a time (a server-side cursor on PostgreSQL).
    db.session.flush()
    return iter(db.session.connection().execute(query.execution_options(yield_per=1000)))


def _food_links_json(user: User) -> dict[int, dict[str, str]]:
    """Each food id the user's entries may name, as the file writes the link to it."""
    foods = db.session.execute(
        db.select(Food.id).where(Food.owner_id == user.id).order_by(Food.id)
    ).scalars()
    links = {food_id: {"custom_food": f"food-{n}"} for n, food_id in enumerate(foods, 1)}
    for food_id, ndb_number in _usda_numbers(user).items():
        links.setdefault(food_id, {"usda_ndb_number": ndb_number})
    return links


def _exponent_float(food: CustomFood) -> bool:
    return any(
        isinstance(value, float) and not _PLAIN_FLOAT.fullmatch(repr(value))
        for value in dict(food).values()
    )


# --- Import -------------------------------------------------------------------------------------

# Every table that holds a user's rows, with the column that names the user.
_USER_TABLES: tuple[tuple[type, Any], ...] = (
    (FavouriteFood, FavouriteFood.user_id),
    (FoodEntry, FoodEntry.user_id),
    (SupplementEntry, SupplementEntry.user_id),
    (SupplementProduct, SupplementProduct.user_id),
    (MedicineDose, MedicineDose.user_id),
    (DayStatus, DayStatus.user_id),
    (Schedule, Schedule.user_id),
    (Recipe, Recipe.user_id),
    (ShareLink, ShareLink.user_id),
    (Food, Food.owner_id),
)


def account_is_empty(user: User) -> bool:
    """True when the user has logged, saved and shared nothing yet."""
    for _model, column in _USER_TABLES:
        if db.session.execute(db.select(column).where(column == user.id).limit(1)).first():
            return False
    return True


ACCOUNT_HAS_DATA = (
    "Your account already has data, so nothing was imported. A data file can only be "
    "imported into a new, empty account, so that nothing is mixed up or counted twice."
)


def import_user_data(user: User, raw: bytes, today: date) -> dict[str, int]:
    """Import a data file into an empty account, all or nothing; return counts of what landed.

    The emptiness check and the write are one atomic step: the user's row is locked, the
    account checked again inside that transaction, then written and committed. Of two imports
    at once (a double click, a reload during a long import) the second waits for the first,
    then finds the account no longer empty and writes nothing.
    """
    # A quick refusal before the file is read; the check that counts is the one under the lock.
    if not account_is_empty(user):
        raise DataImportError(ACCOUNT_HAS_DATA)
    file = read_file(raw, today)
    try:
        lock_row(User, user.id)
    except RowLockTimeout:
        raise DataImportError(
            "Another change to your account is still being saved, so nothing was imported. "
            "Wait a minute, then open “Your data” again to see whether the import is needed."
        ) from None
    try:
        if not account_is_empty(user):
            raise DataImportError(ACCOUNT_HAS_DATA)
        _write(user, file)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {
        "food_entries": len(file.food_entries),
        "custom_foods": len(file.custom_foods),
        "supplement_entries": len(file.supplement_entries),
        "supplement_products": len(file.supplement_products),
        "medicine_doses": len(file.medicine_doses),
        "day_statuses": len(file.day_statuses),
        "schedules": len(file.schedules),
        "recipes": len(file.recipes),
    }


def _write(user: User, file: DataFile) -> None:
    """Add every row of the file to the running transaction, in storage units."""
    profile, settings = file.profile, file.settings
    user.display_name = profile.display_name
    user.birth_year, user.birth_month = profile.birth_year, profile.birth_month
    user.sex, user.reproductive_status = profile.sex, profile.reproductive_status
    user.kidney_condition = profile.kidney_condition
    user.timezone, user.week_starts_on = settings.timezone, settings.week_starts_on
    if settings.bisphosphonate_gap_minutes is not None:
        user.bisphosphonate_gap_minutes = settings.bisphosphonate_gap_minutes
    user.show_bone_companions = settings.show_bone_companions
    food_ids: dict[str, int] = {}
    for custom in file.custom_foods:
        food = Food(owner_id=user.id, **_column_values(custom, FOOD_COLUMNS))
        food.portions = [
            FoodPortion(position=number, label=portion.label, grams_milli=_milli(portion.grams))
            for number, portion in enumerate(custom.portions)
        ]
        db.session.add(food)
        db.session.flush()
        food_ids[custom.ref] = food.id
    wanted = {target for kind, target in _links(file) if kind == "usda"}
    usda_ids = (
        dict(
            db.session.execute(
                db.select(Food.ndb_number, Food.id).where(Food.ndb_number.in_(wanted))
            ).all()
        )
        if wanted
        else {}
    )

    def food_id_of(link: FoodTarget | None) -> int | None:
        # A USDA food the installed data lacks keeps its logged name and numbers, unlinked.
        if link is None:
            return None
        kind, target = link
        return food_ids[target] if kind == "custom" else usda_ids.get(target)

    # One saved product per name, form and strength (the table's unique constraint): a file
    # listing one twice (written before the constraint) gets one product, both refs to it.
    product_ids: dict[str, int] = {}
    products: dict[tuple[Any, ...], SupplementProduct] = {}
    for row in file.supplement_products:
        product = SupplementProduct(user_id=user.id, **_column_values(row, PRODUCT_COLUMNS))
        same = (product.name_key, product.form, product.magnesium_ug_per_unit)
        if same in products:
            kept = products[same]
            kept.last_used_at = max(kept.last_used_at, product.last_used_at)
            product_ids[row.ref] = kept.id
            continue
        db.session.add(product)
        db.session.flush()
        products[same] = product
        product_ids[row.ref] = product.id
    recipe_ids: dict[str, int] = {}
    for recipe_row in file.recipes:
        recipe = Recipe(user_id=user.id, name=recipe_row.name, servings=recipe_row.servings)
        recipe.ingredients = [
            RecipeIngredient(
                position=number,
                food_id=food_id_of(ingredient.food),
                **_column_values(ingredient, INGREDIENT_COLUMNS),
            )
            for number, ingredient in enumerate(recipe_row.ingredients)
        ]
        db.session.add(recipe)
        db.session.flush()
        recipe_ids[recipe_row.ref] = recipe.id
    _insert(
        FoodEntry,
        (
            {
                "user_id": user.id,
                "food_id": food_id_of(entry.food),
                **_column_values(entry, ENTRY_COLUMNS),
                "recipe_id": None if entry.recipe is None else recipe_ids[entry.recipe],
                "magnesium_unknown_in": MISSING_SEPARATOR.join(entry.magnesium_unknown_in) or None,
            }
            for entry in file.food_entries
        ),
    )
    _insert(
        SupplementEntry,
        (
            {
                "user_id": user.id,
                "product_id": None if entry.product is None else product_ids[entry.product],
                **_column_values(entry, SUPPLEMENT_COLUMNS),
            }
            for entry in file.supplement_entries
        ),
    )
    _insert(
        MedicineDose,
        (
            {"user_id": user.id, **_column_values(dose, DOSE_COLUMNS)}
            for dose in file.medicine_doses
        ),
    )
    _insert(
        DayStatus,
        ({"user_id": user.id, "day": s.day, "completed": s.completed} for s in file.day_statuses),
    )
    favourite_ids = {food_id_of(link) for link in file.favourite_foods} - {None}
    _insert(FavouriteFood, ({"user_id": user.id, "food_id": f} for f in favourite_ids))
    import_schedules(user, file, product_ids)


def _links(file: DataFile) -> Iterator[FoodTarget]:
    for entry in file.food_entries:
        if entry.food is not None:
            yield entry.food
    for recipe in file.recipes:
        for ingredient in recipe.ingredients:
            if ingredient.food is not None:
                yield ingredient.food
    yield from file.favourite_foods


def _insert(model: type, rows: Iterable[dict[str, Any]]) -> None:
    """Insert many rows in order, in the running transaction."""
    rows = list(rows)
    if rows:
        db.session.execute(db.insert(model), rows)
