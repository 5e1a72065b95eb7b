/**
 * Reading the feature-registration resources' stored state, of any schema version this code knows,
 * into the current shape.
 */
import { readStoredVersion } from "../dynamic";
import { FEATURE_STATE_SCHEMA_VERSION, type FeatureRegistrationState, type ProviderRegistrationState } from "./state";

/** Version 1 is the first; optional fields may be missing, and the namespace defaults to Microsoft.Compute. */
export function readStoredFeature(props: Record<string, unknown>): FeatureRegistrationState {
    readStoredVersion(props, "FeatureRegistration", FEATURE_STATE_SCHEMA_VERSION);
    const state = props as unknown as FeatureRegistrationState;
    return { ...state, schemaVersion: FEATURE_STATE_SCHEMA_VERSION, namespace: state.namespace ?? "Microsoft.Compute" };
}

export function readStoredProviderRegistration(props: Record<string, unknown>): ProviderRegistrationState {
    readStoredVersion(props, "ResourceProviderRegistration", FEATURE_STATE_SCHEMA_VERSION);
    const state = props as unknown as ProviderRegistrationState;
    return { ...state, schemaVersion: FEATURE_STATE_SCHEMA_VERSION, namespace: state.namespace ?? "Microsoft.Compute" };
}
