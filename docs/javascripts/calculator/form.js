// The widget: an accessible form (two tabs: pay back, retirement check) built inside
//   <div class="mi-calculator" data-region="SLUG" data-lang="en|zh" data-autostart="true|false">,
// its loading status (progress in bytes next to the Calculate buttons), field errors from the core next to
// their field, the results, and the copy-link button.
import { clip, queryIgnored, queryPresets, shareLink } from "./presets.js";
import { el, fill, nextUid, today } from "./dom.js";
import { renderQuote, renderRetirement } from "./results.js";
import { calculate, loadManifest, retry, start, status, subscribe } from "./runtime-client.js";
import { STRINGS } from "./strings.js";
import { SITE_ROOT } from "./urls.js";

function field(opts) {
  // opts: {id, label, input (element), hint, inline}
  const hintId = opts.hint ? opts.id + "-hint" : null;
  const errId = opts.id + "-error";
  opts.input.id = opts.id;
  opts.input.setAttribute("aria-describedby", [hintId, errId].filter(Boolean).join(" "));
  return el("div", { class: "mi-calc__field" + (opts.inline ? " mi-calc__field--inline" : "") }, [
    opts.inline ? opts.input : null,
    el("label", { for: opts.id, text: opts.label }),
    opts.inline ? null : opts.input,
    opts.hint ? el("span", { class: "mi-calc__hint", id: hintId, text: opts.hint }) : null,
    el("span", { class: "mi-calc__error", id: errId, hidden: true }),
  ]);
}

// True when the browser draws its own control for <input type=TYPE> (a date or month picker, shown in the
// reader's locale): a "YYYY-MM-DD" hint under it would describe a format the reader never sees. Browsers
// without one show a text box, where the hint is the format to type.
const nativeInput = {};
function hasNative(type) {
  if (!(type in nativeInput)) {
    const probe = document.createElement("input");
    probe.setAttribute("type", type);
    probe.value = "not-a-date";
    nativeInput[type] = probe.type === type && probe.value === "";
  }
  return nativeInput[type];
}

const megabytes = (bytes) => (Math.max(0, Number(bytes) || 0) / 1e6).toFixed(1);

// "1.2 of 5.6 MB (21 %)" for a status that knows its download's size, else "".
function downloadedText(t, s) {
  if (!s.total) return "";
  const percent = Math.min(100, Math.floor((100 * s.loaded) / s.total));
  return fill(t.downloaded, { loaded: megabytes(s.loaded), total: megabytes(s.total), percent });
}

export class Widget {
  constructor(root) {
    this.root = root;
    this.presets = queryPresets();
    const dataLang = root.getAttribute("data-lang") || document.documentElement.lang || "en";
    const qLang = this.presets.lang;
    this.lang = qLang === "en" || qLang === "zh" ? qLang : (/^zh/i.test(dataLang) ? "zh" : "en");
    this.t = STRINGS[this.lang];
    this.region = this.presets.region || root.getAttribute("data-region") || "";
    this.inputs = {};
    this.ignored = queryIgnored();
    this.build();
  }

