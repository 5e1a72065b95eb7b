/**
 * PropertyReader (rules/readers/property-reader.ts) resumes each lookup from the prefix it shares with
 * the last one. Whatever the order of lookups, one reader answers each exactly as a new reader would:
 * the same value, presence and secrecy, through secrets, unknowns, lists and missing objects.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { PropertyReader, propertyPath, UNKNOWN } from "../../rules";

const SECRET = Symbol("secret");
const options = {
    isUnknown: (v: unknown) => v === "<unknown>",
    unwrapSecret: (v: unknown) =>
        v !== null && typeof v === "object" && SECRET in v
            ? { secret: true, value: (v as Record<symbol, unknown>)[SECRET] }
            : undefined,
};

const KEYS = ["os", "patch", "mode", "0", "1"] as const;

const { tree } = fc.letrec<{ tree: unknown; leaf: unknown }>((tie) => ({
    leaf: fc.oneof(
        fc.constantFrom("Manual", "AutomaticByPlatform", "<unknown>", null, undefined, true, 3),
        fc.constant(UNKNOWN),
    ),
    tree: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        tie("leaf"),
        fc.dictionary(fc.constantFrom(...KEYS), tie("tree"), { maxKeys: 4 }),
        fc.array(tie("tree"), { maxLength: 3 }),
        tie("tree").map((value) => ({ [SECRET]: value })),
    ),
}));

const path = fc.array(fc.constantFrom(...KEYS), { minLength: 0, maxLength: 4 });

describe("rule core: PropertyReader", () => {
    it("answers a sequence of lookups as a new reader answers each one", () => {
        fc.assert(
            fc.property(tree, fc.array(path, { minLength: 1, maxLength: 12 }), (root, paths) => {
                const reader = new PropertyReader(root, options);
                for (const keys of paths) {
                    const at = propertyPath(...keys);
                    assert.deepEqual(reader.lookup(at), new PropertyReader(root, options).lookup(at), at.text);
                }
            }),
            { numRuns: 2_000 },
        );
    });
});
