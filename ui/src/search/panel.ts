// The search box (#search) and its dropdown (#search-results): debounced
// queries, keyboard navigation (↑ ↓ Enter Esc), click or Enter selects the
// node (or the node holding the passage) and centres it.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import type { SearchResult } from "../bindings";
import { h, on, replace } from "../dom";
import { t } from "../i18n/dict";
import { swatch } from "../reader/panel";
import { matchRuns, moveIndex, resultNode, searchable } from "./nav";

const DEBOUNCE_MS = 150;

export interface SearchBox {
  focus(): void;
  /** Close the dropdown; true when it was open. */
  close(): boolean;
}

export function mountSearch(root: HTMLElement, store: Store<AppState>, act: Actions): SearchBox {
  const input = h("input", { id: "search", type: "search", autocomplete: "off", spellcheck: "false", role: "combobox",
    "aria-controls": "search-results", "aria-expanded": "false" });
  const list = h("ul", { id: "search-results", role: "listbox", hidden: true });
  root.append(h("div", { class: "search" }, input, list));

  let results: SearchResult[] = [];
  let query = "";
  let active = -1;
  let timer: number | undefined;
  let seq = 0;

  const open = (yes: boolean) => {
    list.hidden = !yes;
    input.setAttribute("aria-expanded", String(yes));
  };

  const render = () => {
    const s = store.get();
    const kinds = s.overview?.kinds ?? [];
    replace(list);
    if (!results.length) {
      list.append(h("li", { class: "muted empty" }, t(s.lang, "search.none")));
      return;
    }
    results.forEach((r, i) => {
      const node = resultNode(r);
      const head = h("div", { class: "result-head" },
        r.kind ? swatch(r.kind, kinds) : null,
        h("span", { class: "result-label" }, r.label ?? node ?? ""),
        h("span", { class: "result-hit" }, t(s.lang, r.hit === "node" ? "search.node" : "search.passage")));
      const li = h("li", {
        role: "option",
        class: i === active ? "active" : null,
        "aria-selected": String(i === active),
        "data-result-index": i,
        "data-node-id": node ?? "",
      }, head, r.hit === "passage" || r.snippet !== r.label
        ? h("div", { class: "result-snippet" }, ...matchRuns(r.snippet, query).map((m) => (m.hit ? h("mark", null, m.text) : m.text)))
        : null);
      on(li, {
        mousedown: (e) => e.preventDefault(),
        click: () => choose(i),
        mousemove: () => {
          if (active !== i) {
            active = i;
            highlight();
          }
        },
      });
      list.append(li);
    });
  };

  const highlight = () => {
    list.querySelectorAll<HTMLElement>("[data-result-index]").forEach((li) => {
      const on_ = Number(li.dataset.resultIndex) === active;
      li.classList.toggle("active", on_);
      li.setAttribute("aria-selected", String(on_));
      if (on_) li.scrollIntoView({ block: "nearest" });
    });
  };

  const choose = (i: number) => {
    const r = results[i];
    if (!r) return;
    const id = resultNode(r);
    open(false);
    if (id) act.selectNode(id);
  };

  const run = async (q: string) => {
    const mine = ++seq;
    const t0 = performance.now();
    try {
      const found = await act.search(q);
      if (mine !== seq) return;
      results = found;
      query = q;
      active = found.length ? 0 : -1;
      render();
      open(document.activeElement === input);
      act.reportOp(t0);
    } catch {
      if (mine === seq) {
        results = [];
        render();
      }
    }
  };

  on(input, {
    input: () => {
      window.clearTimeout(timer);
      const q = input.value;
      if (!searchable(q)) {
        seq++;
        results = [];
        open(false);
        return;
      }
      timer = window.setTimeout(() => void run(q), DEBOUNCE_MS);
    },
    keydown: (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden && results.length) open(true);
        active = moveIndex(active, e.key === "ArrowDown" ? 1 : -1, results.length);
        highlight();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (active >= 0) choose(active);
        else if (results.length) choose(0);
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        if (!list.hidden) open(false);
        else {
          input.value = "";
          input.blur();
        }
      }
    },
    focus: () => {
      if (results.length && searchable(input.value)) open(true);
    },
    blur: () => open(false),
  });

  store.watch(["lang"], (s) => {
    input.placeholder = t(s.lang, "search.placeholder");
    input.setAttribute("aria-label", t(s.lang, "search.placeholder"));
    if (results.length) render();
  });

  return {
    focus: () => {
      input.focus();
      input.select();
    },
    close: () => {
      const was = !list.hidden;
      open(false);
      return was;
    },
  };
}
