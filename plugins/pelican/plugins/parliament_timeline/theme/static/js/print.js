// Print the verification notes open. A <details> element cannot be opened
// by CSS alone in every browser, so the notes a reader left closed are
// opened for printing and closed again after. Without this file the notes
// still open with a click or a key.

const opened = [];

window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details.verification-details:not([open])")) {
    details.open = true;
    opened.push(details);
  }
});

window.addEventListener("afterprint", () => {
  while (opened.length) opened.pop().open = false;
});
