/* Tarifa's cost calculator: enhances the hidden form that the pricing page carries.
 *
 * The rules are those of hooks/tarifa/calculator.py (a browser test compares both on many
 * inputs). Money is never a floating-point number here: prices arrive as decimal strings, and
 * every amount is an exact decimal {n, s} = n / 10^s with a BigInt n. Amounts are shown with
 * Intl.NumberFormat in the page's language, rounded half up to six decimals; the exact amount is
 * kept in the output's data-value attribute. No dependencies, no requests.
 */
(function () {
  "use strict";

  // ── Exact decimals ─────────────────────────────────────────────────────────────
  var NUMBER = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
  var MAX_EXPONENT = 30; // "1e999999" would make a giant BigInt: refuse it as input

  function dec(text) {
    var m = NUMBER.exec(String(text).trim());
    if (!m || (m[1] === "" && !m[2])) return null;
    var fraction = m[2] || "";
    var exponent = m[3] ? Number(m[3]) : 0;
    if (Math.abs(exponent) > MAX_EXPONENT) return null;
    var n = BigInt(((m[1] || "") + fraction) || "0");
    var s = fraction.length - exponent;
    if (s < 0) {
      n *= BigInt(10) ** BigInt(-s);
      s = 0;
    }
    return { n: n, s: s };
  }

  var ZERO = { n: BigInt(0), s: 0 };
  var HUNDRED = dec("100");

  function at(a, s) { return a.n * BigInt(10) ** BigInt(s - a.s); } // s >= a.s
  function add(a, b) { var s = Math.max(a.s, b.s); return { n: at(a, s) + at(b, s), s: s }; }
  function sub(a, b) { var s = Math.max(a.s, b.s); return { n: at(a, s) - at(b, s), s: s }; }
  function mul(a, b) { return { n: a.n * b.n, s: a.s + b.s }; }
  function shift(a, k) { return { n: a.n, s: a.s + k }; } // divide by 10^k, exactly
  function cmp(a, b) {
    var s = Math.max(a.s, b.s), x = at(a, s), y = at(b, s);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /* Plain decimal text without trailing zeros, as tarifa.calculator.plain() writes it. */
  function plain(a) {
    var digits = a.n.toString();
    if (a.s === 0) return digits;
    digits = digits.padStart(a.s + 1, "0");
    return (digits.slice(0, -a.s) + "." + digits.slice(-a.s)).replace(/\.?0+$/, "");
  }

  /* Round half up to `digits` decimals (amounts are never negative). */
  function round(a, digits) {
    if (a.s <= digits) return a;
    var f = BigInt(10) ** BigInt(a.s - digits);
    var q = a.n / f;
    if ((a.n % f) * BigInt(2) >= f) q += BigInt(1);
    return { n: q, s: digits };
  }

  // ── The form ───────────────────────────────────────────────────────────────────
  function enhance(root) {
    var data = JSON.parse(root.querySelector("script[type='application/json']").textContent);
    var form = root.querySelector("form");
    var lang = document.documentElement.lang || "en";
    var rtl = getComputedStyle(root).direction === "rtl";
    var currency = new Intl.NumberFormat(lang, {
      style: "currency",
      currency: data.currency,
      maximumFractionDigits: data.decimals
    });
    var list = typeof Intl.ListFormat === "function" ? new Intl.ListFormat(lang, { type: "conjunction" }) : null;
    var models = {}, tiers = {};
    data.models.forEach(function (m) { models[m.id] = m; });
    data.tiers.forEach(function (t) { tiers[t.id] = t; });
    var discount = dec(data.batchDiscount), monthDays = dec(String(data.monthDays));
    function el(id) { return form.querySelector("#" + id); }

    /* The page's way of writing an amount; a Latin symbol such as US$ is isolated in RTL text,
       as the tables do (tarifa.formatting.Formatter.price). */
    function money(amount) {
      return currency.formatToParts(plain(round(amount, data.decimals))).map(function (part) {
        return rtl && part.type === "currency" && /[A-Za-z]/.test(part.value)
          ? "\u2066" + part.value + "\u2069" : part.value;
      }).join("");
    }

    function write(output, amount) {
      output.setAttribute("data-value", amount ? plain(amount) : "");
      output.querySelector("bdi").textContent = amount ? money(amount) : "—";
    }

    function update() {
      var model = models[el("calc-model").value];
      var tier = tiers[el("calc-tier").value];
      if (!model || !tier) return;
      var prices = {};
      Object.keys(model.prices).forEach(function (k) { prices[k] = dec(model.prices[k]); });
      var cachedPrice = "cached_input" in prices;

      form.querySelectorAll("[data-unit]").forEach(function (field) {
        field.hidden = field.getAttribute("data-unit").split(" ").indexOf(model.unit) < 0 ||
          (field.hasAttribute("data-cached") && !cachedPrice);
      });
      var batch = el("calc-batch");
      var batchAllowed = model.batch && tier.pricing === "pay_per_use";
      batch.disabled = !batchAllowed;
      el("calc-batch-hint").textContent = batchAllowed ? "" :
        (model.batch ? data.messages.noBatchTier : data.messages.noBatchModel);
      el("calc-note").textContent = model.note;

      var invalid = false;
      function value(name, max) {
        var input = el("calc-" + name);
        var amount = input.value === "" && !input.validity.badInput ? ZERO : dec(input.value);
        if (amount && max && cmp(amount, max) > 0) amount = null;
        if (amount) input.removeAttribute("aria-invalid");
        else input.setAttribute("aria-invalid", "true");
        invalid = invalid || !amount;
        return amount || ZERO;
      }

      var daily, measured = null;
      if (model.unit === "chat") {
        var input = value("input-tokens"), output = value("output-tokens");
        var cached = cachedPrice ? shift(mul(input, value("cached-share", HUNDRED)), 2) : ZERO;
        daily = mul(sub(input, cached), prices.input);
        if (cachedPrice) daily = add(daily, mul(cached, prices.cached_input));
        daily = shift(add(daily, mul(output, prices.output)), 6);
        measured = add(input, output);
      } else if (model.unit === "tts") {
        var characters = value("characters");
        daily = shift(mul(characters, prices.characters), 6);
        measured = characters;
      } else if (model.unit === "asr") {
        var hours = value("audio-hours");
        daily = mul(hours, prices.hour);
        measured = mul(hours, dec("3600"));
      } else if (model.unit === "tool-requests") {
        var requests = value("requests");
        daily = shift(mul(requests, prices.requests), 3);
        measured = requests;
      } else {
        daily = mul(value("tool-hours"), prices.hour);
      }
      if (batchAllowed && batch.checked) daily = shift(mul(daily, sub(HUNDRED, discount)), 2);
      if (tier.pricing !== "pay_per_use") daily = ZERO;

      var status = el("calc-status");
      if (invalid) {
        write(el("calc-daily"), null);
        write(el("calc-monthly"), null);
        status.textContent = data.messages.invalid;
        status.setAttribute("data-exceeded", "");
        return;
      }
      write(el("calc-daily"), daily);
      write(el("calc-monthly"), mul(daily, monthDays));
      var limit = model.limits[tier.id];
      var text = "", exceeded = "";
      if (limit && measured) {
        if (cmp(measured, dec(String(limit.max))) > 0) {
          exceeded = limit.key;
          text = tier.above.split("%(limits)s").join(list ? list.format([limit.text]) : limit.text);
        } else {
          text = tier.within;
        }
      }
      status.textContent = text;
      status.setAttribute("data-exceeded", exceeded);
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    root.hidden = false;
    update();
    root.setAttribute("data-ready", "true");
  }

  function start() {
    document.querySelectorAll("[data-tarifa-calculator]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
