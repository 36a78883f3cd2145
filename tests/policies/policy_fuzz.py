"""Mutated policy files for the loader fuzz (tests/policies/test_policy_fuzz.py), and the worker that runs them.

Run as a script, the worker reads a JSON list of mutants, copies policies/ once, and for each mutant writes the
mutated file, loads the folder with guide.policy_files.load_policies and restores the file. It runs under an
address-space limit and a per-mutant alarm, and prints one JSON line per mutant:
{"name", "outcome": "accepted" | "rejected" | "crash", "detail", "seconds"}.
"""

from __future__ import annotations

import base64
import json
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"
MEMORY_LIMIT = 500 * 1024 * 1024
MUTANT_SECONDS = 5
TODAY = date(2026, 11, 30)  # the as-of date the site tests build with

BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
)
HOSTILE_TEXT = [
    "<script>alert(1)</script>", "javascript:alert(1)", "[x](javascript:alert(1))", "{: onclick=alert(1) }",
    "text { .evil onclick=alert(1) }", "<img src=x onerror=alert(1)>", "[x](data:text/html,<b>)",
    "\u0000", "a\u0007b", "line\n", "\u202e", "\ud7ff", "１２３９３", "${x}{{7*7}}", "![a](vbscript:x)",
]
HOSTILE_NUMBERS = ["1e999999", "1.0e+999999", "1.5e-999999", "9.9e+99999999999", "-1e999999", "1e-999999", "9" * 5000, ".inf", "-.inf", ".nan", "0x1F", "0o17",
                   "1_000", "1e400", "0.000000000000000000000000000000000000001", "-0", "1" * 40 + ".5", "true"]
YAML_JUNK = [":", "{", "[", "]", "}", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "#", "-", "?", ",", "\t",
             " ", "\n", "\\", "<<", "!!python/object:os.system", "!!binary", "!!set", "? ", "*x", "&x "]


def _mutant(name: str, file: str, data: bytes) -> dict:
    return {"name": name, "file": file, "data": base64.b64encode(data).decode()}


def _replace_scalar(text: str, key: str, value: str, count: int = 1) -> str:
    return re.sub(rf"(^\s*(?:- )?{re.escape(key)}:)[^\n]*", lambda m: f"{m.group(1)} {value}", text, count=count,
                  flags=re.M)


