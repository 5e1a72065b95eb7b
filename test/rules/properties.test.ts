/**
 * Properties of the rule core over generated inputs (fast-check): it never throws on any input, every
 * error finding can be acted on, the components' derivations never contradict R2/R3/R5, and the
 * azure-native and classic shapes of the same VM get the same findings.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { engineSecret, isEngineSecret, UNKNOWN_VALUE } from "../../provider/engine";
import {
    ALL_RULES,
    CUSTOM_PATCHING_TAG,
    checkTransition,
    evaluateProfile,
    type Finding,
    type ImageRef,
    type ReadOptions,
    readResource,
    resolvePatchSettings,
    UNKNOWN,
} from "../../rules";
import {
    ALL_TYPES,
    classicOrchestratedVmss,
    classicUniformVmss,
    classicVm,
    evaluate,
    IMG,
    nativeVm,
    nativeVmss,
    T,
    TEST_CATALOG,
    type VmSpec,
} from "./fixtures";

/** The string the engine and the policy SDK send for an unknown (@pulumi/pulumi's own constant). */
const POLICY_UNKNOWN_STRING = UNKNOWN_VALUE;

const SEVERITY = new Map(ALL_RULES.map((r) => [r.id, r.severity]));

/** Every property name the readers look at, plus names that trip naive object handling. */
const KEYS = [
    "osProfile",
    "windowsConfiguration",
    "linuxConfiguration",
    "patchSettings",
    "patchMode",
    "enableAutomaticUpdates",
    "provisionVMAgent",
    "enableHotpatching",
    "assessmentMode",
    "automaticByPlatformSettings",
    "rebootSetting",
    "bypassPlatformSafetyChecksOnUserSchedule",
    "storageProfile",
    "imageReference",
    "publisher",
    "offer",
    "sku",
    "version",
    "id",
    "sharedGalleryImageId",
    "osDisk",
    "osType",
    "virtualMachineProfile",
    "orchestrationMode",
    "extensionProfile",
    "extensions",
    "type",
    "tags",
    CUSTOM_PATCHING_TAG,
    "location",
    "automaticUpdatesEnabled",
    "provisionVmAgent",
    "hotpatchingEnabled",
    "patchAssessmentMode",
    "bypassPlatformSafetyChecksOnUserScheduleEnabled",
    "sourceImageReference",
    "sourceImageId",
    "0",
    "1",
    "__proto__",
    "constructor",
    "toString",
    "length",
];

const VALUES = [
    "Manual",
    "AutomaticByOS",
    "AutomaticByPlatform",
    "AutomaticByPlatfom",
    "ImageDefault",
    "IfRequired",
    "Always",
    "Windows",
    "Linux",
    "Flexible",
    "Uniform",
    "MicrosoftWindowsServer",
    "WindowsServer",
    "2019-Datacenter",
    "2022-datacenter-azure-edition-core",
    "ApplicationHealthWindows",
    POLICY_UNKNOWN_STRING,
];

/** Objects that fight back: a throwing getter, a revoked proxy, a throwing toJSON/toString. */
function hostile(): unknown[] {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    return [
        Object.defineProperty({}, "patchMode", {
            enumerable: true,
            get() {
                throw new Error("getter");
            },
        }),
        revocable.proxy,
        {
            toJSON() {
                throw new Error("toJSON");
            },
            toString() {
                throw new Error("toString");
            },
        },
        Object.create(null),
    ];
}

const HOSTILE = Symbol("hostile");

/** Replaces the hostile markers in generated junk by the hostile objects themselves. */
function arm(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    const marker = (value as Record<symbol, unknown>)[HOSTILE];
    if (typeof marker === "number") return hostile()[marker];
    if (Array.isArray(value)) return value.map(arm);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out = Object.create(proto);
    for (const key of Object.keys(value)) {
        Object.defineProperty(out, key, { value: arm((value as Record<string, unknown>)[key]), enumerable: true });
    }
    return out;
}

