// Module Web Worker that runs the calculator core (our wheel) on the self-hosted Pyodide runtime.
//
// The worker starts loading as soon as it runs, from ../assets/runtime/manifest.json next to its own URL:
// an "init" message would wait for the page's main thread, busy with the theme's scripts at that moment.
// Page -> worker:  {id, request}            request: the JSON text given to calculate_json
// Worker -> page:  {type: "progress", stage, fraction, loaded, total, downloaded}
//                      loaded / total: bytes of the runtime's files received / expected (estimated on
//                      the wire); downloaded: every file has arrived (what is left is starting Python)
//                  {type: "ready", pyodide, timings}   timings: when each start-up step ended
//                  {type: "error", code, stage, detail}   start-up failed; the page offers a retry
//                  {type: "crashed", id, answered, detail}
//                      the interpreter died while answering request `id` (answered already with an
//                      "internal" error: the page must not send it again); the page starts a new worker
//                  {id, response}           response: the JSON text calculate_json returned
//
// Booting Pyodide on the main thread freezes the page for seconds; here it costs the page nothing.
// Everything is fetched from this site (no CDN, no micropip): the sha256 of the wheel and of the rules come
// from the manifest and are checked before the wheel is imported and the rules are read.

let stage = "start";
// When each step of start-up ended (ms since the epoch, comparable with the page's performance.timeOrigin +
// performance.now()), sent with "ready" for the benchmark (devtools/bench_calculator.py) and for curious readers.
const timings = { worker: performance.timeOrigin + performance.now() };
const mark = (name) => { timings[name] = performance.timeOrigin + performance.now(); };
let rules = null;
let calculateJson = null;

const post = (message) => self.postMessage(message);

function progress(name, fraction) {
  stage = name;
  const { loaded, total, done } = downloadTotals();
  post({ type: "progress", stage: name, fraction, loaded, total, downloaded: done });
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

// Download progress, in bytes (issue 18: the page's watchdog judges progress, not total time). Every file
// the runtime needs is counted as its body arrives: the .wasm and the standard library as Pyodide fetches
// them (see watchDownloads), the loader's pyodide.asm.mjs, the wheel and the rules as this worker fetches
// them. Sizes are estimated on the wire: the manifest gives each file's raw and compressed sizes, and a
// response's Content-Length (compressed when Content-Encoding is set) corrects the estimate.
const downloads = new Map(); // url -> {raw, wire, got, done}
let lastPost = 0;
let downloadedSent = false;

function expectDownload(url, sizes) {
  const raw = (sizes && sizes.raw) || 0;
  downloads.set(url, { raw, wire: (sizes && (sizes.gz || sizes.raw)) || 0, got: 0, done: false });
}

function downloadTotals() {
  let loaded = 0, total = 0, done = true;
  for (const d of downloads.values()) {
    const raw = d.raw || d.got || 1;
    const wire = d.wire || raw;
    total += wire;
    loaded += d.done ? wire : Math.min(wire, Math.round((d.got / raw) * wire));
    done = done && d.done;
  }
  return { loaded, total, done: done && downloads.size > 0 };
}

function reportDownloads(force) {
  const { loaded, total, done } = downloadTotals();
  const now = Date.now();
  if (!force && !done && now - lastPost < 200) return;
  lastPost = now;
  if (done && !downloadedSent) {
    downloadedSent = true;
    stage = "runtime";
  } else if (!done && stage === "start") {
    stage = "download";
  }
  const fraction = stage === "download" ? 0.05 + 0.8 * (total ? loaded / total : 0) : 0.86;
  post({ type: "progress", stage, fraction, loaded, total, downloaded: done });
}

function sawHeaders(url, response) {
  const d = downloads.get(url);
  if (!d) return;
  const length = Number(response.headers.get("Content-Length")) || 0;
  if (length) d.wire = length;
  if (!response.headers.get("Content-Encoding") && length) d.raw = length;
}

// Reads `body` to the end, counting its bytes for `url` (and keeping them in `chunks` if given); a read
// that fails is a broken download.
async function countBody(url, body, chunks) {
  const d = downloads.get(url);
  const reader = body.getReader();
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw new StartupError("network", `${e && e.message ? e.message : e} ${url}`);
    }
    if (chunk.done) break;
    if (d) d.got += chunk.value.byteLength;
    if (chunks) chunks.push(chunk.value);
    reportDownloads(false);
  }
  if (d) d.done = true;
  reportDownloads(true);
}

// Fetches one counted file to the end: its bytes.
async function fetchCounted(url, code) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new StartupError("network", `${e && e.message ? e.message : e} ${url}`);
  }
  if (!response.ok) throw new StartupError(code, `${response.status} ${url}`);
  sawHeaders(url, response);
  const chunks = [];
  await countBody(url, response.body, chunks);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

