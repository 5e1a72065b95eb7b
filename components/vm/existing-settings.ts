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
    AZURE_DEFAULTS,
    type Finding,
    type OsType,
    PATCH_SETTING_NAMES,
    type PatchMode,
    type PatchSettingName,
    type ResolvedPatchSettings,
    readRecordedSettings,
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
            rebootSetting: byPlatform?.rebootSetting,
            bypassPlatformSafetyChecksOnUserSchedule: byPlatform?.bypassPlatformSafetyChecksOnUserSchedule,
        };
    });
}

/**
 * The settings `existingPatchSettings` takes: those of `patching` that Azure keeps on the VM (all but
 * customPatchingSolution, which describes the user's intent and becomes a tag).
 */
type ExistingSettingName = Exclude<PatchSettingName, "customPatchingSolution">;
const EXISTING_SETTING_NAMES = PATCH_SETTING_NAMES.filter(
    (name): name is ExistingSettingName => name !== "customPatchingSolution",
);
/** ExistingPatchSettings and the names must agree (a compile error here when they drift). */
const namesMatchInterface: [ExistingSettingName] extends [keyof ExistingPatchSettings]
    ? [keyof ExistingPatchSettings] extends [ExistingSettingName]
        ? true
        : false
    : false = true;
void namesMatchInterface;

/**
 * The adopted VM's settings in the rule core's shape, or the refusal: the rule core's R0 and R1 findings
 * on what was written (read as `patching` is read, so a mistake reads as it does there and in the
 * pack), and the one thing only adoption asks for, a Windows VM's create-time enableAutomaticUpdates.
 * `secrets` names the settings whose values were Pulumi secrets: messages show them as [secret].
 */
export function resolveExistingSettings(
    os: OsType,
    existing: ExistingPatchSettings,
    secrets: ReadonlySet<string> = new Set(),
): { ok: true; settings: ResolvedPatchSettings } | { ok: false; message: string; findings: readonly Finding[] } {
    const windows = os === "Windows";
    const { read, findings } = readRecordedSettings(
        asReported(existing),
        os,
        ARGUMENT,
        EXISTING_SETTING_NAMES,
        secrets,
    );
    const errors = findings.map((f) => f.message);
    const f = read.fields;
    // (Not an object at all is R0's finding already; nothing more to say about its settings.)
    if (windows && read.isObject && !f.enableAutomaticUpdates.explicit) {
        errors.push(
            `${ARGUMENT}.enableAutomaticUpdates = (not set): on an existing Windows VM it is the value the VM was created with, which decides the patch modes it may switch to (Azure cannot change it), so it cannot be assumed. Fix: copy it from \`az vm show -g <group> -n <vm> --query osProfile.windowsConfiguration.enableAutomaticUpdates\`.`,
        );
    }
    if (errors.length > 0) return { ok: false, message: errors.join("\n"), findings };
    // Nothing was refused, so every value written is of its type and in its enumeration.
    const value = <T>(field: { readonly value: unknown }) => field.value as T | undefined;
    const rebootSetting = value<ResolvedPatchSettings["rebootSetting"]>(f.rebootSetting);
    const bypass = value<boolean>(f.bypassPlatformSafetyChecksOnUserSchedule);
    return {
        ok: true,
        settings: {
            os,
            patchMode: value<PatchMode>(f.patchMode) ?? AZURE_DEFAULTS.patchMode[os],
            ...(windows
                ? {
                      enableAutomaticUpdates: value<boolean>(f.enableAutomaticUpdates),
                      enableHotpatching: value<boolean>(f.enableHotpatching) ?? false,
                  }
                : {}),
            provisionVMAgent: value<boolean>(f.provisionVMAgent) ?? AZURE_DEFAULTS.provisionVMAgent,
            assessmentMode:
                value<ResolvedPatchSettings["assessmentMode"]>(f.assessmentMode) ?? AZURE_DEFAULTS.assessmentMode,
            ...(rebootSetting !== undefined ? { rebootSetting } : {}),
            ...(bypass !== undefined ? { bypassPlatformSafetyChecksOnUserSchedule: bypass } : {}),
        },
    };
}

/**
 * The settings as the VM has them: rebootSetting "Unknown" is what Azure reports for a VM with none
 * chosen (a read-back value, not a setting), so copied from `az vm show` it means none, as it does when
 * the component reads the VM itself.
 */
function asReported(existing: ExistingPatchSettings): unknown {
    if (existing === null || typeof existing !== "object" || existing.rebootSetting !== "Unknown") return existing;
    const { rebootSetting: _unknown, ...rest } = existing;
    return rest;
}