  build() {
    const t = this.t, p = this.presets, root = this.root;
    root.textContent = "";
    root.setAttribute("lang", this.lang === "zh" ? "zh-CN" : "en");
    root.classList.add("mi-calc");

    // Region (shared by both tabs): a select once the manifest names the regions, else the preset alone.
    // A region from the URL is not shown until the manifest says it is one of ours: until then its option
    // carries the value (a preset calculation may be asked for) but no text from the URL.
    const regionSelect = el("select", { name: "region", autocomplete: "off" });
    if (this.region) {
      const fromPage = this.region === root.getAttribute("data-region");
      regionSelect.appendChild(el("option", { value: this.region, text: fromPage ? this.region : "…" }));
    }
    this.inputs.region = regionSelect;
    loadManifest().then((m) => this.fillRegions(m.regions || []), () => {});

    const schemeName = nextUid("scheme");
    const schemeEmployee = el("input", { type: "radio", name: schemeName, value: "employee" });
    const schemeFlexible = el("input", { type: "radio", name: schemeName, value: "flexible" });
    (p.scheme === "flexible" ? schemeFlexible : schemeEmployee).checked = true;
    this.schemeRadios = [schemeEmployee, schemeFlexible];
    const schemeErr = nextUid("err");
    const schemeSet = el("fieldset", { class: "mi-calc__radios", "aria-describedby": schemeErr }, [
      el("legend", { text: t.scheme }),
      el("label", {}, [schemeEmployee, " " + t.schemeEmployee]),
      el("label", {}, [schemeFlexible, " " + t.schemeFlexible]),
      el("span", { class: "mi-calc__error", id: schemeErr, hidden: true }),
    ]);
    this.inputs.scheme = schemeSet;

    const base = el("input", { type: "text", inputmode: "decimal", name: "base", autocomplete: "off", spellcheck: "false" });
    const floor = el("input", { type: "checkbox", name: "floor" });
    if (p.base === "floor") floor.checked = true;
    else if (p.base) base.value = p.base;
    floor.addEventListener("change", () => { base.disabled = floor.checked; });
    base.disabled = floor.checked;
    this.inputs.base = base;
    this.floor = floor;

    const gapStart = el("input", { type: "month", name: "gap_start", placeholder: "YYYY-MM", pattern: "\\d{4}-\\d{2}" });
    const gapEnd = el("input", { type: "month", name: "gap_end", placeholder: "YYYY-MM", pattern: "\\d{4}-\\d{2}" });
    const paidOn = el("input", { type: "date", name: "paid_on" });
    if (p["gap-start"]) gapStart.value = p["gap-start"];
    if (p["gap-end"]) gapEnd.value = p["gap-end"];
    paidOn.value = p["paid-on"] || today();
    this.inputs.gap_start = gapStart;
    this.inputs.gap_end = gapEnd;
    this.inputs.paid_on = paidOn;

    const monthHint = hasNative("month") ? null : t.monthHint;
    const dateHint = hasNative("date") ? null : t.dateHint;
    const ids = {};
    ["region", "base", "floor", "gapStart", "gapEnd", "paidOn", "group", "birth", "months", "local", "asOf", "keeps"]
      .forEach((k) => { ids[k] = nextUid(k); });

    // Next to each Calculate button: what loading has reached (bytes and percent), where the reader looks.
    this.actionNotes = [];
    const actions = () => {
      const note = el("span", { class: "mi-calc__action-status", "aria-hidden": "true" });
      this.actionNotes.push(note);
      return el("div", { class: "mi-calc__actions" }, [
        el("button", { type: "submit", class: "md-button md-button--primary", text: t.calculate }), note,
      ]);
    };

    this.quoteForm = el("form", { class: "mi-calc__form", novalidate: true, "data-action": "quote" }, [
      el("fieldset", {}, [
        el("legend", { text: t.baseLegend }),
        field({ id: ids.base, label: t.base, input: base, hint: t.baseHint }),
        field({ id: ids.floor, label: t.floor, input: floor, inline: true }),
      ]),
      el("fieldset", {}, [
        el("legend", { text: t.gapLegend }),
        el("div", { class: "mi-calc__row" }, [
          field({ id: ids.gapStart, label: t.gapStart, input: gapStart, hint: monthHint }),
          field({ id: ids.gapEnd, label: t.gapEnd, input: gapEnd, hint: monthHint }),
          field({ id: ids.paidOn, label: t.paidOn, input: paidOn, hint: dateHint }),
        ]),
      ]),
      actions(),
    ]);

    const group = el("select", { name: "group" }, [
      el("option", { value: "male-60", text: t.groupMale60 }),
      el("option", { value: "female-55", text: t.groupFemale55 }),
      el("option", { value: "female-50", text: t.groupFemale50 }),
    ]);
    const birth = el("input", { type: "month", name: "birth_month", placeholder: "YYYY-MM" });
    const monthsPaid = el("input", { type: "number", name: "months_paid", min: "0", step: "1", inputmode: "numeric" });
    const localPaid = el("input", { type: "number", name: "local_months_paid", min: "0", step: "1", inputmode: "numeric" });
    const asOf = el("input", { type: "date", name: "as_of" });
    asOf.value = today();
    const keeps = el("input", { type: "checkbox", name: "keeps_paying" });
    keeps.checked = true;
    Object.assign(this.inputs, {
      group, birth_month: birth, months_paid: monthsPaid, local_months_paid: localPaid, as_of: asOf, keeps_paying: keeps,
    });

    this.retForm = el("form", { class: "mi-calc__form", novalidate: true, "data-action": "retirement" }, [
      el("fieldset", {}, [
        el("legend", { text: t.retLegend }),
        el("div", { class: "mi-calc__row" }, [
          field({ id: ids.group, label: t.group, input: group }),
          field({ id: ids.birth, label: t.birthMonth, input: birth, hint: monthHint }),
        ]),
        el("div", { class: "mi-calc__row" }, [
          field({ id: ids.months, label: t.monthsPaid, input: monthsPaid }),
          field({ id: ids.local, label: t.localMonthsPaid, input: localPaid }),
          field({ id: ids.asOf, label: t.asOf, input: asOf, hint: dateHint }),
        ]),
        field({ id: ids.keeps, label: t.keepsPaying, input: keeps, inline: true }),
      ]),
      actions(),
    ]);

    // Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs).
    const tabQuote = el("button", { type: "button", role: "tab", id: nextUid("tab"), text: t.tabQuote });
    const tabRet = el("button", { type: "button", role: "tab", id: nextUid("tab"), text: t.tabRetirement });
    const panelQuote = el("div", { role: "tabpanel", id: nextUid("panel"), "aria-labelledby": tabQuote.id }, [this.quoteForm]);
    const panelRet = el("div", { role: "tabpanel", id: nextUid("panel"), "aria-labelledby": tabRet.id }, [this.retForm]);
    tabQuote.setAttribute("aria-controls", panelQuote.id);
    tabRet.setAttribute("aria-controls", panelRet.id);
    this.tabs = [[tabQuote, panelQuote], [tabRet, panelRet]];
    const tablist = el("div", { class: "mi-calc__tabs", role: "tablist", "aria-label": t.tabs }, [tabQuote, tabRet]);
    this.tabs.forEach((pair, i) => {
      pair[0].addEventListener("click", () => this.selectTab(i));
      pair[0].addEventListener("keydown", (e) => {
        let j = null;
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") j = (i + 1) % 2;
        else if (e.key === "Home") j = 0;
        else if (e.key === "End") j = 1;
        if (j != null) { e.preventDefault(); this.selectTab(j); this.tabs[j][0].focus(); }
      });
    });

    // Status: progress bar, messages, retry.
    this.progress = el("progress", { max: "1", value: "0", class: "mi-calc__progress", "aria-label": t.loading, hidden: true });
    this.statusText = el("span", { class: "mi-calc__status-text", role: "status" });
    this.retryButton = el("button", { type: "button", class: "md-button mi-calc__retry", text: t.retry, hidden: true });
    this.retryButton.addEventListener("click", () => { retry(); });
    this.alert = el("p", { class: "mi-calc__alert", role: "alert", hidden: true });
    // While the runtime loads (or if it fails), the build-time worked examples of the selected region are
    // one link away; on that region's own page they are already above the widget.
    this.meanwhile = el("p", { class: "mi-calc__meanwhile", hidden: true });
    this.statusBox = el("div", { class: "mi-calc__status" }, [this.progress, this.statusText, this.alert, this.retryButton,
      this.meanwhile]);

    // Copy link (the declared base only when ticked: it is a wage).
    const copyBase = el("input", { type: "checkbox" });
    copyBase.id = nextUid("copybase");
    this.copyNote = el("span", { class: "mi-calc__copied", role: "status" });
    const copyButton = el("button", { type: "button", class: "md-button mi-calc__copy", text: t.copyLink });
    copyButton.addEventListener("click", () => this.copyLink(copyBase.checked));
    const share = el("div", { class: "mi-calc__share" }, [
      copyButton,
      el("span", { class: "mi-calc__field--inline" }, [copyBase, el("label", { for: copyBase.id, text: t.copyBase })]),
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

    this.quoteForm.addEventListener("submit", (e) => { e.preventDefault(); this.submit("quote"); });
    this.retForm.addEventListener("submit", (e) => { e.preventDefault(); this.submit("retirement"); });
    root.addEventListener("focusin", () => { start(); });
    regionSelect.addEventListener("change", () => this.renderMeanwhile());

    this.onStatus = (s) => this.renderStatus(s);
    subscribe(this.onStatus);
    this.renderStatus(status);
  }

  // The note listing what the URL query asked for and the widget did not use (text nodes only).
  renderIgnored() {
    const t = this.t, list = this.ignored || [];
    const note = this.ignoredNote;
    note.textContent = "";
    note.hidden = !list.length;
    if (!list.length) return;
    const shown = list.slice(0, 10);
    const items = shown.map((item) =>
      el("li", {}, [el("code", { text: clip(item.key) + "=" + clip(item.value) }), " — " + (t.ignored[item.reason] || t.ignored.invalid)]));
    if (list.length > shown.length) items.push(el("li", { text: fill(t.ignoredMore, { n: list.length - shown.length }) }));
    note.appendChild(el("p", { text: t.ignoredIntro }));
    note.appendChild(el("ul", {}, items));
  }

  fillRegions(regions) {
    if (!regions.length) return;
    const select = this.inputs.region, lang = this.lang, current = this.region, t = this.t;
    const known = regions.some((r) => r.slug === current);
    if (!known && current && this.presets.region === current && !this.regionNoted) {
      // Never selected nor offered: listed (as text) among the settings of the link that were not used.
      this.regionNoted = true;
      this.ignored = this.ignored.concat([{ key: "region", value: current, reason: "region" }]);
      this.renderIgnored();
    }
    this.regions = regions;
    if (!known) this.region = "";
    select.textContent = "";
    if (!known) select.appendChild(el("option", { value: "", text: t.regionChoose }));
    regions.forEach((r) => {
      const name = (r.name && (r.name[lang] || r.name.en)) || r.slug;
      select.appendChild(el("option", { value: r.slug, text: name }));
    });
    select.value = this.region;
    this.renderMeanwhile();
  }

  // Resolves once the region list is in (true: the region asked for is one of ours, or none was asked for).
  regionKnown() {
    return loadManifest().then((m) => {
      this.fillRegions(m.regions || []);
      return !!this.region;
    }, () => true);
  }

  renderMeanwhile() {
    const t = this.t, node = this.meanwhile, slug = this.inputs.region.value;
    const s = status.state;
    const region = (this.regions || []).filter((r) => r.slug === slug)[0];
    const onItsPage = slug && slug === this.root.getAttribute("data-region");
    const show = !!region && !onItsPage && (s === "loading" || s === "failed" || (s === "idle" && this.queued));
    node.hidden = !show;
    if (!show) { node.textContent = ""; return; }
    const name = (region.name && (region.name[this.lang] || region.name.en)) || region.slug;
    const href = new URL((this.lang === "zh" ? "zh/" : "") + "regions/" + encodeURIComponent(region.slug) + "/#worked-examples", SITE_ROOT).href;
    if (node.getAttribute("data-href") === href) return;
    node.setAttribute("data-href", href);
    node.textContent = "";
    const embedded = this.root.getAttribute("data-embed") === "true";
    node.appendChild(el("a", { href, target: embedded ? "_blank" : null, rel: embedded ? "noopener" : null,
      text: fill(t.meanwhile, { region: name }) }));
  }

  selectTab(index) {
    this.tabs.forEach((pair, i) => {
      pair[0].setAttribute("aria-selected", i === index ? "true" : "false");
      pair[0].tabIndex = i === index ? 0 : -1;
      pair[1].hidden = i !== index;
    });
    this.activeTab = index;
  }

  renderStatus(s) {
    const t = this.t;
    const loading = s.state === "loading";
    const bytes = loading ? downloadedText(t, s) : "";
    this.progress.hidden = !loading;
    this.progress.value = s.fraction || 0;
    if (bytes) this.progress.setAttribute("aria-valuetext", bytes);
    else this.progress.removeAttribute("aria-valuetext");
    this.root.classList.toggle("mi-calc--loading", loading);
    // The live region changes with the stage only; the byte counts (many updates a second) are shown
    // next to the buttons and on the progress bar, not announced.
    let text = "";
    if (s.state === "idle") text = t.notStarted;
    else if (loading) text = t.loadingStage[s.stage] || t.loading;
    else if (s.state === "ready") text = t.ready;
    if (this.statusText.textContent !== text) this.statusText.textContent = text;
    let note = loading ? (t.loadingStage[s.stage] || t.loading) + (bytes ? " " + bytes : "") : "";
    if (this.queued && s.state !== "ready" && s.state !== "failed") note = t.queuedShort + " " + (note || t.loading);
    this.actionNotes.forEach((n) => { if (n.textContent !== note) n.textContent = note; });
    const failed = s.state === "failed";
    this.alert.hidden = !failed;
    this.retryButton.hidden = !failed;
    this.alert.textContent = failed ? fill(t.failed[s.code] || t.failed.other, {
      seconds: s.stallSeconds, loaded: megabytes(s.loaded), total: megabytes(s.total),
    }) : "";
    if (failed && s.detail) this.alert.setAttribute("title", s.detail);
    this.root.classList.toggle("mi-calc--queued", !!this.queued && !failed && s.state !== "ready");
    if (this.queued && s.state === "ready") {
      const wait = this.results.querySelector(".mi-calc__queued");
      if (wait) { wait.className = "mi-calc__working"; wait.removeAttribute("data-queued"); wait.textContent = t.working; }
    }
    if (this.meanwhile) this.renderMeanwhile();
  }

  scheme() {
    return this.schemeRadios[1].checked ? "flexible" : "employee";
  }

  request(action) {
    const i = this.inputs;
    const req = { action, region: i.region.value, lang: this.lang };
    if (action === "quote") {
      req.scheme = this.scheme(); // the retirement check has no scheme: the core refuses fields it does not know
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
  }

  clearErrors() {
    this.root.querySelectorAll(".mi-calc__error").forEach((node) => { node.hidden = true; node.textContent = ""; });
    this.root.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
  }

  showError(error) {
    const message = (error.message && (error.message[this.lang] || error.message.en)) || this.t.fieldError;
    const name = error.field === "floor" ? "base" : error.field;
    const input = name && this.inputs[name];
    this.results.textContent = "";
    if (!input) {
      this.results.appendChild(el("p", { class: "mi-calc__alert", role: "alert", text: message }));
      return;
    }
    const errId = (input.getAttribute("aria-describedby") || "").split(" ").filter((x) => /-error$|err-/.test(x))[0];
    const box = errId && document.getElementById(errId);
    if (box) { box.textContent = message; box.hidden = false; }
    input.setAttribute("aria-invalid", "true");
    if (input.tagName === "FIELDSET") {
      const first = input.querySelector("input:checked") || input.querySelector("input");
      if (first) first.focus();
    } else if (!input.disabled) {
      input.focus();
    }
  }

  submit(action) {
    this.clearErrors();
    const req = this.request(action);
    this.results.setAttribute("aria-busy", "true");
    this.results.textContent = "";
    // Asked before the runtime is ready: the request waits in the queue and is answered once it is.
    const queued = status.state !== "ready";
    this.queued = queued;
    this.results.appendChild(el("p", { class: queued ? "mi-calc__queued" : "mi-calc__working", "data-queued": queued ? "true" : null,
      text: queued ? this.t.queued : this.t.working }));
    this.renderStatus(status);
    const done = () => {
      this.queued = false;
      this.renderStatus(status);
    };
    return calculate(req).then((response) => {
      done();
      this.results.setAttribute("aria-busy", "false");
      this.last = response;
      if (response.error) {
        this.showError(response.error);
      } else {
        const out = response.action === "retirement"
          ? renderRetirement(response, this.t, this.lang) : renderQuote(response, this.t, this.lang);
        this.results.textContent = "";
        this.results.appendChild(out);
        const title = this.results.querySelector(".mi-calc__title");
        if (response.action !== "retirement" && title && this.root.contains(document.activeElement)) {
          title.focus({ preventScroll: false });
        }
      }
      return response;
    }, () => {
      done();
      this.results.setAttribute("aria-busy", "false");
      this.results.textContent = "";
    });
  }

  copyLink(withBase) {
    const t = this.t, i = this.inputs;
    // Embedded copies share the full calculator page (data-share-path), not the chrome-less one.
    const link = shareLink(this.root.getAttribute("data-share-path") || window.location.href, {
      region: i.region.value, scheme: this.scheme(), gap_start: i.gap_start.value, gap_end: i.gap_end.value,
      paid_on: i.paid_on.value, floor: this.floor.checked, base: i.base.value.trim(),
    }, withBase);
    const note = this.copyNote;
    const done = () => { note.textContent = t.copied; };
    const fallback = () => { note.textContent = t.copyFailed + " " + link; };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(link).then(done, fallback);
    else fallback();
  }
}
