"""Hostile policy files (issues 18 and 19) fail in the loader with file, line and field path in both languages:
markup in any string that reaches a page, bad URLs, control characters, contradictions, future reviews, and
the YAML limits (size, bytes, depth, aliases, tags, numbers). Uses a copy of the real policies/."""

import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from guide.policy_files import POLICIES, load_policies
from guide.yaml_loader import MAX_FILE_BYTES, YamlError

ROOT = Path(__file__).resolve().parents[2]
GZ = "regions/guangzhou.yaml"
# The build's date in these tests: the latest review in the real files (a review on the build date is fine).
TODAY = max(r.last_reviewed for r in load_policies().regions.values())


@pytest.fixture
def policies(tmp_path):
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    return folder


def edit(folder: Path, old: str, new: str, file: str = GZ) -> Path:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def refused(folder: Path, today: date | None = TODAY) -> YamlError:
    with pytest.raises(YamlError) as info:
        load_policies(folder, today=today)
    err = info.value
    assert err.en and re.search(r"[\u4e00-\u9fff]", err.zh), err
    return err


def test_the_real_policies_pass(policies):
    assert len(load_policies(policies, today=TODAY).regions) >= 12


# ---- issue 19: nothing that reaches a page may carry markup --------------------------------------------------

INJECTED = [
    ('phone: "12393"', 'phone: "<script>alert(1)</script>"', "contacts.0.phone"),
    ('phone: "12393"', 'phone: "12393 onclick=alert(1)"', "contacts.0.phone"),
    ('phone: "12393"', "phone: true", "contacts.0.phone"),
    ('phone: "12393"', "phone: '１２３９３'", "contacts.0.phone"),
    ("url: https://www.gz.gov.cn/zfjg/gzsylbzj/\n", "url: javascript:alert(1)\n", "contacts.0.url"),
    ("url: https://www.gz.gov.cn/zfjg/gzsylbzj/\n", "url: 'https://x.cn/\"><script>alert(1)</script>'\n",
     "contacts.0.url"),
    ("url: https://www.gz.gov.cn/zfjg/gzsylbzj/\n", "url: data:text/html,hi\n", "contacts.0.url"),
    ("url: https://www.gz.gov.cn/zfjg/gzsylbzj/\n", "url: 'https://www.gz.gov.cn/\\n'\n", "contacts.0.url"),
    ("doc_no: 穗医保规字〔2022〕1号", "doc_no: '<img src=x onerror=alert(1)>'", "sources.gz-2022-1.doc_no"),
    ("{en: Guangzhou, zh: 广州市}", "{en: '<b>Guangzhou</b>', zh: 广州市}", "region.name.en"),
    ("{en: Guangzhou, zh: 广州市}", "{en: 'Guangzhou {: onclick=alert(1) }', zh: 广州市}", "region.name.en"),
    ("{en: Guangzhou, zh: 广州市}", "{en: 'Guangzhou { .evil }', zh: 广州市}", "region.name.en"),
    ("{en: Guangzhou, zh: 广州市}", "{en: '[x](javascript:alert(1))', zh: 广州市}", "region.name.en"),
    ("{en: Guangzhou, zh: 广州市}", "{en: '[x](data:text/html,x)', zh: 广州市}", "region.name.en"),
    ("{en: Guangzhou, zh: 广州市}", "{en: '[x](vbscript:x)', zh: 广州市}", "region.name.en"),
    ("{en: Guangzhou, zh: 广州市}", "{en: 'a &#106;avascript', zh: 广州市}", "region.name.en"),
    ("{en: Guangzhou, zh: 广州市}", "{en: 'Guangzhou\u202e', zh: 广州市}", "region.name.en"),
]


@pytest.mark.parametrize(("old", "new", "field"), INJECTED, ids=[i[1][:40] for i in INJECTED])
def test_markup_in_any_string_fails_with_file_line_and_field(policies, old, new, field):
    path = edit(policies, old, new)
    err = refused(policies)
    assert err.file == path and err.path == field
    assert err.line == line_of(path, new.split("\n")[0][:20])
    assert "regions.guangzhou" not in err.zh and "phone" not in err.zh.split("：")[-1]


def test_relative_and_http_links_in_prose_are_fine(policies):
    edit(policies, "{en: Guangzhou, zh: 广州市}", "{en: 'Guangzhou, see [the notice](https://x.cn/a) and [b](../b/)', zh: 广州市}")
    load_policies(policies, today=TODAY)


@pytest.mark.parametrize("slug_or_code", [('slug: guangzhou', 'slug: "guangzhou\\n"', "region.slug"),
                                          ('code: "440100"', 'code: "440100\\n"', "region.code"),
                                          ('code: "440100"', 'code: "４４０１００"', "region.code"),
                                          ("  gz-cut-2024:\n", '  "gz-cut-2024\\t":\n', "sources.gz-cut-2024\t")])
def test_control_characters_and_foreign_digits_in_codes_slugs_and_ids(policies, slug_or_code):
    old, new, field = slug_or_code
    edit(policies, old, new)
    err = refused(policies)
    assert err.path == field and err.line


@pytest.mark.parametrize(("floor", "file"), [("base_floor", GZ), ("flexible_base_floor", "regions/chengdu.yaml")])
def test_floor_above_ceiling(policies, floor, file):
    text = (policies / file).read_text(encoding="utf-8")
    first = re.search(rf"\n  {floor}:\n(?:    \S.*\n)*?    values:\n      (\S+):\n        value: (\S+)\n", text)
    day, value = first.group(1).rstrip(":"), first.group(2)
    path = edit(policies, first.group(0), first.group(0).replace(f"value: {value}", "value: 99999999"), file)
    err = refused(policies)
    assert err.file == path and err.path == f"parameters.{floor}.values.{day}.value"
    assert "下限" in err.zh and "上限" in err.zh


