"""Benchmark (not a test): how fast the browser calculator is ready, against a bare Pyodide boot.

    .venv/bin/python -m devtools.bench_calculator [--runs 15] [--phone-runs 3] [--site site] [--page /calculator/]

Measured in one run, with the system Chromium, over localhost (devtools/serve.py: production headers,
precompressed files), each figure the median of --runs runs. Runs interleave the start-ups, in an order that
rotates from run to run, each after SETTLE_S of idle time, so that drift and what the previous context
leaves running hit every variant alike:
- calculator ready: navigation start -> window.calculator.ready on the calculator page (module worker,
  our byte-compiled runtime, wheel and rules), cold (fresh browser profile) and warm (reload);
- a bare Pyodide boot (the ratios `ready_ratio_cold` / `ready_ratio_warm`, issue 8's reference): navigation
  start -> `await loadPyodide()` + `runPython("1 + 1")` on the main thread of an empty page, with the
  Pyodide files exactly as npm ships them (same version as ours);
- like for like, stricter (`ready_ratio_same_cold` / `..._same_warm`): the same bare boot of *our* runtime
  files (compiled and trimmed stdlib, trimmed lock) in a module Web Worker on an empty page, then a
  message to the page. What is left between the two is the page itself, importing the core and loading
  the rules;
- bytes sent by the server (compressed, as transferred) for a cold calculator start and a cold bare boot;
- region_page_bytes: one region page loaded cold without the runtime (the widget not scrolled into view),
  the sum of the encoded body sizes of every response (page, styles, scripts, search index, images);
- the longest main-thread task while the calculator starts (Long Tasks API; 0 means none >= 50 ms);
- one calculation round trip page -> worker -> page, warm;
- a phone (`ready_s_slow_phone`): calculator ready, cold, with the CPU slowed 4x and the network emulated as
  DevTools' "Fast 4G" (CDP `Emulation.setCPUThrottlingRate` and `Network.emulateNetworkConditions`: 165 ms
  latency, 9 Mbit/s down, 1.5 Mbit/s up, each with DevTools' 0.9 / 2.75 adjustments), --phone-runs times.
The last line is `key=value` pairs (ready_ratio_cold=, ready_ratio_warm=, ready_ratio_same_cold=, ...,
calculator_bytes_compressed=, region_page_bytes=, ready_s_slow_phone=, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from devtools import serve

ROOT = Path(__file__).resolve().parent.parent


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
STOCK_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>bare</title></head>
<body><p>Bare Pyodide boot</p><script type="module" src="boot.mjs"></script></body></html>
"""
# ?runtime=ours: our files (compiled stdlib, trimmed lock); ?worker=1: boot in a module worker.
BARE_MJS = """const params = new URLSearchParams(location.search);
if (params.get("worker")) {
  const w = new Worker(new URL("boot-worker.mjs?" + params, import.meta.url), {type: "module"});
  w.onmessage = (e) => { window.__bareReady = performance.now(); window.__bareSteps = e.data; };
} else {
  const { boot } = await import("./boot-worker.mjs");
  await boot(params);
  window.__bareReady = performance.now();
}
"""
BARE_WORKER_MJS = """const started = performance.timeOrigin + performance.now();
export async function boot(params) {
  const ours = params.get("runtime") === "ours";
  const runtime = new URL(ours ? "../assets/runtime/%(ours)s" : "../stock/", import.meta.url);
  const options = {indexURL: runtime.href};
  if (ours) {
    options.stdLibURL = new URL("%(stdlib)s", runtime).href;
    options.lockFileURL = new URL("%(lock)s", runtime).href;
  }
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const pyodide = await loadPyodide(options);
  pyodide.runPython("1 + 1");
}
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  await boot(new URLSearchParams(location.search));
  self.postMessage({worker: started, booted: performance.timeOrigin + performance.now()});
}
"""
# DevTools' "Fast 4G" preset (front_end/core/sdk/NetworkManager.ts), and a phone-class CPU.
PHONE_NETWORK = {"offline": False, "latency": 60 * 2.75, "downloadThroughput": 9e6 / 8 * 0.9,
                 "uploadThroughput": 1.5e6 / 8 * 0.9}
