/** R10: hotpatch needs bypassPlatformSafetyChecksOnUserSchedule = false. */
import { DOCS, SOURCES } from "../sources";
import { profileRule } from "./profile-rule";

export const hotpatchNeedsSafetyChecks = profileRule({
    id: "R10",
    severity: "error",
    title: "hotpatch needs bypassPlatformSafetyChecksOnUserSchedule = false",
    docUrl: DOCS.hotpatch,
    sources: [SOURCES.hotpatch, SOURCES.restVirtualMachine],
    check(ctx) {
        const bypass = ctx.profile.bypassPlatformSafetyChecksOnUserSchedule;
        if (ctx.known(bypass) !== true || !ctx.hotpatchOn()) return [];
        return [
            {
                field: bypass,
                reason: "hotpatch relies on the platform's safety checks, which bypassPlatformSafetyChecksOnUserSchedule turns off.",
                allowed: "false",
                fix: `set ${ctx.name("bypassPlatformSafetyChecksOnUserSchedule")} to false (or remove it), or turn hotpatch off.`,
            },
        ];
    },
});
