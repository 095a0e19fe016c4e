// Building DOM from data, safely: text goes in as text nodes only. There is
// no way to pass markup, inline styles or string event handlers through here
// (the CSP forbids them and plan text is untrusted).

export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Handlers = { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };

const FORBIDDEN = /^(on|style$|srcdoc$|formaction$)/i;

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (FORBIDDEN.test(k)) throw new Error(`attribute ${k} is not allowed`);
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** An HTML element with attributes (never `on*` or `style`), event handlers and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Attach event handlers to an element; returns it. */
export function on<E extends HTMLElement>(el: E, handlers: Handlers): E {
  for (const [k, f] of Object.entries(handlers)) el.addEventListener(k, f as EventListener);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element, built the same way. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Replace an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** The element with `id`, which must exist. */
export function byId<E extends HTMLElement = HTMLElement>(id: string): E {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as E;
}
