// Export controls: format (#export-format), PNG scale (#export-scale),
// "selection only", and #export-btn.
import type { Actions } from "../app/actions";
import type { AppState } from "../app/state";
import type { Store } from "../app/store";
import type { DataFormat, ImageFormat } from "../bindings";
import { h, on, replace } from "../dom";
import { t } from "../i18n/dict";

const IMAGE: readonly ImageFormat[] = ["png", "svg", "pdf"];
const DATA: readonly DataFormat[] = ["json", "graphml", "gexf", "csv"];

export function isImageFormat(f: string): f is ImageFormat {
  return (IMAGE as readonly string[]).includes(f);
}

export function isDataFormat(f: string): f is DataFormat {
  return (DATA as readonly string[]).includes(f);
}

export function mountExport(el: HTMLElement, store: Store<AppState>, act: Actions): void {
  const format = h("select", { id: "export-format" });
  const scale = h("select", { id: "export-scale" }, ...[1, 2, 3, 4].map((n) => h("option", { value: n }, `${n}×`)));
  scale.value = "2";
  const only = h("input", { id: "export-selection", type: "checkbox" });
  const onlyLabel = h("label", { class: "check" }, only, h("span"));
  const button = h("button", { id: "export-btn", type: "button" });
  const formatLabel = h("label", { class: "sr-only", for: "export-format" });
  const scaleLabel = h("label", { class: "sr-only", for: "export-scale" });
  el.append(formatLabel, format, scaleLabel, scale, onlyLabel, button);

  const sync = () => {
    scale.disabled = format.value !== "png";
  };
  on(format, { change: sync });
  on(button, {
    click: () => {
      const f = format.value;
      if (isImageFormat(f)) act.exportImage(f, Number(scale.value) || 1, only.checked);
      else if (isDataFormat(f)) act.exportData(f, only.checked);
    },
  });

  store.watch(["lang", "selected"], (s) => {
    const current = format.value || "png";
    replace(format,
      h("optgroup", { label: t(s.lang, "export.image") }, ...IMAGE.map((f) => h("option", { value: f }, f.toUpperCase()))),
      h("optgroup", { label: t(s.lang, "export.data") }, ...DATA.map((f) => h("option", { value: f }, f === "graphml" ? "GraphML" : f.toUpperCase()))));
    format.value = current;
    formatLabel.textContent = t(s.lang, "export.format");
    scaleLabel.textContent = t(s.lang, "export.scale");
    scale.title = t(s.lang, "export.scale");
    (onlyLabel.lastChild as HTMLElement).textContent = t(s.lang, "export.onlySelection");
    only.disabled = s.selected.length === 0;
    button.textContent = t(s.lang, "export.button");
    sync();
  });
}
