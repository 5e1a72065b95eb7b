/**
 * The stack policy `azure-vm-patch-schedules`: R18 and W5, which need the whole program (a VM and the
 * assignments that name it, or the dynamic scopes that select it). R19 (one maintenance configuration)
 * is a resource check of the settings policy.
 *
 * Levels: each rule reports at its own level, R18 mandatory and W5 advisory by default, changed per
 * rule with `ruleLevels` (the policy SDK does not tell a stack policy its configured level, so a level
 * given to the whole policy in a config file can only turn it off: "disabled").
 */

import { ALL_RULES, STACK_RULES } from "pulumi-azure-vm-patching";
import { configurationReport, type PolicyRule, type PolicyScope, policyRules } from "./checks";
import { configSchema, makeConfigParser, type PolicyConfig, PolicyConfigError } from "./config";
import { encodeDiagnosticData } from "./diagnostic-data";
import type { PolicyDefaults } from "./policies";
import { checkScheduleAssignments, type StackReport, type StackResource } from "./schedule-checks";
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "./sdk";

export const SCHEDULE_POLICY = "azure-vm-patch-schedules";

const STACK_RULE_IDS = new Set<string>(STACK_RULES.map((r) => r.id));

/** R18 (mandatory), W5 and W10 (advisory). */
export const SCHEDULE_POLICY_RULES: readonly PolicyRule[] = policyRules(
    ALL_RULES.filter((r) => STACK_RULE_IDS.has(r.id)),
);
export const SCHEDULE_SCOPE: PolicyScope = { rules: SCHEDULE_POLICY_RULES };
const SCHEDULE_RULE_IDS = SCHEDULE_POLICY_RULES.map((r) => r.id);
const DEFAULT_LEVELS = new Map(SCHEDULE_POLICY_RULES.map((r) => [r.id, r.defaultLevel]));

function report(
    reportViolation: ReportViolation,
    r: StackReport | (Omit<StackReport, "urn"> & { urn?: string }),
): void {
    // The object form of reportViolation: see policies.ts (LeveledViolation). A stack policy's
    // diagnostic names the resource it concerns by URN.
    const violation = {
        message: r.message,
        description: encodeDiagnosticData(r),
        ...(r.urn ? { urn: r.urn } : {}),
        ...(r.level ? { enforcementLevel: r.level } : {}),
    };
    (reportViolation as unknown as (v: typeof violation) => void)(violation);
}

/** The policy SDK's resources as the checks read them. */
function stackResources(args: StackValidationArgs): StackResource[] {
    return args.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: r.props,
        propertyDependencies: r.propertyDependencies,
        ...(r.provider ? { provider: { urn: r.provider.urn, props: r.provider.props } } : {}),
    }));
}

/** The stack policy with the given defaults. */
export function makeSchedulePolicy(defaults: PolicyDefaults = {}): StackValidationPolicy {
    const options = { allowedModes: false, ...(defaults.config ? { defaults: defaults.config } : {}) };
    const parse = makeConfigParser(SCHEDULE_POLICY, SCHEDULE_RULE_IDS, options);
    return {
        name: SCHEDULE_POLICY,
        displayName: "Azure VM patch schedules reach their VMs",
        description: `Joins the program's maintenance-configuration assignments (static and dynamic scopes) to its VMs and scale sets (${SCHEDULE_POLICY_RULES.map((r) => `${r.id}: ${r.title}`).join("; ")}).`,
        enforcementLevel: defaults.enforcementLevel ?? "mandatory",
        severity: "high",
        url: "https://learn.microsoft.com/azure/update-manager/prerequsite-for-schedule-patching",
        remediationSteps:
            "Each violation names the VM, the property, its value, what a schedule needs, and the fix: set the VM's patch settings for the schedule, assign a schedule, or turn the bypass off.",
        configSchema: configSchema(SCHEDULE_RULE_IDS, options),
        validateStack: (args, reportViolation) => {
            let config: PolicyConfig;
            try {
                config = parse(args.getConfig());
            } catch (e) {
                if (!(e instanceof PolicyConfigError)) throw e;
                report(reportViolation, configurationReport(e));
                return;
            }
            for (const r of checkScheduleAssignments(stackResources(args), SCHEDULE_SCOPE, config)) {
                // A violation without a configured level reports at its rule's own level (see the module comment).
                const level = r.level ?? (r.kind === "violation" ? DEFAULT_LEVELS.get(r.ruleIds[0]) : undefined);
                report(reportViolation, level ? { ...r, level } : r);
            }
        },
    };
}

/** The stack policy with its shipped defaults. */
export const schedulePolicy: StackValidationPolicy = makeSchedulePolicy();
