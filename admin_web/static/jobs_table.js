// The job tables: select a whole page, then (Gmail-style) every job matching the filter; count the
// selection, fit the value box to the field bulk edit sets, one menu open at a time. Everything
// works without this script too: then "Select all … matching this filter" is a plain checkbox.
"use strict";

const jobBoxes = () => [...document.querySelectorAll('input[name="job"][form="bulk"]')];
const selectAll = document.querySelector("[data-select-all]");
const matching = document.querySelector("[data-select-matching]");
const scope = matching?.querySelector("[data-scope]");
const banner = matching?.querySelector(".select-matching-banner");

function showSelection() {
  const boxes = jobBoxes();
  const ticked = boxes.filter((box) => box.checked).length;
  const wholePage = ticked > 0 && ticked === boxes.length;
  if (scope && !wholePage) scope.checked = false; // a row unticked: back to the ticked rows
  const everyMatch = Boolean(scope?.checked);
  for (const counter of document.querySelectorAll("[data-selected-count]")) {
    counter.textContent = everyMatch ? ` (${matching.dataset.matching})` : ticked ? ` (${ticked})` : "";
  }
  document.querySelector(".bulk-menu")?.classList.toggle("has-selection", ticked > 0);
  if (selectAll) {
    selectAll.checked = wholePage;
    selectAll.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  if (banner) showBanner(wholePage && matching.dataset.more === "yes", everyMatch);
}

function showBanner(offered, everyMatch) {
  banner.hidden = !offered;
  if (!offered) return;
  const total = matching.dataset.matching;
  const page = matching.dataset.onPage;
  banner.querySelector("[data-matching-text]").textContent = everyMatch
    ? `All ${total} jobs matching this filter are selected.`
    : `All ${page} jobs on this page are selected.`;
  banner.querySelector("[data-matching-toggle]").textContent = everyMatch
    ? "Clear selection"
    : `Select all ${total} jobs matching this filter`;
}

if (matching) {
  // With this script the checkbox is offered once the whole page is ticked, as a banner.
  matching.querySelector(".select-matching-box").hidden = true;
  matching.querySelector("[data-matching-toggle]").addEventListener("click", () => {
    if (scope.checked) {
      scope.checked = false;
      for (const box of jobBoxes()) box.checked = false;
    } else {
      scope.checked = true;
    }
    showSelection();
  });
}
if (selectAll) {
  selectAll.hidden = false;
  selectAll.addEventListener("change", () => {
    for (const box of jobBoxes()) box.checked = selectAll.checked;
    showSelection();
  });
}
document.addEventListener("change", (event) => {
  if (event.target.matches('input[name="job"]')) showSelection();
});
// Back from the browser's history, the boxes may still be ticked.
window.addEventListener("pageshow", showSelection);
showSelection();

const bulkField = document.getElementById("bulk-field");
const bulkValue = document.getElementById("bulk-value");

function fitValueBox() {
  const chosen = bulkField.selectedOptions[0];
  bulkValue.type = chosen.dataset.input || "text";
  if (chosen.dataset.list) bulkValue.setAttribute("list", chosen.dataset.list);
  else bulkValue.removeAttribute("list");
}

if (bulkField && bulkValue) {
  bulkField.addEventListener("change", () => {
    bulkValue.value = "";
    fitValueBox();
  });
  fitValueBox();
}

function openMenus() {
  return document.querySelectorAll("details.menu[open], details.row-menu[open]");
}

document.addEventListener("click", (event) => {
  for (const menu of openMenus()) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of openMenus()) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});
