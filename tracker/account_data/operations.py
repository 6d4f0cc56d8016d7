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
from datetime import date, datetime
from typing import Any

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
ENTRY_COLUMNS = _columns(
    "day",
    "time",
    "meal",
    "kind",
    "item_name",
    "portion_label",
    _Column("portion_grams", "portion_grams_milli", _grams, _milli),
    "quantity_text",
    _Column("quantity", "quantity_micro", micro_to_quantity, quantity_to_micro),
    _Column("grams", "grams_milli", _grams, _milli),
    _Column("magnesium_mg", "magnesium_ug", _mg, _ug),
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
)
DOSE_COLUMNS = _columns("day", "time", "medicine_class", "medicine_name")
INGREDIENT_COLUMNS = _columns(
    "food_name",
    "portion_label",
    _Column("portion_grams", "portion_grams_milli", _grams, _milli),
    "quantity_text",
    _Column("quantity", "quantity_micro", micro_to_quantity, quantity_to_micro),
    _Column("grams", "grams_milli", _grams, _milli),
    _Column("magnesium_mg", "magnesium_ug", _mg, _ug),
)


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


def build_file(user: User, now: datetime | None = None) -> DataFile:
    """Everything the user logged and set, as the data file (format version 1)."""
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
    recipe_refs = {recipe.id: f"recipe-{number}" for number, recipe in enumerate(recipes, 1)}
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
        food_entries=[
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
        day_statuses=[
            DayStatusRow.model_construct(day=status.day, completed=bool(status.completed))
            for status in _plain_rows(
                db.select(DayStatus.day, DayStatus.completed)
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
    """The data file as UTF-8 JSON text.

    Written by the schema's own serializer (pydantic-core, compiled): the same text as
    json.dumps(export_user_data(...), ensure_ascii=False, indent=1), several times faster. The
    one place they differ is a float Python writes with an exponent ("1e-05", which pydantic
    writes "0.00001") or not as a number at all: a custom food with such a nutrient value (none
    the app stores) takes json.dumps.
    """
    file = build_file(user, now)
    if any(_exponent_float(food) for food in file.custom_foods):
        text = json.dumps(file.model_dump(mode="json"), ensure_ascii=False, indent=1)
    else:
        text = file.model_dump_json(indent=1)
    return (text + "\n").encode("utf-8")


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
