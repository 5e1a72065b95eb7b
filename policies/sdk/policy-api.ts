/**
 * Adapter: the policy SDK's typed API, imported from its modules rather than the package index:
 * @pulumi/policy 1.21.0's index.d.ts re-exports names its proxy.d.ts lacks (TS2305), which breaks a
 * user's type-check without skipLibCheck as soon as these typings load it. The consumer suite's
 * type-check (test/consumer/typecheck.test.ts) fails if a module path moves.
 */
export {
    type EnforcementLevel,
    type Policies,
    type PolicyConfigSchema,
    PolicyPack,
    type ReportViolation,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationArgs,
    type StackValidationPolicy,
} from "@pulumi/policy/policy";
export type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
