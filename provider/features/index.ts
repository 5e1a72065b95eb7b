/**
 * Preview-feature registration: register features in a subscription and wait until Registered
 * (FeatureRegistration), propagate them to their resource provider (ResourceProviderRegistration), or
 * both for a set of features at once (PreviewFeatureRegistrations).
 */
export { FeatureRegistration, type FeatureRegistrationArgs } from "./feature-registration";
export {
    PreviewFeatureRegistrations,
    type PreviewFeatureRegistrationsArgs,
} from "./preview-feature-registrations";
export { type FeatureState, PATCHING_PREVIEW_FEATURES } from "./registration-calls";
export {
    ResourceProviderRegistration,
    type ResourceProviderRegistrationArgs,
} from "./resource-provider-registration";
