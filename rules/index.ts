/**
 * The rule core: Azure's VM guest-patching rules (R0-R19), recommendations (W1-W5) and the
 * organisation's rules (allowedPatchModes) as one typed module that the components, the dynamic
 * providers and the policy pack all call. It imports nothing from them. One file per rule, named by
 * its id (profile-rules/, transition-rules/, organisation-rules/, schedule-rules/); docs/rules.md lists them all.
 */

export { closestValue } from "./did-you-mean";
export { type EvaluateOptions, errorsOf, evaluateProfile } from "./evaluate";
export { EVALUATION_MEMO_LIMITS, EvaluationMemo } from "./evaluation-memo";
export * from "./findings";
export * from "./image-catalog";
export * from "./images";
export {
    evaluateOrganisationRules,
    ORGANISATION_RULES,
    type OrganisationPolicy,
    type OrganisationRule,
    type OrganisationRuleId,
} from "./organisation-rules";
export * from "./patch-settings";
export * from "./profile";
export { profileKey } from "./profile-key";
export {
    AUTOMATIC_UPDATES_FOR_MODE,
    AUTOMATIC_UPDATES_RULES,
    CUSTOM_PATCHING_TAG,
    hotpatchNeedsSafetyChecks,
    PROFILE_RULES,
    type ProfileRule,
    type ProfileRuleId,
} from "./profile-rules";
export * from "./readers";
export type { OrganisationChoices } from "./rule-context";
export * from "./schedule-rules";
export * from "./scheduled-patching-catalog";
export { DOCS, type RuleSource, SOURCES } from "./sources";
export {
    checkTransition,
    TRANSITION_RULES,
    type TransitionOptions,
    type TransitionResult,
    type TransitionRule,
    type TransitionRuleId,
    WINDOWS_MODE_TRANSITIONS,
} from "./transition-rules";

import type { RuleInfo } from "./findings";
import { ORGANISATION_RULES } from "./organisation-rules";
import { PROFILE_RULES } from "./profile-rules";
import { SCHEDULE_RULES } from "./schedule-rules";
import { TRANSITION_RULES } from "./transition-rules";

/** Azure's rules (R) then its recommendations (W), each by number. */
function byId(a: RuleInfo, b: RuleInfo): number {
    return a.id[0].localeCompare(b.id[0]) || Number(a.id.slice(1)) - Number(b.id.slice(1));
}

/**
 * Every rule's metadata (id, severity, title, doc link, sources): Azure's rules and recommendations in
 * id order, then the organisation's rules. For docs, the pack and reports.
 */
export const ALL_RULES: readonly RuleInfo[] = [
    ...[...PROFILE_RULES, ...TRANSITION_RULES, ...SCHEDULE_RULES].sort(byId),
    ...ORGANISATION_RULES,
].map(({ id, severity, title, docUrl, sources, appliesTo, levelWhereCreationUnknown }) => ({
    id,
    severity,
    title,
    docUrl,
    sources,
    ...(appliesTo ? { appliesTo } : {}),
    ...(levelWhereCreationUnknown ? { levelWhereCreationUnknown } : {}),
}));
