"""Import recipes: what a person decided about one kind of file, applied again when a
file with the same headers comes back (the app, from the team's store) or given to
the command line (`--recipe FILE`).

`recipe.py` holds the value and the header signature a file is recognised by,
`document.py` the YAML file, `apply.py` the one way from a recipe to the engine's
settings (and from a person's choices back to a recipe)."""

from checks.recipe.apply import (
    RecipeSettings,
    make_recipe,
    matching_recipe,
    recipe_for,
    settings_for,
    target_named,
)
from checks.recipe.document import (
    FORMAT_VERSION,
    MAX_RECIPE_BYTES,
    recipes_from_yaml,
    recipes_to_yaml,
)
from checks.recipe.recipe import (
    IGNORE,
    ExportChoices,
    HeaderIndex,
    Recipe,
    column_ref,
    header_signature,
)

__all__ = ["FORMAT_VERSION", "IGNORE", "MAX_RECIPE_BYTES", "ExportChoices", "HeaderIndex",
           "Recipe", "RecipeSettings", "column_ref", "header_signature", "make_recipe",
           "matching_recipe", "recipe_for", "recipes_from_yaml", "recipes_to_yaml",
           "settings_for", "target_named"]
