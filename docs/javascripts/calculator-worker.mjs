// Module Web Worker that runs the calculator core (our wheel) on the self-hosted Pyodide runtime.
//
// Page -> worker:  {type: "init", config: {loader, index, stdlib, lock, rules, wasm, wasmBytes, package}}
//                  {id, request}            request: the JSON text given to calculate_json
// Worker -> page:  {type: "progress", stage, fraction}
//                  {type: "ready", pyodide}
//                  {type: "error", code, stage, detail}   start-up failed; the page offers a retry
//                  {type: "crashed", detail}              the interpreter died; the page starts a new worker
//                  {id, response}           response: the JSON text calculate_json returned
//
// Booting Pyodide on the main thread freezes the page for seconds; here it costs the page nothing.
// Everything is fetched from this site (no CDN, no micropip): the wheel is listed in a trimmed
// pyodide-lock.json with its sha256, so loadPyodide({packages}) installs it with an integrity check.

let stage = "start";
let rules = null;
let calculateJson = null;
let initPromise = null;

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

// Streams the .wasm once to report download progress and to diagnose the two server mistakes that make
// Pyodide hang (missing file, wrong MIME type). Pyodide's own request for the same immutable URL is
// served from the HTTP cache (Chromium shares one in-flight response between identical requests).
async function watchWasm(url, expectedBytes) {
  const response = await fetch(url);
  if (!response.ok) throw new StartupError("wasm_http", `${response.status} ${url}`);
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
  if (type !== "application/wasm") throw new StartupError("wasm_mime", `${type || "(none)"} ${url}`);
  if (!response.body) return;
  const reader = response.body.getReader();
  let received = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    const fraction = Math.min(1, received / (expectedBytes || received));
    if (fraction - last >= 0.02 || fraction === 1) {
      last = fraction;
      progress("download", 0.05 + 0.7 * fraction);
    }
  }
}

async function fetchText(url, code) {
  const response = await fetch(url);
  if (!response.ok) throw new StartupError(code, `${response.status} ${url}`);
  return response.text();
}

async function init(config) {
  progress("start", 0.02);
  assertWasmAllowed();
  const rulesText = fetchText(config.rules, "rules_http");
  const wasm = watchWasm(config.wasm, config.wasmBytes);
  // A failure of the watcher must stop start-up even though loadPyodide keeps waiting.
  const wasmFailure = wasm.then(
    () => new Promise(() => {}),
    (e) => Promise.reject(e),
  );
  const { loadPyodide } = await Promise.race([import(config.loader), wasmFailure]);
  progress("runtime", 0.05);
  const pyodide = await Promise.race([
    loadPyodide({
      indexURL: config.index,
      stdLibURL: config.stdlib,
      lockFileURL: config.lock,
      packageBaseUrl: config.index,
      packages: [config.package],
      stdout: () => {},
      stderr: (line) => console.warn(line),
    }),
    wasmFailure,
  ]);
  progress("package", 0.88);
  let browser;
  try {
    // loadPackage does not throw when a download fails: the import is the real check.
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
  if (message.type === "init") {
    if (!initPromise) {
      initPromise = init(message.config).catch((e) => {
        const code = e instanceof StartupError ? e.code : "startup";
        const detail = e instanceof StartupError ? e.detail : String(e && e.message ? e.message : e);
        post({ type: "error", code, stage, detail });
        throw e;
      });
    }
    return;
  }
  if (message.type === "crash") {
    setTimeout(() => {
      throw new Error("simulated crash (test hook)");
    });
    return;
  }
  if ("id" in message && "request" in message) answer(message.id, message.request);
};
