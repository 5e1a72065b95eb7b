/**
 * The tests' one "spec to resource shape" builder: one description of a VM's or scale set's patch
 * settings ({@link ResourceSpec}), written out in each input shape the rule core's readers and the
 * policy pack understand, in that shape's own property names: azure-native (Microsoft.Compute REST
 * API) and classic @pulumi/azure (azurerm), as in their schemas (linked from rules/sources.ts).
 *
 * A builder writes what its shape can hold and leaves out what it cannot (Linux has no
 * enableAutomaticUpdates, a classic Uniform scale set no patchMode...). Which settings a shape can
 * express at all is the pack matrix's concern (test/policies/support/targets.ts); the rule tests
 * (test/rules/fixtures.ts) use the builders directly. Absent in a spec means "not written".
 */
import type { ImageRef } from "../../rules";
import { type PlatformImage, platformRef } from "./images";

export type Os = "Windows" | "Linux";

/** An image as a test writes it: the rule core's ImageRef, or a plain platform reference / custom id. */
export type ImageSpec = ImageRef | PlatformImage | { readonly id: string };

/** Patch settings and the few other inputs the rules read, independent of any shape. */
export interface ResourceSpec {
    readonly os: Os;
    readonly patchMode?: unknown;
    readonly enableAutomaticUpdates?: unknown;
    readonly provisionVMAgent?: unknown;
    readonly enableHotpatching?: unknown;
    readonly assessmentMode?: unknown;
    readonly rebootSetting?: unknown;
    readonly bypass?: unknown;
    /** Default: a supported platform image of the OS (see {@link ShapeDefaults}). */
    readonly image?: ImageSpec;
    readonly tags?: unknown;
    readonly adminPassword?: unknown;
    readonly location?: unknown;
    /** Scale sets (azure-native): the orchestration mode as written; absent means not written. */
    readonly orchestrationMode?: unknown;
    /** Scale sets: an Application Health extension in the extension profile. Default: none. */
    readonly healthExtension?: boolean;
    /** Uniform scale sets: automatic OS image upgrades (R20). */
    readonly automaticOSUpgrade?: boolean;
    /** Extra top-level properties (for example a secret admin password). */
    readonly extra?: Record<string, unknown>;
}

/** Where a spec says nothing about its image: the rule tests and the pack read different catalogs. */
export interface ShapeDefaults {
    readonly windowsImage: ImageSpec;
    readonly linuxImage: ImageSpec;
    /** The version written for a plain platform reference (an ImageRef writes its own). */
    readonly version?: string;
}

export const T = {
    nativeVm: "azure-native:compute:VirtualMachine",
    nativeVmss: "azure-native:compute:VirtualMachineScaleSet",
    classicWindowsVm: "azure:compute/windowsVirtualMachine:WindowsVirtualMachine",
    classicLinuxVm: "azure:compute/linuxVirtualMachine:LinuxVirtualMachine",
    classicWindowsVmss: "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet",
    classicLinuxVmss: "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet",
    classicOrchestrated: "azure:compute/orchestratedVirtualMachineScaleSet:OrchestratedVirtualMachineScaleSet",
} as const;

/** Copies only the entries whose value is not undefined, so "not written" stays absent. */
export function defined(entries: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

function nonEmpty(obj: Record<string, unknown>): Record<string, unknown> | undefined {
    return Object.keys(obj).length > 0 ? obj : undefined;
}

/** The spec's image as the rule core describes it. */
export function imageRefOf(spec: ResourceSpec, defaults: ShapeDefaults): ImageRef {
    const image = spec.image ?? (spec.os === "Windows" ? defaults.windowsImage : defaults.linuxImage);
    if ("kind" in image) return image;
    if ("id" in image) return { kind: "custom", id: image.id };
    return platformRef(image, defaults.version);
}

function nativeImage(image: ImageRef): Record<string, unknown> | undefined {
    if (image.kind === "none") return undefined;
    if (image.kind === "custom") return { id: image.id };
    return defined({ publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version });
}

function classicImage(image: ImageRef): Record<string, unknown> {
    if (image.kind === "none") return {};
    if (image.kind === "custom") return { sourceImageId: image.id };
    const { publisher, offer, sku } = image;
    return { sourceImageReference: { publisher, offer, sku, version: image.version ?? "latest" } };
}

function healthExtensions(spec: ResourceSpec): Record<string, unknown>[] | undefined {
    if (!spec.healthExtension) return undefined;
    return [
        {
            name: "health",
            publisher: "Microsoft.ManagedServices",
            type: spec.os === "Windows" ? "ApplicationHealthWindows" : "ApplicationHealthLinux",
            typeHandlerVersion: "1.0",
        },
    ];
}

/** azure-native: osProfile.<os>Configuration(.patchSettings(.automaticByPlatformSettings)). */
function nativeOsProfile(spec: ResourceSpec, names: Record<string, unknown>): Record<string, unknown> {
    const windows = spec.os === "Windows";
    const patchSettings = nonEmpty(
        defined({
            patchMode: spec.patchMode,
            enableHotpatching: windows ? spec.enableHotpatching : undefined,
            assessmentMode: spec.assessmentMode,
            automaticByPlatformSettings: nonEmpty(
                defined({ rebootSetting: spec.rebootSetting, bypassPlatformSafetyChecksOnUserSchedule: spec.bypass }),
            ),
        }),
    );
    const config = defined({
        enableAutomaticUpdates: windows ? spec.enableAutomaticUpdates : undefined,
        provisionVMAgent: spec.provisionVMAgent,
        patchSettings,
    });
    return defined({
        ...names,
        adminUsername: "azureuser",
        adminPassword: spec.adminPassword,
        [windows ? "windowsConfiguration" : "linuxConfiguration"]: config,
    });
}

function nativeStorageProfile(spec: ResourceSpec, defaults: ShapeDefaults): Record<string, unknown> {
    return defined({
        imageReference: nativeImage(imageRefOf(spec, defaults)),
        osDisk: { createOption: "FromImage" },
    });
}

/** Inputs of an azure-native `compute:VirtualMachine`. */
export function nativeVm(spec: ResourceSpec, defaults: ShapeDefaults): Record<string, unknown> {
    return defined({
        location: spec.location ?? "westeurope",
        hardwareProfile: { vmSize: "Standard_D2s_v5" },
        osProfile: nativeOsProfile(spec, { computerName: "vm" }),
        storageProfile: nativeStorageProfile(spec, defaults),
        tags: spec.tags,
        ...spec.extra,
    });
}

/** Inputs of an azure-native `compute:VirtualMachineScaleSet`. */
export function nativeVmss(spec: ResourceSpec, defaults: ShapeDefaults): Record<string, unknown> {
    const extensions = healthExtensions(spec);
    return defined({
        location: spec.location ?? "westeurope",
        orchestrationMode: spec.orchestrationMode,
        sku: { name: "Standard_D2s_v5", capacity: 2 },
        upgradePolicy:
            spec.automaticOSUpgrade === undefined
                ? undefined
                : {
                      mode: "Automatic",
                      automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: spec.automaticOSUpgrade },
                  },
        virtualMachineProfile: defined({
            osProfile: nativeOsProfile(spec, { computerNamePrefix: "vmss" }),
            storageProfile: nativeStorageProfile(spec, defaults),
            extensionProfile: extensions ? { extensions } : undefined,
        }),
        tags: spec.tags,
        ...spec.extra,
    });
}

