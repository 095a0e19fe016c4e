// The thin reactive layer: one plain-data state, shallow updates, subscribers.
export type Listener<S> = (state: S, prev: S) => void;

export class Store<S extends object> {
  private listeners = new Set<Listener<S>>();

  constructor(private state: S) {}

  get(): S {
    return this.state;
  }

  set(patch: Partial<S>): void {
    const prev = this.state;
    const next = { ...prev, ...patch };
    if ((Object.keys(patch) as (keyof S)[]).every((k) => prev[k] === next[k])) return;
    this.state = next;
    for (const f of [...this.listeners]) f(next, prev);
  }

  subscribe(f: Listener<S>): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  /** Call `render` now and whenever one of the picked fields changes. */
  watch<K extends keyof S>(keys: readonly K[], render: (state: S) => void): () => void {
    render(this.state);
    return this.subscribe((s, prev) => {
      if (keys.some((k) => s[k] !== prev[k])) render(s);
    });
  }
}
