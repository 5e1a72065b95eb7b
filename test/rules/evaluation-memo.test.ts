/**
 * The evaluation memo (rules/evaluation-memo.ts) and the profile key it stands on
 * (rules/profile-key.ts): an evaluation shared between two profiles is the one each would get on its
 * own, and no two profiles that could be judged differently share a key.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
    CUSTOM_PATCHING_TAG,
    EvaluationMemo,
    evaluateProfile,
    type ImageRef,
    type PatchProfile,
    profileKey,
    UNKNOWN,
} from "../../rules";
import { TEST_CATALOG } from "../support/images";
import {
    COMPLIANT_WINDOWS,
    classicOrchestratedVmss,
    classicUniformVmss,
    classicVm,
    IMG,
    nativeVm,
    nativeVmss,
    read,
    T,
    type VmSpec,
} from "./fixtures";

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const vmSpec: fc.Arbitrary<VmSpec> = fc.record({
    os: fc.constantFrom("Windows" as const, "Linux" as const),
    patchMode: maybe(fc.constantFrom("Manual", "AutomaticByOS", "AutomaticByPlatform", "ImageDefault", "Automatic")),
    enableAutomaticUpdates: maybe(fc.boolean()),
    provisionVMAgent: maybe(fc.boolean()),
    enableHotpatching: maybe(fc.boolean()),
    assessmentMode: maybe(fc.constantFrom("ImageDefault", "AutomaticByPlatform")),
    rebootSetting: maybe(fc.constantFrom("IfRequired", "Never", "Always")),
    bypass: maybe(fc.boolean()),
    image: fc.constantFrom<ImageRef>(...Object.values(IMG)),
    tags: maybe(fc.constantFrom({ [CUSTOM_PATCHING_TAG]: "WSUS" }, { env: "prod" })),
});

/** Every shape the readers know, each from the same spec. */
const SHAPES: readonly ((spec: VmSpec) => { readonly type: string; readonly props: unknown })[] = [
    (spec) => ({ type: T.nativeVm, props: nativeVm(spec) }),
    (spec) => ({ type: T.nativeVmss, props: nativeVmss({ ...spec, orchestrationMode: "Flexible" }) }),
    (spec) => ({ type: T.nativeVmss, props: nativeVmss({ ...spec, orchestrationMode: "Uniform" }) }),
    classicVm,
    classicUniformVmss,
    classicOrchestratedVmss,
];

/** A value the readers see as unknown, or a secret wrapper they open, at a random setting. */
type Twist = "none" | "unknown" | "secret";
const SECRET = Symbol("secret");
const wrap = (value: unknown) => ({ [SECRET]: value });
const readOptions = {
    catalog: TEST_CATALOG,
    isUnknown: (v: unknown) => v === "<unknown>",
    unwrapSecret: (v: unknown) =>
        v !== null && typeof v === "object" && SECRET in v
            ? { secret: true, value: (v as Record<symbol, unknown>)[SECRET] }
            : undefined,
};

function twisted(spec: VmSpec, twist: Twist, at: keyof VmSpec): VmSpec {
    if (twist === "none" || at === "os" || at === "image" || at === "tags" || spec[at] === undefined) return spec;
    return { ...spec, [at]: twist === "unknown" ? "<unknown>" : wrap(spec[at]) } as VmSpec;
}

const SETTINGS: readonly (keyof VmSpec)[] = [
    "patchMode",
    "enableAutomaticUpdates",
    "provisionVMAgent",
    "enableHotpatching",
    "assessmentMode",
    "rebootSetting",
    "bypass",
];

/**
 * A fleet's worth of settings: specs drawn once from the generator, so that runs meet the same
 * settings again (as VMs written from one template do) and the memo answers from what it kept.
 */
const POOL = fc.sample(vmSpec, { numRuns: 40, seed: 20261202 });

