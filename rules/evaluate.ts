/**
 * The evaluator: a patch profile in, findings out. It never throws: a rule that cannot be decided
 * because a value is unknown is reported as undetermined, and a rule that fails on an unexpected shape
 * is reported as an R0 finding rather than crashing a preview.
 */
import {
    displayValue,
    type Evaluation,
    type Finding,
    formatMessage,
    type RuleId,
    type RuleInfo,
    type Undetermined,
} from "./findings";
import type { CatalogImage } from "./image-catalog";
import { DEFAULT_IMAGE_CATALOG } from "./image-catalog";
import type { PatchProfile } from "./profile";
import { apiTypesAndValues, PROFILE_RULES, type ProfileRule, type ProfileRuleId } from "./profile-rules";
import { type OrganisationChoices, RuleContext, UndeterminedValue, type Violation } from "./rule-context";

export interface EvaluateOptions extends OrganisationChoices {
    /** The image catalog to use; defaults to the shipped one (see `extendCatalog`). */
    readonly catalog?: readonly CatalogImage[];
    /** Leave out recommendations (W1-W4): only what Azure rejects. */
    readonly errorsOnly?: boolean;
}

const ERROR_RULES: readonly ProfileRule<ProfileRuleId>[] = PROFILE_RULES.filter((r) => r.severity === "error");

export function toFinding(rule: RuleInfo, violation: Violation): Finding {
    const shown = displayValue(violation.field, violation.raw);
    const { field, inEffect } = violation;
    const value = inEffect !== undefined && !field.explicit && !field.secret ? `${shown}, i.e. ${inEffect}` : shown;
    const { allowed, fix } = violation;
    return {
        ruleId: rule.id,
        severity: rule.severity,
        title: rule.title,
        pathKeys: field.pathKeys,
        path: field.path,
        value,
        allowed,
        fix,
        docUrl: rule.docUrl,
        message: formatMessage(
            { ruleId: rule.id, path: field.path, value, allowed, fix, docUrl: rule.docUrl },
            violation.reason,
        ),
    };
}

/** Runs rules against a context, sorting their results into findings and undetermined rules. */
export function runRules<R extends RuleInfo<RuleId>>(
    rules: readonly R[],
    check: (rule: R) => Violation[],
    source: string,
): { findings: Finding[]; undetermined: Undetermined[] } {
    const findings: Finding[] = [];
    const undetermined: Undetermined[] = [];
    for (const rule of rules) {
        try {
            for (const violation of check(rule)) findings.push(toFinding(rule, violation));
        } catch (error) {
            if (error instanceof UndeterminedValue) {
                const { path, pathKeys } = error.field;
                undetermined.push({ ruleId: rule.id, title: rule.title, paths: [path], pathKeys: [pathKeys] });
            } else {
                // A rule must never take a preview down; say what happened instead.
                findings.push({
                    ruleId: apiTypesAndValues.id,
                    severity: "error",
                    title: "patch settings could not be read",
                    pathKeys: [],
                    path: "(resource)",
                    value: "(unreadable)",
                    allowed: `a ${source} with the documented shape`,
                    fix: "check the resource's patch settings against the provider's documentation.",
                    docUrl: rule.docUrl,
                    message: `[R0] rule ${rule.id} could not read this ${source}: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
                });
            }
        }
    }
    return { findings, undetermined };
}

export function evaluateProfile(profile: PatchProfile, options: EvaluateOptions = {}): Evaluation {
    const ctx = new RuleContext(profile, options.catalog ?? DEFAULT_IMAGE_CATALOG, options);
    const rules: readonly ProfileRule<ProfileRuleId>[] = options.errorsOnly ? ERROR_RULES : PROFILE_RULES;
    return runRules(rules, (rule) => rule.check(ctx), profile.source);
}

export function errorsOf(evaluation: Evaluation): readonly Finding[] {
    return evaluation.findings.filter((f) => f.severity === "error");
}
