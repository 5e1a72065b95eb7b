/**
 * What a profile rule is: a rule about one VM or scale set as written (its patch profile), decided
 * from that profile alone. Each rule is one file in this folder, named by its id.
 */
import type { RuleInfo } from "../findings";
import type { RuleContext, Violation } from "../rule-context";

export interface ProfileRule<Id extends string = string> extends RuleInfo<Id> {
    /** The violations of this rule in the profile; throws UndeterminedValue (via ctx.known) when undecidable. */
    check(ctx: RuleContext): Violation[];
}

/** Declares a profile rule, keeping its id as a literal type (the `RuleId` union is built from them). */
export function profileRule<const Id extends string>(rule: ProfileRule<Id>): ProfileRule<Id> {
    return rule;
}

/** The patch mode (and assessment mode) most rules are about. */
export const PLATFORM = "AutomaticByPlatform";
