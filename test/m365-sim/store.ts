/**
 * A keyed collection with change tracking, the substrate of every Graph collection the
 * simulator serves. Items are addressed by a stable numeric key (their identity for life);
 * the Graph id shown to clients is derived from the key, the container and how many times
 * the item moved. A store may be backed by a lazy generator (`BaseSource`): generated items
 * cost nothing until they are read or changed, which is how a 500 × 5,000 company fits in
 * memory. Every change takes the next sequence number of the store; delta queries are
 * answered from those numbers and from tombstones.
 */

export interface BaseSource<T> {
  readonly count: number;
  containerOf(index: number): string;
  make(index: number): T;
}

export interface StoredItem<T> {
  key: number;
  container: string;
  data: T;
  /** Sequence number of the last change; 0 for items present since the tenant was seeded. */
  changeSeq: number;
  /** How many times the item moved between containers (changes its mutable id). */
  moves: number;
}

export interface Tombstone {
  key: number;
  container: string;
  seq: number;
  moves: number;
}

export type ChangeEntry<T> =
  | { kind: 'item'; seq: number; item: StoredItem<T> }
  | { kind: 'removed'; seq: number; tombstone: Tombstone };

export class ItemStore<T> {
  private readonly overlay = new Map<number, StoredItem<T>>();
  private readonly deletedBase = new Set<number>();
  private readonly tombstones: Tombstone[] = [];
  private baseIndex: Map<string, Int32Array> | undefined;
  private nextKey: number;
  /** Incremented when delta tokens are invalidated (fault injection or reset). */
  epoch = 1;

  constructor(
    private readonly clock: SeqClock,
    private readonly base?: BaseSource<T>,
  ) {
    this.nextKey = base?.count ?? 0;
  }

  /** The current point of the store's clock (the upper bound of a delta round). */
  now(): number {
    return this.clock.current;
  }

  private bump(): number {
    return this.clock.next();
  }

  private isBase(key: number): boolean {
    return this.base !== undefined && key < this.base.count;
  }

  get(key: number): StoredItem<T> | undefined {
    const o = this.overlay.get(key);
    if (o) return o;
    if (!this.isBase(key) || this.deletedBase.has(key) || !this.base) return undefined;
    return {
      key,
      container: this.base.containerOf(key),
      data: this.base.make(key),
      changeSeq: 0,
      moves: 0,
    };
  }

  /** Adds an item seeded with the tenant (change sequence 0). */
  seed(container: string, data: T): StoredItem<T> {
    const item: StoredItem<T> = { key: this.nextKey++, container, data, changeSeq: 0, moves: 0 };
    this.overlay.set(item.key, item);
    return item;
  }

  create(container: string, data: T): StoredItem<T> {
    const item: StoredItem<T> = {
      key: this.nextKey++,
      container,
      data,
      changeSeq: this.bump(),
      moves: 0,
    };
    this.overlay.set(item.key, item);
    return item;
  }

  /** Replaces an item's data (a change, seen by delta). */
  update(key: number, change: (data: T) => T): StoredItem<T> | undefined {
    const cur = this.get(key);
    if (!cur) return undefined;
    const item: StoredItem<T> = { ...cur, data: change(cur.data), changeSeq: this.bump() };
    this.overlay.set(key, item);
    return item;
  }

  /** Moves an item: a removal from the old container and a new item in the new one. */
  move(key: number, container: string, change?: (data: T) => T): StoredItem<T> | undefined {
    const cur = this.get(key);
    if (!cur) return undefined;
    if (cur.container === container) return this.update(key, change ?? ((d) => d));
    this.tombstones.push({ key, container: cur.container, seq: this.bump(), moves: cur.moves });
    const data = change ? change(cur.data) : cur.data;
    const item: StoredItem<T> = {
      key,
      container,
      data,
      changeSeq: this.bump(),
      moves: cur.moves + 1,
    };
    this.overlay.set(key, item);
    return item;
  }

  delete(key: number): StoredItem<T> | undefined {
    const cur = this.get(key);
    if (!cur) return undefined;
    this.overlay.delete(key);
    if (this.isBase(key)) this.deletedBase.add(key);
    this.tombstones.push({ key, container: cur.container, seq: this.bump(), moves: cur.moves });
    return cur;
  }

  /** Whether a key ever existed (to answer 404 versus "moved"). */
  knows(key: number): boolean {
    return key < this.nextKey;
  }

  private baseKeysOf(container: string | null): Int32Array | null {
    if (!this.base) return null;
    if (container === null) return null;
    if (!this.baseIndex) {
      const groups = new Map<string, number[]>();
      for (let i = 0; i < this.base.count; i++) {
        const c = this.base.containerOf(i);
        let g = groups.get(c);
        if (!g) groups.set(c, (g = []));
        g.push(i);
      }
      this.baseIndex = new Map([...groups].map(([c, keys]) => [c, Int32Array.from(keys)]));
    }
    return this.baseIndex.get(container) ?? new Int32Array(0);
  }

