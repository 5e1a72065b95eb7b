/**
 * R5: a new Windows VM with AutomaticByPlatform needs enableAutomaticUpdates = true (the Compute REST
 * spec's patchMode description). An existing VM created with it false (created in Manual) may run
 * AutomaticByPlatform with it still false: Microsoft's guest patching article documents
 * Manual <-> AutomaticByPlatform as supported on VMs that have enableAutomaticUpdates = false.
 */
import { DOCS, SOURCES } from "../sources";
import { AUTOMATIC_UPDATES_FOR_MODE, automaticUpdatesContradict } from "./automatic-updates";
import { PLATFORM, profileRule } from "./profile-rule";

export const platformNeedsAutomaticUpdates = profileRule({
    id: "R5",
    severity: "error",
    title: "a new VM with AutomaticByPlatform needs enableAutomaticUpdates = true",
    docUrl: DOCS.patchModes,
    sources: [SOURCES.patchModes, SOURCES.restVirtualMachine],
    // A policy sees the new inputs only, never whether the VM exists: it cannot tell the refused new VM
    // from the valid existing one, so it says what it cannot know at a level the organisation sets.
    levelWhereCreationUnknown: "advisory",
    check(ctx) {
        if (!automaticUpdatesContradict(ctx, PLATFORM)) return [];
        return [
            {
                field: ctx.profile.enableAutomaticUpdates,
                reason: "patchMode AutomaticByPlatform needs Windows automatic updates on when the VM is created; with them off it is valid only on an existing VM created with enableAutomaticUpdates = false (created in Manual).",
                allowed: `${String(AUTOMATIC_UPDATES_FOR_MODE.AutomaticByPlatform)} for a new VM; false only on an existing VM created with false`,
                fix: `for a new VM, set ${ctx.name("enableAutomaticUpdates")} to true (or remove it: it defaults to true), or choose ${ctx.name("patchMode")} Manual. On an existing VM created in Manual, keep false: ${ctx.name("enableAutomaticUpdates")} can only be set when the VM is created (R12), and our components keep the create-time value for you when you leave it unset.`,
            },
        ];
    },
});
