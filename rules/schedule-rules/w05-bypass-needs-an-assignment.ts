/**
 * W5: AutomaticByPlatform with bypassPlatformSafetyChecksOnUserSchedule = true and no schedule
 * assigned. Azure accepts it, and the VM is never patched: neither by the platform nor on a schedule
 * (Update Manager's user-scenarios table, row 2). A recommendation where a check cannot see every
 * assignment (the pack); the components raise it to an error unless a schedule is given or the user
 * says the VM is assigned elsewhere.
 */
import { notAProperty } from "../profile";
import { PLATFORM } from "../profile-rules/profile-rule";
import { UndeterminedValue } from "../rule-context";
import { assignmentRule } from "./schedule-rule";
import { SCHEDULE_DOCS, SCHEDULE_SOURCES } from "./schedule-sources";

/** Where an undecided assignment is reported: no property of the VM, the program's assignments. */
export const ASSIGNMENT_PATH = notAProperty("(maintenance configuration assignment)");

export const bypassNeedsAnAssignment = assignmentRule({
    id: "W5",
    severity: "warning",
    title: "AutomaticByPlatform with bypassPlatformSafetyChecksOnUserSchedule = true has a guest-patch schedule assigned",
    docUrl: SCHEDULE_DOCS.prerequisites,
    sources: [SCHEDULE_SOURCES.prerequisites, SCHEDULE_SOURCES.scheduledPatching, SCHEDULE_SOURCES.dynamicScope],
    check(ctx, facts) {
        if (ctx.profile.resourceKind === "scaleSet") return [];
        const bypassField = ctx.profile.bypassPlatformSafetyChecksOnUserSchedule;
        if (ctx.known(bypassField) !== true || ctx.mode() !== PLATFORM) return [];
        if (facts.assignedElsewhere || facts.assignment === "assigned") return [];
        if (facts.assignment === "unknown")
            throw new UndeterminedValue({ path: ASSIGNMENT_PATH.text, pathKeys: ASSIGNMENT_PATH.keys });
        return [
            {
                field: bypassField,
                reason: "no maintenance configuration is assigned to this VM, and with the platform's safety checks bypassed Azure does not patch it either: nothing is ever installed.",
                allowed: `true only with a guest-patch schedule assigned; false for Azure's automatic patching`,
                fix: `assign a maintenance configuration (a PatchSchedule, a ConfigurationAssignment or a dynamic scope), or set ${ctx.name("bypassPlatformSafetyChecksOnUserSchedule")} to false so Azure patches the VM automatically.`,
            },
        ];
    },
});