// Pyodide fetches its files with the global fetch(). Wrapping it (instead of fetching the 9.6 MB .wasm a
// second time, as this worker once did) lets us
// - diagnose the two server mistakes that make Pyodide hang (missing .wasm, wrong MIME type) from the
//   headers of Pyodide's own request, which is handed back untouched: streaming compilation and the
//   browser's compiled-code cache keep working;
// - count the bytes of the .wasm and the standard library as they arrive, on a clone of the response
//   (a tee of its body): Pyodide reads the original at its own pace.
// A failure seen here rejects the promise returned, which start-up races against loadPyodide.
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
      if (url === config.wasm || url === config.stdlib) fail(new StartupError("network", `${e && e.message} ${url}`));
      throw e;
    }
    if (url === config.wasm) {
      if (!response.ok) fail(new StartupError("wasm_http", `${response.status} ${url}`));
      const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
      if (type !== "application/wasm") fail(new StartupError("wasm_mime", `${type || "(none)"} ${url}`));
    }
    if ((url === config.wasm || url === config.stdlib) && response.ok && response.body) {
      sawHeaders(url, response);
      countBody(url, response.clone().body).catch(fail);
    }
    return response;
  };
  return failure;
}

async function fetchManifest(manifestUrl) {
  try {
    const response = await fetch(manifestUrl, { cache: "no-cache" });
    if (!response.ok) throw new Error(`${response.status} ${manifestUrl}`);
    return await response.json();
  } catch (e) {
    throw new StartupError("manifest", String(e && e.message ? e.message : e));
  }
}

// The runtime's file names, sizes and the wheel's sha256, inlined by the page that spawned this worker (its
// name: overrides/main.html, data-boot, written from manifest.json at build time), so start-up does not wait
// for the manifest's round trip. null when absent or unreadable (a worker spawned later fetches the manifest).
function inlineManifest() {
  try {
    const m = JSON.parse(self.name || "null");
    return m && typeof m.base === "string" && m.files && typeof m.files.wheel === "string" ? m : null;
  } catch {
    return null;
  }
}

// The files an inlined manifest names must be those the server's manifest names: a page older than the
// runtime (a cached copy, a deploy in progress) fails with "stale", and the page's retry starts a worker that
// reads the manifest itself. An unreachable manifest is no reason to stop (offline, the files came anyway).
async function checkInline(inline, fetched) {
  let manifest;
  try {
    manifest = await fetched;
  } catch {
    return;
  }
  const same = manifest.base === inline.base &&
    ["loader", "stdlib", "lock", "rules", "wheel"].every((k) => manifest.files[k] === inline.files[k]) &&
    ["wheel", "rules"].every((k) => (manifest.sha256 || {})[inline.files[k]] === (inline.sha256 || {})[inline.files[k]]);
  if (!same) throw new StartupError("stale", "the page's runtime files differ from assets/runtime/manifest.json");
}

function resolveConfig(manifest, manifestUrl) {
  const base = new URL(manifest.base, manifestUrl);
  const f = manifest.files;
  const sizes = (name) => (manifest.sizes && manifest.sizes[name]) || null;
  const config = {
    index: base.href,
    loader: new URL(f.loader, base).href,
    stdlib: new URL(f.stdlib, base).href,
    lock: new URL(f.lock, base).href,
    rules: new URL(f.rules, base).href,
    wasm: new URL("pyodide.asm.wasm", base).href,
    asm: new URL("pyodide.asm.mjs", base).href,
    wheel: new URL(f.wheel, base).href,
    wheelSha256: (manifest.sha256 && manifest.sha256[f.wheel]) || null,
    rulesSha256: (manifest.sha256 && manifest.sha256[f.rules]) || null,
    package: manifest.package || "calculator",
  };
  expectDownload(config.asm, sizes("pyodide.asm.mjs"));
  expectDownload(config.wasm, sizes("pyodide.asm.wasm"));
  expectDownload(config.stdlib, sizes(f.stdlib));
  expectDownload(config.wheel, sizes(f.wheel));
  expectDownload(config.rules, sizes(f.rules));
  return config;
}

// Our wheel (pure Python, byte-compiled) and the rules are fetched while Pyodide boots. The wheel is imported
// straight from the archive (zipimport): no unpacking by micropip or loadPackage after the boot, so the
// runtime's standard library can leave out what package installation needs. The rules were checked by the
// build (the one validator, calculator.schema); their hash proves the file is that one, so the worker checks
// national rules at start-up and each region when a reader first asks about it.
async function fetchChecked(url, sha256, code) {
  if (!sha256) throw new StartupError(code, `no sha256 for ${url} in the manifest`);
  const bytes = await fetchCounted(url, code);
  return [bytes, await subtleSha256(bytes)];
}

