/**
 * What a schedule rule is. R19 is about one maintenance configuration as written; R18 and W5 are about
 * one VM or scale set together with what the whole program assigns to it (its schedule facts), which
 * only a check that sees the whole program can know: a component that owns the VM and its assignment,
 * or the pack's stack policy. One file per rule, named by its id.
 */

import type { RuleInfo } from "../findings";
import type { Field, RawField } from "../profile";
import { type RuleContext, UndeterminedValue, type Violation } from "../rule-context";
import type { RuleSource } from "../sources";
import type { MaintenanceConfigurationProfile } from "./maintenance-configuration";

/**
 * Whether the program assigns a guest-patch schedule to the VM: "assigned" (statically or by a dynamic
 * scope that matches its known inputs), "unassigned", or "unknown" (an assignment's target or filter is
 * not known during preview, so it may or may not be this VM).
 */
export type ScheduleAssignment = "assigned" | "unassigned" | "unknown";

export interface ScheduleFacts {
    readonly assignment: ScheduleAssignment;
    /**
     * Where the assignment is, as a message names it ("maintenance ConfigurationAssignment \"web-weekly\"",
     * or the component's `schedule` argument): R18's message says what assigns the schedule.
     */
    readonly assignedBy?: string;
    /**
     * The user said the VM is assigned elsewhere (a dynamic scope or another stack): W5 does not apply.
     * Only the components can be told this; the pack counts what the program holds.
     */
    readonly assignedElsewhere?: boolean;
    /**
     * Whether the assigned configuration is known to be a guest-patch schedule ("guest", the default)
     * or not known (a configuration outside the program, whose scope a check cannot read): R18 is then
     * undecided rather than assumed, while the assignment still clears W5.
     */
    readonly scheduleScope?: "guest" | "unknown";
}

/** A rule about a VM or scale set and the schedules assigned to it (R18, W5). */
export interface AssignmentRule<Id extends string = string> extends RuleInfo<Id> {
    check(ctx: RuleContext, facts: ScheduleFacts): Violation[];
}

export function assignmentRule<const Id extends string>(rule: AssignmentRule<Id>): AssignmentRule<Id> {
    return rule;
}

/** A violation of a configuration rule: the configuration's field to blame (Violation's shape, without a VM). */
export type ConfigurationViolation = Violation;

/** One constraint of R19, with the public source it comes from (docs/rules.md lists them). */
export interface ConfigurationConstraint {
    /** What it checks, in a few words ("duration within 01:30 and 03:55"). */
    readonly title: string;
    readonly source: RuleSource;
    check(mc: MaintenanceConfigurationProfile): ConfigurationViolation[];
}

/**
 * What a check knows about time, handed to the rules (they read no clock, so tests fix "now"): the
 * present instant, and whether the configuration is being created. A rule that needs it (W9) decides
 * nothing without it.
 */
export interface ScheduleClock {
    /** Now, in milliseconds since the epoch. */
    readonly now: number;
    /**
     * "new": the check creates the configuration (a component at preview, before it exists);
     * "existing": it exists in Azure already; "unknown": the check cannot tell (the policy pack sees the
     * new inputs only, never whether the resource exists).
     */
    readonly creation: "new" | "existing" | "unknown";
}

/** A rule about one maintenance configuration (R19, W9). */
export interface ConfigurationRule<Id extends string = string> extends RuleInfo<Id> {
    /** Its constraints, each with its source, when it has several (R19). */
    readonly constraints?: readonly ConfigurationConstraint[];
    check(mc: MaintenanceConfigurationProfile, clock?: ScheduleClock): ConfigurationViolation[];
}

export function configurationRule<const Id extends string>(rule: ConfigurationRule<Id>): ConfigurationRule<Id> {
    return rule;
}

/**
 * What a check counted of the program's schedules, for Update Manager's recommended limits (W10): one
 * dynamic scope's filters, what one schedule is assigned, or the schedules of one subscription and
 * region. Counts of a whole schedule are lower
 * bounds: assignments outside the program (another stack, the portal) are not seen. A count not given
 * is not checked.
 */
export type LimitCount =
    | {
          readonly kind: "dynamicScope";
          readonly tagFilters?: Field<number>;
          readonly resourceGroupFilters?: Field<number>;
          /** The machines it selects (those the check sees). */
          readonly associations?: Field<number>;
      }
    | {
          readonly kind: "schedule";
          /** Static assignments (a VM or machine each) to the schedule. */
          readonly associations?: Field<number>;
          readonly dynamicScopes?: Field<number>;
          /** The distinct subscriptions the schedule's dynamic scopes are in (those known). */
          readonly subscriptions?: Field<number>;
      }
    | {
          readonly kind: "region";
          /** The schedules in one subscription and region. */
          readonly schedules?: Field<number>;
      };

/** A rule about what the program counts of its schedules (W10). */
export interface LimitRule<Id extends string = string> extends RuleInfo<Id> {
    check(count: LimitCount): Violation[];
}

export function limitRule<const Id extends string>(rule: LimitRule<Id>): LimitRule<Id> {
    return rule;
}

/** The field's value, or stop as undetermined when it is unknown during preview. */
export function knownValue<T>(field: Field<T>): T {
    const value = field.value;
    if (typeof value === "symbol") throw new UndeterminedValue(field);
    return value as T;
}

/** A string property's value: undefined when absent or not a string (R0-style type problems are R19's too). */
export function knownString(field: RawField<string>): string | undefined {
    return knownValue(field);
}
