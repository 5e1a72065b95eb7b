/**
 * For the rule-core tests: one description of a VM's patch settings (`VmSpec`), written out in each
 * input shape the readers understand by the tests' one shape builder (test/support/resource-shapes.ts,
 * shared with the pack's tests), plus the assertions every finding test makes. Tests describe what
 * differs; nothing is copy-pasted.
 */
import assert from "node:assert/strict";
import {
    type EvaluateOptions,
    type Evaluation,
    evaluateProfile,
    type Finding,
    type ImageRef,
    type PatchProfile,
    type ReadResourceOptions,
    type RuleId,
    readResource,
} from "../../rules";
import { CUSTOM_IMAGE_ID, platformRef, TEST_CATALOG, TEST_IMAGES } from "../support/images";
import * as shapes from "../support/resource-shapes";
import { type ClassicResource, defined, type ResourceSpec, type ShapeDefaults, T } from "../support/resource-shapes";

/** The shapes come from the tests' one builder (test/support/resource-shapes.ts). */
export { defined, T };

/** Every type token the readers support, including a versioned azure-native module. */
export const ALL_TYPES: readonly string[] = [
    ...Object.values(T),
    "azure-native:compute/v20200601:VirtualMachine",
    "azure-native:compute/v20190701:VirtualMachineScaleSet",
];

/** The shared test images (test/support/images.ts) as the rule core describes them. */
export const IMG = {
    win2019: platformRef(TEST_IMAGES.windowsSupported, "latest"),
    winHotpatch: platformRef(TEST_IMAGES.windowsHotpatch, "latest"),
    winAzureEditionDesktop: platformRef(TEST_IMAGES.windowsAzureEditionDesktop, "latest"),
    winUnlisted: platformRef(TEST_IMAGES.windowsUnlisted),
    linuxSupported: platformRef(TEST_IMAGES.linuxTestCatalog),
    linuxUnlisted: platformRef(TEST_IMAGES.linuxUnlisted),
    custom: { kind: "custom", id: CUSTOM_IMAGE_ID },
    none: { kind: "none" },
} as const satisfies Record<string, ImageRef>;

/** The shipped catalog plus one Linux image, used by every evaluation in these tests. */
export { TEST_CATALOG };

/** A VM's patch settings in azure-native vocabulary; `undefined` means "not written". */
export interface VmSpec extends ResourceSpec {
    readonly image?: ImageRef;
}

/** A scale set's: the orchestration mode as written, and an Application Health extension when true. */
export type ScaleSetSpec = VmSpec;

/** Where a rule test says nothing about the image: a supported one of the OS in {@link TEST_CATALOG}. */
const RULE_DEFAULTS: ShapeDefaults = { windowsImage: IMG.win2019, linuxImage: IMG.linuxSupported };

/** Inputs of an azure-native `compute:VirtualMachine`. */
export const nativeVm = (spec: VmSpec): Record<string, unknown> => shapes.nativeVm(spec, RULE_DEFAULTS);
/** Inputs of an azure-native `compute:VirtualMachineScaleSet`. */
export const nativeVmss = (spec: ScaleSetSpec): Record<string, unknown> => shapes.nativeVmss(spec, RULE_DEFAULTS);
/** Inputs of a classic `azure:compute/windowsVirtualMachine` or `linuxVirtualMachine`. */
export const classicVm = (spec: VmSpec): ClassicResource => shapes.classicVm(spec, RULE_DEFAULTS);
/** Inputs of a classic Uniform scale set. */
export const classicUniformVmss = (spec: ScaleSetSpec): ClassicResource =>
    shapes.classicUniformVmss(spec, RULE_DEFAULTS);
/** Inputs of a classic `orchestratedVirtualMachineScaleSet` (Flexible orchestration). */
export const classicOrchestratedVmss = (spec: ScaleSetSpec): ClassicResource =>
    shapes.classicOrchestratedVmss(spec, RULE_DEFAULTS);

/** Reads a resource and fails the test when the type is not recognised. */
export function read(type: string, props: unknown, options: ReadResourceOptions = {}): PatchProfile {
    const profile = readResource(type, props, { catalog: TEST_CATALOG, ...options });
    assert.ok(profile, `readResource did not recognise ${type}`);
    return profile;
}

