/**
 * R18: a VM with a guest-patch schedule assigned needs patchMode AutomaticByPlatform and
 * bypassPlatformSafetyChecksOnUserSchedule = true, or Update Manager reports "prerequisites for
 * schedule patching are not met" and the schedule never runs (its user-scenarios table, rows 3, 5, 7).
 * Scale sets cannot take a guest-patch schedule at all: the guest scope supports VMs and Arc servers,
 * and Update Manager lists scale sets as unsupported, recommending automatic upgrades instead (this
 * follows Microsoft's pages where the rule table of the issue counted scale sets as targets). The fix
 * names what does patch a scale set: automatic guest patching on a Flexible scale set with the
 * Application Health extension, or automatic OS image upgrades.
 */
import { notAProperty } from "../profile";
import { PLATFORM } from "../profile-rules/profile-rule";
import { UndeterminedValue } from "../rule-context";
import { SOURCES } from "../sources";
import { assignmentRule, type ScheduleFacts } from "./schedule-rule";
import { SCHEDULE_DOCS, SCHEDULE_SOURCES } from "./schedule-sources";
import { ASSIGNMENT_PATH } from "./w05-bypass-needs-an-assignment";

export const assignedVmNeedsCustomerManagedSchedule = assignmentRule({
    id: "R18",
    severity: "error",
    title: "a VM with a guest-patch schedule assigned has patchMode AutomaticByPlatform and bypassPlatformSafetyChecksOnUserSchedule = true",
    docUrl: SCHEDULE_DOCS.prerequisites,
    sources: [
        SCHEDULE_SOURCES.prerequisites,
        SCHEDULE_SOURCES.maintenanceConfigurations,
        SCHEDULE_SOURCES.unsupportedWorkloads,
        // What the fix for a scale set offers instead.
        SOURCES.guestPatching,
        SOURCES.applicationHealthExtension,
        SOURCES.automaticOsUpgrade,
    ],
    check(ctx, given) {
        const facts: ScheduleFacts =
            given.assignment === "assigned" && given.scheduleScope === "unknown"
                ? { ...given, assignment: "unknown" }
                : given;
        if (facts.assignment === "unassigned") return [];
        const by = facts.assignedBy ? ` (${facts.assignedBy})` : "";
        if (ctx.profile.resourceKind === "scaleSet") {
            if (facts.assignment === "unknown") return [];
            const path = notAProperty("(resource type)");
            return [
                {
                    field: { value: "virtualMachineScaleSets", path: path.text, pathKeys: path.keys, explicit: true },
                    reason: `a guest-patch schedule is assigned to a scale set${by}, but the guest scope supports VMs and Arc-enabled servers only: Update Manager never patches the scale set's instances.`,
                    allowed: "a VM (or Arc-enabled server) as the assignment's target",
                    fix: "remove the assignment, and let Azure patch the scale set: automatic guest patching (patchMode AutomaticByPlatform, bypassPlatformSafetyChecksOnUserSchedule false) on a Flexible scale set with the Application Health extension, or automatic OS image upgrades (an OSImage-scope maintenance configuration times those); to patch on a schedule of your own, use VMs and assign the schedule to them.",
                },
            ];
        }
        const mode = ctx.mode();
        const bypassField = ctx.profile.bypassPlatformSafetyChecksOnUserSchedule;
        const bypass = ctx.known(bypassField);
        if (mode === PLATFORM && bypass === true) return [];
        // Settings that would break the rule, with an assignment that may or may not be this VM's.
        if (facts.assignment === "unknown")
            throw new UndeterminedValue({ path: ASSIGNMENT_PATH.text, pathKeys: ASSIGNMENT_PATH.keys });
        const fix = `set ${ctx.name("patchMode")} to ${PLATFORM} and ${ctx.name("bypassPlatformSafetyChecksOnUserSchedule")} to true, or remove the schedule's assignment.`;
        const allowed = `${PLATFORM} with ${ctx.name("bypassPlatformSafetyChecksOnUserSchedule")} = true`;
        if (mode !== PLATFORM) {
            return [
                {
                    field: ctx.profile.patchMode,
                    ...(mode !== undefined ? { inEffect: mode } : {}),
                    reason: `a guest-patch schedule is assigned${by}, but patch mode ${ctx.modeText()} does not let Update Manager run it ("prerequisites for schedule patching are not met").`,
                    allowed,
                    fix,
                },
            ];
        }
        return [
            {
                field: bypassField,
                reason: `a guest-patch schedule is assigned${by}, but without bypassPlatformSafetyChecksOnUserSchedule = true Azure patches on its own schedule and Update Manager never runs this one ("prerequisites for schedule patching are not met").`,
                allowed,
                fix,
            },
        ];
    },
});