PHONE_CPU_SLOWDOWN = 4
SETTLE_S = 1.0  # idle time before each start-up measured
LONGTASK_INIT = """
window.__longest = 0;
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({type: "longtask", buffered: true});
} catch (e) {}
"""


class CountingServer:
    """devtools/serve.py with a byte counter (bytes of response bodies, i.e. compressed when compressed)."""

    def __init__(self, site: Path):
        self.sent = 0
        self.lock = threading.Lock()
        self.server = serve.make_server(site, 0)
        handler = self.server.RequestHandlerClass
        outer = self

        class Counting(handler):
            def copyfile(self, source, outputfile):
                size = os.fstat(source.fileno()).st_size
                with outer.lock:
                    outer.sent += size
                super().copyfile(source, outputfile)

        self.server.RequestHandlerClass = Counting
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def take(self) -> int:
        with self.lock:
            n, self.sent = self.sent, 0
        return n

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def prepare_site(tmp: Path, site_arg: Path | None, demo: bool = False) -> tuple[Path, str]:
    """The site to measure, with /bench-bare/ (empty page) and /stock/ (npm's files) added beside it."""
    if demo:
        site, page = serve.make_demo_site(tmp / "demo"), "/"
    elif site_arg is not None:
        site, page = site_arg, ("/calculator/" if (site_arg / "calculator" / "index.html").is_file() else None)
    elif (ROOT / "site" / "assets" / "runtime" / "manifest.json").is_file():
        site, page = ROOT / "site", "/calculator/"
    else:
        site, page = serve.make_demo_site(tmp / "demo"), "/"
    # Work on a copy made of links, so the real site folder is not touched.
    work = tmp / "site"
    shutil.copytree(site, work, symlinks=True, copy_function=os.symlink)
    manifest = json.loads((work / "assets" / "runtime" / "manifest.json").read_text())
    stock = work / "stock"
    stock.mkdir()
    pyodide_dir = ROOT / "node_modules" / "pyodide"
    ours = work / "assets" / "runtime" / manifest["base"]
    for name in STOCK_FILES:
        (stock / name).symlink_to(pyodide_dir / name)
        for ext in (".br", ".gz"):  # identical bytes in our runtime: give the stock copy the same encodings
            if (ours / (name + ext)).exists():
                (stock / (name + ext)).symlink_to((ours / (name + ext)).resolve())
    bare = work / "bench-bare"
    bare.mkdir()
    (bare / "index.html").write_text(BARE_HTML)
    (bare / "boot.mjs").write_text(BARE_MJS)
    (bare / "boot-worker.mjs").write_text(BARE_WORKER_MJS % {
        "ours": manifest["base"], "stdlib": manifest["files"]["stdlib"], "lock": manifest["files"]["lock"]})
    # The stock files need the same immutable caching as ours for a fair warm run.
    headers = (work / "_headers").read_text() if (work / "_headers").exists() else (ROOT / "docs" / "_headers").read_text()
    (work / "_headers").unlink(missing_ok=True)
    (work / "_headers").write_text(headers + "\n/stock/*\n  Cache-Control: public, max-age=31536000, immutable\n")
    return work, page or "/"