export interface ClassicResource {
    readonly type: string;
    readonly props: Record<string, unknown>;
}

/** Inputs of a classic `azure:compute/windowsVirtualMachine` or `linuxVirtualMachine`. */
export function classicVm(spec: ResourceSpec, defaults: ShapeDefaults): ClassicResource {
    const windows = spec.os === "Windows";
    return {
        type: windows ? T.classicWindowsVm : T.classicLinuxVm,
        props: defined({
            location: spec.location ?? "westeurope",
            resourceGroupName: "rg",
            size: "Standard_D2s_v5",
            adminUsername: "azureuser",
            adminPassword: spec.adminPassword,
            patchMode: spec.patchMode,
            automaticUpdatesEnabled: windows ? spec.enableAutomaticUpdates : undefined,
            provisionVmAgent: spec.provisionVMAgent,
            hotpatchingEnabled: windows ? spec.enableHotpatching : undefined,
            patchAssessmentMode: spec.assessmentMode,
            rebootSetting: spec.rebootSetting,
            bypassPlatformSafetyChecksOnUserScheduleEnabled: spec.bypass,
            ...classicImage(imageRefOf(spec, defaults)),
            tags: spec.tags,
            ...spec.extra,
        }),
    };
}

/**
 * Inputs of a classic Uniform scale set (`windowsVirtualMachineScaleSet` / `linuxVirtualMachineScaleSet`):
 * no patchMode and no hotpatchingEnabled (azurerm has neither on these resources).
 */
export function classicUniformVmss(spec: ResourceSpec, defaults: ShapeDefaults): ClassicResource {
    const windows = spec.os === "Windows";
    const upgrade = spec.automaticOSUpgrade;
    return {
        type: windows ? T.classicWindowsVmss : T.classicLinuxVmss,
        props: defined({
            location: spec.location ?? "westeurope",
            resourceGroupName: "rg",
            sku: "Standard_D2s_v5",
            adminUsername: "azureuser",
            adminPassword: spec.adminPassword,
            enableAutomaticUpdates: windows ? spec.enableAutomaticUpdates : undefined,
            provisionVmAgent: spec.provisionVMAgent,
            patchAssessmentMode: spec.assessmentMode,
            rebootSetting: spec.rebootSetting,
            bypassPlatformSafetyChecksOnUserScheduleEnabled: spec.bypass,
            ...classicImage(imageRefOf(spec, defaults)),
            extensions: healthExtensions(spec),
            upgradeMode: upgrade !== undefined ? "Automatic" : undefined,
            automaticOsUpgradePolicy:
                upgrade !== undefined
                    ? { enableAutomaticOsUpgrade: upgrade, disableAutomaticRollback: false }
                    : undefined,
            tags: spec.tags,
            ...spec.extra,
        }),
    };
}

/** Inputs of a classic `orchestratedVirtualMachineScaleSet` (Flexible): settings under osProfile.<os>Configuration. */
export function classicOrchestratedVmss(spec: ResourceSpec, defaults: ShapeDefaults): ClassicResource {
    const windows = spec.os === "Windows";
    const config = defined({
        computerNamePrefix: "vmss",
        adminUsername: "azureuser",
        adminPassword: spec.adminPassword,
        patchMode: spec.patchMode,
        // The scale sets' older spelling; the classic VMs use automaticUpdatesEnabled (the reader takes both).
        enableAutomaticUpdates: windows ? spec.enableAutomaticUpdates : undefined,
        provisionVmAgent: spec.provisionVMAgent,
        hotpatchingEnabled: windows ? spec.enableHotpatching : undefined,
        patchAssessmentMode: spec.assessmentMode,
    });
    return {
        type: T.classicOrchestrated,
        props: defined({
            location: spec.location ?? "westeurope",
            resourceGroupName: "rg",
            platformFaultDomainCount: 1,
            osProfile: { [windows ? "windowsConfiguration" : "linuxConfiguration"]: config },
            ...classicImage(imageRefOf(spec, defaults)),
            extensions: healthExtensions(spec),
            tags: spec.tags,
            ...spec.extra,
        }),
    };
}
