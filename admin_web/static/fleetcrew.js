// Copy buttons and confirmations; every page works without this script too.
"use strict";

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  const field = document.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.className = "offscreen";
  document.body.appendChild(field);
  field.select();
  const copied = document.execCommand("copy");
  field.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error("copy failed"));
}

const labelResets = new WeakMap();

// Show the outcome on the button for two seconds after copying has finished, then its label.
function showOutcome(button, text) {
  if (!button.dataset.label) button.dataset.label = button.textContent;
  button.textContent = text;
  clearTimeout(labelResets.get(button));
  labelResets.set(button, setTimeout(() => { button.textContent = button.dataset.label; }, 2000));
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  copyText(button.dataset.copy).then(
    () => showOutcome(button, "Copied"),
    () => showOutcome(button, "Select and copy"),
  );
});

document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
