"""The shape of the code, as the README draws it: the engine grouped by pipeline step,
small modules, pages that are only pages and use only the public APIs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import checks
import checks.i18n
import checks.views

ROOT = Path(__file__).parents[1]
ENGINE = ROOT / "checks"
MAX_MODULE_LINES = 400
#: What the app's Streamlit files may import from the engine.
APP_APIS = {"checks", "checks.views", "checks.i18n"}


def _engine_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] == "checks"}
    return found


def _app_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
            *sorted((ROOT / "ui").glob("*.py"))]


def test_pages_use_only_the_public_apis() -> None:
    for path in _app_files():
        assert _engine_imports(path) <= APP_APIS, path.relative_to(ROOT)


def test_every_name_the_pages_import_is_public() -> None:
    public = {"checks": set(checks.__all__), "checks.views": set(checks.views.__all__),
              "checks.i18n": set(checks.i18n.__all__)}
    for path in _app_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in public:
                names = {alias.name for alias in node.names}
                assert names <= public[node.module], (path.name, names - public[node.module])


def test_the_view_api_is_its_all() -> None:
    assert len(set(checks.views.__all__)) == len(checks.views.__all__)
    for name in checks.views.__all__:
        assert getattr(checks.views, name) is not None, name
    assert not set(checks.views.__all__) & set(checks.__all__), "one public home per name"


def test_pages_holds_pages_only() -> None:
    """Every file of pages/ is a page of app.py's navigation, and every page is a file."""
    registered = set(re.findall(r'st\.Page\("(pages/\w+\.py)"', (ROOT / "app.py").read_text()))
    files = {f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py")}
    assert registered == files


def test_no_engine_module_is_over_the_limit() -> None:
    long = {str(path.relative_to(ROOT)): lines for path in ENGINE.rglob("*.py")
            if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_the_readme_tree_lists_every_engine_folder() -> None:
    """The README's "How it works" tree has one line per folder of checks/, and names
    no folder that is not there."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## How it works", 1)[1].split("\n## ", 1)[0]
    tree = next(block for block in section.split("```")[1::2] if "checks/" in block)
    drawn = set(re.findall(r"^[\s│├└─]*(\w+)/", tree, re.M)) - {"checks", "pages", "ui", "static"}
    folders = {path.parent.relative_to(ENGINE).parts[-1]
               for path in ENGINE.rglob("__init__.py") if path.parent != ENGINE}
    assert drawn == folders
