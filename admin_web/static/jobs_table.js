// The job tables: select a whole page, count the selection, fit the value box to the field bulk
// edit sets, one menu open at a time. Everything works without this script too.
"use strict";

const jobBoxes = () => [...document.querySelectorAll('input[name="job"][form="bulk"]')];
const selectAll = document.querySelector("[data-select-all]");

function showSelection() {
  const boxes = jobBoxes();
  const ticked = boxes.filter((box) => box.checked).length;
  for (const counter of document.querySelectorAll("[data-selected-count]")) {
    counter.textContent = ticked ? ` (${ticked})` : "";
  }
  document.querySelector(".bulk-menu")?.classList.toggle("has-selection", ticked > 0);
  if (selectAll) {
    selectAll.checked = ticked > 0 && ticked === boxes.length;
    selectAll.indeterminate = ticked > 0 && ticked < boxes.length;
  }
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
