"""My recipes through the test client (issue 17): build a recipe with the day page's search and
amount rules, log half a serving, and the logged day never changes when the recipe is edited
or deleted; other users' recipes and foods are refused; bad input saves nothing."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest

from tests.helpers import food_id, login, make_user
from tracker.domain.entries import EntryKind
from tracker.extensions import db
from tracker.models import Food, FoodEntry, Recipe, User
from tracker.summaries.operations import food_sources

DAY = date(2026, 3, 14)
OATS, WHOLE_MILK, BANANA = "08121", "01077", "09040"
# USDA SR24 per 100 g × grams: 27 × 2.34 + 10 × 1.22 + 27 × 1.18
PORRIDGE_MG = Decimal("63.18") + Decimal("12.2") + Decimal("31.86")


def _rows(*ingredients: tuple[str, str, str]) -> dict[str, list[str]]:
    return {
        "ingredient_food": [i[0] for i in ingredients],
        "ingredient_portion": [i[1] for i in ingredients],
        "ingredient_quantity": [i[2] for i in ingredients],
    }


def _porridge(app) -> dict[str, list[str]]:
    oats, milk, banana = (food_id(app, ndb) for ndb in (OATS, WHOLE_MILK, BANANA))
    # Portion keys are the USDA measures' positions: 1 cup (0), 1 cup (0), 1 medium (4).
    return _rows((str(oats), "0", "1"), (str(milk), "0", "1/2"), (str(banana), "4", "1"))


def _save(client, data: dict, url: str = "/recipes/new"):
    return client.post(url, data={**data, "submit": "Save recipe"})


def _recipe(app) -> Recipe:
    with app.app_context():
        return db.session.execute(db.select(Recipe)).scalar_one()


def _entries(app) -> list[tuple[str, int | None, str, str | None, str]]:
    with app.app_context():
        return [
            (e.item_name, e.magnesium_ug, e.quantity_text, e.magnesium_unknown_in, e.kind.value)
            for e in db.session.execute(db.select(FoodEntry).order_by(FoodEntry.id)).scalars()
        ]


def test_the_editor_finds_an_ingredient_with_the_day_pages_search_and_amount(auth_client):
    page = auth_client.post(
        "/recipes/new",
        data={
            "name": "Morning porridge",
            "servings": "1",
            "ingredient_line": "1 cup oatmeal",
            "find": "Find",
        },
    )
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    # The same suggestion the day page makes: 1 cup (234 g) of cooked oats, 27 × 2.34 = 63 mg.
    first = re.search(
        r'name="add" value="([^"]+)">Add ([^<]+)<span class="result-log"> — ([^<]+)<', text
    )
    assert first is not None
    assert first.group(2).startswith("Cereals, oats")
    assert first.group(3) == "1 cup (234 g), 63 mg"
    added = auth_client.post(
        "/recipes/new", data={"name": "Morning porridge", "servings": "1", "add": first.group(1)}
    )
    assert 'data-testid="ingredient-row"' in added.get_data(as_text=True)
    assert "63.18" not in added.get_data(as_text=True)  # shown rounded, kept exact


def test_create_log_half_a_serving_then_edit_and_delete_the_recipe_day_unchanged(auth_client, app):
    response = _save(auth_client, {"name": "Morning porridge", "servings": "1", **_porridge(app)})
    assert response.status_code == 302
    recipe = _recipe(app)
    listing = auth_client.get("/recipes").get_data(as_text=True)
    assert "107 mg" in listing  # 107.24 per serving and for the whole recipe

    # Half a serving, through the day page's own Add form.
    added = auth_client.post(
        f"/day/{DAY}/entries",
        data={
            "food_id": f"recipe-{recipe.id}",
            "portion": "serving",
            "quantity": "1/2",
            "meal": "breakfast",
            "submit": "Add",
        },
    )
    assert added.status_code == 302
    logged = _entries(app)
    # 107.24 / 2 = 53.62 mg, exact to the microgram.
    assert logged == [("Morning porridge", 53_620, "1/2", None, "recipe")]
    day = auth_client.get(f"/day/{DAY}").get_data(as_text=True)
    assert 'data-testid="day-total-mg">54<' in day

    # Edit the recipe: two servings, and a different name. The logged day is unchanged.
    _save(
        auth_client,
        {"name": "Porridge for two", "servings": "2", **_porridge(app)},
        f"/recipes/{recipe.id}/edit",
    )
    assert _recipe(app).servings == 2
    assert _entries(app) == logged
    assert 'data-testid="day-total-mg">54<' in auth_client.get(f"/day/{DAY}").get_data(as_text=True)

    # Delete it: the entry keeps its copy; only the link is gone.
    assert auth_client.post(f"/recipes/{recipe.id}/delete").status_code == 302
    assert _entries(app) == logged
    with app.app_context():
        assert db.session.execute(db.select(FoodEntry.recipe_id)).scalar_one() is None
    assert 'data-testid="day-total-mg">54<' in auth_client.get(f"/day/{DAY}").get_data(as_text=True)


def test_the_search_offers_the_recipe_labelled_and_add_logs_it(auth_client, app):
    _save(auth_client, {"name": "Morning porridge", "servings": "1", **_porridge(app)})
    body = auth_client.get("/api/foods", query_string={"q": "morning porridge"}).get_json()
    first = body["results"][0]
    assert first["kind"] == "recipe"
    assert first["name"] == "Morning porridge"
    assert first["log"]["text"] == "1 serving (474 g), 107 mg"
    preview = auth_client.get(
        "/api/entry-preview",
        query_string={"food": first["id"], "portion": "serving", "quantity": "2"},
    ).get_json()
    assert preview["ok"] and preview["magnesium_mg"] == pytest.approx(214.48)
    # Without JavaScript: the same suggestion, labelled, and its link preselects it.
    page = auth_client.get(f"/day/{DAY}", query_string={"q": "morning porridge"}).get_data(
        as_text=True
    )
    assert "Morning porridge" in page and ">recipe<" in page


def test_one_word_of_the_recipe_name_finds_it_first(auth_client, app):
    """ "porridge" is also a synonym for USDA's oats; the user's recipe has the word itself, so
    it is the first suggestion, above the oats (issue 17, issue 11)."""
    _save(auth_client, {"name": "Morning porridge", "servings": "1", **_porridge(app)})
    results = auth_client.get("/api/foods", query_string={"q": "porridge"}).get_json()["results"]
    assert [r["kind"] for r in results[:1]] == ["recipe"]
    assert results[0]["name"] == "Morning porridge"
    assert any(r["name"].startswith("Cereals, oats") for r in results[1:])


def test_a_recipe_with_an_ingredient_without_magnesium_is_a_minimum(auth_client, app, user):
    with app.app_context():
        cheddar = Food(owner_id=user.id, name="Farm cheddar", serving_grams_milli=30_000)
        db.session.add(cheddar)
        db.session.commit()
        cheddar_id = cheddar.id
    oats = food_id(app, OATS)
    _save(
        auth_client,
        {
            "name": "Cheesy oats",
            "servings": "1",
            **_rows((str(oats), "0", "1"), (str(cheddar_id), "0", "1")),
        },
    )
    listing = auth_client.get("/recipes").get_data(as_text=True)
    assert "at least 63 mg; Farm cheddar has no magnesium value" in listing
    recipe = _recipe(app)
    auth_client.post(
        f"/day/{DAY}/entries",
        data={
            "food_id": f"recipe-{recipe.id}",
            "portion": "serving",
            "quantity": "1",
            "submit": "Add",
        },
    )
    assert _entries(app) == [("Cheesy oats", 63_180, "1", "Farm cheddar", "recipe")]
    day = auth_client.get(f"/day/{DAY}").get_data(as_text=True)
    assert "at least 63 mg" in day
    assert 'data-testid="minimum-entries"' in day


def test_another_users_recipe_and_food_are_refused(app, auth_client, user):
    other = make_user(app, "other-cook@example.org")
    with app.app_context():
        theirs = Food(
            owner_id=other.id,
            name="Their granola",
            serving_grams_milli=50_000,
            magnesium_ug_per_100g=40_000,
        )
        db.session.add(theirs)
        db.session.commit()
        their_food = theirs.id
    response = _save(
        auth_client, {"name": "Mine", "servings": "1", **_rows((str(their_food), "0", "1"))}
    )
    assert response.status_code == 400
    assert "not a USDA food or one of your own foods" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(Recipe)).first() is None
    # Their recipe: a 404 to edit or delete, nothing to log or preview.
    other_client = app.test_client()
    login(other_client, "other-cook@example.org")
    _save(other_client, {"name": "Their porridge", "servings": "1", **_porridge(app)})
    recipe = _recipe(app)
    assert auth_client.get(f"/recipes/{recipe.id}/edit").status_code == 404
    assert auth_client.post(f"/recipes/{recipe.id}/delete").status_code == 404
    assert (
        auth_client.get(
            "/api/entry-preview",
            query_string={"food": f"recipe-{recipe.id}", "portion": "serving", "quantity": "1"},
        ).status_code
        == 404
    )
    added = auth_client.post(
        f"/day/{DAY}/entries",
        data={
            "food_id": f"recipe-{recipe.id}",
            "portion": "serving",
            "quantity": "1",
            "submit": "Add",
        },
    )
    assert added.status_code == 400
    assert _entries(app) == []
    assert "Their porridge" not in auth_client.get("/api/foods?q=porridge").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "servings", "rows", "message"),
    [
        ("Porridge", "1", False, "Add at least one ingredient"),
        ("Porridge", "0", True, "a whole number from 1 to 100"),
        ("Porridge", "1000", True, "a whole number from 1 to 100"),
        ("Porridge", "1.5", True, "a whole number from 1 to 100"),
        ("Porridge", "", True, "a whole number from 1 to 100"),
        ("", "1", True, "Give the recipe a name"),
        ("x" * 121, "1", True, "at most 120 characters"),
        ("Porr\u202eidge", "1", True, ""),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(auth_client, app, name, servings, rows, message):
    data = {"name": name, "servings": servings, **(_porridge(app) if rows else {})}
    response = _save(auth_client, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(Recipe)).first() is None


def test_save_this_meal_as_a_recipe(auth_client, app):
    oats = food_id(app, OATS)
    for quantity in ("1", "2"):
        auth_client.post(
            f"/day/{DAY}/entries",
            data={
                "food_id": str(oats),
                "portion": "0",
                "quantity": quantity,
                "meal": "breakfast",
                "submit": "Add",
            },
        )
    day = auth_client.get(f"/day/{DAY}").get_data(as_text=True)
    assert "Save this meal as a recipe" in day
    response = auth_client.post(
        "/recipes/from-meal", data={"day": DAY.isoformat(), "meal": "breakfast"}
    )
    assert response.status_code == 302
    recipe = _recipe(app)
    with app.app_context():
        saved = db.session.get(Recipe, recipe.id)
        assert saved is not None
        assert saved.servings == 1
        assert [i.quantity_text for i in saved.ingredients] == ["1", "2"]
        assert sum(i.magnesium_ug or 0 for i in saved.ingredients) == 3 * 63_180
    assert EntryKind.RECIPE.value == "recipe"


# --- the data file, the entries CSV ------------------------------------------------------


def _cheesy_oats_logged(auth_client, app, user) -> None:
    with app.app_context():
        cheddar = Food(owner_id=user.id, name="Farm cheddar", serving_grams_milli=30_000)
        db.session.add(cheddar)
        db.session.commit()
        cheddar_id = cheddar.id
    oats = food_id(app, OATS)
    rows = _rows((str(oats), "0", "1"), (str(cheddar_id), "0", "1"))
    _save(auth_client, {"name": "Cheesy oats", "servings": "2", **rows})
    recipe = _recipe(app)
    auth_client.post(
        f"/day/{DAY}/entries",
        data={"food_id": f"recipe-{recipe.id}", "portion": "serving", "quantity": "1/2",
              "meal": "lunch", "submit": "Add"},
    )  # fmt: skip


def test_recipes_and_logged_servings_round_trip_through_the_data_file(auth_client, app, user):

    _cheesy_oats_logged(auth_client, app, user)
    exported = json.loads(auth_client.get("/account/data/export.json").data)
    [recipe] = exported["recipes"]
    assert recipe["name"] == "Cheesy oats" and recipe["servings"] == 2
    assert [i["magnesium_mg"] for i in recipe["ingredients"]] == ["63.18", None]
    assert recipe["ingredients"][0]["food"] == {"usda_ndb_number": OATS}
    [entry] = exported["food_entries"]
    # 63.18 × ½ / 2 = 15.795 mg, a minimum: the cheddar has no value.
    assert entry["kind"] == "recipe" and entry["recipe"] == recipe["ref"]
    assert entry["magnesium_mg"] == "15.795"
    assert entry["magnesium_unknown_in"] == ["Farm cheddar"]

    make_user(app, "newcomer@example.org")
    newcomer = app.test_client()
    login(newcomer, "newcomer@example.org")
    body = json.dumps(exported).encode()
    imported = newcomer.post(
        "/account/data/import",
        data={"file": (io.BytesIO(body), "data.json")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302, imported.text
    again = json.loads(newcomer.get("/account/data/export.json").data)
    del again["exported_at"], exported["exported_at"]
    assert again == exported


def test_an_older_data_file_without_recipes_still_imports(auth_client, app, user):

    oats = food_id(app, OATS)
    auth_client.post(
        f"/day/{DAY}/entries",
        data={"food_id": str(oats), "portion": "0", "quantity": "1", "submit": "Add"},
    )
    exported = json.loads(auth_client.get("/account/data/export.json").data)
    del exported["recipes"]
    for entry in exported["food_entries"]:
        del entry["recipe"], entry["magnesium_unknown_in"]
    make_user(app, "older@example.org")
    newcomer = app.test_client()
    login(newcomer, "older@example.org")
    imported = newcomer.post(
        "/account/data/import",
        data={"file": (io.BytesIO(json.dumps(exported).encode()), "data.json")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302, imported.text


def test_a_logged_serving_is_one_row_of_kind_recipe_in_the_entries_csv(auth_client, app, user):

    _cheesy_oats_logged(auth_client, app, user)
    response = auth_client.get(
        "/export/entries.csv",
        query_string={"period": "custom", "start": DAY.isoformat(), "end": DAY.isoformat()},
    )
    assert response.status_code == 200, response.status_code
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    [row] = [r for r in rows if r.get("Kind") == "recipe"]
    assert row["Item"] == "Cheesy oats"
    assert row["Amount"] == "0.5 × 1 serving"
    assert row["Magnesium (mg)"] == "15.795"


def _log_porridge(auth_client, app, quantity: str = "1/2") -> Recipe:
    _save(auth_client, {"name": "Morning porridge", "servings": "1", **_porridge(app)})
    recipe = _recipe(app)
    auth_client.post(
        f"/day/{DAY}/entries",
        data={"food_id": f"recipe-{recipe.id}", "portion": "serving", "quantity": quantity,
              "meal": "breakfast", "submit": "Add"},
    )  # fmt: skip
    return recipe


def _entry_id(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(FoodEntry.id)).scalar_one()


def test_editing_a_logged_serving_scales_its_own_copy_not_the_recipe_now(auth_client, app):
    recipe = _log_porridge(auth_client, app)
    # The recipe changes afterwards: now it makes 4 servings.
    _save(auth_client, {"name": "Morning porridge", "servings": "4", **_porridge(app)},
          f"/recipes/{recipe.id}/edit")  # fmt: skip
    entry_id = _entry_id(app)
    page = auth_client.get(f"/entries/{entry_id}/edit")
    assert page.status_code == 200
    assert "1 serving (474 g)" in page.get_data(as_text=True)
    saved = auth_client.post(
        f"/entries/{entry_id}/edit",
        data={
            "portion": "serving",
            "quantity": "1",
            "meal": "breakfast",
            "loaded_version": _version(page),
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    # One serving as it was logged (107.24 mg), not a quarter of today's recipe.
    assert _entries(app) == [("Morning porridge", 107_240, "1", None, "recipe")]


def _version(page) -> str:
    found = re.search(r'name="loaded_version" value="([^"]*)"', page.get_data(as_text=True))
    assert found is not None
    return found.group(1)


def test_undo_of_a_deleted_serving_after_its_recipe_is_gone(auth_client, app):

    recipe = _log_porridge(auth_client, app)
    entry_id = _entry_id(app)
    auth_client.post(f"/entries/{entry_id}/delete")
    auth_client.post(f"/recipes/{recipe.id}/delete")
    page = html.unescape(auth_client.get(f"/day/{DAY}").get_data(as_text=True))
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    restored = auth_client.post("/undo", data={"kind": "food-entry", "token": token.group(1)})
    assert restored.status_code == 302
    assert _entries(app) == [("Morning porridge", 53_620, "1/2", None, "recipe")]


def test_the_week_counts_a_minimum_serving_as_not_fully_known(auth_client, app, user):
    _cheesy_oats_logged(auth_client, app, user)
    week = auth_client.get(f"/week/{DAY}").get_data(as_text=True)
    assert "some foods have no magnesium value" in week


def test_a_recipe_is_among_the_reports_top_sources(auth_client, app):
    _log_porridge(auth_client, app, quantity="2")
    with app.app_context():
        owner = db.session.execute(db.select(Recipe.user_id)).scalar_one()
        sources = food_sources(db.session.get_one(User, owner), DAY, DAY)
    assert [(s.name, s.mg) for s in sources] == [("Morning porridge", Decimal("214.48"))]


@pytest.mark.parametrize(
    ("line", "quantity", "text"),
    [
        ("morning porridge", "1", "1 serving (474 g), 107 mg"),
        ("2 morning porridge", "2", "2 × 1 serving (948 g), 214 mg"),
        ("half a morning porridge", "0.5", "0.5 × 1 serving (237 g), 54 mg"),
        ("1 cup morning porridge", "1", "1 serving (474 g), 107 mg"),  # not servings: one
    ],
)
def test_servings_typed_with_the_recipe(auth_client, app, line, quantity, text):
    _save(auth_client, {"name": "Morning porridge", "servings": "1", **_porridge(app)})
    first = auth_client.get("/api/foods", query_string={"q": line}).get_json()["results"][0]
    assert first["kind"] == "recipe"
    assert (first["log"]["quantity"], first["log"]["text"]) == (quantity, text)


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Cereals, oats"),
        ("1,000", "could mean 1000 or 1.000"),
        ("100000", "Cereals, oats"),
        ("", "Cereals"),
    ],
)
def test_an_ingredient_amount_that_cant_be_logged_saves_nothing(
    auth_client, app, quantity, message
):
    oats = food_id(app, OATS)
    response = _save(
        auth_client, {"name": "Oats", "servings": "1", **_rows((str(oats), "0", quantity))}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(Recipe)).first() is None


def test_zero_width_characters_leave_the_name_and_forged_rows_are_refused(auth_client, app):
    response = _save(
        auth_client, {"name": "Morning\u200b porridge ", "servings": "1", **_porridge(app)}
    )
    assert response.status_code == 302
    assert _recipe(app).name == "Morning porridge"
    for forged in ("recipe-1", "-5", "9" * 30, "kept-1"):
        bad = _save(auth_client, {"name": "Forged", "servings": "1", **_rows((forged, "0", "1"))})
        assert bad.status_code == 400
    with app.app_context():
        assert len(db.session.execute(db.select(Recipe)).all()) == 1


def test_a_logged_serving_keeps_its_calcium_and_vitamin_d_from_its_ingredients(auth_client, app):
    """The Bone companions count a recipe too: its ingredients' calcium and vitamin D, copied
    at logging like its magnesium; an ingredient without a value makes the serving's unknown."""
    _save(auth_client, {"name": "Morning porridge", "servings": "1", **_porridge(app)})
    recipe = _recipe(app)
    data = {"food_id": f"recipe-{recipe.id}", "portion": "serving", "quantity": "1/2"}
    auth_client.post(f"/day/{DAY}/entries", data={**data, "meal": "breakfast", "submit": "Add"})
    with app.app_context():
        entry = db.session.execute(db.select(FoodEntry)).scalar_one()
        # Calcium: (9 × 2.34 + 113 × 1.22 + 5 × 1.18) / 2 = 164.82 / 2 mg. Vitamin D: whole
        # milk's 51 IU × 1.22 = 62.22 IU = 1,555.5 ng (1,556 whole), oats and banana a known 0.
        assert (entry.calcium_ug, entry.vitamin_d_ng) == (82_410, 778)
    day = auth_client.get(f"/day/{DAY}").get_data(as_text=True)
    assert re.search(r'data-testid="day-calcium-mg"[^>]*>\s*82\s*<', day)

    # Edit the recipe: the logged serving keeps its copy.
    oats_alone = {
        "name": "Oats alone",
        "servings": "1",
        **_rows((str(food_id(app, OATS)), "0", "1")),
    }
    _save(auth_client, oats_alone, f"/recipes/{recipe.id}/edit")
    with app.app_context():
        assert db.session.execute(db.select(FoodEntry.calcium_ug)).scalar_one() == 82_410

    # A recipe with an ingredient whose vitamin D SR24 lacks: the serving's is unknown, not 0.
    with app.app_context():
        salmon = (
            db.session.execute(
                db.select(Food.id).where(
                    Food.vitamin_d_iu_per_100g.is_(None), Food.ndb_number.is_not(None)
                )
            )
            .scalars()
            .first()
        )
    _save(auth_client, {"name": "Salmon bowl", "servings": "1", **_rows((str(salmon), "g", "100"))})
    with app.app_context():
        bowl = db.session.execute(
            db.select(Recipe).where(Recipe.name == "Salmon bowl")
        ).scalar_one()
    auth_client.post(
        f"/day/{DAY}/entries",
        data={
            "food_id": f"recipe-{bowl.id}",
            "portion": "serving",
            "quantity": "1",
            "submit": "Add",
        },
    )
    with app.app_context():
        served = db.session.execute(
            db.select(FoodEntry).where(FoodEntry.item_name == "Salmon bowl")
        ).scalar_one()
        assert served.vitamin_d_ng is None
