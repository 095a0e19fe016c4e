// One source passage as DOM: text runs with their marks (mentions
// highlighted, restored characters underlined with the original `*` in a
// tooltip, missing numerals and masked characters flagged). Text only ever
// enters the DOM as text nodes.
import type { Mark, Passage } from "../bindings";
import { h, on } from "../dom";
import { t, type Lang } from "../i18n/dict";
import { segments } from "./marks";

function markTitle(m: Mark, lang: Lang): string {
  switch (m.code) {
    case "restored-char": return t(lang, "mark.restored", { note: m.note });
    case "masked-char": return t(lang, "mark.masked", { note: m.note });
    case "missing-numeral": return t(lang, "mark.missing", { note: m.note });
    default: return m.note;
  }
}

/** The passage text with its marks. */
export function passageText(p: Pick<Passage, "text" | "marks">, lang: Lang): HTMLElement {
  const body = h("p", { class: "passage-text" });
  for (const run of segments(p.text, p.marks)) {
    if (run.marks.length === 0) {
      body.append(document.createTextNode(run.text));
      continue;
    }
    const codes = [...new Set(run.marks.map((m) => m.code))];
    const tag = codes.includes("mention") ? "mark" : "span";
    const titles = run.marks.filter((m) => m.code !== "mention" || m.note).map((m) => markTitle(m, lang));
    const el = h(tag, { class: codes.map((c) => `m-${c.replace(/[^a-z-]/g, "")}`).join(" "), title: titles.join("\n") || null }, run.text);
    body.append(el);
    if (codes.includes("missing-numeral")) {
      body.append(h("span", { class: "m-flag", title: titles.join("\n"), "aria-label": titles.join("\n") }, "⚠"));
    }
  }
  return body;
}

/** A `.passage` block: the text and, when it has one, a link to its section. */
export function renderPassage(p: Passage, lang: Lang, onJump?: (id: string) => void): HTMLElement {
  const box = h("div", { class: "passage" }, passageText(p, lang));
  if (p.within && onJump) {
    const within = p.within;
    const link = h("button", { type: "button", class: "link jump", title: t(lang, "reader.jump.title") }, `${t(lang, "reader.jump")} ↗`);
    on(link, { click: () => onJump(within) });
    box.append(link);
  }
  return box;
}
