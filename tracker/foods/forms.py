"""Forms for custom foods."""

from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from tracker.dbtypes import max_length
from tracker.domain.totals import (
    MAX_MG_PER_SERVING,
    MAX_PERCENT_DV,
    QuantityError,
    check_serving_grams,
    mg_from_percent_dv,
    mg_per_100g_from_serving,
)
from tracker.formtools import DecimalTextField, add_error, choices, plain_text, tidy
from tracker.models import Food


class CustomFoodForm(FlaskForm):
    name = StringField(
        "Food name",
        filters=[tidy],
        validators=[
            DataRequired("Give the food a name."),
            Length(max=max_length(Food.name)),
            plain_text,
        ],
    )
    serving_grams = DecimalTextField(
        "Serving size (g)",
        validators=[
            InputRequired("Enter the serving size in grams from the label."),
        ],
    )
    magnesium_as = RadioField(
        "Magnesium on the label is given as",
        choices=choices(
            [("mg", "mg per serving"), ("percent_dv", "% Daily Value"), ("unknown", "Not given")]
        ),
        default="mg",
        validators=[InputRequired()],
    )
    magnesium_amount = DecimalTextField(
        "Magnesium per serving (mg or % DV)",
        validators=[Optional(), NumberRange(min=0, message="Magnesium cannot be negative.")],
    )
    submit = SubmitField("Save food")

    def validate_serving_grams(self, field: DecimalTextField) -> None:
        if field.data is not None:
            try:
                check_serving_grams(field.data)
            except QuantityError as error:
                raise ValidationError(str(error)) from None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        choice = self.magnesium_as.data
        amount = self.magnesium_amount.data
        if choice in ("mg", "percent_dv") and amount is None:
            if not self.magnesium_amount.errors:
                add_error(
                    self.magnesium_amount,
                    "Enter the magnesium from the label, or choose \u201cNot given\u201d.",
                )
            return False
        if choice == "mg" and amount is not None and amount > MAX_MG_PER_SERVING:
            add_error(
                self.magnesium_amount,
                f"That is more than {MAX_MG_PER_SERVING:,} mg per serving: check the label.",
            )
            return False
        if choice == "percent_dv" and amount is not None and amount > MAX_PERCENT_DV:
            add_error(
                self.magnesium_amount,
                f"That is more than {MAX_PERCENT_DV:,}% of the Daily Value: check the label.",
            )
            return False
        if choice in ("mg", "percent_dv") and amount is not None and ok:
            mg = amount if choice == "mg" else mg_from_percent_dv(amount)
            try:
                mg_per_100g_from_serving(mg, Decimal(self.serving_grams.data or 0))
            except QuantityError as error:
                add_error(self.magnesium_amount, str(error))
                return False
        return ok
