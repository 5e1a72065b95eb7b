/**
 * What the evaluator and the transition check report: findings (a rule broken) and undetermined rules
 * (a rule that could not be decided because a value is unknown during preview).
 */
import type { OrganisationRuleId } from "./organisation-rules";
import type { Field } from "./profile";
import { isUnknown } from "./profile";
import type { ProfileRuleId } from "./profile-rules";
import type { ScheduleRuleId } from "./schedule-rules";
import type { RuleSource } from "./sources";
import type { TransitionRuleId } from "./transition-rules";

export type Severity = "error" | "warning";

/**
 * Every rule's id: derived from the rule definitions (rules/profile-rules, rules/transition-rules,
 * rules/organisation-rules, rules/schedule-rules), so an id is written once, where its rule is.
 */
export type RuleId = ProfileRuleId | TransitionRuleId | OrganisationRuleId | ScheduleRuleId;

/** What every rule declares about itself; the policy pack, the docs and the reports are generated from these. */
export interface RuleInfo<Id extends string = RuleId> {
    readonly id: Id;
    /** "error": Azure rejects it or the setting cannot work; "warning": a recommendation. */
    readonly severity: Severity;
    /** One line, e.g. "AutomaticByOS needs enableAutomaticUpdates = true". */
    readonly title: string;
    /** The Azure documentation a user reads to understand the rule (linked from every finding). */
    readonly docUrl: string;
    /** The public documents the rule is taken from (Microsoft docs, the Compute REST spec, azurerm). */
    readonly sources: readonly RuleSource[];
    /** The resources the rule can apply to, when not every VM and scale set (e.g. "scale sets"). */
    readonly appliesTo?: string;
    /**
     * Set when the rule is an error only for a new VM and a check that sees one resource's inputs (the
     * policy pack) cannot know whether the VM is new: the level it reports at there by default. The
     * organisation can raise it (the pack's ruleLevels).
     */
    readonly levelWhereCreationUnknown?: "advisory";
}

export interface Finding {
    readonly ruleId: RuleId;
    readonly severity: Severity;
    readonly title: string;
    /**
     * The property's keys as the user's shape has them (["osProfile", "windowsConfiguration",
     * "enableAutomaticUpdates"]): what code that changes the property or reports it as data uses.
     * Empty when the finding is about no one property (an unreadable resource).
     */
    readonly pathKeys: readonly string[];
    /** The keys as messages show them: `osProfile.windowsConfiguration.enableAutomaticUpdates`. */
    readonly path: string;
    /** The value as shown to users: never a secret (secret values show as "[secret]"). */
    readonly value: string;
    /** What Azure allows there. */
    readonly allowed: string;
    /** How to fix it. */
    readonly fix: string;
    readonly docUrl: string;
    /** All of the above in one sentence group, for logs and errors. */
    readonly message: string;
}

export interface Undetermined {
    readonly ruleId: RuleId;
    readonly title: string;
    /** The properties whose unknown value kept the rule from being decided, as messages show them. */
    readonly paths: readonly string[];
    /** The same properties as keys. */
    readonly pathKeys: readonly (readonly string[])[];
}

export interface Evaluation {
    readonly findings: readonly Finding[];
    readonly undetermined: readonly Undetermined[];
}

/** How a value is shown in a message: secrets never, defaults marked as such. */
export function displayValue(
    field: Pick<Field<unknown>, "value" | "explicit" | "secret" | "defaultBy">,
    raw?: unknown,
): string {
    if (field.secret) return "[secret]";
    const value = raw !== undefined ? raw : field.value;
    if (isUnknown(value)) return "(unknown until deployment)";
    const shown = value === undefined ? "(not set)" : typeof value === "string" ? `"${value}"` : shownNonString(value);
    const by = field.defaultBy ?? "Azure's default";
    return field.explicit ? shown : `${shown === "(not set)" ? "" : `${shown} `}(not set: ${by})`.trim();
}

/**
 * A value that is not a string. Objects and lists are named, not printed: a setting written with the
 * wrong type may hold anything (an osProfile with its admin password, say), and a message must not
 * reveal what it holds.
 */
function shownNonString(value: unknown): string {
    if (value === null) return "null";
    if (typeof value === "function") return "(a function)";
    if (typeof value !== "object") return String(value);
    try {
        return Array.isArray(value) ? "(a list)" : "(an object)";
    } catch {
        return "(an object)"; // a revoked proxy
    }
}

export function formatMessage(
    f: Pick<Finding, "ruleId" | "path" | "value" | "allowed" | "fix" | "docUrl">,
    reason: string,
): string {
    return `[${f.ruleId}] ${f.path} = ${f.value}: ${reason} Allowed: ${f.allowed}. Fix: ${f.fix} See ${f.docUrl}`;
}
