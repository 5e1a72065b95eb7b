/**
 * The pack's policies: what Azure rejects (mandatory) and the organisation's recommendations
 * (advisory). Each connects the policy SDK to `checkResource`; the rules themselves are the rule
 * core's (pulumi-azure-vm-patching), read from its metadata, never written here.
 *
 * Two policies rather than one per rule: the SDK does its per-policy work (arguments, options,
 * config, a deserialization unless shared) for every policy on every resource, and 19 policies
 * would multiply it per VM. Both policies share one read and evaluation of each resource
 * (`assessResource`). Per-rule levels are still configurable (`ruleLevels`), and every report names
 * its rule id.
 */
import {
    ALL_RULES,
    CONFIGURATION_RULES,
    isMaintenanceConfigurationType,
    isPatchableType,
    PROFILE_RULES,
    STACK_RULES,
    TRANSITION_RULES,
} from "pulumi-azure-vm-patching";
import {
    assessResource,
    checkResource,
    configurationReport,
    type PolicyReport,
    type PolicyRule,
    type PolicyScope,
    policyRules,
} from "./checks";
import { configSchema, makeConfigParser, type PolicyConfig, PolicyConfigError, type PolicyConfigInput } from "./config";
import { encodeDiagnosticData } from "./diagnostic-data";
import { rawProperties } from "./raw-properties";
import { applyRemediation, planRemediation } from "./remediation";
import { checkMaintenanceConfiguration } from "./schedule-checks";
import {
    type EnforcementLevel,
    type LeveledViolation,
    type ReportViolation,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    reportLeveled,
} from "./sdk";

export const PACK_NAME = "azure-vm-patching";
export const SETTINGS_POLICY = "azure-vm-patch-settings";
export const RECOMMENDATIONS_POLICY = "azure-vm-patch-recommendations";

const STACK_RULE_IDS = new Set<string>(STACK_RULES.map((r) => r.id));
const RESOURCE_RULE_IDS = new Set<string>([...PROFILE_RULES, ...CONFIGURATION_RULES].map((r) => r.id));

/**
 * R0-R11, R14-R16 and R19: what Azure rejects, or cannot run, decidable from one resource's inputs (a
 * VM, a scale set, a maintenance configuration).
 */
export const SETTINGS_RULES: readonly PolicyRule[] = policyRules(
    ALL_RULES.filter((r) => r.severity === "error" && RESOURCE_RULE_IDS.has(r.id)),
);

/**
 * W1-W4, W6-W9 and the organisation's rules (allowedPatchModes); W5 and W10 need the whole stack
 * (schedule-policy.ts). W9 reads maintenance configurations.
 */
export const RECOMMENDATION_RULES: readonly PolicyRule[] = policyRules(
    ALL_RULES.filter((r) => r.severity === "warning" && !STACK_RULE_IDS.has(r.id)),
);

export const SETTINGS_SCOPE: PolicyScope = { rules: SETTINGS_RULES, configurations: true };
export const RECOMMENDATIONS_SCOPE: PolicyScope = {
    rules: RECOMMENDATION_RULES,
    allowedModes: true,
    configurations: true,
};

/**
 * R12 and R13 compare the settings in the stack's state with the new ones. A resource policy sees
 * only the new inputs, so the pack cannot check them; the components and providers do.
 */
export const RULES_NOT_IN_PACK: readonly { readonly id: string; readonly why: string }[] = TRANSITION_RULES.map(
    (r) => ({
        id: r.id,
        why: "compares the VM's current settings with the new ones; a policy sees only the new inputs (checked by the components and providers instead)",
    }),
);

/**
 * One report with its own level, its description replaced by the report's rules and finding as data
 * (diagnostic-data.ts, which the offline check reads) instead of the policy's list of all its rules.
 */
function report(reportViolation: ReportViolation, r: PolicyReport): void {
    const violation: LeveledViolation = {
        message: r.message,
        description: dataRecord(r),
        ...(r.level ? { enforcementLevel: r.level } : {}),
    };
    reportLeveled(reportViolation, violation);
}

/**
 * Data records by finding: the rule core shares one evaluation, so one finding, between the VMs with
 * the same settings (rules/evaluation-memo.ts), and their records differ only by the report's kind and
 * its one-line description (exempted, exemption unknown). Records of reports without a finding (a
 * group of rules an unknown value holds) are encoded each time.
 */
const RECORDS = new WeakMap<object, Map<string, string>>();

function dataRecord(r: PolicyReport): string {
    if (!r.finding) return encodeDiagnosticData(r);
    let byReport = RECORDS.get(r.finding);
    if (!byReport) {
        byReport = new Map();
        RECORDS.set(r.finding, byReport);
    }
    const key = `${r.kind}\u0000${r.description}\u0000${r.ruleIds.join(",")}`;
    let record = byReport.get(key);
    if (record === undefined) {
        record = encodeDiagnosticData(r);
        byReport.set(key, record);
    }
    return record;
}

