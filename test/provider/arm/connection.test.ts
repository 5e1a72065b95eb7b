/**
 * Where the providers connect and as whom: subscription precedence (argument, azure-native config,
 * environment), sovereign clouds, explicit endpoints, credential settings without secrets, and the
 * errors for bad arguments. Also the pure pieces of waiting: Retry-After parsing, backoff, timeouts.
 */
import * as assert from "node:assert/strict";
import { createCredential, setCredentialFactory } from "../../../provider/arm/clients";
import { AZURE_CLOUDS, type ConnectionArgumentError, resolveArmConnection } from "../../../provider/arm/connection";
import { classifyArmError, retryAfterMs } from "../../../provider/arm/errors";
import { waitTiming } from "../../../provider/arm/timeouts";
import { backoffDelay } from "../../../provider/arm/wait";
import { hostEngineAddress } from "../../../provider/engine";
import { installLoopbackGuard, violations } from "../../support/fake-arm/loopback-guard";
import { installTestCredentials } from "../fake-arm-fixture";

const SUB_ARG = "11111111-1111-1111-1111-111111111111";
const SUB_CONFIG = "22222222-2222-2222-2222-222222222222";
const SUB_ARM = "33333333-3333-3333-3333-333333333333";
const SUB_AZURE = "44444444-4444-4444-4444-444444444444";

const defaults = (config: Record<string, string> = {}, env: Record<string, string> = {}) => ({
    azureNativeConfig: (key: string) => config[key],
    env,
});

describe("ARM connection resolution", () => {
    it("takes the subscription from the argument, then azure-native config, then ARM_, then AZURE_", () => {
        const all = defaults(
            { subscriptionId: SUB_CONFIG },
            { ARM_SUBSCRIPTION_ID: SUB_ARM, AZURE_SUBSCRIPTION_ID: SUB_AZURE },
        );
        assert.equal(resolveArmConnection({ subscriptionId: SUB_ARG }, all).subscriptionId, SUB_ARG);
        assert.equal(resolveArmConnection({}, all).subscriptionId, SUB_CONFIG);
        assert.equal(
            resolveArmConnection({}, defaults({}, { ARM_SUBSCRIPTION_ID: SUB_ARM, AZURE_SUBSCRIPTION_ID: SUB_AZURE }))
                .subscriptionId,
            SUB_ARM,
        );
        assert.equal(
            resolveArmConnection({}, defaults({}, { AZURE_SUBSCRIPTION_ID: SUB_AZURE })).subscriptionId,
            SUB_AZURE,
        );
    });

    it("says how to give a subscription when there is none, and rejects one that is not a GUID", () => {
        assert.throws(
            () => resolveArmConnection({}, defaults()),
            (e: ConnectionArgumentError) =>
                e.property === "subscriptionId" &&
                /azure-native:subscriptionId/.test(e.message) &&
                /ARM_SUBSCRIPTION_ID/.test(e.message),
        );
        assert.throws(
            () => resolveArmConnection({ subscriptionId: "my-sub" }, defaults()),
            /"my-sub" is not a subscription id/,
        );
    });

    it("uses the public cloud by default, and the sovereign clouds' ARM and Azure AD endpoints when asked", () => {
        const pub = resolveArmConnection({ subscriptionId: SUB_ARG }, defaults());
        assert.equal(pub.endpoint, "https://management.azure.com");
        assert.equal(pub.authorityHost, "https://login.microsoftonline.com");
        const gov = resolveArmConnection({}, defaults({ subscriptionId: SUB_ARG, environment: "usgovernment" }));
        assert.deepEqual(
            [gov.endpoint, gov.authorityHost],
            [AZURE_CLOUDS.AzureUSGovernment.armEndpoint, "https://login.microsoftonline.us"],
        );
        const china = resolveArmConnection({ subscriptionId: SUB_ARG, cloud: "AzureChinaCloud" }, defaults());
        assert.equal(china.endpoint, "https://management.chinacloudapi.cn");
        const env = resolveArmConnection({ subscriptionId: SUB_ARG }, defaults({}, { ARM_ENVIRONMENT: "china" }));
        assert.equal(env.endpoint, "https://management.chinacloudapi.cn");
        assert.throws(
            () => resolveArmConnection({ subscriptionId: SUB_ARG, cloud: "AzureGermanCloud" }, defaults()),
            (e: Error) =>
                /"AzureGermanCloud" is not a known Azure cloud; allowed: AzureCloud, AzureUSGovernment, AzureChinaCloud/.test(
                    e.message,
                ),
        );
    });

    it("accepts an explicit https endpoint (Azure Stack Hub) and refuses plain http", () => {
        const stack = resolveArmConnection(
            {
                subscriptionId: SUB_ARG,
                endpoint: "https://management.local.azurestack.external/",
                authorityHost: "https://adfs.local.azurestack.external",
            },
            defaults(),
        );
        assert.equal(stack.endpoint, "https://management.local.azurestack.external");
        assert.equal(stack.authorityHost, "https://adfs.local.azurestack.external");
        assert.throws(
            () => resolveArmConnection({ subscriptionId: SUB_ARG, endpoint: "http://127.0.0.1:8080" }, defaults()),
            /must use https: Azure SDK clients never send a bearer token over plain http/,
        );
    });

    it("stores credential settings that are identifiers only and refuses anything that looks like a secret", () => {
        const c = resolveArmConnection(
            {
                subscriptionId: SUB_ARG,
                credential: { kind: "workloadIdentity", clientId: SUB_CONFIG, tenantId: SUB_ARM },
            },
            defaults(),
        );
        assert.deepEqual(c.credential, { kind: "workloadIdentity", clientId: SUB_CONFIG, tenantId: SUB_ARM });
        assert.throws(
            () =>
                resolveArmConnection(
                    { subscriptionId: SUB_ARG, credential: { kind: "environment", clientSecret: "s3cr3t" } as never },
                    defaults(),
                ),
            (e: Error) =>
                /credential.clientSecret/.test(e.message) &&
                /AZURE_\* environment/.test(e.message) &&
                !e.message.includes("s3cr3t"),
        );
        assert.throws(
            () =>
                resolveArmConnection(
                    { subscriptionId: SUB_ARG, credential: { kind: "password" as never } },
                    defaults(),
                ),
            /"password" is not a credential kind; allowed: default, azureCli/,
        );
    });
});

