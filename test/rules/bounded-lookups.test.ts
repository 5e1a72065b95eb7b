/**
 * The image lookup stays cheap whatever a user (or an attacker's pull request) writes: a wildcard SKU
 * matches in time linear in the SKU, `*` matches every character alike, and the lookup caches are
 * bounded by the characters they hold, not only by their count.
 */
import assert from "node:assert/strict";
import { BoundedCache } from "../../rules/bounded-cache";
import { extendCatalog, IMAGE_LOOKUP_LIMITS, lookupImage, skuMatches } from "../../rules/images";

describe("image lookup: wildcard SKUs", () => {
    it("a crafted SKU against a many-star pattern is answered at once (was a backtracking regex)", () => {
        // `^a.*a.*a...b$` against "aaaa..." backtracks through every split: minutes before, linear now.
        const pattern = `${"a*".repeat(40)}b`;
        const sku = "a".repeat(200_000);
        assert.equal(skuMatches(pattern, sku), false);
        assert.equal(skuMatches(pattern, `${sku}b`), true);
        const catalog = extendCatalog([{ publisher: "Contoso", offer: "x", sku: pattern, os: "Linux" }]);
        assert.equal(lookupImage({ kind: "platform", publisher: "Contoso", offer: "x", sku }, catalog).listed, false);
    });

    it("`*` matches every character alike, line breaks included", () => {
        assert.equal(skuMatches("gen*2", "gen\n2"), true, "a regex `.` stopped at a newline");
        assert.equal(skuMatches("gen*2", "gen\u20282"), true);
        assert.equal(skuMatches("*", ""), true);
        assert.equal(skuMatches("a*a", "a"), false, "the start and the end do not overlap");
        assert.equal(skuMatches("a*b*c", "ABXBC"), true, "case is ignored");
        assert.equal(skuMatches("a*b*c", "acb"), false, "pieces in order");
        assert.equal(skuMatches("8.*", "8x1"), false, "a dot is a dot");
    });
});

describe("image lookup: caches bounded by memory", () => {
    it("300 distinct SKUs of 1 MB leave the lookup cache no larger than its character bound", () => {
        const catalog = extendCatalog([{ publisher: "Contoso", offer: "x", sku: "*", os: "Linux" }]);
        for (let i = 0; i < 300; i++) {
            const sku = `${i}-${"x".repeat(1_000_000)}`;
            assert.equal(
                lookupImage({ kind: "platform", publisher: "Contoso", offer: "x", sku }, catalog).listed,
                true,
            );
        }
        // The same bound, exercised directly: keys of any length never hold more than maxKeyChars.
        const cache = new BoundedCache<number>(IMAGE_LOOKUP_LIMITS);
        for (let i = 0; i < 300; i++) cache.set(`${i}-${"x".repeat(1_000_000)}`, i);
        assert.equal(cache.size.entries, 0, "a key longer than maxKeyLength is answered, not kept");
        for (let i = 0; i < 5_000; i++) cache.set(`${i}-${"y".repeat(2_000)}`, i);
        assert.ok(cache.size.keyChars <= IMAGE_LOOKUP_LIMITS.maxKeyChars, `${cache.size.keyChars} characters held`);
        assert.ok(cache.size.entries < 5_000, "the oldest entries made room");
        assert.equal(cache.get(`4999-${"y".repeat(2_000)}`), 4999, "the newest is kept");
    });

    it("a count bound still holds for short keys", () => {
        const cache = new BoundedCache<number>({ maxEntries: 3, maxKeyChars: 1_000, maxKeyLength: 100 });
        for (const key of ["a", "b", "c", "d"]) cache.set(key, 1);
        assert.deepEqual(cache.size, { entries: 3, keyChars: 3 });
        assert.equal(cache.get("a"), undefined);
        assert.equal(cache.get("d"), 1);
    });
});
