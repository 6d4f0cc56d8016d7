"""The public guidance pages: "Magnesium and your bones" and "Magnesium-rich foods"."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tests.helpers import food_id
from tracker.domain.cautions import GENERAL_CAUTIONS, MEDICAL_DISCLAIMER
from tracker.domain.rich_foods import EVERYDAY_GROUPS
from tracker.domain.supplements import ELEMENTAL_EXAMPLE, FORMS_TABLE_NOTE
from tracker.extensions import db
from tracker.foods.rich import rich_food_groups
from tracker.models import Food, FoodEntry, FoodPortion

PUMPKIN_SEEDS = "12014"  # Seeds, pumpkin and squash seed kernels, dried: 592 mg per 100 g
DARK_CHOCOLATE = "19904"  # Chocolate, dark, 70-85% cacao solids: 228 mg per 100 g


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _rows(page: str) -> list[tuple[int, str, str, int, str | None]]:
    """(food id, name, portion, whole mg, claim) for every row of the rich-foods tables."""
    rows = []
    for match in re.finditer(r'<tr data-food-id="(\d+)">(.*?)</tr>', page, re.S):
        cells = match.group(2)
        name = _text(re.search(r'<th scope="row"[^>]*>(.*?)</th>', cells, re.S).group(1)).strip()
        portion = _text(re.search(r"<td>(.*?)</td>", cells, re.S).group(1)).strip()
        mg = int(re.search(r"<strong>([\d,]+) mg</strong>", cells).group(1).replace(",", ""))
        claim = re.search(r'data-claim="(\w+)"', cells)
        rows.append((int(match.group(1)), name, portion, mg, claim.group(1) if claim else None))
    return rows


def _section(page: str, group_key: str) -> str:
    start = page.index(f'data-group="{group_key}"')
    end = page.find("data-group=", start + 20)
    return page[start : end if end != -1 else len(page)]


# --- Magnesium and your bones -------------------------------------------------------------------


def test_guidance_page_has_the_tables_from_the_domain(client):
    response = client.get("/guidance")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    text = _text(page)
    assert "Magnesium and your bones" in text
    # The RDA table, from the very rows the lookups use (NIH ODS).
    assert "31–50 years 420 320 360 320" in text
    assert "51 years and older 420 320 – –" in text
    assert "0–6 months (AI) 30 30 – –" in text
    # The UL table: supplements and medicines only.
    assert "0–12 months Not established: breast milk, formula and food only" in text
    assert "1–3 years 65" in text and "4–8 years 110" in text
    assert "9 years and older (pregnancy and breastfeeding too) 350" in text
    assert "It does not apply to magnesium in food and water" in text
    # The supplement forms table, its note and the elemental example.
    assert "Glycinate / bisglycinate high relaxation, sleep, bone very gentle ~14%" in text
    assert "Oxide poor antacid, laxative strong laxative effect ~60%" in text
    assert "label decides" in text
    assert html.unescape(ELEMENTAL_EXAMPLE) in text
    assert FORMS_TABLE_NOTE in text
    # Every general caution with its source, and the provider section.
    for caution in GENERAL_CAUTIONS:
        if caution.key != "disclaimer":
            assert f'data-testid="general-caution-{caution.key}"' in page
            assert caution.title in text
    assert "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/" in page
    assert "When to talk to a healthcare provider" in text
    assert MEDICAL_DISCLAIMER in text
    # Bone, calcium and vitamin D; food sources.
    assert "vitamin D into its active form" in text
    assert "pumpkin seeds" in text and "dark chocolate" in text


# --- Magnesium-rich foods -----------------------------------------------------------------------


def test_rich_foods_groups_in_the_order_people_think(client):
    page = client.get("/foods/rich").get_data(as_text=True)
    titles = re.findall(r'<h2 id="([a-z-]+)" tabindex="-1">', page)
    assert titles[: len(EVERYDAY_GROUPS)] == [group.key for group in EVERYDAY_GROUPS]
    assert titles[-1] == "other-foods"
    counts = {group.key: len(_rows(_section(page, group.key))) for group in EVERYDAY_GROUPS}
    # Twelve per group, one per variety; USDA has only five varieties of dark chocolate and cocoa.
    assert counts == {**dict.fromkeys(counts, 12), "dark-chocolate-and-cocoa": 5}
    # The rest, by USDA food group, five each.
    assert 'data-group="other-beef-products"' in page
    assert len(_rows(_section(page, "other-beef-products"))) == 5
    assert "Baby foods" not in page


def test_rich_foods_are_ranked_per_portion_and_marked(client):
    page = client.get("/foods/rich").get_data(as_text=True)
    rows = _rows(page)
    assert len(rows) > 100
    for group in EVERYDAY_GROUPS:
        mgs = [mg for *_, mg, _claim in _rows(_section(page, group.key))]
        assert mgs == sorted(mgs, reverse=True), group.key
    # 592 mg per 100 g × 28.35 g = 167.832 mg: at least 84 mg, an excellent source.
    seeds = next(r for r in rows if r[1] == "Seeds, pumpkin and squash seed kernels, dried")
    assert seeds[2:] == ("1 oz (28.4 g)", 168, "excellent")
    assert seeds in _rows(_section(page, "nuts-and-seeds"))
    assert seeds == _rows(_section(page, "nuts-and-seeds"))[0]
    # 228 × 0.2835 = 64.638 mg: 42-83 mg, a good source.
    chocolate = next(r for r in rows if r[1] == "Chocolate, dark, 70-85% cacao solids")
    assert chocolate[2:] == ("1 oz (28.4 g)", 65, "good")


def test_every_claim_follows_the_fda_thresholds(app):
    with app.app_context():
        groups = rich_food_groups()
    foods = [food for group in groups for food in group.foods]
    assert {food.claim for food in foods} == {"excellent", "good", None}
    for food in foods:
        if food.magnesium_mg >= 84:
            assert food.claim == "excellent", food
        elif food.magnesium_mg >= 42:
            assert food.claim == "good", food
        else:
            assert food.claim is None, food


def test_the_ranking_is_computed_from_the_database(app):
    with app.app_context():
        groups = {group.key: group for group in rich_food_groups()}
        for food in groups["legumes"].foods + groups["fish"].foods:
            row = db.session.get(Food, food.food_id)
            portion = db.session.execute(
                db.select(FoodPortion).where(
                    FoodPortion.food_id == row.id, FoodPortion.position == int(food.portion_key)
                )
            ).scalar_one()
            assert portion.label == food.portion_label
            expected = Decimal(row.magnesium_ug_per_100g) * portion.grams_milli / 10**8
            assert food.magnesium_mg == expected


@pytest.mark.parametrize("logged_in", [False, True])
def test_log_a_food_from_the_list_in_one_step(app, client, auth_client, logged_in):
    visitor = auth_client if logged_in else client
    page = visitor.get("/foods/rich").get_data(as_text=True)
    seeds_id = food_id(app, PUMPKIN_SEEDS)
    row = re.search(rf'<tr data-food-id="{seeds_id}">(.*?)</tr>', page, re.S).group(1)
    if not logged_in:
        assert "<form" not in row
        assert 'href="/login"' in page
        return
    action = re.search(r'<form method="post" action="([^"]+)"', row).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', row))
    today = datetime.now(UTC).date()
    assert action == f"/day/{today.isoformat()}/entries"
    response = auth_client.post(action, data=fields)
    assert response.status_code == 302
    with app.app_context():
        [entry] = db.session.execute(db.select(FoodEntry)).scalars().all()
        assert (entry.food_id, entry.portion_label, entry.magnesium_ug) == (
            seeds_id,
            "1 oz",
            167_832,
        )


def test_chocolate_row_uses_the_database_food(app, client):
    page = client.get("/foods/rich").get_data(as_text=True)
    assert f'<tr data-food-id="{food_id(app, DARK_CHOCOLATE)}">' in page