/** readResource + evaluateProfile against {@link TEST_CATALOG}. */
export function evaluate(
    type: string,
    props: unknown,
    options: ReadResourceOptions & EvaluateOptions = {},
): Evaluation {
    return evaluateProfile(read(type, props, options), { catalog: TEST_CATALOG, ...options });
}

export function ids(evaluation: { findings: readonly Finding[] }): RuleId[] {
    return [...new Set(evaluation.findings.map((f) => f.ruleId))].sort();
}

export function findingsOf(evaluation: { findings: readonly Finding[] }, ruleId: RuleId): Finding[] {
    return evaluation.findings.filter((f) => f.ruleId === ruleId);
}

export function undeterminedIds(evaluation: Evaluation): RuleId[] {
    return evaluation.undetermined.map((u) => u.ruleId).sort();
}

export interface Expected {
    readonly ruleId: RuleId;
    readonly path: string;
    /** A substring of the value as shown (e.g. `false`, `"Manual"`, `[secret]`). */
    readonly value?: string;
    /** A substring of what Azure allows. */
    readonly allowed?: string;
    /** A substring of the fix. */
    readonly fix?: string;
    readonly severity?: "error" | "warning";
}

/**
 * The one finding of `expected.ruleId` at `expected.path`, checked the way a user reads it: the
 * message names the rule, the property path, the value, what is allowed, a fix and a doc link.
 */
export function expectFinding(evaluation: { findings: readonly Finding[] }, expected: Expected): Finding {
    const matches = evaluation.findings.filter((f) => f.ruleId === expected.ruleId && f.path === expected.path);
    assert.equal(
        matches.length,
        1,
        `expected one ${expected.ruleId} finding at ${expected.path}; got:\n${evaluation.findings.map((f) => f.message).join("\n")}`,
    );
    const f = matches[0];
    assert.equal(f.severity, expected.severity ?? (expected.ruleId.startsWith("W") ? "warning" : "error"));
    assert.ok(f.message.startsWith(`[${expected.ruleId}] ${expected.path} = `), f.message);
    // The path a message shows is the property's keys, which code uses: never a second spelling.
    assert.equal(f.path, f.pathKeys.join("."), "the shown path is the keys joined");
    assert.ok(f.title.length > 0);
    if (expected.value !== undefined) {
        assert.ok(f.value.includes(expected.value), `value ${f.value} should show ${expected.value}`);
    }
    assert.ok(f.message.includes(f.value), "the message shows the value");
    assert.ok(f.allowed.length > 0, "allowed is stated");
    assert.ok(f.message.includes(`Allowed: ${f.allowed}.`), f.message);
    if (expected.allowed !== undefined) assert.ok(f.allowed.includes(expected.allowed), `allowed: ${f.allowed}`);
    assert.ok(f.fix.length > 0, "a fix is given");
    assert.ok(f.message.includes(`Fix: ${f.fix}`), f.message);
    if (expected.fix !== undefined) assert.ok(f.fix.includes(expected.fix), `fix: ${f.fix}`);
    assert.match(f.docUrl, /^https:\/\/learn\.microsoft\.com\//);
    assert.ok(f.message.includes(f.docUrl), "the message links the docs");
    return f;
}

/** Asserts that no finding of these rules is reported. */
export function expectNone(evaluation: { findings: readonly Finding[] }, ...ruleIds: RuleId[]): void {
    const found = evaluation.findings.filter((f) => ruleIds.includes(f.ruleId));
    assert.deepEqual(
        found.map((f) => f.message),
        [],
        `expected no ${ruleIds.join("/")} finding`,
    );
}

/** Windows patch settings that break no rule and trigger no recommendation on a supported image. */
export const COMPLIANT_WINDOWS: VmSpec = {
    os: "Windows",
    patchMode: "AutomaticByPlatform",
    enableAutomaticUpdates: true,
    provisionVMAgent: true,
    assessmentMode: "AutomaticByPlatform",
    image: IMG.win2019,
};

export const COMPLIANT_LINUX: VmSpec = {
    os: "Linux",
    patchMode: "AutomaticByPlatform",
    provisionVMAgent: true,
    assessmentMode: "AutomaticByPlatform",
    image: IMG.linuxSupported,
};
