"""Forms of the day page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TimeField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.dbtypes import MAX_ROW_ID, max_length
from tracker.diary.operations import SAME_MEAL
from tracker.domain.entries import Meal
from tracker.domain.quick_add import MAX_DESCRIPTION_LENGTH
from tracker.form_html import PageForm
from tracker.formtools import choices, plain_text, tidy
from tracker.models import FoodEntry

QUANTITY_TEXT_LENGTH = max_length(FoodEntry.quantity_text)
MEAL_CHOICES = choices([("", "No meal"), *((meal.value, meal.label) for meal in Meal)])


CHOOSE_A_FOOD = "Choose a food first: search for it above."


class FoodEntryForm(PageForm):
    food_id = HiddenField(validators=[DataRequired(CHOOSE_A_FOOD)])
    portion = SelectField(
        "Portion", choices=[], validate_choice=False, validators=[DataRequired("Choose a portion.")]
    )
    quantity = StringField(
        "Quantity",
        default="1",
        validators=[
            DataRequired("Enter a quantity, such as 1, 1.5 or 1/2."),
            Length(max=QUANTITY_TEXT_LENGTH),
        ],
    )
    meal = SelectField("Meal", choices=MEAL_CHOICES, validators=[Optional()])
    time = TimeField("Time", validators=[Optional()])
    submit = SubmitField("Add")
    # Without JavaScript the preview is this button's answer: the page, nothing saved.
    preview = SubmitField("Show grams and magnesium")


class EditFoodEntryForm(PageForm):
    portion = SelectField(
        "Portion", choices=[], validate_choice=False, validators=[DataRequired("Choose a portion.")]
    )
    quantity = StringField(
        "Quantity",
        validators=[
            DataRequired("Enter a quantity, such as 1, 1.5 or 1/2."),
            Length(max=QUANTITY_TEXT_LENGTH),
        ],
    )
    meal = SelectField("Meal", choices=MEAL_CHOICES, validators=[Optional()])
    time = TimeField("Time", validators=[Optional()])
    submit = SubmitField("Save changes")


class DeleteForm(PageForm):
    submit = SubmitField("Delete")
    # "add": the Undo of an Add, answered by the Add form rather than the list.
    return_to = HiddenField(validators=[Optional(), AnyOf(["add", ""])])


# --- faster logging -----------------------------------------------------------------------
# These forms share the day page with the entry form: a prefix keeps their ids and names
# ("quick-meal", not a second "meal") apart, so every label names its own field.


class _PrefixedForm(PageForm):
    prefix_name = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)


AGAIN_MEAL_CHOICES = choices(
    [
        (SAME_MEAL, "Same meal as last time"),
        *((meal.value, meal.label) for meal in Meal),
        ("", "No meal"),
    ]
)
COPY_WHAT_CHOICES = choices([("", "The whole day"), *((meal.value, meal.label) for meal in Meal)])


class LogAgainForm(_PrefixedForm):
    """One form around the recent, frequent and favourite lists; each food is a submit button."""

    prefix_name = "again"

    meal = SelectField("Add to", choices=AGAIN_MEAL_CHOICES, default=SAME_MEAL)
    # "add": sent from the top of the Add form, answered there (confirmation, Undo).
    return_to = HiddenField(validators=[Optional(), AnyOf(["add", ""])])
    food_id = IntegerField(
        validators=[
            InputRequired("Choose a food to log."),
            NumberRange(min=1, max=MAX_ROW_ID, message="Choose a food from the list."),
        ]
    )


class FavouriteForm(FlaskForm):
    """Star or unstar; also posted by the log-again form's star buttons (formaction)."""

    class Meta:
        # Those buttons send the log-again form's prefixed token ("again-csrf_token"), which
        # this form's own check would not find; CSRFProtect still checks every POST app-wide.
        csrf = False

    action = SelectField(choices=choices([("star", "Star"), ("unstar", "Unstar")]))
    return_day = DateField(validators=[Optional()])


class CompleteDayForm(FlaskForm):
    completed = SelectField(choices=choices([("1", "Complete"), ("0", "Not complete")]))


class CopyEntriesForm(_PrefixedForm):
    prefix_name = "copy"
    source_day = DateField(
        "Copy from the day", validators=[InputRequired("Choose the day to copy from.")]
    )
    what = SelectField("What to copy", choices=COPY_WHAT_CHOICES, validators=[Optional()])
    submit = SubmitField("Copy to this day")


class QuickAddForm(_PrefixedForm):
    prefix_name = "quick"
    description = StringField(
        "Description",
        filters=[tidy],
        validators=[
            DataRequired("Describe the food, for example “Granola bar (from the label)”."),
            Length(max=MAX_DESCRIPTION_LENGTH),
            plain_text,
        ],
    )
    magnesium_mg = StringField(
        "Magnesium (mg)",
        validators=[DataRequired("Enter the magnesium in mg, for example 85."), Length(max=20)],
    )
    meal = SelectField("Meal", choices=MEAL_CHOICES, validators=[Optional()])
    time = TimeField("Time", validators=[Optional()])
    submit = SubmitField("Quick add")
