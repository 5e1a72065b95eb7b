/**
 * The arguments a pack gives this library's policies in code (`new AzureVmPatchingPack({...})`,
 * `azureVmPatchingPolicies({...})`), in the style of @pulumi/awsguard's `new AwsGuard({ all: "mandatory" })`:
 * levels for all policies, per policy or per rule, and the configuration every rule reads. They become
 * each policy's enforcement level and the defaults of its configuration; a `--policy-pack-config` file
 * (or `pulumi policy enable --config`) still overrides them, property by property.
 */
import { closestValue, type RuleId, type TransitionRuleId } from "pulumi-azure-vm-patching";
import {
    configProblems,
    type Exemption,
    type ExtraSupportedImage,
    type PolicyConfigInput,
    type RuleLevel,
    type UNKNOWN_VALUE_LEVELS,
} from "./config";
import {
    type PolicyDefaults,
    RECOMMENDATION_RULES,
    RECOMMENDATIONS_POLICY,
    RULES_NOT_IN_PACK,
    SETTINGS_POLICY,
    SETTINGS_RULES,
} from "./policies";
import { SCHEDULE_POLICY, SCHEDULE_POLICY_RULES } from "./schedule-policy";
import type { EnforcementLevel } from "./sdk";

/**
 * The rules the policies check: every rule but the transition rules (the pack sees no earlier state to
 * compare with; the components' guard checks those), and allowedPatchModes.
 */
export type PackRuleId = Exclude<RuleId, TransitionRuleId>;

/** A patch mode of either OS. */
export type PatchModeName = "Manual" | "AutomaticByOS" | "AutomaticByPlatform" | "ImageDefault";

/** An exemption: resources with the tag (and value) are exempt from the rules, each finding still reported as advisory. */
export interface PackExemption {
    /** The tag key that marks an exempt resource. */
    readonly tag: string;
    /** When given, the tag must have this value (case-sensitive). */
    readonly value?: string;
    /** The rules it covers, or "*" for all of them. */
    readonly rules: readonly (PackRuleId | "*")[];
    /** Why: shown with every exempted finding. */
    readonly reason: string;
}

export interface AzureVmPatchingArgs {
    /** The level of both policies, unless `settings` or `recommendations` says otherwise. */
    readonly all?: EnforcementLevel;
    /** The level of `azure-vm-patch-settings` (what Azure rejects). Default "mandatory". */
    readonly settings?: EnforcementLevel;
    /** The level of `azure-vm-patch-recommendations`. Default "advisory". */
    readonly recommendations?: EnforcementLevel;
    /**
     * The level of the stack policy `azure-vm-patch-schedules` (R18, W5, W10). Not given: each rule at
     * its own level (R18 mandatory, W5 and W10 advisory); given: every rule `rules` does not name, at
     * that level.
     */
    readonly schedules?: EnforcementLevel;
    /**
     * Per rule: "advisory", "mandatory" or "disabled", overriding its policy's level. When a policy is
     * "disabled" and some of its rules are listed here, the policy runs with only those rules, as
     * `{ all: "disabled", rules: { R3: "mandatory" } }` reads.
     */
    readonly rules?: Readonly<Partial<Record<PackRuleId, RuleLevel>>>;
    /** The level of a rule that cannot be decided while a value is unknown during preview. Default "advisory". */
    readonly unknownValues?: (typeof UNKNOWN_VALUE_LEVELS)[number];
    /** Images to add to the shipped catalog of images that support AutomaticByPlatform (and hotpatch). */
    readonly extraSupportedImages?: readonly ExtraSupportedImage[];
    /**
     * The organisation's subscriptions have InGuestAutoPatchVmssUniformPreview registered, so
     * AutomaticByPlatform on Uniform scale sets works there (R16 then accepts it). Default false.
     */
    readonly uniformScaleSetAutomaticPatching?: boolean;
    readonly exemptions?: readonly PackExemption[];
    /** The patch modes the organisation allows (rule allowedPatchModes); every mode when absent. */
    readonly allowedPatchModes?: readonly PatchModeName[];
}

