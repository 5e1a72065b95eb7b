/**
 * Where and as whom the providers talk to Azure Resource Manager: the user-facing arguments, and the
 * resolved connection that is stored in the resources' state (so delete and refresh need nothing else).
 * Resolution runs in the Pulumi program (it reads stack config and the environment there); the dynamic
 * providers only ever see the resolved, secret-free result.
 */

import { displayUrl, hasUserinfo, redactSecrets } from "./redact";

/** How to obtain an Azure AD token. Identifiers only: never a secret (those stay in the environment). */
export interface CredentialSettings {
    /**
     * `default` (the default): DefaultAzureCredential, so `az login`, the AZURE_* environment variables,
     * workload identity in CI and managed identity all work. The others pin one source:
     * `azureCli`, `environment`, `workloadIdentity`, `managedIdentity`.
     */
    kind?: CredentialKind;
    /** Tenant to authenticate against (optional; the credential's own default otherwise). */
    tenantId?: string;
    /** Client id of a user-assigned managed identity or workload identity (optional). */
    clientId?: string;
}

export const CREDENTIAL_KINDS = ["default", "azureCli", "environment", "workloadIdentity", "managedIdentity"] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** An Azure cloud: its Resource Manager endpoint and its Azure AD authority. */
export interface AzureCloud {
    readonly armEndpoint: string;
    readonly authorityHost: string;
}

/**
 * The clouds by their Azure CLI names, with azure-native's `environment` config names as aliases.
 * Other clouds (Azure Stack Hub, private endpoints) use `endpoint` and `authorityHost` explicitly.
 */
export const AZURE_CLOUDS: Readonly<Record<string, AzureCloud>> = {
    AzureCloud: { armEndpoint: "https://management.azure.com", authorityHost: "https://login.microsoftonline.com" },
    AzureUSGovernment: {
        armEndpoint: "https://management.usgovcloudapi.net",
        authorityHost: "https://login.microsoftonline.us",
    },
    AzureChinaCloud: {
        armEndpoint: "https://management.chinacloudapi.cn",
        authorityHost: "https://login.chinacloudapi.cn",
    },
};

// A Map, not an object: a user's `cloud` such as "__proto__" or "constructor" must not find Object's own.
const CLOUD_ALIASES: ReadonlyMap<string, keyof typeof AZURE_CLOUDS & string> = new Map([
    ["public", "AzureCloud"],
    ["azurecloud", "AzureCloud"],
    ["usgovernment", "AzureUSGovernment"],
    ["azureusgovernment", "AzureUSGovernment"],
    ["china", "AzureChinaCloud"],
    ["azurechinacloud", "AzureChinaCloud"],
]);

/** What a user may pass to any resource or function of this module to reach ARM. */
export interface ArmConnectionArgs {
    /** Subscription id. Default: azure-native:subscriptionId, then ARM_SUBSCRIPTION_ID, AZURE_SUBSCRIPTION_ID. */
    subscriptionId?: string;
    /**
     * Cloud name: `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud` (or azure-native's `public`,
     * `usgovernment`, `china`). Default: azure-native:environment, then ARM_ENVIRONMENT, then AzureCloud.
     */
    cloud?: string;
    /** Explicit Resource Manager endpoint (Azure Stack Hub, a private cloud); overrides `cloud`. */
    endpoint?: string;
    /** Explicit Azure AD authority host to go with `endpoint`. */
    authorityHost?: string;
    /** Which credential to use (DefaultAzureCredential unless set). */
    credential?: CredentialSettings;
    /** PEM certificate(s) of a private CA that signs the ARM endpoint's TLS certificate (Azure Stack Hub). */
    caCertificate?: string;
}

/** The resolved connection, as stored in state (schema in docs/feature-registration.md). */
export interface ArmConnection {
    subscriptionId: string;
    endpoint: string;
    authorityHost?: string;
    credential?: CredentialSettings;
    caCertificate?: string;
}

/** Where resolution looks when an argument is absent (injected so resolution stays a pure function). */
export interface ConnectionDefaults {
    /** azure-native stack config, e.g. `{ subscriptionId, environment }`. */
    readonly azureNativeConfig: (key: string) => string | undefined;
    readonly env: Readonly<Record<string, string | undefined>>;
}

/** A bad argument, said with its path, the value, what is allowed and how to fix it. */
export class ConnectionArgumentError extends Error {
    constructor(
        readonly property: string,
        message: string,
    ) {
        super(`${property}: ${message}`);
        this.name = "ConnectionArgumentError";
    }
}

