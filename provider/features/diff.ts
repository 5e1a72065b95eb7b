/**
 * The `diff` decisions of the feature-registration resources: replace for a different registration,
 * update for anything else that changed, and for drift found by a refresh. Pure.
 */
import { sameName, sameValue } from "../dynamic";
import type {
    FeatureRegistrationInputs,
    FeatureRegistrationState,
    ProviderRegistrationInputs,
    ProviderRegistrationState,
} from "./state";

export interface DiffDecision {
    changes: boolean;
    replaces: string[];
}

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
        !sameValue(o.connection, n.connection) ||
        !sameValue(o.unregisterOnDelete ?? false, n.unregisterOnDelete ?? false) ||
        !sameValue(o.timeouts, n.timeouts);
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
        !sameValue(o.connection, n.connection) ||
        !sameValue(o.triggers, n.triggers) ||
        !sameValue(o.timeouts, n.timeouts);
    return { changes, replaces };
}
