/**
 * Azure SDK clients for a resolved connection. Runs inside the dynamic-provider host: the credential is
 * built here, from settings that hold no secret, so no token ever enters the serialized provider or state.
 */

import * as https from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import type { Pipeline } from "@azure/core-rest-pipeline";
import { ArmAnswers, armAnswerPolicy } from "./answers";
import { boundedCredential } from "./bounded-credential";
import type { ArmConnection } from "./connection";
import { endpointOriginPolicy } from "./endpoint-origin";
import { requestDeadlinePolicy } from "./request-deadline";
import type { WaitTiming } from "./timeouts";
import type { Deadline } from "./wait";

/**
 * Makes the credential for a connection instead of the settings-based one. For a process that must use
 * a credential object it owns (a test's fake token, a custom broker); installed before the providers
 * run (e.g. with `node --require`), it applies to every connection in this process.
 */
export type CredentialFactory = (connection: ArmConnection) => TokenCredential;

// Kept on globalThis so that two copies of this module (a bundled and a required one) share it.
const FACTORY_KEY = Symbol.for("pulumi-azure-vm-patching.credentialFactory");

/** Install (or with `undefined` remove) the process-wide credential factory. */
export function setCredentialFactory(factory: CredentialFactory | undefined): void {
    (globalThis as Record<symbol, unknown>)[FACTORY_KEY] = factory;
}

function installedFactory(): CredentialFactory | undefined {
    return (globalThis as Record<symbol, unknown>)[FACTORY_KEY] as CredentialFactory | undefined;
}

// One credential per settings in this process: the host serves many resources, and a credential caches
// its tokens (DefaultAzureCredential would otherwise sign in again for every feature).
const credentials = new Map<string, TokenCredential>();

/** The credential the settings ask for; DefaultAzureCredential when they ask for nothing. */
export function createCredential(connection: ArmConnection): TokenCredential {
    const factory = installedFactory();
    if (factory !== undefined) return factory(connection);
    const key = JSON.stringify([connection.authorityHost, connection.credential]);
    let credential = credentials.get(key);
    if (credential === undefined) {
        credential = credentialFromSettings(connection);
        credentials.set(key, credential);
    }
    return credential;
}

function credentialFromSettings(connection: ArmConnection): TokenCredential {
    const identity = require("@azure/identity") as typeof import("@azure/identity");
    const settings = connection.credential ?? {};
    const common = {
        ...(connection.authorityHost === undefined ? {} : { authorityHost: connection.authorityHost }),
        ...(settings.tenantId === undefined ? {} : { tenantId: settings.tenantId }),
    };
    switch (settings.kind ?? "default") {
        case "azureCli":
            return new identity.AzureCliCredential(common);
        case "environment":
            return new identity.EnvironmentCredential(common);
        case "workloadIdentity":
            return new identity.WorkloadIdentityCredential({ ...common, clientId: settings.clientId });
        case "managedIdentity":
            return settings.clientId === undefined
                ? new identity.ManagedIdentityCredential()
                : new identity.ManagedIdentityCredential({ clientId: settings.clientId });
        default:
            return new identity.DefaultAzureCredential({
                ...common,
                ...(settings.clientId === undefined ? {} : { managedIdentityClientId: settings.clientId }),
            });
    }
}

/** The Azure AD scope of an ARM endpoint: sovereign clouds have their own audiences. */
export function armScope(endpoint: string): string {
    return `${endpoint}/.default`;
}

/**
 * The SDK's bearer-token policy, by its name (core-rest-pipeline's bearerTokenAuthenticationPolicyName;
 * that package is only a transitive dependency here, so its types are used, not its values).
 */
const BEARER_TOKEN_POLICY = "bearerTokenAuthenticationPolicy";

/** What bounds the requests of one operation: its deadline and the time one request may take. */
export interface RequestLimits {
    readonly deadline: Deadline;
    readonly timing: Pick<WaitTiming, "requestTimeoutMs">;
}

/** How long a request (or getting its token) may take now: the request timeout, capped by the deadline. */
function allowedMs(limits: RequestLimits): () => number {
    return () => Math.min(limits.timing.requestTimeoutMs, limits.deadline.remainingMs());
}

/**
 * Options common to every SDK client. The SDK's own retries are off: the providers retry in their own
 * loop, which knows the overall deadline, honours Retry-After and reports each wait as progress.
 */
function clientOptions(connection: ArmConnection) {
    return {
        endpoint: connection.endpoint,
        retryOptions: { maxRetries: 0 },
        // Redirects are answers to name, not to follow (answers.ts): ARM does not redirect, and the SDK
        // would follow one without the token, turning a proxy's redirect into a misleading 401.
        redirectOptions: { maxRetries: 0 },
        userAgentOptions: { userAgentPrefix: "pulumi-azure-vm-patching" },
        ...(connection.caCertificate === undefined
            ? {}
            : { agent: new https.Agent({ ca: connection.caCertificate, keepAlive: true }) }),
    };
}

/**
 * The policies every client of an operation runs each request through, outermost first: name the
 * answer (answers.ts), refuse other origins (endpoint-origin.ts), bound the request and its token by
 * the deadline (request-deadline.ts). They go before the bearer-token policy, so a refused request never
 * gets a token and getToken receives the deadline's abort signal.
 */
function addOperationPolicies(
    pipeline: Pipeline,
    connection: ArmConnection,
    limits: RequestLimits,
    answers: ArmAnswers,
): void {
    const before = { beforePolicies: [BEARER_TOKEN_POLICY] };
    pipeline.addPolicy(armAnswerPolicy(connection.endpoint, answers), before);
    pipeline.addPolicy(endpointOriginPolicy(connection.endpoint), before);
    pipeline.addPolicy(requestDeadlinePolicy(allowedMs(limits)), before);
}

export interface ArmClients {
    /** What ARM answered to this operation's requests, latest last. */
    readonly answers: ArmAnswers;
    readonly features: import("@azure/arm-features").FeatureClient;
    readonly resources: import("@azure/arm-resources").ResourceManagementClient;
    readonly compute: () => import("@azure/arm-compute").ComputeManagementClient;
}

/**
 * Clients for one operation on a connection, bounded by that operation's limits; the compute client (a
 * big module) is loaded only when asked for.
 */
export function createArmClients(connection: ArmConnection, limits: RequestLimits): ArmClients {
    const credential = boundedCredential(createCredential(connection), allowedMs(limits));
    const options = clientOptions(connection);
    const answers = new ArmAnswers();
    const bounded = <C extends { pipeline: Pipeline }>(client: C): C => {
        addOperationPolicies(client.pipeline, connection, limits, answers);
        return client;
    };
    const { FeatureClient } = require("@azure/arm-features") as typeof import("@azure/arm-features");
    const { ResourceManagementClient } = require("@azure/arm-resources") as typeof import("@azure/arm-resources");
    const classic = { ...options, $host: connection.endpoint, credentialScopes: armScope(connection.endpoint) };
    let compute: import("@azure/arm-compute").ComputeManagementClient | undefined;
    return {
        answers,
        features: bounded(new FeatureClient(credential, connection.subscriptionId, classic)),
        resources: bounded(new ResourceManagementClient(credential, connection.subscriptionId, classic)),
        compute: () => {
            if (compute === undefined) {
                const { ComputeManagementClient } =
                    require("@azure/arm-compute") as typeof import("@azure/arm-compute");
                compute = bounded(
                    new ComputeManagementClient(credential, connection.subscriptionId, {
                        ...options,
                        credentials: { scopes: [armScope(connection.endpoint)] },
                    }),
                );
            }
            return compute;
        },
    };
}
