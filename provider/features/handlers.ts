/**
 * What the dynamic providers of FeatureRegistration and ResourceProviderRegistration do for each engine
 * call. The serialized providers (dynamic-providers.ts) only forward to these, through the host entry
 * (provider/host.ts) resolved by package name inside the dynamic-provider host, so the text Pulumi stores stays small and holds no closure state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createArmClients, engineProgress, startOperation, type WaitContext, waitTiming } from "../arm";
import { checkFeatureInputs, checkProviderInputs } from "./check-inputs";
import { diffFeature, diffProvider } from "./diff";
import {
    ensureFeatureRegistered,
    propagateToResourceProvider,
    readFeatureState,
    readProviderState,
    unregisterFeature,
} from "./registration-calls";
import {
    FEATURE_STATE_SCHEMA_VERSION,
    type FeatureRegistrationInputs,
    type FeatureRegistrationState,
    featureId,
    type ProviderRegistrationInputs,
    type ProviderRegistrationState,
    providerId,
} from "./state";
import { readStoredFeature, readStoredProviderRegistration } from "./stored-state";

type Props = Record<string, unknown>;

function context(
    what: string,
    inputs: {
        connection: { subscriptionId: string };
        timeouts?: FeatureRegistrationInputs["timeouts"];
        progressUrn?: string;
    },
): WaitContext {
    return startOperation(
        what,
        inputs.connection.subscriptionId,
        waitTiming(inputs.timeouts),
        engineProgress(inputs.progressUrn),
    );
}

async function registerFeature(inputs: FeatureRegistrationInputs, previousChangedAt: string | undefined) {
    const ctx = context(`registering feature ${inputs.namespace}/${inputs.featureName}`, inputs);
    const result = await ensureFeatureRegistered(createArmClients(inputs.connection, ctx), inputs, ctx);
    const outs: FeatureRegistrationState = {
        ...inputs,
        schemaVersion: FEATURE_STATE_SCHEMA_VERSION,
        featureId: featureId(inputs.connection, inputs.namespace, inputs.featureName),
        state: result.state,
    };
    const changedAt = result.changed ? new Date().toISOString() : previousChangedAt;
    if (changedAt !== undefined) outs.changedAt = changedAt;
    return outs;
}

export const featureRegistrationHandlers = {
    async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
        return { inputs: news, failures: checkFeatureInputs(news) };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
        const decision = diffFeature(readStoredFeature(olds) as unknown as Props, news);
        return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
        const outs = await registerFeature(inputs as unknown as FeatureRegistrationInputs, undefined);
        return { id: outs.featureId, outs };
    },

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
        const stored = readStoredFeature(props);
        const ctx = context(`reading feature ${stored.namespace}/${stored.featureName}`, stored);
        const state = await readFeatureState(createArmClients(stored.connection, ctx), stored, ctx);
        return { id, props: { ...stored, state } };
    },

    async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
        const previous = readStoredFeature(olds);
        return { outs: await registerFeature(news as unknown as FeatureRegistrationInputs, previous.changedAt) };
    },

    async delete(_id: string, props: Props): Promise<void> {
        const stored = readStoredFeature(props);
        const ctx = context(`unregistering feature ${stored.namespace}/${stored.featureName}`, stored);
        if (stored.unregisterOnDelete !== true) {
            ctx.progress(
                `Feature ${stored.namespace}/${stored.featureName} stays registered in subscription ${stored.connection.subscriptionId} (it is subscription-wide; set unregisterOnDelete to remove it).`,
            );
            return;
        }
        await unregisterFeature(createArmClients(stored.connection, ctx), stored, ctx);
    },
};

async function propagate(inputs: ProviderRegistrationInputs): Promise<ProviderRegistrationState> {
    const ctx = context(`registering resource provider ${inputs.namespace}`, inputs);
    const registrationState = await propagateToResourceProvider(
        createArmClients(inputs.connection, ctx),
        inputs.namespace,
        ctx,
    );
    return {
        ...inputs,
        schemaVersion: FEATURE_STATE_SCHEMA_VERSION,
        providerId: providerId(inputs.connection, inputs.namespace),
        registrationState,
    };
}

export const providerRegistrationHandlers = {
    async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
        return { inputs: news, failures: checkProviderInputs(news) };
    },

    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
        const decision = diffProvider(readStoredProviderRegistration(olds) as unknown as Props, news);
        return { changes: decision.changes, replaces: decision.replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
        const outs = await propagate(inputs as unknown as ProviderRegistrationInputs);
        return { id: outs.providerId, outs };
    },

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
        const stored = readStoredProviderRegistration(props);
        const ctx = context(`reading resource provider ${stored.namespace}`, stored);
        const registrationState = await readProviderState(
            createArmClients(stored.connection, ctx),
            stored.namespace,
            ctx,
        );
        return { id, props: { ...stored, registrationState } };
    },

    async update(_id: string, _olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: await propagate(news as unknown as ProviderRegistrationInputs) };
    },

    // Never unregisters: unregistering Microsoft.Compute would break every VM in the subscription.
    async delete(): Promise<void> {},
};
