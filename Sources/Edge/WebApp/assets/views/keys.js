// The caller's API keys: create (the secret is shown once), list, revoke.

import { api } from "../api.js";
import { dateTime, h } from "../dom.js";
import { busy, field, formMessage, showProblems } from "./forms.js";

export async function renderKeys(main, context) {
  const name = field("Key name", { type: "text", id: "key-name", required: true, maxlength: 100 }, "What the key is for, for example “CI pipeline”.");
  const message = formMessage();
  const create = h("button", { type: "submit", class: "primary", id: "create-key" }, "Create key");
  const secretBox = h("div", { id: "new-key", class: "notice success", hidden: true, role: "status" });
  const list = h("tbody", { id: "keys" });
  const form = h("form", { class: "card", "aria-labelledby": "keys-title", novalidate: true },
    h("h1", { id: "keys-title" }, "API keys"),
    h("p", {}, "A key lets a script call the API as you, with the scopes you give it. Send it as the X-API-Key header."),
    name.row, message.element, create);
  main.replaceChildren(form, secretBox, h("section", { class: "card", "aria-labelledby": "your-keys" },
    h("h2", { id: "your-keys" }, "Your keys"),
    h("div", { class: "table-scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Prefix"), h("th", { scope: "col" }, "Created"), h("th", { scope: "col" }, "Last used"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
      list))));

  async function refresh() {
    try {
      const answer = await api("GET", "/api/keys");
      const keys = (answer.keys ?? []).filter((key) => !key.revoked);
      list.replaceChildren(...(keys.length ? keys.map((key) => {
        const revoke = h("button", { type: "button", class: "link danger", "aria-label": `Revoke ${key.name}` }, "Revoke");
        revoke.addEventListener("click", async () => {
          await busy(revoke, "Revoking…", async () => {
            try { await api("DELETE", `/api/keys/${encodeURIComponent(key.id)}`); context.toast(`Revoked “${key.name}”.`); await refresh(); } catch (error) { context.toast(error.message); }
          });
        });
        return h("tr", { "data-key": key.name }, h("td", {}, key.name), h("td", {}, h("code", {}, key.prefix)), h("td", {}, dateTime(key.created_at_unix_ms)), h("td", {}, dateTime(key.last_used_at_unix_ms)), h("td", {}, revoke));
      }) : [h("tr", {}, h("td", { colspan: 5, class: "muted" }, "No keys."))]));
    } catch (error) {
      if (error.status === 401) return context.signedOut();
      context.toast(error.message);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problems = name.input.value.trim() ? [] : [{ field: "name", message: "Give the key a name." }];
    showProblems(problems, { name }, message, "Check the highlighted field.");
    if (problems.length) return;
    await busy(create, "Creating…", async () => {
      try {
        const scopes = ["plans:read", "plans:write", "runs:read", "runs:write"];
        const answer = await api("POST", "/api/keys", { name: name.input.value.trim(), scopes });
        showSecret(secretBox, answer.key, answer.secret);
        name.input.value = "";
        await refresh();
      } catch (error) {
        if (error.status === 401) return context.signedOut();
        showProblems(error.details ?? [], { name }, message, error.message);
        if (!error.details?.length) message.set(error.message);
      }
    });
  });
  await refresh();
}

function showSecret(box, key, secret) {
  const value = h("input", { type: "text", readonly: true, value: secret, id: "key-secret", "aria-label": "The new key", class: "secret" });
  const copy = h("button", { type: "button", class: "secondary", id: "copy-key" }, "Copy");
  const copied = h("span", { class: "muted", role: "status" });
  copy.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(secret); copied.textContent = "Copied."; } catch { value.select(); copied.textContent = "Select the key and copy it."; }
  });
  const done = h("button", { type: "button", class: "link" }, "I have saved it");
  done.addEventListener("click", () => { box.hidden = true; box.replaceChildren(); });
  box.replaceChildren(h("h2", {}, `Key “${key.name}” created`), h("p", {}, "Copy it now: it is shown only once."), h("div", { class: "row" }, value, copy, copied), done);
  box.hidden = false;
  value.focus();
  value.select();
}
