import { describe, expect, it } from "vitest";
import type { Mark } from "../bindings";
import { segments } from "./marks";

const mark = (start: number, end: number, code: string, note = ""): Mark => ({ start, end, code, note });

describe("segments", () => {
  it("cuts a passage at its marks, in characters", () => {
    const runs = segments("加强党的全面领导", [mark(2, 3, "restored-char", "* restored as 党"), mark(0, 4, "mention")]);
    expect(runs.map((r) => r.text)).toEqual(["加强", "党", "的", "全面领导"]);
    expect(runs.map((r) => r.marks.map((m) => m.code).sort())).toEqual([["mention"], ["mention", "restored-char"], ["mention"], []]);
  });

  it("counts characters beyond the BMP as one", () => {
    const runs = segments("𠀀甲乙", [mark(1, 2, "mention")]);
    expect(runs.map((r) => r.text)).toEqual(["𠀀", "甲", "乙"]);
  });

  it("ignores empty and out-of-range marks", () => {
    expect(segments("abc", [mark(2, 2, "mention"), mark(5, 9, "mention")])).toEqual([{ text: "abc", marks: [] }]);
    expect(segments("abc", [mark(1, 99, "mention")]).map((r) => r.text)).toEqual(["a", "bc"]);
    expect(segments("", [])).toEqual([]);
  });
});
