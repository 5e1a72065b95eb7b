/**
 * Scheduled patching (customer-managed schedules, Azure Update Manager): R19 on a maintenance
 * configuration; R18 and W5 on a VM or scale set together with what the program assigns to it.
 */
import { runRules } from "../evaluate";
import type { Evaluation } from "../findings";
import { type CatalogImage, DEFAULT_IMAGE_CATALOG } from "../image-catalog";
import type { PatchProfile } from "../profile";
import { RuleContext } from "../rule-context";
import type { MaintenanceConfigurationProfile } from "./maintenance-configuration";
import { assignedVmNeedsCustomerManagedSchedule } from "./r18-assigned-vm-needs-customer-managed-schedule";
import { guestPatchConfigurationIsValid } from "./r19-guest-patch-configuration-is-valid";
import type { LimitCount, ScheduleClock, ScheduleFacts } from "./schedule-rule";
import { bypassNeedsAnAssignment } from "./w05-bypass-needs-an-assignment";
import { newScheduleStartsAfterCreation } from "./w09-new-schedule-starts-after-creation";
import { schedulesWithinRecommendedLimits } from "./w10-recommended-limits";

export * from "./assignments";
export * from "./maintenance-configuration";
export {
    CLASSIFICATIONS,
    GUEST_MIN_REPEAT_HOURS,
    GUEST_WINDOW_MINUTES,
    isGuestPatchConfiguration,
    SCHEDULE_REBOOT_SETTINGS,
} from "./r19-guest-patch-configuration-is-valid";
export type {
    AssignmentRule,
    ConfigurationConstraint,
    ConfigurationRule,
    LimitCount,
    LimitRule,
    ScheduleAssignment,
    ScheduleClock,
    ScheduleFacts,
} from "./schedule-rule";
export { SCHEDULE_DOCS, SCHEDULE_SOURCES } from "./schedule-sources";
export {
    formatWindowDateTime,
    parseDuration,
    parseRecurEvery,
    parseWindowDateTime,
    type Recurrence,
    WEEKDAYS,
    windowInstant,
} from "./schedule-window";
export { START_AFTER_CREATION_MINUTES } from "./w09-new-schedule-starts-after-creation";
export { SCHEDULE_LIMITS, type ServiceLimit } from "./w10-recommended-limits";
export { IANA_TO_WINDOWS, WINDOWS_TIME_ZONES, WINDOWS_TO_IANA } from "./windows-time-zones";

/** The rules about a VM and its assignments (R18, W5). */
export const ASSIGNMENT_RULES = [assignedVmNeedsCustomerManagedSchedule, bypassNeedsAnAssignment] as const;
/** The rules about a maintenance configuration (R19, and W9 when the caller tells the time). */
export const CONFIGURATION_RULES = [guestPatchConfigurationIsValid, newScheduleStartsAfterCreation] as const;
/** The rule about what the program counts of its schedules (W10). */
export const LIMIT_RULES = [schedulesWithinRecommendedLimits] as const;
/** The rules only a check that sees the whole program can decide (the pack's stack policy): R18, W5, W10. */
export const STACK_RULES = [...ASSIGNMENT_RULES, ...LIMIT_RULES] as const;
/** Every schedule rule. */
export const SCHEDULE_RULES = [...ASSIGNMENT_RULES, ...CONFIGURATION_RULES, ...LIMIT_RULES] as const;

export type ScheduleRuleId = (typeof SCHEDULE_RULES)[number]["id"];
export type AssignmentRuleId = (typeof ASSIGNMENT_RULES)[number]["id"];

/**
 * R19 on one maintenance configuration, and W9 when `clock` says what time it is and whether the
 * configuration is being created (without it, W9 decides nothing).
 */
export function evaluateMaintenanceConfiguration(
    mc: MaintenanceConfigurationProfile,
    clock?: ScheduleClock,
): Evaluation {
    return runRules(CONFIGURATION_RULES, (rule) => rule.check(mc, clock), mc.source);
}

/**
 * W10 on what a check counted of one dynamic scope or one schedule; `source` names it in messages
 * ("azure-native maintenance ConfigurationAssignmentsForSubscription").
 */
export function evaluateScheduleLimits(count: LimitCount, source: string): Evaluation {
    return runRules(LIMIT_RULES, (rule) => rule.check(count), source);
}

/** R18 and W5 on one VM or scale set, given what the program assigns to it. */
export function evaluateScheduleAssignment(
    profile: PatchProfile,
    facts: ScheduleFacts,
    catalog: readonly CatalogImage[] = DEFAULT_IMAGE_CATALOG,
): Evaluation {
    const ctx = new RuleContext(profile, catalog);
    return runRules(ASSIGNMENT_RULES, (rule) => rule.check(ctx, facts), profile.source);
}
