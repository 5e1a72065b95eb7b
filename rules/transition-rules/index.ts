/**
 * The rules about changing an existing VM (R12, R13, R17): they compare the settings in the stack's state
 * with the new ones. Azure refuses these changes at apply time (PropertyChangeNotAllowed), after other
 * resources of the update may already have changed; here they are refused before anything is sent.
 *
 * The way out is replacing the VM, which destroys its OS disk: only when the user opts in explicitly.
 */
import { runRules } from "../evaluate";
import type { Evaluation } from "../findings";
import { type CatalogImage, DEFAULT_IMAGE_CATALOG } from "../image-catalog";
import type { PatchProfile } from "../profile";
import { RuleContext } from "../rule-context";
import { automaticUpdatesCreateOnly } from "./r12-automatic-updates-create-only";
import { patchModeTransitions } from "./r13-patch-mode-transitions";
import { createOnlyVmInputs } from "./r17-create-only-vm-inputs";

export { type Transition, WINDOWS_MODE_TRANSITIONS } from "./mode-transitions";
export type { TransitionRule } from "./transition-rule";

/** Every transition rule, in the order they are checked: R13 first (R12 defers to it). */
export const TRANSITION_RULES = [patchModeTransitions, automaticUpdatesCreateOnly, createOnlyVmInputs] as const;

export type TransitionRuleId = (typeof TRANSITION_RULES)[number]["id"];

export interface TransitionOptions {
    /**
     * The user accepts replacing the VM (delete, then create: its OS disk is lost) when a change cannot
     * be applied in place. Then the result asks for replacement instead of reporting errors.
     */
    readonly allowReplacement?: boolean;
    /** The image catalog to use; defaults to the shipped one. */
    readonly catalog?: readonly CatalogImage[];
}

export interface TransitionResult extends Evaluation {
    /** True when the change can only be made by replacing the VM (and the user allowed it). */
    readonly replace: boolean;
    /** Why replacement is needed: the messages of the rules that would otherwise fail. */
    readonly replaceReasons: readonly string[];
}

/**
 * Checks a change of patch settings on an existing VM. Without `allowReplacement`, a change Azure
 * refuses is an error finding; with it, the result asks for replacement and carries the reasons.
 */
export function checkTransition(
    before: PatchProfile,
    after: PatchProfile,
    options: TransitionOptions = {},
): TransitionResult {
    const catalog = options.catalog ?? DEFAULT_IMAGE_CATALOG;
    const was = new RuleContext(before, catalog);
    const will = new RuleContext(after, catalog);
    const { findings, undetermined } = runRules(TRANSITION_RULES, (rule) => rule.check(was, will), after.source);
    const refused = findings.filter((f) => f.severity === "error");
    if (options.allowReplacement && refused.length > 0) {
        return { findings: [], undetermined, replace: true, replaceReasons: refused.map((f) => f.message) };
    }
    return { findings, undetermined, replace: false, replaceReasons: [] };
}
