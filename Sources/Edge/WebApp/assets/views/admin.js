// Admins: users with their roles, and the audit log.

import { api } from "../api.js";
import { dateTime, h } from "../dom.js";

export async function renderAdmin(main, context) {
  if (context.me.role !== "admin") {
    main.replaceChildren(h("section", { class: "card" }, h("h1", {}, "Admin"), h("p", {}, "Only admins can see this page.")));
    return;
  }
  const users = h("tbody");
  const audit = h("tbody");
  main.replaceChildren(
    h("section", { class: "card", "aria-labelledby": "users-title" }, h("h1", { id: "users-title" }, "Users"),
      h("div", { class: "table-scroll" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Email"), h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Role"), h("th", { scope: "col" }, "Joined"), h("th", { scope: "col" }, "Sessions"))), users))),
    h("section", { class: "card", "aria-labelledby": "audit-title" }, h("h2", { id: "audit-title" }, "Audit log"),
      h("div", { class: "table-scroll" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "When"), h("th", { scope: "col" }, "Event"), h("th", { scope: "col" }, "User"), h("th", { scope: "col" }, "Address"))), audit))),
  );
  try {
    const [userPage, auditPage] = await Promise.all([api("GET", "/api/admin/users?page_size=100"), api("GET", "/api/admin/audit?page_size=100")]);
    users.replaceChildren(...(userPage.users ?? []).map((user) => {
      const role = h("select", { "aria-label": `Role of ${user.email}`, disabled: user.id === context.me.id }, h("option", { value: "user", selected: user.role === "user" }, "User"), h("option", { value: "admin", selected: user.role === "admin" }, "Admin"));
      role.addEventListener("change", async () => {
        try { await api("PATCH", `/api/admin/users/${encodeURIComponent(user.id)}`, { role: role.value }); context.toast(`${user.email} is now ${role.value === "admin" ? "an admin" : "a user"}.`); } catch (error) { context.toast(error.message); role.value = user.role; }
      });
      const endSessions = h("button", { type: "button", class: "link", disabled: user.id === context.me.id, "aria-label": `End every session of ${user.email}` }, "End sessions");
      endSessions.addEventListener("click", async () => {
        try {
          const ended = await api("POST", `/api/admin/users/${encodeURIComponent(user.id)}/logout-everywhere`);
          context.toast(`${user.email} is signed out everywhere (${ended.sessions_ended} session${ended.sessions_ended === 1 ? "" : "s"} ended).`);
        } catch (error) { context.toast(error.message); }
      });
      return h("tr", {}, h("td", {}, user.email), h("td", {}, user.display_name || "—"), h("td", {}, role), h("td", {}, dateTime(user.created_at_unix_ms)), h("td", {}, endSessions));
    }));
    audit.replaceChildren(...(auditPage.events ?? []).map((event) => h("tr", {}, h("td", {}, dateTime(event.at_unix_ms)), h("td", {}, event.type), h("td", {}, event.user_id || "—"), h("td", {}, event.client_ip || "—"))));
  } catch (error) {
    if (error.status === 401) return context.signedOut();
    context.toast(error.message);
  }
}
