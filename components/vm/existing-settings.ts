/**
 * The patch settings an adopted VM has in Azure (the VM as it is, not as the component would create it):
 * what the transition guard compares the first run's settings with. A property the user leaves out is
 * Azure's default for it (an absent property in Azure's answer is that default too), except Windows'
 * enableAutomaticUpdates: it is create-only and decides the VM's allowed transitions, so it must be
 * the VM's real value, never a default.
 */
import type * as compute from "@pulumi/azure-native/compute";
import type * as pulumi from "@pulumi/pulumi";
import {
    ASSESSMENT_MODES,
    AZURE_DEFAULTS,
    type OsType,
    PATCH_MODES,
    type PatchMode,
    REBOOT_SETTINGS,
    type ResolvedPatchSettings,
} from "../../rules";

/** The settings as `az vm show` reports them under osProfile.windowsConfiguration / linuxConfiguration. */
export interface ExistingPatchSettings {
    /** patchSettings.patchMode. Absent: Azure's default (Windows AutomaticByOS, Linux ImageDefault). */
    readonly patchMode?: string;
    /** Windows: the value the VM was created with. Required on Windows; not a Linux setting. */
    readonly enableAutomaticUpdates?: boolean;
    /** provisionVMAgent. Absent: true (Azure's default). */
    readonly provisionVMAgent?: boolean;
    /** patchSettings.enableHotpatching (Windows). */
    readonly enableHotpatching?: boolean;
    /** patchSettings.assessmentMode. Absent: ImageDefault. */
    readonly assessmentMode?: string;
    /** patchSettings.automaticByPlatformSettings.rebootSetting. */
    readonly rebootSetting?: string;
    /** patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule. */
    readonly bypassPlatformSafetyChecksOnUserSchedule?: boolean;
}

const ARGUMENT = "existingPatchSettings";

/** `existingPatchSettings: "readFromAzure"`: the component reads the VM's settings from Azure at preview. */
export const READ_FROM_AZURE = "readFromAzure";

/** The patch settings in the VM as Azure describes it (azure-native's getVirtualMachine result). */
export function existingSettingsOf(
    os: OsType,
    vm: pulumi.Output<compute.GetVirtualMachineResult>,
): pulumi.Output<ExistingPatchSettings> {
    return vm.apply((found) => {
        const block = os === "Windows" ? found.osProfile?.windowsConfiguration : found.osProfile?.linuxConfiguration;
        const patch = block?.patchSettings;
        const byPlatform = patch?.automaticByPlatformSettings;
        return {
            patchMode: patch?.patchMode,
            ...(os === "Windows"
                ? {
                      enableAutomaticUpdates: found.osProfile?.windowsConfiguration?.enableAutomaticUpdates,
                      enableHotpatching: found.osProfile?.windowsConfiguration?.patchSettings?.enableHotpatching,
                  }
                : {}),
            provisionVMAgent: block?.provisionVMAgent,
            assessmentMode: patch?.assessmentMode,
            // "Unknown" is a value Azure reports, not a setting: as if none were set.
            rebootSetting: byPlatform?.rebootSetting === "Unknown" ? undefined : byPlatform?.rebootSetting,
            bypassPlatformSafetyChecksOnUserSchedule: byPlatform?.bypassPlatformSafetyChecksOnUserSchedule,
        };
    });
}

function oneOf(key: string, value: unknown, allowed: readonly string[]): string | undefined {
    if (value === undefined || (typeof value === "string" && allowed.includes(value))) return undefined;
    return `${ARGUMENT}.${key} = ${JSON.stringify(value)}: not one of ${allowed.join(", ")}. Fix: copy the value \`az vm show\` reports for the VM.`;
}

function flag(key: string, value: unknown): string | undefined {
    if (value === undefined || typeof value === "boolean") return undefined;
    return `${ARGUMENT}.${key} = ${JSON.stringify(value)}: not a boolean. Fix: write true or false, as \`az vm show\` reports it.`;
}

/**
 * The adopted VM's settings in the rule core's shape, or the argument errors (property, value, what is
 * allowed, how to fix it).
 */
export function resolveExistingSettings(
    os: OsType,
    existing: ExistingPatchSettings,
): { ok: true; settings: ResolvedPatchSettings } | { ok: false; errors: string[] } {
    const windows = os === "Windows";
    const errors = [
        oneOf("patchMode", existing.patchMode, PATCH_MODES[os]),
        oneOf("assessmentMode", existing.assessmentMode, ASSESSMENT_MODES),
        oneOf("rebootSetting", existing.rebootSetting, REBOOT_SETTINGS),
        flag("enableAutomaticUpdates", existing.enableAutomaticUpdates),
        flag("provisionVMAgent", existing.provisionVMAgent),
        flag("enableHotpatching", existing.enableHotpatching),
        flag("bypassPlatformSafetyChecksOnUserSchedule", existing.bypassPlatformSafetyChecksOnUserSchedule),
    ].filter((error): error is string => error !== undefined);
    if (windows && existing.enableAutomaticUpdates === undefined) {
        errors.push(
            `${ARGUMENT}.enableAutomaticUpdates = (not set): on an existing Windows VM it is the value the VM was created with, which decides the patch modes it may switch to (Azure cannot change it), so it cannot be assumed. Fix: copy it from \`az vm show -g <group> -n <vm> --query osProfile.windowsConfiguration.enableAutomaticUpdates\`.`,
        );
    }
    if (!windows) {
        for (const key of ["enableAutomaticUpdates", "enableHotpatching"] as const) {
            if (existing[key] !== undefined) {
                errors.push(`${ARGUMENT}.${key} is a Windows setting; a Linux VM has none. Fix: remove it.`);
            }
        }
    }
    if (errors.length > 0) return { ok: false, errors };
    return {
        ok: true,
        settings: {
            os,
            patchMode: (existing.patchMode ?? AZURE_DEFAULTS.patchMode[os]) as PatchMode,
            ...(windows
                ? {
                      enableAutomaticUpdates: existing.enableAutomaticUpdates,
                      enableHotpatching: existing.enableHotpatching ?? false,
                  }
                : {}),
            provisionVMAgent: existing.provisionVMAgent ?? AZURE_DEFAULTS.provisionVMAgent,
            assessmentMode: (existing.assessmentMode ??
                AZURE_DEFAULTS.assessmentMode) as ResolvedPatchSettings["assessmentMode"],
            ...(existing.rebootSetting !== undefined
                ? { rebootSetting: existing.rebootSetting as ResolvedPatchSettings["rebootSetting"] }
                : {}),
            ...(existing.bypassPlatformSafetyChecksOnUserSchedule !== undefined
                ? { bypassPlatformSafetyChecksOnUserSchedule: existing.bypassPlatformSafetyChecksOnUserSchedule }
                : {}),
        },
    };
}
