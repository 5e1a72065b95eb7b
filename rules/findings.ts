/**
 * What the evaluator and the transition check report: findings (a rule broken) and undetermined rules
 * (a rule that could not be decided because a value is unknown during preview).
 */
import type { Field } from "./profile";
import { isUnknown } from "./profile";

export type Severity = "error" | "warning";

export type RuleId =
    | "R0"
    | "R1"
    | "R2"
    | "R3"
    | "R4"
    | "R5"
    | "R6"
    | "R7"
    | "R8"
    | "R9"
    | "R10"
    | "R11"
    | "R12"
    | "R13"
    | "R14"
    | "R15"
    | "R16"
    | "W1"
    | "W2"
    | "W3"
    | "W4";

/** What every rule declares about itself; the policy pack and the docs are generated from these. */
export interface RuleInfo {
    readonly id: RuleId;
    /** "error": Azure rejects it or the setting cannot work; "warning": a recommendation. */
    readonly severity: Severity;
    /** One line, e.g. "AutomaticByOS needs enableAutomaticUpdates = true". */
    readonly title: string;
    /** The Azure documentation a user reads to understand the rule. */
    readonly docUrl: string;
}

export interface Finding {
    readonly ruleId: RuleId;
    readonly severity: Severity;
    readonly title: string;
    /** The property path as the user wrote it. */
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
    /** The properties whose unknown value kept the rule from being decided. */
    readonly paths: readonly string[];
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
    const shown = value === undefined ? "(not set)" : typeof value === "string" ? `"${value}"` : safeJson(value);
    const by = field.defaultBy ?? "Azure's default";
    return field.explicit ? shown : `${shown === "(not set)" ? "" : `${shown} `}(not set: ${by})`.trim();
}

function safeJson(value: unknown): string {
    try {
        const text = JSON.stringify(value);
        if (text === undefined) return String(value);
        return text.length > 80 ? `${text.slice(0, 77)}...` : text;
    } catch {
        return Object.prototype.toString.call(value);
    }
}

export function formatMessage(f: Omit<Finding, "message">, reason: string): string {
    return `[${f.ruleId}] ${f.path} = ${f.value}: ${reason} Allowed: ${f.allowed}. Fix: ${f.fix} See ${f.docUrl}`;
}
