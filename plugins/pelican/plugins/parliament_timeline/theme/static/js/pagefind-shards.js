// Opens the site's search index: Pagefind bundles in shards (one per year of
// events, one for the other pages; site/searchshards.py), listed in
// pagefind/shards.json. The first is loaded, the others merged into it with
// Pagefind's own mergeIndex, so that one search runs over them all.

// manifestUrl: the address of shards.json; baseUrl: the site's root path,
// where result URLs start. importSuffix (e.g. "?main-thread") loads a
// separate copy of Pagefind, with options of its own; noWorker keeps its
// WebAssembly on the page.
export async function openIndex(manifestUrl, baseUrl, { importSuffix = "", noWorker = false } = {}) {
  const manifest = new URL(manifestUrl, window.location.href);
  const response = await fetch(manifest);
  if (!response.ok) {
    throw new Error(`no search index at ${manifest}`);
  }
  const { shards } = await response.json();
  if (!shards.length) {
    throw new Error("the search index has no shards");
  }
  // Absolute addresses: Pagefind resolves them in its worker too.
  const bundle = (name) => new URL(`${name}/`, manifest).href;
  const pagefind = await import(`${bundle(shards[0])}pagefind.js${importSuffix}`);
  await pagefind.options(noWorker ? { baseUrl, noWorker } : { baseUrl });
  await pagefind.init();
  for (const name of shards.slice(1)) {
    await pagefind.mergeIndex(bundle(name), { baseUrl });
  }
  return pagefind;
}
