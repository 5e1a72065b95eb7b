/**
 * Reads the azure-native `compute:VirtualMachine` and `compute:VirtualMachineScaleSet` input shapes
 * (any API version module) into a patch profile. Paths in findings are the azure-native property paths.
 */

import type { CatalogImage } from "../image-catalog";
import { lookupImage } from "../images";
import type { Field, OrchestrationMode, OsType, PatchProfile, ResourceKind } from "../profile";
import { UNKNOWN } from "../profile";
import { absent, PropertyReader, type ReadOptions } from "./property-reader";

const APPLICATION_HEALTH_TYPES = ["ApplicationHealthWindows", "ApplicationHealthLinux"];

export interface AzureNativeReadOptions extends ReadOptions {
    /** Compute API version pinned by the type token (e.g. "2020-06-01"), if any. */
    readonly apiVersion?: string;
    /** Catalog used to tell the OS from a platform image when no OS configuration is written. */
    readonly catalog?: readonly CatalogImage[];
}

/**
 * The OS: from the configuration block written, else the OS disk's osType, else the image catalog.
 * undefined when none says (rules that depend on the OS then do not apply).
 */
function readOs(
    r: PropertyReader,
    prefix: readonly string[],
    image: Field<PatchProfile["image"]["value"]>,
    catalog: readonly CatalogImage[] | undefined,
): Field<OsType | undefined> {
    const windows = r.lookup([...prefix, "osProfile", "windowsConfiguration"]);
    const linux = r.lookup([...prefix, "osProfile", "linuxConfiguration"]);
    const osProfilePath = [...prefix, "osProfile"].join(".");
    if (windows.value === UNKNOWN || linux.value === UNKNOWN)
        return { value: UNKNOWN, path: osProfilePath, explicit: true };
    if (windows.present && !linux.present)
        return { value: "Windows", path: `${osProfilePath}.windowsConfiguration`, explicit: true };
    if (linux.present && !windows.present)
        return { value: "Linux", path: `${osProfilePath}.linuxConfiguration`, explicit: true };
    const osType = r.string([...prefix, "storageProfile", "osDisk", "osType"]);
    if (osType.value === UNKNOWN) return { value: UNKNOWN, path: osType.path, explicit: true };
    if (osType.value === "Windows" || osType.value === "Linux")
        return { value: osType.value, path: osType.path, explicit: true };
    const img = image.value;
    if (img === UNKNOWN) return { value: UNKNOWN, path: image.path, explicit: true };
    const entry = lookupImage(img, catalog).entries[0];
    return { value: entry?.os, path: osProfilePath, explicit: false };
}

function readProfile(
    props: unknown,
    resourceKind: ResourceKind,
    source: string,
    options: AzureNativeReadOptions,
): PatchProfile {
    const r = new PropertyReader(props, options);
    const prefix = resourceKind === "scaleSet" ? ["virtualMachineProfile"] : [];
    const storage = [...prefix, "storageProfile", "imageReference"];
    const image = r.image(storage, [
        [...storage, "id"],
        [...storage, "sharedGalleryImageId"],
        [...storage, "communityGalleryImageId"],
    ]);
    const os = readOs(r, prefix, image, options.catalog);
    // Which configuration block to read patch settings from; unknown OS: neither (rules stay undecided).
    const block = os.value === "Linux" ? "linuxConfiguration" : "windowsConfiguration";
    const config = [...prefix, "osProfile", block];
    const patch = [...config, "patchSettings"];
    const byPlatform = [...patch, "automaticByPlatformSettings"];
    const windowsOnly = os.value !== "Linux";
    let orchestrationMode: Field<OrchestrationMode | undefined> = {
        value: undefined,
        path: "orchestrationMode",
        explicit: false,
    };
    let hasHealth: Field<boolean> = {
        value: false,
        path: "virtualMachineProfile.extensionProfile.extensions",
        explicit: false,
    };
    if (resourceKind === "scaleSet") {
        const mode = r.string(["orchestrationMode"]);
        orchestrationMode = {
            ...mode,
            value:
                mode.value === UNKNOWN
                    ? UNKNOWN
                    : mode.value === undefined
                      ? undefined
                      : mode.value.toLowerCase() === "flexible"
                        ? "Flexible"
                        : "Uniform",
        };
        hasHealth = {
            ...r.someItem(
                ["virtualMachineProfile", "extensionProfile", "extensions"],
                "type",
                APPLICATION_HEALTH_TYPES,
            ),
            explicit: true,
        };
    }
    return {
        resourceKind,
        source,
        ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
        os,
        patchMode: r.string([...patch, "patchMode"]),
        enableAutomaticUpdates: windowsOnly
            ? r.boolean([...config, "enableAutomaticUpdates"])
            : absent(`${config.join(".")}.enableAutomaticUpdates`),
        provisionVMAgent: r.boolean([...config, "provisionVMAgent"]),
        enableHotpatching: windowsOnly
            ? r.boolean([...patch, "enableHotpatching"])
            : absent(`${patch.join(".")}.enableHotpatching`),
        assessmentMode: r.string([...patch, "assessmentMode"]),
        rebootSetting: r.string([...byPlatform, "rebootSetting"]),
        bypassPlatformSafetyChecksOnUserSchedule: r.boolean([
            ...byPlatform,
            "bypassPlatformSafetyChecksOnUserSchedule",
        ]),
        image,
        orchestrationMode,
        hasApplicationHealthExtension: hasHealth,
        location: r.string(["location"]),
        tags: r.record(["tags"]),
    };
}

export function readAzureNativeVirtualMachine(props: unknown, options: AzureNativeReadOptions = {}): PatchProfile {
    return readProfile(props, "virtualMachine", "azure-native VirtualMachine", options);
}

export function readAzureNativeScaleSet(props: unknown, options: AzureNativeReadOptions = {}): PatchProfile {
    return readProfile(props, "scaleSet", "azure-native VirtualMachineScaleSet", options);
}
