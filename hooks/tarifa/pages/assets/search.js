/* Tarifa search: Pagefind behind Material's header search box.
 *
 * Loaded by the small script in partials/search.html on the visitor's first intent to search
 * (focus, a tap on the magnifier, "/", "s" or "f"), which also opens the box. This file loads
 * Pagefind's loader, its WebAssembly and the metadata of THIS page's language; each query then
 * fetches only the index chunks and result fragments it needs. Pagefind picks the index from
 * <html lang>, so results are in the page's language; pages whose text fell back to the
 * default language carry the meta "fallback" and are marked. No dependencies, no third party.
 */
(() => {
  "use strict";
  const root = document.querySelector("[data-tarifa-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle || root.tarifaSearch) return;
  root.tarifaSearch = true;
  const input = root.querySelector(".md-search__input");
  const form = root.querySelector(".md-search__form");
  const status = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const scrollwrap = root.querySelector(".md-search__scrollwrap");
  const text = root.dataset;
  const PAGE = 10; // results whose fragment is loaded at once
  const SUBS = 3; // matching sections shown under a result

  // ── Pagefind, loaded once ────────────────────────────────────────────────────────────
  // The build writes here the names of what a first search needs (tarifa.build.search_index:
  // first_files): fetched all at once, not one after the other as Pagefind would ask for them.
  const FILES = "tarifa:pagefind-files";
  function fetchAhead(bundle) {
    if (typeof FILES !== "object") return {};
    const lang = document.documentElement.lang;
    const own = FILES.languages[lang] || FILES.languages[lang.split("-")[0]];
    const urls = [bundle + "pagefind-entry.json?ts=" + FILES.tag];
    if (!("noWorker" in text)) urls.push(bundle + "pagefind-worker.js");
    if (own) {
      urls.push(bundle + "pagefind." + own.meta + ".pf_meta");
      for (const chunk of own.chunks) urls.push(bundle + "index/" + chunk + ".pf_index");
    }
    // Into the HTTP cache, where Pagefind's worker finds them (on hosts that send a cache
    // header, as GitHub Pages does; elsewhere the worker asks again, as it would have anyway).
    for (const url of urls) fetch(url).then((response) => response.arrayBuffer()).catch(() => {});
    return { metaCacheTag: FILES.tag };
  }

  let loading = null;
  function load() {
    if (!loading) {
      const bundle = new URL(text.bundle, location.href).href;
      const baseUrl = new URL(text.site, location.href).pathname;
      const ahead = fetchAhead(bundle);
      loading = import(bundle + "pagefind.js").then(async (pagefind) => {
        await pagefind.options({ baseUrl, excerptLength: 18, noWorker: "noWorker" in text, ...ahead });
        await pagefind.init();
        return pagefind;
      });
      loading.catch((error) => {
        loading = null; // try again on the next keystroke
        console.warn("Tarifa search: Pagefind could not be loaded", error);
      });
    }
    return loading;
  }

  // ── Closing (opening is the small script's; Material's CSS follows #__search) ─────────
  function close() {
    toggle.checked = false;
    if (root.contains(document.activeElement)) {
      const opener = root.tarifaOpener;
      if (opener && opener.isConnected && opener.offsetParent !== null) opener.focus();
      else document.activeElement.blur();
    }
    root.tarifaOpener = null;
  }
  toggle.addEventListener("change", () => {
    if (!toggle.checked) close(); // the overlay or the back arrow (labels of #__search)
  });
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => {
      run("");
      input.focus();
    });
  });

  // ── Keyboard inside the box: arrows move, Enter opens the first result, Escape closes ──
  root.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const links = Array.from(list.querySelectorAll("a[href]"));
    const at = links.indexOf(event.target);
    switch (event.key) {
      case "Escape":
        event.preventDefault();
        close();
        break;
      case "Enter":
        if (event.target === input) {
          event.preventDefault();
          if (links.length) links[0].click();
        }
        break;
      case "ArrowDown":
      case "ArrowUp": {
        if (event.target !== input && at < 0) return;
        event.preventDefault();
        const next = event.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0) input.focus();
        else if (next < links.length) links[next].focus();
        else more();
        break;
      }
    }
  });

  // ── Searching ─────────────────────────────────────────────────────────────────────────
  let generation = 0;
  let current = null; // { results, shown, generation }
  input.addEventListener("input", () => run(input.value));

  async function run(query) {
    const mine = ++generation;
    query = query.trim();
    if (!query) {
      current = null;
      list.replaceChildren();
      status.textContent = text.textPlaceholder;
      return;
    }
    let search;
    try {
      const pagefind = await load();
      if (mine !== generation) return;
      search = await pagefind.search(query);
    } catch (error) {
      console.warn("Tarifa search failed", error);
      return;
    }
    if (mine !== generation || !search) return;
    const count = search.results.length;
    status.textContent = count === 0 ? text.textNone
      : count === 1 ? text.textOne
      : text.textOther.replace("#", count.toLocaleString(document.documentElement.lang));
    list.replaceChildren();
    scrollwrap.scrollTop = 0;
    current = { results: search.results, shown: 0, generation: mine };
    await more();
  }

  let observer = null;
  async function more() {
    const batch = current;
    if (!batch || batch.shown >= batch.results.length) return;
    const slice = batch.results.slice(batch.shown, batch.shown + PAGE);
    batch.shown += slice.length;
    // One <li> per result at once, in rank order; each fills in when its fragment arrives. The
    // first result's fragment is asked for alone: on a slow phone the others would delay it.
    const items = slice.map(() => list.appendChild(document.createElement("li")));
    const show = async (result, i) => {
      const data = await result.data();
      if (batch.generation === generation) fill(items[i], data);
    };
    await show(slice[0], 0);
    await Promise.all(slice.slice(1).map((result, i) => show(result, i + 1)));
    if (batch.generation !== generation || batch.shown >= batch.results.length) return;
    // The next results load when the last one scrolls into view.
    observer ??= new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        more();
      }
    }, { root: scrollwrap });
    observer.disconnect();
    observer.observe(items[items.length - 1]);
  }

  function fill(item, data) {
    item.className = "md-search-result__item";
    const fallback = data.meta && data.meta.fallback;
    const title = (data.meta && data.meta.title) || data.url;
    // Sections of the page that match, best first; not the page's own title (an <h1> with an
    // id is a section too), and the page's excerpt only if no section shows the same text.
    const subs = (data.sub_results || [])
      .filter((sub) => sub.url.includes("#") && sub.url !== data.url && sub.title !== title)
      .sort((a, b) => score(b) - score(a))
      .slice(0, SUBS);
    const excerpt = subs.some((sub) => sub.excerpt === data.excerpt) ? "" : data.excerpt;
    item.append(link(data.url, title, excerpt, "tarifa-search__title", fallback));
    for (const sub of subs) {
      item.append(link(sub.url, sub.title, sub.excerpt, "tarifa-search__heading", fallback));
    }
  }

  function score(sub) {
    return (sub.weighted_locations || []).reduce((sum, location) => sum + location.balanced_score, 0);
  }

  function link(href, title, excerpt, titleClass, fallback) {
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = href;
    if (fallback) a.hreflang = fallback;
    const article = document.createElement("div");
    article.className = "md-search-result__article md-typeset";
    if (titleClass === "tarifa-search__title") {
      const icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.append(icon);
    }
    const heading = document.createElement("div");
    heading.className = titleClass;
    const name = document.createElement("span");
    name.textContent = title; // meta is raw text: never innerHTML
    heading.append(name);
    if (fallback) {
      // Text in the default language inside an Arabic page: its own language and direction
      // (else "When is the invoice sent?" shows as "?When is the invoice sent").
      name.lang = fallback;
      name.dir = "auto";
      const badge = document.createElement("span");
      badge.className = "tarifa-search__lang";
      badge.lang = fallback;
      badge.textContent = text.fallbackName;
      heading.append(" ", badge);
    }
    article.append(heading);
    if (excerpt) {
      const teaser = document.createElement("p");
      teaser.className = "md-search-result__teaser";
      if (fallback) {
        teaser.lang = fallback;
        teaser.dir = "auto";
      }
      teaser.innerHTML = excerpt; // Pagefind escapes the text and adds only <mark>
      article.append(teaser);
    }
    a.append(article);
    return a;
  }

  // Loaded on intent: start loading Pagefind now, and search what may already be typed.
  load();
  if (input.value.trim()) run(input.value);
})();
