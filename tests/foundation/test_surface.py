"""The public surface: every command documented, every export real."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import tracker
import tracker.errors
from tracker.cli import cli
from tracker.comparison.claims import CATEGORIES
from tracker.model import ClaimTag, Significance

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(cli.commands)


def test_the_planned_commands_exist() -> None:
    planned = {"extract", "diff", "check", "run", "history", "show", "verify", "demo"}
    assert planned <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"tracker {name}\b", result.output), f"no example of 'tracker {name}'"


SUBCOMMANDS = sorted(
    f"{name} {sub}"
    for name, command in cli.commands.items()
    if isinstance(command, click.Group)
    for sub in command.commands
)


@pytest.mark.parametrize("path", SUBCOMMANDS)
def test_every_subcommand_has_help_with_an_example(path: str) -> None:
    result = CliRunner().invoke(cli, [*path.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"tracker {path}\b", result.output), f"no example of 'tracker {path}'"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_in_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"tracker {name}" in readme


def test_every_claim_tag_and_category_is_explained_in_readme() -> None:
    """A researcher publishes what a tag says: each one the reports can carry is defined."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reading a change report", 1)[1].split("\n## ", 1)[0]
    for name in [*ClaimTag, *CATEGORIES, *Significance]:
        assert f"`{name}`" in section, f"{name} is not explained in README"


def test_package_all_is_exact() -> None:
    for name in tracker.__all__:
        assert hasattr(tracker, name), name
    public = {
        name
        for name, value in vars(tracker).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert public <= set(tracker.__all__) | {"__version__"}


def test_errors_all_lists_every_error_class() -> None:
    classes = {
        name
        for name, value in vars(tracker.errors).items()
        if inspect.isclass(value) and issubclass(value, tracker.errors.TrackerError)
    }
    assert classes == set(tracker.errors.__all__)
    doc = tracker.errors.__doc__ or ""
    for name in classes:
        assert name in doc, f"{name} missing from the map in the module docstring"


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and tracker.__version__ in result.output


def test_group_is_a_click_group() -> None:
    assert isinstance(cli, click.Group)
