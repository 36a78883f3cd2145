"""Build the self-hosted browser runtime: Pyodide from npm, our calculator wheel, the rules, precompressed.

    .venv/bin/python -m devtools.build_runtime [--rules build/rules.json] [--out docs/assets/runtime]

Steps (each skipped when its inputs have not changed; only files whose bytes changed are rewritten):

1. Build the `calculator` wheel from a clean copy of pyproject.toml + calculator/ with `python -m build`
   (SOURCE_DATE_EPOCH fixed, so the same sources give the same bytes).
2. Byte-compile the Pyodide standard library and the wheel with Pyodide's own interpreter under Node
   (devtools/node/compile.mjs). A .pyc compiled by the host Python has the host's magic number and
   Pyodide 314 (CPython 3.14) rejects it. The compiled wheel is tagged `py314-none-any` (its .pyc are 3.14
   only); `pyodide lockfile add-wheels` accepts that tag for a 3.14 lock.
3. Write a trimmed `pyodide-lock.json` that lists only our wheel with its sha256, using
   `pyodide lockfile add-wheels` (pyodide-lock). `loadPyodide({packages: ["calculator"]})` then installs
   it without micropip, with an integrity check, and without ever asking a CDN.
4. Write the rules in the calculator's form (calculator.schema.FORMS: the regions without their text and
   contacts, which no calculation reads; 178 instead of 459 kB), read back by load_rules here first.
5. Copy the runtime into docs/assets/runtime/pyodide-<version>/ (a versioned path, cached as immutable).
   Files whose content can change within one Pyodide version (stdlib, lock, wheel, rules) carry a content
   hash in their name. docs/assets/runtime/manifest.json (not immutable) names them for the page.
6. Write `.br` and `.gz` next to every compressible file (Node's zlib; Python's brotli is not stdlib).

pyodide-build is not used to build the wheel: for a pure-Python package `pyodide build` would produce the
same py3-none-any wheel as `python -m build`, and it needs the internet to fetch its cross-build
environment. Its `pyodide py-compile` runs the *host* interpreter, hence step 2.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest time a zip file can hold
COMPILE_MJS = ROOT / "devtools" / "node" / "compile.mjs"
WHEEL_TAG = "py314-none-any"
# Files the site needs from the npm package, unchanged.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# Top-level stdlib modules dropped from the browser copy. What stays is what Pyodide imports while it boots
# (asyncio, ssl, subprocess, zipfile, logging, ...), what the core imports (json, decimal, dataclasses,
# datetime, re, ...) and what error reports need (traceback, linecache, tokenize). The worker never calls
# loadPackage (it imports our wheel from its archive), so importlib.metadata's needs (email, ...) can go.
# tests/test_core_in_pyodide.py runs every case and hostile request through the built runtime and compares
# each answer with the host's, byte for byte; check_core_imports stops a build whose core needs one of these.
STDLIB_DROP = (
    # interactive tools, debuggers, profilers, test runners, GUI
    "_pyrepl", "pdb.py", "bdb.py", "cmd.py", "pydoc.py", "pydoc_data", "doctest.py", "unittest", "idlelib",
    "tkinter", "turtle.py", "turtledemo", "trace.py", "tracemalloc.py", "profile.py", "cProfile.py",
    "pstats.py", "timeit.py", "tabnanny.py", "pyclbr.py", "symtable.py", "modulefinder.py", "pickletools.py",
    # installers and build tools
    "ensurepip", "venv", "lib2to3", "compileall.py", "zipapp.py",
    # network protocols, mail, web, markup: a worker that only computes opens no connection
    "email", "http", "urllib", "html", "_markupbase.py", "xml", "xmlrpc", "wsgiref", "socketserver.py",
    "mailbox.py", "imaplib.py", "smtplib.py", "ftplib.py", "poplib.py", "mimetypes.py", "ipaddress.py",
    # file formats and storage the calculator never reads
    "tarfile.py", "plistlib.py", "tomllib", "configparser.py", "wave.py", "pickle.py", "_compat_pickle.py",
    "shelve.py", "dbm", "sqlite3", "fileinput.py", "filecmp.py",
    # other platforms' services
    "curses", "multiprocessing", "ctypes", "uuid.py", "getpass.py",
    # maths and text tools the core does not use (it has Decimal)
    "statistics.py", "fractions.py", "difflib.py", "optparse.py",
    # pure-Python twins of modules Pyodide has built in (_datetime, _decimal, _io)
    "_pydatetime.py", "_pydecimal.py", "_pyio.py",
)
# encodings/: only the codecs Python itself and the core's JSON and text use; the ~100 legacy code pages
# (cp*, mac_*, iso8859_*, CJK) are 1.4 MB of source that nothing here decodes.
ENCODINGS_KEEP = (
    "__init__.py", "aliases.py", "ascii.py", "latin_1.py", "utf_8.py", "utf_8_sig.py", "utf_16.py",
    "utf_16_le.py", "utf_16_be.py", "utf_32.py", "utf_32_le.py", "utf_32_be.py", "unicode_escape.py",
    "raw_unicode_escape.py", "charmap.py", "idna.py", "punycode.py",
)
# The standard library is compiled with optimize=2 (no docstrings, no asserts: Python's supported -OO
# mode), which saves ~0.35 MB brotli. Our own wheel keeps optimize=0 so it behaves as on the host.
STDLIB_OPTIMIZE = 2
# Our wheel's archive method, part of its compile cache key (see compile_archives).
WHEEL_COMPRESSION = "stored"
COMPRESS_MIN_BYTES = 1024
COMPRESS_SUFFIXES = (".mjs", ".js", ".wasm", ".zip", ".whl", ".json")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def log(msg: str) -> None:
    print(f"build_runtime: {msg}", file=sys.stderr)


def pyodide_version(pyodide_dir: Path) -> str:
    installed = json.loads((pyodide_dir / "package.json").read_text())["version"]
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    if installed != pinned:
        raise SystemExit(f"build_runtime: node_modules has pyodide {installed}, package.json pins {pinned}: run npm ci")
    return installed


def build_wheel(project: Path, work: Path) -> Path:
    """Build the wheel from a clean copy (no stale build/lib, no __pycache__, no egg-info)."""
    with tempfile.TemporaryDirectory(prefix="calc-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        shutil.copy2(project / "pyproject.toml", src / "pyproject.toml")
        shutil.copytree(project / "calculator", src / "calculator",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        for p in sorted(src.rglob("*")):  # fixed mtimes: setuptools copies them into the archive
            os.utime(p, (int(SOURCE_DATE_EPOCH), int(SOURCE_DATE_EPOCH)))
        dist = Path(tmp) / "dist"
        env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED="0")
        cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(src)]
        try:
            import setuptools  # noqa: F401  (present: build offline, without an isolated env)

            cmd.insert(4, "--no-isolation")
        except ImportError:
            pass
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        wheels = sorted(dist.glob("*.whl"))
        if len(wheels) != 1:
            raise SystemExit(f"build_runtime: expected one wheel, got {wheels}")
        out = work / "wheel-raw" / wheels[0].name
        write_if_changed(out, normalise_zip(wheels[0].read_bytes()))
        return out


def normalise_zip(data: bytes) -> bytes:
    """Re-pack with sorted names and fixed timestamps so the bytes depend only on the contents."""
    import io

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


def check_core_imports(project: Path) -> None:
    """Fail the build if the core imports a standard-library module the browser copy drops."""
    import ast

    dropped = {d.removesuffix(".py") for d in STDLIB_DROP}
    for path in sorted((project / "calculator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in dropped:
                    raise SystemExit(f"build_runtime: {path}:{node.lineno} imports {name}, which the browser "
                                     "runtime drops (STDLIB_DROP in devtools/build_runtime.py)")


def dropped_from_stdlib(name: str) -> bool:
    parts = name.split("/")
    if parts[0] in STDLIB_DROP:
        return True
    return parts[0] == "encodings" and len(parts) == 2 and parts[1] not in ENCODINGS_KEEP


def trimmed_stdlib(stock: Path, work: Path) -> Path:
    import io

    src = zipfile.ZipFile(stock)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            if dropped_from_stdlib(info.filename):
                continue
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            z.writestr(zi, src.read(info.filename))
    path = work / "python_stdlib.trimmed.zip"
    write_if_changed(path, out.getvalue())
    return path


def node_jobs(node: str, pyodide_dir: Path, jobs: list[dict], work: Path) -> list[dict]:
    spec = work / "jobs.json"
    spec.write_text(json.dumps({"pyodide_dir": str(pyodide_dir), "jobs": jobs}))
    res = subprocess.run([node, str(COMPILE_MJS), str(spec)], check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def compile_archives(node: str, pyodide_dir: Path, stdlib: Path, wheel: Path, work: Path) -> tuple[Path, Path]:
    """Compile stdlib and wheel inside Pyodide; cached by the hash of the inputs and of compile.mjs."""
    tool = sha256(COMPILE_MJS.read_bytes() + str(STDLIB_OPTIMIZE).encode() + (pyodide_dir / "pyodide.asm.wasm").read_bytes()[:1 << 20])
    std_key = sha256(stdlib.read_bytes() + tool.encode())[:16]
    whl_key = sha256(wheel.read_bytes() + tool.encode() + WHEEL_COMPRESSION.encode())[:16]
    std_out = work / "compiled" / f"stdlib-{std_key}.zip"
    name, version = wheel.name.split("-")[:2]
    whl_out = work / "compiled" / whl_key / f"{name}-{version}-{WHEEL_TAG}.whl"
    jobs = []
    if not std_out.is_file():
        # Stored, not deflated: brotli over the whole file then compresses ~30 % better than deflate.
        jobs.append({"kind": "compile", "input": str(stdlib), "output": str(std_out),
                     "prefix": "/lib/python314.zip/", "compression": "stored", "optimize": STDLIB_OPTIMIZE})
    if not whl_out.is_file():
        # Stored too: zipimport then reads the modules without inflating them, which in Pyodide halves the
        # import of the core (Node: 13 ms instead of 33); the wire copy is brotli (.whl in COMPRESS_SUFFIXES).
        jobs.append({"kind": "compile", "input": str(wheel), "output": str(whl_out),
                     "prefix": "/lib/python3.14/site-packages/", "compression": WHEEL_COMPRESSION,
                     "wheel_tag": WHEEL_TAG})
    if jobs:
        std_out.parent.mkdir(parents=True, exist_ok=True)
        whl_out.parent.mkdir(parents=True, exist_ok=True)
        log(f"compiling {len(jobs)} archive(s) inside Pyodide under Node")
        for r in node_jobs(node, pyodide_dir, jobs, work):
            log(f"  {Path(r['output']).name}: {r['compiled']} modules compiled, {r['failed']} left as source")
    return std_out, whl_out


def trimmed_lock(pyodide_dir: Path, wheel_in_dest: Path, dest: Path, work: Path) -> bytes:
    stock = json.loads((pyodide_dir / "pyodide-lock.json").read_text())
    empty = {"info": stock["info"], "packages": {}}
    inp, outp = work / "lock-in.json", work / "lock-out.json"
    inp.write_text(json.dumps(empty))
    pyodide_cli = Path(sys.executable).parent / "pyodide"
    cmd = [str(pyodide_cli), "lockfile", "add-wheels", "--input", str(inp), "--output", str(outp),
           "--base-path", str(dest), str(wheel_in_dest)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    lock = json.loads(outp.read_text())
    names = sorted(lock["packages"])
    if names != ["calculator"]:
        raise SystemExit(f"build_runtime: trimmed lock should list only calculator, lists {names}")
    # add-wheels reads top-level imports from .py files; the compiled wheel has only .pyc.
    lock["packages"]["calculator"]["imports"] = ["calculator"]
    return (json.dumps(lock, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


def region_index(rules: dict) -> list[dict]:
    """Slugs and names for the page's region list, read before the runtime has loaded."""
    out = []
    regions = rules.get("regions") if isinstance(rules, dict) else None
    for slug, data in sorted((regions or {}).items()):
        ident = data.get("region", data) if isinstance(data, dict) else {}
        name = ident.get("name") if isinstance(ident, dict) else None
        out.append({"slug": slug, "name": name if isinstance(name, dict) else {"en": slug, "zh": slug}})
    return out


