"""Cities without a region file yet (policies/not_covered.yaml): named on the generated not-covered page, so a
reader who searches for their city learns what to do and which covered page of the same province is nearest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calculator.model import Region, Rules, Text

from .yaml_loader import YamlError, load_yaml

FILE_NAME = "not_covered.yaml"


@dataclass(frozen=True)
class City:
    name: Text
    province: Text


def _text(file: Path, lines: dict, path: tuple, value: object) -> Text:
    if not (isinstance(value, dict) and set(value) == {"en", "zh"} and all(isinstance(v, str) and v.strip()
                                                                           for v in value.values())):
        raise YamlError(file, lines.get(path), ".".join(path), "needs en and zh text, nothing else",
                        "须有且仅有 en 和 zh 两种文字")
    return Text(value["en"], value["zh"])


def load_cities(folder: Path, rules: Rules) -> tuple[City, ...]:
    """The listed cities; a city that already has a region file is an error (remove its line)."""
    file = folder / FILE_NAME
    if not file.exists():
        return ()
    data, lines = load_yaml(file)
    if not isinstance(data, dict) or set(data) != {"cities"} or not isinstance(data["cities"], list):
        raise YamlError(file, 1, "cities", "the file holds one key, cities: a list", "文件只含一个键 cities（列表）")
    covered = {r.name.zh.removesuffix("市") for r in rules.regions.values()}
    cities = []
    for i, item in enumerate(data["cities"]):
        path = ("cities", str(i))
        if not isinstance(item, dict) or set(item) != {"zh", "en", "province"}:
            raise YamlError(file, lines.get(path), ".".join(path), "needs zh, en and province", "须有 zh、en 和 province")
        name = _text(file, lines, path, {"en": item["en"], "zh": item["zh"]})
        if name.zh in covered:
            raise YamlError(file, lines.get(path), ".".join(path), f"{name.en} has a region file: remove it here",
                            f"{name.zh}已有地区文件，请从此处删除")
        cities.append(City(name, _text(file, lines, (*path, "province"), item["province"])))
    return tuple(cities)


def by_province(cities: tuple[City, ...], rules: Rules, lang: str) -> list[tuple[str, list[City], list[Region]]]:
    """(province, its listed cities, the covered regions of the same province), sorted by province."""
    groups: dict[str, list[City]] = {}
    for city in cities:
        groups.setdefault(city.province.en, []).append(city)
    out = []
    for province_en in sorted(groups):
        listed = groups[province_en]
        near = sorted((r for r in rules.regions.values() if r.province.en == province_en), key=lambda r: r.name.en)
        out.append((listed[0].province.get(lang), listed, near))
    return out
