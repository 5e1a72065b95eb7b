/**
 * `pulumi-azure-vm-patching/provider`: what a Pulumi program or a script uses to register preview
 * features (with propagation to the resource provider), assess a VM's patches, read its patch status,
 * and guard a VM's patch-mode transitions: the resources and functions, their arguments, and the types
 * of what they return. The machinery behind them (ARM clients, waits, handlers, serialized providers)
 * is internal; the dynamic-provider host reaches it through `pulumi-azure-vm-patching/provider/host`.
 */

// Where and as whom every resource and function reaches Azure Resource Manager, and how long it waits.
export {
    type ArmConnectionArgs,
    ArmOperationError,
    AZURE_CLOUDS,
    type AzureCloud,
    ConnectionArgumentError,
    CREDENTIAL_KINDS,
    type CredentialFactory,
    type CredentialKind,
    type CredentialSettings,
    DEFAULT_TIMEOUTS,
    type Progress,
    setCredentialFactory,
    type TimeoutsArgs,
} from "./arm";
export {
    type AssessedPatch,
    getVmPatchStatus,
    getVmPatchStatusOutput,
    PatchAssessment,
    type PatchAssessmentArgs,
    type PatchAssessmentResult,
    type PatchInstallationSummary,
    type PatchSummary,
    type VmPatchStatus,
    type VmPatchStatusArgs,
} from "./assessment";
export {
    FeatureRegistration,
    type FeatureRegistrationArgs,
    type FeatureState,
    PATCHING_PREVIEW_FEATURES,
    PreviewFeatureRegistrations,
    type PreviewFeatureRegistrationsArgs,
    ResourceProviderRegistration,
    type ResourceProviderRegistrationArgs,
} from "./features";
export { PatchTransitionGuard, type PatchTransitionGuardArgs } from "./guard";

import { answerLegacyHostNames } from "./dynamic/legacy-host-names";

// Stacks whose stored providers predate the host entry still find their handlers here (see that file).
answerLegacyHostNames(module.exports);