def calculator_rules(rules_bytes: bytes) -> bytes:
    """The canonical rules in the calculator's form, checked by the one validator (load_rules) both ways."""
    from calculator.browser import load_rules_json
    from calculator.schema import rules_to_dict

    data = rules_to_dict(load_rules_json(rules_bytes.decode("utf-8")), form="calculator")
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    if rules_to_dict(load_rules_json(text), form="calculator") != data:
        raise SystemExit("build_runtime: the calculator's rules do not read back as written")
    return text.encode("utf-8")


def hashed_name(stem: str, suffix: str, data: bytes) -> str:
    return f"{stem}.{sha256(data)[:12]}{suffix}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", type=Path, default=ROOT, help="folder with pyproject.toml and calculator/")
    ap.add_argument("--rules", type=Path, default=ROOT / "build" / "rules.json")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "runtime")
    ap.add_argument("--pyodide-dir", type=Path, default=ROOT / "node_modules" / "pyodide")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "runtime-work")
    ap.add_argument("--node", default=shutil.which("node") or "node")
    ap.add_argument("--no-trim", action="store_true", help="ship the whole Pyodide standard library")
    args = ap.parse_args(argv)

    if not args.rules.is_file():
        raise SystemExit(f"build_runtime: {args.rules} is missing: run `python -m guide --rules-only` first")
    version = pyodide_version(args.pyodide_dir)
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    dest_name = f"pyodide-{version}"
    dest = args.out / dest_name

    raw_wheel = build_wheel(args.project, work)
    stdlib_src = args.pyodide_dir / "python_stdlib.zip"
    if not args.no_trim:
        check_core_imports(args.project)
        stdlib_src = trimmed_stdlib(stdlib_src, work)
    std_zip, wheel = compile_archives(args.node, args.pyodide_dir, stdlib_src, raw_wheel, work)

    wanted: dict[str, bytes] = {}
    for name in RUNTIME_FILES:
        wanted[name] = (args.pyodide_dir / name).read_bytes()
    std_bytes = std_zip.read_bytes()
    stdlib_name = hashed_name("python_stdlib", ".zip", std_bytes)
    wanted[stdlib_name] = std_bytes
    wheel_bytes = wheel.read_bytes()
    wheel_rel = f"wheel-{sha256(wheel_bytes)[:12]}/{wheel.name}"
    wanted[wheel_rel] = wheel_bytes
    rules_bytes = args.rules.read_bytes()
    regions = region_index(json.loads(rules_bytes))  # fails here, not in the browser, on a truncated file
    calc_rules = calculator_rules(rules_bytes)
    rules_name = hashed_name("calculator-rules", ".json", calc_rules)
    wanted[rules_name] = calc_rules

    # The lock needs the wheel at its final place (add-wheels stores the path relative to --base-path).
    changed = []
    if write_if_changed(dest / wheel_rel, wheel_bytes):
        changed.append(wheel_rel)
    lock_bytes = trimmed_lock(args.pyodide_dir, dest / wheel_rel, dest, work)
    lock_name = hashed_name("pyodide-lock", ".json", lock_bytes)
    wanted[lock_name] = lock_bytes

    for rel, data in wanted.items():
        if write_if_changed(dest / rel, data):
            changed.append(rel)

    # Precompressed copies, rewritten only when their source changed or they are missing.
    to_compress = [rel for rel, data in wanted.items()
                   if rel.endswith(COMPRESS_SUFFIXES) and len(data) >= COMPRESS_MIN_BYTES
                   and (rel in changed or not (dest / (rel + ".br")).is_file()
                        or not (dest / (rel + ".gz")).is_file())]
    if to_compress:
        log(f"compressing {len(to_compress)} file(s)")
        node_jobs(args.node, args.pyodide_dir, [{"kind": "compress", "input": str(dest / r)} for r in to_compress],
                  work)
    keep = set(wanted) | {r + ext for r in wanted for ext in (".br", ".gz") if (dest / (r + ext)).is_file()}

    # Remove what an earlier build left: old hashed files, other Pyodide versions.
    for p in sorted(dest.rglob("*"), reverse=True):
        rel = p.relative_to(dest).as_posix()
        if p.is_file() and rel not in keep:
            p.unlink()
            changed.append(f"-{rel}")
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()
    for other in sorted(args.out.glob("pyodide-*")):
        if other.is_dir() and other.name != dest_name:
            shutil.rmtree(other)
            changed.append(f"-{other.name}/")

    def size(rel: str, ext: str = "") -> int | None:
        p = dest / (rel + ext)
        return p.stat().st_size if p.is_file() else None

    files = {
        "loader": "pyodide.mjs", "stdlib": stdlib_name, "lock": lock_name, "wheel": wheel_rel,
        "rules": rules_name,
    }
    manifest = {
        "pyodide_version": version,
        "base": f"{dest_name}/",
        "package": "calculator",
        "files": files,
        "regions": regions,
        "sizes": {rel: {"raw": size(rel), "br": size(rel, ".br"), "gz": size(rel, ".gz")}
                  for rel in sorted(wanted)},
        "sha256": {rel: sha256(data) for rel, data in sorted(wanted.items())},
    }
    if write_if_changed(args.out / "manifest.json",
                        (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()):
        changed.append("manifest.json")
    raw = sum(v["raw"] for v in manifest["sizes"].values())
    br = sum(v["br"] or v["raw"] for v in manifest["sizes"].values())
    log(f"{dest}: {raw / 1e6:.2f} MB raw, {br / 1e6:.2f} MB brotli; "
        f"{len(changed)} change(s){': ' + ', '.join(changed) if changed else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
