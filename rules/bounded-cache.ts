/**
 * A memo bounded by what it holds, not only by how many entries: the rule core caches answers keyed by
 * text the user wrote (an image SKU, recorded settings), and a key can be any length. A count alone let
 * 300 distinct 1 MB SKUs keep 300 MB alive; here the keys' total length is capped too, a key too long
 * to be worth keeping is never stored, and the oldest entries make room for new ones.
 */
export interface CacheLimits {
    /** Most entries held at once. */
    readonly maxEntries: number;
    /** Most characters of keys held at once (a JavaScript string costs about 2 bytes a character). */
    readonly maxKeyChars: number;
    /** A longer key is answered without being stored: such keys are crafted or mistaken, never reused. */
    readonly maxKeyLength: number;
}

export class BoundedCache<V> {
    private readonly entries = new Map<string, V>();
    private chars = 0;

    constructor(private readonly limits: CacheLimits) {}

    get(key: string): V | undefined {
        return this.entries.get(key);
    }

    set(key: string, value: V): void {
        if (key.length > this.limits.maxKeyLength || this.entries.has(key)) return;
        while (
            this.entries.size > 0 &&
            (this.entries.size >= this.limits.maxEntries || this.chars + key.length > this.limits.maxKeyChars)
        ) {
            const oldest = this.entries.keys().next().value as string;
            this.entries.delete(oldest);
            this.chars -= oldest.length;
        }
        this.entries.set(key, value);
        this.chars += key.length;
    }

    /** What the cache holds now: for tests and audits of the bound. */
    get size(): { readonly entries: number; readonly keyChars: number } {
        return { entries: this.entries.size, keyChars: this.chars };
    }
}
