/**
 * What a policy reports for one resource: the rule core's findings for the policy's rules, with the
 * levels, exemptions and unknown-value handling the configuration asks for. Pure: the policies in
 * `policies.ts` only connect this to the policy SDK, and the unit tests call it directly.
 */
import {
    DOCS,
    type Evaluation,
    EvaluationMemo,
    evaluateOrganisationRules,
    type Finding,
    isPatchableType,
    isUnknown,
    type PatchProfile,
    type RuleInfo,
    readResource,
    type Undetermined,
} from "pulumi-azure-vm-patching";
import type { Exemption, PolicyConfig, RuleLevel } from "./config";
import { isPolicyUnknown, rawProperties, unwrapSecret, withPlainTags } from "./raw-properties";
import { RECENT_REQUESTS, RecentObjects } from "./recent-objects";

/** One rule a policy checks: its metadata and the level it has when the configuration says nothing. */
export interface PolicyRule {
    readonly id: string;
    readonly title: string;
    readonly docUrl: string;
    readonly defaultLevel: "advisory" | "mandatory";
    /** Reports at its own default level, not its policy's (R5: below the settings policy's mandatory). */
    readonly ownLevel?: boolean;
}

/** One report for the policy SDK's reportViolation: its text for people and its findings as data. */
export interface PolicyReport {
    /** The rules reported: one, except for rules an unknown value keeps undecided, reported together. */
    readonly ruleIds: readonly string[];
    /**
     * "violation": the rule is broken; "undetermined": a value it needs is unknown; "exempted": broken,
     * but the resource is exempt; "configuration": the policy's configuration is invalid (no rule).
     */
    readonly kind: "violation" | "undetermined" | "exempted" | "configuration";
    /**
     * The level to report at; undefined: the policy's own level (so `enforcementLevel` in the config
     * applies to every rule the configuration does not name).
     */
    readonly level?: "advisory" | "mandatory";
    /** One line naming the rule(s): the diagnostic's description, in place of the policy's long one. */
    readonly description: string;
    readonly message: string;
    /** The rule core's finding reported (a violation, an exempted one, or one whose exemption is unknown). */
    readonly finding?: Finding;
    /** The properties, as keys, whose unknown values keep the rules undecided ("undetermined" reports). */
    readonly unknownPaths?: readonly (readonly string[])[];
}

export interface CheckedResource {
    readonly type: string;
    readonly name: string;
    /** The properties as the policy SDK hands them (proxied) or plain. */
    readonly props: unknown;
}

/** The report of a policy whose configuration it cannot use (no rule: the configuration is the problem). */
export function configurationReport(error: Error): PolicyReport {
    return {
        ruleIds: [],
        kind: "configuration",
        level: "mandatory",
        description: "invalid policy-pack configuration",
        message: error.message,
    };
}

/** The rules of the rule core as policy rules, with the default level their severity gives. */
export function policyRules(rules: readonly RuleInfo[]): PolicyRule[] {
    return rules.map((r) => ({
        id: r.id,
        title: r.title,
        docUrl: r.docUrl,
        defaultLevel: r.levelWhereCreationUnknown ?? (r.severity === "error" ? "mandatory" : "advisory"),
        ...(r.levelWhereCreationUnknown ? { ownLevel: true } : {}),
    }));
}

/** What the rule core says about one resource: its profile and the findings of all its rules. */
export interface Assessment {
    readonly profile: PatchProfile;
    readonly evaluation: Evaluation;
}

/**
 * One evaluation per distinct profile for the process's life: the VMs of a fleet written from a few
 * templates share their evaluations (rules/evaluation-memo.ts), and each preview sends the pack every VM.
 */
const EVALUATIONS = new EvaluationMemo();

/**
 * Assessments by properties object. The pack's two policies are handed the same object for one
 * request (sdk/deserialization.ts), so each resource is read and evaluated once, not once per policy.
 * A pure function's memo: the same object, type and catalog always give the same assessment. Kept
 * for the last few requests only (recent-objects.ts): the second policy asks right after the first.
 */
const ASSESSMENTS = new RecentObjects<
    object,
    {
        readonly type: string;
        readonly catalog: PolicyConfig["catalog"];
        readonly uniform: boolean;
        readonly assessment: Assessment;
    }
>(RECENT_REQUESTS);

/** Reads and evaluates a resource of any supported type; undefined for other types. */
export function assessResource(
    resource: CheckedResource,
    config: Pick<PolicyConfig, "catalog"> & Partial<Pick<PolicyConfig, "uniformScaleSetAutomaticPatching">>,
): Assessment | undefined {
    const uniform = config.uniformScaleSetAutomaticPatching === true;
    if (!isPatchableType(resource.type)) return undefined;
    const raw = rawProperties(resource.props);
    const key = raw !== null && typeof raw === "object" ? raw : undefined;
    const memo = key && ASSESSMENTS.get(key);
    if (memo && memo.type === resource.type && memo.catalog === config.catalog && memo.uniform === uniform)
        return memo.assessment;
    const profile = readResource(resource.type, withPlainTags(raw), {
        isUnknown: isPolicyUnknown,
        unwrapSecret,
        catalog: config.catalog,
    });
    if (!profile) return undefined;
    const evaluation = EVALUATIONS.evaluate(profile, {
        catalog: config.catalog,
        uniformScaleSetAutomaticPatching: uniform,
    });
    const assessment = { profile, evaluation };
    if (key) ASSESSMENTS.set(key, { type: resource.type, catalog: config.catalog, uniform, assessment });
    return assessment;
}

