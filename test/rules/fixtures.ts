/**
 * Builders for the rule-core tests: one description of a VM's patch settings (`VmSpec`), written out
 * in each input shape the readers understand (azure-native VM / scale set, classic `@pulumi/azure`),
 * plus the assertions every finding test makes. Tests describe what differs; nothing is copy-pasted.
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

export const T = {
    nativeVm: "azure-native:compute:VirtualMachine",
    nativeVmss: "azure-native:compute:VirtualMachineScaleSet",
    classicWindowsVm: "azure:compute/windowsVirtualMachine:WindowsVirtualMachine",
    classicLinuxVm: "azure:compute/linuxVirtualMachine:LinuxVirtualMachine",
    classicWindowsVmss: "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet",
    classicLinuxVmss: "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet",
    classicOrchestrated: "azure:compute/orchestratedVirtualMachineScaleSet:OrchestratedVirtualMachineScaleSet",
} as const;

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
export interface VmSpec {
    readonly os: "Windows" | "Linux";
    readonly patchMode?: unknown;
    readonly enableAutomaticUpdates?: unknown;
    readonly provisionVMAgent?: unknown;
    readonly enableHotpatching?: unknown;
    readonly assessmentMode?: unknown;
    readonly rebootSetting?: unknown;
    readonly bypass?: unknown;
    readonly image?: ImageRef;
    readonly tags?: unknown;
    readonly adminPassword?: unknown;
    readonly location?: unknown;
}

export interface ScaleSetSpec extends VmSpec {
    readonly orchestrationMode?: unknown;
    /** Adds an ApplicationHealthWindows/Linux extension to the extension profile. */
    readonly healthExtension?: boolean;
}

