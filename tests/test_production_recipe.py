"""CI's production smoke (.ci/prod-smoke) runs the README's production recipe word for word."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / ".ci" / "prod-smoke"


def recipe_commands() -> list[str]:
    """The command lines of the shell block in README.md's "Production" section."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Production", 1)[1]
    block = section.split("\n## ", 1)[0].split("```sh", 1)[1].split("```", 1)[0]
    commands = (line.split("#", 1)[0].strip() for line in block.splitlines())
    return [command for command in commands if command]


def test_the_readme_gives_the_whole_recipe_in_a_working_order() -> None:
    commands = recipe_commands()
    # A regular install copies the package: the front-end must be built before it.
    assert commands.index("npm ci && npm run build") < commands.index("pip install '.[prod]'")
    assert any(command.startswith("gunicorn jiha.config.wsgi") for command in commands)
    assert "jiha worker" in commands


def test_the_smoke_step_runs_every_line_of_the_recipe() -> None:
    smoke = SMOKE.read_text(encoding="utf-8")
    assert [command for command in recipe_commands() if command not in smoke] == []


def test_ci_runs_the_smoke_step_after_both_test_suites() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index('run_suite "PostgreSQL') < ci.index(".ci/prod-smoke")
