/**
 * What a transition rule is: a rule about changing an existing VM, decided from the settings in the
 * stack (before) and the new ones (after). Each rule is one file in this folder, named by its id.
 */
import type { RuleInfo } from "../findings";
import type { RuleContext, Violation } from "../rule-context";

export interface TransitionRule<Id extends string = string> extends RuleInfo<Id> {
    /** The violations of this rule in the change; throws UndeterminedValue (via ctx.known) when undecidable. */
    check(before: RuleContext, after: RuleContext): Violation[];
}

/** Declares a transition rule, keeping its id as a literal type (the `RuleId` union is built from them). */
export function transitionRule<const Id extends string>(rule: TransitionRule<Id>): TransitionRule<Id> {
    return rule;
}