def targeted(files: dict[str, str]) -> list[dict]:
    """Known hostile shapes: alias bombs, deep nesting, huge numbers, bad bytes, markup, contradictions."""
    out: list[dict] = []
    gz = "regions/guangzhou.yaml"
    text = files[gz]
    enc = lambda s: s.encode("utf-8")  # noqa: E731
    out.append(_mutant("billion-laughs", gz, enc(BILLION_LAUGHS + text)))
    out.append(_mutant("alias-value", gz, enc(text.replace("schema_version: 1", "schema_version: &v 1\nx: *v", 1))))
    out.append(_mutant("merge-key", gz, enc(text + "\nextra: &e {a: 1}\nmore:\n  <<: *e\n")))
    out.append(_mutant("deep-flow-5000", gz, enc(text + "\nextra: " + "[" * 5000 + "]" * 5000 + "\n")))
    out.append(_mutant("deep-map-5000", gz, enc(text + "\nextra: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n")))
    out.append(_mutant("deep-block-300", gz, enc(text + "\nextra:\n" + "".join(
        " " * (i + 1) + f"k{i}:\n" for i in range(300)) + " " * 301 + "v\n")))
    out.append(_mutant("huge-file", gz, enc(text + "\n# " + "x" * (3 * 1024 * 1024) + "\n")))
    out.append(_mutant("long-line-value", gz, enc(_replace_scalar(text, "doc_no", "x" * 200_000))))
    for number in HOSTILE_NUMBERS:
        out.append(_mutant(f"number-{number[:12]}", gz, enc(_replace_scalar(text, "value", number))))
        out.append(_mutant(f"rate-{number[:12]}", "national.yaml",
                           enc(_replace_scalar(files["national.yaml"], "value", number))))
    raw = enc(text)
    for i, junk in enumerate([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf", b"\xfe\xff"]):
        out.append(_mutant(f"bytes-{i}", gz, raw[:200] + junk + raw[200:]))
    out.append(_mutant("utf16", gz, text.encode("utf-16")))
    out.append(_mutant("latin1", gz, text.encode("utf-8").replace("广州".encode(), "Gu\xe4ngzhou".encode("latin-1"))))
    for i, bad in enumerate(HOSTILE_TEXT):
        quoted = json.dumps(bad)
        out.append(_mutant(f"phone-{i}", gz, enc(_replace_scalar(text, "phone", quoted))))
        out.append(_mutant(f"url-{i}", gz, enc(_replace_scalar(text, "url", quoted))))
        out.append(_mutant(f"name-{i}", gz, enc(text.replace("{en: Guangzhou, zh:", "{en: " + quoted + ", zh:", 1))))
        out.append(_mutant(f"doc-no-{i}", gz, enc(_replace_scalar(text, "doc_no", quoted))))
        out.append(_mutant(f"slug-{i}", gz, enc(_replace_scalar(text, "slug", quoted))))
        out.append(_mutant(f"code-{i}", gz, enc(_replace_scalar(text, "code", quoted))))
    for value in ("true", "1.0", '"1"', "2", "null", "[1]", "1e0"):
        out.append(_mutant(f"schema-version-{value}", gz, enc(_replace_scalar(text, "schema_version", value))))
    for value in ("2999-01-01", "9999-12-31", "0001-01-01", "2026-02-30", "2026-1-1", '"2026-01-01\\n"'):
        out.append(_mutant(f"last-reviewed-{value}", gz, enc(_replace_scalar(text, "last_reviewed", value))))
    for tag in ("!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "!!set {a, b}",
                "!!omap [a: 1]", "!!timestamp 2025-01-01T00:00:00Z", "!!int 0x1F", "!!float 1e5", "!custom x"):
        out.append(_mutant(f"tag-{tag[:20]}", gz, enc(_replace_scalar(text, "phone", tag))))
    for key in ("? [a, b]", "1", "null", "~", "2025-01-01", "true", "? {a: 1}"):
        out.append(_mutant(f"key-{key}", gz, enc(text + f"\n{key}: x\n")))
    out.append(_mutant("empty", gz, b""))
    out.append(_mutant("only-comment", gz, b"# nothing\n"))
    out.append(_mutant("two-documents", gz, enc(text + "\n---\na: 1\n")))
    out.append(_mutant("scalar-document", gz, b"just text\n"))
    out.append(_mutant("list-document", gz, b"- 1\n- 2\n"))
    return out


def random_mutants(files: dict[str, str], n: int, seed: int) -> list[dict]:
    """Line and character level damage to the real files, seeded."""
    rng = random.Random(seed)
    names = sorted(files)
    out = []
    for i in range(n):
        file = rng.choice(names)
        lines = files[file].split("\n")
        kind = rng.randrange(9)
        j = rng.randrange(len(lines))
        if kind == 0:
            del lines[j]
        elif kind == 1:
            lines.insert(j, lines[rng.randrange(len(lines))])
        elif kind == 2:
            k = rng.randrange(len(lines))
            lines[j], lines[k] = lines[k], lines[j]
        elif kind == 3:
            lines[j] = " " * rng.randrange(1, 5) + lines[j]
        elif kind == 4 and lines[j]:
            p = rng.randrange(len(lines[j]))
            lines[j] = lines[j][:p] + rng.choice(YAML_JUNK) + lines[j][p + 1:]
        elif kind == 5:
            cut = "\n".join(lines)
            lines = cut[: rng.randrange(len(cut))].split("\n")
        elif kind == 6 and ":" in lines[j]:
            key = lines[j].split(":", 1)[0]
            lines[j] = key + ": " + rng.choice(HOSTILE_NUMBERS + [json.dumps(t) for t in HOSTILE_TEXT] + YAML_JUNK)
        elif kind == 7:
            lines[j] = lines[j] + rng.choice(YAML_JUNK) * rng.randrange(1, 4)
        else:
            p = rng.randrange(len(lines[j]) + 1)
            lines[j] = lines[j][:p] + "".join(rng.choice(YAML_JUNK) for _ in range(rng.randrange(1, 6))) + lines[j][p:]
        out.append(_mutant(f"random-{seed}-{i}-{kind}", file, "\n".join(lines).encode("utf-8")))
    return out


def real_files() -> dict[str, str]:
    files = {"national.yaml": (POLICIES / "national.yaml").read_text(encoding="utf-8")}
    for f in sorted((POLICIES / "regions").glob("*.yaml")):
        files[f"regions/{f.name}"] = f.read_text(encoding="utf-8")
    return files


def all_mutants(random_count: int = 400, seed: int = 19) -> list[dict]:
    files = real_files()
    return targeted(files) + random_mutants(files, random_count, seed)


# ---------------------------------------------------------------------------------------------- worker

def _located(exc, folder: Path) -> str | None:
    """None when the error is a located bilingual YamlError, else why not."""
    from guide.yaml_loader import YamlError

    if not isinstance(exc, YamlError):
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    if not exc.en or not exc.zh or not re.search(r"[\u4e00-\u9fff]", exc.zh):
        return f"not bilingual: {exc}"
    if not str(exc.file).startswith(str(folder)):
        return f"no file: {exc}"
    return None


def _alarm(signum, frame):
    raise TimeoutError("mutant took too long")


def run(mutants: list[dict]) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    signal.signal(signal.SIGALRM, _alarm)
    from guide.policy_files import load_policies

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "policies"
        shutil.copytree(POLICIES, folder)
        for m in mutants:
            target = folder / m["file"]
            original = target.read_bytes()
            target.write_bytes(base64.b64decode(m["data"]))
            start = time.perf_counter()
            signal.alarm(MUTANT_SECONDS)
            try:
                load_policies(folder, today=TODAY)
                outcome, detail = "accepted", ""
            except BaseException as exc:
                why = _located(exc, folder)
                outcome, detail = ("rejected", str(exc)[:300]) if why is None else ("crash", why)
            finally:
                signal.alarm(0)
                target.write_bytes(original)
            seconds = time.perf_counter() - start
            print(json.dumps({"name": m["name"], "outcome": outcome, "detail": detail, "seconds": seconds}),
                  flush=True)


def run_all(mutants: list[dict], workers: int = 2, python: str = sys.executable) -> list[dict]:
    """Every mutant's result, the mutants split over a few worker processes; a worker that dies (a crash the
    alarm cannot catch) is recorded against the mutant it was on and the rest of its share runs again."""
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    def share(part: list[dict]) -> list[dict]:
        results: list[dict] = []
        while len(results) < len(part):
            rest = part[len(results):]
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(rest, f)
            start = time.perf_counter()
            try:
                proc = subprocess.run([python, __file__, f.name], capture_output=True, text=True,
                                      timeout=MUTANT_SECONDS * len(rest) + 30)
                out, err = proc.stdout, proc.stderr
            except subprocess.TimeoutExpired as exc:
                out, err = exc.stdout or "", "timeout"
                out = out.decode() if isinstance(out, bytes) else out
            finally:
                Path(f.name).unlink()
            done = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            results += done
            if len(done) < len(rest):  # the worker died on rest[len(done)]
                results.append({"name": rest[len(done)]["name"], "outcome": "crash",
                                "detail": f"worker died: {err[-300:]}", "seconds": time.perf_counter() - start})
        return results

    parts = [mutants[i::workers] for i in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        return [r for rs in pool.map(share, parts) for r in rs]


if __name__ == "__main__":  # a worker: the venv's interpreter finds the project by its .pth (devtools/setup_env.sh)
    run(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
