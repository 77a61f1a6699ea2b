// The two scripts of the site, both same-origin and optional (every page works without them):
// - the search box in the header, answered by Pagefind's index (pagefind/, built after the
//   pages by generator/hooks.py), loaded only when a reader starts to search;
// - the case index's filter box (home page), which reads explainers/index.json.
// Text from the index is put into the page with textContent only, never as HTML.
(() => {
  "use strict";

  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
  const root = new URL(`${config.base || "."}/`, location.href);

  // --- search -------------------------------------------------------------------------

  const box = document.querySelector("[data-ce-search]");
  if (box) {
    const toggle = document.getElementById("__search");
    const form = box.querySelector("form");
    const input = box.querySelector("input.md-search__input");
    const meta = box.querySelector(".md-search-result__meta");
    const list = box.querySelector(".md-search-result__list");
    let pagefind = null;

    const load = async () => {
      if (!pagefind) {
        pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
          await module.options({ baseUrl: root.pathname });
          await module.init();
          return module;
        });
      }
      return pagefind;
    };
    const open = () => {
      if (toggle) toggle.checked = true;
      load();
    };

    input.addEventListener("focus", open);
    input.addEventListener("input", async () => {
      open();
      const query = input.value.trim();
      const module = await load();
      const search = await module.debouncedSearch(query, {}, 150);
      if (search === null) return; // a later keystroke superseded this one
      const found = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
      if (input.value.trim() !== query) return;
      render(query, search.results.length, found);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const first = list.querySelector("a");
      if (first) location.href = first.href;
    });
    form.addEventListener("reset", () => {
      list.replaceChildren();
      meta.textContent = "Type to start searching";
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle && toggle.checked) {
        toggle.checked = false;
        input.blur();
      }
    });
    list.addEventListener("click", (event) => {
      if (event.target.closest("a") && toggle) toggle.checked = false;
    });

    const render = (query, total, found) => {
      list.replaceChildren();
      if (!query) {
        meta.textContent = "Type to start searching";
        return;
      }
      meta.textContent =
        total === 0 ? "No matching pages" : `${total} matching page${total === 1 ? "" : "s"}`;
      for (const page of found) {
        list.append(item(page.url, page.meta.title || page.url, page.excerpt, "h1"));
        const parts = page.sub_results.filter((sub) => sub.url !== page.url).slice(0, 3);
        for (const sub of parts) list.append(item(sub.url, sub.title, sub.excerpt, "h2"));
      }
    };
    const item = (url, title, excerpt, level) => {
      const li = document.createElement("li");
      li.className = "md-search-result__item";
      const link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = url;
      const article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      const heading = document.createElement(level);
      heading.textContent = title;
      const teaser = document.createElement("p");
      teaser.className = "md-search-result__teaser";
      teaser.append(highlighted(excerpt));
      article.append(heading, teaser);
      link.append(article);
      li.append(link);
      return li;
    };
    // Pagefind keeps each page's text as text and puts <mark> around the words found: show
    // the text as text (never parsed as HTML), with those marks.
    const highlighted = (excerpt) => {
      const out = document.createDocumentFragment();
      excerpt.split(/<mark>(.*?)<\/mark>/s).forEach((part, n) => {
        if (n % 2 === 0) {
          out.append(part);
        } else {
          const mark = document.createElement("mark");
          mark.textContent = part;
          out.append(mark);
        }
      });
      return out;
    };
  }

  // --- the case index's filter box ----------------------------------------------------

  const filter = document.querySelector("[data-ce-filter]");
  const table = document.querySelector(".ce-index table");
  if (filter && table) {
    const body = table.tBodies[0];
    const paged = body.cloneNode(true);
    const pager = document.querySelector(".ce-pager");
    fetch(new URL("explainers/index.json", root))
      .then((response) => response.json())
      .then((data) => start(data.explainers));

    const start = (rows) => {
      const options = (name, values) => {
        const select = filter.elements[name];
        for (const value of values) select.append(new Option(String(value), String(value)));
      };
      const unique = (values) => [...new Set(values.filter((v) => v !== null && v !== ""))];
      options("court", unique(rows.flatMap((r) => r.courts)).sort());
      options("status", unique(rows.map((r) => r.status)).sort());
      options("year", unique(rows.map((r) => r.year)).sort((a, b) => b - a));
      options("kind", unique(rows.map((r) => r.kind)).sort());
      filter.hidden = false;
      filter.addEventListener("submit", (event) => event.preventDefault());
      filter.addEventListener("input", () => apply(rows));
    };

    const apply = (rows) => {
      const f = filter.elements;
      const text = f.text.value.trim().toLowerCase();
      const sort = f.sort.value;
      const chosen = rows.filter(
        (r) =>
          (!f.court.value || r.courts.includes(f.court.value)) &&
          (!f.status.value || r.status === f.status.value) &&
          (!f.year.value || String(r.year) === f.year.value) &&
          (!f.kind.value || r.kind === f.kind.value) &&
          (!text || `${r.title} ${r.summary}`.toLowerCase().includes(text)),
      );
      if (sort === "latest") chosen.sort((a, b) => b.latest_sort.localeCompare(a.latest_sort));
      if (sort === "awarded") chosen.sort((a, b) => b.awarded_usd - a.awarded_usd);
      const all = chosen.length === rows.length && sort === "title";
      if (pager) pager.hidden = !all;
      f.count.value = all ? "" : `${chosen.length} of ${rows.length} explainers`;
      body.replaceChildren(...(all ? paged.cloneNode(true).children : chosen.map(row)));
    };

    const row = (r) => {
      const tr = document.createElement("tr");
      const cell = (...content) => {
        const td = document.createElement("td");
        td.append(...content);
        tr.append(td);
      };
      const link = document.createElement("a");
      link.href = new URL(r.url, root).href;
      link.textContent = r.title;
      cell(link, document.createElement("br"), r.summary);
      cell(r.courts.join("; "));
      cell(r.kind);
      const badge = document.createElement("span");
      badge.className = "ce-badge ce-badge--stage";
      badge.textContent = r.status;
      cell(badge);
      cell(r.latest || "none yet");
      cell(r.outcome);
      return tr;
    };
  }
})();
