/**
 * Adapter: the object form of the policy SDK's `reportViolation`. The @pulumi/policy server (1.21,
 * pinned by the pack) accepts `{ message, description, enforcementLevel }` (upstream's
 * ReportViolationArgs); its typings declare only the string form. Checked against the pinned SDK in
 * test/policies/sdk/policy-sdk.contract.test.ts and through the real analyzer in test/policies.
 */
import type { EnforcementLevel, ReportViolation } from "./policy-api";

/** A violation with its own level and description. */
export interface LeveledViolation {
    readonly message: string;
    /** Replaces the policy's description in this one diagnostic. */
    readonly description: string;
    readonly enforcementLevel?: EnforcementLevel;
}

/** Reports one violation with its own level and description. */
export function reportLeveled(reportViolation: ReportViolation, violation: LeveledViolation): void {
    (reportViolation as unknown as (v: LeveledViolation) => void)(violation);
}
