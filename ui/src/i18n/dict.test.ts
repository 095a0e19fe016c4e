import { describe, expect, it } from "vitest";
import { EDGE_KINDS, NODE_KINDS } from "../graph/kinds";
import { basisName, edgeKindName, en, gapName, GAP_CATEGORIES, kindName, langOf, regionBasisName, t, zh } from "./dict";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("i18n", () => {
  it("has every key in both languages, non-empty, with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of Object.entries(zh)) {
      const e = en[k as keyof typeof zh];
      expect(v.trim().length, k).toBeGreaterThan(0);
      expect(e.trim().length, k).toBeGreaterThan(0);
      expect(placeholders(e), k).toEqual(placeholders(v));
    }
  });

  it("names every kind, edge kind, basis and gap category in both languages", () => {
    expect(NODE_KINDS.map((k) => kindName(k, "zh"))).toEqual([
      "目标", "指标", "战略", "篇章", "节", "举措", "平台", "项目", "工程/计划", "产业", "机构", "地区",
    ]);
    expect(kindName("organization", "en")).toBe("Organization");
    for (const k of EDGE_KINDS) expect(edgeKindName(k, "en")).not.toBe(edgeKindName(k, "zh"));
    expect(basisName("curated", "zh")).toBe("人工整理");
    expect([regionBasisName("text", "zh"), regionBasisName("lexicon", "zh"), regionBasisName("curated", "zh")]).toEqual(["文本", "词典", "人工整理"]);
    for (const c of GAP_CATEGORIES) expect(gapName(c, "en")).not.toBe(c);
    expect(gapName("something-new", "zh")).toBe("something-new");
  });

  it("fills placeholders and defaults to Chinese", () => {
    expect(t("zh", "export.saved", { path: "/tmp/a.png" })).toBe("已保存 /tmp/a.png");
    expect(t("en", "export.saved", { path: "/tmp/a.png" })).toBe("Saved /tmp/a.png");
    expect(t("en", "status.nodes", { shown: 1 })).toBe("1 / {total} nodes");
    expect(langOf("en")).toBe("en");
    expect(langOf("fr")).toBe("zh");
    expect(langOf(undefined)).toBe("zh");
  });
});