  /**
   * Items of a container (or of the whole store when `container` is null) with key greater
   * than `afterKey`, ascending by key.
   */
  list(container: string | null, afterKey: number, limit: number): StoredItem<T>[] {
    const out: StoredItem<T>[] = [];
    const extra = [...this.overlay.values()]
      .filter((it) => it.key > afterKey && (container === null || it.container === container))
      .sort((a, b) => a.key - b.key);
    const baseKeys = this.baseKeysOf(container);
    let bi = 0;
    let baseNext: () => number;
    if (baseKeys) {
      let lo = 0;
      let hi = baseKeys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((baseKeys[mid] ?? 0) <= afterKey) lo = mid + 1;
        else hi = mid;
      }
      bi = lo;
      baseNext = () => (bi < baseKeys.length ? (baseKeys[bi] ?? Infinity) : Infinity);
    } else if (this.base && container === null) {
      bi = Math.max(0, afterKey + 1);
      const count = this.base.count;
      baseNext = () => (bi < count ? bi : Infinity);
    } else {
      baseNext = () => Infinity;
    }
    let ei = 0;
    while (out.length < limit) {
      const b = baseNext();
      const e = ei < extra.length ? (extra[ei]?.key ?? Infinity) : Infinity;
      if (b === Infinity && e === Infinity) break;
      if (e <= b) {
        const it = extra[ei++];
        if (it) out.push(it);
        if (e === b) bi++;
      } else {
        bi++;
        if (this.overlay.has(b) || this.deletedBase.has(b)) continue;
        const it = this.get(b);
        if (it) out.push(it);
      }
    }
    return out;
  }

  /**
   * The current items of a container (or of the whole store) without materialising the
   * generated ones: keys of untouched base items, and the stored (overlay) items.
   */
  keys(container: string | null): { base: number[]; overlay: StoredItem<T>[] } {
    const base: number[] = [];
    const skip = (k: number) => this.overlay.has(k) || this.deletedBase.has(k);
    const keys = this.baseKeysOf(container);
    if (keys) {
      for (const k of keys) if (!skip(k)) base.push(k);
    } else if (this.base && container === null) {
      for (let k = 0; k < this.base.count; k++) if (!skip(k)) base.push(k);
    }
    const overlay = [...this.overlay.values()].filter(
      (it) => container === null || it.container === container,
    );
    return { base, overlay };
  }

  /** All current items of a container (use for small stores only). */
  all(container: string | null): StoredItem<T>[] {
    return this.list(container, -1, Number.MAX_SAFE_INTEGER);
  }

  count(container: string | null): number {
    let n: number;
    if (!this.base) n = 0;
    else if (container === null) n = this.base.count - this.deletedBase.size;
    else {
      const keys = this.baseKeysOf(container) ?? new Int32Array(0);
      n = keys.length;
      for (const k of this.deletedBase) if (this.base.containerOf(k) === container) n--;
    }
    for (const it of this.overlay.values()) {
      const inBase = this.isBase(it.key) && this.base;
      const baseContainer = inBase ? this.base?.containerOf(it.key) : undefined;
      const countedAsBase = inBase && (container === null || baseContainer === container);
      const belongs = container === null || it.container === container;
      if (belongs && !countedAsBase) n++;
      if (!belongs && countedAsBase) n--;
    }
    return n;
  }

  /** Base items of a container satisfying a cheap predicate, overlay items by their data. */
  countWhere(
    container: string,
    baseTest: (index: number) => boolean,
    test: (data: T) => boolean,
  ): number {
    let n = 0;
    const keys = this.baseKeysOf(container);
    if (keys)
      for (const k of keys)
        if (!this.overlay.has(k) && !this.deletedBase.has(k) && baseTest(k)) n++;
    for (const it of this.overlay.values()) if (it.container === container && test(it.data)) n++;
    return n;
  }

  /**
   * Changes with afterSeq < seq ≤ uptoSeq (ascending by seq, only those after `cursor`), in
   * one container or in all (null).
   */
  changes(
    container: string | null,
    afterSeq: number,
    uptoSeq: number,
    cursor: number,
    limit: number,
  ): ChangeEntry<T>[] {
    const lo = Math.max(afterSeq, cursor);
    const out: ChangeEntry<T>[] = [];
    for (const it of this.overlay.values()) {
      if (
        it.changeSeq > lo &&
        it.changeSeq <= uptoSeq &&
        (container === null || it.container === container)
      )
        out.push({ kind: 'item', seq: it.changeSeq, item: it });
    }
    for (const t of this.tombstones) {
      if (t.seq > lo && t.seq <= uptoSeq && (container === null || t.container === container))
        out.push({ kind: 'removed', seq: t.seq, tombstone: t });
    }
    out.sort((a, b) => a.seq - b.seq);
    return out.slice(0, limit);
  }
}

/** One sequence clock shared by related stores (so a token can span them). */
export class SeqClock {
  private n = 0;
  next(): number {
    return ++this.n;
  }
  get current(): number {
    return this.n;
  }
}
