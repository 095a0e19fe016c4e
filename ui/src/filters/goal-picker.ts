// Trace a goal: a searchable list of the plan's goals (#goal-picker, option
// value = goal id); choosing one, or pressing #trace-btn, traces it.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import type { ViewNode } from "../bindings";
import { h, on, replace } from "../dom";
import { mapLabel } from "../graph/kinds";
import { t } from "../i18n/dict";

/** Goals whose label or id contains `q` (all when `q` is blank). */
export function matchGoals(nodes: readonly ViewNode[], q: string): ViewNode[] {
  const goals = nodes.filter((n) => n.kind === "goal");
  const needle = q.trim().toLowerCase();
  return needle ? goals.filter((n) => n.label.toLowerCase().includes(needle) || n.id.toLowerCase().includes(needle)) : goals;
}

export function mountGoalPicker(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  const title = h("h2", { class: "panel-title" });
  const filter = h("input", { id: "goal-filter", type: "search", autocomplete: "off" });
  const select = h("select", { id: "goal-picker" });
  const trace = h("button", { id: "trace-btn", type: "button", class: "primary" });
  el.append(title, filter, h("div", { class: "row" }, select, trace));

  const fill = () => {
    const s = store.get();
    const current = s.filter?.kind === "trace" ? s.filter.goal : select.value;
    const goals = matchGoals(s.graph?.nodes ?? [], filter.value);
    replace(select, h("option", { value: "" }, t(s.lang, "goal.pick")));
    for (const g of goals) select.append(h("option", { value: g.id, title: g.label }, mapLabel(g.label, 28)));
    select.value = goals.some((g) => g.id === current) ? current : "";
  };

  on(filter, { input: fill });
  on(select, {
    change: () => {
      if (select.value) act.traceGoal(select.value);
    },
  });
  on(trace, {
    click: () => {
      if (select.value) act.traceGoal(select.value);
    },
  });

  let filled: { graph: unknown; lang: string } | null = null;
  store.watch(["graph", "lang", "filter"], (s) => {
    if (filled && filled.graph === s.graph && filled.lang === s.lang) {
      // only the filter changed: show the traced goal without refilling the list
      const current = s.filter?.kind === "trace" ? s.filter.goal : select.value;
      const has = [...select.options].some((o) => o.value === current);
      const want = has ? current : "";
      if (select.value !== want) select.value = want;
      return;
    }
    filled = { graph: s.graph, lang: s.lang };
    title.textContent = t(s.lang, "goal.title");
    filter.placeholder = t(s.lang, "goal.filter");
    filter.setAttribute("aria-label", t(s.lang, "goal.filter"));
    trace.textContent = t(s.lang, "goal.trace");
    fill();
  });
}
