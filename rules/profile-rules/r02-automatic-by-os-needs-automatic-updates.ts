/** R2: AutomaticByOS needs enableAutomaticUpdates = true. */
import { DOCS, SOURCES } from "../sources";
import { AUTOMATIC_UPDATES_FOR_MODE, automaticUpdatesContradict } from "./automatic-updates";
import { profileRule } from "./profile-rule";

export const automaticByOsNeedsAutomaticUpdates = profileRule({
    id: "R2",
    severity: "error",
    title: "AutomaticByOS needs enableAutomaticUpdates = true",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.restVirtualMachine],
    check(ctx) {
        if (!automaticUpdatesContradict(ctx, "AutomaticByOS")) return [];
        return [
            {
                field: ctx.profile.enableAutomaticUpdates,
                reason: "patchMode AutomaticByOS lets Windows Update install patches, which needs automatic updates on.",
                allowed: String(AUTOMATIC_UPDATES_FOR_MODE.AutomaticByOS),
                fix: `set ${ctx.name("enableAutomaticUpdates")} to true (or remove it: it defaults to true), or choose ${ctx.name("patchMode")} Manual if you patch the VM yourself. ${ctx.name("enableAutomaticUpdates")} can only be set when the VM is created (R12).`,
            },
        ];
    },
});
