// Runs the core's own unit tests (tests/core/) inside Pyodide under Node, offline:
//
//     node devtools/node/run_core_tests.mjs --wheels .cache/pyodide-wheels [-- PYTEST_ARGS...]
//
// The pure-Python wheels of pytest and what it needs are unpacked into Pyodide's site-packages (no
// micropip, no network); calculator/ and tests/core/ are mounted read-only from the repository. The
// exit status is pytest's.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");

function parseArgs(argv) {
  const out = { wheels: path.join(repo, ".cache", "pyodide-wheels"), pytest: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--wheels") out.wheels = path.resolve(argv[++i]);
    else if (argv[i] === "--") { out.pytest = argv.slice(i + 1); break; }
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const pyodideDir = path.join(repo, "node_modules", "pyodide") + path.sep;
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: pyodideDir });
  const site = pyodide.runPython("import site; site.getsitepackages()[0]");

  const wheels = (await readdir(args.wheels)).filter((f) => f.endsWith(".whl")).sort();
  if (!wheels.length) throw new Error(`no wheels in ${args.wheels}`);
  for (const name of wheels) {
    const bytes = new Uint8Array(await readFile(path.join(args.wheels, name)));
    pyodide.unpackArchive(bytes, "wheel", { extractDir: site });
  }

  const { FS } = pyodide;
  // The core is mounted where an installed package lives (site-packages), the tests under /repo.
  for (const [rel, target] of [["calculator", `${site}/calculator`], ["tests/core", "/repo/tests/core"]]) {
    FS.mkdirTree(target);
    FS.mount(FS.filesystems.NODEFS, { root: path.join(repo, rel) }, target);
  }
  // tests/ is a plain folder here: only tests/core is mounted, so the repo-level conftest (which needs
  // the build tools) is not collected, as in the core's promise: stdlib + pytest only.
  pyodide.globals.set("pytest_args", pyodide.toPy(args.pytest));
  const code = pyodide.runPython(`
import os, sys
sys.dont_write_bytecode = True          # never write __pycache__ into the mounted repository
os.chdir("/repo")
import pytest
print(f"pytest {pytest.__version__} on Python {sys.version.split()[0]} ({sys.platform})", flush=True)
int(pytest.main(["-p", "no:cacheprovider", "--rootdir=/repo", "-o", "addopts=", "-q", "tests/core", *pytest_args]))
`);
  process.exitCode = code;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exitCode = 3;
});
