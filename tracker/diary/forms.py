"""Forms of the day page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from tracker.diary.operations import MEAL_LABELS, MEALS
from tracker.formtools import choices

MEAL_CHOICES = choices([("", "No meal"), *((meal, MEAL_LABELS[meal]) for meal in MEALS)])


class FoodEntryForm(FlaskForm):
    food_id = HiddenField(validators=[DataRequired("Choose a food first: search for it above.")])
    portion = SelectField(
        "Portion", choices=[], validate_choice=False, validators=[DataRequired("Choose a portion.")]
    )
    quantity = StringField(
        "Quantity",
        default="1",
        validators=[DataRequired("Enter a quantity, such as 1, 1.5 or 1/2."), Length(max=20)],
    )
    meal = SelectField("Meal", choices=MEAL_CHOICES, validators=[Optional()])
    time = TimeField("Time", validators=[Optional()])
    submit = SubmitField("Add")


class EditFoodEntryForm(FlaskForm):
    portion = SelectField(
        "Portion", choices=[], validate_choice=False, validators=[DataRequired("Choose a portion.")]
    )
    quantity = StringField(
        "Quantity",
        validators=[DataRequired("Enter a quantity, such as 1, 1.5 or 1/2."), Length(max=20)],
    )
    meal = SelectField("Meal", choices=MEAL_CHOICES, validators=[Optional()])
    time = TimeField("Time", validators=[Optional()])
    submit = SubmitField("Save changes")


class DeleteForm(FlaskForm):
    submit = SubmitField("Delete")
