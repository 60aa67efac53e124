"""Every command-line option and every fix is documented in the README."""

import argparse
import re
from pathlib import Path

import pytest

from checks.cli.main import build_parser
from checks.fix.fixes import FIXES
from checks.match.classes import MATCH_CLASSES

README = (Path(__file__).parents[1] / "README.md").read_text("utf-8")


def _options() -> list[tuple[str, str]]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found = []
    for name, sub in commands.choices.items():
        for action in sub._actions:
            found += [(name, flag) for flag in action.option_strings if flag.startswith("--")
                      and flag != "--help"]
    return found


@pytest.mark.parametrize("command, flag", _options())
def test_every_option_is_in_the_readme(command: str, flag: str) -> None:
    assert f"`{flag}" in README, f"{command} {flag} is not documented in README.md"


@pytest.mark.parametrize("fix", [f.name for f in FIXES])
def test_every_fix_is_in_the_readme(fix: str) -> None:
    assert f"| `{fix}` |" in README


@pytest.mark.parametrize("cls", [cls.value for cls in MATCH_CLASSES])
def test_every_match_class_is_in_the_readme(cls: str) -> None:
    assert f"| `{cls}` |" in README


def test_readme_starts_with_the_two_commands() -> None:
    blocks = README.split("```")
    assert blocks[1].strip() == ("bash\npython3 -m venv .venv && .venv/bin/pip install -e . && "
                                 ".venv/bin/streamlit run app.py")
    assert blocks[3].strip() == "bash\nbash scripts/test"


def test_every_image_the_readme_shows_exists() -> None:
    root = Path(__file__).parents[1]
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", (root / "README.md").read_text("utf-8"))
    assert {f"docs/screenshots/{name}.png" for name in
            ("check", "fix", "dashboard", "history", "match", "definitions", "help")} <= set(images)
    assert all((root / image).is_file() for image in images), images


def test_definitions_url_keys_are_documented() -> None:
    """The settings that give a definitions URL its keys: the variables, with the Upflow
    example they produce, and the secrets table, in the README and the secrets example."""
    from checks.definitions.credentials import (
        API_KEY_ENV,
        API_KEY_HEADER_ENV,
        HEADER_ENV_PREFIX,
        SECRETS_HEADERS_KEY,
    )

    example = (Path(__file__).parents[1] / ".streamlit" / "secrets.toml.example").read_text()
    for setting in (f"{HEADER_ENV_PREFIX}<NAME>", f"{HEADER_ENV_PREFIX}X_API_SECRET",
                    API_KEY_ENV, API_KEY_HEADER_ENV, f"[definitions.{SECRETS_HEADERS_KEY}]"):
        assert setting in README, setting
    assert f"[definitions.{SECRETS_HEADERS_KEY}]" in example and HEADER_ENV_PREFIX in example