describe("rule core: evaluation memo", () => {
    it("a shared evaluation is the one each profile gets on its own (generated VMs and scale sets, every shape)", () => {
        const memo = new EvaluationMemo();
        const keys = new Set<string>();
        let runs = 0;
        fc.assert(
            fc.property(
                fc.constantFrom(...POOL),
                fc.nat(SHAPES.length - 1),
                fc.constantFrom<Twist>("none", "none", "none", "none", "unknown", "secret"),
                fc.constantFrom(...SETTINGS),
                fc.boolean(),
                (spec, shape, twist, at, uniformOptIn) => {
                    const { type, props } = SHAPES[shape](twisted(spec, twist, at));
                    const profile = read(type, props, readOptions);
                    const options = { catalog: TEST_CATALOG, uniformScaleSetAutomaticPatching: uniformOptIn };
                    const key = profileKey(profile);
                    if (key !== undefined) keys.add(`${uniformOptIn}${key}`);
                    runs++;
                    assert.deepEqual(memo.evaluate(profile, options), evaluateProfile(profile, options));
                },
            ),
            { numRuns: 3000 },
        );
        // The property means something only if profiles met evaluations made for other profiles.
        assert.ok(keys.size < runs / 2, `only ${runs - keys.size} of ${runs} evaluations were shared`);
    });

    it("the key tells apart what the rules tell apart: type, unknown, secret, default, path", () => {
        const base = read(T.nativeVm, nativeVm(COMPLIANT_WINDOWS), readOptions);
        const variants: [string, PatchProfile][] = [
            [
                "a string where a boolean is",
                { ...base, provisionVMAgent: { ...base.provisionVMAgent, value: undefined, raw: "true" } },
            ],
            ["unknown", { ...base, patchMode: { ...base.patchMode, value: UNKNOWN, raw: UNKNOWN } }],
            ["not written", { ...base, patchMode: { ...base.patchMode, value: undefined, raw: undefined } }],
            ["secret", { ...base, patchMode: { ...base.patchMode, secret: true } }],
            ["a default", { ...base, patchMode: { ...base.patchMode, explicit: !base.patchMode.explicit } }],
            ["another path", { ...base, patchMode: { ...base.patchMode, path: "patchMode", pathKeys: ["patchMode"] } }],
            [
                "a default by the provider",
                { ...base, enableHotpatching: { ...base.enableHotpatching, defaultBy: "azurerm sends false" } },
            ],
            ["another tag", { ...base, tags: { ...base.tags, value: { env: "dev" } } }],
            ["another source", { ...base, source: "@pulumi/azure WindowsVirtualMachine" }],
            ["an API version", { ...base, apiVersion: "2020-06-01" }],
        ];
        const baseKey = profileKey(base);
        assert.ok(baseKey);
        for (const [what, profile] of variants) assert.notEqual(profileKey(profile), baseKey, what);
        assert.equal(profileKey({ ...base }), baseKey, "the same content, another object");
    });

    it("the key tells an unwritten setting from one written, secret, defaulted or carrying more", () => {
        const base = read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, rebootSetting: undefined }), readOptions);
        const unwritten = base.rebootSetting;
        assert.equal(unwritten.explicit, false, "the fixture leaves rebootSetting unwritten");
        const variants: [string, PatchProfile][] = [
            ["written as null", { ...base, rebootSetting: { ...unwritten, explicit: true } }],
            ["behind a secret", { ...base, rebootSetting: { ...unwritten, secret: true } }],
            ["a provider's default", { ...base, rebootSetting: { ...unwritten, defaultBy: "azurerm sends Never" } }],
            [
                "no raw part",
                {
                    ...base,
                    rebootSetting: {
                        value: undefined,
                        path: unwritten.path,
                        pathKeys: unwritten.pathKeys,
                        explicit: false,
                    } as typeof unwritten,
                },
            ],
            ["one more part", { ...base, rebootSetting: { ...unwritten, note: "x" } as typeof unwritten }],
        ];
        const baseKey = profileKey(base);
        assert.ok(baseKey);
        const keys = new Set([baseKey]);
        for (const [what, profile] of variants) {
            const key = profileKey(profile);
            assert.ok(key !== undefined && !keys.has(key), what);
            keys.add(key);
        }
    });

    it("a raw value that is not plain data gives no key, and is still evaluated", () => {
        const base = read(T.nativeVm, nativeVm(COMPLIANT_WINDOWS), readOptions);
        class Odd {
            readonly v = 1;
        }
        const odd = { ...base, patchMode: { ...base.patchMode, value: undefined, raw: new Odd() } };
        assert.equal(profileKey(odd), undefined);
        const memo = new EvaluationMemo();
        assert.deepEqual(
            memo.evaluate(odd, { catalog: TEST_CATALOG }),
            evaluateProfile(odd, { catalog: TEST_CATALOG }),
        );
        const sparse: unknown[] = [1];
        sparse[2] = 3;
        const holes = { ...base, patchMode: { ...base.patchMode, value: undefined, raw: sparse } };
        assert.equal(profileKey(holes), undefined, "an array with a hole would encode like one with null");
    });

    it("holds no more than its limits", () => {
        const memo = new EvaluationMemo({ maxEntries: 3, maxKeyChars: 1_000_000, maxKeyLength: 100_000 });
        const base = read(T.nativeVm, nativeVm(COMPLIANT_WINDOWS), readOptions);
        const first = memo.evaluate(base, { catalog: TEST_CATALOG });
        for (let i = 0; i < 5; i++)
            memo.evaluate({ ...base, tags: { ...base.tags, value: { n: String(i) } } }, { catalog: TEST_CATALOG });
        const again = memo.evaluate(base, { catalog: TEST_CATALOG });
        assert.notEqual(again, first, "the oldest entry made room");
        assert.deepEqual(again, first);
    });
});
