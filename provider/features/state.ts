/**
 * The state of the feature-registration resources (schema version 1, documented in
 * docs/feature-registration.md): its types, input validation for `check`, reading stored state of any
 * version this code knows, and the pure `diff` decisions. No I/O here.
 */
import type { ArmConnection } from "../arm/connection";
import { type TimeoutsArgs, timeoutsProblems } from "../arm/wait";

/** Bump when the stored shape changes; readState must keep reading every earlier version. */
export const FEATURE_STATE_SCHEMA_VERSION = 1;

/** The engine's placeholder for a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

export interface CheckFailure {
    property: string;
    reason: string;
}

const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const FEATURE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const known = (value: unknown) => value !== UNKNOWN;

export function connectionProblems(connection: unknown): CheckFailure[] {
    if (!known(connection)) return [];
    if (typeof connection !== "object" || connection === null) {
        return [
            {
                property: "connection",
                reason: "is missing; construct the resource through its class, which resolves it",
            },
        ];
    }
    const c = connection as Record<string, unknown>;
    const failures: CheckFailure[] = [];
    if (known(c.subscriptionId) && !(typeof c.subscriptionId === "string" && GUID.test(c.subscriptionId))) {
        failures.push({
            property: "connection.subscriptionId",
            reason: `${JSON.stringify(c.subscriptionId)} is not a subscription id (a GUID)`,
        });
    }
    if (known(c.endpoint) && !(typeof c.endpoint === "string" && c.endpoint.startsWith("https://"))) {
        failures.push({
            property: "connection.endpoint",
            reason: `${JSON.stringify(c.endpoint)} must be an https URL`,
        });
    }
    return failures;
}

function nameProblems(namespace: unknown, name: unknown, nameProperty: string | undefined): CheckFailure[] {
    const failures: CheckFailure[] = [];
    if (known(namespace) && !(typeof namespace === "string" && NAMESPACE.test(namespace))) {
        failures.push({
            property: "namespace",
            reason: `${JSON.stringify(namespace)} is not a resource provider namespace; write it like Microsoft.Compute`,
        });
    }
    if (nameProperty !== undefined && known(name) && !(typeof name === "string" && FEATURE_NAME.test(name))) {
        failures.push({
            property: nameProperty,
            reason: `${JSON.stringify(name)} is not a feature name (letters, digits, '.', '_', '-'), e.g. InGuestPatchVMPreview`,
        });
    }
    return failures;
}

export function checkFeatureInputs(news: Record<string, unknown>): CheckFailure[] {
    const failures = [
        ...connectionProblems(news.connection),
        ...nameProblems(news.namespace, news.featureName, "featureName"),
        ...timeoutsProblems(news.timeouts).map(([property, reason]) => ({ property, reason })),
    ];
    if (
        news.unregisterOnDelete !== undefined &&
        known(news.unregisterOnDelete) &&
        typeof news.unregisterOnDelete !== "boolean"
    ) {
        failures.push({
            property: "unregisterOnDelete",
            reason: `${JSON.stringify(news.unregisterOnDelete)} must be true or false`,
        });
    }
    return failures;
}

export function checkProviderInputs(news: Record<string, unknown>): CheckFailure[] {
    return [
        ...connectionProblems(news.connection),
        ...nameProblems(news.namespace, undefined, undefined),
        ...timeoutsProblems(news.timeouts).map(([property, reason]) => ({ property, reason })),
    ];
}

/**
 * Read stored state of any schema version up to the current one. Version 1 is the first; a state
 * without a version is read as version 1. A newer version means an older library reads newer state.
 */
export function readStoredVersion(props: Record<string, unknown>, what: string): number {
    const version = props.schemaVersion === undefined ? 1 : Number(props.schemaVersion);
    if (!Number.isInteger(version) || version < 1) {
        throw new Error(`${what}: stored schemaVersion ${JSON.stringify(props.schemaVersion)} is not valid.`);
    }
    if (version > FEATURE_STATE_SCHEMA_VERSION) {
        throw new Error(
            `${what}: the state was written by a newer pulumi-azure-vm-patching (schema version ${version}; this one reads up to ${FEATURE_STATE_SCHEMA_VERSION}). Upgrade the package in this stack's project.`,
        );
    }
    return version;
}

export function readStoredFeature(props: Record<string, unknown>): FeatureRegistrationState {
    readStoredVersion(props, "FeatureRegistration");
    const state = props as unknown as FeatureRegistrationState;
    return { ...state, schemaVersion: FEATURE_STATE_SCHEMA_VERSION, namespace: state.namespace ?? "Microsoft.Compute" };
}

export function readStoredProviderRegistration(props: Record<string, unknown>): ProviderRegistrationState {
    readStoredVersion(props, "ResourceProviderRegistration");
    const state = props as unknown as ProviderRegistrationState;
    return { ...state, schemaVersion: FEATURE_STATE_SCHEMA_VERSION, namespace: state.namespace ?? "Microsoft.Compute" };
}

export function featureId(connection: ArmConnection, namespace: string, featureName: string): string {
    return `/subscriptions/${connection.subscriptionId}/providers/Microsoft.Features/providers/${namespace}/features/${featureName}`;
}

export function providerId(connection: ArmConnection, namespace: string): string {
    return `/subscriptions/${connection.subscriptionId}/providers/${namespace}`;
}

export interface DiffDecision {
    changes: boolean;
    replaces: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const sameName = (a: unknown, b: unknown) => String(a ?? "").toLowerCase() === String(b ?? "").toLowerCase();

/**
 * A different subscription, namespace or feature is a different registration: replace. Anything else
 * that changed is an update, and so is a feature refresh found not Registered (drift): update registers
 * it again.
 */
export function diffFeature(olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
    const o = olds as Partial<FeatureRegistrationState>;
    const n = news as Partial<FeatureRegistrationInputs>;
    const replaces: string[] = [];
    if (!sameName(o.connection?.subscriptionId, n.connection?.subscriptionId))
        replaces.push("connection.subscriptionId");
    if (!sameName(o.namespace, n.namespace)) replaces.push("namespace");
    if (!sameName(o.featureName, n.featureName)) replaces.push("featureName");
    const changes =
        replaces.length > 0 ||
        o.state !== "Registered" ||
        !same(o.connection, n.connection) ||
        !same(o.unregisterOnDelete ?? false, n.unregisterOnDelete ?? false) ||
        !same(o.timeouts, n.timeouts);
    return { changes, replaces };
}

export function diffProvider(olds: Record<string, unknown>, news: Record<string, unknown>): DiffDecision {
    const o = olds as Partial<ProviderRegistrationState>;
    const n = news as Partial<ProviderRegistrationInputs>;
    const replaces: string[] = [];
    if (!sameName(o.connection?.subscriptionId, n.connection?.subscriptionId))
        replaces.push("connection.subscriptionId");
    if (!sameName(o.namespace, n.namespace)) replaces.push("namespace");
    const changes =
        replaces.length > 0 ||
        o.registrationState !== "Registered" ||
        !same(o.connection, n.connection) ||
        !same(o.triggers, n.triggers) ||
        !same(o.timeouts, n.timeouts);
    return { changes, replaces };
}