/** Arguments the policies cannot use: the message names the argument, the value, what is allowed and the fix. */
export class AzureVmPatchingArgsError extends Error {
    override readonly name = "AzureVmPatchingArgsError";
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
/** Every argument's name, checked against the interface by the compiler (a new argument cannot be forgotten). */
const KNOWN_ARGS = Object.keys({
    all: true,
    settings: true,
    recommendations: true,
    schedules: true,
    rules: true,
    unknownValues: true,
    extraSupportedImages: true,
    uniformScaleSetAutomaticPatching: true,
    exemptions: true,
    allowedPatchModes: true,
} satisfies Record<keyof AzureVmPatchingArgs, true>);

const SETTINGS_IDS = new Set<string>(SETTINGS_RULES.map((r) => r.id));
const RECOMMENDATION_IDS = new Set<string>(RECOMMENDATION_RULES.map((r) => r.id));
const SCHEDULE_IDS = new Set<string>(SCHEDULE_POLICY_RULES.map((r) => r.id));
const PACK_RULE_IDS = [...SETTINGS_IDS, ...RECOMMENDATION_IDS, ...SCHEDULE_IDS];

function fail(path: string, value: unknown, allowed: string, fix: string): never {
    throw new AzureVmPatchingArgsError(
        `azure-vm-patching policies: ${path} = ${JSON.stringify(value)}: ${allowed}. Fix: ${fix}.`,
    );
}

function checkLevel(path: string, value: unknown): EnforcementLevel | undefined {
    if (value === undefined) return undefined;
    if (typeof value === "string" && (LEVELS as readonly string[]).includes(value)) return value as EnforcementLevel;
    const near = typeof value === "string" ? closestValue(value, LEVELS) : undefined;
    return fail(
        path,
        value,
        `allowed: ${LEVELS.join(", ")}`,
        near ? `did you mean "${near}"?` : "use one of the allowed levels",
    );
}

function checkRuleIds(path: string, ids: readonly unknown[], allowStar: boolean): void {
    for (const [i, id] of ids.entries()) {
        if (typeof id === "string" && (PACK_RULE_IDS.includes(id) || (allowStar && id === "*"))) continue;
        const notInPack = RULES_NOT_IN_PACK.find((r) => r.id === id);
        if (notInPack) fail(`${path}[${i}]`, id, `the policies cannot check ${id}: it ${notInPack.why}`, "remove it");
        const near = typeof id === "string" ? closestValue(id, PACK_RULE_IDS) : undefined;
        fail(
            `${path}[${i}]`,
            id,
            `not a rule of the policies (rules: ${PACK_RULE_IDS.join(", ")}${allowStar ? ', or "*"' : ""})`,
            near ? `did you mean "${near}"?` : "use a rule id from docs/policy-pack.md",
        );
    }
}

/** The rule ids (and "*") of an exemption that belong to one policy's rules; none: not for that policy. */
function exemptionFor(exemption: PackExemption, ids: ReadonlySet<string>): Exemption | undefined {
    const rules = exemption.rules.filter((r) => r === "*" || ids.has(r));
    if (rules.length === 0) return undefined;
    return {
        tag: exemption.tag,
        ...(exemption.value !== undefined ? { value: exemption.value } : {}),
        rules,
        reason: exemption.reason,
    };
}

/**
 * One policy's level and configuration defaults. A disabled policy with rules the arguments enable
 * runs at "advisory" with its other rules disabled, so only the listed ones report (at their level).
 */
function policyDefaults(
    level: EnforcementLevel,
    ids: ReadonlySet<string>,
    args: AzureVmPatchingArgs,
    allowedModes: boolean,
): PolicyDefaults {
    const listed = Object.entries(args.rules ?? {}).filter(([id]) => ids.has(id)) as [string, RuleLevel][];
    const ruleLevels: Record<string, RuleLevel> = Object.fromEntries(listed);
    let enforcementLevel = level;
    if (level === "disabled" && listed.some(([, l]) => l !== "disabled")) {
        enforcementLevel = "advisory";
        for (const id of ids) ruleLevels[id] ??= "disabled";
    }
    const exemptions = (args.exemptions ?? []).flatMap((e) => exemptionFor(e, ids) ?? []);
    const config: PolicyConfigInput = {
        ...(Object.keys(ruleLevels).length > 0 ? { ruleLevels } : {}),
        ...(args.unknownValues !== undefined ? { unknownValues: args.unknownValues } : {}),
        ...(args.extraSupportedImages?.length ? { extraSupportedImages: args.extraSupportedImages } : {}),
        ...(args.uniformScaleSetAutomaticPatching !== undefined
            ? { uniformScaleSetAutomaticPatching: args.uniformScaleSetAutomaticPatching }
            : {}),
        ...(exemptions.length > 0 ? { exemptions } : {}),
        ...(allowedModes && args.allowedPatchModes !== undefined ? { allowedPatchModes: args.allowedPatchModes } : {}),
    };
    return { enforcementLevel, config };
}

/**
 * The stack policy's defaults. Its rules report at their own levels (the SDK does not tell a stack
 * policy its level), so a level given for it becomes the level of every rule `rules` does not name.
 */
function scheduleDefaults(level: EnforcementLevel | undefined, args: AzureVmPatchingArgs): PolicyDefaults {
    const defaults = policyDefaults(level ?? "mandatory", SCHEDULE_IDS, args, false);
    if (level === undefined || level === "disabled") return defaults;
    const ruleLevels: Record<string, RuleLevel> = { ...defaults.config?.ruleLevels };
    for (const id of SCHEDULE_IDS) ruleLevels[id] ??= level === "advisory" ? "advisory" : "mandatory";
    return { ...defaults, config: { ...defaults.config, ruleLevels } };
}

/** Checks the arguments and splits them into each policy's level and configuration defaults. */
export function resolveArgs(args: AzureVmPatchingArgs = {}): {
    readonly settings: PolicyDefaults;
    readonly recommendations: PolicyDefaults;
    readonly schedules: PolicyDefaults;
} {
    if (args === null || typeof args !== "object" || Array.isArray(args)) {
        fail("args", args, "expected an object of levels and settings", 'pass e.g. { all: "mandatory" }, or nothing');
    }
    for (const key of Object.keys(args)) {
        if (KNOWN_ARGS.includes(key)) continue;
        const near = closestValue(key, KNOWN_ARGS);
        fail(
            key,
            (args as Record<string, unknown>)[key],
            `not an argument (arguments: ${KNOWN_ARGS.join(", ")})`,
            near ? `did you mean "${near}"?` : "remove it",
        );
    }
    const all = checkLevel("all", args.all);
    const settings = checkLevel("settings", args.settings) ?? all ?? "mandatory";
    const recommendations = checkLevel("recommendations", args.recommendations) ?? all ?? "advisory";
    const schedulesGiven = checkLevel("schedules", args.schedules) ?? all;
    if (args.rules !== undefined) {
        if (args.rules === null || typeof args.rules !== "object" || Array.isArray(args.rules)) {
            fail("rules", args.rules, "expected an object of rule id to level", 'write e.g. { R11: "advisory" }');
        }
        checkRuleIds("rules", Object.keys(args.rules), false);
    }
    for (const [i, exemption] of (args.exemptions ?? []).entries()) {
        if (Array.isArray(exemption?.rules)) checkRuleIds(`exemptions[${i}].rules`, exemption.rules, true);
    }
    const resolved = {
        settings: policyDefaults(settings, SETTINGS_IDS, args, false),
        recommendations: policyDefaults(recommendations, RECOMMENDATION_IDS, args, true),
        schedules: scheduleDefaults(schedulesGiven, args),
    };
    // Everything else (values, types, unknown properties) is checked by the parser the policies use on
    // their configuration, so the arguments and a --policy-pack-config file get the same answers.
    for (const [policy, ids, defaults, allowedModes] of [
        [SETTINGS_POLICY, SETTINGS_IDS, resolved.settings, false],
        [RECOMMENDATIONS_POLICY, RECOMMENDATION_IDS, resolved.recommendations, true],
        [SCHEDULE_POLICY, SCHEDULE_IDS, resolved.schedules, false],
    ] as const) {
        const problems = configProblems([...ids], { allowedModes }, defaults.config);
        if (problems.length > 0) {
            throw new AzureVmPatchingArgsError(
                `azure-vm-patching policies: the arguments give ${policy} a configuration it cannot use: ${problems.join("; ")}. Fix: correct the argument the path names (rules are ruleLevels there).`,
            );
        }
    }
    return resolved;
}
