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
} from "./arm/clients";
export {
    type ArmConnection,
    type ArmConnectionArgs,
    AZURE_CLOUDS,
    type AzureCloud,
    ConnectionArgumentError,
    type ConnectionDefaults,
    CREDENTIAL_KINDS,
    type CredentialKind,
    type CredentialSettings,
    resolveArmConnection,
} from "./arm/connection";
export { type ArmFailure, classifyArmError, retryAfterMs } from "./arm/errors";
export { resolveConnectionInProgram } from "./arm/program-connection";
export { DEFAULT_TIMEOUTS, type TimeoutsArgs, type WaitTiming, waitTiming } from "./arm/timeouts";
export { ArmOperationError, backoffDelay, Deadline, type Progress, type WaitContext } from "./arm/wait";
export * from "./assessment/compute-calls";
export { patchAssessmentHandlers } from "./assessment/handlers";
export * from "./assessment/patch-assessment";
export * from "./assessment/patch-status";
export type { PatchAssessmentState } from "./assessment/state";
export {
    featureRegistrationProvider,
    patchAssessmentProvider,
    providerRegistrationProvider,
} from "./features/dynamic-providers";
export * from "./features/feature-registration";
export { featureRegistrationHandlers, providerRegistrationHandlers } from "./features/handlers";
export * from "./features/preview-feature-registrations";
export * from "./features/registration-calls";
export * from "./features/resource-provider-registration";
export {
    FEATURE_STATE_SCHEMA_VERSION,
    type FeatureRegistrationState,
    type ProviderRegistrationState,
} from "./features/state";
export * from "./guard/transition-guard";
