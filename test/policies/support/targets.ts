/**
 * Every resource type the pack reads, as a target that writes one shape-independent description of
 * patch settings ({@link PatchSpec}) with the tests' one shape builder (test/support/resource-shapes.ts,
 * shared with the rule tests). A target returns undefined when its type cannot express the settings
 * (classic Uniform scale sets have no patchMode, Linux has no enableAutomaticUpdates...), so the rule
 * matrix runs each rule on exactly the types it applies to.
 */
import { CUSTOM_IMAGE_ID, type PlatformImage, TEST_IMAGES } from "../../support/images";
import type { Os, ResourceSpec, ShapeDefaults } from "../../support/resource-shapes";
import * as shapes from "../../support/resource-shapes";

export type { Os };
export type Orchestration = "vm" | "uniform" | "flexible";

/** A platform reference or a custom image id, as the pack's tests write them. */
export type ImageSpec = PlatformImage | { readonly id: string };

/** Patch settings independent of any shape. Absent: not written (Azure's default applies). */
export interface PatchSpec extends Omit<ResourceSpec, "image" | "orchestrationMode"> {
    readonly image?: ImageSpec;
    /** Scale sets: an Application Health extension in the extension profile. Default: present. */
    readonly healthExtension?: boolean;
    /** Pins the azure-native Compute API version through the type token (versioned targets only). */
    readonly apiVersion?: string;
}

/** The shared test images (test/support/images.ts): the pack reads the shipped catalog. */
export const IMAGES = {
    windows: TEST_IMAGES.windowsSupported,
    windowsHotpatch: TEST_IMAGES.windowsHotpatch,
    linux: TEST_IMAGES.linuxShipped,
    linuxUnlisted: TEST_IMAGES.linuxUnlisted,
    custom: { id: CUSTOM_IMAGE_ID },
    windowsUnlisted: { publisher: "Contoso", offer: "hardened-windows", sku: "2022" },
} as const;

export interface Target {
    /** For test titles, e.g. "azure-native VirtualMachine (v20230301)". */
    readonly label: string;
    readonly orchestration: Orchestration;
    readonly oses: readonly Os[];
    /** The type token for these settings (versioned targets use spec.apiVersion). */
    type(spec: PatchSpec): string;
    /** The resource's inputs, or undefined when this type cannot express the settings. */
    build(spec: PatchSpec): Record<string, unknown> | undefined;
}

/** Where a spec names no image: the shipped catalog's supported images, version `latest`. */
const PACK_DEFAULTS: ShapeDefaults = { windowsImage: IMAGES.windows, linuxImage: IMAGES.linux, version: "latest" };

/** Linux has neither enableAutomaticUpdates nor enableHotpatching: such settings have no Linux shape. */
function linuxCannotExpress(spec: PatchSpec): boolean {
    return spec.os === "Linux" && (spec.enableAutomaticUpdates !== undefined || spec.enableHotpatching !== undefined);
}

/** Scale sets get an Application Health extension unless the spec says otherwise. */
function scaleSetSpec(spec: PatchSpec, orchestrationMode?: "Uniform" | "Flexible"): ResourceSpec {
    return { ...spec, healthExtension: spec.healthExtension ?? true, orchestrationMode };
}

function nativeVm(spec: PatchSpec): Record<string, unknown> | undefined {
    if (spec.automaticOSUpgrade !== undefined || linuxCannotExpress(spec)) return undefined; // a scale-set setting
    return shapes.nativeVm(spec, PACK_DEFAULTS);
}

function nativeScaleSet(spec: PatchSpec, mode: "Uniform" | "Flexible"): Record<string, unknown> | undefined {
    if (linuxCannotExpress(spec)) return undefined;
    return shapes.nativeVmss(scaleSetSpec(spec, mode), PACK_DEFAULTS);
}

/** The version module of a pinned API version: 2023-03-01 -> v20230301. */
function versionModule(apiVersion: string): string {
    return `v${apiVersion.replace(/-/g, "")}`;
}

/**
 * Classic Windows/Linux VMs and Uniform scale sets: settings at the top level. Scale sets have no
 * patchMode and no hotpatchingEnabled; Linux has no automaticUpdatesEnabled.
 */
function classicFlat(
    spec: PatchSpec,
    o: { readonly os: Os; readonly scaleSet: boolean },
): Record<string, unknown> | undefined {
    if (spec.os !== o.os || linuxCannotExpress(spec)) return undefined;
    if (!o.scaleSet)
        return spec.automaticOSUpgrade !== undefined ? undefined : shapes.classicVm(spec, PACK_DEFAULTS).props;
    // patchMode cannot be written: only Azure's default mode is expressible.
    const defaultMode = o.os === "Windows" ? "AutomaticByOS" : "ImageDefault";
    if (spec.patchMode !== undefined && spec.patchMode !== defaultMode) return undefined;
    if (spec.enableHotpatching !== undefined) return undefined;
    return shapes.classicUniformVmss(scaleSetSpec({ ...spec, patchMode: undefined }), PACK_DEFAULTS).props;
}