function label(resource: CheckedResource, profile: PatchProfile): string {
    return `${profile.source} "${resource.name}"`;
}

/** The exemption covering a rule for this resource: matched, not matched, or unknown (tags unknown). */
export function exemptionFor(
    profile: Pick<PatchProfile, "tags">,
    ruleId: string,
    exemptions: readonly Exemption[],
): Exemption | "unknown" | undefined {
    const relevant = exemptions.filter((e) => e.rules.includes("*") || e.rules.includes(ruleId));
    if (relevant.length === 0) return undefined;
    const tags = profile.tags.value;
    if (isUnknown(tags)) return "unknown";
    for (const e of relevant) {
        if (!tags || !Object.hasOwn(tags, e.tag)) continue;
        const value = tags[e.tag];
        if (isPolicyUnknown(value) || isUnknown(value)) return "unknown";
        if (e.value === undefined || value === e.value) return e;
    }
    return undefined;
}

function lower(a: RuleLevel, b: RuleLevel): RuleLevel {
    const order: RuleLevel[] = ["disabled", "advisory", "mandatory"];
    return order[Math.min(order.indexOf(a), order.indexOf(b))];
}

/**
 * One report for the rules an unknown value keeps from being decided (often several hang on one
 * value, such as an unknown patchMode): their ids, the unknown paths, and when they will be checked.
 */
function undeterminedMessage(rules: readonly PolicyRule[], paths: readonly string[], mandatory: boolean): string {
    const ids = rules.map((r) => r.id).join(", ");
    const titles = rules.map((r) => `${r.id}: ${r.title}`).join("; ");
    return `[${ids}] cannot be checked until ${paths.join(", ")} ${paths.length > 1 ? "are" : "is"} known (computed from another resource during preview); ${rules.length > 1 ? "they" : "it"} will be checked at update, when pulumi up re-runs the policy with known values${mandatory ? " and enforces them at their level (mandatory by default)" : ""}. Rules: ${titles}. See ${DOCS.guestPatching}`;
}

/** What one rule says about the resource: broken (the core's finding) or undecidable (the unknown properties). */
type Outcome = { readonly rule: PolicyRule } & (
    | { readonly finding: Finding }
    | { readonly undetermined: Undetermined }
);

export interface PolicyScope {
    /** The rules this policy reports, by id. */
    readonly rules: readonly PolicyRule[];
    /** Whether to also run the organisation's rules its configuration asks for (recommendations policy). */
    readonly allowedModes?: boolean;
    /** Whether the policy also checks maintenance configurations (R19 in the settings policy, W9 in the recommendations one). */
    readonly configurations?: boolean;
}

/** Each scope's rules by id, built once (a policy checks thousands of resources per preview). */
const RULES_BY_ID = new WeakMap<PolicyScope, ReadonlyMap<string, PolicyRule>>();

function rulesById(scope: PolicyScope): ReadonlyMap<string, PolicyRule> {
    let map = RULES_BY_ID.get(scope);
    if (!map) {
        map = new Map(scope.rules.map((r) => [r.id, r]));
        RULES_BY_ID.set(scope, map);
    }
    return map;
}

/**
 * The reports of one policy for one resource. Non-patchable types give none. Never throws on odd
 * input: the rule core reports unreadable settings as R0.
 */
export function checkResource(resource: CheckedResource, scope: PolicyScope, config: PolicyConfig): PolicyReport[] {
    const assessment = assessResource(resource, config);
    if (!assessment) return [];
    const { profile, evaluation } = assessment;
    const who = label(resource, profile);
    if (!(scope.allowedModes && config.allowedPatchModes)) {
        return naming(who, sharedReports(evaluation, profile, scope, config));
    }
    const organisation = evaluateOrganisationRules(
        profile,
        { allowedPatchModes: config.allowedPatchModes },
        config.catalog,
    );
    return reportEvaluations(who, profile, [evaluation, organisation], scope, config);
}

/**
 * The reports of a shared evaluation (rules/evaluation-memo.ts: one per distinct profile), kept with
 * it: every VM written from the same template gets the same reports but for the name in front. The
 * tags are part of the profile, so exemptions come out the same too.
 */
const REPORTS = new WeakMap<
    Evaluation,
    { readonly scope: PolicyScope; readonly config: PolicyConfig; readonly reports: readonly PolicyReport[] }[]
