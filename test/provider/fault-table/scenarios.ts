/**
 * The fault table: what ARM, the network, a credential or a user's arguments can do, and what a user
 * gets from each resource and function then. Each row runs against the fake ARM server through the
 * real Azure SDK clients (through Pulumi's dynamic-provider host for the resources, with a scripted
 * clock), and docs/feature-registration.md lists the same rows ("What you can rely on"); a test keeps
 * the two equal. Rows marked since17 are what issue #17 changed: each failed on the code before it. (F11-F13,
 * F20, P03 and A03 behaved as they do now, but their waits only became observable with the scripted clock.)
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { HANGING_CREDENTIAL_TENANT, UNAVAILABLE_CREDENTIAL_TENANT } from "../../support/fake-arm/credential";
import type { FakeArm, FakeArmOptions, Fault } from "../../support/fake-arm/server";
import { type Outcome, TIMEOUTS, type World } from "./world";

type Props = Record<string, unknown>;
type Call = Awaited<ReturnType<World["createFeature"]>>;

export interface FaultScenario {
    readonly id: string;
    /** Who meets it: a resource (through the host), a function, or a resource's arguments. */
    readonly subject: string;
    /** What ARM, the network, the credential or the user does. */
    readonly fault: string;
    /** What the user gets. */
    readonly outcome: string;
    /** Added by issue #17: the code before it failed this row. */
    readonly since17?: true;
    readonly arm?: Omit<FakeArmOptions, "subscriptionId">;
    readonly faults?: readonly Fault[];
    readonly setup?: (fake: FakeArm, other: FakeArm) => void;
    readonly call: (world: World) => Promise<Call>;
    readonly expect: (outcome: Outcome) => void;
}

/** Secrets the scenarios hand to the code; the sweep looks for each of them everywhere afterwards. */
export const PASSWORD = "correct-horse-battery-staple-17";
export const CLIENT_SECRET = "Xq8~fake.client.secret-0123456789abcdef";
export const PRIVATE_KEY = crypto
    .generateKeyPairSync("ec", { namedCurve: "P-256" })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
const CA_CERTIFICATE_SHAPE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

const FEATURE = "InGuestPatchVMPreview";
const NOT_REGISTERED = { features: { [FEATURE]: {} } };
const REGISTERING = { features: { [FEATURE]: { registerDelayMs: 30 } } };

const RESULT = {
    status: "Succeeded",
    assessmentActivityId: "68f8b292-dfc2-4646-9781-33cc88631968",
    rebootPending: false,
    criticalAndSecurityPatchCount: 1,
    otherPatchCount: 2,
    startDateTime: "2026-11-22T01:00:00.000Z",
    availablePatches: [{ name: "KB5046000", kbId: "5046000", classifications: ["Security"] }],
};
const VM = (vm: Props = {}) => ({ vms: { "rg/web-1": { assessment: RESULT, ...vm } } });

const SIGN_IN_PAGE =
    "<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><form>...</form></body></html>";
const GATEWAY_PAGE = "<html><head><title>503 Service Temporarily Unavailable</title></head></html>";

// ---- what a row expects ----

function succeeds(more?: (o: Outcome) => void) {
    return (o: Outcome) => {
        if (o.error !== undefined) assert.fail(`expected success, got: ${o.error.message}`);
        more?.(o);
    };
}

function fails(pattern: RegExp, more?: (o: Outcome) => void) {
    return (o: Outcome) => {
        if (o.error === undefined) {
            const { __provider, ...outs } = o.outs ?? {};
            assert.fail(`expected an error matching ${pattern}, got success: ${JSON.stringify(outs).slice(0, 400)}`);
        }
        assert.match(o.error.message, pattern);
        more?.(o);
    };
}

function refusedByCheck(property: string, pattern: RegExp) {
    return (o: Outcome) => {
        const failure = o.failures?.find((f) => f.property === property);
        assert.ok(failure, `expected a check failure for ${property}, got ${JSON.stringify(o.failures)}`);
        assert.match(failure.reason, pattern);
        assert.equal(o.fake.requests.length, 0, "check calls no ARM API");
    };
}

const requests = (o: Outcome, method?: string) =>
    o.fake.requests.filter((r) => method === undefined || r.method === method).length;
const posts = (o: Outcome) => requests(o, "POST");
const noWaitAtOrPast = (ms: number) => (o: Outcome) =>
    assert.ok(
        o.sleeps.every((s) => s < ms),
        `waited ${JSON.stringify(o.sleeps)} ms; none may reach ${ms}`,
    );
const waited = (ms: number) => (o: Outcome) =>
    assert.ok(o.sleeps.includes(ms), `expected a wait of ${ms} ms, got ${JSON.stringify(o.sleeps)}`);

const status = (code: number, extra: Omit<Extract<Fault["action"], { kind: "status" }>, "kind" | "status"> = {}) =>
    ({ kind: "status", status: code, ...extra }) as const;
const armError = (code: string, message: string) => ({ error: { code, message } });

const createFeature =
    (extra: Props = {}) =>
    (w: World) =>
        w.createFeature(FEATURE, extra);
const assess =
    (extra: Props = {}) =>
    (w: World) =>
        w.assess("web-1", extra);

// ---- the rows ----

