/**
 * Azure SDK clients for a resolved connection. Runs inside the dynamic-provider host: the credential is
 * built here, from settings that hold no secret, so no token ever enters the serialized provider or state.
 */

import * as https from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { ArmConnection } from "./connection";
import { DEFAULT_TIMEOUTS } from "./timeouts";

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

/** Default time one request may take before it counts as hung (TimeoutsArgs.requestTimeoutSeconds's default). */
export const DEFAULT_REQUEST_TIMEOUT_MS = DEFAULT_TIMEOUTS.requestTimeoutSeconds * 1000;

/**
 * Gives every request of a client a timeout, including the polls a long-running operation makes on
 * its own (those take no abort signal from the caller), so a hung server cannot stall a wait.
 */
function requestTimeoutPolicy(timeoutMs: number): PipelinePolicy {
    return {
        name: "pulumiAzureVmPatchingRequestTimeout",
        sendRequest(request, next) {
            if (!(request.timeout > 0)) request.timeout = timeoutMs;
            return next(request);
        },
    };
}

/**
 * Options common to every SDK client. The SDK's own retries are off: the providers retry in their own
 * loop, which knows the overall deadline, honours Retry-After and reports each wait as progress.
 */
export function clientOptions(connection: ArmConnection, requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS) {
    return {
        endpoint: connection.endpoint,
        retryOptions: { maxRetries: 0 },
        additionalPolicies: [{ policy: requestTimeoutPolicy(requestTimeoutMs), position: "perCall" as const }],
        userAgentOptions: { userAgentPrefix: "pulumi-azure-vm-patching" },
        ...(connection.caCertificate === undefined
            ? {}
            : { agent: new https.Agent({ ca: connection.caCertificate, keepAlive: true }) }),
    };
}

export interface ArmClients {
    readonly features: import("@azure/arm-features").FeatureClient;
    readonly resources: import("@azure/arm-resources").ResourceManagementClient;
    readonly compute: () => import("@azure/arm-compute").ComputeManagementClient;
}

/** Clients for one connection; the compute client (a big module) is loaded only when asked for. */
export function createArmClients(connection: ArmConnection, requestTimeoutMs?: number): ArmClients {
    const credential = createCredential(connection);
    const options = clientOptions(connection, requestTimeoutMs);
    const { FeatureClient } = require("@azure/arm-features") as typeof import("@azure/arm-features");
    const { ResourceManagementClient } = require("@azure/arm-resources") as typeof import("@azure/arm-resources");
    const classic = { ...options, $host: connection.endpoint, credentialScopes: armScope(connection.endpoint) };
    let compute: import("@azure/arm-compute").ComputeManagementClient | undefined;
    return {
        features: new FeatureClient(credential, connection.subscriptionId, classic),
        resources: new ResourceManagementClient(credential, connection.subscriptionId, classic),
        compute: () => {
            if (compute === undefined) {
                const { ComputeManagementClient } =
                    require("@azure/arm-compute") as typeof import("@azure/arm-compute");
                compute = new ComputeManagementClient(credential, connection.subscriptionId, {
                    ...options,
                    credentials: { scopes: [armScope(connection.endpoint)] },
                });
            }
            return compute;
        },
    };
}