// The checksum is taken with crypto.subtle as soon as a file has arrived, while Pyodide still boots; pages
// served over plain http (other than localhost) do not have crypto.subtle, and there Python's hashlib takes it
// after the boot.
async function subtleSha256(bytes) {
  if (!(self.crypto && self.crypto.subtle)) return null;
  try {
    const digest = new Uint8Array(await self.crypto.subtle.digest("SHA-256", bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  } catch {
    return null;
  }
}

function assertChecksum(pyodide, [bytes, subtleDigest], sha256, code, url) {
  let digest = subtleDigest;
  if (!digest) {
    const path = "/tmp/checksum-input";
    pyodide.FS.writeFile(path, bytes);
    digest = pyodide.runPython(`import hashlib, pathlib\nhashlib.sha256(pathlib.Path("${path}").read_bytes()).hexdigest()`);
    pyodide.FS.unlink(path);
  }
  if (digest !== sha256) throw new StartupError(code, `checksum mismatch ${url}`);
  return bytes;
}

const WHEEL_PATH = "/lib/calculator-wheel/calculator.whl";

function installWheel(pyodide, config, wheel) {
  const bytes = assertChecksum(pyodide, wheel, config.wheelSha256, "package", config.wheel);
  pyodide.FS.mkdirTree(WHEEL_PATH.slice(0, WHEEL_PATH.lastIndexOf("/")));
  pyodide.FS.writeFile(WHEEL_PATH, bytes);
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(WHEEL_PATH)})`);
}

async function init(manifestUrl) {
  progress("start", 0.02);
  assertWasmAllowed();
  const inline = inlineManifest();
  const fetched = fetchManifest(manifestUrl);
  fetched.catch(() => {});
  const config = resolveConfig(inline || await fetched, manifestUrl);
  mark("config");
  const consistent = inline ? checkInline(inline, fetched) : Promise.resolve();
  consistent.catch(() => {});
  progress("download", 0.05);
  // Pyodide's loader imports pyodide.asm.mjs: fetched here too, to count its bytes. loadPyodide does not wait
  // for it (it fetches the .wasm and the standard library at once, as a bare boot does; waiting held them back
  // ~0.35 s): the browser's HTTP cache makes the loader's request wait for this one, not download it again.
  const asmLoaded = fetchCounted(config.asm, "wasm_http");
  asmLoaded.catch(() => {});
  const rulesFetched = fetchChecked(config.rules, config.rulesSha256, "rules");
  rulesFetched.catch(() => {});
  const wheelFetched = fetchChecked(config.wheel, config.wheelSha256, "package");
  wheelFetched.catch(() => {});
  // A failure seen by the fetch wrapper must stop start-up even though loadPyodide keeps waiting.
  const wasmFailure = watchDownloads(config);
  const { loadPyodide } = await Promise.race([import(config.loader), wasmFailure]);
  mark("loader");
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
  mark("booted");
  await asmLoaded;
  if (!downloadedSent) reportDownloads(true);
  await consistent;
  installWheel(pyodide, config, await wheelFetched);
  mark("wheel");
  progress("package", 0.88);
  let browser;
  try {
    browser = pyodide.pyimport(`${config.package}.browser`);
  } catch (e) {
    throw new StartupError("package", String(e && e.message ? e.message : e));
  }
  mark("imported");
  progress("rules", 0.94);
  try {
    const bytes = assertChecksum(pyodide, await rulesFetched, config.rulesSha256, "rules", config.rules);
    const data = pyodide.toPy(bytes);  // a memoryview: the bytes copied as they are, not re-encoded as text
    try {
      rules = browser.load_checked_rules_json(data);
    } finally {
      data.destroy();
    }
  } catch (e) {
    if (e instanceof StartupError) throw e;
    throw new StartupError("rules", String(e && e.message ? e.message : e));
  }
  calculateJson = browser.calculate_json;
  mark("rules");
  progress("ready", 1);
  post({ type: "ready", pyodide: pyodide.version, timings });
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

// `simulate` (test hook, window.calculator.__calculate): "fatal" fails as a fatal interpreter error would
// while answering; "hang" never answers (the page's request timeout replaces the worker).
async function answer(id, request, simulate) {
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
    if (simulate === "fatal") throw new Error("RuntimeError: simulated fatal error (test hook)");
    if (simulate === "hang") for (;;);
    response = calculateJson(typeof request === "string" ? request : JSON.stringify(request), rules);
  } catch (e) {
    // calculate_json never raises, so this is the interpreter itself failing (a fatal error, such as a
    // stack overflow): answer, then ask the page for a fresh worker.
    response = internalError(String(e && e.message ? e.message : e).split("\n").slice(-2).join(" "));
    post({ id, response });
    post({ type: "crashed", id, answered: true, detail: String(e && e.message ? e.message : e).slice(0, 200) });
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
  if ("id" in message && "request" in message) answer(message.id, message.request, message.simulate);
};

const initPromise = init(new URL("../assets/runtime/manifest.json", import.meta.url).href).catch((e) => {
  const code = e instanceof StartupError ? e.code : "startup";
  const detail = e instanceof StartupError ? e.detail : String(e && e.message ? e.message : e);
  post({ type: "error", code, stage, detail });
  throw e;
});
