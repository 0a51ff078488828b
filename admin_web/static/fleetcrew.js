// Copy buttons, confirmations and one submit per form; every page works without this script too.
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

// A second press of Invite (or any button) while the first is on its way would be a second
// request: the second Invite is refused as "already open", and its page replaces the link.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method.toLowerCase() !== "post") return;
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "yes";
  keepPressedButton(form, event.submitter);
  for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = true;
});

// A disabled button's name and value are not sent with its form: which one was pressed (Save or
// Save & Assign, Unassign or Delete) travels in a hidden field instead.
function keepPressedButton(form, button) {
  if (!button || !button.name) return;
  let kept = form.querySelector("input[data-pressed]");
  if (!kept) {
    kept = document.createElement("input");
    kept.type = "hidden";
    kept.dataset.pressed = "";
    form.appendChild(kept);
  }
  kept.name = button.name;
  kept.value = button.value;
}

// Back to a page from the browser's history: its forms may be sent again.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  for (const form of document.querySelectorAll("form[data-sent]")) {
    delete form.dataset.sent;
    for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = false;
  }
});
