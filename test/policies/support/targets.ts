/**
 * Every resource type the pack reads, as a builder that writes one shape-independent description of
 * patch settings ({@link PatchSpec}) in that type's own property names. A builder returns undefined when
 * its type cannot express the settings (classic Uniform scale sets have no patchMode, Linux has no
 * enableAutomaticUpdates...), so the rule matrix runs each rule on exactly the types it applies to.
 *
 * Property names: azure-native (Microsoft.Compute REST API) and classic @pulumi/azure (azurerm), as
 * in their schemas (linked from rules/sources.ts).
 */
import { CUSTOM_IMAGE_ID, TEST_IMAGES } from "../../support/images";

export type Os = "Windows" | "Linux";
export type Orchestration = "vm" | "uniform" | "flexible";

export type ImageSpec = { publisher: string; offer: string; sku: string } | { id: string };

/** Patch settings independent of any shape. Absent: not written (Azure's default applies). */
export interface PatchSpec {
    readonly os: Os;
    readonly patchMode?: unknown;
    readonly enableAutomaticUpdates?: unknown;
    readonly provisionVMAgent?: unknown;
    readonly enableHotpatching?: unknown;
    readonly assessmentMode?: unknown;
    readonly rebootSetting?: unknown;
    readonly bypass?: unknown;
    readonly image?: ImageSpec;
    /** Scale sets: an Application Health extension in the extension profile. Default: present. */
    readonly healthExtension?: boolean;
    /** Pins the azure-native Compute API version through the type token (versioned targets only). */
    readonly apiVersion?: string;
    readonly tags?: Record<string, unknown>;
    /** Uniform scale sets: automatic OS image upgrades on (R20). */
    readonly automaticOSUpgrade?: boolean;
    /** Extra top-level properties (for example a secret admin password). */
    readonly extra?: Record<string, unknown>;
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

/** Copies only the defined entries, so "not written" stays absent. */
function defined(entries: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

function nonEmpty(value: Record<string, unknown>): Record<string, unknown> | undefined {
    return Object.keys(value).length > 0 ? value : undefined;
}

function defaultImage(spec: PatchSpec): ImageSpec {
    return spec.image ?? (spec.os === "Windows" ? IMAGES.windows : IMAGES.linux);
}

/** azure-native: osProfile.<os>Configuration(.patchSettings(.automaticByPlatformSettings)). */
function nativeOsProfile(spec: PatchSpec): Record<string, unknown> | undefined {
    if (spec.os === "Linux" && (spec.enableAutomaticUpdates !== undefined || spec.enableHotpatching !== undefined)) {
        return undefined; // Linux has neither property.
    }
    const byPlatform = nonEmpty(
        defined({ rebootSetting: spec.rebootSetting, bypassPlatformSafetyChecksOnUserSchedule: spec.bypass }),
    );
    const patchSettings = nonEmpty(
        defined({
            patchMode: spec.patchMode,
            enableHotpatching: spec.enableHotpatching,
            assessmentMode: spec.assessmentMode,
            automaticByPlatformSettings: byPlatform,
        }),
    );
    const config = defined({
        enableAutomaticUpdates: spec.enableAutomaticUpdates,
        provisionVMAgent: spec.provisionVMAgent,
        patchSettings,
    });
    return {
        computerName: "vm",
        adminUsername: "azureuser",
        [spec.os === "Windows" ? "windowsConfiguration" : "linuxConfiguration"]: config,
    };
}

function nativeImage(spec: PatchSpec): Record<string, unknown> {
    const image = defaultImage(spec);
    return "id" in image ? { id: image.id } : { ...image, version: "latest" };
}

function healthExtensions(spec: PatchSpec, typeKey: "type"): Record<string, unknown>[] {
    if (spec.healthExtension === false) return [];
    return [
        {
            name: "health",
            publisher: "Microsoft.ManagedServices",
            [typeKey]: spec.os === "Windows" ? "ApplicationHealthWindows" : "ApplicationHealthLinux",
            typeHandlerVersion: "1.0",
        },
    ];
}

function nativeVm(spec: PatchSpec): Record<string, unknown> | undefined {
    if (spec.automaticOSUpgrade !== undefined) return undefined; // a scale-set setting
    const osProfile = nativeOsProfile(spec);
    if (!osProfile) return undefined;
    return defined({
        location: "westeurope",
        hardwareProfile: { vmSize: "Standard_D2s_v5" },
        osProfile,
        storageProfile: { imageReference: nativeImage(spec), osDisk: { createOption: "FromImage" } },
        tags: spec.tags,
        ...spec.extra,
    });
}

function nativeScaleSet(
    spec: PatchSpec,
    mode: "Uniform" | "Flexible" | undefined,
): Record<string, unknown> | undefined {
    const osProfile = nativeOsProfile(spec);
    if (!osProfile) return undefined;
    return defined({
        location: "westeurope",
        orchestrationMode: mode,
        sku: { name: "Standard_D2s_v5", capacity: 2 },
        upgradePolicy:
            spec.automaticOSUpgrade === undefined
                ? undefined
                : {
                      mode: "Automatic",
                      automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: spec.automaticOSUpgrade },
                  },
        virtualMachineProfile: {
            osProfile: { ...osProfile, computerNamePrefix: "vmss" },
            storageProfile: { imageReference: nativeImage(spec), osDisk: { createOption: "FromImage" } },
            extensionProfile: { extensions: healthExtensions(spec, "type") },
        },
        tags: spec.tags,
        ...spec.extra,
    });
}

/** The version module of a pinned API version: 2023-03-01 -> v20230301. */
function versionModule(apiVersion: string): string {
    return `v${apiVersion.replace(/-/g, "")}`;
}

function classicImage(spec: PatchSpec): Record<string, unknown> {
    const image = defaultImage(spec);
    return "id" in image ? { sourceImageId: image.id } : { sourceImageReference: { ...image, version: "latest" } };
}

interface ClassicOptions {
    readonly os: Os;
    readonly scaleSet: boolean;
}

/**
 * Classic Windows/Linux VMs and Uniform scale sets: settings at the top level. Scale sets have no
 * patchMode and no hotpatchingEnabled; Linux has no automaticUpdatesEnabled.
 */
function classicFlat(spec: PatchSpec, o: ClassicOptions): Record<string, unknown> | undefined {
    if (spec.os !== o.os) return undefined;
    if (!o.scaleSet && spec.automaticOSUpgrade !== undefined) return undefined;
    const windows = o.os === "Windows";
    if (!windows && (spec.enableAutomaticUpdates !== undefined || spec.enableHotpatching !== undefined))
        return undefined;
    if (o.scaleSet) {
        // patchMode cannot be written: only Azure's default mode is expressible.
        const defaultMode = windows ? "AutomaticByOS" : "ImageDefault";
        if (spec.patchMode !== undefined && spec.patchMode !== defaultMode) return undefined;
        if (spec.enableHotpatching !== undefined) return undefined;
    }
    return defined({
        location: "westeurope",
        resourceGroupName: "rg",
        size: "Standard_D2s_v5",
        adminUsername: "azureuser",
        patchMode: o.scaleSet ? undefined : spec.patchMode,
        automaticUpdatesEnabled: windows ? spec.enableAutomaticUpdates : undefined,
        provisionVmAgent: spec.provisionVMAgent,
        hotpatchingEnabled: spec.enableHotpatching,
        patchAssessmentMode: spec.assessmentMode,
        rebootSetting: spec.rebootSetting,
        bypassPlatformSafetyChecksOnUserScheduleEnabled: spec.bypass,
        ...classicImage(spec),
        extensions: o.scaleSet ? healthExtensions(spec, "type") : undefined,
        upgradeMode: o.scaleSet && spec.automaticOSUpgrade !== undefined ? "Automatic" : undefined,
        automaticOsUpgradePolicy:
            o.scaleSet && spec.automaticOSUpgrade !== undefined
                ? { enableAutomaticOsUpgrade: spec.automaticOSUpgrade, disableAutomaticRollback: false }
                : undefined,
        tags: spec.tags,
        ...spec.extra,
    });
}

/** Classic orchestrated (Flexible) scale set: settings under osProfile.<os>Configuration; no rebootSetting/bypass. */
function classicOrchestrated(spec: PatchSpec): Record<string, unknown> | undefined {
    if (spec.rebootSetting !== undefined || spec.bypass !== undefined || spec.automaticOSUpgrade !== undefined)
        return undefined;
    const windows = spec.os === "Windows";
    if (!windows && (spec.enableAutomaticUpdates !== undefined || spec.enableHotpatching !== undefined))
        return undefined;
    const config = defined({
        computerNamePrefix: "vmss",
        adminUsername: "azureuser",
        patchMode: spec.patchMode,
        automaticUpdatesEnabled: windows ? spec.enableAutomaticUpdates : undefined,
        provisionVmAgent: spec.provisionVMAgent,
        hotpatchingEnabled: windows ? spec.enableHotpatching : undefined,
        patchAssessmentMode: spec.assessmentMode,
    });
    return defined({
        location: "westeurope",
        resourceGroupName: "rg",
        platformFaultDomainCount: 1,
        osProfile: { [windows ? "windowsConfiguration" : "linuxConfiguration"]: config },
        ...classicImage(spec),
        extensions: healthExtensions(spec, "type"),
        tags: spec.tags,
        ...spec.extra,
    });
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