/** A subscription or tenant id. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolve the user's arguments against stack config and environment; throws ConnectionArgumentError. */
export function resolveArmConnection(args: ArmConnectionArgs, defaults: ConnectionDefaults): ArmConnection {
    const subscriptionId =
        nonEmpty(args.subscriptionId) ??
        nonEmpty(defaults.azureNativeConfig("subscriptionId")) ??
        nonEmpty(defaults.env.ARM_SUBSCRIPTION_ID) ??
        nonEmpty(defaults.env.AZURE_SUBSCRIPTION_ID);
    if (subscriptionId === undefined) {
        throw new ConnectionArgumentError(
            "subscriptionId",
            "no subscription id was given. Pass `subscriptionId`, or set it with `pulumi config set azure-native:subscriptionId <id>`, or export ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID.",
        );
    }
    if (!GUID.test(subscriptionId)) {
        throw new ConnectionArgumentError(
            "subscriptionId",
            `"${subscriptionId}" is not a subscription id; it must be a GUID such as 00000000-0000-0000-0000-000000000000 (see \`az account show --query id\`).`,
        );
    }
    const cloudName =
        nonEmpty(args.cloud) ??
        nonEmpty(defaults.azureNativeConfig("environment")) ??
        nonEmpty(defaults.env.ARM_ENVIRONMENT);
    let cloud: AzureCloud = AZURE_CLOUDS.AzureCloud;
    if (cloudName !== undefined) {
        const key = CLOUD_ALIASES.get(cloudName.toLowerCase());
        if (key === undefined) {
            throw new ConnectionArgumentError(
                "cloud",
                `${JSON.stringify(redactSecrets(cloudName))} is not a known Azure cloud; allowed: ${Object.keys(AZURE_CLOUDS).join(", ")} (or public, usgovernment, china). For another cloud set \`endpoint\` and \`authorityHost\`.`,
            );
        }
        cloud = AZURE_CLOUDS[key];
    }
    const endpoint = args.endpoint === undefined ? cloud.armEndpoint : checkHttpsUrl("endpoint", args.endpoint);
    const authorityHost =
        args.authorityHost !== undefined
            ? checkHttpsUrl("authorityHost", args.authorityHost)
            : args.endpoint === undefined
              ? cloud.authorityHost
              : undefined;
    const credential = args.credential === undefined ? undefined : checkCredential(args.credential);
    const connection: ArmConnection = { subscriptionId, endpoint };
    if (authorityHost !== undefined) connection.authorityHost = authorityHost;
    if (credential !== undefined) connection.credential = credential;
    if (args.caCertificate !== undefined) {
        const problem = caCertificateProblem(args.caCertificate);
        if (problem !== undefined) throw new ConnectionArgumentError("caCertificate", problem);
        connection.caCertificate = args.caCertificate;
    }
    return connection;
}

function nonEmpty(value: string | undefined): string | undefined {
    const trimmed = value?.trim();
    return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

/**
 * Why a URL cannot be an endpoint, or undefined when it can. The message never repeats a user name or
 * password the URL carries: it shows the URL without them.
 */
export function httpsUrlProblem(value: string): string | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `${JSON.stringify(displayUrl(value))} is not a URL; write it as https://host[:port].`;
    }
    const shown = JSON.stringify(displayUrl(value));
    if (hasUserinfo(value)) {
        return `${shown} must not carry a user name or password (removed from this message): ARM takes an Azure AD token, and the URL would be stored in the state in plain text. Write it as https://host[:port], and give credentials through \`credential\` and the AZURE_* environment variables.`;
    }
    if (url.protocol !== "https:") {
        return `${shown} must use https: Azure SDK clients never send a bearer token over plain http.`;
    }
    return undefined;
}

function checkHttpsUrl(property: string, value: string): string {
    const problem = httpsUrlProblem(value);
    if (problem !== undefined) throw new ConnectionArgumentError(property, problem);
    return new URL(value).origin;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/**
 * Why a caCertificate value cannot be stored, or undefined when it can. It is stored in the state in
 * plain text, so it may hold certificates only: a bundle that also holds a private key is refused.
 */
export function caCertificateProblem(pem: string): string | undefined {
    const labels = [...pem.matchAll(PEM_BLOCK)].map((m) => m[1]);
    if (labels.some((label) => label.includes("PRIVATE KEY"))) {
        return "holds a PRIVATE KEY, and this value is stored in the state in plain text. Pass only the CA's certificate(s): keep the -----BEGIN CERTIFICATE----- blocks and remove the key (e.g. `openssl x509 -in bundle.pem -out ca.pem` for one certificate). If the key was ever committed or shared, replace it.";
    }
    if (labels.length === 0) {
        return "must be PEM text with -----BEGIN CERTIFICATE----- blocks (the private CA's certificate that signs the endpoint's TLS certificate).";
    }
    const other = labels.filter((label) => label !== "CERTIFICATE" && label !== "TRUSTED CERTIFICATE");
    if (other.length > 0) {
        return `holds ${[...new Set(other)].map((label) => `a ${label} block`).join(" and ")}; only -----BEGIN CERTIFICATE----- blocks belong here (the private CA's certificate).`;
    }
    return undefined;
}

function checkCredential(settings: CredentialSettings): CredentialSettings {
    const result: CredentialSettings = {};
    if (settings.kind !== undefined) {
        if (!(CREDENTIAL_KINDS as readonly string[]).includes(settings.kind)) {
            throw new ConnectionArgumentError(
                "credential.kind",
                `"${settings.kind}" is not a credential kind; allowed: ${CREDENTIAL_KINDS.join(", ")}.`,
            );
        }
        result.kind = settings.kind;
    }
    for (const key of ["tenantId", "clientId"] as const) {
        const value = settings[key];
        if (value === undefined) continue;
        if (!GUID.test(value)) {
            // Not repeated: a client secret pasted here by mistake must not reach a message.
            throw new ConnectionArgumentError(
                `credential.${key}`,
                "must be a GUID such as 00000000-0000-0000-0000-000000000000 (an id, never a secret; the value given is not repeated here).",
            );
        }
        result[key] = value;
    }
    const extra = Object.keys(settings).filter((k) => !["kind", "tenantId", "clientId"].includes(k));
    if (extra.length > 0) {
        throw new ConnectionArgumentError(
            `credential.${extra[0]}`,
            "is not a credential setting (allowed: kind, tenantId, clientId). Secrets never go here: put a client secret or certificate in the AZURE_* environment variables and use kind `environment` or `default`.",
        );
    }
    return result;
}
