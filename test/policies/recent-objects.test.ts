/**
 * The pack's memo for a request's objects (policies/recent-objects.ts): found by identity only, the
 * last `capacity` kept, the oldest pushed out first.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { RecentObjects } from "../../policies/recent-objects";

describe("policy pack: recent objects", () => {
    it("answers as a list of the last `capacity` entries would, by identity", () => {
        const pool = Array.from({ length: 12 }, (_, i) => ({ id: i }));
        const op = fc.record({ set: fc.boolean(), key: fc.nat(pool.length - 1), value: fc.integer() });
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
                const recent = new RecentObjects<object, number>(capacity);
                // The model: the entries set, oldest first, at most `capacity` of them. Entries are set
                // for objects not kept (as the pack does, after a miss).
                const model: { key: object; value: number }[] = [];
                for (const { set, key, value } of ops) {
                    const object = pool[key];
                    const kept = model.find((e) => e.key === object);
                    if (set && !kept) {
                        recent.set(object, value);
                        model.push({ key: object, value });
                        if (model.length > capacity) model.shift();
                    } else {
                        assert.equal(recent.get(object), kept?.value);
                    }
                }
            }),
            { numRuns: 2000 },
        );
    });

    it("does not answer for an equal object that is not the same one", () => {
        const recent = new RecentObjects<object, string>(4);
        recent.set({ location: "westeurope" }, "kept");
        assert.equal(recent.get({ location: "westeurope" }), undefined);
    });

    it("refuses a capacity that is not a positive integer", () => {
        assert.throws(() => new RecentObjects(0), /capacity must be a positive integer, got 0/);
        assert.throws(() => new RecentObjects(2.5), /capacity must be a positive integer, got 2.5/);
    });
});
