// Progressive enhancement for the timeline and entry pages: filters whose
// state lives in the URL, copyable permalinks and citations. Without this
// file every event is shown and every link works.

// The filters' keys, in the form's order: each field names its key in
// data-filter, as each event names its values in data-<key> (the build
// declares both from one list: site/filters.py).
function filterKeys(form) {
  return Array.from(form.querySelectorAll("select[data-filter]"), (s) => s.dataset.filter);
}

function readQuery(form) {
  const params = new URLSearchParams(window.location.search);
  for (const key of filterKeys(form)) {
    const select = form.elements[key];
    const value = params.get(key) || "";
    // Ignore values the list does not offer (an old or mistyped link).
    const known = Array.from(select.options).some((o) => o.value === value);
    select.value = known ? value : "";
  }
}

function applyFilters(form) {
  const wanted = {};
  for (const key of filterKeys(form)) {
    if (form.elements[key].value) wanted[key] = form.elements[key].value;
  }
  const events = document.querySelectorAll(".timeline-years li.event");
  let shown = 0;
  for (const li of events) {
    // An event has one value of most keys, but may bear on several
    // questions and name several people: each is a space-separated list.
    const match = Object.entries(wanted).every(
      ([key, value]) => (li.dataset[key] || "").split(" ").includes(value),
    );
    li.hidden = !match;
    if (match) shown += 1;
  }
  // Hide months and years left without a visible event.
  for (const section of document.querySelectorAll(".timeline-years section")) {
    section.hidden = !section.querySelector("li.event:not([hidden])");
  }
  document.getElementById("no-results").hidden = shown > 0;
  const total = events.length;
  const count = document.getElementById("filter-count");
  count.textContent = shown === total
    ? `Showing all ${total} events.`
    : `Showing ${shown} of ${total} events.`;
  return wanted;
}

function queryString(wanted) {
  const params = new URLSearchParams();
  // In the form's order (applyFilters collects them so).
  for (const [key, value] of Object.entries(wanted)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : window.location.pathname;
}

function setUpFilters() {
  const form = document.getElementById("filters");
  if (!form) return;
  readQuery(form);
  applyFilters(form);
  form.hidden = false;
  form.addEventListener("change", () => {
    const wanted = applyFilters(form);
    history.pushState(wanted, "", queryString(wanted));
  });
  form.addEventListener("reset", () => {
    // The reset happens after this event: apply once the fields are cleared.
    setTimeout(() => {
      const wanted = applyFilters(form);
      history.pushState(wanted, "", queryString(wanted));
    });
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("popstate", () => {
    readQuery(form);
    applyFilters(form);
  });
}

async function copyText(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    status.textContent = "Could not copy: select the text and copy it.";
  }
}

function setUpPermalinks() {
  for (const link of document.querySelectorAll("li.event a.permalink")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    // The accessible name starts with the visible words (WCAG 2.5.3, label
    // in name), so speech users can say what they see; the hidden rest says
    // which event.
    const title = link.closest("li.event").querySelector(".event-title").textContent.trim();
    const which = document.createElement("span");
    which.className = "visually-hidden";
    which.textContent = ` to this event: ${title}`;
    button.append("Copy link", which);
    const status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", () => copyText(link.href, status));
    link.after(" ", button, " ", status);
  }
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];

// Citations (templates/_cite.html): each copy row copies the element it
// names: an OSCOLA reference, a BibTeX entry or a CSL-JSON item. OSCOLA
// ends a website's reference with the day the reader accessed it, which
// only the reader's browser knows: it is added here, never by the build.
function setUpCitations() {
  const today = new Date();
  const accessed = ` accessed ${today.getDate()} ${MONTHS[today.getMonth()]} ${today.getFullYear()}`;
  for (const span of document.querySelectorAll(".citation .cite-accessed")) {
    span.textContent = accessed;
  }
  for (const row of document.querySelectorAll(".copy-row[data-copy-target]")) {
    const target = document.getElementById(row.dataset.copyTarget);
    if (!target) continue;
    // Show the permalink as a full address, whatever the host serving it.
    const url = target.querySelector("a.cite-url");
    if (url) url.textContent = url.href;
    const status = row.querySelector(".copy-status");
    const text = () => (target.tagName === "PRE"
      ? target.textContent
      : target.textContent.replace(/\s+/g, " ").trim());
    row.querySelector("button").addEventListener("click", () => copyText(text(), status));
    row.hidden = false;
  }
}

// The bill amendments page: show the amendments of one decision. Without
// this, every group is shown, with links to each from the list above it.
function setUpDecisionFilter() {
  const form = document.getElementById("decision-filter");
  if (!form) return;
  const select = form.elements.decision;
  const groups = document.querySelectorAll("section.decision-group");
  const count = document.getElementById("decision-count");
  const apply = () => {
    let shown = 0;
    for (const group of groups) {
      group.hidden = Boolean(select.value) && group.dataset.decision !== select.value;
      if (!group.hidden) shown += group.querySelectorAll("article.amendment").length;
    }
    count.textContent = `Showing ${shown} amendment${shown === 1 ? "" : "s"}.`;
  };
  const wanted = new URLSearchParams(window.location.search).get("decision") || "";
  select.value = Array.from(select.options).some((o) => o.value === wanted) ? wanted : "";
  apply();
  form.hidden = false;
  form.addEventListener("change", () => {
    apply();
    const params = new URLSearchParams();
    if (select.value) params.set("decision", select.value);
    history.replaceState(null, "", params.toString() ? `?${params}` : window.location.pathname);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}

setUpFilters();
setUpDecisionFilter();
setUpPermalinks();
setUpCitations();
