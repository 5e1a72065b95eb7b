/**
 * Reads the classic `@pulumi/azure` (azurerm-based) VM and scale-set shapes into a patch profile.
 * Their property names differ from azure-native's (DOMAIN.md gives both), and azurerm sends some
 * defaults explicitly: `hotpatchingEnabled` is sent as false when not written, so Azure does not turn
 * hotpatch on by itself for these resources.
 */
import type { Field, OrchestrationMode, OsType, PatchProfile, ResourceKind } from "../profile";
import { UNKNOWN } from "../profile";
import { absent, PropertyReader, type ReadOptions, withProviderDefault } from "./property-reader";

export type ClassicShape =
    | "WindowsVirtualMachine"
    | "LinuxVirtualMachine"
    | "WindowsVirtualMachineScaleSet"
    | "LinuxVirtualMachineScaleSet"
    | "OrchestratedVirtualMachineScaleSet";

const APPLICATION_HEALTH_TYPES = ["ApplicationHealthWindows", "ApplicationHealthLinux"];

function orchestratedOs(r: PropertyReader): Field<OsType | undefined> {
    const windows = r.lookup(["osProfile", "windowsConfiguration"]);
    const linux = r.lookup(["osProfile", "linuxConfiguration"]);
    if (windows.value === UNKNOWN || linux.value === UNKNOWN)
        return { value: UNKNOWN, path: "osProfile", explicit: true };
    if (windows.present) return { value: "Windows", path: "osProfile.windowsConfiguration", explicit: true };
    if (linux.present) return { value: "Linux", path: "osProfile.linuxConfiguration", explicit: true };
    return { value: undefined, path: "osProfile", explicit: false };
}

export function readClassic(shape: ClassicShape, props: unknown, options: ReadOptions = {}): PatchProfile {
    const r = new PropertyReader(props, options);
    const resourceKind: ResourceKind = shape.endsWith("ScaleSet") ? "scaleSet" : "virtualMachine";
    const orchestrated = shape === "OrchestratedVirtualMachineScaleSet";
    const os: Field<OsType | undefined> = orchestrated
        ? orchestratedOs(r)
        : { value: shape.startsWith("Windows") ? "Windows" : "Linux", path: "(resource type)", explicit: true };
    const windows = os.value !== "Linux";
    // Orchestrated scale sets nest the OS settings; the other shapes keep them at the top level.
    const at = (name: string): string[] =>
        orchestrated ? ["osProfile", windows ? "windowsConfiguration" : "linuxConfiguration", name] : [name];
    const patchModeWritable = shape === "WindowsVirtualMachine" || shape === "LinuxVirtualMachine" || orchestrated;
    const hotpatchWritable = shape === "WindowsVirtualMachine" || (orchestrated && windows);
    const orchestrationMode: Field<OrchestrationMode | undefined> = {
        value: resourceKind === "virtualMachine" ? undefined : orchestrated ? "Flexible" : "Uniform",
        path: "(resource type)",
        explicit: resourceKind === "scaleSet",
    };
    return {
        resourceKind,
        source: `@pulumi/azure ${shape}`,
        os,
        patchMode: patchModeWritable ? r.string(at("patchMode")) : absent("patchMode"),
        enableAutomaticUpdates: windows
            ? r.boolean(at("automaticUpdatesEnabled"), at("enableAutomaticUpdates"))
            : absent("automaticUpdatesEnabled"),
        provisionVMAgent: r.boolean(at("provisionVmAgent")),
        enableHotpatching: hotpatchWritable
            ? withProviderDefault(r.boolean(at("hotpatchingEnabled")), false, "@pulumi/azure")
            : absent("hotpatchingEnabled"),
        assessmentMode: r.string(at("patchAssessmentMode")),
        rebootSetting: orchestrated ? absent("rebootSetting") : r.string(["rebootSetting"]),
        bypassPlatformSafetyChecksOnUserSchedule: orchestrated
            ? absent("bypassPlatformSafetyChecksOnUserScheduleEnabled")
            : r.boolean(["bypassPlatformSafetyChecksOnUserScheduleEnabled"]),
        image: r.image(["sourceImageReference"], [["sourceImageId"]]),
        orchestrationMode,
        hasApplicationHealthExtension:
            resourceKind === "scaleSet"
                ? r.someItem(["extensions"], "type", APPLICATION_HEALTH_TYPES)
                : { value: false, path: "extensions", explicit: false },
        location: r.string(["location"]),
        tags: r.record(["tags"]),
    };
}