const leaf = fc.oneof(
    fc.constant(UNKNOWN),
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 8 }),
    fc.constantFrom(...VALUES),
    // A marker, armed in the property (see `arm`): fast-check itself cannot hold a revoked proxy.
    fc.nat(3).map((i) => ({ [HOSTILE]: i })),
    fc.anything({
        maxDepth: 2,
        withNullPrototype: true,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withSparseArray: true,
        withBoxedValues: true,
        withObjectString: true,
    }),
);

/** Nested junk shaped like real inputs: real property names at any depth, any values, secrets. */
const { junk } = fc.letrec((tie) => ({
    junk: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.dictionary(fc.constantFrom(...KEYS), tie("junk"), { maxKeys: 6 }),
        fc.array(tie("junk"), { maxLength: 3 }),
        tie("junk").map(engineSecret),
    ),
}));

const PASSWORD = "pw-Zq81!xK-never-shown";
const unwrapSecret = (v: unknown) =>
    isEngineSecret(v) ? { secret: true, value: (v as { value: unknown }).value } : { secret: false, value: v };

/** Junk in which the password sits anywhere as a secret, and as the plain value of any adminPassword. */
const { junkWithPassword } = fc.letrec((tie) => ({
    junkWithPassword: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.constant(engineSecret(PASSWORD)),
        fc
            .dictionary(fc.constantFrom(...KEYS, "adminPassword"), tie("junkWithPassword"), { maxKeys: 6 })
            .map((o) => (Object.hasOwn(o, "adminPassword") ? { ...o, adminPassword: PASSWORD } : o)),
        fc.array(tie("junkWithPassword"), { maxLength: 3 }),
    ),
}));

const readOptions: fc.Arbitrary<ReadOptions> = fc.oneof(
    fc.constant({}),
    fc.constant({
        isUnknown: (v: unknown) => v === POLICY_UNKNOWN_STRING,
        unwrapSecret: (v: unknown) =>
            isEngineSecret(v) ? { secret: true, value: (v as { value: unknown }).value } : { secret: false, value: v },
    }),
    fc.constant({
        isUnknown: (v: unknown) => {
            if (typeof v === "number") throw new Error("isUnknown");
            return false;
        },
        unwrapSecret: (v: unknown) => {
            if (Array.isArray(v)) throw new Error("unwrapSecret");
            return { secret: false, value: v };
        },
    }),
);

/** The checks every finding must pass: a user can act on it. */
function assertActionable(findings: readonly Finding[]): void {
    for (const f of findings) {
        assert.match(f.ruleId, /^(R([0-9]|1[0-9]|20)|W[1-8])$/);
        assert.equal(f.severity, SEVERITY.get(f.ruleId), f.message);
        assert.ok(f.path.length > 0, f.message);
        assert.ok(f.fix.trim().length > 0, f.message);
        assert.ok(f.message.startsWith(`[${f.ruleId}]`), f.message);
        if (f.severity === "error") assert.ok(f.allowed.length > 0 && f.docUrl.startsWith("https://"), f.message);
    }
}

const IMAGES: ImageRef[] = Object.values(IMG);
const image = fc.constantFrom(...IMAGES);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const windowsMode = fc.constantFrom("Manual", "AutomaticByOS", "AutomaticByPlatform");
const anyMode = fc.constantFrom("Manual", "AutomaticByOS", "AutomaticByPlatform", "ImageDefault", "AutomaticByPlatfom");

/** VM settings from the values users write (valid and not), in azure-native vocabulary. */
const vmSpec: fc.Arbitrary<VmSpec> = fc.record({
    os: fc.constantFrom("Windows" as const, "Linux" as const),
    patchMode: maybe(anyMode),
    enableAutomaticUpdates: maybe(fc.boolean()),
    provisionVMAgent: maybe(fc.boolean()),
    // Classic azurerm sends hotpatchingEnabled=false when absent: written explicitly so both shapes agree.
    enableHotpatching: fc.boolean(),
    assessmentMode: maybe(fc.constantFrom("ImageDefault", "AutomaticByPlatform", "Periodic")),
    rebootSetting: maybe(fc.constantFrom("IfRequired", "Never", "Always")),
    bypass: maybe(fc.boolean()),
    image,
    tags: maybe(fc.constant({ [CUSTOM_PATCHING_TAG]: "WSUS" })),
});

