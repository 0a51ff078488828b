// The sandbox's web chat: vanilla JS, no build step. Data comes from data- attributes and the
// JSON endpoints; every POST carries the X-Sandbox-Action header the server insists on.
"use strict";

(() => {
  const body = document.body;
  const prefix = body.dataset.prefix;

  async function request(path, options = {}) {
    const response = await fetch(prefix + "/api" + path, {
      credentials: "same-origin",
      cache: "no-store",
      ...options,
      headers: { "X-Sandbox-Action": "1", ...(options.headers || {}) },
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(answer.error || `The sandbox answered ${response.status}.`);
    }
    return answer;
  }

  function post(path, data) {
    return request(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    });
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeHref(url) {
    return /^(https?:|tg:|\/)/i.test(url) ? url : "#";
  }

  function chatUrl(userId) {
    return `${prefix}/chat/${encodeURIComponent(userId)}`;
  }

  function setUpNewPerson(form, afterCreate) {
    const error = form.querySelector(".form-error");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries());
      if (!String(data.first_name || "").trim()) {
        error.textContent = "A Telegram user needs a first name.";
        error.hidden = false;
        return;
      }
      form.querySelector("button[type=submit]").disabled = true;
      try {
        const person = await post("/users", data);
        await afterCreate(person);
      } catch (problem) {
        error.textContent = problem.message;
        error.hidden = false;
        form.querySelector("button[type=submit]").disabled = false;
      }
    });
  }

  // The people page: pick someone (plain links) or create a new person.
  function people() {
    const form = document.querySelector("[data-new-person]");
    setUpNewPerson(form, (person) => {
      window.location.assign(chatUrl(person.id));
    });
  }

  // The deep-link page: open the link as the person chosen (never before one is), then go to
  // their chat.
  function openLink() {
    const link = body.dataset.link;
    const error = document.querySelector("[data-open-error]");
    const choices = document.querySelectorAll("[data-open-as]");
    async function openAs(userId) {
      // One press sends one /start: a second press while the first is on its way does nothing.
      for (const choice of choices) choice.disabled = true;
      try {
        await post(`/chats/${encodeURIComponent(userId)}/links`, { link });
        window.location.assign(chatUrl(userId));
      } catch (problem) {
        error.textContent = problem.message;
        error.hidden = false;
        for (const choice of choices) choice.disabled = false;
      }
    }
    for (const button of choices) {
      button.addEventListener("click", () => openAs(button.dataset.openAs));
    }
    const form = document.querySelector("[data-new-person]");
    if (form) setUpNewPerson(form, (person) => openAs(person.id));
  }

  // The chat page.
  function chat() {
    const userId = body.dataset.userId;
    const list = document.querySelector("[data-messages]");
    const empty = document.querySelector("[data-empty]");
    const status = document.querySelector("[data-status]");
    const keyboard = document.querySelector("[data-keyboard]");
    const commands = document.querySelector("[data-commands]");
    const menu = document.querySelector("[data-menu]");
    const compose = document.querySelector("[data-compose]");
    const text = document.querySelector("[data-text]");
    const photo = document.querySelector("[data-photo]");
    const toast = document.querySelector("[data-toast]");
    const alertBox = document.querySelector("[data-alert]");
    const drawn = new Map();
    const seenAnswers = new Set();
    let version = -1;
    let firstLoad = true;
    let toastTimer = 0;
    let typingTimer = 0;

    function showToast(message) {
      toast.textContent = message;
      toast.hidden = false;
      clearTimeout(toastTimer);
      toastTimer = setTimeout(() => { toast.hidden = true; }, 2600);
    }

    function showAlert(message) {
      document.querySelector("[data-alert-text]").textContent = message;
      alertBox.hidden = false;
      document.querySelector("[data-alert-ok]").focus();
    }
    document.querySelector("[data-alert-ok]").addEventListener("click", () => {
      alertBox.hidden = true;
      text.focus();
    });

    async function act(promise) {
      try {
        await promise;
      } catch (problem) {
        showToast(problem.message);
      }
    }

    function sendText(value) {
      return act(post(`/chats/${userId}/messages`, { text: value }));
    }

    function drawButtons(message) {
      const rows = element("div", "inline-keyboard");
      for (const row of message.buttons) {
        const line = element("div", "keyboard-row");
        for (const button of row) {
          let node;
          if (button.url !== undefined) {
            node = element("a", "inline-button url", button.text);
            node.href = safeHref(button.url);
            if (!button.url.startsWith("/")) {
              node.target = "_blank";
              node.rel = "noopener noreferrer";
            }
          } else {
            node = element("button", "inline-button", button.text);
            node.type = "button";
            if (button.callback_data === undefined) {
              node.disabled = true;
            } else {
              node.addEventListener("click", () => {
                node.classList.add("waiting");
                act(post(`/chats/${userId}/presses`, {
                  message_id: message.id,
                  callback_data: button.callback_data,
                })).then(() => setTimeout(() => node.classList.remove("waiting"), 15000));
              });
            }
          }
          line.append(node);
        }
        rows.append(line);
      }
      return rows;
    }

    function drawMessage(message) {
      const item = element("article", message.from_bot ? "message bot" : "message me");
      item.dataset.messageId = message.id;
      const bubble = element("div", "bubble");
      if (message.reply_to) bubble.append(element("div", "quote", message.reply_to));
      if (message.photo) {
        const image = element("img", "photo");
        image.src = message.photo.url;
        image.alt = "Photo";
        if (message.photo.width) image.width = message.photo.width;
        if (message.photo.height) image.height = message.photo.height;
        bubble.append(image);
      }
      if (message.sticker) bubble.append(element("div", "sticker", message.sticker));
      if (message.document) {
        const link = element("a", "document", `File: ${message.document.name}`);
        link.href = message.document.url;
        link.download = message.document.name;
        bubble.append(link);
      }
      if (message.location) {
        const link = element("a", "location", `Location: ${message.location.text}`);
        link.href = message.location.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        bubble.append(link);
      }
      if (message.html) {
        const content = element("div", "text");
        content.innerHTML = message.html; // escaped by the server; only Telegram's tags remain
        bubble.append(content);
      }
      const when = new Date(message.date * 1000);
      const time = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      bubble.append(element("div", "meta", message.edited ? `edited ${time}` : time));
      item.append(bubble);
      if (message.buttons.length) item.append(drawButtons(message));
      return item;
    }

    function atBottom() {
      return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    }

    // Layout changes (new messages, a keyboard, the menu, a loaded photo) keep the newest
    // message in view when it was in view before.
    function keepingBottom(change) {
      const wasAtBottom = atBottom() || firstLoad;
      change();
      if (wasAtBottom) list.scrollTop = list.scrollHeight;
    }

    function drawMessages(messages) {
      const keep = new Set();
      let previous = empty;
      for (const message of messages) {
        const key = JSON.stringify(message);
        let entry = drawn.get(message.id);
        if (!entry || entry.key !== key) {
          const node = drawMessage(message);
          if (entry) entry.node.replaceWith(node);
          entry = { key, node };
          drawn.set(message.id, entry);
        }
        if (previous.nextSibling !== entry.node) previous.after(entry.node);
        previous = entry.node;
        keep.add(message.id);
      }
      for (const [id, entry] of drawn) {
        if (!keep.has(id)) {
          entry.node.remove();
          drawn.delete(id);
        }
      }
      empty.hidden = messages.length > 0;
    }

    function drawKeyboard(rows) {
      keyboard.replaceChildren();
      keyboard.hidden = !rows;
      for (const row of rows || []) {
        const line = element("div", "keyboard-row");
        for (const label of row) {
          const button = element("button", "reply-button", label);
          button.type = "button";
          button.addEventListener("click", () => sendText(label));
          line.append(button);
        }
        keyboard.append(line);
      }
    }

    function drawCommands(list) {
      menu.hidden = list.length === 0;
      commands.replaceChildren();
      for (const command of list) {
        const button = element("button", "command");
        button.type = "button";
        button.append(element("span", "command-name", `/${command.command}`));
        button.append(element("span", "command-description", command.description));
        button.addEventListener("click", () => {
          commands.hidden = true;
          menu.setAttribute("aria-expanded", "false");
          sendText(`/${command.command}`);
        });
        commands.append(button);
      }
    }
    menu.addEventListener("click", () => {
      keepingBottom(() => {
        commands.hidden = !commands.hidden;
        menu.setAttribute("aria-expanded", String(!commands.hidden));
      });
    });

    // Sample photos: the list (and its pictures) loads when first opened; a press sends the
    // photo as an upload would, with the text typed so far as its caption.
    function setUpSamples() {
      const button = document.querySelector("[data-samples-button]");
      const panel = document.querySelector("[data-samples]");
      if (!button || !panel) return;
      const samples = panel.querySelector("[data-sample-list]");
      let loaded = false;

      function toggle(open) {
        keepingBottom(() => {
          panel.hidden = !open;
          button.setAttribute("aria-expanded", String(open));
        });
      }

      async function load() {
        samples.replaceChildren(element("p", "muted", "Loading…"));
        try {
          const list = await request("/samples");
          samples.replaceChildren();
          for (const sample of list) {
            const choice = element("button", "sample");
            choice.type = "button";
            const picture = element("img");
            picture.src = sample.url;
            picture.alt = "";
            choice.append(picture, element("span", "sample-name", sample.name));
            choice.addEventListener("click", () => send(sample.name));
            samples.append(choice);
          }
          loaded = true;
        } catch (problem) {
          samples.replaceChildren(element("p", "form-error", problem.message));
        }
      }

      function send(name) {
        const caption = text.value.trim();
        text.value = "";
        toggle(false);
        text.focus();
        act(post(`/chats/${userId}/samples`, caption ? { name, caption } : { name }));
      }

      button.addEventListener("click", async () => {
        const open = panel.hidden;
        toggle(open);
        if (!open) return;
        if (!loaded) await load();
        const first = samples.querySelector(".sample");
        if (first) first.focus();
      });
      panel.addEventListener("keydown", (event) => {
        if (event.key !== "Escape") return;
        toggle(false);
        button.focus();
      });
    }

    function drawStatus(action) {
      clearTimeout(typingTimer);
      const label = { typing: "typing…", upload_photo: "sending a photo…" }[action];
      status.textContent = label || (action ? `${action.replace(/_/g, " ")}…` : "bot");
      status.classList.toggle("busy", Boolean(action));
      if (action) typingTimer = setTimeout(() => drawStatus(null), 5000);
    }

    function showAnswers(answers) {
      for (const answer of answers) {
        if (seenAnswers.has(answer.query_id)) continue;
        seenAnswers.add(answer.query_id);
        if (firstLoad || !answer.text) continue;
        if (answer.show_alert) showAlert(answer.text);
        else showToast(answer.text);
      }
      for (const waiting of document.querySelectorAll(".inline-button.waiting")) {
        waiting.classList.remove("waiting");
      }
    }

    function draw(state) {
      keepingBottom(() => {
        drawMessages(state.messages);
        drawKeyboard(state.keyboard);
        drawCommands(state.commands);
      });
      drawStatus(state.action);
      showAnswers(state.answers);
      firstLoad = false;
    }

    async function poll() {
      let pause = 0;
      for (;;) {
        try {
          const state = await request(`/chats/${userId}?since=${version}&wait=20`);
          if (state.version !== version) {
            version = state.version;
            draw(state);
          }
          body.classList.remove("offline");
          pause = 0;
        } catch (problem) {
          body.classList.add("offline");
          pause = Math.min(pause ? pause * 2 : 500, 5000);
          await new Promise((resolve) => setTimeout(resolve, pause));
        }
      }
    }

    compose.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      text.value = "";
      sendText(value);
      text.focus();
    });
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        compose.requestSubmit();
      }
    });
    photo.addEventListener("change", () => {
      const file = photo.files[0];
      if (!file) return;
      const form = new FormData();
      form.append("photo", file);
      if (text.value.trim()) form.append("caption", text.value.trim());
      text.value = "";
      photo.value = "";
      act(request(`/chats/${userId}/photos`, { method: "POST", body: form }));
    });
    setUpSamples();
    document.querySelector("[data-link-form]").addEventListener("submit", (event) => {
      event.preventDefault();
      const form = event.target;
      const link = form.elements.link.value.trim();
      act(post(`/chats/${userId}/links`, { link }).then(() => {
        form.reset();
        form.closest("details").open = false;
      }));
    });

    poll();
  }

  const pages = { people, open: openLink, chat };
  (pages[body.dataset.page] || (() => {}))();
})();
