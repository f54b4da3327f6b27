// The search page: runs Pagefind's bundles (built with the site, served from
// the same host, merged into one search by pagefind-shards.js) and lists the
// results. The query lives in the URL (?q=).

import { openIndex } from "./pagefind-shards.js";

const form = document.querySelector("form.search-form");
const input = form.elements.q;
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
let pagefind = null;

async function loadPagefind() {
  if (!pagefind) {
    // Result URLs start at the site's root, wherever it is served from.
    pagefind = await openIndex(form.dataset.index,
                               new URL(form.dataset.base, window.location.href).pathname);
  }
  return pagefind;
}

function resultItem(data) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const excerpt = document.createElement("p");
  // Pagefind's excerpt marks matches with <mark> and escapes the page text;
  // rebuild it from text nodes so nothing else can become markup.
  const template = document.createElement("template");
  template.innerHTML = data.excerpt;
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      excerpt.append(mark);
    } else {
      excerpt.append(document.createTextNode(node.textContent));
    }
  }
  li.append(heading, excerpt);
  return li;
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    statusLine.textContent = "";
    return;
  }
  statusLine.textContent = "Searching…";
  try {
    const engine = await loadPagefind();
    const found = await engine.search(query);
    const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    list.replaceChildren(...results.map(resultItem));
    const n = found.results.length;
    statusLine.textContent = n === 0
      ? `No results for “${query}”.`
      : `${n} result${n === 1 ? "" : "s"} for “${query}”${n > 20 ? ", the first 20 shown" : ""}.`;
  } catch {
    statusLine.textContent = "Search is not available: its index was not found.";
  }
}

function fromUrl() {
  const query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  run(query);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  const url = query ? `?q=${encodeURIComponent(query)}` : window.location.pathname;
  history.pushState({ q: query }, "", url);
  run(query);
});
window.addEventListener("popstate", fromUrl);
fromUrl();