const FEATURE_REGISTRATION: FaultScenario[] = [
    {
        id: "F01",
        subject: "FeatureRegistration",
        fault: "the feature is already Registered",
        outcome: "success with one request, no changedAt",
        arm: { features: { [FEATURE]: { state: "Registered" } } },
        call: createFeature(),
        expect: succeeds((o) => {
            assert.equal(requests(o), 1);
            assert.equal(o.outs?.changedAt, undefined);
        }),
    },
    {
        id: "F02",
        subject: "FeatureRegistration",
        fault: "NotRegistered, then Registering for a while",
        outcome: "waits with backoff until Registered; records changedAt",
        arm: REGISTERING,
        call: createFeature(),
        expect: succeeds((o) => {
            assert.equal(o.outs?.state, "Registered");
            assert.equal(typeof o.outs?.changedAt, "string");
        }),
    },
    {
        id: "F03",
        subject: "FeatureRegistration",
        fault: "someone is unregistering the feature",
        outcome: "waits until Unregistered, then registers it again",
        arm: { features: { [FEATURE]: { state: "Registered", unregisterDelayMs: 30 } } },
        setup: (fake) => fake.startUnregistering(FEATURE),
        call: createFeature(),
        expect: succeeds((o) => assert.equal(o.fake.featureState(FEATURE), "Registered")),
    },
    {
        id: "F04",
        subject: "FeatureRegistration",
        fault: "the feature goes Pending (manual approval)",
        outcome: "fails at once saying it needs approval; nothing recorded",
        arm: { features: { [FEATURE]: { requiresApproval: true } } },
        call: createFeature(),
        expect: fails(/is Pending .* manual approval .* not recorded as registered/, (o) =>
            assert.equal(requests(o), 1),
        ),
    },
    {
        id: "F05",
        subject: "FeatureRegistration",
        fault: "still Registering at the deadline",
        outcome: "fails at the deadline saying Azure keeps working and how to resume",
        arm: { features: { [FEATURE]: { registerDelayMs: 600_000 } } },
        call: createFeature({ timeouts: { ...TIMEOUTS, timeoutSeconds: 1 } }),
        expect: fails(/is still Registering after .*run `pulumi up` again/, noWaitAtOrPast(1000)),
    },
    {
        id: "F06",
        subject: "FeatureRegistration",
        fault: "404: the feature name is unknown",
        outcome: "fails without retrying, suggesting the closest patching preview",
        arm: { features: {} },
        call: (w) => w.createFeature("InGuestPatchVMPreveiw"),
        expect: fails(/unknown to Azure .*Did you mean "InGuestPatchVMPreview"/, (o) => assert.equal(requests(o), 1)),
    },
    {
        id: "F07",
        subject: "FeatureRegistration",
        fault: "404 SubscriptionNotFound",
        outcome: "fails naming the subscription and the cloud to check, not the feature",
        since17: true,
        arm: NOT_REGISTERED,
        faults: [
            {
                action: status(404, { body: armError("SubscriptionNotFound", "The subscription could not be found.") }),
            },
        ],
        call: createFeature(),
        expect: fails(/Subscription .* was not found .*`cloud` or `endpoint`/, (o) => {
            assert.doesNotMatch(o.error?.message ?? "", /unknown to Azure/);
            assert.equal(requests(o), 1);
        }),
    },
    {
        id: "F08",
        subject: "FeatureRegistration",
        fault: "401",
        outcome: "fails without retrying, saying how to sign in",
        arm: NOT_REGISTERED,
        faults: [{ action: status(401, { body: armError("InvalidAuthenticationToken", "The token is expired.") }) }],
        call: createFeature(),
        expect: fails(/rejected the credentials \(401\).*token is expired.*az login/, (o) =>
            assert.equal(requests(o), 1),
        ),
    },
    {
        id: "F09",
        subject: "FeatureRegistration",
        fault: "403",
        outcome: "fails without retrying, naming the permission it needs",
        arm: NOT_REGISTERED,
        faults: [{ action: status(403, { body: armError("AuthorizationFailed", "no access") }) }],
        call: createFeature(),
        expect: fails(/Not allowed \(403\).*features\/register\/action/, (o) => assert.equal(requests(o), 1)),
    },
    {
        id: "F10",
        subject: "FeatureRegistration",
        fault: "400 with ARM's error",
        outcome: "fails without retrying, quoting ARM",
        arm: NOT_REGISTERED,
        faults: [{ action: status(400, { body: armError("InvalidApiVersion", "The api-version is not supported.") }) }],
        call: createFeature(),
        expect: fails(/ARM refused .*\(400 InvalidApiVersion\): The api-version is not supported/, (o) =>
            assert.equal(requests(o), 1),
        ),
    },
    {
        id: "F11",
        subject: "FeatureRegistration",
        fault: "429 with Retry-After: 1",
        outcome: "waits 1 s, retries, succeeds",
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: status(429, { headers: { "retry-after": "1" } }) }],
        call: createFeature(),
        expect: succeeds(waited(1000)),
    },
    {
        id: "F12",
        subject: "FeatureRegistration",
        fault: "429 with retry-after-ms: 250",
        outcome: "waits 250 ms, retries, succeeds",
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: status(429, { headers: { "retry-after-ms": "250" } }) }],
        call: createFeature(),
        expect: succeeds(waited(250)),
    },
    {
        id: "F13",
        subject: "FeatureRegistration",
        fault: "429 with Retry-After as an HTTP date",
        outcome: "waits until that date, retries, succeeds",
        arm: NOT_REGISTERED,
        setup: (fake) =>
            fake.addFault({
                method: "POST",
                action: status(429, { headers: { "retry-after": new Date(Date.now() + 3000).toUTCString() } }),
            }),
        call: createFeature(),
        expect: succeeds((o) =>
            assert.ok(
                o.sleeps.some((s) => s >= 1000 && s <= 3000),
                JSON.stringify(o.sleeps),
            ),
        ),
    },
    {
        id: "F14",
        subject: "FeatureRegistration",
        fault: "429 with Retry-After: 3600, beyond the deadline",
        outcome: "fails at once, quoting ARM and the wait it asked for; never waits past the deadline",
        since17: true,
        arm: NOT_REGISTERED,
        faults: [
            {
                method: "POST",
                action: status(429, {
                    headers: { "retry-after": "3600" },
                    body: armError("TooManyRequests", "Subscription request quota exceeded."),
                }),
            },
        ],
        call: createFeature(),
        expect: fails(/Gave up .*quota exceeded.*asked to wait 3600s more/, (o) => {
            assert.deepEqual(o.sleeps, []);
            assert.equal(requests(o), 1);
        }),
    },
    {
        id: "F15",
        subject: "FeatureRegistration",
        fault: "429 without Retry-After",
        outcome: "retries with backoff, succeeds",
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: status(429) }],
        call: createFeature(),
        expect: succeeds(),
    },
    ...[500, 502, 504, 408].map(
        (code, i): FaultScenario => ({
            id: `F${16 + i}`,
            subject: "FeatureRegistration",
            fault: `${code} on register`,
            outcome: "retries with backoff, succeeds",
            arm: NOT_REGISTERED,
            faults: [{ method: "POST", action: status(code), times: 2 }],
            call: createFeature(),
            expect: succeeds((o) => assert.equal(posts(o), 3)),
        }),
    ),
    {
        id: "F20",
        subject: "FeatureRegistration",
        fault: "503 with Retry-After: 2",
        outcome: "waits 2 s, retries, succeeds",
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: status(503, { headers: { "retry-after": "2" } }) }],
        call: createFeature(),
        expect: succeeds(waited(2000)),
    },
    {
        id: "F21",
        subject: "FeatureRegistration",
        fault: "connection reset on register",
        outcome: "retries, succeeds",
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: { kind: "reset" } }],
        call: createFeature(),
        expect: succeeds(),
    },
    {
        id: "F22",
        subject: "FeatureRegistration",
        fault: "connection reset and 500 while polling",
        outcome: "retries, succeeds",
        arm: REGISTERING,
        faults: [
            { method: "GET", action: { kind: "reset" } },
            { method: "GET", action: status(500) },
        ],
        call: createFeature(),
        expect: succeeds(),
    },
    {
        id: "F23",
        subject: "FeatureRegistration",
        fault: "register hangs",
        outcome: "abandoned after requestTimeoutSeconds, retried, succeeds",
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: { kind: "hang" } }],
        call: createFeature({ timeouts: { ...TIMEOUTS, requestTimeoutSeconds: 0.3 } }),
        expect: succeeds((o) =>
            assert.deepEqual(
                o.fake.requests.slice(0, 2).map((r) => r.outcome),
                ["hang", 200],
            ),
        ),
    },
    {
        id: "F24",
        subject: "FeatureRegistration",
        fault: "a poll hangs",
        outcome: "abandoned after requestTimeoutSeconds, retried, succeeds",
        arm: REGISTERING,
        faults: [{ method: "GET", action: { kind: "hang" } }],
        call: createFeature({ timeouts: { ...TIMEOUTS, requestTimeoutSeconds: 0.3 } }),
        expect: succeeds(),
    },
    {
        id: "F25",
        subject: "FeatureRegistration",
        fault: "502 on every request",
        outcome: "retries until the deadline, then fails naming the 502",
        arm: NOT_REGISTERED,
        faults: [{ action: status(502), times: 10_000 }],
        call: createFeature({ timeouts: { ...TIMEOUTS, timeoutSeconds: 2 } }),
        expect: fails(/Gave up registering .* after .*ARM answered 502/, noWaitAtOrPast(2000)),
    },
    {
        id: "F26",
        subject: "FeatureRegistration",
        fault: "every connection is reset",
        outcome: "retries until the deadline, then fails naming the failed connection",
        arm: NOT_REGISTERED,
        faults: [{ action: { kind: "reset" }, times: 10_000 }],
        call: createFeature({ timeouts: { ...TIMEOUTS, timeoutSeconds: 2 } }),
        expect: fails(/Gave up registering .*connection to ARM failed/),
    },
    {
        id: "F27",
        subject: "FeatureRegistration",
        fault: "every request hangs",
        outcome: "fails at the deadline saying ARM did not answer in time",
        arm: NOT_REGISTERED,
        faults: [{ action: { kind: "hang" }, times: 10_000 }],
        call: createFeature({ timeouts: { ...TIMEOUTS, timeoutSeconds: 1, requestTimeoutSeconds: 0.3 } }),
        expect: fails(/Gave up registering .*did not answer in time/),
    },
    {
        id: "F28",
        subject: "FeatureRegistration",
        fault: "a redirect (307) to the same origin while polling",
        outcome:
            "not followed (ARM does not redirect; the SDK would follow without the token, into a 401); fails naming the redirect",
        since17: true,
        arm: REGISTERING,
        setup: (fake) =>
            fake.addFault({
                method: "GET",
                action: status(307, {
                    headers: {
                        location: `/subscriptions/${fake.subscriptionId}/providers/Microsoft.Features/providers/Microsoft.Compute/features/${FEATURE}?api-version=2021-07-01`,
                    },
                    raw: "",
                }),
            }),
        call: createFeature(),
        expect: fails(
            /was answered with a redirect \(307\) to https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*It was not followed/,
            (o) => assert.doesNotMatch(o.error?.message ?? "", /rejected the credentials|another origin/),
        ),
    },
    {
        id: "F29",
        subject: "FeatureRegistration",
        fault: "a redirect loop while polling",
        outcome: "fails at the first redirect, naming it and the endpoint to fix",
        since17: true,
        arm: REGISTERING,
        setup: (fake) =>
            fake.addFault({
                method: "GET",
                action: status(302, {
                    headers: {
                        location: `/subscriptions/${fake.subscriptionId}/providers/Microsoft.Features/providers/Microsoft.Compute/features/${FEATURE}?api-version=2021-07-01`,
                    },
                    raw: "",
                }),
                times: 10_000,
            }),
        call: createFeature(),
        expect: fails(/redirect \(302\) .*Set `endpoint`/, (o) => assert.equal(requests(o, "GET"), 1)),
    },
    {
        id: "F30",
        subject: "FeatureRegistration",
        fault: "a redirect to another origin (with a password and a signature in its URL)",
        outcome: "not followed, no token sent there; fails naming the redirect without its credentials",
        since17: true,
        arm: REGISTERING,
        faults: [
            {
                method: "GET",
                action: status(302, {
                    headers: { location: `https://admin:${PASSWORD}@login.example.com/signin?sig=${PASSWORD}` },
                    raw: "",
                }),
            },
        ],
        call: createFeature(),
        expect: fails(/redirect \(302\) to https:\/\/login\.example\.com\/signin, another origin/),
    },
    {
        id: "F31",
        subject: "FeatureRegistration",
        fault: "302 on register (a POST)",
        outcome: 'fails naming the redirect, not "ARM refused ... (302): "',
        since17: true,
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: status(302, { headers: { location: "/elsewhere" }, raw: "" }) }],
        call: createFeature(),
        expect: fails(
            /POST .*\/register was answered with a redirect \(302\) to https:\/\/127\.0\.0\.1:\d+\/elsewhere\./,
            (o) => assert.doesNotMatch(o.error?.message ?? "", /ARM refused/),
        ),
    },
    {
        id: "F32",
        subject: "FeatureRegistration",
        fault: "an HTML sign-in page answered with 200",
        outcome: 'fails at once naming the page and what to check, not "still Registering"',
        since17: true,
        arm: NOT_REGISTERED,
        faults: [{ action: status(200, { raw: SIGN_IN_PAGE }), times: 10_000 }],
        call: createFeature(),
        expect: fails(/HTML page \(200, titled "Sign in to your account"\).*HTTPS_PROXY/, (o) => {
            assert.doesNotMatch(o.error?.message ?? "", /still Registering/);
            assert.equal(requests(o), 1);
        }),
    },
    {
        id: "F33",
        subject: "FeatureRegistration",
        fault: "a garbled 200 once while polling",
        outcome: "asks again, succeeds",
        since17: true,
        arm: REGISTERING,
        faults: [
            { method: "GET", action: status(200, { raw: '{"properties": {"sta', contentType: "application/json" }) },
        ],
        call: createFeature(),
        expect: succeeds(),
    },
    {
        id: "F34",
        subject: "FeatureRegistration",
        fault: "a garbled 200 on every poll",
        outcome: 'fails after 3 such answers naming a body that is not JSON, not "ARM refused ... (200 PARSE_ERROR)"',
        since17: true,
        arm: REGISTERING,
        faults: [
            {
                method: "GET",
                action: status(200, { raw: '{"properties": {"sta', contentType: "application/json" }),
                times: 10_000,
            },
        ],
        call: createFeature(),
        expect: fails(/200 and a body that is not JSON .*3 answers in a row/, (o) => {
            assert.doesNotMatch(o.error?.message ?? "", /PARSE_ERROR|ARM refused/);
            assert.equal(requests(o, "GET"), 3);
        }),
    },
    {
        id: "F35",
        subject: "FeatureRegistration",
        fault: "200 with JSON that has no properties.state",
        outcome: "fails after 3 such answers quoting what came back, never reading it as a state",
        since17: true,
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: status(200, { body: { id: "x" } }), times: 10_000 }],
        call: createFeature(),
        expect: fails(/has no properties\.state.*3 answers in a row/, (o) => assert.equal(posts(o), 3)),
    },
    {
        id: "F36",
        subject: "FeatureRegistration",
        fault: "a gateway's HTML error page with 503, once",
        outcome: "retries, succeeds",
        since17: true,
        arm: NOT_REGISTERED,
        faults: [{ method: "POST", action: status(503, { raw: GATEWAY_PAGE }) }],
        call: createFeature(),
        expect: succeeds((o) => assert.ok(o.logs.some((l) => /HTML page \(503/.test(l)))),
    },
    {
        id: "F37",
        subject: "FeatureRegistration",
        fault: "a 401 whose body echoes the Authorization header",
        outcome: "fails saying how to sign in; the token is redacted from ARM's words",
        since17: true,
        arm: NOT_REGISTERED,
        faults: [{ action: status(401, { echoAuthorization: true }) }],
        call: createFeature(),
        expect: fails(/rejected the credentials \(401\).*Authorization: \[redacted\]/),
    },
    {
        id: "F38",
        subject: "FeatureRegistration",
        fault: "a 400 whose body quotes a JWT, a SAS signature and a password",
        outcome: "fails quoting ARM with each of them redacted",
        since17: true,
        arm: NOT_REGISTERED,
        setup: (fake) =>
            fake.addFault({
                action: status(400, {
                    body: armError(
                        "BadRequest",
                        `bad request from ${fake.token} at https://x.blob.core.windows.net/c?sv=1&sig=${PASSWORD} password=${PASSWORD}`,
                    ),
                }),
            }),
        call: createFeature(),
        expect: fails(/ARM refused .*bad request from \[redacted\] .*sig=\[redacted\] password=\[redacted\]/),
    },
    {
        id: "F39",
        subject: "FeatureRegistration",
        fault: "the credential never answers (and ignores its abort signal)",
        outcome: "fails at the deadline saying no Azure AD token came; never hangs",
        since17: true,
        arm: NOT_REGISTERED,
        call: (w) =>
            w.createFeature(FEATURE, {
                connection: w.connection({ credential: { tenantId: HANGING_CREDENTIAL_TENANT } }),
                timeouts: { ...TIMEOUTS, timeoutSeconds: 4 },
            }),
        expect: fails(/Gave up registering .*no Azure AD token: HangingCredential gave no Azure AD token/, (o) =>
            assert.equal(requests(o), 0),
        ),
    },
    {
        id: "F40",
        subject: "FeatureRegistration",
        fault: "no credential is available (not signed in)",
        outcome: "fails without calling ARM, saying how to sign in",
        arm: NOT_REGISTERED,
        call: (w) =>
            w.createFeature(FEATURE, {
                connection: w.connection({ credential: { tenantId: UNAVAILABLE_CREDENTIAL_TENANT } }),
            }),
        expect: fails(/Could not get an Azure AD token .*az login/, (o) => assert.equal(requests(o), 0)),
    },
    {
        id: "F41",
        subject: "FeatureRegistration",
        fault: "a wait cut short by the deadline, then `pulumi up` again",
        outcome: "the second run continues the registration Azure kept going",
        arm: { features: { [FEATURE]: { registerDelayMs: 400 } } },
        call: async (w) => {
            await assert.rejects(
                w.createFeature(FEATURE, { timeouts: { ...TIMEOUTS, timeoutSeconds: 0.1 } }),
                /still Registering|Gave up/,
            );
            await new Promise((resolve) => setTimeout(resolve, 450));
            return w.createFeature(FEATURE);
        },
        expect: succeeds((o) => assert.equal(o.fake.requestsMatching("POST", "/unregister").length, 0)),
    },
    {
        id: "F42",
        subject: "FeatureRegistration (refresh)",
        fault: "someone unregistered the feature",
        outcome: "refresh reports Unregistered (drift the next `up` repairs)",
        arm: { features: { [FEATURE]: { state: "Unregistered" } } },
        call: (w) => w.readFeature(FEATURE),
        expect: succeeds((o) => assert.equal(o.outs?.state, "Unregistered")),
    },
    {
        id: "F43",
        subject: "FeatureRegistration (refresh)",
        fault: "503 on the read",
        outcome: "retries, reads the state",
        arm: { features: { [FEATURE]: { state: "Registered" } } },
        faults: [{ action: status(503) }],
        call: (w) => w.readFeature(FEATURE),
        expect: succeeds((o) => assert.equal(o.outs?.state, "Registered")),
    },
    {
        id: "F44",
        subject: "FeatureRegistration (refresh)",
        fault: "an HTML page answered with 200",
        outcome: "fails naming the page, not a state",
        since17: true,
        arm: { features: { [FEATURE]: { state: "Registered" } } },
        faults: [{ action: status(200, { raw: SIGN_IN_PAGE }) }],
        call: (w) => w.readFeature(FEATURE),
        expect: fails(/HTML page \(200/),
    },
    {
        id: "F45",
        subject: "FeatureRegistration (delete)",
        fault: "delete without unregisterOnDelete",
        outcome: "the subscription-wide registration stays; no request",
        arm: { features: { [FEATURE]: { state: "Registered" } } },
        call: (w) => w.deleteFeature(FEATURE),
        expect: succeeds((o) => {
            assert.equal(requests(o), 0);
            assert.equal(o.fake.featureState(FEATURE), "Registered");
        }),
    },
    {
        id: "F46",
        subject: "FeatureRegistration (delete)",
        fault: "delete with unregisterOnDelete",
        outcome: "unregisters and waits until Unregistered",
        arm: { features: { [FEATURE]: { state: "Registered", unregisterDelayMs: 30 } } },
        call: (w) => w.deleteFeature(FEATURE, { unregisterOnDelete: true }),
        expect: succeeds((o) => assert.equal(o.fake.featureState(FEATURE), "Unregistered")),
    },
    {
        id: "F47",
        subject: "FeatureRegistration (delete)",
        fault: "delete with unregisterOnDelete of a feature Azure no longer knows (404)",
        outcome: "succeeds: nothing left to unregister",
        arm: { features: {} },
        call: (w) => w.deleteFeature(FEATURE, { unregisterOnDelete: true }),
        expect: succeeds(),
    },
];

const PROPAGATION: FaultScenario[] = [
    {
        id: "P01",
        subject: "ResourceProviderRegistration",
        fault: "Microsoft.Compute re-registers for a while",
        outcome: "waits until Registered; never unregisters the provider",
        arm: { providerRegisterDelayMs: 30 },
        call: (w) => w.createProvider(),
        expect: succeeds((o) => {
            assert.equal(o.outs?.registrationState, "Registered");
            assert.equal(o.fake.propagations.length, 1);
        }),
    },
    {
        id: "P02",
        subject: "ResourceProviderRegistration",
        fault: "503 on the provider's register",
        outcome: "retries, succeeds",
        faults: [{ method: "POST", action: status(503) }],
        call: (w) => w.createProvider(),
        expect: succeeds(),
    },
    {
        id: "P03",
        subject: "ResourceProviderRegistration",
        fault: "429 with Retry-After: 1",
        outcome: "waits 1 s, retries, succeeds",
        faults: [{ method: "POST", action: status(429, { headers: { "retry-after": "1" } }) }],
        call: (w) => w.createProvider(),
        expect: succeeds(waited(1000)),
    },
    {
        id: "P04",
        subject: "ResourceProviderRegistration",
        fault: "403",
        outcome: "fails naming `*/register/action`",
        faults: [{ action: status(403, { body: armError("AuthorizationFailed", "no access") }) }],
        call: (w) => w.createProvider(),
        expect: fails(/Not allowed \(403\).*\*\/register\/action/),
    },
    {
        id: "P05",
        subject: "ResourceProviderRegistration",
        fault: "still Registering at the deadline",
        outcome: "fails at the deadline saying how to resume",
        arm: { providerRegisterDelayMs: 600_000 },
        call: (w) => w.createProvider({ timeouts: { ...TIMEOUTS, timeoutSeconds: 1 } }),
        expect: fails(/Resource provider Microsoft.Compute is still Registering after .*pulumi up/),
    },
];

const ASSESSMENT: FaultScenario[] = [
    {
        id: "A01",
        subject: "PatchAssessment",
        fault: "assessPatches runs as a long-running operation",
        outcome: "polls the operation status, reads the result from Location, records the counts and patches",
        arm: VM({ assessmentDelayMs: 30 }),
        call: assess(),
        expect: succeeds((o) => {
            assert.equal(o.outs?.criticalAndSecurityPatchCount, 1);
            assert.equal(o.outs?.otherPatchCount, 2);
            assert.equal((o.outs?.availablePatches as unknown[] | undefined)?.length, 1);
        }),
    },
    {
        id: "A02",
        subject: "PatchAssessment",
        fault: "503 on assessPatches",
        outcome: "retries, succeeds",
        arm: VM(),
        faults: [{ method: "POST", action: status(503) }],
        call: assess(),
        expect: succeeds((o) => assert.equal(posts(o), 2)),
    },
    {
        id: "A03",
        subject: "PatchAssessment",
        fault: "429 with Retry-After: 1 on assessPatches",
        outcome: "waits 1 s, retries, succeeds",
        arm: VM(),
        faults: [{ method: "POST", action: status(429, { headers: { "retry-after": "1" } }) }],
        call: assess(),
        expect: succeeds(waited(1000)),
    },
    {
        id: "A04",
        subject: "PatchAssessment",
        fault: "connection reset and 500 while polling",
        outcome: "polls the same operation again (no second assessment), succeeds",
        since17: true,
        arm: VM({ assessmentDelayMs: 30 }),
        faults: [
            { method: "GET", path: "/operations/", action: { kind: "reset" } },
            { method: "GET", path: "/operations/", action: status(500) },
        ],
        call: assess(),
        expect: succeeds((o) => assert.equal(posts(o), 1)),
    },
    {
        id: "A05",
        subject: "PatchAssessment",
        fault: "a poll hangs",
        outcome: "abandoned after requestTimeoutSeconds, polled again, succeeds",
        arm: VM({ assessmentDelayMs: 30 }),
        faults: [{ method: "GET", path: "/operations/", action: { kind: "hang" } }],
        call: assess({ timeouts: { ...TIMEOUTS, requestTimeoutSeconds: 0.3 } }),
        expect: succeeds((o) => assert.ok(o.fake.requests.some((r) => r.outcome === "hang"))),
    },
    {
        id: "A06",
        subject: "PatchAssessment",
        fault: "the assessment ends Failed",
        outcome: "fails quoting Azure's reason; nothing recorded",
        arm: VM({ assessment: { status: "Failed", error: { code: "VMAgentNotReady", message: "agent not ready" } } }),
        call: assess(),
        expect: fails(/Patch assessment of VM "web-1" failed: agent not ready/),
    },
    {
        id: "A07",
        subject: "PatchAssessment",
        fault: "404: the VM does not exist",
        outcome: "fails naming the VM and resource group",
        arm: VM(),
        call: (w) => w.assess("ghost"),
        expect: fails(/VM "ghost" in resource group "rg" .* was not found/),
    },
    {
        id: "A08",
        subject: "PatchAssessment",
        fault: "the assessment ends CompletedWithWarnings",
        outcome: "records the result and reports the warning",
        arm: VM({
            assessment: { ...RESULT, status: "CompletedWithWarnings", error: { message: "one source failed" } },
        }),
        call: assess(),
        expect: succeeds((o) => {
            assert.equal(o.outs?.status, "CompletedWithWarnings");
            assert.ok(o.logs.some((l) => /completed with warnings: one source failed/.test(l)));
        }),
    },
    {
        id: "A09",
        subject: "PatchAssessment",
        fault: "polls carry Retry-After: 20 and the deadline is 5 s",
        outcome: "fails at once quoting ARM's Retry-After; never waits past the deadline",
        since17: true,
        arm: VM({ assessmentDelayMs: 600_000, pollHeaders: { "retry-after": "20" } }),
        call: assess(),
        expect: fails(/still running after .*ARM asked to check again in 20s \(Retry-After\)/, (o) => {
            noWaitAtOrPast(5000)(o);
            assert.ok(o.sleeps.reduce((a, b) => a + b, 0) < 5000, "all waits together stay within the deadline");
        }),
    },
    {
        id: "A10",
        subject: "PatchAssessment",
        fault: "the operation's answers carry Retry-After: 1",
        outcome: "waits 1 s before polling, succeeds",
        since17: true,
        arm: VM({ pollHeaders: { "retry-after": "1" } }),
        call: assess(),
        expect: succeeds(waited(1000)),
    },
    {
        id: "A11",
        subject: "PatchAssessment",
        fault: "still running at the deadline",
        outcome: "fails at the deadline saying Azure keeps working and how to resume",
        since17: true,
        arm: VM({ assessmentDelayMs: 600_000 }),
        call: assess({ timeouts: { ...TIMEOUTS, timeoutSeconds: 1 } }),
        expect: fails(/still running after .*run `pulumi up` again/, noWaitAtOrPast(1000)),
    },
    {
        id: "A12",
        subject: "PatchAssessment",
        fault: "the operation ends Succeeded and the result is an empty body",
        outcome: "fails saying an empty body came back; nothing recorded",
        since17: true,
        arm: VM({ assessment: null }),
        call: assess(),
        expect: fails(/200 and an empty body/),
    },
    {
        id: "A13",
        subject: "PatchAssessment",
        fault: "the operation ends Succeeded with only the status body (no counts)",
        outcome: "fails naming the missing counts and quoting what came back; never an all-clear",
        since17: true,
        arm: VM({ noLocation: true }),
        call: assess(),
        expect: fails(
            /has no criticalAndSecurityPatchCount, otherPatchCount .*answered 200 with `\{"name":.*"status":"Succeeded"/,
        ),
    },
    {
        id: "A14",
        subject: "PatchAssessment",
        fault: "a result that counts patches but lists none",
        outcome: "fails naming availablePatches",
        since17: true,
        arm: VM({ assessment: { ...RESULT, availablePatches: undefined } }),
        call: assess(),
        expect: fails(/has no availablePatches/),
    },
    {
        id: "A15",
        subject: "PatchAssessment",
        fault: "the operation-status URL is on another origin",
        outcome: "refused before it is asked: the token never goes there",
        since17: true,
        setup: (fake, other) => fake.reset({ vms: { "rg/web-1": { assessment: RESULT, operationOrigin: other.url } } }),
        call: assess(),
        expect: fails(
            /named https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/operations\/.* not the configured endpoint/,
            (o) => assert.equal(o.other.requests.length, 0, "the other origin was never asked"),
        ),
    },
    {
        id: "A16",
        subject: "PatchAssessment",
        fault: "a garbled 200 once while polling",
        outcome: "polls again, succeeds",
        since17: true,
        arm: VM({ assessmentDelayMs: 30 }),
        faults: [
            {
                method: "GET",
                path: "/operations/",
                action: status(200, { raw: '{"status": "Succ', contentType: "application/json" }),
            },
        ],
        call: assess(),
        expect: succeeds(),
    },
    {
        id: "A17",
        subject: "PatchAssessment",
        fault: "an HTML page answered with 200 while polling",
        outcome: "fails naming the page",
        since17: true,
        arm: VM({ assessmentDelayMs: 30 }),
        faults: [{ method: "GET", path: "/operations/", action: status(200, { raw: SIGN_IN_PAGE }) }],
        call: assess(),
        expect: fails(/HTML page \(200, titled "Sign in to your account"\)/),
    },
    {
        id: "A18",
        subject: "PatchAssessment",
        fault: "the credential never answers (and ignores its abort signal)",
        outcome: "fails at the deadline saying no Azure AD token came",
        since17: true,
        arm: VM(),
        call: (w) =>
            w.assess("web-1", {
                connection: w.connection({ credential: { tenantId: HANGING_CREDENTIAL_TENANT } }),
                timeouts: { ...TIMEOUTS, timeoutSeconds: 2 },
            }),
        expect: fails(/Gave up assessing .*no Azure AD token/),
    },
    {
        id: "A19",
        subject: "PatchAssessment",
        fault: "accepted, then every status poll hangs past the deadline",
        outcome: "fails at the deadline saying Azure keeps working, not that a request timed out",
        arm: VM({ assessmentDelayMs: 600_000 }),
        faults: [{ method: "GET", path: "/operations/", action: { kind: "hang" }, times: 10_000 }],
        call: assess({ timeouts: { ...TIMEOUTS, timeoutSeconds: 1, requestTimeoutSeconds: 30 } }),
        expect: fails(/still running after .*run `pulumi up` again/),
    },
];

const PATCH_STATUS: FaultScenario[] = [
    {
        id: "S01",
        subject: "getVmPatchStatus",
        fault: "the instance view has both summaries",
        outcome: "returns them",
        arm: {
            vms: { "rg/vm1": { patchStatus: { availablePatchSummary: { status: "Succeeded", otherPatchCount: 2 } } } },
        },
        call: (w) => w.patchStatus("vm1"),
        expect: succeeds((o) =>
            assert.deepEqual(o.outs, { availablePatchSummary: { status: "Succeeded", otherPatchCount: 2 } }),
        ),
    },
    {
        id: "S02",
        subject: "getVmPatchStatus",
        fault: "404: the VM does not exist",
        outcome: "fails naming the VM",
        arm: { vms: {} },
        call: (w) => w.patchStatus("nope"),
        expect: fails(/VM "nope" .* was not found/),
    },
    {
        id: "S03",
        subject: "getVmPatchStatus",
        fault: "502 once",
        outcome: "retries, returns the status",
        arm: { vms: { "rg/vm1": {} } },
        faults: [{ action: status(502) }],
        call: (w) => w.patchStatus("vm1"),
        expect: succeeds(),
    },
    {
        id: "S04",
        subject: "getVmPatchStatus",
        fault: "an HTML page answered with 200",
        outcome: "fails naming the page, not an empty status",
        since17: true,
        arm: { vms: { "rg/vm1": {} } },
        faults: [{ action: status(200, { raw: SIGN_IN_PAGE }) }],
        call: (w) => w.patchStatus("vm1"),
        expect: fails(/HTML page \(200/),
    },
];

const connectionRefused = (property: string, pattern: RegExp) =>
    fails(new RegExp(`^${property.replace(".", "\\.")}: ${pattern.source}`));

const ARGUMENTS: FaultScenario[] = [
    {
        id: "C01",
        subject: "any resource's arguments",
        fault: '`cloud: "AzureGermanCloud"`',
        outcome: "refused, listing the clouds",
        call: (w) => w.resolve({ cloud: "AzureGermanCloud" }),
        expect: connectionRefused("cloud", /"AzureGermanCloud" is not a known Azure cloud; allowed: AzureCloud/),
    },
    ...["__proto__", "constructor"].map(
        (cloud, i): FaultScenario => ({
            id: `C0${2 + i}`,
            subject: "any resource's arguments",
            fault: `\`cloud: "${cloud}"\``,
            outcome: "refused like any unknown cloud, not a TypeError",
            since17: true,
            call: (w) => w.resolve({ cloud }),
            expect: connectionRefused("cloud", new RegExp(`"${cloud}" is not a known Azure cloud; allowed`)),
        }),
    ),
    {
        id: "C04",
        subject: "any resource's arguments",
        fault: "endpoint over plain http",
        outcome: "refused: the SDK never sends a token over http",
        call: (w) => w.resolve({ endpoint: "http://127.0.0.1:8080" }),
        expect: connectionRefused("endpoint", /"http:\/\/127\.0\.0\.1:8080" must use https/),
    },
    {
        id: "C05",
        subject: "any resource's arguments",
        fault: "endpoint http://user:password@host",
        outcome: "refused without repeating the password",
        since17: true,
        call: (w) => w.resolve({ endpoint: `http://admin:${PASSWORD}@arm.example.com` }),
        expect: connectionRefused("endpoint", /"http:\/\/arm\.example\.com" must not carry a user name or password/),
    },
    {
        id: "C06",
        subject: "any resource's arguments",
        fault: "endpoint https://user:password@host",
        outcome: "refused without repeating the password (it would be stored in the state)",
        since17: true,
        call: (w) => w.resolve({ endpoint: `https://admin:${PASSWORD}@arm.example.com` }),
        expect: connectionRefused("endpoint", /"https:\/\/arm\.example\.com" must not carry a user name or password/),
    },
    {
        id: "C07",
        subject: "any resource's arguments",
        fault: "caCertificate that also holds a PRIVATE KEY",
        outcome: "refused with how to keep only the certificate; the key is not repeated",
        since17: true,
        call: (w) =>
            w.resolve({ endpoint: "https://arm.example.com", caCertificate: `${CA_CERTIFICATE_SHAPE}${PRIVATE_KEY}` }),
        expect: connectionRefused("caCertificate", /holds a PRIVATE KEY.*openssl x509/),
    },
    {
        id: "C08",
        subject: "any resource's arguments",
        fault: "`credential: { clientSecret }`",
        outcome: "refused, pointing to the `AZURE_*` environment; the secret is not repeated",
        call: (w) => w.resolve({ credential: { kind: "environment", clientSecret: CLIENT_SECRET } as never }),
        expect: connectionRefused("credential.clientSecret", /is not a credential setting.*AZURE_\* environment/),
    },
    {
        id: "C09",
        subject: "any resource's arguments",
        fault: "a client secret pasted as credential.clientId",
        outcome: "refused as not a GUID, without repeating it",
        since17: true,
        call: (w) => w.resolve({ credential: { clientId: CLIENT_SECRET } }),
        expect: connectionRefused("credential.clientId", /must be a GUID/),
    },
    {
        id: "C10",
        subject: "FeatureRegistration (check)",
        fault: "stored inputs whose caCertificate holds a PRIVATE KEY",
        outcome: "check refuses them before anything reaches Azure",
        since17: true,
        call: (w) =>
            w.checkFeature({ connection: w.connection({ caCertificate: `${CA_CERTIFICATE_SHAPE}${PRIVATE_KEY}` }) }),
        expect: refusedByCheck("connection.caCertificate", /holds a PRIVATE KEY/),
    },
    {
        id: "C11",
        subject: "FeatureRegistration (check)",
        fault: "stored inputs whose endpoint carries a password",
        outcome: "check refuses them without repeating the password",
        since17: true,
        call: (w) =>
            w.checkFeature({ connection: w.connection({ endpoint: `https://admin:${PASSWORD}@arm.example.com` }) }),
        expect: refusedByCheck("connection.endpoint", /must not carry a user name or password/),
    },
    {
        id: "C12",
        subject: "FeatureRegistration (check)",
        fault: "`timeouts: { constructor: 5 }`",
        outcome: "check names it as not a timeout",
        since17: true,
        call: (w) => w.checkFeature({ timeouts: { constructor: 5 } }),
        expect: refusedByCheck("timeouts.constructor", /is not a timeout; allowed/),
    },
];

export const FAULT_TABLE: readonly FaultScenario[] = [
    ...FEATURE_REGISTRATION,
    ...PROPAGATION,
    ...ASSESSMENT,
    ...PATCH_STATUS,
    ...ARGUMENTS,
];
