/**
 * The organisation's own rules (allowedPatchModes): not Azure's, so never run by the components or
 * the providers; the policy pack runs them with the organisation's configuration.
 */
import { runRules } from "../evaluate";
import type { Evaluation } from "../findings";
import { type CatalogImage, DEFAULT_IMAGE_CATALOG } from "../image-catalog";
import type { PatchProfile } from "../profile";
import { RuleContext } from "../rule-context";
import { allowedPatchModes } from "./allowed-patch-modes";
import type { OrganisationPolicy } from "./organisation-rule";

export type { OrganisationPolicy, OrganisationRule } from "./organisation-rule";

/** Every organisation rule. */
export const ORGANISATION_RULES = [allowedPatchModes] as const;

export type OrganisationRuleId = (typeof ORGANISATION_RULES)[number]["id"];

/** The organisation rules the policy asks for, run on one profile. */
export function evaluateOrganisationRules(
    profile: PatchProfile,
    policy: OrganisationPolicy,
    catalog: readonly CatalogImage[] = DEFAULT_IMAGE_CATALOG,
): Evaluation {
    const rules = ORGANISATION_RULES.filter((rule) => rule.applies(policy));
    if (rules.length === 0) return { findings: [], undetermined: [] };
    const ctx = new RuleContext(profile, catalog);
    return runRules(rules, (rule) => rule.check(ctx, policy), profile.source);
}
