"""policies/*.yaml -> validated Rules, with schema errors traced back to file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from calculator.model import Rules
from calculator.schema import PolicyError, load_rules

from .paths import POLICIES
from .yaml_loader import YamlError, load_yaml


def read_policies(folder: Path = POLICIES) -> tuple[dict, dict[tuple[str, ...], tuple[Path, int]]]:
    """The combined document the schema expects, and {schema path: (file, line)}."""
    where: dict[tuple[str, ...], tuple[Path, int]] = {}
    national_file = folder / "national.yaml"
    national, lines = load_yaml(national_file)
    where.update({("national", *p): (national_file, ln) for p, ln in lines.items()})
    regions = {}
    for file in sorted((folder / "regions").glob("*.yaml")):
        data, lines = load_yaml(file)
        regions[file.stem] = data
        where.update({("regions", file.stem, *p): (file, ln) for p, ln in lines.items()})
    return {"schema_version": 1, "national": national, "regions": regions}, where


def locate(error: PolicyError, where: dict[tuple[str, ...], tuple[Path, int]], folder: Path) -> YamlError:
    """The nearest known line for the error's path (a missing key points at its parent)."""
    path = error.path
    for n in range(len(path), -1, -1):
        if path[:n] in where:
            file, line = where[path[:n]]
            break
    else:
        file, line = folder, None
    inner = path[1:] if path[:1] == ("national",) else path[2:]
    return YamlError(file, line, ".".join(inner), error.message.en, error.message.zh)


def load_policies(folder: Path = POLICIES, today: date | None = None) -> Rules:
    """Validated rules, or YamlError naming file, line and field path. ``today`` (the build's date; the core
    never reads the clock) refuses a ``last_reviewed`` after it: a review cannot have happened yet."""
    data, where = read_policies(folder)
    try:
        rules = load_rules(data)
        if today is not None:
            _reviewed_by(rules, today)
    except PolicyError as exc:
        raise locate(exc, where, folder) from None
    return rules


def _reviewed_by(rules: Rules, today: date) -> None:
    dated = [(("national", "last_reviewed"), rules.last_reviewed)]
    dated += [(("regions", slug, "last_reviewed"), r.last_reviewed) for slug, r in rules.regions.items()]
    for path, day in dated:
        if day > today:
            raise PolicyError(path, f"last_reviewed {day} is after the build date {today}",
                              f"最近核对日期 {day} 晚于构建日期 {today}")
