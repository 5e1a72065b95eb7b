/**
 * Reads the azure-native `compute:VirtualMachine` and `compute:VirtualMachineScaleSet` input shapes
 * (any API version module) into a patch profile. Paths in findings are the azure-native property paths.
 */

import type { CatalogImage } from "../image-catalog";
import { lookupImage } from "../images";
import type { Field, ImageRef, OrchestrationMode, OsType, PatchProfile, ResourceKind } from "../profile";
import { UNKNOWN } from "../profile";
import {
    absent,
    childPath,
    type ImagePaths,
    imagePaths,
    type PropertyPath,
    PropertyReader,
    propertyPath,
    type ReadOptions,
} from "./property-reader";

const APPLICATION_HEALTH_TYPES = ["ApplicationHealthWindows", "ApplicationHealthLinux"];

export interface AzureNativeReadOptions extends ReadOptions {
    /** Compute API version pinned by the type token (e.g. "2020-06-01"), if any. */
    readonly apiVersion?: string;
    /** Catalog used to tell the OS from a platform image when no OS configuration is written. */
    readonly catalog?: readonly CatalogImage[];
}

/** The patch settings' paths inside one OS configuration block (windowsConfiguration or linuxConfiguration). */
interface OsConfigurationPaths {
    readonly patchMode: PropertyPath;
    readonly enableAutomaticUpdates: PropertyPath;
    readonly provisionVMAgent: PropertyPath;
    readonly enableHotpatching: PropertyPath;
    readonly assessmentMode: PropertyPath;
    readonly rebootSetting: PropertyPath;
    readonly bypassPlatformSafetyChecksOnUserSchedule: PropertyPath;
}

/** Every path the reader reads in one shape (VM, or scale set under virtualMachineProfile), built once. */
interface ShapePaths {
    readonly osProfile: PropertyPath;
    readonly windowsConfiguration: PropertyPath;
    readonly linuxConfiguration: PropertyPath;
    readonly osType: PropertyPath;
    readonly image: ImagePaths;
    readonly settings: Readonly<Record<OsType, OsConfigurationPaths>>;
}

function osConfigurationPaths(block: PropertyPath): OsConfigurationPaths {
    const patch = childPath(block, "patchSettings");
    const byPlatform = childPath(patch, "automaticByPlatformSettings");
    return {
        patchMode: childPath(patch, "patchMode"),
        enableAutomaticUpdates: childPath(block, "enableAutomaticUpdates"),
        provisionVMAgent: childPath(block, "provisionVMAgent"),
        enableHotpatching: childPath(patch, "enableHotpatching"),
        assessmentMode: childPath(patch, "assessmentMode"),
        rebootSetting: childPath(byPlatform, "rebootSetting"),
        bypassPlatformSafetyChecksOnUserSchedule: childPath(byPlatform, "bypassPlatformSafetyChecksOnUserSchedule"),
    };
}

function shapePaths(prefix: readonly string[]): ShapePaths {
    const osProfile = propertyPath(...prefix, "osProfile");
    const windowsConfiguration = childPath(osProfile, "windowsConfiguration");
    const linuxConfiguration = childPath(osProfile, "linuxConfiguration");
    const imageReference = propertyPath(...prefix, "storageProfile", "imageReference");
    return {
        osProfile,
        windowsConfiguration,
        linuxConfiguration,
        osType: propertyPath(...prefix, "storageProfile", "osDisk", "osType"),
        image: imagePaths(imageReference, [
            childPath(imageReference, "id"),
            childPath(imageReference, "sharedGalleryImageId"),
            childPath(imageReference, "communityGalleryImageId"),
        ]),
        settings: {
            Windows: osConfigurationPaths(windowsConfiguration),
            Linux: osConfigurationPaths(linuxConfiguration),
        },
    };
}

const PATHS: Readonly<Record<ResourceKind, ShapePaths>> = {
    virtualMachine: shapePaths([]),
    scaleSet: shapePaths(["virtualMachineProfile"]),
};
const ORCHESTRATION_MODE = propertyPath("orchestrationMode");
const EXTENSIONS = propertyPath("virtualMachineProfile", "extensionProfile", "extensions");
const AUTOMATIC_OS_UPGRADE = propertyPath("upgradePolicy", "automaticOSUpgradePolicy", "enableAutomaticOSUpgrade");
const LOCATION = propertyPath("location");
const TAGS = propertyPath("tags");

/**
 * The OS: from the configuration block written, else the OS disk's osType, else the image catalog.
 * undefined when none says (rules that depend on the OS then do not apply).
 */
