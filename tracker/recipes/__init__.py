"""My recipes: a user's recipes, their magnesium, and logging servings of them."""
