/**
 * The rule core: Azure's VM guest-patching rules (R0-R16, W1-W4; DOMAIN.md) as one typed module that
 * the components, the dynamic providers and the policy pack all call. It imports nothing from them.
 */
export * from "./profile";
export * from "./findings";
export * from "./image-catalog";
export * from "./images";
export { DOCS } from "./docs";
export { closestValue } from "./did-you-mean";
export { CUSTOM_PATCHING_TAG, PROFILE_RULES, type ProfileRule } from "./profile-rules";
export { evaluateProfile, errorsOf, type EvaluateOptions } from "./evaluate";
export {
    checkTransition,
    TRANSITION_RULES,
    WINDOWS_MODE_TRANSITIONS,
    type TransitionOptions,
    type TransitionResult,
} from "./transition-rules";
export * from "./patch-settings";
export * from "./readers";

import type { RuleInfo } from "./findings";
import { PROFILE_RULES } from "./profile-rules";
import { TRANSITION_RULES } from "./transition-rules";

/** Every rule's id, severity, title and doc link, in id order: for docs, the pack and reports. */
export const ALL_RULES: readonly RuleInfo[] = [...PROFILE_RULES, ...TRANSITION_RULES]
    .map(({ id, severity, title, docUrl }) => ({ id, severity, title, docUrl }))
    .sort((a, b) => a.id[0].localeCompare(b.id[0]) || Number(a.id.slice(1)) - Number(b.id.slice(1)));
