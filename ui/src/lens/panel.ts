// The county lens: a schematic map of the plan's subdivisions (a city's
// counties, a province's cities, a county's towns, the country's provinces;
// hexagon tiles shaded by what the plan places there) and the unit × part heatmap.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import type { CountyLens } from "../bindings";
import { h, on, replace, s as svg } from "../dom";
import { activeCounties, toggleCounty } from "../filters/filter";
import { t, type Key, type Lang } from "../i18n/dict";
import { countyWeight, heatColour, hexagonPoints, inkOn, matrixMax, tileCentre } from "./heat";

const SIZE = 300;
const RADIUS = 0.105 * SIZE;

/** The lens's words for whose plan it is: a city's by default. */
export function scoped(lens: CountyLens | null, key: "lens.title" | "lens.reset"): Key {
  const level = lens?.scope?.level;
  return level === "national" || level === "province" || level === "county" ? `${key}.${level}` : key;
}

function tiles(lens: CountyLens, lang: Lang, active: readonly string[], act: Actions): SVGSVGElement {
  const max = Math.max(1, ...lens.counties.map(countyWeight));
  // seven tiles at full size; more tiles (a province's cities, the
  // provinces) shrink so that their seats keep them apart
  // (a larger viewBox draws tiles and their names smaller alike)
  const shrink = Math.min(1, Math.sqrt(7 / Math.max(1, lens.counties.length)));
  const size = SIZE / shrink;
  const root = svg("svg", { viewBox: `0 0 ${size.toFixed(1)} ${size.toFixed(1)}`, class: "county-map", role: "group" });
  for (const c of lens.counties) {
    const { x, y } = tileCentre(c, size);
    const w = countyWeight(c);
    const fill = c.id ? heatColour(w, max) : "#eeeeee";
    const ink = inkOn(fill);
    const g = svg("g", {
      "data-county": c.name,
      class: `county-tile${active.includes(c.name) ? " active" : ""}${c.id ? "" : " absent"}`,
      tabindex: 0,
      role: "button",
      "aria-pressed": String(active.includes(c.name)),
    });
    const hex = svg("polygon", { points: hexagonPoints(x, y, RADIUS), fill, class: "tile-shape" });
    const name = svg("text", { x, y: y - 2, class: "tile-name", fill: ink, "text-anchor": "middle" }, c.short);
    const count = svg("text", { x, y: y + 12, class: "tile-count", fill: ink, "text-anchor": "middle" },
      c.id ? t(lang, "lens.measures", { n: c.measures }) : "–");
    const title = svg("title", null, c.id
      ? t(lang, "lens.tile", { name: c.name, measures: c.measures, projects: c.projects, platforms: c.platforms })
      : `${c.name}：${t(lang, "lens.absent")}`);
    g.append(title, hex, name, count);
    const pick = (additive: boolean) => act.setCounties(toggleCounty(activeNow(root), c.name, additive));
    g.addEventListener("click", (e) => pick(e.shiftKey || e.ctrlKey || e.metaKey));
    g.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        pick(e.shiftKey);
      }
    });
    root.append(g);
  }
  return root;
}

/** The counties whose tiles are marked active in `root`. */
function activeNow(root: Element): string[] {
  return [...root.querySelectorAll(".county-tile.active")].map((g) => g.getAttribute("data-county") ?? "");
}

/** Mark which tiles and which heatmap cell are active, touching only what changes. */
function markActive(mapBox: Element, matrixBox: Element, active: readonly string[], cell: { county: string; part: string } | null): void {
  for (const g of mapBox.querySelectorAll(".county-tile")) {
    const on = active.includes(g.getAttribute("data-county") ?? "");
    if (g.classList.contains("active") !== on) {
      g.classList.toggle("active", on);
      g.setAttribute("aria-pressed", String(on));
    }
  }
  for (const b of matrixBox.querySelectorAll("button.heat")) {
    const on = cell !== null && b.getAttribute("data-cell-county") === cell.county && b.getAttribute("data-cell-part") === cell.part;
    if (b.classList.contains("active") !== on) b.classList.toggle("active", on);
  }
}

function matrix(lens: CountyLens, s: AppState, act: Actions): HTMLTableElement {
  const lang = s.lang;
  const max = matrixMax(lens.matrix);
  const cellOn = s.filter?.kind === "cell" ? s.filter : null;
  const head = h("tr", null, h("th", { scope: "col", class: "corner" }, ""));
  for (const col of lens.columns) head.append(h("th", { scope: "col", title: `第${col.number}篇 ${col.title}` }, col.number));
  const body = h("tbody");
  lens.counties.forEach((c, i) => {
    const row = h("tr", null, h("th", { scope: "row" }, c.name));
    lens.columns.forEach((col, j) => {
      const v = lens.matrix[i]?.[j] ?? 0;
      const fill = heatColour(v, max);
      const active = cellOn !== null && cellOn.county === c.name && cellOn.part === col.id;
      const b = h("button", {
        type: "button",
        class: `heat${active ? " active" : ""}${v === 0 ? " zero" : ""}`,
        "data-cell-county": c.name,
        "data-cell-part": col.id,
        title: `${t(lang, "lens.cell", { county: c.name, number: col.number, n: v })}\n${col.title}`,
      }, v === 0 ? "" : String(v));
      b.style.backgroundColor = fill;
      b.style.color = inkOn(fill);
      on(b, { click: () => act.openCell(c.name, col.id) });
      row.append(h("td", null, b));
    });
    body.append(row);
  });
  return h("table", { class: "heatmap", "aria-label": t(lang, "lens.matrix") },
    h("caption", null, t(lang, "lens.matrix")), h("thead", null, head), body);
}

export function mountLens(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  const title = h("h2", { class: "panel-title" });
  const reset = h("button", { id: "county-reset", type: "button", class: "chip-button" });
  on(reset, { click: () => act.setCounties([]) });
  const hint = h("p", { class: "muted small" });
  const mapBox = h("div", { class: "county-map-box" });
  const matrixBox = h("div", { class: "heatmap-box" });
  el.append(h("div", { class: "panel-head" }, title, reset), mapBox, hint, matrixBox);
  let drawn: { lens: CountyLens; lang: Lang } | null = null;
  store.watch(["lens", "lang", "filter"], (s) => {
    title.textContent = t(s.lang, scoped(s.lens, "lens.title"));
    reset.textContent = `${t("zh", scoped(s.lens, "lens.reset"))} / ${t("en", scoped(s.lens, "lens.reset"))}`;
    reset.title = t(s.lang, "lens.reset.title");
    const active = activeCounties(s.filter);
    reset.classList.toggle("active", active.length === 0 && (s.filter === null || s.filter.kind !== "cell"));
    hint.textContent = t(s.lang, "lens.hint");
    if (!s.lens) {
      drawn = null;
      replace(mapBox);
      replace(matrixBox);
      return;
    }
    if (drawn && drawn.lens === s.lens && drawn.lang === s.lang) {
      // only the filter changed: mark the active tiles and cell in place
      // (rebuilding the panel costs a relayout and repaint of the window)
      markActive(mapBox, matrixBox, active, s.filter?.kind === "cell" ? s.filter : null);
      return;
    }
    drawn = { lens: s.lens, lang: s.lang };
    replace(mapBox, tiles(s.lens, s.lang, active, act));
    replace(matrixBox, matrix(s.lens, s, act));
  });
}
