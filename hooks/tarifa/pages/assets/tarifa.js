/* Tarifa's price tables, enhanced: sort by any column, find and filter models, switch the service
 * tier (standard, batch, flex, priority) and the display currency, copy a model's API id.
 *
 * Without JavaScript every table is complete, in the catalogue's order, with standard prices; this
 * script only rearranges, hides and swaps what the page already holds (the other tiers' prices are
 * in each cell's data-tiers). No dependencies, no requests.
 */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";
  var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });

  function words(text) {
    return String(text || "").toLocaleLowerCase(lang).normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  // ── Sort ────────────────────────────────────────────────────────────────────────
  /* A row and the line of extra prices that belongs to it move together. */
  function groups(tbody) {
    var out = [];
    Array.prototype.forEach.call(tbody.rows, function (row) {
      if (row.classList.contains("tarifa-more") && out.length) out[out.length - 1].push(row);
      else out.push([row]);
    });
    return out;
  }

  function value(row, column) {
    var cell = row.cells[column];
    if (!cell) return { missing: true };
    if (cell.hasAttribute("data-sort")) return { number: Number(cell.getAttribute("data-sort")) };
    var text = cell.textContent.trim();
    return text === "—" || text === "" ? { missing: true } : { text: text };
  }

  function compare(a, b) {
    if (a.missing || b.missing) return a.missing === b.missing ? 0 : a.missing ? 1 : -1;
    if (a.number !== undefined && b.number !== undefined) return a.number - b.number;
    return collator.compare(String(a.text !== undefined ? a.text : a.number), String(b.text !== undefined ? b.text : b.number));
  }

  function sortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) return;
    var tbody = table.tBodies[0];
    var original = groups(tbody);
    Array.prototype.forEach.call(head.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tarifa-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var next = now === "ascending" ? "descending" : now === "descending" ? "none" : "ascending";
        Array.prototype.forEach.call(head.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
        var order = original.slice();
        if (next !== "none") {
          th.setAttribute("aria-sort", next);
          order.sort(function (a, b) {
            var result = compare(value(a[0], column), value(b[0], column));
            return next === "descending" ? -result : result;
          });
        }
        order.forEach(function (group) { group.forEach(function (row) { tbody.appendChild(row); }); });
      });
    });
  }

  // ── Service tier ────────────────────────────────────────────────────────────────
  function rememberCell(cell) {
    if (!cell.hasAttribute("data-standard")) cell.setAttribute("data-standard", cell.innerHTML);
  }

  function showTier(root, tier, missingWord) {
    root.querySelectorAll("td[data-tiers]").forEach(function (cell) {
      rememberCell(cell);
      if (tier === "standard") {
        cell.innerHTML = cell.getAttribute("data-standard");
        return;
      }
      var alt = JSON.parse(cell.getAttribute("data-tiers"))[tier];
      cell.textContent = "";
      if (!alt || !alt[0]) {
        var dash = document.createElement("span");
        dash.setAttribute("aria-hidden", "true");
        dash.textContent = "—";
        var sr = document.createElement("span");
        sr.className = "tarifa-sr";
        sr.textContent = missingWord;
        cell.append(dash, sr);
        return;
      }
      var price = document.createElement("bdi");
      price.textContent = alt[0];
      cell.appendChild(price);
      if (alt[2]) {
        var approx = document.createElement("span");
        approx.className = "tarifa-approx";
        approx.innerHTML = '<span aria-hidden="true">≈ </span><bdi></bdi>';
        approx.querySelector("bdi").textContent = alt[2];
        cell.append(" ", approx);
      }
      if (alt[1]) {
        var note = document.createElement("span");
        note.className = "tarifa-note";
        var bdi = document.createElement("bdi");
        bdi.textContent = alt[1];
        note.appendChild(bdi);
        cell.append(" ", note);
      }
    });
  }

  // ── Find and filter ─────────────────────────────────────────────────────────────
  function kindOf(table) {
    return table.id.replace(/^table-/, "").replace(/-\d+$/, "");
  }

  function heading(table) {
    var box = table.closest(".tarifa-scroll");
    var previous = box && box.previousElementSibling;
    while (previous && /^P$/.test(previous.tagName) && previous.classList.contains("tarifa-group-summary")) {
      previous = previous.previousElementSibling;
    }
    return previous && /^H[2-4]$/.test(previous.tagName) ? previous : null;
  }

  function pressed(toolbar, attribute) {
    var out = [];
    toolbar.querySelectorAll("[" + attribute + "][aria-pressed='true']").forEach(function (b) { out.push(b.getAttribute(attribute)); });
    return out;
  }

  function filter(root, toolbar, tables) {
    var query = words(toolbar.querySelector("#tarifa-find").value).trim().split(/\s+/).filter(Boolean);
    var kinds = pressed(toolbar, "data-kind"), features = pressed(toolbar, "data-feature");
    var shown = 0;
    var headingsShown = new Set();
    tables.forEach(function (table) {
      var visible = 0;
      var kindMatches = !kinds.length || kinds.indexOf(kindOf(table)) >= 0;
      groups(table.tBodies[0]).forEach(function (group) {
        var row = group[0];
        var text = row.words || (row.words = words(row.cells[0].textContent + " " + (row.getAttribute("data-search") || "")));
        var have = (row.getAttribute("data-features") || "").split(" ");
        var match = kindMatches && query.every(function (q) { return text.indexOf(q) >= 0; }) &&
          features.every(function (f) { return have.indexOf(f) >= 0; });
        group.forEach(function (r) { r.hidden = !match; });
        if (match) visible += 1;
      });
      shown += visible;
      var box = table.closest(".tarifa-scroll");
      if (box) box.hidden = visible === 0;
      var after = box && box.nextElementSibling;
      if (after && after.classList.contains("tarifa-shown")) after.hidden = visible === 0;
      var title = heading(table);
      if (title && visible) headingsShown.add(title);
    });
    tables.forEach(function (table) {
      var title = heading(table);
      if (title) title.hidden = !headingsShown.has(title);
    });
    // the heading of the tools' section hides with its last group
    root.querySelectorAll("h2[id='tool']").forEach(function (h2) {
      var any = tables.some(function (t) { return kindOf(t) === "tool" && !t.closest(".tarifa-scroll").hidden; });
      h2.hidden = !any;
    });
    var found = toolbar.querySelector("#tarifa-found");
    var active = query.length || kinds.length || features.length;
    if (toolbar.hasAttribute("data-index")) {
      find(toolbar, query, kinds, features, active);
      if (active) found.textContent = "";
      return;
    }
    found.textContent = !active ? "" : shown ? found.getAttribute("data-count").replace("{n}", shown.toLocaleString(lang)) : found.getAttribute("data-none");
  }

  // ── Find among all models (a catalogue larger than the overview shows) ───────────
  /* The list of every model (name, id, kind, main prices, page) is one file per language,
   * loaded the first time the visitor searches or filters. */
  var index = null, loading = null;

  function load(toolbar) {
    if (index) return Promise.resolve(index);
    if (!loading) {
      loading = fetch(toolbar.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
        index = data.models.map(function (m) { m.words = words([m.name, m.id, m.kind_name].join(" ")); return m; });
        return index;
      });
    }
    return loading;
  }

  var MAX_FOUND = 50;

  function find(toolbar, query, kinds, features, active) {
    var box = toolbar.querySelector(".tarifa-finder");
    var found = toolbar.querySelector("#tarifa-found");
    if (!active) { box.hidden = true; return; }
    load(toolbar).then(function (models) {
      var matches = models.filter(function (m) {
        return (!kinds.length || kinds.indexOf(m.kind) >= 0) &&
          query.every(function (q) { return m.words.indexOf(q) >= 0; }) &&
          features.every(function (f) { return m.features.indexOf(f) >= 0; });
      });
      var list = box.querySelector(".tarifa-finder__list");
      list.textContent = "";
      matches.slice(0, MAX_FOUND).forEach(function (m) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = new URL(m.href, new URL(toolbar.getAttribute("data-index"), document.baseURI)).href;
        link.textContent = m.name;
        var code = document.createElement("code");
        code.className = "tarifa-id";
        code.dir = "ltr";
        code.textContent = m.id;
        var prices = document.createElement("span");
        prices.className = "tarifa-finder__prices";
        prices.textContent = m.kind_name + (m.prices ? " · " + m.prices : "");
        item.append(link, " ", code, " ", prices);
        list.appendChild(item);
      });
      var more = box.querySelector(".tarifa-finder__more");
      var rest = matches.length - MAX_FOUND;
      more.textContent = rest > 0 ? more.getAttribute("data-more").replace("{n}", rest.toLocaleString(lang)) : "";
      box.hidden = false;
      found.textContent = matches.length ? found.getAttribute("data-count").replace("{n}", matches.length.toLocaleString(lang)) : found.getAttribute("data-none");
    });
  }

  function enhanceToolbar(root) {
    var toolbar = root.querySelector("[data-tarifa-toolbar]");
    if (!toolbar) return;
    var tables = Array.prototype.filter.call(root.querySelectorAll("table.tarifa-table"), function (t) {
      return t.tBodies.length && t.tBodies[0].querySelector("tr[data-search]");
    });
    toolbar.hidden = false;
    var more = toolbar.querySelector(".tarifa-toolbar__more");
    if (more && window.matchMedia("(min-width: 60em)").matches) more.open = true;
    var run = function () { filter(root, toolbar, tables); };
    toolbar.querySelector("#tarifa-find").addEventListener("input", run);
    toolbar.querySelectorAll(".tarifa-chip").forEach(function (chip) {
      chip.addEventListener("click", function () {
        chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
        run();
      });
    });
    var missing = toolbar.getAttribute("data-missing") || "—";
    toolbar.querySelectorAll("input[name='tarifa-tier']").forEach(function (radio) {
      radio.addEventListener("change", function () { if (radio.checked) showTier(root, radio.value, missing); });
    });
    var approx = toolbar.querySelector("[data-tarifa-approx]");
    if (approx) {
      approx.addEventListener("change", function () { root.classList.toggle("tarifa-no-approx", !approx.checked); });
    }
    // #model-… in the address: mark that row
    if (location.hash.indexOf("#model-") === 0) {
      var row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (row) row.classList.add("tarifa-target");
    }
  }

  // ── Copy an id ──────────────────────────────────────────────────────────────────
  /* The clipboard API needs a secure context (https, localhost); elsewhere the id is selected
   * and copied the old way. */
  function copy(text, node) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = document.execCommand && document.execCommand("copy");
    return done ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function copyButtons(root) {
    var label = root.querySelector("[data-tarifa-copy]");
    if (!label) return;
    var copyText = label.getAttribute("data-tarifa-copy");
    var doneText = label.getAttribute("data-tarifa-copied");
    root.querySelectorAll("code.tarifa-id").forEach(function (code) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tarifa-copy";
      button.textContent = copyText;
      button.setAttribute("aria-label", copyText + ": " + code.textContent);
      button.addEventListener("click", function () {
        copy(code.textContent, code).then(function () {
          button.textContent = doneText;
          button.setAttribute("data-copied", "");
          setTimeout(function () { button.textContent = copyText; button.removeAttribute("data-copied"); }, 2000);
        }, function () { /* nothing copied: the id stays selected for the visitor to copy */ });
      });
      code.after(button);
    });
  }

  // ── The calculator, loaded when it comes near the screen ─────────────────────────
  /* The page holds a placeholder for the calculator's form (useless without JavaScript: the
   * plugin writes it into a file beside the page), and no calculator.js or calculator.css: a
   * visitor who reads only the prices downloads none of them. They load one screen ahead of the
   * calculator, or at once when the address holds a shared estimate: the form and the stylesheet
   * (after Tarifa's, before a site's own) side by side, then the script, so the form never shows
   * unstyled. */
  var here = document.currentScript ? document.currentScript.src : "";

  function lazyCalculator() {
    var root = document.querySelector("[data-tarifa-calculator-form], [data-tarifa-calculator]");
    if (!root || !here) return;
    var started = false;
    function load() {
      if (started) return;
      started = true;
      var form = root.getAttribute("data-tarifa-calculator-form");
      var filled = !form ? Promise.resolve() : fetch(new URL(form, location.href).href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (text) {
        var template = document.createElement("template");
        template.innerHTML = text; // the site's own file, written by Tarifa's build
        root.replaceWith(template.content);
      });
      var styled = new Promise(function (resolve) {
        var sheet = document.createElement("link"), own = document.querySelector("link[href$='tarifa/tarifa.css']");
        sheet.rel = "stylesheet";
        sheet.href = new URL("calculator.css", here).href;
        sheet.onload = sheet.onerror = resolve;
        if (own) own.after(sheet);
        else document.head.appendChild(sheet);
      });
      Promise.all([filled, styled]).then(function () {
        var script = document.createElement("script");
        script.src = new URL("calculator.js", here).href;
        document.body.appendChild(script);
      }, function () { /* no form: the page keeps its prices, and the note for scripts off */ });
    }
    var heading = document.getElementById("calculator") || root;
    if (location.search || /^#calc/.test(location.hash) || !("IntersectionObserver" in window)) return load();
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { observer.disconnect(); load(); }
    }, { rootMargin: "100% 0px" });
    observer.observe(heading);
  }

  function start() {
    var root = document.querySelector("article") || document.body;
    enhanceToolbar(root);
    root.querySelectorAll("table.tarifa-table.tarifa-sortable").forEach(sortable);
    copyButtons(root);
    lazyCalculator();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
