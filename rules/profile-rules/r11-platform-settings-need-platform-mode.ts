/** R11: rebootSetting and bypassPlatformSafetyChecksOnUserSchedule only with patchMode AutomaticByPlatform. */
import type { Violation } from "../rule-context";
import { DOCS, SOURCES } from "../sources";
import { PLATFORM, profileRule } from "./profile-rule";

export const platformSettingsNeedPlatformMode = profileRule({
    id: "R11",
    severity: "error",
    title: "rebootSetting and bypassPlatformSafetyChecksOnUserSchedule only with patchMode AutomaticByPlatform",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.restVirtualMachine, SOURCES.azurermWindowsVm],
    check(ctx) {
        const reboot = ctx.profile.rebootSetting;
        const bypass = ctx.profile.bypassPlatformSafetyChecksOnUserSchedule;
        const rebootSet = ctx.known(reboot) !== undefined;
        const bypassSet = ctx.known(bypass) === true;
        if (!rebootSet && !bypassSet) return [];
        const mode = ctx.mode();
        if (mode === PLATFORM) return [];
        const fix = `set ${ctx.name("patchMode")} to ${PLATFORM}, or remove the setting (Azure ignores it with ${ctx.name("patchMode")} ${ctx.modeText()}).`;
        const out: Violation[] = [];
        if (rebootSet) {
            out.push({
                field: reboot,
                reason: `rebootSetting applies to platform-orchestrated patching only; patchMode is ${ctx.modeText()}.`,
                allowed: `rebootSetting only with patchMode ${PLATFORM}`,
                fix,
            });
        }
        if (bypassSet) {
            out.push({
                field: bypass,
                reason: `bypassPlatformSafetyChecksOnUserSchedule applies to platform-orchestrated patching only; patchMode is ${ctx.modeText()}.`,
                allowed: `true only with patchMode ${PLATFORM}; false otherwise`,
                fix,
            });
        }
        return out;
    },
});
