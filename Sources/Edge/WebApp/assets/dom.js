// Building the page from data without ever parsing server text as HTML: every string
// becomes a text node or an attribute value.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.setAttribute("class", value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
}

/** An HTML element: h("p", {class: "x"}, "text", child). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/** An SVG element. */
export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/** An amount from its hundredths in a run's currency (ISO 4217): 123456, "EUR" → "€1,234.56". */
export function money(cents, currency = "USD") {
  const value = Number(cents ?? 0) / 100;
  return value.toLocaleString("en-US", { style: "currency", currency: currency || "USD" });
}

/** Whole units of a currency: 1234.56, "GBP" → "£1,235". */
export function wholeMoney(amount, currency = "USD") {
  return Number(amount ?? 0).toLocaleString("en-US", { style: "currency", currency: currency || "USD", maximumFractionDigits: 0 });
}

export function dateTime(ms) {
  if (!ms) return "—";
  return new Date(Number(ms)).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

export { agentNames } from "./catalog.js";

/** A width as a percentage, through the CSSOM (inline style attributes are blocked by the CSP). */
export function setWidth(element, fraction) {
  element.style.width = `${Math.max(0, Math.min(1, fraction)) * 100}%`;
  return element;
}