describe("waiting: Retry-After, backoff and timeouts", () => {
    const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] });

    it("parses Retry-After in seconds, as an HTTP date, and the millisecond variants", () => {
        assert.equal(retryAfterMs(headers({ "retry-after": "7" })), 7000);
        assert.equal(retryAfterMs(headers({ "retry-after-ms": "250", "retry-after": "7" })), 250);
        const now = Date.parse("2026-11-22T00:00:00Z");
        assert.equal(retryAfterMs(headers({ "retry-after": "Sun, 22 Nov 2026 00:00:30 GMT" }), now), 30_000);
        assert.equal(retryAfterMs(headers({})), undefined);
    });

    it("classifies throttling, server errors and resets as retryable, client errors as final", () => {
        assert.deepEqual(
            classifyArmError({ statusCode: 429, response: { headers: headers({ "retry-after": "2" }) } }),
            {
                retry: true,
                reason: "ARM is throttling requests (429)",
                retryAfterMs: 2000,
            },
        );
        assert.equal(classifyArmError({ statusCode: 503 }).retry, true);
        assert.equal(classifyArmError({ code: "ECONNRESET", message: "socket hang up" }).retry, true);
        assert.equal(classifyArmError({ name: "AbortError" }).retry, true);
        assert.equal(classifyArmError({ statusCode: 400, code: "BadRequest" }).retry, false);
        assert.equal(classifyArmError({ statusCode: 403 }).retry, false);
    });

    it("backs off geometrically up to the cap; defaults follow Azure's 15 minutes with margin", () => {
        const timing = waitTiming({ pollSeconds: 1, maxPollSeconds: 4 });
        assert.deepEqual(
            [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, timing)),
            [1000, 1500, 2250, 3375, 4000, 4000],
        );
        assert.deepEqual(waitTiming(undefined), {
            timeoutMs: 1_200_000,
            pollMs: 5000,
            maxPollMs: 30_000,
            requestTimeoutMs: 60_000,
        });
    });
});

describe("progress inside the dynamic-provider host", () => {
    it("finds the engine address only when this process is Pulumi's dynamic-provider host", () => {
        const script = "/stack/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
        assert.equal(hostEngineAddress(["node", script, "127.0.0.1:50123"]), "127.0.0.1:50123");
        assert.equal(
            hostEngineAddress(["node", "/stack/node_modules/@pulumi/pulumi/cmd/dynamic-provider", "127.0.0.1:1"]),
            "127.0.0.1:1",
        );
        assert.equal(
            hostEngineAddress(["node", "/usr/lib/node_modules/mocha/bin/mocha.js", "127.0.0.1:50123"]),
            undefined,
        );
        assert.equal(hostEngineAddress(["node", script]), undefined);
    });
});

describe("loopback guard (used by every provider test)", () => {
    it("refuses and records a connection off the loopback", async () => {
        installLoopbackGuard();
        const net = await import("node:net");
        const before = violations.length;
        const error = await new Promise<Error>((resolve) => {
            const socket = net.connect(443, "169.254.169.254");
            socket.on("error", resolve);
        });
        assert.match(error.message, /loopback guard: connection to 169.254.169.254:443 refused/);
        assert.deepEqual(violations.slice(before), ["169.254.169.254:443"]);
        violations.splice(before); // this one was on purpose
    });
});

describe("credentials from settings (no request is made by constructing them)", () => {
    it("builds DefaultAzureCredential unless a single source is pinned, and reuses one per settings", () => {
        setCredentialFactory(undefined);
        try {
            const base = { subscriptionId: SUB_ARG, endpoint: "https://management.azure.com" };
            const kinds = {
                default: "DefaultAzureCredential",
                azureCli: "AzureCliCredential",
                environment: "EnvironmentCredential",
                managedIdentity: "ManagedIdentityCredential",
            } as const;
            for (const [kind, cls] of Object.entries(kinds)) {
                assert.equal(createCredential({ ...base, credential: { kind: kind as never } }).constructor.name, cls);
            }
            assert.equal(createCredential(base).constructor.name, "DefaultAzureCredential");
            assert.equal(createCredential(base), createCredential({ ...base }), "cached per settings");
            assert.notEqual(
                createCredential(base),
                createCredential({ ...base, authorityHost: "https://login.microsoftonline.us" }),
            );
        } finally {
            installTestCredentials();
        }
    });
});