function validator(scope: PolicyScope, parse: (raw: unknown) => PolicyConfig) {
    return (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
        const configuration = scope.configurations === true && isMaintenanceConfigurationType(args.type);
        if (!configuration && !isPatchableType(args.type)) return;
        let config: PolicyConfig;
        try {
            config = parse(args.getConfig());
        } catch (e) {
            if (!(e instanceof PolicyConfigError)) throw e;
            report(reportViolation, configurationReport(e));
            return;
        }
        const resource = { type: args.type, name: args.name, props: args.props };
        const reports = configuration
            ? checkMaintenanceConfiguration(resource, scope, config)
            : checkResource(resource, scope, config);
        for (const r of reports) report(reportViolation, r);
    };
}

function ruleList(rules: readonly PolicyRule[]): string {
    return rules.map((r) => `${r.id}: ${r.title}`).join("; ");
}

const SETTINGS_RULE_IDS = SETTINGS_RULES.map((r) => r.id);
const RECOMMENDATION_RULE_IDS = RECOMMENDATION_RULES.map((r) => r.id);

/** What a pack gives one policy in code: its level and its configuration's defaults (policies/args.ts). */
export interface PolicyDefaults {
    readonly enforcementLevel?: EnforcementLevel;
    readonly config?: PolicyConfigInput;
}

/** The policy that reports what Azure rejects, with the given defaults. */
export function makeSettingsPolicy(defaults: PolicyDefaults = {}): ResourceValidationPolicy {
    const options = { allowedModes: false, ...(defaults.config ? { defaults: defaults.config } : {}) };
    const parse = makeConfigParser(SETTINGS_POLICY, SETTINGS_RULE_IDS, options);
    return {
        name: SETTINGS_POLICY,
        displayName: "Azure VM patch settings Azure accepts",
        description: `Azure VM and scale-set guest-patch settings that Azure rejects or that cannot work as written (${ruleList(SETTINGS_RULES)}). At level "remediate", also sets enableAutomaticUpdates from the patch mode written (R2, R3, R5) and enforces the rest as mandatory.`,
        enforcementLevel: defaults.enforcementLevel ?? "mandatory",
        severity: "high",
        url: "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching",
        remediationSteps:
            "Each violation names the property path, its value, what Azure allows, and the fix. Change the property in the program, then run the preview again.",
        configSchema: configSchema(SETTINGS_RULE_IDS, options),
        validateResource: validator(SETTINGS_SCOPE, parse),
        remediateResource: (args) => {
            if (!isPatchableType(args.type)) return undefined;
            let config: PolicyConfig;
            try {
                config = parse(args.getConfig());
            } catch {
                return undefined; // validateResource reports the configuration error.
            }
            const raw = rawProperties(args.props);
            if (raw === null || typeof raw !== "object") return undefined;
            const assessment = assessResource({ type: args.type, name: args.name, props: raw }, config);
            const plan = assessment && planRemediation(assessment, config);
            return plan ? applyRemediation(raw as Record<string, unknown>, plan) : undefined;
        },
    };
}

/** The policy that reports the organisation's recommendations, with the given defaults. */
export function makeRecommendationsPolicy(defaults: PolicyDefaults = {}): ResourceValidationPolicy {
    const options = { allowedModes: true, ...(defaults.config ? { defaults: defaults.config } : {}) };
    return {
        name: RECOMMENDATIONS_POLICY,
        displayName: "Azure VM patching recommendations",
        description: `The organisation's patching recommendations for Azure VMs and scale sets (${ruleList(RECOMMENDATION_RULES)}).`,
        enforcementLevel: defaults.enforcementLevel ?? "advisory",
        severity: "low",
        url: "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching",
        remediationSteps: "Each violation names the property path, its value, the recommended value, and the fix.",
        configSchema: configSchema(RECOMMENDATION_RULE_IDS, options),
        validateResource: validator(
            RECOMMENDATIONS_SCOPE,
            makeConfigParser(RECOMMENDATIONS_POLICY, RECOMMENDATION_RULE_IDS, options),
        ),
    };
}

/** The settings policy with its shipped defaults. */
export const settingsPolicy: ResourceValidationPolicy = makeSettingsPolicy();

/** The recommendations policy with its shipped defaults. */
export const recommendationsPolicy: ResourceValidationPolicy = makeRecommendationsPolicy();

/** The pack's policies with their shipped defaults, in the order the engine runs them. */
export const PATCH_POLICIES: readonly ResourceValidationPolicy[] = [settingsPolicy, recommendationsPolicy];
