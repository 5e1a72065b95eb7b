/**
 * What the feature-registration resources store (schema version 1, documented in
 * docs/feature-registration.md): their inputs, their state and the ARM ids they record.
 */
import type { ArmConnection, TimeoutsArgs } from "../arm";

/** Bump when the stored shape changes; stored-state.ts must keep reading every earlier version. */
export const FEATURE_STATE_SCHEMA_VERSION = 1;

export interface FeatureRegistrationInputs {
    connection: ArmConnection;
    namespace: string;
    featureName: string;
    /** Unregister the feature when the resource is deleted (default false: registration is subscription-wide). */
    unregisterOnDelete?: boolean;
    timeouts?: TimeoutsArgs;
    /** URN that progress messages attach to (the parent component's); never part of a diff. */
    progressUrn?: string;
}

export interface FeatureRegistrationState extends FeatureRegistrationInputs {
    schemaVersion: number;
    /** ARM id of the feature. */
    featureId: string;
    /** State last seen in Azure: Registered after create/update; what refresh found after a refresh. */
    state: string;
    /** When this provider last moved the feature to Registered (ISO 8601); absent if it already was. */
    changedAt?: string;
}

export interface ProviderRegistrationInputs {
    connection: ArmConnection;
    namespace: string;
    /** Values whose change re-runs the propagation (the features' changedAt). */
    triggers?: string[];
    timeouts?: TimeoutsArgs;
    progressUrn?: string;
}

export interface ProviderRegistrationState extends ProviderRegistrationInputs {
    schemaVersion: number;
    providerId: string;
    registrationState: string;
}

export function featureId(connection: ArmConnection, namespace: string, featureName: string): string {
    return `/subscriptions/${connection.subscriptionId}/providers/Microsoft.Features/providers/${namespace}/features/${featureName}`;
}

export function providerId(connection: ArmConnection, namespace: string): string {
    return `/subscriptions/${connection.subscriptionId}/providers/${namespace}`;
}
