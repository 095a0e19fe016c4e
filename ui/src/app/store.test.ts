import { describe, expect, it } from "vitest";
import { Store } from "./store";

describe("store", () => {
  it("notifies watchers of the fields they watch, and skips no-op updates", () => {
    const s = new Store({ a: 1, b: [1] as number[] });
    const seen: number[] = [];
    s.watch(["a"], (st) => seen.push(st.a));
    s.set({ b: [2] });
    s.set({ a: 1 });
    s.set({ a: 2 });
    expect(seen).toEqual([1, 2]);
    expect(s.get().b).toEqual([2]);
  });
});
