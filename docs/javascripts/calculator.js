/*
 * The browser calculator: builds an accessible form inside every
 *   <div class="mi-calculator" data-region="SLUG" data-lang="en|zh" data-autostart="true|false">
 * and runs the project's own Python core (the `calculator` wheel) on self-hosted Pyodide in a module Web
 * Worker (calculator-worker.mjs). Nothing typed leaves the browser: the only requests go to this site for
 * the runtime files named in assets/runtime/manifest.json.
 *
 * JS API:  window.calculator.ready            Promise, resolves once the core is loaded (never rejects)
 *          window.calculator.calculate(req)   Promise of exactly what calculate_json returns (parsed)
 *          window.calculator.start()          starts loading (calculate() does too)
 *          window.calculator.status           {state: "idle"|"loading"|"ready"|"failed", code, detail,
 *                                              readyAt: performance.now() when it became ready,
 *                                              offline: true once a repeat visit works without network}
 *
 * Loading starts when a widget scrolls into view or one of its inputs gets focus; at once when
 * data-autostart="true" or the URL query presets inputs. Re-attaches on Material's document$ (instant
 * navigation). A watchdog turns a silent hang of Pyodide into a message with a Retry button.
 */
(function () {
  "use strict";

  if (window.calculator && window.calculator.__mi) return; // loaded twice (instant navigation)

  var SCRIPT_URL = (document.currentScript && document.currentScript.src) || new URL("javascripts/calculator.js", document.baseURI).href;
  var MANIFEST_URL = new URL("../assets/runtime/manifest.json", SCRIPT_URL).href;
  var WORKER_URL = new URL("calculator-worker.mjs", SCRIPT_URL).href;
  var WATCHDOG_MS = 20000;
  var REQUEST_TIMEOUT_MS = 15000;
  var QUERY_KEYS = ["region", "scheme", "gap-start", "gap-end", "paid-on", "base", "lang"];
  // What a preset must look like; anything else is ignored and listed in a visible note (as text).
  // `region` is checked against the manifest's list once it has loaded (see fillRegions).
  var QUERY_FORMATS = {
    region: /^[\s\S]+$/,
    scheme: /^(employee|flexible)$/,
    "gap-start": /^\d{4}-(0[1-9]|1[0-2])$/,
    "gap-end": /^\d{4}-(0[1-9]|1[0-2])$/,
    "paid-on": /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    base: /^(floor|\d{1,9}(\.\d{1,2})?)$/,
    lang: /^(en|zh)$/,
  };
  var QUERY_QUIET = ["h"]; // mkdocs-material's search highlight (?h=term): the site's own, not a preset
  var QUERY_MAX = 64;

  /* ------------------------------------------------------------------ strings */

  var T = {
    en: {
      tabs: "Calculator mode",
      tabQuote: "Pay back",
      tabRetirement: "Retirement check",
      where: "Where and how you contribute",
      region: "Region",
      scheme: "Scheme",
      schemeEmployee: "Employee (employer and you pay)",
      schemeFlexible: "Flexible employment (you pay all)",
      baseLegend: "Monthly contribution base",
      base: "Declared monthly base (CNY)",
      baseHint: "Usually your average monthly wage of the previous year.",
      floor: "Use the local minimum base (floor)",
      gapLegend: "The months not paid",
      gapStart: "First unpaid month",
      gapEnd: "Last unpaid month",
      paidOn: "Date you will pay",
      monthHint: "YYYY-MM",
      dateHint: "YYYY-MM-DD",
      calculate: "Calculate",
      retLegend: "You",
      group: "Retirement group",
      groupMale60: "Men (statutory age 60)",
      groupFemale55: "Women, staff posts (55)",
      groupFemale50: "Women, worker posts (50)",
      birthMonth: "Month of birth",
      monthsPaid: "Months contributed so far (all regions)",
      localMonthsPaid: "Of which in this region",
      asOf: "Counted up to",
      keepsPaying: "I will keep contributing until retirement",
      privacy: "Calculated in your browser. Nothing you type is sent anywhere.",
      copyLink: "Copy link to these inputs",
      copyBase: "Include my declared base in the link",
      copied: "Link copied.",
      copyFailed: "Copy this link:",
      loading: "Loading the calculator (about 5 MB, once)…",
      loadingStage: {
        start: "Starting…", download: "Downloading the Python runtime…", runtime: "Starting Python…",
        package: "Loading the calculator…", rules: "Loading the rules…", ready: "Ready.",
      },
      ready: "The calculator is ready.",
      notStarted: "The calculator loads when you use it (about 5 MB, once).",
      retry: "Retry",
      failed: {
        watchdog: "The calculator did not finish loading after 20 seconds. Your network may block the Python runtime (WebAssembly), or the site serves it wrongly. The information on this page does not need the calculator.",
        wasm_http: "The Python runtime file could not be downloaded from this site.",
        wasm_mime: "This site serves the Python runtime (WebAssembly) with the wrong type, so the browser cannot start it.",
        wasm_blocked: "Your browser or this site's security policy blocks WebAssembly, which the calculator needs.",
        worker: "The calculator stopped unexpectedly.",
        manifest: "The calculator's file list could not be loaded from this site.",
        nomodule: "This browser is too old for the calculator (it needs module Web Workers).",
        other: "The calculator could not start.",
      },
      results: "Results",
      working: "Calculating…",
      summary: "Summary",
      months: "Month by month",
      monthsCaption: "Contributions for each unpaid month (CNY)",
      colMonth: "Month",
      colBase: "Base used",
      colEmployer: "Employer share",
      colIndividual: "Your share",
      colAddons: "Add-ons",
      colLateFee: "Late fee",
      colTotal: "Total",
      colRepayable: "Can pay back?",
      clampedFloor: "raised to the floor",
      clampedCeiling: "lowered to the ceiling",
      yes: "Yes",
      no: "No",
      totals: "Totals (CNY)",
      principal: "Contributions",
      lateFee: "Late fees",
      total: "Total to pay",
      employer: "Of which the employer's share",
      individual: "Of which your share",
      consequences: "What the gap means",
      benefitsStop: "Reimbursement stops from",
      gapMonths: "Months in the gap",
      monthsOutstanding: "Months still unpaid",
      restoreWindow: "Pay-back window (months)",
      inWindow: "Inside the pay-back window",
      benefitsResume: "Reimbursement resumes from",
      waiting: "Waiting period after re-enrolment (months)",
      lastDay: "Last day to pay back",
      none: "—",
      reminder: "Add a reminder to your calendar (.ics)",
      reminderTitle: "Pay back medical insurance (last day)",
      timeline: "Timeline",
      timelineStatus: {
        paid: "paid", gap: "unpaid, can be paid back", lost: "unpaid, can no longer be paid back",
        waiting: "waiting period", resume: "reimbursement resumes",
      },
      timelineIntro: "Month by month:",
      notes: "Notes",
      sources: "Sources",
      grade: { official: "official source", "official-copy": "official (archived copy)", "official-cited": "official (quoted)", secondary: "secondary source", unverified: "unverified" },
      published: "published",
      retirementMonth: "Expected retirement month",
      retirementAge: "Retirement age",
      ageFmt: function (y, m) { return y + " years" + (m ? " " + m + " months" : ""); },
      requiredMonths: "Months required",
      requiredLocal: "Of which local",
      monthsSoFar: "Months so far",
      projected: "Months at retirement",
      shortfall: "Shortfall at retirement (months)",
      localShortfall: "Local shortfall (months)",
      makeup: "Estimated make-up",
      makeupFmt: function (m) { return m.months + " months × " + m.monthly + " = " + m.total + " CNY"; },
      noMakeup: "No make-up needed, or the region publishes no formula.",
      fieldError: "Please check this field.",
      ignoredIntro: "Some settings in the link were not used:",
      ignored: { unknown: "not a setting of this calculator", invalid: "not a valid value", long: "too long",
                 region: "not a region this guide covers" },
      ignoredMore: function (n) { return "and " + n + " more"; },
    },
    zh: {
      tabs: "计算类型",
      tabQuote: "补缴计算",
      tabRetirement: "退休年限测算",
      where: "参保地与参保方式",
      region: "参保地",
      scheme: "参保方式",
      schemeEmployee: "职工参保（单位和个人共同缴纳）",
      schemeFlexible: "灵活就业（个人全额缴纳）",
      baseLegend: "月缴费基数",
      base: "申报的月缴费基数（元）",
      baseHint: "一般为上一年度月平均工资。",
      floor: "按当地最低基数（下限）缴纳",
      gapLegend: "断缴的月份",
      gapStart: "断缴起始月份",
      gapEnd: "断缴结束月份",
      paidOn: "计划补缴日期",
      monthHint: "年-月，如 2025-03",
      dateHint: "年-月-日",
      calculate: "计算",
      retLegend: "个人情况",
      group: "退休类别",
      groupMale60: "男职工（法定 60 岁）",
      groupFemale55: "女干部（55 岁）",
      groupFemale50: "女工人（50 岁）",
      birthMonth: "出生年月",
      monthsPaid: "已缴费月数（各地累计）",
      localMonthsPaid: "其中在本地缴费月数",
      asOf: "统计截至",
      keepsPaying: "我会一直缴费到退休",
      privacy: "在您的浏览器中计算，您输入的内容不会发送到任何地方。",
      copyLink: "复制包含这些输入的链接",
      copyBase: "在链接中包含我申报的缴费基数",
      copied: "链接已复制。",
      copyFailed: "请复制此链接：",
      loading: "正在加载计算器（约 5 MB，仅首次）…",
      loadingStage: {
        start: "正在启动…", download: "正在下载 Python 运行环境…", runtime: "正在启动 Python…",
        package: "正在加载计算器…", rules: "正在加载政策规则…", ready: "已就绪。",
      },
      ready: "计算器已就绪。",
      notStarted: "使用时才会加载计算器（约 5 MB，仅首次）。",
      retry: "重试",
      failed: {
        watchdog: "计算器加载 20 秒仍未完成。您的网络可能拦截了 Python 运行环境（WebAssembly），或本站配置有误。本页的文字信息不依赖计算器。",
        wasm_http: "无法从本站下载 Python 运行环境文件。",
        wasm_mime: "本站提供 Python 运行环境（WebAssembly）时使用了错误的文件类型，浏览器无法启动它。",
        wasm_blocked: "您的浏览器或本站的安全策略禁止了计算器所需的 WebAssembly。",
        worker: "计算器意外停止。",
        manifest: "无法从本站加载计算器的文件清单。",
        nomodule: "此浏览器版本过旧，无法运行计算器（需要支持模块化 Web Worker）。",
        other: "计算器无法启动。",
      },
      results: "计算结果",
      working: "正在计算…",
      summary: "概要",
      months: "逐月明细",
      monthsCaption: "各断缴月份应缴金额（元）",
      colMonth: "月份",
      colBase: "缴费基数",
      colEmployer: "单位缴纳",
      colIndividual: "个人缴纳",
      colAddons: "附加费用",
      colLateFee: "滞纳金",
      colTotal: "合计",
      colRepayable: "能否补缴",
      clampedFloor: "已按下限调整",
      clampedCeiling: "已按上限调整",
      yes: "能",
      no: "不能",
      totals: "合计（元）",
      principal: "应补缴费",
      lateFee: "滞纳金",
      total: "总计",
      employer: "其中单位部分",
      individual: "其中个人部分",
      consequences: "断缴的影响",
      benefitsStop: "停止报销起始月份",
      gapMonths: "断缴月数",
      monthsOutstanding: "尚未补缴月数",
      restoreWindow: "补缴期限（月）",
      inWindow: "是否在补缴期限内",
      benefitsResume: "恢复报销月份",
      waiting: "重新参保等待期（月）",
      lastDay: "最后补缴日期",
      none: "—",
      reminder: "添加日历提醒（.ics）",
      reminderTitle: "医保补缴截止日",
      timeline: "时间线",
      timelineStatus: {
        paid: "已缴费", gap: "断缴，可补缴", lost: "断缴，已不能补缴",
        waiting: "等待期", resume: "恢复报销",
      },
      timelineIntro: "逐月情况：",
      notes: "说明",
      sources: "依据来源",
      grade: { official: "官方来源", "official-copy": "官方（存档副本）", "official-cited": "官方（引文）", secondary: "转载来源", unverified: "未核实" },
      published: "发布于",
      retirementMonth: "预计退休月份",
      retirementAge: "退休年龄",
      ageFmt: function (y, m) { return y + " 岁" + (m ? m + " 个月" : ""); },
      requiredMonths: "所需缴费月数",
      requiredLocal: "其中本地所需月数",
      monthsSoFar: "目前已缴月数",
      projected: "退休时累计月数",
      shortfall: "退休时尚缺月数",
      localShortfall: "本地尚缺月数",
      makeup: "预计补缴金额",
      makeupFmt: function (m) { return m.months + " 个月 × " + m.monthly + " = " + m.total + " 元"; },
      noMakeup: "无需补缴，或当地未公布计算办法。",
      fieldError: "请检查此项。",
      ignoredIntro: "链接中的以下设置未被采用：",
      ignored: { unknown: "计算器没有这一设置", invalid: "取值无效", long: "过长", region: "本指南未收录该地区" },
      ignoredMore: function (n) { return "另有 " + n + " 项"; },
    },
  };

  /* ------------------------------------------------------------------ runtime (one worker per page) */

  var status = { state: "idle", code: null, detail: null, stage: null, fraction: 0 };
  var listeners = [];
  var worker = null;
  var manifestPromise = null;
  var nextId = 1;
  var pending = {};
  var watchdog = null;
  var readyResolve;
  var readyPromise = new Promise(function (resolve) { readyResolve = resolve; });

  function setStatus(patch) {
    for (var k in patch) status[k] = patch[k];
    listeners.forEach(function (fn) { try { fn(status); } catch (e) { console.warn(e); } });
  }

  function loadManifest() {
    if (!manifestPromise) {
      manifestPromise = fetch(MANIFEST_URL, { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + MANIFEST_URL);
        return r.json();
      });
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }

  function armWatchdog() {
    clearTimeout(watchdog);
    var ms = Number(window.__miWatchdogMs) || WATCHDOG_MS; // tests shorten it
    watchdog = setTimeout(function () {
      fail("watchdog", "no progress for " + ms / 1000 + " s at stage " + status.stage);
    }, ms);
  }

  function fail(code, detail) {
    clearTimeout(watchdog);
    if (worker) { worker.terminate(); worker = null; }
    setStatus({ state: "failed", code: code, detail: detail || null });
    rejectPending(code);
  }

  function rejectPending(code) {
    var ids = Object.keys(pending);
    ids.forEach(function (id) {
      var p = pending[id];
      delete pending[id];
      clearTimeout(p.timer);
      p.reject(new Error("calculator " + code));
    });
  }

  function start() {
    if (status.state === "loading" || status.state === "ready") return readyPromise;
    setStatus({ state: "loading", code: null, detail: null, stage: "start", fraction: 0 });
    armWatchdog();
    // The worker starts loading by itself, from the manifest next to it. On a page that starts the
    // calculator at once, <head> has spawned it already (overrides/main.html).
    var early = window.__miEarly;
    window.__miEarly = null;
    spawn(early && early.worker ? early : null);
    return readyPromise;
  }

  /* ------------------------------------------------------------------ offline (service worker) */

  // Once the calculator has worked on this page, a service worker (../sw.js, scope: the site root) keeps
  // the versioned runtime and this page for a repeat visit without network. Its URL names the runtime
  // (sw.js?v=KEY), so a new runtime installs a new worker that replaces the old cache.
  function runtimeKey(manifest) {
    var text = String(manifest.base) + JSON.stringify(manifest.sha256 || manifest.files || {});
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function activated(registration) {
    var sw = registration.installing || registration.waiting || registration.active;
    return new Promise(function (resolve, reject) {
      if (!sw) { reject(new Error("no service worker")); return; }
      if (sw.state === "activated") { resolve(sw); return; }
      sw.addEventListener("statechange", function () {
        if (sw.state === "activated") resolve(sw);
        else if (sw.state === "redundant") reject(new Error("service worker redundant"));
      });
    });
  }

  function keepOffline() {
    if (window.__miNoServiceWorker || !("serviceWorker" in navigator) || !window.isSecureContext) return;
    var scope = new URL("../", SCRIPT_URL).href;
    loadManifest().then(function (manifest) {
      var url = new URL("../sw.js?v=" + runtimeKey(manifest), SCRIPT_URL).href;
      return navigator.serviceWorker.register(url, { scope: scope });
    }).then(activated).then(function (sw) {
      var origin = window.location.origin;
      var urls = [window.location.href.split("#")[0], SCRIPT_URL, WORKER_URL, MANIFEST_URL];
      (performance.getEntriesByType ? performance.getEntriesByType("resource") : []).forEach(function (e) {
        if (e.name.indexOf(origin + "/") === 0 && e.name.indexOf("/assets/runtime/pyodide-") < 0) urls.push(e.name);
      });
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (event.data && event.data.offline) setStatus({ offline: true });
      };
      sw.postMessage({ type: "keep", urls: urls }, [channel.port2]);
    }).catch(function () {
      // No service worker (private mode, a partner's frame, an old browser): the calculator still works online.
    });
  }

  // `early`: {worker, events} from the <head> script; what its worker said before this script ran is
  // replayed in order.
  function spawn(early) {
    try {
      worker = early ? early.worker : new Worker(WORKER_URL, { type: "module" });
    } catch (e) {
      fail("nomodule", String(e && e.message));
      return;
    }
    var w = worker;
    w.onmessage = function (event) {
      if (w !== worker) return;
      var m = event.data || {};
      if (m.type === "progress") {
        armWatchdog();
        setStatus({ stage: m.stage, fraction: m.fraction });
      } else if (m.type === "ready") {
        clearTimeout(watchdog);
        setStatus({ state: "ready", stage: "ready", fraction: 1, pyodide: m.pyodide, readyAt: performance.now() });
        readyResolve(true);
        flushQueue();
        // Later, so that copying the runtime into the offline cache never competes with the first answers.
        if (!keepOffline.done) { keepOffline.done = true; setTimeout(keepOffline, 1500); }
      } else if (m.type === "error") {
        fail(m.code, m.detail);
      } else if (m.type === "crashed") {
        restartOrFail("worker", m.detail);
      } else if (m.id != null && pending[m.id]) {
        var p = pending[m.id];
        delete pending[m.id];
        clearTimeout(p.timer);
        try { p.resolve(JSON.parse(m.response)); } catch (e) { p.reject(e); }
      }
    };
    w.onerror = function (event) {
      if (w !== worker) return;
      if (event && event.preventDefault) event.preventDefault();
      restartOrFail("worker", event && event.message);
    };
    w.onmessageerror = w.onerror;
    if (!early) return;
    early.events.forEach(function (e) {
      if (e.error != null) w.onerror({ message: e.error });
      else w.onmessage({ data: e.data });
    });
  }

  // A worker that dies after it was ready is replaced once, and unanswered requests are sent again.
  var restarts = 0;
  function restartOrFail(code, detail) {
    if (status.state === "ready" && restarts < 2) {
      restarts += 1;
      if (worker) worker.terminate();
      worker = null;
      setStatus({ state: "loading", stage: "start", fraction: 0 });
      armWatchdog();
      Object.keys(pending).forEach(function (id) { pending[id].sent = false; clearTimeout(pending[id].timer); });
      spawn(null);
    } else {
      fail(code, detail);
    }
  }

  function flushQueue() {
    Object.keys(pending).forEach(function (id) {
      var p = pending[id];
      if (p.sent || !worker) return;
      p.sent = true;
      p.timer = setTimeout(function () { restartOrFail("worker", "no answer to request " + id); }, REQUEST_TIMEOUT_MS);
      worker.postMessage({ id: Number(id), request: p.request });
    });
  }

  function calculate(request) {
    var text = typeof request === "string" ? request : JSON.stringify(request);
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending[id] = { request: text, resolve: resolve, reject: reject, sent: false, timer: null };
      if (status.state === "ready") flushQueue();
      else if (status.state === "failed") { delete pending[id]; reject(new Error("calculator " + status.code)); }
      else start();
    });
  }

  function retry() {
    if (status.state === "loading" || status.state === "ready") return readyPromise;
    restarts = 0;
    manifestPromise = null;
    setStatus({ state: "idle" });
    return start();
  }

  window.calculator = {
    __mi: true,
    ready: readyPromise,
    calculate: calculate,
    start: start,
    retry: retry,
    get status() { return JSON.parse(JSON.stringify(status)); },
    // Test hook: makes the worker die with an uncaught error, as a crash would.
    __crash: function () { if (worker) worker.postMessage({ type: "crash" }); },
  };

  /* ------------------------------------------------------------------ small DOM helpers */

  var uid = 0;
  function nextUid(prefix) { uid += 1; return "mi-" + prefix + "-" + uid; }

  // Builds an element; text is always set through textContent (URL text is never parsed as HTML).
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        var v = attrs[k];
        if (v == null || v === false) continue;
        if (k === "text") node.textContent = v;
        else if (k === "class") node.className = v;
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? "" : v);
      }
    }
    (children || []).forEach(function (c) {
      if (c == null) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var k in attrs || {}) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function parseMonth(s) {
    var m = /^(\d{4})-(\d{2})$/.exec(s || "");
    return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
  }
  function formatMonth(i) { return Math.floor(i / 12) + "-" + pad((i % 12) + 1); }
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }

  /* ------------------------------------------------------------------ the widget */

  function field(opts) {
    // opts: {id, label, input (element), hint}
    var hintId = opts.hint ? opts.id + "-hint" : null;
    var errId = opts.id + "-error";
    opts.input.id = opts.id;
    var describedBy = [hintId, errId].filter(Boolean).join(" ");
    opts.input.setAttribute("aria-describedby", describedBy);
    var wrap = el("div", { class: "mi-calc__field" + (opts.inline ? " mi-calc__field--inline" : "") }, [
      opts.inline ? opts.input : null,
      el("label", { for: opts.id, text: opts.label }),
      opts.inline ? null : opts.input,
      opts.hint ? el("span", { class: "mi-calc__hint", id: hintId, text: opts.hint }) : null,
      el("span", { class: "mi-calc__error", id: errId, hidden: true }),
    ]);
    return wrap;
  }

  // The presets the URL query sets: known keys whose (first) value has the expected form.
  function queryPresets() {
    var params = new URLSearchParams(window.location.search);
    var out = {};
    QUERY_KEYS.forEach(function (k) {
      var v = params.get(k);
      if (v != null && v !== "" && v.length <= QUERY_MAX && QUERY_FORMATS[k].test(v)) out[k] = v;
    });
    return out;
  }

  // Everything else in the query: [{key, value, reason}] for the visible note (shown as text only).
  function queryIgnored() {
    var out = [];
    var seen = {};
    new URLSearchParams(window.location.search).forEach(function (v, k) {
      if (QUERY_QUIET.indexOf(k) >= 0) return;
      var known = QUERY_KEYS.indexOf(k) >= 0;
      if (known && seen[k]) return; // a repeated key: the first value is the one read
      seen[k] = true;
      var reason = !known ? "unknown" : v.length > QUERY_MAX ? "long" : v === "" || !QUERY_FORMATS[k].test(v) ? "invalid" : null;
      if (reason) out.push({ key: k, value: v, reason: reason });
    });
    return out;
  }

  function clip(s) {
    s = String(s);
    return s.length > QUERY_MAX ? s.slice(0, QUERY_MAX) + "…" : s;
  }

  function Widget(root) {
    this.root = root;
    this.presets = queryPresets();
    var dataLang = root.getAttribute("data-lang") || document.documentElement.lang || "en";
    var qLang = this.presets.lang;
    this.lang = qLang === "en" || qLang === "zh" ? qLang : (/^zh/i.test(dataLang) ? "zh" : "en");
    this.t = T[this.lang];
    this.region = this.presets.region || root.getAttribute("data-region") || "";
    this.inputs = {};
    this.ignored = queryIgnored();
    this.build();
  }

  Widget.prototype.build = function () {
    var t = this.t, self = this, p = this.presets;
    var root = this.root;
    root.textContent = "";
    root.setAttribute("lang", this.lang === "zh" ? "zh-CN" : "en");
    root.classList.add("mi-calc");

    // Region (shared by both tabs): a select once the manifest names the regions, else a text field.
    var regionSelect = el("select", { name: "region", autocomplete: "off" });
    if (this.region) regionSelect.appendChild(el("option", { value: this.region, text: this.region }));
    this.inputs.region = regionSelect;
    loadManifest().then(function (m) { self.fillRegions(m.regions || []); }, function () {});

    var schemeName = nextUid("scheme");
    var schemeEmployee = el("input", { type: "radio", name: schemeName, value: "employee" });
    var schemeFlexible = el("input", { type: "radio", name: schemeName, value: "flexible" });
    (p.scheme === "flexible" ? schemeFlexible : schemeEmployee).checked = true;
    this.schemeRadios = [schemeEmployee, schemeFlexible];
    var schemeErr = nextUid("err");
    var schemeSet = el("fieldset", { class: "mi-calc__radios", "aria-describedby": schemeErr }, [
      el("legend", { text: t.scheme }),
      el("label", {}, [schemeEmployee, " " + t.schemeEmployee]),
      el("label", {}, [schemeFlexible, " " + t.schemeFlexible]),
      el("span", { class: "mi-calc__error", id: schemeErr, hidden: true }),
    ]);
    this.inputs.scheme = schemeSet;

    var base = el("input", { type: "text", inputmode: "decimal", name: "base", autocomplete: "off", spellcheck: "false" });
    var floor = el("input", { type: "checkbox", name: "floor" });
    if (p.base === "floor") floor.checked = true;
    else if (p.base) base.value = p.base;
    floor.addEventListener("change", function () { base.disabled = floor.checked; });
    base.disabled = floor.checked;
    this.inputs.base = base;
    this.floor = floor;

    var gapStart = el("input", { type: "month", name: "gap_start", placeholder: "YYYY-MM", pattern: "\\d{4}-\\d{2}" });
    var gapEnd = el("input", { type: "month", name: "gap_end", placeholder: "YYYY-MM", pattern: "\\d{4}-\\d{2}" });
    var paidOn = el("input", { type: "date", name: "paid_on" });
    if (p["gap-start"]) gapStart.value = p["gap-start"];
    if (p["gap-end"]) gapEnd.value = p["gap-end"];
    paidOn.value = p["paid-on"] || today();
    this.inputs.gap_start = gapStart;
    this.inputs.gap_end = gapEnd;
    this.inputs.paid_on = paidOn;

    var ids = {};
    ["region", "base", "floor", "gapStart", "gapEnd", "paidOn", "group", "birth", "months", "local", "asOf", "keeps"]
      .forEach(function (k) { ids[k] = nextUid(k); });

    this.quoteForm = el("form", { class: "mi-calc__form", novalidate: true, "data-action": "quote" }, [
      el("fieldset", {}, [
        el("legend", { text: t.baseLegend }),
        field({ id: ids.base, label: t.base, input: base, hint: t.baseHint }),
        field({ id: ids.floor, label: t.floor, input: floor, inline: true }),
      ]),
      el("fieldset", {}, [
        el("legend", { text: t.gapLegend }),
        el("div", { class: "mi-calc__row" }, [
          field({ id: ids.gapStart, label: t.gapStart, input: gapStart, hint: t.monthHint }),
          field({ id: ids.gapEnd, label: t.gapEnd, input: gapEnd, hint: t.monthHint }),
          field({ id: ids.paidOn, label: t.paidOn, input: paidOn, hint: t.dateHint }),
        ]),
      ]),
      el("div", { class: "mi-calc__actions" }, [
        el("button", { type: "submit", class: "md-button md-button--primary", text: t.calculate }),
      ]),
    ]);

    var group = el("select", { name: "group" }, [
      el("option", { value: "male-60", text: t.groupMale60 }),
      el("option", { value: "female-55", text: t.groupFemale55 }),
      el("option", { value: "female-50", text: t.groupFemale50 }),
    ]);
    var birth = el("input", { type: "month", name: "birth_month", placeholder: "YYYY-MM" });
    var monthsPaid = el("input", { type: "number", name: "months_paid", min: "0", step: "1", inputmode: "numeric" });
    var localPaid = el("input", { type: "number", name: "local_months_paid", min: "0", step: "1", inputmode: "numeric" });
    var asOf = el("input", { type: "date", name: "as_of" });
    asOf.value = today();
    var keeps = el("input", { type: "checkbox", name: "keeps_paying" });
    keeps.checked = true;
    this.inputs.group = group;
    this.inputs.birth_month = birth;
    this.inputs.months_paid = monthsPaid;
    this.inputs.local_months_paid = localPaid;
    this.inputs.as_of = asOf;
    this.inputs.keeps_paying = keeps;

    this.retForm = el("form", { class: "mi-calc__form", novalidate: true, "data-action": "retirement" }, [
      el("fieldset", {}, [
        el("legend", { text: t.retLegend }),
        el("div", { class: "mi-calc__row" }, [
          field({ id: ids.group, label: t.group, input: group }),
          field({ id: ids.birth, label: t.birthMonth, input: birth, hint: t.monthHint }),
        ]),
        el("div", { class: "mi-calc__row" }, [
          field({ id: ids.months, label: t.monthsPaid, input: monthsPaid }),
          field({ id: ids.local, label: t.localMonthsPaid, input: localPaid }),
          field({ id: ids.asOf, label: t.asOf, input: asOf, hint: t.dateHint }),
        ]),
        field({ id: ids.keeps, label: t.keepsPaying, input: keeps, inline: true }),
      ]),
      el("div", { class: "mi-calc__actions" }, [
        el("button", { type: "submit", class: "md-button md-button--primary", text: t.calculate }),
      ]),
    ]);

    // Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs).
    var tabQuote = el("button", { type: "button", role: "tab", id: nextUid("tab"), text: t.tabQuote });
    var tabRet = el("button", { type: "button", role: "tab", id: nextUid("tab"), text: t.tabRetirement });
    var panelQuote = el("div", { role: "tabpanel", id: nextUid("panel"), "aria-labelledby": tabQuote.id }, [this.quoteForm]);
    var panelRet = el("div", { role: "tabpanel", id: nextUid("panel"), "aria-labelledby": tabRet.id }, [this.retForm]);
    tabQuote.setAttribute("aria-controls", panelQuote.id);
    tabRet.setAttribute("aria-controls", panelRet.id);
    this.tabs = [[tabQuote, panelQuote], [tabRet, panelRet]];
    var tablist = el("div", { class: "mi-calc__tabs", role: "tablist", "aria-label": t.tabs }, [tabQuote, tabRet]);
    this.tabs.forEach(function (pair, i) {
      pair[0].addEventListener("click", function () { self.selectTab(i); });
      pair[0].addEventListener("keydown", function (e) {
        var j = null;
        if (e.key === "ArrowRight") j = (i + 1) % 2;
        else if (e.key === "ArrowLeft") j = (i + 1) % 2;
        else if (e.key === "Home") j = 0;
        else if (e.key === "End") j = 1;
        if (j != null) { e.preventDefault(); self.selectTab(j); self.tabs[j][0].focus(); }
      });
    });

    // Status: progress bar, messages, retry.
    this.progress = el("progress", { max: "1", value: "0", class: "mi-calc__progress", "aria-label": t.loading, hidden: true });
    this.statusText = el("span", { class: "mi-calc__status-text", role: "status" });
    this.retryButton = el("button", { type: "button", class: "md-button mi-calc__retry", text: t.retry, hidden: true });
    this.retryButton.addEventListener("click", function () { retry(); });
    this.alert = el("p", { class: "mi-calc__alert", role: "alert", hidden: true });
    this.statusBox = el("div", { class: "mi-calc__status" }, [this.progress, this.statusText, this.alert, this.retryButton]);

    // Copy link (the declared base only when ticked: it is a wage).
    var copyBase = el("input", { type: "checkbox" });
    var copyBaseId = nextUid("copybase");
    copyBase.id = copyBaseId;
    this.copyNote = el("span", { class: "mi-calc__copied", role: "status" });
    var copyButton = el("button", { type: "button", class: "md-button mi-calc__copy", text: t.copyLink });
    copyButton.addEventListener("click", function () { self.copyLink(copyBase.checked); });
    var share = el("div", { class: "mi-calc__share" }, [
      copyButton,
      el("span", { class: "mi-calc__field--inline" }, [copyBase, el("label", { for: copyBaseId, text: t.copyBase })]),
      this.copyNote,
    ]);

    this.results = el("div", { class: "mi-calc__results", "aria-live": "polite", "aria-busy": "false" });

    this.ignoredNote = el("div", { class: "mi-calc__ignored", role: "note", hidden: true });
    root.appendChild(this.ignoredNote);
    this.renderIgnored();
    root.appendChild(el("div", { class: "mi-calc__common" }, [
      el("fieldset", {}, [
        el("legend", { text: t.where }),
        field({ id: ids.region, label: t.region, input: regionSelect }),
        schemeSet,
      ]),
    ]));
    root.appendChild(tablist);
    root.appendChild(panelQuote);
    root.appendChild(panelRet);
    root.appendChild(share);
    root.appendChild(el("p", { class: "mi-calc__privacy", text: t.privacy }));
    root.appendChild(this.statusBox);
    root.appendChild(this.results);
    this.selectTab(0);

    this.quoteForm.addEventListener("submit", function (e) { e.preventDefault(); self.submit("quote"); });
    this.retForm.addEventListener("submit", function (e) { e.preventDefault(); self.submit("retirement"); });
    root.addEventListener("focusin", function () { start(); });

    this.onStatus = function (s) { self.renderStatus(s); };
    listeners.push(this.onStatus);
    this.renderStatus(status);
  };

  // The note listing what the URL query asked for and the widget did not use (text nodes only).
  Widget.prototype.renderIgnored = function () {
    var t = this.t, list = this.ignored || [];
    var note = this.ignoredNote;
    note.textContent = "";
    note.hidden = !list.length;
    if (!list.length) return;
    var shown = list.slice(0, 10);
    var items = shown.map(function (item) {
      return el("li", {}, [el("code", { text: clip(item.key) + "=" + clip(item.value) }), " — " + (t.ignored[item.reason] || t.ignored.invalid)]);
    });
    if (list.length > shown.length) items.push(el("li", { text: t.ignoredMore(list.length - shown.length) }));
    note.appendChild(el("p", { text: t.ignoredIntro }));
    note.appendChild(el("ul", {}, items));
  };

  Widget.prototype.fillRegions = function (regions) {
    if (!regions.length) return;
    var select = this.inputs.region, lang = this.lang, current = this.region;
    var known = regions.some(function (r) { return r.slug === current; });
    if (!known && current && this.presets.region === current && !this.regionNoted) {
      // Kept as the selected (placeholder) option so the person sees it; the core rejects it on Calculate.
      this.regionNoted = true;
      this.ignored = this.ignored.concat([{ key: "region", value: current, reason: "region" }]);
      this.renderIgnored();
    }
    select.textContent = "";
    if (!known) select.appendChild(el("option", { value: current, text: current || "—" }));
    regions.forEach(function (r) {
      var name = (r.name && (r.name[lang] || r.name.en)) || r.slug;
      select.appendChild(el("option", { value: r.slug, text: name }));
    });
    select.value = current;
  };

  Widget.prototype.selectTab = function (index) {
    this.tabs.forEach(function (pair, i) {
      pair[0].setAttribute("aria-selected", i === index ? "true" : "false");
      pair[0].tabIndex = i === index ? 0 : -1;
      pair[1].hidden = i !== index;
    });
    this.activeTab = index;
  };

  Widget.prototype.renderStatus = function (s) {
    var t = this.t;
    var loading = s.state === "loading";
    this.progress.hidden = !loading;
    this.progress.value = s.fraction || 0;
    this.root.classList.toggle("mi-calc--loading", loading);
    if (s.state === "idle") this.statusText.textContent = t.notStarted;
    else if (loading) this.statusText.textContent = t.loadingStage[s.stage] || t.loading;
    else if (s.state === "ready") this.statusText.textContent = t.ready;
    else this.statusText.textContent = "";
    var failed = s.state === "failed";
    this.alert.hidden = !failed;
    this.retryButton.hidden = !failed;
    this.alert.textContent = failed ? (t.failed[s.code] || t.failed.other) : "";
    if (failed && s.detail) this.alert.setAttribute("title", s.detail);
  };

  Widget.prototype.scheme = function () {
    return this.schemeRadios[1].checked ? "flexible" : "employee";
  };

  Widget.prototype.request = function (action) {
    var i = this.inputs;
    var req = { action: action, region: i.region.value, scheme: this.scheme(), lang: this.lang };
    if (action === "quote") {
      req.base = this.floor.checked ? "floor" : i.base.value.trim();
      req.gap_start = i.gap_start.value.trim();
      req.gap_end = i.gap_end.value.trim();
      req.paid_on = i.paid_on.value.trim();
    } else {
      req.group = i.group.value;
      req.birth_month = i.birth_month.value.trim();
      req.months_paid = i.months_paid.value.trim();
      req.local_months_paid = i.local_months_paid.value.trim();
      req.as_of = i.as_of.value.trim();
      req.keeps_paying = i.keeps_paying.checked;
    }
    return req;
  };

  Widget.prototype.clearErrors = function () {
    var nodes = this.root.querySelectorAll(".mi-calc__error");
    for (var k = 0; k < nodes.length; k++) { nodes[k].hidden = true; nodes[k].textContent = ""; }
    var bad = this.root.querySelectorAll("[aria-invalid]");
    for (var j = 0; j < bad.length; j++) bad[j].removeAttribute("aria-invalid");
  };

  Widget.prototype.showError = function (error) {
    var t = this.t;
    var message = (error.message && (error.message[this.lang] || error.message.en)) || t.fieldError;
    var name = error.field;
    if (name === "floor") name = "base";
    var input = name && this.inputs[name];
    if (input) {
      var errId = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return /-error$|err-/.test(x); })[0];
      var box = errId && document.getElementById(errId);
      if (box) { box.textContent = message; box.hidden = false; }
      input.setAttribute("aria-invalid", "true");
      if (input.tagName === "FIELDSET") {
        var first = input.querySelector("input:checked") || input.querySelector("input");
        if (first) first.focus();
      } else if (!input.disabled) {
        input.focus();
      }
      this.results.textContent = "";
    } else {
      this.results.textContent = "";
      this.results.appendChild(el("p", { class: "mi-calc__alert", role: "alert", text: message }));
    }
  };

  Widget.prototype.submit = function (action) {
    var self = this, t = this.t;
    this.clearErrors();
    var req = this.request(action);
    this.results.setAttribute("aria-busy", "true");
    this.results.textContent = "";
    this.results.appendChild(el("p", { text: t.working }));
    return calculate(req).then(function (response) {
      self.results.setAttribute("aria-busy", "false");
      self.last = response;
      if (response.error) self.showError(response.error);
      else if (response.action === "retirement") self.renderRetirement(response);
      else self.renderQuote(response);
      return response;
    }, function () {
      self.results.setAttribute("aria-busy", "false");
      self.results.textContent = "";
    });
  };

  Widget.prototype.copyLink = function (withBase) {
    var t = this.t, i = this.inputs;
    // Embedded copies share the full calculator page (data-share-path), not the chrome-less one.
    var url = new URL(this.root.getAttribute("data-share-path") || window.location.href, window.location.href);
    url.hash = "";
    var q = new URLSearchParams();
    if (i.region.value) q.set("region", i.region.value);
    q.set("scheme", this.scheme());
    if (i.gap_start.value) q.set("gap-start", i.gap_start.value);
    if (i.gap_end.value) q.set("gap-end", i.gap_end.value);
    if (i.paid_on.value) q.set("paid-on", i.paid_on.value);
    if (this.floor.checked) q.set("base", "floor");
    else if (withBase && i.base.value.trim()) q.set("base", i.base.value.trim());
    url.search = q.toString();
    var link = url.href, note = this.copyNote;
    var done = function () { note.textContent = t.copied; };
    var fallback = function () { note.textContent = t.copyFailed + " " + link; };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(link).then(done, fallback);
    else fallback();
  };

  /* ------------------------------------------------------------------ results */

  function dl(rows) {
    var list = el("dl", { class: "mi-calc__facts" });
    rows.forEach(function (r) {
      if (!r) return;
      list.appendChild(el("dt", { text: r[0] }));
      list.appendChild(el("dd", { text: r[1] == null || r[1] === "" ? "—" : String(r[1]) }));
    });
    return list;
  }

  Widget.prototype.heading = function (text) {
    return el("h3", { class: "mi-calc__heading", text: text });
  };

  Widget.prototype.renderQuote = function (r) {
    var t = this.t, lang = this.lang, self = this;
    var out = document.createDocumentFragment();
    var c = r.consequences || {};
    var regionName = (r.region && r.region.name && r.region.name[lang]) || (r.region && r.region.slug) || "";
    out.appendChild(el("h2", { class: "mi-calc__title", tabindex: "-1", text: t.results + (regionName ? " · " + regionName : "") }));
    if (c.summary) out.appendChild(el("p", { class: "mi-calc__summary", text: c.summary[lang] || c.summary.en }));

    var tot = r.totals || {};
    out.appendChild(this.heading(t.totals));
    out.appendChild(dl([
      [t.principal, tot.principal], [t.lateFee, tot.late_fee], [t.total, tot.total],
      [t.employer, tot.employer], [t.individual, tot.individual],
    ]));

    if (c.last_repayable_day) {
      out.appendChild(el("p", { class: "mi-calc__deadline" }, [
        el("strong", { text: t.lastDay + ": " }), el("time", { datetime: c.last_repayable_day, text: c.last_repayable_day }), " ",
        this.icsLink(c.last_repayable_day, r),
      ]));
    }

    out.appendChild(this.heading(t.months));
    var table = el("table", { class: "mi-calc__table" }, [el("caption", { text: t.monthsCaption })]);
    var cols = [t.colMonth, t.colBase, t.colEmployer, t.colIndividual, t.colAddons, t.colLateFee, t.colTotal, t.colRepayable];
    table.appendChild(el("thead", {}, [el("tr", {}, cols.map(function (h) { return el("th", { scope: "col", text: h }); }))]));
    var body = el("tbody");
    (r.lines || []).forEach(function (line) {
      var dash = function (v) { return v == null || v === "" ? t.none : String(v); };
      var baseCell = el("td", { class: "mi-num", "data-field": "base" }, [dash(line.base)]);
      if (line.base_clamped) {
        baseCell.appendChild(el("span", { class: "mi-calc__clamped", "data-clamped": line.base_clamped,
          text: " (" + (line.base_clamped === "floor" ? t.clampedFloor : t.clampedCeiling) + ")" }));
      }
      body.appendChild(el("tr", { "data-month": line.month }, [
        el("th", { scope: "row", text: line.month }),
        baseCell,
        el("td", { class: "mi-num", "data-field": "employer", text: dash(line.employer) }),
        el("td", { class: "mi-num", "data-field": "individual", text: dash(line.individual) }),
        el("td", { class: "mi-num", "data-field": "addons", text: dash(line.addons) }),
        el("td", { class: "mi-num", "data-field": "late_fee", text: dash(line.late_fee) }),
        el("td", { class: "mi-num", "data-field": "total", text: dash(line.total) }),
        el("td", { "data-field": "repayable", text: line.repayable ? t.yes : t.no }),
      ]));
    });
    table.appendChild(body);
    out.appendChild(el("div", { class: "mi-calc__scroll", tabindex: "0", role: "region", "aria-label": t.monthsCaption }, [table]));

    out.appendChild(this.heading(t.consequences));
    out.appendChild(dl([
      [t.benefitsStop, c.benefits_stop_from], [t.gapMonths, c.gap_months], [t.monthsOutstanding, c.months_outstanding],
      [t.restoreWindow, c.restore_window_months],
      [t.inWindow, c.in_restore_window == null ? null : (c.in_restore_window ? t.yes : t.no)],
      [t.benefitsResume, c.benefits_resume_from], [t.waiting, c.waiting_period_months],
      [t.lastDay, c.last_repayable_day],
    ]));

    out.appendChild(this.heading(t.timeline));
    out.appendChild(this.timeline(r));
    this.appendNotesAndSources(out, r);
    this.results.textContent = "";
    this.results.appendChild(out);
    var title = this.results.querySelector(".mi-calc__title");
    if (title && self.root.contains(document.activeElement)) title.focus({ preventScroll: false });
  };

  Widget.prototype.renderRetirement = function (r) {
    var t = this.t, lang = this.lang;
    var out = document.createDocumentFragment();
    var regionName = (r.region && r.region.name && r.region.name[lang]) || "";
    out.appendChild(el("h2", { class: "mi-calc__title", tabindex: "-1", text: t.results + (regionName ? " · " + regionName : "") }));
    var age = r.retirement_age || {};
    out.appendChild(dl([
      [t.retirementMonth, r.retirement_month],
      [t.retirementAge, age.years != null ? t.ageFmt(age.years, age.months) : null],
      [t.requiredMonths, r.required_months], [t.requiredLocal, r.required_local_months],
      [t.monthsSoFar, r.months_so_far], [t.projected, r.projected_months],
      [t.shortfall, r.shortfall_months], [t.localShortfall, r.local_shortfall_months],
      [t.makeup, r.makeup ? t.makeupFmt(r.makeup) : t.noMakeup],
    ]));
    this.appendNotesAndSources(out, r);
    this.results.textContent = "";
    this.results.appendChild(out);
  };

  Widget.prototype.appendNotesAndSources = function (out, r) {
    var t = this.t, lang = this.lang;
    if (r.notes && r.notes.length) {
      out.appendChild(this.heading(t.notes));
      out.appendChild(el("ul", { class: "mi-calc__notes" }, r.notes.map(function (n) {
        return el("li", { text: (n && (n[lang] || n.en)) || "" });
      })));
    }
    var ids = Object.keys(r.sources || {});
    if (ids.length) {
      out.appendChild(this.heading(t.sources));
      out.appendChild(el("ol", { class: "mi-calc__sources" }, ids.map(function (id) {
        var s = r.sources[id] || {};
        var title = (s.title && (s.title[lang] || s.title.en)) || id;
        var issuer = s.issuer && (s.issuer[lang] || s.issuer.en);
        var url = safeUrl(s.url);
        var gradeText = t.grade[s.grade] || s.grade || "";
        return el("li", { id: null, "data-source": id }, [
          url ? el("a", { href: url, rel: "noopener noreferrer external", text: title }) : el("span", { text: title }),
          issuer ? " — " + issuer : null,
          s.doc_no ? " (" + s.doc_no + ")" : null,
          s.published ? ", " + t.published + " " + s.published : null,
          gradeText ? el("span", { class: "mi-calc__grade mi-calc__grade--" + String(s.grade).replace(/[^a-z-]/g, ""), text: gradeText }) : null,
        ]);
      })));
    }
  };

  // Timeline: two months of context, the gap, the waiting period, the month benefits resume.
  Widget.prototype.timeline = function (r) {
    var t = this.t;
    var c = r.consequences || {};
    var lines = r.lines || [];
    var first = parseMonth(lines.length ? lines[0].month : r.request && r.request.gap_start);
    var last = parseMonth(lines.length ? lines[lines.length - 1].month : r.request && r.request.gap_end);
    if (first == null || last == null) return el("p", { text: t.none });
    var resume = parseMonth(c.benefits_resume_from);
    var waiting = Number(c.waiting_period_months) || 0;
    var end = Math.max(last + 1, resume != null ? resume : last + 1 + waiting);
    var start = first - 2;
    var byMonth = {};
    lines.forEach(function (l) { byMonth[l.month] = l; });
    var cells = [];
    for (var m = start; m <= end && cells.length < 60; m++) {
      var key = formatMonth(m), kind;
      if (m < first) kind = "paid";
      else if (m <= last) kind = byMonth[key] && !byMonth[key].repayable ? "lost" : "gap";
      else if (resume != null && m >= resume) kind = "resume";
      else if (waiting && resume != null && m >= resume - waiting) kind = "waiting";
      else kind = resume != null && m < resume ? "waiting" : "resume";
      cells.push({ month: key, kind: kind });
    }
    var w = 28, h = 34, gapX = 2;
    var width = cells.length * (w + gapX);
    var titleId = nextUid("tl-title"), descId = nextUid("tl-desc");
    var pic = svg("svg", {
      class: "mi-calc__timeline", viewBox: "0 0 " + width + " " + (h + 30), width: String(width), height: String(h + 30),
      role: "img", "aria-labelledby": titleId, "aria-describedby": descId, focusable: "false",
    }, [svg("title", { id: titleId, text: t.timeline })]);
    cells.forEach(function (cell, i) {
      var x = i * (w + gapX);
      pic.appendChild(svg("rect", { x: String(x), y: "0", width: String(w), height: String(h), rx: "3", class: "mi-tl mi-tl--" + cell.kind }));
      var mm = cell.month.slice(5);
      pic.appendChild(svg("text", { x: String(x + w / 2), y: String(h + 14), "text-anchor": "middle", class: "mi-tl__label", text: mm }));
      if (mm === "01" || i === 0) {
        pic.appendChild(svg("text", { x: String(x + 1), y: String(h + 27), class: "mi-tl__year", text: cell.month.slice(0, 4) }));
      }
    });
    // Text alternative: consecutive months of the same kind grouped.
    var runs = [];
    cells.forEach(function (cell) {
      var lastRun = runs[runs.length - 1];
      if (lastRun && lastRun.kind === cell.kind) lastRun.to = cell.month;
      else runs.push({ kind: cell.kind, from: cell.month, to: cell.month });
    });
    var desc = el("ul", { id: descId, class: "mi-calc__timeline-text" }, runs.map(function (run) {
      return el("li", { text: (run.from === run.to ? run.from : run.from + " – " + run.to) + ": " + t.timelineStatus[run.kind] });
    }));
    var legend = el("ul", { class: "mi-calc__legend", "aria-hidden": "true" }, ["paid", "gap", "lost", "waiting", "resume"].map(function (k) {
      return el("li", {}, [el("span", { class: "mi-calc__swatch mi-tl--" + k }), " " + t.timelineStatus[k]]);
    }));
    return el("figure", { class: "mi-calc__figure" }, [
      el("div", { class: "mi-calc__scroll" }, [pic]), legend,
      el("figcaption", {}, [el("span", { text: t.timelineIntro }), desc]),
    ]);
  };

  // A calendar reminder made in the browser: an all-day event on the last day, alarm one week before.
  Widget.prototype.icsLink = function (day, r) {
    var t = this.t;
    var d = day.replace(/-/g, "");
    var next = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + 1));
    var dEnd = next.getUTCFullYear() + pad(next.getUTCMonth() + 1) + pad(next.getUTCDate());
    var region = (r.region && r.region.name && (r.region.name[this.lang] || r.region.name.en)) || "";
    var esc = function (s) { return String(s).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n"); };
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    var summary = (r.consequences && r.consequences.summary && (r.consequences.summary[this.lang] || r.consequences.summary.en)) || "";
    var ics = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mi-gap-guide//calculator//EN", "CALSCALE:GREGORIAN",
      "BEGIN:VEVENT",
      "UID:" + d + "-" + (r.region && r.region.slug || "region") + "@mi-gap-guide.invalid",
      "DTSTAMP:" + stamp,
      "DTSTART;VALUE=DATE:" + d,
      "DTEND;VALUE=DATE:" + dEnd,
      "SUMMARY:" + esc(t.reminderTitle + (region ? " · " + region : "")),
      "DESCRIPTION:" + esc(summary + (window.location.href ? "\n" + window.location.origin + window.location.pathname : "")),
      "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P7D", "DESCRIPTION:" + esc(t.reminderTitle), "END:VALARM",
      "END:VEVENT", "END:VCALENDAR", "",
    ].join("\r\n");
    var a = el("a", { class: "mi-calc__ics", download: "medical-insurance-" + d + ".ics", text: t.reminder, href: "#" });
    a.addEventListener("click", function () {
      var blobUrl = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
      a.href = blobUrl;
      setTimeout(function () { URL.revokeObjectURL(blobUrl); a.href = "#"; }, 30000);
    });
    return a;
  };

  /* ------------------------------------------------------------------ attach */

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { start(); observer.disconnect(); }
    });
  }, { rootMargin: "200px" }) : null;

  function attach() {
    var nodes = document.querySelectorAll("div.mi-calculator");
    var eager = false;
    var presets = queryPresets();
    var hasPresets = QUERY_KEYS.some(function (k) { return k !== "lang" && presets[k] != null; });
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.getAttribute("data-mi-attached") === "true") continue;
      node.setAttribute("data-mi-attached", "true");
      var widget = new Widget(node);
      node.__miWidget = widget;
      if (node.getAttribute("data-autostart") === "true" || hasPresets) eager = true;
      if (observer) observer.observe(node);
      // Calculate at once only when the link says everything; a link without a base (the wage stays
      // private unless shared) waits for the reader to type one instead of greeting them with an error.
      if (hasPresets && presets["gap-start"] && presets["gap-end"] && presets.base) {
        readyPromise.then(widget.submit.bind(widget, "quote"));
      }
      if (node.getAttribute("data-embed") === "true" && window.parent !== window && "ResizeObserver" in window) {
        // Measure the content box, not the document: the document is never shorter than the frame, so a
        // result that gets shorter could not shrink the frame.
        var article = node.closest(".mi-embed") || node.closest("article") || document.body;
        new ResizeObserver(function () {
          var height = Math.ceil(article.getBoundingClientRect().bottom + window.scrollY);
          window.parent.postMessage({ type: "mi-calculator:height", height: height }, "*");
        }).observe(article);
      }
    }
    // Widgets detached by instant navigation stop listening for status changes.
    listeners = listeners.filter(function (fn) {
      return Array.prototype.some.call(document.querySelectorAll("div.mi-calculator"), function (n) {
        return n.__miWidget && n.__miWidget.onStatus === fn;
      });
    });
    if (nodes.length && !observer) eager = true;
    if (eager) start();
  }

  // A widget that starts at once need not wait for the theme's document$ (DOMContentLoaded): this script
  // runs at the end of <body>, so the widget is already parsed.
  if (document.querySelector('div.mi-calculator[data-autostart="true"]')) start();

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(attach);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attach);
  } else {
    attach();
  }
})();
