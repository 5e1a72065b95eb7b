/**
 * `pulumi-azure-vm-patching/policies`: the CrossGuard policies as a library, for a policy pack of your
 * own (see library.ts and docs/policy-pack.md). Importing it starts nothing; `new AzureVmPatchingPack()`
 * or `new PolicyPack(..., { policies: azureVmPatchingPolicies() })` does.
 */
export {
    type AzureVmPatchingArgs,
    AzureVmPatchingArgsError,
    type PackExemption,
    type PackRuleId,
    type PatchModeName,
} from "./args";
export type { ExtraSupportedImage, RuleLevel } from "./config";
export { AzureVmPatchingPack, azureVmPatchingPolicies } from "./library";
export { PACK_NAME, RECOMMENDATIONS_POLICY, RULES_NOT_IN_PACK, SETTINGS_POLICY } from "./policies";
export { SCHEDULE_POLICY } from "./schedule-policy";
