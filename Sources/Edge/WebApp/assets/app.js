// The web app's shell: who is signed in, the navigation, and a hash router over the
// views (#/plan, #/runs/<id>, #/history, #/keys, #/admin).

import { api } from "./api.js";
import { catalogError } from "./catalog.js";
import { h } from "./dom.js";
import { renderAdmin } from "./views/admin.js";
import { renderAuth } from "./views/auth.js";
import { renderHistory } from "./views/history.js";
import { renderKeys } from "./views/keys.js";
import { renderPlan } from "./views/plan.js";
import { renderRun } from "./views/run.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
let leaveHandlers = [];
let toastTimer = null;

const context = {
  me: null,
  async signedIn() {
    context.me = (await api("GET", "/api/auth/me")).user;
    showNavigation();
    if (!location.hash || location.hash === "#/" || location.hash === "#/signin") location.hash = "#/plan";
    else route();
  },
  signedOut() {
    context.me = null;
    showNavigation();
    leave();
    renderAuth(main, context);
  },
  startRun(message, plan) {
    leave();
    renderRun(main, context, { start: message, plan });
    main.focus();
  },
  /** Opens a new plan filled in from `prefill` (a follow-up run of a finished one). */
  followUp(prefill) {
    context.prefill = prefill;
    if (location.hash === "#/plan") route(); else location.hash = "#/plan";
  },
  /** The pending follow-up's values, once. */
  takePrefill() {
    const prefill = context.prefill;
    context.prefill = null;
    return prefill;
  },
  onLeave(handler) { leaveHandlers.push(handler); },
  toast(text) {
    const toast = document.getElementById("toast");
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, 5000);
  },
};

function leave() {
  for (const handler of leaveHandlers.splice(0)) handler();
}

function showNavigation() {
  nav.hidden = !context.me;
  document.getElementById("nav-admin").hidden = context.me?.role !== "admin";
  document.getElementById("who").textContent = context.me ? (context.me.display_name || context.me.email) : "";
}

function route() {
  leave();
  if (!context.me) { renderAuth(main, context); return; }
  const [, view = "plan", id] = location.hash.replace(/^#/, "").split("/");
  for (const link of nav.querySelectorAll("a[data-route]")) {
    if (link.dataset.route === (view === "runs" ? "history" : view)) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  switch (view) {
    case "runs": renderRun(main, context, { jobId: decodeURIComponent(id ?? "") }); break;
    case "history": renderHistory(main, context); break;
    case "keys": renderKeys(main, context); break;
    case "admin": renderAdmin(main, context); break;
    default: renderPlan(main, context);
  }
  document.title = `${{ runs: "Run", history: "History", keys: "API keys", admin: "Admin" }[view] ?? "New plan"} · CEO Executive Agent`;
}

document.getElementById("sign-out").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch { /* the session ends either way */ }
  history.replaceState(null, "", "#/signin");
  context.signedOut();
});

document.getElementById("sign-out-everywhere").addEventListener("click", async () => {
  try {
    await api("POST", "/api/auth/logout-everywhere");
  } catch (error) {
    if (error.status !== 401) { context.toast(error.message); return; }
  }
  history.replaceState(null, "", "#/signin");
  context.signedOut();
  context.toast("Signed out on every device.");
});

window.addEventListener("hashchange", route);

/** The session's readable hint cookie (the tokens themselves are HttpOnly). */
function hasSession() {
  return document.cookie.split(";").some((cookie) => cookie.trim().startsWith("ceo_signed_in="));
}

async function boot() {
  if (catalogError) context.toast(`The agent catalog could not be loaded (${catalogError.message}); names and form checks may be missing.`);
  if (!hasSession()) { context.me = null; showNavigation(); route(); return; }
  try {
    context.me = (await api("GET", "/api/auth/me")).user;
  } catch (error) {
    if (error.status !== 401) main.replaceChildren(h("p", { class: "form-error", role: "alert" }, error.message));
    context.me = null;
  }
  showNavigation();
  route();
}

boot();
