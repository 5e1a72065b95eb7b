/**
 * Which resource types carry VM patch settings, and the reader for each: the one entry point the
 * policy pack and the offline check use, so a type is recognised the same way everywhere.
 */
import type { CatalogImage } from "../image-catalog";
import type { PatchProfile } from "../profile";
import { type ClassicShape, readClassic } from "./azure-classic";
import { readAzureNativeScaleSet, readAzureNativeVirtualMachine } from "./azure-native";
import type { ReadOptions } from "./property-reader";

export { type ClassicShape, readClassic } from "./azure-classic";
export { readAzureNativeImage, readAzureNativeScaleSet, readAzureNativeVirtualMachine } from "./azure-native";
export {
    type ComponentPatchingRead,
    PATCH_SETTING_NAMES,
    type PatchSettingName,
    readComponentPatching,
    WINDOWS_ONLY_SETTINGS,
} from "./component-patching";
export { PropertyReader, type ReadOptions } from "./property-reader";

/** azure-native tokens, with or without an API version module: `azure-native:compute/v20200601:VirtualMachine`. */
const AZURE_NATIVE =
    /^azure-native:compute(?:\/v(\d{4})(\d{2})(\d{2})(preview)?)?:(VirtualMachine|VirtualMachineScaleSet)$/;

const CLASSIC: Record<string, ClassicShape> = {
    "azure:compute/windowsVirtualMachine:WindowsVirtualMachine": "WindowsVirtualMachine",
    "azure:compute/linuxVirtualMachine:LinuxVirtualMachine": "LinuxVirtualMachine",
    "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet": "WindowsVirtualMachineScaleSet",
    "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet": "LinuxVirtualMachineScaleSet",
    "azure:compute/orchestratedVirtualMachineScaleSet:OrchestratedVirtualMachineScaleSet":
        "OrchestratedVirtualMachineScaleSet",
};

/** The resource type tokens the readers understand (versioned azure-native tokens match by pattern). */
export const SUPPORTED_TYPES: readonly string[] = [
    "azure-native:compute:VirtualMachine",
    "azure-native:compute:VirtualMachineScaleSet",
    ...Object.keys(CLASSIC),
];

export function isPatchableType(type: string): boolean {
    return AZURE_NATIVE.test(type) || Object.hasOwn(CLASSIC, type);
}

export interface ReadResourceOptions extends ReadOptions {
    readonly catalog?: readonly CatalogImage[];
}

/** The patch profile of a resource of any supported type, or undefined for other types. */
export function readResource(
    type: string,
    props: unknown,
    options: ReadResourceOptions = {},
): PatchProfile | undefined {
    const native = AZURE_NATIVE.exec(type);
    if (native) {
        const [, year, month, day, preview, kind] = native;
        const apiVersion = year ? `${year}-${month}-${day}${preview ? "-preview" : ""}` : undefined;
        const opts = apiVersion ? { ...options, apiVersion } : options;
        return kind === "VirtualMachine"
            ? readAzureNativeVirtualMachine(props, opts)
            : readAzureNativeScaleSet(props, opts);
    }
    const shape = Object.hasOwn(CLASSIC, type) ? CLASSIC[type] : undefined;
    return shape ? readClassic(shape, props, options) : undefined;
}
