"""Typed ORM classes. Magnesium and weights are stored as integers in micro-units.

Milligrams of magnesium are kept as whole micrograms (``*_ug``) and grams of food as whole
milligrams of weight (``*_milli``), so SQL SUM() is exact on every database; the domain
layer (tracker.domain.totals) converts to Decimal and rounds for display in one place.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time

from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Time,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from tracker.dbtypes import TimeList, UTCDateTime, enum_type
from tracker.domain.cautions import MedicineClass
from tracker.domain.entries import EntryKind, Meal
from tracker.domain.periods import WeekStart
from tracker.domain.reference import ReproductiveStatus, Sex
from tracker.domain.regimens import DoseStatus, ScheduleItem, SchedulePattern
from tracker.domain.supplements import ProductKind, SupplementForm, product_name_key
from tracker.domain.totals import (
    MAX_MG_PER_100G,
    check_serving_grams,
    mg_to_ug,
    milligrams_to_grams,
)
from tracker.extensions import Model


def _form_type():
    return enum_type(SupplementForm, length=20, name="form")


def _product_kind_type():
    return enum_type(ProductKind, length=12, name="kind")


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def new_session_token() -> str:
    """A random value naming one generation of an account's logins (256 bits)."""
    return secrets.token_urlsafe(32)


class User(UserMixin, Model):
    __tablename__ = "users"
    # AUTOINCREMENT: SQLite never hands a deleted account's id to a new one (PostgreSQL's
    # sequences never do), so nothing that named the old account can name the new one.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(80))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_month: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[Sex | None] = mapped_column(enum_type(Sex, length=10, name="sex"))
    reproductive_status: Mapped[ReproductiveStatus] = mapped_column(
        enum_type(ReproductiveStatus, length=16, name="reproductive_status"),
        default=ReproductiveStatus.NONE,
    )
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    kidney_condition: Mapped[bool] = mapped_column(Boolean, default=False)
    bisphosphonate_gap_minutes: Mapped[int] = mapped_column(Integer, default=120)
    week_starts_on: Mapped[WeekStart] = mapped_column(
        enum_type(WeekStart, length=8, name="week_starts_on"), default=WeekStart.MONDAY
    )
    # The day page's "Bone companions" panel (calcium and vitamin D); on unless hidden.
    show_bone_companions: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Part of every login id (tracker/auth/sessions.py); replaced when every session must end
    # (log out, password change or reset), so every older cookie stops working.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    # Two-step login (tracker/auth/two_step.py): the RFC 6238 key once confirmed, and the time
    # step of the last code accepted, so no code works twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_counter: Mapped[int | None] = mapped_column(Integer)
    # When the owner was last told that logins were paused (at most one email an hour).
    failed_login_alert_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    custom_foods: Mapped[list[Food]] = relationship(
        back_populates="owner", cascade="all, delete-orphan", passive_deletes=True
    )
    food_entries: Mapped[list[FoodEntry]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        """The account part of a login id; tracker.auth.sessions adds its expiry."""
        return f"{self.id}.{self.session_token}"

    @property
    def two_step_enabled(self) -> bool:
        return self.totp_secret is not None


class RecoveryCode(Model):
    """A single-use two-step recovery code; only its SHA-256 is stored (80 random bits)."""

    __tablename__ = "recovery_codes"
    __table_args__ = (UniqueConstraint("user_id", "code_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code_sha256: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Food(Model):
    """A food from the USDA database (ndb_number set) or a user's custom food (owner_id set)."""

    __tablename__ = "foods"

    id: Mapped[int] = mapped_column(primary_key=True)
    ndb_number: Mapped[str | None] = mapped_column(String(8), unique=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    food_group: Mapped[str | None] = mapped_column(String(80))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # None means the magnesium content is unknown: never treated as 0.
    magnesium_ug_per_100g: Mapped[int | None] = mapped_column(Integer)
    # Other nutrients are shown for context only, never summed, so floats are fine here.
    calcium_mg_per_100g: Mapped[float | None] = mapped_column(Float)
    energy_kcal_per_100g: Mapped[float | None] = mapped_column(Float)
    vitamin_d_iu_per_100g: Mapped[float | None] = mapped_column(Float)
    # Custom foods keep what the user read on the label.
    serving_grams_milli: Mapped[int | None] = mapped_column(Integer)
    magnesium_ug_per_serving: Mapped[int | None] = mapped_column(Integer)
    # The label's % Daily Value in hundredths of a percent (12.25 % is 1225), when given so.
    label_percent_dv_hundredths: Mapped[int | None] = mapped_column(Integer)
    # USDA foods: the reference amount customarily consumed (tracker.domain.racc) and the
    # portion preselected when nothing else is known, both computed by the data script.
    racc_key: Mapped[str | None] = mapped_column(String(40))
    racc_grams_milli: Mapped[int | None] = mapped_column(Integer)
    # True when racc_grams_milli is a typical weight, not from the food's own measure.
    racc_nominal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A FoodPortion position ("3"), or "g" / "oz"; and the Quantity text ("1", "0.5", "1/3").
    default_portion_key: Mapped[str | None] = mapped_column(String(8))
    default_quantity_text: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[User | None] = relationship(back_populates="custom_foods")
    portions: Mapped[list[FoodPortion]] = relationship(
        back_populates="food",
        cascade="all, delete-orphan",
        order_by="FoodPortion.position",
        passive_deletes=True,
    )

    @property
    def is_custom(self) -> bool:
        return self.owner_id is not None

    @validates("magnesium_ug_per_100g")
    def _possible_magnesium(self, _key: str, ug: int | None) -> int | None:
        # The last line behind the form and the import: no food holds more magnesium than
        # it weighs (tracker.domain.totals.MAX_MG_PER_100G).
        if ug is not None and not 0 <= ug <= mg_to_ug(MAX_MG_PER_100G):
            raise ValueError(f"{ug} ug of magnesium per 100 g is more than any food holds")
        return ug

    @validates("serving_grams_milli")
    def _sane_serving(self, _key: str, milli: int | None) -> int | None:
        if milli is not None:
            check_serving_grams(milligrams_to_grams(milli))
        return milli


class FoodPortion(Model):
    """A household measure: ``label`` (e.g. "1 cup") weighs ``grams_milli`` / 1000 grams."""

    __tablename__ = "food_portions"

    id: Mapped[int] = mapped_column(primary_key=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("foods.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(120))
    grams_milli: Mapped[int] = mapped_column(Integer)

    food: Mapped[Food] = relationship(back_populates="portions")


class FoodEntry(Model):
    """One logged food, or a quick add (EntryKind.QUICK_ADD: mg typed in, no food), on a day."""

    __tablename__ = "food_entries"
    __table_args__ = (
        Index("ix_food_entries_user_day", "user_id", "day"),
        # An imported row's origin, once per user: importing a file again adds nothing.
        UniqueConstraint("user_id", "origin", name="uq_food_entries_user_origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    time: Mapped[time | None] = mapped_column(Time)
    meal: Mapped[Meal | None] = mapped_column(enum_type(Meal, length=16, name="meal"))
    kind: Mapped[EntryKind] = mapped_column(
        enum_type(EntryKind, length=12, name="kind"),
        default=EntryKind.FOOD,
        server_default=EntryKind.FOOD.value,
    )
    food_id: Mapped[int | None] = mapped_column(
        ForeignKey("foods.id", ondelete="SET NULL"), index=True
    )
    # A snapshot of the name, so the log survives a deleted custom food or a data reload.
    item_name: Mapped[str] = mapped_column(String(200))
    portion_label: Mapped[str] = mapped_column(String(120))
    portion_grams_milli: Mapped[int | None] = mapped_column(Integer)
    quantity_text: Mapped[str] = mapped_column(String(20))
    # BigInteger: 5,000 g logged in grams is 5e9 micro-units, past a 32-bit column.
    quantity_micro: Mapped[int] = mapped_column(BigInteger)
    grams_milli: Mapped[int | None] = mapped_column(Integer)
    magnesium_ug: Mapped[int | None] = mapped_column(Integer)
    # Where an imported row came from ("cronometer:<hash of the row>", tracker.domain.cronometer);
    # None for everything logged in the tracker.
    origin: Mapped[str | None] = mapped_column(String(64))
    # Calcium in µg and vitamin D in ng (tracker.domain.bone_nutrients), None when unknown:
    # every kind of entry fills them, and the day's figures read nothing else.
    calcium_ug: Mapped[int | None] = mapped_column(Integer)
    vitamin_d_ng: Mapped[int | None] = mapped_column(Integer)
    # Servings of a recipe (EntryKind.RECIPE): which one (kept only as a link: the entry's own
    # copy of name and magnesium stays when the recipe is edited or deleted), and the names of
    # its ingredients that had no magnesium value, one per line: magnesium_ug is then a minimum.
    recipe_id: Mapped[int | None] = mapped_column(
        ForeignKey("recipes.id", ondelete="SET NULL"), index=True
    )
    magnesium_unknown_in: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="food_entries")
    food: Mapped[Food | None] = relationship()


class FoodDataVersion(Model):
    """Which generated food data file is loaded: lets every process see a reload."""

    __tablename__ = "food_data_versions"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64))
    food_count: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SupplementProduct(Model):
    """A supplement or magnesium-containing medicine the user has logged ("My supplements")."""

    __tablename__ = "supplement_products"
    __table_args__ = (
        Index("ix_supplement_products_user_id", "user_id"),
        # One saved product per name, form and strength: logging it from two requests at once
        # finds or makes the same row (tracker.supplements.operations._saved_product).
        UniqueConstraint(
            "user_id",
            "name_key",
            "form",
            "magnesium_ug_per_unit",
            name="uq_supplement_products_same_product",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    # The name as two products are compared (tracker.domain.supplements.product_name_key), set
    # with the name. Case folding can lengthen a name ("ß" is "ss"), hence the room.
    name_key: Mapped[str] = mapped_column(String(480))
    form: Mapped[SupplementForm] = mapped_column(_form_type())
    # A supplement or a medicine (antacids, laxatives, Epsom salt): both count as supplemental.
    kind: Mapped[ProductKind] = mapped_column(_product_kind_type(), default=ProductKind.SUPPLEMENT)
    preset_key: Mapped[str | None] = mapped_column(String(40))
    unit_name: Mapped[str | None] = mapped_column(String(40))
    # Elemental magnesium per unit, as the label states it.
    magnesium_ug_per_unit: Mapped[int] = mapped_column(Integer)
    # The label's calcium (µg) and vitamin D (ng) per unit; None when not given (unknown).
    calcium_ug_per_unit: Mapped[int | None] = mapped_column(Integer)
    vitamin_d_ng_per_unit: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @validates("name")
    def _set_name_key(self, _key: str, name: str) -> str:
        self.name_key = product_name_key(name)
        return name


class SupplementEntry(Model):
    """A logged dose of a supplement or magnesium-containing medicine on a local day."""

    __tablename__ = "supplement_entries"
    __table_args__ = (
        Index("ix_supplement_entries_user_day", "user_id", "day"),
        UniqueConstraint("user_id", "origin", name="uq_supplement_entries_user_origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    time: Mapped[time | None] = mapped_column(Time)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplement_products.id", ondelete="SET NULL"), index=True
    )
    # Snapshots, so the log survives edits or deletion of the saved product.
    name: Mapped[str] = mapped_column(String(120))
    form: Mapped[SupplementForm] = mapped_column(_form_type())
    kind: Mapped[ProductKind] = mapped_column(_product_kind_type(), default=ProductKind.SUPPLEMENT)
    magnesium_ug_per_unit: Mapped[int] = mapped_column(Integer)
    units_text: Mapped[str] = mapped_column(String(20))
    units_micro: Mapped[int] = mapped_column(Integer)
    magnesium_ug: Mapped[int] = mapped_column(Integer)
    # As FoodEntry.origin: where an imported dose came from, None when logged here.
    origin: Mapped[str | None] = mapped_column(String(64))
    # Calcium (µg) and vitamin D (ng): per unit from the label, and for the units taken.
    calcium_ug_per_unit: Mapped[int | None] = mapped_column(Integer)
    vitamin_d_ng_per_unit: Mapped[int | None] = mapped_column(Integer)
    calcium_ug: Mapped[int | None] = mapped_column(Integer)
    vitamin_d_ng: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class MedicineDose(Model):
    """A dose of a medicine to space from magnesium (bisphosphonate or antibiotic); no magnesium."""

    __tablename__ = "medicine_doses"
    __table_args__ = (Index("ix_medicine_doses_user_day", "user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    time: Mapped[time] = mapped_column(Time)
    medicine_class: Mapped[MedicineClass] = mapped_column(
        enum_type(MedicineClass, length=20, name="medicine_class")
    )
    medicine_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it was last saved: what an edit page was loaded with (tracker/edits.py).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class DayStatus(Model):
    """Per-day flags: the user marked the day's log complete."""

    __tablename__ = "day_statuses"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FavouriteFood(Model):
    """A food the user starred for one-step logging."""

    __tablename__ = "favourite_foods"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    food_id: Mapped[int] = mapped_column(
        ForeignKey("foods.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ShareLink(Model):
    """A read-only link to a report for a date range; only the token's SHA-256 is stored."""

    __tablename__ = "share_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_accessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- My regimen: planned doses (tracker.regimens) ------------------------------------------------


class Schedule(Model):
    """An item of "My regimen": a saved product or a medicine to space, planned ahead.

    The product's name and numbers are copied, so the plan outlives the product's removal
    from "My supplements"; its plans (SchedulePlan) say when, one version per edit.
    """

    __tablename__ = "schedules"
    __table_args__ = (
        CheckConstraint(
            "(item = 'product' AND magnesium_ug_per_unit IS NOT NULL AND form IS NOT NULL"
            " AND product_kind IS NOT NULL AND medicine_class IS NULL)"
            " OR (item = 'spaced_medicine' AND medicine_class IS NOT NULL"
            " AND magnesium_ug_per_unit IS NULL AND form IS NULL AND product_kind IS NULL)",
            name="item_fields",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    item: Mapped[ScheduleItem] = mapped_column(enum_type(ScheduleItem, length=16, name="item"))
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplement_products.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    form: Mapped[SupplementForm | None] = mapped_column(_form_type())
    product_kind: Mapped[ProductKind | None] = mapped_column(
        enum_type(ProductKind, length=12, name="product_kind")
    )
    unit_name: Mapped[str | None] = mapped_column(String(40))
    magnesium_ug_per_unit: Mapped[int | None] = mapped_column(Integer)
    medicine_class: Mapped[MedicineClass | None] = mapped_column(
        enum_type(MedicineClass, length=20, name="medicine_class")
    )
    reminders: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    plans: Mapped[list[SchedulePlan]] = relationship(
        back_populates="schedule",
        cascade="all, delete-orphan",
        order_by="SchedulePlan.effective_from",
        passive_deletes=True,
    )


class SchedulePlan(Model):
    """When a schedule's doses are planned, from `effective_from` on (tracker.domain.regimens).

    An edit adds a version from the day it is made, so the days before keep their plan.
    """

    __tablename__ = "schedule_plans"
    __table_args__ = (
        UniqueConstraint("schedule_id", "effective_from"),
        CheckConstraint("weekdays >= 0 AND weekdays < 128", name="weekdays"),
        CheckConstraint("units_micro > 0", name="units_micro"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"))
    effective_from: Mapped[date] = mapped_column(Date)
    pattern: Mapped[SchedulePattern] = mapped_column(
        enum_type(SchedulePattern, length=12, name="pattern")
    )
    # One bit a weekday, Monday the lowest (tracker.domain.regimens.weekday_mask).
    weekdays: Mapped[int] = mapped_column(Integer, default=0)
    interval_days: Mapped[int | None] = mapped_column(Integer)
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date | None] = mapped_column(Date)
    times: Mapped[tuple[time, ...]] = mapped_column(TimeList, default=())
    units_text: Mapped[str] = mapped_column(String(20))
    units_micro: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    schedule: Mapped[Schedule] = relationship(back_populates="plans")


class DoseConfirmation(Model):
    """A planned dose marked taken or skipped, with the plan's values of that moment copied.

    A taken dose was logged as a supplement entry or a medicine dose: deleting that entry
    deletes this too, and the dose is unconfirmed again. For an "as needed" dose the
    planned time is the time it was taken.
    """

    __tablename__ = "dose_confirmations"
    __table_args__ = (
        UniqueConstraint("schedule_id", "day", "planned_time"),
        Index("ix_dose_confirmations_user_day", "user_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    planned_time: Mapped[time] = mapped_column(Time)
    status: Mapped[DoseStatus] = mapped_column(enum_type(DoseStatus, length=8, name="status"))
    name: Mapped[str] = mapped_column(String(120))
    units_text: Mapped[str] = mapped_column(String(20))
    supplement_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplement_entries.id", ondelete="CASCADE"), unique=True
    )
    medicine_dose_id: Mapped[int | None] = mapped_column(
        ForeignKey("medicine_doses.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SentReminder(Model):
    """A reminder email for one planned dose, claimed before it is sent: the unique key makes
    `flask send-reminders` send each reminder once, however often and in how many processes
    it runs."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("schedule_id", "day", "planned_time"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    planned_time: Mapped[time] = mapped_column(Time)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SpentUndo(Model):
    """An Undo token that has restored its row (tracker.undo): a signed copy of it that comes
    back (a saved old session cookie replayed) restores nothing. Kept until the token would
    have expired anyway; the next Undo deletes the expired ones."""

    __tablename__ = "spent_undos"

    jti: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class PendingImport(Model):
    """A file uploaded for import, kept between its preview and the Import button.

    In the database, not a file on one machine: the Import may reach another instance, and
    deleting the account deletes it with everything else. One per user (a new upload
    replaces it); the Import names it by a token only that preview page carried.
    """

    __tablename__ = "pending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- My recipes (tracker.recipes) ------------------------------------------------------------


class Recipe(Model):
    """A user's recipe: a name, the servings it makes and its ingredients."""

    __tablename__ = "recipes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    servings: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    ingredients: Mapped[list[RecipeIngredient]] = relationship(
        back_populates="recipe",
        cascade="all, delete-orphan",
        order_by="RecipeIngredient.position",
        passive_deletes=True,
    )


class RecipeIngredient(Model):
    """An amount of a food in a recipe, as an entry would log it (name and figures copied, so
    the recipe keeps its ingredient if the user's own food is deleted)."""

    __tablename__ = "recipe_ingredients"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    food_id: Mapped[int | None] = mapped_column(
        ForeignKey("foods.id", ondelete="SET NULL"), index=True
    )
    food_name: Mapped[str] = mapped_column(String(200))
    portion_label: Mapped[str] = mapped_column(String(120))
    portion_grams_milli: Mapped[int] = mapped_column(Integer)
    quantity_text: Mapped[str] = mapped_column(String(20))
    quantity_micro: Mapped[int] = mapped_column(BigInteger)
    grams_milli: Mapped[int] = mapped_column(Integer)
    # None: the food has no magnesium value (never counted as 0).
    magnesium_ug: Mapped[int | None] = mapped_column(Integer)

    recipe: Mapped[Recipe] = relationship(back_populates="ingredients")
