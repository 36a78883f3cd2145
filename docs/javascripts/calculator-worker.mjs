// Module Web Worker that runs the calculator core (our wheel) on the self-hosted Pyodide runtime.
//
// The worker starts loading as soon as it runs, from ../assets/runtime/manifest.json next to its own URL:
// an "init" message would wait for the page's main thread, busy with the theme's scripts at that moment.
// Page -> worker:  {id, request}            request: the JSON text given to calculate_json
// Worker -> page:  {type: "progress", stage, fraction}
//                  {type: "ready", pyodide}
//                  {type: "error", code, stage, detail}   start-up failed; the page offers a retry
//                  {type: "crashed", detail}              the interpreter died; the page starts a new worker
//                  {id, response}           response: the JSON text calculate_json returned
//
// Booting Pyodide on the main thread freezes the page for seconds; here it costs the page nothing.
// Everything is fetched from this site (no CDN, no micropip): the wheel's sha256 comes from the manifest
// and is checked before the wheel is imported.

let stage = "start";
let rules = null;
let calculateJson = null;

const post = (message) => self.postMessage(message);

function progress(name, fraction) {
  stage = name;
  post({ type: "progress", stage: name, fraction });
}

class StartupError extends Error {
  constructor(code, detail) {
    super(`${code}: ${detail}`);
    this.code = code;
    this.detail = detail;
  }
}

function assertWasmAllowed() {
  // A Content-Security-Policy without 'wasm-unsafe-eval' blocks compilation, and Pyodide then hangs
  // instead of failing. Compiling the smallest valid module tells us at once.
  try {
    new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  } catch (e) {
    throw new StartupError("wasm_blocked", String(e && e.message ? e.message : e));
  }
}

