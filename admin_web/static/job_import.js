// Import jobs from CSV: the upload's progress, then "Checking N rows…"; "Importing N jobs…".
// Without this script the two forms are sent as they are and the server's pages say the same.
"use strict";

(() => {
  const upload = document.querySelector("form[data-upload]");
  const importForm = document.querySelector("form[data-import]");
  const plural = (count, one, many) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

  // Rows of a CSV text: line breaks outside quotes, less the header and empty lines.
  function countRows(text) {
    let rows = 0;
    let quoted = false;
    let filled = false;
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (c === '"') quoted = !quoted;
      if (!quoted && (c === "\n" || c === "\r")) {
        if (filled) rows += 1;
        filled = false;
      } else if (c.trim()) {
        filled = true;
      }
    }
    if (filled) rows += 1;
    return Math.max(rows - 1, 0);
  }

  function release(form) {
    delete form.dataset.sent;
    for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = false;
  }

  // The server's answer replaces the page, as if the form had been sent without this script.
  function showPage(html, url) {
    const next = new DOMParser().parseFromString(html, "text/html");
    document.title = next.title;
    document.body.replaceWith(document.adoptNode(next.body));
    if (url && url !== window.location.href) window.history.replaceState(null, "", url);
    for (const old of document.body.querySelectorAll("script[src]")) {
      const script = document.createElement("script");
      script.src = old.src;
      old.replaceWith(script);
    }
    const focus = document.querySelector("[data-focus]");
    if (focus) focus.focus();
    else window.scrollTo(0, 0);
  }

  if (upload && window.FormData && window.DOMParser) {
    const file = upload.querySelector('input[type="file"]');
    const progress = upload.querySelector("[data-progress]");
    const bar = progress.querySelector("progress");
    const status = progress.querySelector("[data-status]");
    const say = (text) => {
      progress.hidden = false;
      status.textContent = text;
    };

    upload.addEventListener("submit", async (event) => {
      const chosen = file.files[0];
      if (!chosen) return; // the server says what is missing
      event.preventDefault();
      const limit = Number(upload.dataset.maxBytes);
      if (limit && chosen.size > limit) {
        bar.hidden = true;
        say(`${chosen.name} is larger than ${Math.floor(limit / 1048576)} MB: split it into smaller files and upload them one by one.`);
        setTimeout(() => release(upload)); // after fleetcrew.js has marked the form as sent
        return;
      }
      const rows = countRows(await chosen.text());
      const request = new XMLHttpRequest();
      request.open("POST", upload.action);
      bar.hidden = false;
      bar.value = 0;
      say(`Uploading ${chosen.name}…`);
      request.upload.addEventListener("progress", (sent) => {
        if (!sent.lengthComputable) return;
        bar.value = Math.round((sent.loaded / sent.total) * 100);
        say(`Uploading ${chosen.name}… ${bar.value}%`);
      });
      request.upload.addEventListener("load", () => {
        bar.removeAttribute("value"); // no share to show while the server checks
        say(`Checking ${plural(rows, "row", "rows")}…`);
      });
      request.addEventListener("load", () => showPage(request.responseText, request.responseURL));
      request.addEventListener("error", () => {
        bar.hidden = true;
        say("The file did not get through: check the connection and try again.");
        release(upload);
      });
      request.send(new FormData(upload));
    });
  }

  if (importForm) {
    importForm.addEventListener("submit", () => {
      const status = importForm.querySelector("[data-status]");
      const rows = Number(importForm.dataset.rows);
      status.replaceChildren(document.createElement("progress"), ` Importing ${plural(rows, "job", "jobs")}…`);
    });
  }
})();
