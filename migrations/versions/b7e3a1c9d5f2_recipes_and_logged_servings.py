"""recipes, recipe_ingredients; food_entries.recipe_id and magnesium_unknown_in; kind 'recipe'

My recipes (issue 17): a recipe with its servings and ingredients, and servings of it logged
as food entries of the new kind 'recipe', each with its own copy of the magnesium (the link
to the recipe is SET NULL when the recipe is deleted, so past days never change).

Revision ID: b7e3a1c9d5f2
Revises: b7d1c3a5e9f2
Create Date: 2026-12-01 20:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7e3a1c9d5f2"
down_revision = "b7d1c3a5e9f2"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('food', 'quick_add')"
NEW_KINDS = "kind IN ('food', 'quick_add', 'recipe')"


def upgrade():
    op.create_table(
        "recipes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("servings", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recipes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipes")),
    )
    with op.batch_alter_table("recipes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recipes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "recipe_ingredients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipe_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("food_id", sa.Integer(), nullable=True),
        sa.Column("food_name", sa.String(length=200), nullable=False),
        sa.Column("portion_label", sa.String(length=120), nullable=False),
        sa.Column("portion_grams_milli", sa.Integer(), nullable=False),
        sa.Column("quantity_text", sa.String(length=20), nullable=False),
        sa.Column("quantity_micro", sa.BigInteger(), nullable=False),
        sa.Column("grams_milli", sa.Integer(), nullable=False),
        sa.Column("magnesium_ug", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["food_id"],
            ["foods.id"],
            name=op.f("fk_recipe_ingredients_food_id_foods"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipe_id"],
            ["recipes.id"],
            name=op.f("fk_recipe_ingredients_recipe_id_recipes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipe_ingredients")),
    )
    with op.batch_alter_table("recipe_ingredients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recipe_ingredients_food_id"), ["food_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recipe_ingredients_recipe_id"), ["recipe_id"], unique=False
        )

    with op.batch_alter_table("food_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipe_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("magnesium_unknown_in", sa.String(length=1000), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_food_entries_recipe_id"), ["recipe_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_food_entries_recipe_id_recipes"),
            "recipes",
            ["recipe_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_constraint(op.f("ck_food_entries_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_food_entries_kind"), NEW_KINDS)


def downgrade():
    # Logged servings become plain entries of the food kind: their name and magnesium stay.
    op.execute("UPDATE food_entries SET kind = 'food' WHERE kind = 'recipe'")
    with op.batch_alter_table("food_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_food_entries_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_food_entries_kind"), OLD_KINDS)
        batch_op.drop_constraint(
            batch_op.f("fk_food_entries_recipe_id_recipes"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_food_entries_recipe_id"))
        batch_op.drop_column("magnesium_unknown_in")
        batch_op.drop_column("recipe_id")

    with op.batch_alter_table("recipe_ingredients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recipe_ingredients_recipe_id"))
        batch_op.drop_index(batch_op.f("ix_recipe_ingredients_food_id"))
    op.drop_table("recipe_ingredients")
    with op.batch_alter_table("recipes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recipes_user_id"))
    op.drop_table("recipes")
