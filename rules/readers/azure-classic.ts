/**
 * Reads the classic `@pulumi/azure` (azurerm-based) VM and scale-set shapes into a patch profile.
 * Their property names differ from azure-native's (the azurerm resources' schemas: SOURCES.azurermWindowsVm
 * and its siblings), and azurerm sends some defaults explicitly: `hotpatchingEnabled` is sent as false when not written, so Azure does not turn
 * hotpatch on by itself for these resources.
 */
import type { Field, OrchestrationMode, OsType, PatchProfile, ResourceKind } from "../profile";
import { notAProperty, UNKNOWN } from "../profile";
import {
    absent,
    imagePaths,
    type PropertyPath,
    PropertyReader,
    propertyPath,
    type ReadOptions,
    withProviderDefault,
} from "./property-reader";

export type ClassicShape =
    | "WindowsVirtualMachine"
    | "LinuxVirtualMachine"
    | "WindowsVirtualMachineScaleSet"
    | "LinuxVirtualMachineScaleSet"
    | "OrchestratedVirtualMachineScaleSet";

const APPLICATION_HEALTH_TYPES = ["ApplicationHealthWindows", "ApplicationHealthLinux"];

/** The OS settings a classic shape may carry. */
const SETTING_NAMES = [
    "patchMode",
    "automaticUpdatesEnabled",
    "enableAutomaticUpdates",
    "provisionVmAgent",
    "hotpatchingEnabled",
    "patchAssessmentMode",
] as const;
type SettingPaths = Readonly<Record<(typeof SETTING_NAMES)[number], PropertyPath>>;

/** Where the OS settings are: at the top level, or (orchestrated scale sets) in the OS's block. Built once. */
function settingPaths(prefix: readonly string[]): SettingPaths {
    return Object.fromEntries(SETTING_NAMES.map((name) => [name, propertyPath(...prefix, name)])) as SettingPaths;
}

const TOP_LEVEL = settingPaths([]);
const ORCHESTRATED: Readonly<Record<OsType, SettingPaths>> = {
    Windows: settingPaths(["osProfile", "windowsConfiguration"]),
    Linux: settingPaths(["osProfile", "linuxConfiguration"]),
};
const OS_PROFILE = propertyPath("osProfile");
const WINDOWS_CONFIGURATION = propertyPath("osProfile", "windowsConfiguration");
const LINUX_CONFIGURATION = propertyPath("osProfile", "linuxConfiguration");
const REBOOT_SETTING = propertyPath("rebootSetting");
const BYPASS_SAFETY_CHECKS = propertyPath("bypassPlatformSafetyChecksOnUserScheduleEnabled");
const IMAGE = imagePaths(propertyPath("sourceImageReference"), [propertyPath("sourceImageId")]);
const EXTENSIONS = propertyPath("extensions");
/** The OS and orchestration mode of a classic shape come from its type, not from a property. */
const RESOURCE_TYPE = notAProperty("(resource type)");
const AUTOMATIC_OS_UPGRADE = propertyPath("automaticOsUpgradePolicy", "enableAutomaticOsUpgrade");
const LOCATION = propertyPath("location");
const TAGS = propertyPath("tags");

function orchestratedOs(r: PropertyReader): Field<OsType | undefined> {
    const windows = r.lookup(WINDOWS_CONFIGURATION);
    const linux = r.lookup(LINUX_CONFIGURATION);
    if (windows.value === UNKNOWN || linux.value === UNKNOWN)
        return { value: UNKNOWN, path: OS_PROFILE.text, pathKeys: OS_PROFILE.keys, explicit: true };
    if (windows.present)
        return {
            value: "Windows",
            path: WINDOWS_CONFIGURATION.text,
            pathKeys: WINDOWS_CONFIGURATION.keys,
            explicit: true,
        };
    if (linux.present)
        return { value: "Linux", path: LINUX_CONFIGURATION.text, pathKeys: LINUX_CONFIGURATION.keys, explicit: true };
    return { value: undefined, path: OS_PROFILE.text, pathKeys: OS_PROFILE.keys, explicit: false };
}

export function readClassic(shape: ClassicShape, props: unknown, options: ReadOptions = {}): PatchProfile {
    const r = new PropertyReader(props, options);
    const resourceKind: ResourceKind = shape.endsWith("ScaleSet") ? "scaleSet" : "virtualMachine";
    const orchestrated = shape === "OrchestratedVirtualMachineScaleSet";
    const os: Field<OsType | undefined> = orchestrated
        ? orchestratedOs(r)
        : {
              value: shape.startsWith("Windows") ? "Windows" : "Linux",
              path: RESOURCE_TYPE.text,
              pathKeys: RESOURCE_TYPE.keys,
              explicit: true,
          };
    const windows = os.value !== "Linux";
    // Orchestrated scale sets nest the OS settings; the other shapes keep them at the top level.
    const at = orchestrated ? ORCHESTRATED[windows ? "Windows" : "Linux"] : TOP_LEVEL;
    const patchModeWritable = shape === "WindowsVirtualMachine" || shape === "LinuxVirtualMachine" || orchestrated;
    const hotpatchWritable = shape === "WindowsVirtualMachine" || (orchestrated && windows);
    const orchestrationMode: Field<OrchestrationMode | undefined> = {
        value: resourceKind === "virtualMachine" ? undefined : orchestrated ? "Flexible" : "Uniform",
        path: RESOURCE_TYPE.text,
        pathKeys: RESOURCE_TYPE.keys,
        explicit: resourceKind === "scaleSet",
    };
    return {
        resourceKind,
        source: `@pulumi/azure ${shape}`,
        os,
        patchMode: patchModeWritable ? r.string(at.patchMode) : absent(TOP_LEVEL.patchMode),
        enableAutomaticUpdates: windows
            ? r.boolean(at.automaticUpdatesEnabled, at.enableAutomaticUpdates)
            : absent(TOP_LEVEL.automaticUpdatesEnabled),
        provisionVMAgent: r.boolean(at.provisionVmAgent),
        enableHotpatching: hotpatchWritable
            ? withProviderDefault(r.boolean(at.hotpatchingEnabled), false, "@pulumi/azure")
            : absent(TOP_LEVEL.hotpatchingEnabled),
        assessmentMode: r.string(at.patchAssessmentMode),
        rebootSetting: orchestrated ? absent(REBOOT_SETTING) : r.string(REBOOT_SETTING),
        bypassPlatformSafetyChecksOnUserSchedule: orchestrated
            ? absent(BYPASS_SAFETY_CHECKS)
            : r.boolean(BYPASS_SAFETY_CHECKS),
        image: r.image(IMAGE),
        orchestrationMode,
        hasApplicationHealthExtension:
            resourceKind === "scaleSet"
                ? r.someItem(EXTENSIONS, "type", APPLICATION_HEALTH_TYPES)
                : { value: false, path: EXTENSIONS.text, pathKeys: EXTENSIONS.keys, explicit: false },
        location: r.string(LOCATION),
        tags: r.record(TAGS),
        // Automatic OS image upgrades: the Uniform shapes only (Flexible has none).
        ...(resourceKind === "scaleSet" && !orchestrated
            ? { automaticOSUpgrade: r.boolean(AUTOMATIC_OS_UPGRADE) }
            : {}),
    };
}