def wait(page, expr: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(expr)
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError(expr)


STEPS = ("worker", "config", "loader", "booted", "wheel", "imported", "rules")  # calculator-worker.mjs timings


def measure_calculator(page, url: str, steps: dict | None = None) -> tuple[float, float]:
    """Seconds from navigation start to ready, and the longest main-thread task; `steps` (if given) gets
    when each of the worker's start-up steps ended, in seconds from navigation start."""
    page.goto(url)
    status = wait(page, "(() => { const s = window.calculator && window.calculator.status;"
                        " return s && (s.state === 'ready' || s.state === 'failed') ? s : null; })()")
    if status["state"] != "ready":
        raise RuntimeError(f"calculator failed: {status}")
    if steps is not None and status.get("timings"):
        origin = page.evaluate("performance.timeOrigin")
        for name in STEPS:
            if name in status["timings"]:
                steps.setdefault(name, []).append((status["timings"][name] - origin) / 1000)
    return status["readyAt"] / 1000, page.evaluate("window.__longest") / 1000


def settle_offline_cache(page, timeout: float = 20.0) -> bool:
    """After a cold start the service worker copies the runtime into its cache: a real repeat visit comes
    later, so let it finish before the warm reload (else the copy competes with the warm start)."""
    try:
        wait(page, "window.calculator.status.offline || null", timeout)
        return True
    except TimeoutError:
        return False


def measure_calculator_run(browser, server, url: str, res: dict, steps: dict, warm_steps: dict) -> None:
    """The calculator cold (fresh profile), then warm (reload), then 20 calculation round trips."""
    ctx = browser.new_context()
    ctx.add_init_script(LONGTASK_INIT)
    page = ctx.new_page()
    server.take()
    t, longest = measure_calculator(page, url, steps)
    res["calc_cold"].append(t)
    res["longest"].append(longest)
    res["calc_bytes"].append(server.take())
    settle_offline_cache(page)
    t, _ = measure_calculator(page, url, warm_steps)
    res["calc_warm"].append(t)
    request = {"action": "quote", "region": "nowhere"}
    page.evaluate("(r) => window.calculator.calculate(r)", request)
    rt = page.evaluate("""async (r) => { const n = 20, t0 = performance.now();
        for (let i = 0; i < n; i++) await window.calculator.calculate(r);
        return (performance.now() - t0) / n; }""", request)
    res["roundtrip"].append(rt / 1000)
    ctx.close()


def measure_phone(browser, url: str) -> float:
    """Calculator ready (seconds after navigation start), cold, on an emulated phone and Fast 4G network."""
    ctx = browser.new_context()
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
    try:
        page.goto(url, timeout=120_000)
        status = wait(page, "(() => { const s = window.calculator && window.calculator.status;"
                            " return s && (s.state === 'ready' || s.state === 'failed') ? s : null; })()", 180.0)
        if status["state"] != "ready":
            raise RuntimeError(f"calculator failed on the emulated phone: {status}")
        return status["readyAt"] / 1000
    finally:
        ctx.close()


def measure_bare(page, url: str, steps: dict | None = None) -> float:
    page.goto(url)
    ready = wait(page, "window.__bareReady || null") / 1000
    marks = page.evaluate("window.__bareSteps || null")
    if steps is not None and isinstance(marks, dict):
        origin = page.evaluate("performance.timeOrigin")
        for name, t in marks.items():
            steps.setdefault(name, []).append((t - origin) / 1000)
    return ready


def region_page_path(site: Path) -> str:
    for lang in ("", "zh/"):
        for slug in ("guangzhou", "beijing"):
            if (site / lang / "regions" / slug / "index.html").is_file():
                return f"/{lang}regions/{slug}/"
    pages = sorted(p for p in (site / "regions").glob("*/index.html")) if (site / "regions").is_dir() else []
    if pages:
        return f"/regions/{pages[0].parent.name}/"
    return "/lazy/"  # the demo site's stand-in for a region page


def measure_page_bytes(browser, url: str) -> tuple[int, int, list[str]]:
    """Encoded body bytes of every response of one cold page load (until the network is idle)."""
    ctx = browser.new_context()
    page = ctx.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    time.sleep(0.3)
    total = 0
    for request in finished:
        total += request.sizes()["responseBodySize"]
    runtime = [r.url for r in finished if "/assets/runtime/pyodide-" in r.url]  # (the manifest is 3 KB: allowed)
    ctx.close()
    return total, len(finished), runtime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Issue 17 asks for the median of at least 9 runs. On this 2-core machine one start-up varied by up to 0.5 s, and
    # medians of 9 runs of one build spread over 0.11 in the ratio: 15 runs make the median steadier.
    ap.add_argument("--runs", type=int, default=15, help="runs; each figure is the median (default 15; at least 9, issue 17)")
    ap.add_argument("--phone-runs", type=int, default=None,
                    help="runs on the emulated phone (default: 3, or --runs if fewer; 0 leaves ready_s_slow_phone out)")
    ap.add_argument("--site", type=Path, default=None, help="built site (default: site/ if built, else a demo page)")
    ap.add_argument("--demo", action="store_true", help="measure the minimal demo page, not the built site")
    ap.add_argument("--page", default=None, help="path of the calculator page (default: /calculator/ or /)")
    ap.add_argument("--region-page", default=None, help="path of the region page for region_page_bytes")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    phone_runs = min(args.runs, 3) if args.phone_runs is None else args.phone_runs

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="mi-bench-") as tmp:  # short path: Chromium sockets
        site, default_page = prepare_site(Path(tmp), args.site, args.demo)
        calc_path = args.page or default_page
        region_path = args.region_page or region_page_path(site)
        server = CountingServer(site)
        calc_url = server.url + calc_path
        bare_url = server.url + "/bench-bare/"
        queries = {"stock": "", "same": "?runtime=ours&worker=1"}  # the bare boots: npm's files, ours
        res = {k: [] for k in ("calc_cold", "calc_warm", "stock_cold", "stock_warm", "same_cold", "same_warm",
                               "calc_bytes", "stock_bytes", "same_bytes", "longest", "roundtrip",
                               "region_bytes", "region_server_bytes", "phone")}
        region_requests, region_runtime = 0, []
        steps: dict[str, list[float]] = {}
        warm_steps: dict[str, list[float]] = {}
        bare_steps: dict[str, list[float]] = {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                for run in range(args.runs):
                    # The three start-ups in a rotating order, each from a settled browser: whatever closing the
                    # previous context leaves running (cache writes, the phone run's teardown) must not always
                    # land on the same variant.
                    order = ("calculator", *queries)
                    for name in order[run % len(order):] + order[:run % len(order)]:
                        time.sleep(SETTLE_S)
                        if name == "calculator":
                            measure_calculator_run(browser, server, calc_url, res, steps, warm_steps)
                        else:
                            ctx = browser.new_context()
                            page = ctx.new_page()
                            server.take()
                            res[f"{name}_cold"].append(measure_bare(page, bare_url + queries[name],
                                                                    bare_steps if name == "same" else None))
                            res[f"{name}_bytes"].append(server.take())
                            res[f"{name}_warm"].append(measure_bare(page, bare_url + queries[name]))
                            ctx.close()
                    # one region page, cold, without the runtime
                    server.take()
                    total, region_requests, region_runtime = measure_page_bytes(browser, server.url + region_path)
                    res["region_bytes"].append(total)
                    res["region_server_bytes"].append(server.take())
                    if run < phone_runs:
                        res["phone"].append(measure_phone(browser, calc_url))
                        server.take()
                    print(f"run {run + 1}/{args.runs}: calculator {res['calc_cold'][-1]:.2f} s cold / "
                          f"{res['calc_warm'][-1]:.2f} s warm; same runtime in a worker "
                          f"{res['same_cold'][-1]:.2f} / {res['same_warm'][-1]:.2f} s; stock Pyodide "
                          f"{res['stock_cold'][-1]:.2f} / {res['stock_warm'][-1]:.2f} s; region page "
                          f"{total:,} B" + (f"; phone {res['phone'][-1]:.1f} s" if run < phone_runs else ""),
                          file=sys.stderr)
                browser.close()
        finally:
            server.close()

    med = {k: statistics.median(v) for k, v in res.items() if v}
    out = {
        "runs": args.runs,
        "ready_cold_s": f"{med['calc_cold']:.3f}",
        "ready_warm_s": f"{med['calc_warm']:.3f}",
        "bare_cold_s": f"{med['same_cold']:.3f}",
        "bare_warm_s": f"{med['same_warm']:.3f}",
        "bare_stock_cold_s": f"{med['stock_cold']:.3f}",
        "bare_stock_warm_s": f"{med['stock_warm']:.3f}",
        "ready_ratio_cold": f"{med['calc_cold'] / med['stock_cold']:.2f}",
        "ready_ratio_warm": f"{med['calc_warm'] / med['stock_warm']:.2f}",
        "ready_ratio_same_cold": f"{med['calc_cold'] / med['same_cold']:.2f}",
        "ready_ratio_same_warm": f"{med['calc_warm'] / med['same_warm']:.2f}",
        "calculator_bytes_compressed": int(med["calc_bytes"]),
        "bare_bytes_compressed": int(med["same_bytes"]),
        "bare_stock_bytes_compressed": int(med["stock_bytes"]),
        "region_page_bytes": int(med["region_bytes"]),
        "longest_main_task_ms": f"{med['longest'] * 1000:.0f}",
        "roundtrip_ms": f"{med['roundtrip'] * 1000:.2f}",
    }
    if "phone" in med:
        out["ready_s_slow_phone"] = f"{med['phone']:.2f}"
    print(f"calculator page: {calc_path} (median of {args.runs} runs)")
    print(f"  ready, cold / warm:                  {out['ready_cold_s']} s / {out['ready_warm_s']} s")
    print(f"  bare Pyodide boot (npm files, main): {out['bare_stock_cold_s']} s / {out['bare_stock_warm_s']} s"
          f"  -> ratio {out['ready_ratio_cold']} / {out['ready_ratio_warm']}  (ready_ratio_cold/_warm)")
    print(f"  bare boot, our runtime in a worker:  {out['bare_cold_s']} s / {out['bare_warm_s']} s"
          f"  -> ratio {out['ready_ratio_same_cold']} / {out['ready_ratio_same_warm']}  (ready_ratio_same_cold/_warm)")
    print(f"  bytes transferred cold:              {out['calculator_bytes_compressed']:,} (calculator), "
          f"{out['bare_bytes_compressed']:,} (same runtime), {out['bare_stock_bytes_compressed']:,} (stock)")
    print(f"  region page {region_path}: {out['region_page_bytes']:,} bytes in {region_requests} responses "
          f"(server sent {int(med['region_server_bytes']):,} body bytes)"
          + (f"; RUNTIME FETCHED: {region_runtime}" if region_runtime else ", no runtime"))
    print(f"  longest main-thread task:            {out['longest_main_task_ms']} ms (0: none >= 50 ms)")
    print(f"  calculation round trip (warm):       {out['roundtrip_ms']} ms")
    if steps:
        print("  worker steps, cold (s after navigation start, median): " + ", ".join(
            f"{name} {statistics.median(v):.3f}" for name, v in steps.items()) + f", ready on the page {out['ready_cold_s']}")
    if warm_steps:
        print("  worker steps, warm: " + ", ".join(
            f"{name} {statistics.median(v):.3f}" for name, v in warm_steps.items()) + f", ready on the page {out['ready_warm_s']}")
    if bare_steps:
        print("  bare boot (same runtime, worker), cold: " + ", ".join(
            f"{name} {statistics.median(v):.3f}" for name, v in bare_steps.items()) + f", ready on the page {out['bare_cold_s']}")
    if "phone" in med:
        print(f"  phone (CPU / {PHONE_CPU_SLOWDOWN}, Fast 4G), cold:   {out['ready_s_slow_phone']} s"
              f" (median of {len(res['phone'])})")
    print(" ".join(f"{k}={v}" for k, v in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