>();

function sharedReports(
    evaluation: Evaluation,
    tagged: Pick<PatchProfile, "tags">,
    scope: PolicyScope,
    config: PolicyConfig,
): readonly PolicyReport[] {
    let kept = REPORTS.get(evaluation);
    if (!kept) {
        kept = [];
        REPORTS.set(evaluation, kept);
    }
    const known = kept.find((k) => k.scope === scope && k.config === config);
    if (known) return known.reports;
    const reports = unnamedReports(tagged, [evaluation], scope, config);
    // Configurations change rarely (one per policy per process); keep the few most recent.
    if (kept.length >= 8) kept.shift();
    kept.push({ scope, config, reports });
    return reports;
}

/** Reports with the resource named in front of each message, as people read them. */
function naming(who: string, reports: readonly PolicyReport[]): PolicyReport[] {
    return reports.map((r) => ({ ...r, message: `${who}: ${r.message}` }));
}

/**
 * The reports of one policy for the rule core's evaluations of one resource (a VM's profile, a
 * maintenance configuration, a VM with its schedules): levels, exemptions (by the resource's tags) and
 * unknown values as the configuration says. `who` names the resource in messages.
 */
export function reportEvaluations(
    who: string,
    tagged: Pick<PatchProfile, "tags">,
    evaluations: readonly Evaluation[],
    scope: PolicyScope,
    config: PolicyConfig,
): PolicyReport[] {
    return naming(who, unnamedReports(tagged, evaluations, scope, config));
}

/** {@link reportEvaluations} without the resource's name: messages start with what was found. */
function unnamedReports(
    tagged: Pick<PatchProfile, "tags">,
    evaluations: readonly Evaluation[],
    scope: PolicyScope,
    config: PolicyConfig,
): PolicyReport[] {
    const byId = rulesById(scope);
    const outcomes: Outcome[] = [];
    for (const { findings, undetermined } of evaluations) {
        for (const finding of findings) {
            const rule = byId.get(finding.ruleId);
            if (rule) outcomes.push({ rule, finding });
        }
        for (const u of undetermined) {
            const rule = byId.get(u.ruleId);
            if (rule) outcomes.push({ rule, undetermined: u });
        }
    }

    const reports: PolicyReport[] = [];
    const undetermined = new Map<
        string,
        { level: RuleLevel; mandatory: boolean; unknown: Undetermined; rules: PolicyRule[] }
    >();
    for (const outcome of outcomes) {
        const rule = outcome.rule;
        const configured = config.ruleLevels[rule.id];
        if (configured === "disabled") continue;
        const level = configured ?? rule.defaultLevel;
        const exemption = exemptionFor(tagged, rule.id, config.exemptions);
        if ("undetermined" in outcome) {
            const shown = lower(level, config.unknownValues);
            if (shown === "disabled") continue;
            const key = `${shown}|${level}|${outcome.undetermined.paths.join(",")}`;
            const group = undetermined.get(key) ?? {
                level: shown,
                mandatory: level === "mandatory",
                unknown: outcome.undetermined,
                rules: [],
            };
            group.rules.push(rule);
            undetermined.set(key, group);
            continue;
        }
        const { finding } = outcome;
        if (exemption === "unknown") {
            reports.push({
                ruleIds: [rule.id],
                kind: "undetermined",
                description: `${rule.id}: ${rule.title} (exemption not known until update)`,
                level: lower(level, config.unknownValues) as "advisory" | "mandatory",
                message: `${finding.message} (An exemption may cover this resource, but its tags are not known until update; it will be checked then.)`,
                finding,
            });
        } else if (exemption) {
            const tag = exemption.value === undefined ? exemption.tag : `${exemption.tag}=${exemption.value}`;
            reports.push({
                ruleIds: [rule.id],
                kind: "exempted",
                description: `${rule.id}: ${rule.title} (exempted)`,
                level: "advisory",
                message: `exempted by tag ${tag} (reason: ${exemption.reason}): ${finding.message}`,
                finding,
            });
        } else {
            reports.push({
                ruleIds: [rule.id],
                kind: "violation",
                description: `${rule.id}: ${rule.title}`,
                // A rule whose default is below its policy's level (R5, which a policy cannot decide for
                // an existing VM) carries its own level; other rules take the policy's.
                ...(configured ? { level: configured } : rule.ownLevel ? { level: rule.defaultLevel } : {}),
                message: finding.message,
                finding,
            });
        }
    }
    for (const group of undetermined.values()) {
        reports.push({
            ruleIds: group.rules.map((r) => r.id),
            kind: "undetermined",
            description: `${group.rules.map((r) => r.id).join(", ")}: cannot be checked until values are known (checked at update)`,
            level: group.level as "advisory" | "mandatory",
            message: undeterminedMessage(group.rules, group.unknown.paths, group.mandatory),
            unknownPaths: group.unknown.pathKeys,
        });
    }
    return reports;
}
