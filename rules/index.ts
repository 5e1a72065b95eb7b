/**
 * The rule core: Azure's VM guest-patching rules (R0-R16, W1-W4; DOMAIN.md) as one typed module that
 * the components, the dynamic providers and the policy pack all call. It imports nothing from them.
 */

export { closestValue } from "./did-you-mean";
export { DOCS } from "./docs";
export { type EvaluateOptions, errorsOf, evaluateProfile } from "./evaluate";
export * from "./findings";
export * from "./image-catalog";
export * from "./images";
export * from "./patch-settings";
export * from "./profile";
export { AUTOMATIC_UPDATES_FOR_MODE, CUSTOM_PATCHING_TAG, PROFILE_RULES, type ProfileRule } from "./profile-rules";
export * from "./readers";
export {
    checkTransition,
    TRANSITION_RULES,
    type TransitionOptions,
    type TransitionResult,
    WINDOWS_MODE_TRANSITIONS,
} from "./transition-rules";

import type { RuleInfo } from "./findings";
import { PROFILE_RULES } from "./profile-rules";
import { TRANSITION_RULES } from "./transition-rules";

/** Every rule's id, severity, title and doc link, in id order: for docs, the pack and reports. */
export const ALL_RULES: readonly RuleInfo[] = [...PROFILE_RULES, ...TRANSITION_RULES]
    .map(({ id, severity, title, docUrl }) => ({ id, severity, title, docUrl }))
    .sort((a, b) => a.id[0].localeCompare(b.id[0]) || Number(a.id.slice(1)) - Number(b.id.slice(1)));
