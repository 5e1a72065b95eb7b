/**
 * A memo for the few objects a process is working on right now: the last `capacity` keys, each with a
 * value, found by identity. The pack's policies use it for what one request asks twice (its
 * properties, once per policy), where the request's objects are garbage a moment later.
 *
 * Why not a WeakMap: a WeakMap entry whose key is still alive at a garbage collection is traced as an
 * ephemeron and keeps its value alive with it, and a request's objects are still alive at the
 * collections that run while it is handled. Measured in the pack (valgrind instruction counts, the
 * bench's fleet): the two per-request WeakMaps cost about 0.03 million instructions per resource,
 * 4% of an empty pack's whole cost per resource (docs/policy-pack.md, "Cost"). A ring of strong
 * references costs a few comparisons, and keeps at most `capacity` finished requests' objects a little
 * longer.
 */
/**
 * How many requests the pack keeps what its policies share (their properties, their assessment): twice
 * the offline check's requests in flight (check/offline-check.ts, ANALYZE_CONCURRENCY); the engine
 * sends one at a time. The SDK runs a request's policies one after another, a microtask apart, so the
 * next policy asks before the next requests are read. A request pushed out first is read again (the
 * same values in a new object), never answered with another request's.
 */
export const RECENT_REQUESTS = 16;

export class RecentObjects<K extends object, V> {
    private readonly keys: (K | undefined)[];
    private readonly values: (V | undefined)[];
    /** The slot the next entry overwrites: the oldest. */
    private next = 0;

    constructor(readonly capacity: number) {
        if (!Number.isInteger(capacity) || capacity < 1)
            throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
        this.keys = new Array<K | undefined>(capacity).fill(undefined);
        this.values = new Array<V | undefined>(capacity).fill(undefined);
    }

    /** The value kept for this very object, or undefined when it is not among the last `capacity` kept. */
    get(key: K): V | undefined {
        const keys = this.keys;
        for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.values[i];
        return undefined;
    }

    /** Keeps a value for an object not yet kept, in place of the oldest entry. */
    set(key: K, value: V): void {
        this.keys[this.next] = key;
        this.values[this.next] = value;
        this.next = (this.next + 1) % this.capacity;
    }
}