@pytest.mark.parametrize("version", ["true", "1.0", '"1"', "2"])
def test_schema_version_must_be_the_integer_1(policies, version):
    path = edit(policies, "schema_version: 1", f"schema_version: {version}")
    err = refused(policies)
    assert err.path == "schema_version" and err.line == line_of(path, "schema_version")


def test_last_reviewed_after_the_build_date(policies):
    later = TODAY + timedelta(days=20)
    path = policies / GZ
    path.write_text(re.sub(r"(?m)^last_reviewed: .*$", f"last_reviewed: {later}", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    err = refused(policies)
    assert (err.file, err.path, err.line) == (path, "last_reviewed", line_of(path, "last_reviewed"))
    load_policies(policies, today=later)  # reviewed on the build date: fine
    load_policies(policies)  # no build date given: the core never reads the clock


# ---- issue 18: the YAML limits ---------------------------------------------------------------------------------

def test_alias_bomb(policies):
    laughs = 'a: &a ["lol","lol"]\n' + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
                                              for i in range(8))
    path = policies / GZ
    path.write_text(laughs + path.read_text(encoding="utf-8"), encoding="utf-8")
    err = refused(policies)
    assert err.file == path and err.line == 1 and err.path == "a" and "&a" in err.en and "锚点" in err.zh


def test_any_alias_or_merge_key(policies):
    edit(policies, "schema_version: 1\n", "schema_version: 1\nx: &v {a: 1}\n")
    assert "anchor" in refused(policies).en
    edit(policies, "x: &v {a: 1}\n", "x: {a: 1}\ny: {<<: {a: 1}}\n")
    err = refused(policies)
    assert "merge" in err.en and err.path == "y"


@pytest.mark.parametrize("nested", ["[" * 5000 + "]" * 5000, "{a: " * 5000 + "1" + "}" * 5000,
                                    "[" * 200_000 + "]" * 200_000, "- " * 3000 + "x"])
def test_deep_nesting_is_refused_before_it_is_composed(policies, nested):
    path = policies / GZ
    path.write_text(path.read_text(encoding="utf-8") + "\nextra: " + ("\n  " if nested.startswith("-") else "")
                    + nested + "\n", encoding="utf-8")
    err = refused(policies)
    assert err.file == path and "nested" in err.en and "嵌套" in err.zh and err.path.startswith("extra")


@pytest.mark.parametrize("number", ["1.0e+999999", "1.5e-999999", ".inf", "-.inf", ".nan", "9" * 5000, "1" * 31])
def test_huge_numbers_are_refused_with_the_field(policies, number):
    text = (policies / GZ).read_text(encoding="utf-8")
    first = re.search(r"\n(\s+value: )(\S+)\n", text)
    path = edit(policies, first.group(0), f"\n{first.group(1)}{number}\n")
    err = refused(policies)
    assert err.file == path and err.path.startswith("parameters.") and err.path.endswith(".value")
    assert err.line == line_of(path, number[:30])


@pytest.mark.parametrize("junk", [b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\x00", b"\x1b"])
def test_bytes_that_are_not_utf8_text(policies, junk):
    path = policies / GZ
    data = path.read_bytes()
    at = data.index(b"\nlast_reviewed")
    path.write_bytes(data[:at] + b"\n# " + junk + data[at:])
    err = refused(policies)
    assert err.file == path and err.line == data[:at].count(b"\n") + 2


def test_file_size_cap(policies):
    path = policies / GZ
    path.write_text(path.read_text(encoding="utf-8") + "#" * MAX_FILE_BYTES, encoding="utf-8")
    err = refused(policies)
    assert err.file == path and "KB" in err.en


@pytest.mark.parametrize("tagged", ["!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!set {a, b}",
                                    "!!str 12393"])
def test_explicit_tags_are_refused(policies, tagged):
    path = edit(policies, 'phone: "12393"', f"phone: {tagged}")
    err = refused(policies)
    assert err.file == path and err.path == "contacts.0.phone" and "tag" in err.en


def test_keys_that_are_not_text(policies):
    path = policies / GZ
    path.write_text(path.read_text(encoding="utf-8") + "\n? [a, b]\n: 1\n", encoding="utf-8")
    assert "key" in refused(policies).en


# ---- the build: a bad file exits 2 and writes nothing ------------------------------------------------------------

def test_a_rejected_build_writes_nothing(policies, tmp_path):
    docs = tmp_path / "docs"
    (docs / "regions").mkdir(parents=True)
    marker = docs / "regions" / "guangzhou.md"
    marker.write_text("previous build", encoding="utf-8")
    rules_json = tmp_path / "rules.json"
    rules_json.write_text("previous rules", encoding="utf-8")
    edit(policies, 'phone: "12393"', 'phone: "<script>alert(1)</script>"')
    proc = subprocess.run([sys.executable, "-m", "guide", "--policies", str(policies), "--docs", str(docs),
                           "--rules-json", str(rules_json), "--as-of", TODAY.isoformat()],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert f"{policies / GZ}:{line_of(policies / GZ, '<script>')}: contacts.0.phone:" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in docs.rglob("*")) == ["guangzhou.md", "regions"]
    assert marker.read_text(encoding="utf-8") == "previous build"
    assert rules_json.read_text(encoding="utf-8") == "previous rules"