/** Copies only the entries whose value is not undefined, so "not written" stays absent. */
export function defined(entries: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

function nonEmpty(obj: Record<string, unknown>): Record<string, unknown> | undefined {
    return Object.keys(obj).length > 0 ? obj : undefined;
}

function nativeImage(image: ImageRef | undefined): Record<string, unknown> | undefined {
    if (image === undefined || image.kind === "none") return undefined;
    if (image.kind === "custom") return { id: image.id };
    return defined({ publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version });
}

function nativeOsProfile(spec: VmSpec): Record<string, unknown> {
    const patchSettings = nonEmpty(
        defined({
            patchMode: spec.patchMode,
            enableHotpatching: spec.os === "Windows" ? spec.enableHotpatching : undefined,
            assessmentMode: spec.assessmentMode,
            automaticByPlatformSettings: nonEmpty(
                defined({ rebootSetting: spec.rebootSetting, bypassPlatformSafetyChecksOnUserSchedule: spec.bypass }),
            ),
        }),
    );
    const config = defined({
        enableAutomaticUpdates: spec.os === "Windows" ? spec.enableAutomaticUpdates : undefined,
        provisionVMAgent: spec.provisionVMAgent,
        patchSettings,
    });
    return defined({
        computerName: "vm1",
        adminUsername: "azureuser",
        adminPassword: spec.adminPassword,
        [spec.os === "Windows" ? "windowsConfiguration" : "linuxConfiguration"]: config,
    });
}

/** Inputs of an azure-native `compute:VirtualMachine`. */
export function nativeVm(spec: VmSpec): Record<string, unknown> {
    return defined({
        location: spec.location ?? "westeurope",
        tags: spec.tags,
        osProfile: nativeOsProfile(spec),
        storageProfile: defined({ imageReference: nativeImage(spec.image ?? defaultImage(spec.os)) }),
    });
}

function healthExtension(os: "Windows" | "Linux"): Record<string, unknown> {
    return {
        name: "health",
        publisher: "Microsoft.ManagedServices",
        type: os === "Windows" ? "ApplicationHealthWindows" : "ApplicationHealthLinux",
        typeHandlerVersion: "1.0",
    };
}

/** Inputs of an azure-native `compute:VirtualMachineScaleSet`. */
export function nativeVmss(spec: ScaleSetSpec): Record<string, unknown> {
    return defined({
        location: spec.location ?? "westeurope",
        tags: spec.tags,
        orchestrationMode: spec.orchestrationMode,
        virtualMachineProfile: defined({
            osProfile: nativeOsProfile(spec),
            storageProfile: defined({ imageReference: nativeImage(spec.image ?? defaultImage(spec.os)) }),
            extensionProfile: spec.healthExtension ? { extensions: [healthExtension(spec.os)] } : undefined,
        }),
    });
}

function classicImage(image: ImageRef | undefined): Record<string, unknown> {
    if (image === undefined || image.kind === "none") return {};
    if (image.kind === "custom") return { sourceImageId: image.id };
    return {
        sourceImageReference: {
            publisher: image.publisher,
            offer: image.offer,
            sku: image.sku,
            version: image.version ?? "latest",
        },
    };
}

/** Inputs of a classic `azure:compute/windowsVirtualMachine` or `linuxVirtualMachine`. */
export function classicVm(spec: VmSpec): { type: string; props: Record<string, unknown> } {
    const windows = spec.os === "Windows";
    return {
        type: windows ? T.classicWindowsVm : T.classicLinuxVm,
        props: defined({
            location: spec.location ?? "westeurope",
            tags: spec.tags,
            adminUsername: "azureuser",
            adminPassword: spec.adminPassword,
            patchMode: spec.patchMode,
            automaticUpdatesEnabled: windows ? spec.enableAutomaticUpdates : undefined,
            provisionVmAgent: spec.provisionVMAgent,
            hotpatchingEnabled: windows ? spec.enableHotpatching : undefined,
            patchAssessmentMode: spec.assessmentMode,
            rebootSetting: spec.rebootSetting,
            bypassPlatformSafetyChecksOnUserScheduleEnabled: spec.bypass,
            ...classicImage(spec.image ?? defaultImage(spec.os)),
        }),
    };
}

/** Inputs of a classic Uniform scale set (`windowsVirtualMachineScaleSet` / `linuxVirtualMachineScaleSet`). */
export function classicUniformVmss(spec: ScaleSetSpec): { type: string; props: Record<string, unknown> } {
    const windows = spec.os === "Windows";
    return {
        type: windows ? T.classicWindowsVmss : T.classicLinuxVmss,
        props: defined({
            location: spec.location ?? "westeurope",
            tags: spec.tags,
            adminUsername: "azureuser",
            adminPassword: spec.adminPassword,
            enableAutomaticUpdates: windows ? spec.enableAutomaticUpdates : undefined,
            provisionVmAgent: spec.provisionVMAgent,
            patchAssessmentMode: spec.assessmentMode,
            extensions: spec.healthExtension ? [healthExtension(spec.os)] : undefined,
            ...classicImage(spec.image ?? defaultImage(spec.os)),
        }),
    };
}

/** Inputs of a classic `orchestratedVirtualMachineScaleSet` (Flexible orchestration). */
export function classicOrchestratedVmss(spec: ScaleSetSpec): { type: string; props: Record<string, unknown> } {
    const windows = spec.os === "Windows";
    const config = defined({
        adminUsername: "azureuser",
        adminPassword: spec.adminPassword,
        computerNamePrefix: "vm",
        patchMode: spec.patchMode,
        enableAutomaticUpdates: windows ? spec.enableAutomaticUpdates : undefined,
        provisionVmAgent: spec.provisionVMAgent,
        hotpatchingEnabled: windows ? spec.enableHotpatching : undefined,
        patchAssessmentMode: spec.assessmentMode,
    });
    return {
        type: T.classicOrchestrated,
        props: defined({
            location: spec.location ?? "westeurope",
            tags: spec.tags,
            osProfile: { [windows ? "windowsConfiguration" : "linuxConfiguration"]: config },
            extensions: spec.healthExtension ? [healthExtension(spec.os)] : undefined,
            ...classicImage(spec.image ?? defaultImage(spec.os)),
        }),
    };
}

function defaultImage(os: "Windows" | "Linux"): ImageRef {
    return os === "Windows" ? IMG.win2019 : IMG.linuxSupported;
}

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