// Pyodide fetches its files with the global fetch(). Wrapping it (instead of fetching the 9.6 MB .wasm a
// second time, as this worker once did) lets us
// - diagnose the two server mistakes that make Pyodide hang (missing .wasm, wrong MIME type) from the
//   headers of Pyodide's own request, which is handed back untouched: streaming compilation and the
//   browser's compiled-code cache keep working;
// - report download progress (it also keeps the page's watchdog quiet on a slow network) by counting the
//   standard library's bytes as Pyodide reads them.
function watchDownloads(config) {
  let fail;
  const failure = new Promise((_, reject) => { fail = reject; });
  failure.catch(() => {});
  const realFetch = self.fetch.bind(self);
  self.fetch = async function (input, init) {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    let response;
    try {
      response = await realFetch(input, init);
    } catch (e) {
      if (url === config.wasm) fail(new StartupError("wasm_http", `${e && e.message} ${url}`));
      throw e;
    }
    if (url === config.wasm) {
      if (!response.ok) fail(new StartupError("wasm_http", `${response.status} ${url}`));
      const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
      if (type !== "application/wasm") fail(new StartupError("wasm_mime", `${type || "(none)"} ${url}`));
      return response;
    }
    if (url === config.stdlib && response.ok && response.body && typeof ReadableStream === "function") {
      const reader = response.body.getReader();
      const expected = config.stdlibBytes || 0;
      let received = 0;
      let last = 0;
      const body = new ReadableStream({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          received += value.byteLength;
          const fraction = Math.min(1, received / (expected || received));
          if (fraction - last >= 0.02 || fraction === 1) {
            last = fraction;
            progress("download", 0.05 + 0.7 * fraction);
          }
          controller.enqueue(value);
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      });
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    return response;
  };
  return failure;
}

async function resolveConfig(manifestUrl) {
  let manifest;
  try {
    const response = await fetch(manifestUrl, { cache: "no-cache" });
    if (!response.ok) throw new Error(`${response.status} ${manifestUrl}`);
    manifest = await response.json();
  } catch (e) {
    throw new StartupError("manifest", String(e && e.message ? e.message : e));
  }
  const base = new URL(manifest.base, manifestUrl);
  const f = manifest.files;
  const size = (name) => (manifest.sizes && manifest.sizes[name] && manifest.sizes[name].raw) || 0;
  return {
    index: base.href,
    loader: new URL(f.loader, base).href,
    stdlib: new URL(f.stdlib, base).href,
    lock: new URL(f.lock, base).href,
    rules: new URL(f.rules, base).href,
    wasm: new URL("pyodide.asm.wasm", base).href,
    stdlibBytes: size(f.stdlib),
    wheel: new URL(f.wheel, base).href,
    wheelSha256: (manifest.sha256 && manifest.sha256[f.wheel]) || null,
    package: manifest.package || "calculator",
  };
}

// Our wheel (pure Python, byte-compiled) is fetched while Pyodide boots and imported straight from the
// archive (zipimport): no unpacking by micropip or loadPackage after the boot, so the runtime's standard
// library can leave out what package installation needs.
async function fetchWheel(config) {
  if (!config.wheelSha256) throw new StartupError("package", `no sha256 for ${config.wheel} in the manifest`);
  const response = await fetch(config.wheel);
  if (!response.ok) throw new StartupError("package", `${response.status} ${config.wheel}`);
  return new Uint8Array(await response.arrayBuffer());
}

const WHEEL_PATH = "/lib/calculator-wheel/calculator.whl";

// The checksum is taken by Python's hashlib rather than crypto.subtle, which pages served over plain
// http (other than localhost) do not have.
async function installWheel(pyodide, config, wheelBytes) {
  const bytes = await wheelBytes;
  pyodide.FS.mkdirTree(WHEEL_PATH.slice(0, WHEEL_PATH.lastIndexOf("/")));
  pyodide.FS.writeFile(WHEEL_PATH, bytes);
  const path = JSON.stringify(WHEEL_PATH);
  const digest = pyodide.runPython(`import hashlib, pathlib\nhashlib.sha256(pathlib.Path(${path}).read_bytes()).hexdigest()`);
  if (digest !== config.wheelSha256) throw new StartupError("package", `checksum mismatch ${config.wheel}`);
  pyodide.runPython(`import sys\nsys.path.insert(0, ${path})`);
}

async function fetchText(url, code) {
  const response = await fetch(url);
  if (!response.ok) throw new StartupError(code, `${response.status} ${url}`);
  return response.text();
}

async function init(manifestUrl) {
  progress("start", 0.02);
  assertWasmAllowed();
  const config = await resolveConfig(manifestUrl);
  const rulesText = fetchText(config.rules, "rules_http");
  rulesText.catch(() => {});
  const wheelBytes = fetchWheel(config);
  wheelBytes.catch(() => {});
  // A failure seen by the fetch wrapper must stop start-up even though loadPyodide keeps waiting.
  const wasmFailure = watchDownloads(config);
  const { loadPyodide } = await Promise.race([import(config.loader), wasmFailure]);
  progress("runtime", 0.05);
  const pyodide = await Promise.race([
    loadPyodide({
      indexURL: config.index,
      stdLibURL: config.stdlib,
      lockFileURL: config.lock,
      stdout: () => {},
      stderr: (line) => console.warn(line),
    }),
    wasmFailure,
  ]);
  await installWheel(pyodide, config, wheelBytes);
  progress("package", 0.88);
  let browser;
  try {
    browser = pyodide.pyimport(`${config.package}.browser`);
  } catch (e) {
    throw new StartupError("package", String(e && e.message ? e.message : e));
  }
  progress("rules", 0.94);
  try {
    rules = browser.load_rules_json(await rulesText);
  } catch (e) {
    if (e instanceof StartupError) throw e;
    throw new StartupError("rules", String(e && e.message ? e.message : e));
  }
  calculateJson = browser.calculate_json;
  progress("ready", 1);
  post({ type: "ready", pyodide: pyodide.version });
}

function internalError(detail) {
  return JSON.stringify({
    error: {
      code: "internal",
      field: null,
      message: {
        en: `The calculator failed unexpectedly (${detail}). Please reload the page.`,
        zh: `计算器意外出错（${detail}），请刷新页面重试。`,
      },
    },
  });
}

async function answer(id, request) {
  try {
    await initPromise;
  } catch {
    // reported already as a start-up error
  }
  if (!calculateJson) {
    post({ id, response: internalError("not started") });
    return;
  }
  let response;
  try {
    response = calculateJson(typeof request === "string" ? request : JSON.stringify(request), rules);
  } catch (e) {
    // calculate_json never raises, so this is the interpreter itself failing (a fatal error, such as a
    // stack overflow): answer, then ask the page for a fresh worker.
    response = internalError(String(e && e.message ? e.message : e).split("\n").slice(-2).join(" "));
    post({ id, response });
    post({ type: "crashed", detail: String(e && e.message ? e.message : e).slice(0, 200) });
    calculateJson = null;
    return;
  }
  post({ id, response });
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "crash") {
    setTimeout(() => {
      throw new Error("simulated crash (test hook)");
    });
    return;
  }
  if ("id" in message && "request" in message) answer(message.id, message.request);
};

const initPromise = init(new URL("../assets/runtime/manifest.json", import.meta.url).href).catch((e) => {
  const code = e instanceof StartupError ? e.code : "startup";
  const detail = e instanceof StartupError ? e.detail : String(e && e.message ? e.message : e);
  post({ type: "error", code, stage, detail });
  throw e;
});
