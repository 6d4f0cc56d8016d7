"""Forms for custom foods."""

from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.dbtypes import max_length
from tracker.formtools import FiniteDecimalField, add_error, choices, plain_text, strip
from tracker.models import Food

MAX_SERVING_GRAMS = Decimal(5000)
MAX_MG_PER_SERVING = Decimal(5000)
MAX_PERCENT_DV = Decimal(1000)


class CustomFoodForm(FlaskForm):
    name = StringField(
        "Food name",
        filters=[strip],
        validators=[
            DataRequired("Give the food a name."),
            Length(max=max_length(Food.name)),
            plain_text,
        ],
    )
    serving_grams = FiniteDecimalField(
        "Serving size (g)",
        places=None,
        validators=[
            InputRequired("Enter the serving size in grams from the label."),
            NumberRange(
                min=Decimal("0.1"),
                max=MAX_SERVING_GRAMS,
                message="Enter a serving size between 0.1 g and 5,000 g.",
            ),
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
    magnesium_amount = FiniteDecimalField(
        "Magnesium per serving (mg or % DV)",
        places=None,
        validators=[Optional(), NumberRange(min=0, message="Magnesium cannot be negative.")],
    )
    submit = SubmitField("Save food")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        choice = self.magnesium_as.data
        amount = self.magnesium_amount.data
        if choice in ("mg", "percent_dv") and amount is None:
            add_error(
                self.magnesium_amount,
                "Enter the magnesium from the label, or choose \u201cNot given\u201d.",
            )
            ok = False
        elif choice == "mg" and amount is not None and amount > MAX_MG_PER_SERVING:
            add_error(
                self.magnesium_amount, "That is more than 5,000 mg per serving: check the label."
            )
            ok = False
        elif choice == "percent_dv" and amount is not None and amount > MAX_PERCENT_DV:
            add_error(
                self.magnesium_amount,
                "That is more than 1,000% of the Daily Value: check the label.",
            )
            ok = False
        return ok