function readOs(
    r: PropertyReader,
    paths: ShapePaths,
    image: Field<PatchProfile["image"]["value"]>,
    catalog: readonly CatalogImage[] | undefined,
): Field<OsType | undefined> {
    const windows = r.lookup(paths.windowsConfiguration);
    const linux = r.lookup(paths.linuxConfiguration);
    if (windows.value === UNKNOWN || linux.value === UNKNOWN)
        return { value: UNKNOWN, path: paths.osProfile.text, pathKeys: paths.osProfile.keys, explicit: true };
    if (windows.present && !linux.present) {
        const at = paths.windowsConfiguration;
        return { value: "Windows", path: at.text, pathKeys: at.keys, explicit: true };
    }
    if (linux.present && !windows.present) {
        const at = paths.linuxConfiguration;
        return { value: "Linux", path: at.text, pathKeys: at.keys, explicit: true };
    }
    const osType = r.string(paths.osType);
    const typeAt = { path: osType.path, pathKeys: osType.pathKeys };
    if (osType.value === UNKNOWN) return { value: UNKNOWN, ...typeAt, explicit: true };
    if (osType.value === "Windows" || osType.value === "Linux")
        return { value: osType.value, ...typeAt, explicit: true };
    const img = image.value;
    if (img === UNKNOWN) return { value: UNKNOWN, path: image.path, pathKeys: image.pathKeys, explicit: true };
    const entry = lookupImage(img, catalog).entries[0];
    return { value: entry?.os, path: paths.osProfile.text, pathKeys: paths.osProfile.keys, explicit: false };
}

function readProfile(
    props: unknown,
    resourceKind: ResourceKind,
    source: string,
    options: AzureNativeReadOptions,
): PatchProfile {
    const r = new PropertyReader(props, options);
    const paths = PATHS[resourceKind];
    const image = r.image(paths.image);
    const os = readOs(r, paths, image, options.catalog);
    // Which configuration block to read patch settings from; unknown OS: neither (rules stay undecided).
    const settings = paths.settings[os.value === "Linux" ? "Linux" : "Windows"];
    const windowsOnly = os.value !== "Linux";
    let orchestrationMode: Field<OrchestrationMode | undefined> = {
        value: undefined,
        path: ORCHESTRATION_MODE.text,
        pathKeys: ORCHESTRATION_MODE.keys,
        explicit: false,
    };
    let hasHealth: Field<boolean> = { value: false, path: EXTENSIONS.text, pathKeys: EXTENSIONS.keys, explicit: false };
    if (resourceKind === "scaleSet") {
        const mode = r.string(ORCHESTRATION_MODE);
        orchestrationMode = {
            path: mode.path,
            pathKeys: mode.pathKeys,
            explicit: mode.explicit,
            secret: mode.secret,
            value:
                mode.value === UNKNOWN
                    ? UNKNOWN
                    : mode.value === undefined
                      ? undefined
                      : mode.value.toLowerCase() === "flexible"
                        ? "Flexible"
                        : "Uniform",
        };
        const health = r.someItem(EXTENSIONS, "type", APPLICATION_HEALTH_TYPES);
        hasHealth = { value: health.value, path: health.path, pathKeys: health.pathKeys, explicit: true };
    }
    const profile: PatchProfile = {
        resourceKind,
        source,
        os,
        patchMode: r.string(settings.patchMode),
        enableAutomaticUpdates: windowsOnly
            ? r.boolean(settings.enableAutomaticUpdates)
            : absent(settings.enableAutomaticUpdates),
        provisionVMAgent: r.boolean(settings.provisionVMAgent),
        enableHotpatching: windowsOnly ? r.boolean(settings.enableHotpatching) : absent(settings.enableHotpatching),
        assessmentMode: r.string(settings.assessmentMode),
        rebootSetting: r.string(settings.rebootSetting),
        bypassPlatformSafetyChecksOnUserSchedule: r.boolean(settings.bypassPlatformSafetyChecksOnUserSchedule),
        image,
        orchestrationMode,
        hasApplicationHealthExtension: hasHealth,
        location: r.string(LOCATION),
        tags: r.record(TAGS),
        ...(resourceKind === "scaleSet" ? { automaticOSUpgrade: r.boolean(AUTOMATIC_OS_UPGRADE) } : {}),
    };
    return options.apiVersion ? { ...profile, apiVersion: options.apiVersion } : profile;
}

/**
 * The image an azure-native `imageReference` names (a VM's storageProfile.imageReference), read as
 * the VM reader reads it, without reading a whole profile.
 */
export function readAzureNativeImage(imageReference: unknown, options: ReadOptions = {}): Field<ImageRef> {
    return new PropertyReader({ storageProfile: { imageReference } }, options).image(PATHS.virtualMachine.image);
}

export function readAzureNativeVirtualMachine(props: unknown, options: AzureNativeReadOptions = {}): PatchProfile {
    return readProfile(props, "virtualMachine", "azure-native VirtualMachine", options);
}

export function readAzureNativeScaleSet(props: unknown, options: AzureNativeReadOptions = {}): PatchProfile {
    return readProfile(props, "scaleSet", "azure-native VirtualMachineScaleSet", options);
}
