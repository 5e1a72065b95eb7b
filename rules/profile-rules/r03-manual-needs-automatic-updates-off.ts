/** R3: Manual needs enableAutomaticUpdates = false. */
import { DOCS, SOURCES } from "../sources";
import { AUTOMATIC_UPDATES_FOR_MODE, automaticUpdatesContradict } from "./automatic-updates";
import { profileRule } from "./profile-rule";

export const manualNeedsAutomaticUpdatesOff = profileRule({
    id: "R3",
    severity: "error",
    title: "Manual needs enableAutomaticUpdates = false",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.restVirtualMachine],
    check(ctx) {
        if (!automaticUpdatesContradict(ctx, "Manual")) return [];
        return [
            {
                field: ctx.profile.enableAutomaticUpdates,
                reason: "patchMode Manual means you apply patches yourself, so Windows automatic updates must be off.",
                allowed: String(AUTOMATIC_UPDATES_FOR_MODE.Manual),
                fix: `set ${ctx.name("enableAutomaticUpdates")} to false (it defaults to true), or choose ${ctx.name("patchMode")} AutomaticByPlatform. ${ctx.name("enableAutomaticUpdates")} can only be set when the VM is created (R12).`,
            },
        ];
    },
});
