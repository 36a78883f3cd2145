// Answers calculator requests with the *built* browser runtime under Node, the way the page's worker
// does: the files named in manifest.json (trimmed standard library, trimmed lock, our compiled wheel
// imported from its archive, the rules JSON), then calculate_json for each request.
//
//     node devtools/node/run_requests.mjs docs/assets/runtime/manifest.json REQUESTS.json
//
// REQUESTS.json: a JSON array of request texts. Prints one JSON line: {pyodide: version, modules: the
// modules imported once the core and rules are loaded, responses: the response texts, in request order}.
// Used by tests/test_core_in_pyodide.py to compare every answer with the host's.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

async function main() {
  const [manifestPath, requestsPath] = process.argv.slice(2);
  if (!manifestPath || !requestsPath) throw new Error("usage: run_requests.mjs MANIFEST.json REQUESTS.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  const base = path.join(path.dirname(path.resolve(manifestPath)), manifest.base);
  const file = (name) => path.join(base, manifest.files[name]);
  const { loadPyodide } = await import(pathToFileURL(file("loader")).href);
  const pyodide = await loadPyodide({
    indexURL: base + path.sep,
    stdLibURL: file("stdlib"),
    lockFileURL: file("lock"),
    stdout: () => {},
  });
  const wheel = "/lib/calculator-wheel/calculator.whl";
  pyodide.FS.mkdirTree(path.posix.dirname(wheel));
  pyodide.FS.writeFile(wheel, new Uint8Array(await readFile(file("wheel"))));
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(wheel)})`);
  const browser = pyodide.pyimport(`${manifest.package}.browser`);
  // As the worker reads them: regions checked when first asked about (the build checked them all).
  const data = pyodide.toPy(new Uint8Array(await readFile(file("rules"))));
  const rules = browser.load_checked_rules_json(data);
  data.destroy();
  const requests = JSON.parse(await readFile(requestsPath, "utf8"));
  const modules = pyodide.runPython("import sys\nsorted(sys.modules)").toJs();
  const responses = requests.map((text) => browser.calculate_json(text, rules));
  process.stdout.write(JSON.stringify({ pyodide: pyodide.version, modules, responses }) + "\n");
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exitCode = 1;
});
