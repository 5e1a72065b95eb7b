/**
 * What an organisation rule is: a rule Azure does not have, that an organisation sets for its own VMs
 * (which patch modes it allows...). It is decided from one resource's profile and the organisation's
 * policy, and only runs when the organisation set that policy. One file per rule, named by its id.
 */
import type { RuleInfo } from "../findings";
import type { RuleContext, Violation } from "../rule-context";

/** What an organisation decides; a rule whose setting is absent does not run. */
export interface OrganisationPolicy {
    /** The patch modes the organisation allows (the mode in effect: written, or Azure's default). */
    readonly allowedPatchModes?: readonly string[];
}

export interface OrganisationRule<Id extends string = string> extends RuleInfo<Id> {
    /** Whether the organisation's policy asks for this rule at all. */
    applies(policy: OrganisationPolicy): boolean;
    /** The violations of this rule; throws UndeterminedValue (via ctx.known) when undecidable. */
    check(ctx: RuleContext, policy: OrganisationPolicy): Violation[];
}

/** Declares an organisation rule, keeping its id as a literal type (the `RuleId` union is built from them). */
export function organisationRule<const Id extends string>(rule: OrganisationRule<Id>): OrganisationRule<Id> {
    return rule;
}
