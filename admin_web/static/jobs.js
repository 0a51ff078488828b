// The job and template forms and the job page, a little quicker with this script; all of it
// works without: the server checks every choice, Look up and Add an item send the form, and the
// job page shows the latest on a reload.
"use strict";

(() => {
  // -- The job form ---------------------------------------------------------------------------

  const form = document.querySelector("[data-job-form]");

  // Maintenance fields only for a maintenance job; hidden ones are not sent. On the first
  // look a section the server found a problem in stays, so its message can be read.
  function showFieldsOfType(first) {
    const type = form.querySelector("[data-job-type]");
    if (!type) return;
    for (const section of form.querySelectorAll("[data-for-job-type]")) {
      const shown =
        section.dataset.forJobType === type.value ||
        (first && !!section.querySelector(".has-problem"));
      section.hidden = !shown;
      for (const fields of section.querySelectorAll("[data-type-fields]")) fields.disabled = !shown;
    }
  }

  function label(select, value) {
    const option = [...select.options].find((o) => o.value === value);
    return option ? option.textContent : value;
  }

  // Offer only what the chosen vehicle model takes (a preset needs a model); when the model
  // changes, a choice it does not take is cleared. What the server sent back stays as typed.
  function narrowToModel(clear) {
    const model = form.querySelector("[data-vehicle-model]");
    if (!model) return;
    const chosen = model.selectedOptions[0];
    const offers = chosen && chosen.dataset.offers ? JSON.parse(chosen.dataset.offers) : null;
    const takes = [];
    for (const select of form.querySelectorAll("select[data-model-bound]")) {
      const name = select.dataset.modelBound;
      const allowed = offers ? offers[name] : null;
      for (const option of select.options) {
        if (!option.value) continue;
        option.disabled = allowed ? !allowed.includes(option.value) : name === "configuration_preset";
      }
      const current = select.selectedOptions[0];
      if (clear && current && current.disabled) select.value = "";
      if (allowed) {
        const words = allowed.map((value) => label(select, value)).join(", ") || "none";
        takes.push(`${select.labels[0].textContent}: ${words}`);
      }
    }
    const hint = form.querySelector("[data-model-takes]");
    if (!hint) return;
    if (!hint.dataset.general) hint.dataset.general = hint.textContent;
    hint.textContent = offers
      ? `The ${chosen.dataset.name} takes — ${takes.join(" · ")}.`
      : hint.dataset.general;
  }

  // The last known state of the box whose QNR is typed, under the QNR field.
  let lookedUp = "";
  async function lookUpBox(qnrField) {
    const place = form.querySelector("#box-state");
    const qnr = qnrField.value.trim();
    lookedUp = qnr.toUpperCase();
    const url = `${qnrField.dataset.boxStateUrl}?${new URLSearchParams({ qnr })}`;
    place.textContent = "Looking up the box …";
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      const text = await response.text();
      const fragment = new DOMParser().parseFromString(text, "text/html");
      const state = fragment.querySelector("[data-box-state]");
      place.replaceChildren(...(state ? [state] : []));
      if (!state) place.textContent = "The box's state could not be shown. Try Look up again.";
    } catch {
      place.textContent = "FleetCrew could not be reached. Try Look up again.";
    }
  }

  const HEX_QNR = /^[0-9A-F]{16}$/;
  let qnrTimer;
  function lookUpWhenComplete(qnrField) {
    clearTimeout(qnrTimer);
    const type = form.querySelector("[data-job-type]");
    const qnr = qnrField.value.replace(/[\s-]/g, "").toUpperCase();
    if (!type || type.value !== "MAINTENANCE" || !HEX_QNR.test(qnr) || qnr === lookedUp) return;
    qnrTimer = setTimeout(() => lookUpBox(qnrField), 400);
  }

  // Options belong to a choice item only.
  function showOptionsOfKind(row) {
    const kind = row.querySelector("[data-item-kind]");
    const options = row.querySelector("[data-item-options]");
    if (kind && options) options.hidden = kind.value !== "CHOICE";
  }

  function numberRows() {
    const rows = form.querySelectorAll("[data-item-row]");
    rows.forEach((row, index) => {
      const number = row.querySelector("[data-item-number]");
      if (number) number.textContent = String(index + 1);
    });
  }

  function addRemoveButton(row) {
    if (row.querySelector("[data-remove-item]")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button ghost small remove-item";
    button.dataset.removeItem = "";
    button.textContent = "Remove";
    row.querySelector("fieldset").appendChild(button);
  }

  // Row fields are named by a number the server only orders by: a new row takes the next one.
  function addItemRow() {
    const list = form.querySelector("[data-item-rows]");
    const blank = form.querySelector("[data-item-template]");
    const used = [...list.querySelectorAll("input[name$='-label']")].map(
      (input) => Number(input.name.split("-")[1]) || 0,
    );
    const next = String(Math.max(0, ...used) + 1);
    const html = blank.innerHTML.replaceAll("__N__", next);
    list.insertAdjacentHTML("beforeend", html);
    const row = list.lastElementChild;
    addRemoveButton(row);
    showOptionsOfKind(row);
    numberRows();
    row.querySelector("input").focus();
  }

  if (form) {
    form.addEventListener("change", (event) => {
      if (event.target.matches("[data-job-type]")) showFieldsOfType(false);
      if (event.target.matches("[data-vehicle-model]")) narrowToModel(true);
      if (event.target.matches("[data-item-kind]")) {
        showOptionsOfKind(event.target.closest("[data-item-row]"));
      }
    });
    form.addEventListener("input", (event) => {
      if (event.target.matches("[data-box-qnr]")) lookUpWhenComplete(event.target);
    });
    form.addEventListener("click", (event) => {
      const target = event.target;
      if (target.closest("[data-look-up]")) {
        event.preventDefault();
        lookUpBox(form.querySelector("[data-box-qnr]"));
      } else if (target.closest("[data-add-item]")) {
        event.preventDefault();
        addItemRow();
      } else if (target.closest("[data-remove-item]")) {
        target.closest("[data-item-row]").remove();
        numberRows();
      }
    });
    for (const row of form.querySelectorAll("[data-item-row]")) {
      addRemoveButton(row);
      showOptionsOfKind(row);
    }
    showFieldsOfType(true);
    narrowToModel(false);
    const summary = document.querySelector(".error-summary");
    if (summary) summary.querySelector("a")?.focus();
  }

  // -- The job page: follow a RUNNING job ------------------------------------------------------

  const followed = document.querySelector("[data-follow-url]");
  if (!followed) return;
  const every = Number(followed.dataset.followSeconds || "5") * 1000;
  let timer;
  let ended = false;

  async function refresh() {
    timer = undefined;
    if (document.hidden) return;
    let fresh;
    try {
      const response = await fetch(followed.dataset.followUrl, { credentials: "same-origin" });
      if (!response.ok) {
        ended = response.status < 500; // gone or not allowed: asking again will not help
        return schedule();
      }
      fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch {
      return schedule();
    }
    const parts = fresh.querySelectorAll("[data-live-part]");
    if (!parts.length) {
      ended = true; // signed out meanwhile: the sign-in page came back
      return;
    }
    for (const part of parts) {
      const shown = followed.querySelector(`[data-live-part="${part.dataset.livePart}"]`);
      if (shown && shown.innerHTML !== part.innerHTML) shown.replaceWith(part);
    }
    const status = fresh.querySelector("[data-job-status]");
    ended = !status || status.dataset.jobStatus !== "RUNNING";
    schedule();
  }

  function schedule() {
    if (!ended && timer === undefined) timer = setTimeout(refresh, every);
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) schedule();
  });
  schedule();
})();
