/** The serialized providers of FeatureRegistration and ResourceProviderRegistration. */
import { forwardingProvider } from "../dynamic";

export const featureRegistrationProvider = forwardingProvider("featureRegistrationHandlers");
export const providerRegistrationProvider = forwardingProvider("providerRegistrationHandlers");
