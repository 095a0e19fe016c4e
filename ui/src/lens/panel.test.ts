import { describe, expect, it } from "vitest";
import type { CountyLens } from "../bindings";
import { t } from "../i18n/dict";
import { scoped } from "./panel";

const lens = (level: string | null): CountyLens => ({
  scope: level === null ? null : { region: "", name: "", code: "000000", level },
  counties: [],
  columns: [],
  matrix: [],
});

describe("county lens scope", () => {
  it("names the whole of the plan's own area", () => {
    expect(t("zh", scoped(lens("province"), "lens.reset"))).toBe("全省");
    expect(t("zh", scoped(lens("national"), "lens.reset"))).toBe("全国");
    expect(t("zh", scoped(lens("county"), "lens.reset"))).toBe("全县");
    expect(t("zh", scoped(lens("city"), "lens.reset"))).toBe("全市");
    expect(t("en", scoped(lens("province"), "lens.title"))).toBe("City lens");
    // no jurisdiction: the city's words, as before
    expect(t("zh", scoped(lens(null), "lens.reset"))).toBe("全市");
  });
});