function ruleSet(findings: readonly Finding[]): string[] {
    return [...new Set(findings.map((f) => `${f.ruleId}:${f.severity}`))].sort();
}

describe("rule core: properties", function () {
    this.timeout(60_000);

    it("(a) reading and evaluating never throws, on any input, for every supported type", () => {
        for (const type of ALL_TYPES) {
            fc.assert(
                fc.property(fc.oneof(junk, leaf), junk, readOptions, (props, other, options) => {
                    const profile = readResource(type, arm(props), { ...options, catalog: TEST_CATALOG });
                    assert.ok(profile, type);
                    const evaluation = evaluateProfile(profile, { catalog: TEST_CATALOG });
                    assertActionable(evaluation.findings);
                    evaluateProfile(profile, { errorsOnly: true });
                    const after = readResource(type, arm(other), options);
                    assert.ok(after);
                    const transition = checkTransition(profile, after, { allowReplacement: true });
                    // Replacement allowed: a refused change asks for replacement and reports nothing.
                    if (transition.replace) assert.deepEqual(transition.findings, []);
                    else assertActionable(transition.findings);
                    assertActionable(checkTransition(after, profile).findings);
                }),
                { numRuns: 250 },
            );
        }
    });

    it("a hostile object where a record is read (tags) reads as unknown, and evaluation goes on", () => {
        // Found by (a) in CI: reading tags through a revoked proxy threw out of the reader.
        for (const type of ALL_TYPES) {
            for (const tags of hostile()) {
                const profile = readResource(type, { tags }, { catalog: TEST_CATALOG });
                assert.ok(profile, type);
                assertActionable(evaluateProfile(profile, { catalog: TEST_CATALOG }).findings);
                checkTransition(profile, profile);
            }
            const revoked = Proxy.revocable({}, {});
            revoked.revoke();
            assert.equal(readResource(type, { tags: revoked.proxy }, {})?.tags.value, UNKNOWN, type);
        }
    });

    it("a password never reaches a finding, wherever it sits in the input", () => {
        fc.assert(
            fc.property(fc.constantFrom(...ALL_TYPES), junkWithPassword, (type, props) => {
                const profile = readResource(type, arm(props), { unwrapSecret, catalog: TEST_CATALOG });
                assert.ok(profile);
                const ev = evaluateProfile(profile, { catalog: TEST_CATALOG });
                const transition = checkTransition(profile, profile);
                for (const f of [...ev.findings, ...transition.findings]) {
                    const text = [f.message, f.value, f.allowed, f.fix, f.path].join(" ");
                    assert.ok(!text.includes(PASSWORD), f.message);
                }
                for (const u of ev.undetermined) assert.ok(!u.paths.join().includes(PASSWORD));
            }),
            { numRuns: 1000 },
        );
    });

    it("(b) every finding of a realistic VM carries its rule id, a path, a fix and a doc link", () => {
        const shapes = [
            (s: VmSpec) => ({ type: T.nativeVm, props: nativeVm(s) }),
            (s: VmSpec) => ({ type: T.nativeVmss, props: nativeVmss({ ...s, orchestrationMode: "Flexible" }) }),
            (s: VmSpec) => ({ type: "azure-native:compute/v20200601:VirtualMachine", props: nativeVm(s) }),
            classicVm,
            classicUniformVmss,
            classicOrchestratedVmss,
        ];
        let findings = 0;
        fc.assert(
            fc.property(vmSpec, fc.nat(shapes.length - 1), (spec, i) => {
                const { type, props } = shapes[i](spec);
                const ev = evaluate(type, props);
                findings += ev.findings.length;
                assertActionable(ev.findings);
                for (const f of ev.findings) assert.ok(f.message.includes(f.path) && f.message.includes(f.docUrl));
            }),
            { numRuns: 1000 },
        );
        assert.ok(findings > 1000, "the generator must produce findings to check");
    });

    describe("(c) resolvePatchSettings' derivations never break R2, R3 or R5", () => {
        const target = fc.record({ os: fc.constantFrom("Windows" as const, "Linux" as const), image });

        it("for any mode (or none), OS and image, enableAutomaticUpdates is derived to agree", () => {
            fc.assert(
                fc.property(
                    target,
                    maybe(windowsMode.chain((m) => fc.constantFrom(m, "ImageDefault"))),
                    (t, patchMode) => {
                        const result = resolvePatchSettings(patchMode === undefined ? {} : { patchMode }, {
                            ...t,
                            catalog: TEST_CATALOG,
                        });
                        if (!result.ok) {
                            const ids = result.findings.map((f) => f.ruleId);
                            assert.ok(!ids.some((id) => ["R2", "R3", "R5"].includes(id)), ids.join());
                            return;
                        }
                        const s = result.settings;
                        if (t.os === "Windows") assert.equal(s.enableAutomaticUpdates, s.patchMode !== "Manual");
                        else assert.equal(s.enableAutomaticUpdates, undefined);
                    },
                ),
                { numRuns: 500 },
            );
        });

        it("for any written settings, an accepted result keeps them and breaks no rule", () => {
            const settings = {
                patchMode: anyMode,
                enableAutomaticUpdates: fc.boolean(),
                provisionVMAgent: fc.boolean(),
                enableHotpatching: fc.boolean(),
                assessmentMode: fc.constantFrom("ImageDefault", "AutomaticByPlatform"),
                rebootSetting: fc.constantFrom("IfRequired", "Never", "Always"),
                bypassPlatformSafetyChecksOnUserSchedule: fc.boolean(),
            };
            // Up to three written settings: enough to combine, few enough that many are valid.
            const input = fc
                .subarray(Object.keys(settings) as (keyof typeof settings)[], { maxLength: 3 })
                .chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, settings[k]]))));
            let accepted = 0;
            fc.assert(
                fc.property(target, input, (t, written) => {
                    const result = resolvePatchSettings(written, { ...t, catalog: TEST_CATALOG });
                    if (!result.ok) {
                        assertActionable(result.findings);
                        return;
                    }
                    accepted++;
                    for (const [key, value] of Object.entries(written)) {
                        assert.equal(result.settings[key as keyof typeof result.settings], value, key);
                    }
                    const again = evaluateProfile(result.profile, { catalog: TEST_CATALOG });
                    assert.deepEqual(
                        again.findings.filter((f) => f.severity === "error").map((f) => f.message),
                        [],
                    );
                    assert.deepEqual(again.undetermined, []);
                }),
                { numRuns: 1000 },
            );
            assert.ok(accepted > 200, `only ${accepted} accepted: the generator must reach valid settings`);
        });
    });

    it("(d) the azure-native and classic shapes of the same VM get the same findings", () => {
        fc.assert(
            fc.property(vmSpec, (spec) => {
                const native = evaluate(T.nativeVm, nativeVm(spec));
                const { type, props } = classicVm(spec);
                const classic = evaluate(type, props);
                assert.deepEqual(ruleSet(classic.findings), ruleSet(native.findings));
                assert.deepEqual(
                    classic.undetermined.map((u) => u.ruleId),
                    native.undetermined.map((u) => u.ruleId),
                );
            }),
            { numRuns: 1000 },
        );
    });

    it("(d) a Flexible scale set gets the same findings as azure-native and as a classic orchestrated one", () => {
        // The classic orchestrated shape has no rebootSetting or bypass: generated without them.
        const flexibleSpec = fc.record({
            spec: vmSpec.map((s) => ({ ...s, rebootSetting: undefined, bypass: undefined })),
            healthExtension: fc.boolean(),
        });
        fc.assert(
            fc.property(flexibleSpec, ({ spec, healthExtension }) => {
                const native = evaluate(
                    T.nativeVmss,
                    nativeVmss({ ...spec, orchestrationMode: "Flexible", healthExtension }),
                );
                const { type, props } = classicOrchestratedVmss({ ...spec, healthExtension });
                const classic = evaluate(type, props);
                assert.deepEqual(ruleSet(classic.findings), ruleSet(native.findings));
            }),
            { numRuns: 500 },
        );
    });
});
