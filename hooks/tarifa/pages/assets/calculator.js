/* Tarifa's cost calculator: enhances the hidden form that the pricing page carries.
 *
 * The rules are those of tarifa/catalogue/costs.py (a browser test compares both on many
 * inputs). Money is never a floating-point number here: prices arrive as decimal strings, and
 * every amount is an exact decimal {n, s} = n / 10^s with a BigInt n. Amounts are shown with
 * Intl.NumberFormat in the page's language, rounded half up to six decimals; the exact amount is
 * kept in the data-value attributes.
 *
 * The page carries the start model only; every model's prices are fetched from the page's
 * data-src (a JSON file of the site, one per language) the first time the visitor uses the
 * calculator, or at once when the address holds a shared estimate. No other request, no
 * dependencies.
 */
(function () {
  "use strict";

  // ── Exact decimals ─────────────────────────────────────────────────────────────
  var NUMBER = /^(\d*)(?:\.(\d*))?$/;
  var TEN = BigInt(10);
  var INTEGER_DIGITS = 15, FRACTION_DIGITS = 9; // costs.INTEGER_DIGITS, costs.FRACTION_DIGITS

  /* Plain decimal text ("0.075", "12") -> {n, s}, or null. */
  function dec(text) {
    var m = NUMBER.exec(String(text));
    if (!m || (m[1] === "" && !m[2])) return null;
    var fraction = m[2] || "";
    return { n: BigInt((m[1] + fraction) || "0"), s: fraction.length };
  }

  var ZERO = { n: BigInt(0), s: 0 };
  var HUNDRED = dec("100"), SMALL = dec("0.1");

  function at(a, s) { return a.n * TEN ** BigInt(s - a.s); } // s >= a.s
  function add(a, b) { var s = Math.max(a.s, b.s); return { n: at(a, s) + at(b, s), s: s }; }
  function sub(a, b) { var s = Math.max(a.s, b.s); return { n: at(a, s) - at(b, s), s: s }; }
  function mul(a, b) { return { n: a.n * b.n, s: a.s + b.s }; }
  function shift(a, k) { return { n: a.n, s: a.s + k }; } // divide by 10^k, exactly
  function cmp(a, b) {
    var s = Math.max(a.s, b.s), x = at(a, s), y = at(b, s);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /* Plain decimal text without trailing zeros, as costs.plain() writes it. */
  function plain(a) {
    var digits = a.n.toString();
    if (a.s === 0) return digits;
    digits = digits.padStart(a.s + 1, "0");
    return (digits.slice(0, -a.s) + "." + digits.slice(-a.s)).replace(/\.?0+$/, "");
  }

  /* Round half up to `digits` decimals (amounts are never negative). */
  function round(a, digits) {
    if (a.s <= digits) return a;
    var f = TEN ** BigInt(a.s - digits);
    var q = a.n / f;
    if ((a.n % f) * BigInt(2) >= f) q += BigInt(1);
    return { n: q, s: digits };
  }

  /* The position of the most significant digit (Python's Decimal.adjusted()). */
  function adjusted(a) { return a.n.toString().length - 1 - a.s; }

  // ── The rules (costs.py) ───────────────────────────────────────────────────────
  var PER_REQUEST = [
    ["input_tokens", "input"], ["output_tokens", "output"],
    ["audio_input_tokens", "audio_input"], ["audio_output_tokens", "audio_output"],
    ["image_input_tokens", "image_input"], ["image_output_tokens", "image_output"],
    ["video_input_tokens", "video_input"]
  ];
  var PER_DAY = [
    ["characters", "characters", 6], ["minutes", "minute", 0], ["hours", "hour", 0],
    ["searches", "searches", 3], ["images", "image", 0]
  ];
  var FIELDS = [
    "requests", "input_tokens", "cached_share", "cache_write_share", "output_tokens",
    "audio_input_tokens", "audio_output_tokens", "image_input_tokens", "image_output_tokens",
    "video_input_tokens", "characters", "minutes", "hours", "searches", "images", "off_peak_share"
  ];
  var PERCENT = ["cached_share", "cache_write_share", "off_peak_share"];
  var LINES = [
    "input", "cached_input", "cache_write", "output", "audio_input", "audio_output", "image_input",
    "image_output", "video_input", "characters", "minute", "hour", "requests", "searches", "image"
  ];
  var MEASURED = ["rpd", "tpd", "asd"];

  function base(key) { return key.indexOf("@>") < 0; }
  function dimension(key) { return key.split("@")[0]; }

  /* costs.usage_fields: what the model has a price for. */
  function usageFields(model) {
    var dims = {};
    Object.keys(model.p).forEach(function (k) { if (base(k)) dims[dimension(k)] = true; });
    var wanted = {}, tokens = false;
    PER_REQUEST.forEach(function (f) { if (dims[f[1]]) { wanted[f[0]] = true; tokens = true; } });
    PER_DAY.forEach(function (f) { if (dims[f[1]]) wanted[f[0]] = true; });
    if (tokens || dims.requests) wanted.requests = true;
    if (dims.input) {
      if (dims.cached_input) wanted.cached_share = true;
      if (dims.cache_write) wanted.cache_write_share = true;
    }
    if (tokens && model.o) wanted.off_peak_share = true;
    return FIELDS.filter(function (f) { return wanted[f]; });
  }

  /* costs.cache_durations and costs.image_options: from the prices' keys, in their order. */
  function choices(model, dim) {
    return Object.keys(model.p).filter(function (k) { return base(k) && dimension(k) === dim; })
      .map(function (k) { return k.slice(dim.length + 1); });
  }

  /* prices.tier_points: explicit prices of the service tier, else standard x its factor. */
  function priceTable(model, service) {
    var explicit = (model.x && model.x[service]) || {};
    var factor = service === "standard" ? null : dec(data.services[service].factor);
    var table = {};
    Object.keys(model.p).forEach(function (k) {
      var standard = dec(model.p[k]);
      table[k] = k in explicit ? dec(explicit[k]) : factor ? mul(standard, factor) : standard;
    });
    return table;
  }

  /* costs.step_of: the highest long-prompt step below the prompt's length. */
  function stepOf(model, prompt) {
    var step = null;
    Object.keys(model.p).forEach(function (k) {
      var at = k.indexOf("@>");
      if (at < 0) return;
      var tokens = dec(k.slice(at + 2));
      if (cmp(prompt, tokens) > 0 && (step === null || cmp(tokens, step) > 0)) step = tokens;
    });
    return step;
  }

  /* costs.daily_lines: the exact cost of a day, by line. `u` holds every asked field. */
  function dailyLines(model, u, service, region, duration, image) {
    var asked = {};
    usageFields(model).forEach(function (f) { asked[f] = true; });
    function get(name) { return asked[name] ? u[name] : ZERO; }
    var table = priceTable(model, service);
    var step = stepOf(model, get("input_tokens"));
    function price(key) {
      if (step !== null && (key + "@>" + plain(step)) in table) return table[key + "@>" + plain(step)];
      return table[key];
    }
    var cached = get("cached_share"), written = get("cache_write_share");
    var requests = get("requests"), prompt = get("input_tokens");
    var tokens = [];
    if (asked.input_tokens) {
      tokens.push(["input", shift(mul(prompt, sub(sub(HUNDRED, cached), written)), 2), "input"]);
      if (asked.cached_share) tokens.push(["cached_input", shift(mul(prompt, cached), 2), "cached_input"]);
      if (asked.cache_write_share) {
        tokens.push(["cache_write", shift(mul(prompt, written), 2), duration ? "cache_write@" + duration : "cache_write"]);
      }
    }
    PER_REQUEST.slice(1).forEach(function (f) { if (asked[f[0]]) tokens.push([f[1], get(f[0]), f[1]]); });
    var offPeak = mul(HUNDRED, HUNDRED);
    if (asked.off_peak_share) offPeak = sub(offPeak, mul(get("off_peak_share"), dec(data.offPeak)));
    var lines = {};
    tokens.forEach(function (t) {
      lines[t[0]] = shift(mul(mul(mul(requests, t[1]), price(t[2])), offPeak), 6 + 4);
    });
    if (asked.requests && "requests" in table) lines.requests = shift(mul(requests, price("requests")), 3);
    PER_DAY.forEach(function (f) {
      if (!asked[f[0]]) return;
      var key = f[1] === "image" ? "image@" + image : f[1];
      lines[f[1]] = shift(mul(get(f[0]), price(key)), f[2]);
    });
    var uplift = region ? dec(data.regions[region].uplift) : null;
    var out = {};
    LINES.forEach(function (line) {
      if (!(line in lines)) return;
      out[line] = uplift ? shift(mul(lines[line], add(HUNDRED, uplift)), 2) : lines[line];
    });
    return out;
  }

  /* costs.measured_usage: what the usage counts against each daily limit it measures. */
  function measuredUsage(model, u) {
    var asked = {};
    usageFields(model).forEach(function (f) { asked[f] = true; });
    var out = {};
    var tokenFields = PER_REQUEST.filter(function (f) { return asked[f[0]]; });
    if (tokenFields.length) {
      var sum = ZERO;
      tokenFields.forEach(function (f) { sum = add(sum, u[f[0]]); });
      out.tpd = mul(u.requests, sum);
    }
    if (asked.characters) out.tpd = add(out.tpd || ZERO, u.characters);
    var asr = model.kind === "asr" && asked.hours;
    if (asked.minutes || asr) {
      out.asd = add(asked.minutes ? mul(u.minutes, dec("60")) : ZERO, asr ? mul(u.hours, dec("3600")) : ZERO);
    }
    var counted = ["requests", "searches", "images"].filter(function (f) { return asked[f]; })[0];
    if (counted) out.rpd = u[counted];
    return out;
  }

  // ── The page ───────────────────────────────────────────────────────────────────
  var data;

  function enhance(root) {
    data = JSON.parse(root.querySelector("#calc-data").textContent);
    var form = root.querySelector("form");
    var lang = document.documentElement.lang || "en";
    var rtl = getComputedStyle(root).direction === "rtl";
    var latn = { numberingSystem: "latn" };
    var currency = new Intl.NumberFormat(lang, {
      style: "currency", currency: data.currency, maximumFractionDigits: data.decimals, numberingSystem: "latn"
    });
    var display = data.display && new Intl.NumberFormat(lang, {
      style: "currency", currency: data.display.currency, maximumFractionDigits: 20, numberingSystem: "latn"
    });
    var integers = new Intl.NumberFormat(lang, { maximumFractionDigits: 0, numberingSystem: "latn" });
    var symbols = {};
    new Intl.NumberFormat(lang, latn).formatToParts(1234567.5).forEach(function (p) { symbols[p.type] = p.value; });
    var plurals = new Intl.PluralRules(lang);
    var list = typeof Intl.ListFormat === "function" ? new Intl.ListFormat(lang, { type: "conjunction" }) : null;
    var tiers = {};
    data.tiers.forEach(function (t) { tiers[t.id] = t; });
    var models = {}, order = null, model = data.start, loading = null, touched = false, addressTimer = null;
    models[model.id] = model;
    function el(id) { return form.querySelector("#" + id); }
    function input(field) { return el("calc-" + field.replace(/_/g, "-")); }

    // ── Numbers as the visitor writes them ──
    var BIDI = /[\u200e\u200f\u061c\u2066-\u2069]/g;
    /* Whether a character separates the decimals ("," in German; "." too where it does not group). */
    function decimalMark(ch) {
      return ch === symbols.decimal || ((ch === "." || ch === ",") && ch !== symbols.group);
    }
    /* Canonical text with no more digits than the rules allow (costs.INTEGER_DIGITS, FRACTION_DIGITS). */
    function fits(text) {
      var parts = text.split(".");
      return NUMBER.test(text) && text !== "." &&
        parts[0].replace(/^0+/, "").length <= INTEGER_DIGITS && (parts[1] || "").length <= FRACTION_DIGITS;
    }
    /* "5.000.000" (de), "5 000 000,5" (fr) -> "5000000", "5000000.5"; "" for an empty field,
       null for anything else (letters, two decimal separators, too many digits). */
    function canonical(text) {
      text = text.replace(BIDI, "").trim();
      var out = "";
      for (var i = 0; i < text.length; i++) {
        var ch = text[i];
        if (ch >= "0" && ch <= "9") out += ch;
        else if (decimalMark(ch)) out += ".";
        else if (ch !== symbols.group && !/\s/.test(ch)) return null;
      }
      if (out === "") return text === "" ? "" : null;
      return fits(out) ? out : null;
    }
    /* Canonical text -> the locale's grouping ("5000000.5" -> "5.000.000,5"), fraction as typed. */
    function grouped(text) {
      var parts = text.split(".");
      var whole = integers.format(BigInt(parts[0] || "0"));
      return parts.length > 1 ? whole + symbols.decimal + parts[1] : whole;
    }
    /* Group the digits of a field while the visitor types, keeping the caret among its digits. */
    function regroup(field) {
      var text = field.value, value = canonical(text);
      if (value === null || value === "") return;
      var formatted = grouped(value);
      if (formatted === text) return;
      var focused = document.activeElement === field;
      var caret = focused ? field.selectionStart : text.length;
      var significant = 0;
      for (var i = 0; i < caret; i++) if (/[0-9]/.test(text[i]) || decimalMark(text[i])) significant++;
      field.value = formatted;
      if (!focused) return;
      var position = 0;
      while (position < formatted.length && significant > 0) {
        if (/[0-9]/.test(formatted[position]) || formatted[position] === symbols.decimal) significant--;
        position++;
      }
      field.setSelectionRange(position, position);
    }

    // ── Showing amounts ──
    /* The page's way of writing an amount; a Latin symbol such as US$ is isolated in RTL text,
       as the tables do (tarifa.l10n.formatting.Formatter.price). */
    function isolate(parts) {
      return parts.map(function (part) {
        return rtl && part.type === "currency" && /[A-Za-z]/.test(part.value)
          ? "\u2066" + part.value + "\u2069" : part.value;
      }).join("");
    }
    function money(amount) { return isolate(currency.formatToParts(plain(round(amount, data.decimals)))); }
    /* exchange.approximate: half up to the cent, or to two significant digits below 0.1. */
    function approximate(amount) {
      var exact = mul(amount, dec(data.display.rate));
      var exponent = -data.display.digits;
      if (exact.n !== ZERO.n && cmp(exact, SMALL) < 0) exponent = Math.min(exponent, adjusted(exact) - 1);
      return round(exact, -exponent);
    }
    function write(output, amount) {
      output.setAttribute("data-value", amount ? plain(amount) : "");
      output.querySelector("bdi").textContent = amount ? money(amount) : "—";
    }
    function writeApprox(which, amount) {
      var span = form.querySelector("[data-approx='" + which + "']");
      if (!span || !display) return;
      span.hidden = !amount;
      var value = amount ? approximate(amount) : null;
      span.setAttribute("data-value", value ? plain(value) : "");
      span.querySelector("bdi").textContent = value ? isolate(display.formatToParts(plain(value))) : "";
    }
    function counted(forms, count) {
      var text = forms[plurals.select(count)] || forms.other;
      return text.split("%(num)s").join(integers.format(count));
    }
    function plural(name, count) { return counted(data.plurals[name], count); }

    // ── The model's fields ──
    function options(select, items, value) {
      select.textContent = "";
      items.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item[0];
        option.textContent = item[1];
        select.appendChild(option);
      });
      select.value = items.some(function (i) { return i[0] === value; }) ? value : items.length ? items[0][0] : "";
    }
    function imageLabel(option) {
      var parts = option.split("@"), size = parts[0].replace("x", "\u00d7");
      return parts.length > 1 ? data.words.imageOption.replace("%(size)s", size).replace("%(quality)s", parts[1]) : size;
    }
    function setModel(next) {
      model = next;
      el("calc-model").value = model.name;
      el("calc-model-id").value = model.id;
      var asked = usageFields(model);
      form.querySelectorAll("[data-usage]").forEach(function (field) {
        field.hidden = asked.indexOf(field.getAttribute("data-usage")) < 0;
      });
      var service = el("calc-service");
      options(service, [["standard", data.words.standard]].concat((model.s || []).map(function (s) {
        return [s, data.services[s].name];
      })), service.value);
      service.closest("[data-for]").hidden = !model.s;
      var region = el("calc-region");
      if (region) {
        options(region, [["", data.words.noRegion]].concat((model.r || []).map(function (r) {
          return [r, data.regions[r].name];
        })), region.value);
        region.closest("[data-for]").hidden = !model.r;
      }
      var durations = choices(model, "cache_write");
      var duration = el("calc-cache-duration");
      if (duration) {
        options(duration, durations.map(function (d) { return [d, data.durations[d] || d]; }), duration.value);
        if (!durations.some(Boolean)) duration.closest("[data-choice]").hidden = true;
      }
      var image = el("calc-image");
      if (image) options(image, choices(model, "image").map(function (o) { return [o, imageLabel(o)]; }), image.value);
      var hours = form.querySelector("label[for='calc-hours']");
      if (hours) hours.textContent = model.kind === "tool" ? data.words.hoursUse : data.words.hoursAudio;
      el("calc-note").textContent = model.note || "";
      update();
    }

    // ── The result ──
    function breakdown(lines, paying) {
      var table = el("calc-breakdown"), body = table.tBodies[0];
      var keys = Object.keys(lines);
      var rows = Array.prototype.map.call(body.rows, function (r) { return r.getAttribute("data-line"); });
      if (rows.join(" ") !== keys.join(" ")) {
        body.textContent = "";
        keys.forEach(function (line) {
          var row = body.insertRow();
          row.setAttribute("data-line", line);
          var th = document.createElement("th");
          th.scope = "row";
          th.textContent = line === "hour"
            ? (model.kind === "tool" ? data.words.lineUse : data.words.lineAudio) : data.lines[line];
          row.appendChild(th);
          for (var i = 0; i < 2; i++) row.insertCell().appendChild(document.createElement("bdi"));
        });
      }
      Array.prototype.forEach.call(body.rows, function (row) {
        var amount = lines[row.getAttribute("data-line")];
        [amount, amount && mul(amount, dec(String(data.monthDays)))].forEach(function (value, i) {
          var cell = row.cells[i + 1];
          cell.setAttribute("data-value", value ? plain(value) : "");
          cell.querySelector("bdi").textContent = value ? money(value) : "—";
        });
      });
      table.hidden = !paying || !keys.length;
    }

    function status(text, state, exceeded) {
      el("calc-status-text").textContent = text;
      el("calc-status").setAttribute("data-exceeded", exceeded);
      el("calc-result").setAttribute("data-state", state);
    }

    function update() {
      var tier = tiers[el("calc-tier").value];
      if (!tier) return;
      var paying = tier.pricing === "pay_per_use";
      var serviceSelect = el("calc-service");
      serviceSelect.disabled = !paying;
      el("calc-service-hint").textContent = paying || !model.s ? "" : data.words.noService;
      var service = paying ? serviceSelect.value : "standard";
      var regionSelect = el("calc-region");
      var region = regionSelect && regionSelect.value ? regionSelect.value : null;
      var durationSelect = el("calc-cache-duration"), imageSelect = el("calc-image");

      var asked = usageFields(model), u = {}, invalid = false;
      FIELDS.forEach(function (name) {
        var field = input(name);
        u[name] = ZERO;
        if (!field || asked.indexOf(name) < 0) { if (field) field.removeAttribute("aria-invalid"); return; }
        var text = canonical(field.value);
        var amount = text === "" ? ZERO : text === null ? null : dec(text);
        if (amount && PERCENT.indexOf(name) >= 0 && cmp(amount, HUNDRED) > 0) amount = null;
        if (amount) field.removeAttribute("aria-invalid");
        else field.setAttribute("aria-invalid", "true");
        invalid = invalid || !amount;
        u[name] = amount || ZERO;
      });
      if (!invalid && cmp(add(u.cached_share, u.cache_write_share), HUNDRED) > 0 &&
          asked.indexOf("cached_share") >= 0 && asked.indexOf("cache_write_share") >= 0) {
        invalid = true;
        input("cache_write_share").setAttribute("aria-invalid", "true");
      }
      var step = asked.indexOf("input_tokens") >= 0 ? stepOf(model, u.input_tokens) : null;
      var stepHint = el("calc-step");
      if (stepHint) stepHint.textContent = step ? data.words.step.replace("%(tokens)s", integers.format(BigInt(plain(step)))) : "";
      share(asked, service, region);
      if (invalid) {
        write(el("calc-daily"), null);
        write(el("calc-monthly"), null);
        writeApprox("daily", null);
        writeApprox("monthly", null);
        breakdown({}, paying);
        status(data.words.invalid, "invalid", "");
        return;
      }
      var lines = dailyLines(model, u, service, region,
        durationSelect ? durationSelect.value : "", imageSelect ? imageSelect.value : "");
      var daily = ZERO;
      Object.keys(lines).forEach(function (line) {
        if (!paying) lines[line] = ZERO;
        daily = add(daily, lines[line]);
      });
      var monthly = mul(daily, dec(String(data.monthDays)));
      write(el("calc-daily"), daily);
      write(el("calc-monthly"), monthly);
      writeApprox("daily", daily);
      writeApprox("monthly", monthly);
      breakdown(lines, paying);

      var limits = (model.l || {})[tier.id];
      if (!limits) return status("", "", "");
      var measured = measuredUsage(model, u), over = [];
      MEASURED.forEach(function (key) {
        if (key in limits && cmp(measured[key], dec(String(limits[key]))) > 0) over.push(key);
      });
      if (!over.length) return status(tier.within, "within", "");
      var texts = over.map(function (key) { // calculator._limit_text: "500,000 tokens per day"
        var forms = data.limits[key === "tpd" && model.kind === "tts" ? "tpdChars" : key];
        return counted(forms, Number(limits[key]));
      });
      status(tier.above.split("%(limits)s").join(list ? list.format(texts) : texts.join(", ")), "over", over.join(" "));
    }

    // ── A link to the estimate ──
    function share(asked, service, region) {
      var params = new URLSearchParams();
      params.set("model", model.id);
      params.set("tier", el("calc-tier").value);
      if (service !== "standard") params.set("service", service);
      if (region) params.set("region", region);
      asked.forEach(function (name) {
        var text = canonical(input(name).value);
        if (text) params.set(name, text);
      });
      [["cache_write_share", "cache_duration"], ["images", "image"]].forEach(function (pair) {
        var select = input(pair[1]);
        if (select && asked.indexOf(pair[0]) >= 0 && select.value) params.set(pair[1], select.value);
      });
      var href = location.pathname + "?" + params.toString() + "#calculator";
      el("calc-share").setAttribute("href", href);
      if (touched && history.replaceState) { // the address bar follows, once the typing pauses
        clearTimeout(addressTimer);
        addressTimer = setTimeout(function () {
          history.replaceState(history.state, "", location.pathname + "?" + params.toString() + location.hash);
        }, 400);
      }
    }

    function restore(params) {
      var next = models[params.get("model")];
      if (!next) return;
      var tier = params.get("tier");
      if (tier && tiers[tier]) el("calc-tier").value = tier;
      FIELDS.forEach(function (name) {
        var field = input(name), text = params.get(name);
        if (field && text !== null && fits(text)) {
          field.value = grouped(text);
        }
      });
      setModel(next);
      [["service", el("calc-service")], ["region", el("calc-region")],
        ["cache_duration", el("calc-cache-duration")], ["image", el("calc-image")]].forEach(function (pair) {
        var value = params.get(pair[0]);
        if (pair[1] && value !== null && Array.prototype.some.call(pair[1].options, function (o) { return o.value === value; })) {
          pair[1].value = value;
        }
      });
      update();
    }

    // ── Every model, fetched once ──
    function load() {
      if (!loading) {
        root.setAttribute("data-loading", "true");
        loading = fetch(root.getAttribute("data-src"), { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return response.json();
          })
          .then(function (file) {
            order = file.models;
            order.forEach(function (m) { models[m.id] = m; });
            if (models[model.id]) model = models[model.id];
            root.removeAttribute("data-loading");
            root.setAttribute("data-loaded", "true");
            if (combo.getAttribute("aria-expanded") === "true") {
              filter();
              if (pending && shown.length && combo.value !== model.name) choose(shown[0]);
            }
            pending = false;
          })
          .catch(function () {
            loading = null;
            root.removeAttribute("data-loading");
            found.textContent = moreLine.textContent = data.words.failed;
          });
      }
      return loading;
    }

    // ── The searchable model field (WAI-ARIA combobox with a listbox popup) ──
    var combo = el("calc-model"), listbox = el("calc-model-list"), found = el("calc-model-found");
    var popup = el("calc-model-popup"), moreLine = el("calc-model-more");
    var shown = [], active = -1, pending = false, searchable = {}; // searchable: normalised texts by id
    function normal(text) {
      return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }
    function matches(query) {
      var whole = normal(query).trim(), terms = whole.split(/\s+/).filter(Boolean);
      var exact = [], first = [], rest = [];
      (order || [model]).forEach(function (m) {
        var known = searchable[m.id] || (searchable[m.id] = {
          name: normal(m.name), id: normal(m.id), kind: normal(data.kinds[m.kind] || "")
        });
        var name = known.name, text = name + " " + known.id + " " + known.kind;
        if (!terms.every(function (t) { return text.indexOf(t) >= 0; })) return;
        if (whole && (name === whole || known.id === whole)) exact.push(m);
        else (terms.length && name.indexOf(terms[0]) === 0 ? first : rest).push(m);
      });
      return exact.concat(first, rest);
    }
    function open(show) {
      popup.hidden = !show;
      combo.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) { combo.removeAttribute("aria-activedescendant"); active = -1; found.textContent = ""; }
      moreLine.textContent = show ? found.textContent : "";
    }
    function filter() {
      if (!order) {
        listbox.textContent = "";
        shown = [];
        found.textContent = data.words.loading;
        open(true);
        return;
      }
      var query = combo.value === model.name ? "" : combo.value;
      var all = matches(query);
      shown = all.slice(0, data.listMax);
      listbox.textContent = "";
      shown.forEach(function (m, i) {
        var item = document.createElement("li");
        item.id = "calc-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", m.id === model.id ? "true" : "false");
        var name = document.createElement("bdi");
        name.textContent = m.name;
        var kind = document.createElement("span");
        kind.className = "tarifa-calc__kind";
        kind.textContent = (data.kinds[m.kind] || "") + (m.id !== m.name ? " \u00b7 " : "");
        if (m.id !== m.name) {
          var code = document.createElement("bdi");
          code.textContent = m.id;
          kind.appendChild(code);
        }
        item.appendChild(name);
        item.appendChild(kind);
        listbox.appendChild(item);
      });
      active = -1;
      combo.removeAttribute("aria-activedescendant");
      var more = all.length - shown.length;
      found.textContent = all.length ? plural("found", all.length) + (more > 0 ? " " + plural("more", more) : "")
        : data.words.noMatch;
      open(true);
    }
    function activate(index) {
      var items = listbox.querySelectorAll("[role=option]");
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.classList.toggle("tarifa-calc__active", i === active); });
      combo.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function choose(m) {
      touched = true;
      open(false);
      setModel(m);
    }
    combo.addEventListener("input", function (event) {
      event.stopPropagation();
      load();
      filter();
    });
    combo.addEventListener("keydown", function (event) {
      var expanded = combo.getAttribute("aria-expanded") === "true";
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        load();
        if (!expanded) filter();
        if (event.altKey) return;
        activate(active < 0 ? (event.key === "ArrowDown" ? 0 : -1) : active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        if (expanded) {
          event.preventDefault();
          if (active >= 0) choose(shown[active]);
          else if (!order) pending = true; // chosen when the models arrive
          else if (shown.length && combo.value !== model.name) choose(shown[0]); // the best match
        }
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault();
          open(false);
          combo.value = model.name;
        }
      }
    });
    combo.addEventListener("focus", function () { load(); combo.select(); });
    combo.addEventListener("click", function () { if (popup.hidden) filter(); });
    combo.addEventListener("blur", function () {
      setTimeout(function () {
        if (document.activeElement !== combo) { open(false); combo.value = model.name; }
      }, 150);
    });
    popup.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the focus
    listbox.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) choose(shown[Number(item.id.slice("calc-option-".length))]);
    });

    // ── Wiring ──
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function (event) {
      touched = true;
      if (event.target.matches("input[type=text]")) regroup(event.target);
      update();
    });
    form.addEventListener("change", function () { touched = true; update(); });
    ["focusin", "pointerdown"].forEach(function (type) { root.addEventListener(type, load); });
    el("calc-copy").addEventListener("click", function () {
      var link = new URL(el("calc-share").getAttribute("href"), location.href).href;
      var copied = el("calc-copied");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link).then(
          function () { copied.textContent = data.words.copied; },
          function () { copied.textContent = data.words.noCopy; });
      } else {
        copied.textContent = data.words.noCopy;
      }
    });
    root.hidden = false;
    FIELDS.forEach(function (name) { var f = input(name); if (f) regroup(f); });
    update();
    var params = new URLSearchParams(location.search);
    if (params.has("model")) {
      load().then(function () { restore(params); root.setAttribute("data-restored", "true"); });
    }
    root.setAttribute("data-ready", "true");
  }

  function start() {
    document.querySelectorAll("[data-tarifa-calculator]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