/** Classic orchestrated (Flexible) scale set: settings under osProfile.<os>Configuration; no rebootSetting/bypass. */
function classicOrchestrated(spec: PatchSpec): Record<string, unknown> | undefined {
    if (spec.rebootSetting !== undefined || spec.bypass !== undefined || spec.automaticOSUpgrade !== undefined)
        return undefined;
    if (linuxCannotExpress(spec)) return undefined;
    return shapes.classicOrchestratedVmss(scaleSetSpec(spec), PACK_DEFAULTS).props;
}

/** Unversioned targets cannot pin an API version; versioned ones need one (default: a current one). */
function unversioned(build: (spec: PatchSpec) => Record<string, unknown> | undefined) {
    return (spec: PatchSpec) => (spec.apiVersion === undefined ? build(spec) : undefined);
}

const CURRENT_API = "2023-03-01";

export const TARGETS: readonly Target[] = [
    {
        label: "azure-native VirtualMachine",
        orchestration: "vm",
        oses: ["Windows", "Linux"],
        type: () => "azure-native:compute:VirtualMachine",
        build: unversioned(nativeVm),
    },
    {
        label: "azure-native VirtualMachine (versioned token)",
        orchestration: "vm",
        oses: ["Windows", "Linux"],
        type: (spec) => `azure-native:compute/${versionModule(spec.apiVersion ?? CURRENT_API)}:VirtualMachine`,
        build: nativeVm,
    },
    {
        label: "azure-native VirtualMachineScaleSet (Uniform)",
        orchestration: "uniform",
        oses: ["Windows", "Linux"],
        type: () => "azure-native:compute:VirtualMachineScaleSet",
        build: unversioned((spec) => nativeScaleSet(spec, "Uniform")),
    },
    {
        label: "azure-native VirtualMachineScaleSet (Flexible)",
        orchestration: "flexible",
        oses: ["Windows", "Linux"],
        type: () => "azure-native:compute:VirtualMachineScaleSet",
        build: unversioned((spec) => nativeScaleSet(spec, "Flexible")),
    },
    {
        label: "azure-native VirtualMachineScaleSet (versioned token, Flexible)",
        orchestration: "flexible",
        oses: ["Windows", "Linux"],
        type: (spec) => `azure-native:compute/${versionModule(spec.apiVersion ?? CURRENT_API)}:VirtualMachineScaleSet`,
        build: (spec) => nativeScaleSet(spec, "Flexible"),
    },
    {
        label: "@pulumi/azure WindowsVirtualMachine",
        orchestration: "vm",
        oses: ["Windows"],
        type: () => "azure:compute/windowsVirtualMachine:WindowsVirtualMachine",
        build: unversioned((spec) => classicFlat(spec, { os: "Windows", scaleSet: false })),
    },
    {
        label: "@pulumi/azure LinuxVirtualMachine",
        orchestration: "vm",
        oses: ["Linux"],
        type: () => "azure:compute/linuxVirtualMachine:LinuxVirtualMachine",
        build: unversioned((spec) => classicFlat(spec, { os: "Linux", scaleSet: false })),
    },
    {
        label: "@pulumi/azure WindowsVirtualMachineScaleSet",
        orchestration: "uniform",
        oses: ["Windows"],
        type: () => "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet",
        build: unversioned((spec) => classicFlat(spec, { os: "Windows", scaleSet: true })),
    },
    {
        label: "@pulumi/azure LinuxVirtualMachineScaleSet",
        orchestration: "uniform",
        oses: ["Linux"],
        type: () => "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet",
        build: unversioned((spec) => classicFlat(spec, { os: "Linux", scaleSet: true })),
    },
    {
        label: "@pulumi/azure OrchestratedVirtualMachineScaleSet",
        orchestration: "flexible",
        oses: ["Windows", "Linux"],
        type: () => "azure:compute/orchestratedVirtualMachineScaleSet:OrchestratedVirtualMachineScaleSet",
        build: unversioned(classicOrchestrated),
    },
];

/** The target's resource for a spec, or undefined when it does not apply. */
export function resourceFor(
    target: Target,
    spec: PatchSpec,
    name: string,
): { type: string; name: string; properties: Record<string, unknown> } | undefined {
    if (!target.oses.includes(spec.os)) return undefined;
    const properties = target.build(spec);
    return properties ? { type: target.type(spec), name, properties } : undefined;
}
