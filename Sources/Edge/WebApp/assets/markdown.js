// A small Markdown renderer that builds DOM nodes: headings, paragraphs, lists, tables,
// quotes, code, rules, emphasis and links. Server text only ever becomes text nodes and
// checked attribute values; there is no HTML parsing, so no script or event handler
// can get in.

import { h } from "./dom.js";

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Inline spans: `code`, **bold**, *em* / _em_, [text](url). */
function inline(text) {
  const nodes = [];
  const pattern = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const token = match[0];
    if (match[1]) nodes.push(h("code", {}, token.slice(1, -1)));
    else if (match[2]) nodes.push(h("strong", {}, ...inline(token.slice(2, -2))));
    else if (match[3] || match[4]) nodes.push(h("em", {}, ...inline(token.slice(1, -1))));
    else {
      const [, label, url] = token.match(/^\[([^\]]+)\]\(([^)\s]+)\)$/);
      nodes.push(SAFE_LINK.test(url) ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, label) : `${label} (${url})`);
    }
    last = match.index + token.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

function tableRow(line) {
  return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((cell) => cell.trim());
}

/** A document fragment for `markdown`. */
export function renderMarkdown(markdown) {
  const fragment = document.createDocumentFragment();
  const lines = String(markdown ?? "").replace(/\r\n?/g, "\n").split("\n");
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    if (!line.trim()) { index += 1; continue; }
    if (line.startsWith("```")) {
      const code = [];
      index += 1;
      while (index < lines.length && !lines[index].startsWith("```")) code.push(lines[index++]);
      index += 1;
      fragment.append(h("pre", {}, h("code", {}, code.join("\n"))));
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      // Deliverable headings sit under the page's own h2/h3.
      const level = Math.min(6, heading[1].length + 2);
      fragment.append(h(`h${level}`, {}, ...inline(heading[2])));
      index += 1;
      continue;
    }
    if (/^(-{3,}|\*{3,})\s*$/.test(line)) { fragment.append(h("hr")); index += 1; continue; }
    if (line.trim().startsWith("|") && index + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[index + 1])) {
      const header = tableRow(line);
      index += 2;
      const rows = [];
      while (index < lines.length && lines[index].trim().startsWith("|")) rows.push(tableRow(lines[index++]));
      fragment.append(h("div", { class: "table-scroll" }, h("table", {},
        h("thead", {}, h("tr", {}, header.map((cell) => h("th", { scope: "col" }, ...inline(cell))))),
        h("tbody", {}, rows.map((row) => h("tr", {}, row.map((cell) => h("td", {}, ...inline(cell)))))),
      )));
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d+[.)]\s+/.test(line);
      const list = h(ordered ? "ol" : "ul");
      while (index < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[index])) {
        const item = lines[index].replace(/^\s*([-*+]|\d+[.)])\s+/, "");
        const task = item.match(/^\[( |x|X)\]\s+(.*)$/);
        list.append(task ? h("li", { class: "check" }, task[1] === " " ? "☐ " : "☑ ", ...inline(task[2])) : h("li", {}, ...inline(item)));
        index += 1;
      }
      fragment.append(list);
      continue;
    }
    if (line.startsWith(">")) {
      const quote = [];
      while (index < lines.length && lines[index].startsWith(">")) quote.push(lines[index++].replace(/^>\s?/, ""));
      fragment.append(h("blockquote", {}, ...inline(quote.join(" "))));
      continue;
    }
    const paragraph = [];
    while (index < lines.length && lines[index].trim() && !/^(#{1,6}\s|```|>|\s*([-*+]|\d+[.)])\s+|\s*\|)/.test(lines[index])) paragraph.push(lines[index++].trim());
    if (paragraph.length === 0) { paragraph.push(line.trim()); index += 1; }
    fragment.append(h("p", {}, ...inline(paragraph.join(" "))));
  }
  return fragment;
}
