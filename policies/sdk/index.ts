/**
 * The policy SDK (@pulumi/policy) as the pack uses it: its typed API, the internals the pack relies
 * on (the replaced deserializer, the object form of reportViolation, the unknown sentinels and proxy
 * targets), each behind one adapter here (docs/architecture.md lists them with their contract tests).
 */
export { installPackDeserialization } from "./deserialization";
export {
    type EnforcementLevel,
    type Policies,
    type PolicyConfigJSONSchema,
    type PolicyConfigSchema,
    PolicyPack,
    type ReportViolation,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationArgs,
    type StackValidationPolicy,
} from "./policy-api";
export { POLICY_UNKNOWN_SENTINELS, PROXY_TARGET_KEY, secretValue } from "./proxy";
export { type LeveledViolation, reportLeveled } from "./report-violation";
export { installRequestDecoding } from "./request-decoding";
export { installNativeStringEncoding } from "./string-encoding";
