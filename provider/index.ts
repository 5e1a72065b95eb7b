/**
 * pulumi-azure-vm-patching/provider: dynamic providers for preview-feature registration (with
 * propagation to the resource provider) and on-demand patch assessment, and the VM patch-status reader.
 * The serialized providers require this entry point by name inside the dynamic-provider host.
 */

export {
    armScope,
    type CredentialFactory,
    createArmClients,
    createCredential,
    setCredentialFactory,
} from "./arm-clients";
export * from "./arm-connection";
export { type ArmFailure, classifyArmError, retryAfterMs } from "./arm-errors";
export {
    ArmOperationError,
    backoffDelay,
    DEFAULT_TIMEOUTS,
    Deadline,
    type Progress,
    type TimeoutsArgs,
    type WaitContext,
    type WaitTiming,
    waitTiming,
} from "./arm-wait";
export {
    featureRegistrationProvider,
    patchAssessmentProvider,
    providerRegistrationProvider,
} from "./dynamic-providers";
export * from "./feature-registration";
export * from "./feature-registration-core";
export { featureRegistrationHandlers, providerRegistrationHandlers } from "./feature-registration-handlers";
export {
    FEATURE_STATE_SCHEMA_VERSION,
    type FeatureRegistrationState,
    type ProviderRegistrationState,
} from "./feature-registration-state";
export * from "./patch-assessment";
export * from "./patch-assessment-core";
export { type PatchAssessmentState, patchAssessmentHandlers } from "./patch-assessment-handlers";
export * from "./patch-guard";
export * from "./patch-status";
export * from "./preview-features";
