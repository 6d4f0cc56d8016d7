"""The recipe editor's form: name, servings, the ingredient search; rows are read by the view."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from tracker.diary.forms import MEAL_CHOICES
from tracker.formtools import tidy

MAX_LINE_LENGTH = 200


class RecipeForm(FlaskForm):
    # Checked by tracker.recipes.operations.save_recipe (the one rule), shown here.
    name = StringField("Recipe name", filters=[tidy])
    servings = StringField("Servings", default="1")
    ingredient_line = StringField("Add an ingredient", validators=[Length(max=MAX_LINE_LENGTH)])
    # Errors about the ingredient rows as a whole ("add at least one").
    ingredients = HiddenField()
    find = SubmitField("Find")
    submit = SubmitField("Save recipe")


class MealRecipeForm(FlaskForm):
    """ "Save this meal as a recipe" on the day page."""

    day = DateField(validators=[InputRequired()])
    meal = SelectField(choices=MEAL_CHOICES, validators=[Optional()])
