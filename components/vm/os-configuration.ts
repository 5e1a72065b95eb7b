/**
 * How validated patch settings are written into azure-native's VM: the `patchSettings` block and the
 * Windows/Linux configuration fields that belong to patching. Pure functions of the rule core's
 * ResolvedPatchSettings, so what reaches Azure is exactly what the rules accepted.
 */
import type { ResolvedPatchSettings } from "../../rules";

/** azure-native `patchSettings` (Windows) / `LinuxPatchSettings`: only the properties that are decided. */
export interface PatchSettingsBlock {
    readonly patchMode: string;
    readonly assessmentMode: string;
    readonly enableHotpatching?: boolean;
    readonly automaticByPlatformSettings?: {
        readonly rebootSetting?: string;
        readonly bypassPlatformSafetyChecksOnUserSchedule?: boolean;
    };
}

export function patchSettingsBlock(settings: ResolvedPatchSettings): PatchSettingsBlock {
    const byPlatform = {
        ...(settings.rebootSetting !== undefined ? { rebootSetting: settings.rebootSetting } : {}),
        ...(settings.bypassPlatformSafetyChecksOnUserSchedule !== undefined
            ? { bypassPlatformSafetyChecksOnUserSchedule: settings.bypassPlatformSafetyChecksOnUserSchedule }
            : {}),
    };
    return {
        patchMode: settings.patchMode,
        assessmentMode: settings.assessmentMode,
        ...(settings.os === "Windows" && settings.enableHotpatching !== undefined
            ? { enableHotpatching: settings.enableHotpatching }
            : {}),
        ...(Object.keys(byPlatform).length > 0 ? { automaticByPlatformSettings: byPlatform } : {}),
    };
}

/** The tags that record patching decisions (W4: which solution patches a Manual VM). */
export function patchingTags(settings: ResolvedPatchSettings, tagName: string): Record<string, string> {
    return settings.customPatchingSolution ? { [tagName]: settings.customPatchingSolution } : {};
}
