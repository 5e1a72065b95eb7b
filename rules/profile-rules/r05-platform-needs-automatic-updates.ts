/** R5: AutomaticByPlatform needs enableAutomaticUpdates = true. */
import { DOCS, SOURCES } from "../sources";
import { AUTOMATIC_UPDATES_FOR_MODE, automaticUpdatesContradict } from "./automatic-updates";
import { PLATFORM, profileRule } from "./profile-rule";

export const platformNeedsAutomaticUpdates = profileRule({
    id: "R5",
    severity: "error",
    title: "AutomaticByPlatform needs enableAutomaticUpdates = true",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.restVirtualMachine],
    check(ctx) {
        if (!automaticUpdatesContradict(ctx, PLATFORM)) return [];
        return [
            {
                field: ctx.profile.enableAutomaticUpdates,
                reason: "patchMode AutomaticByPlatform needs Windows automatic updates on.",
                allowed: String(AUTOMATIC_UPDATES_FOR_MODE.AutomaticByPlatform),
                fix: `set ${ctx.name("enableAutomaticUpdates")} to true (or remove it: it defaults to true), or choose ${ctx.name("patchMode")} Manual. ${ctx.name("enableAutomaticUpdates")} can only be set when the VM is created (R12).`,
            },
        ];
    },
});
