/**
 * Feature registration and propagation through the real Azure SDK clients against the fake ARM server:
 * the state machine, idempotence, Pending, unknown features, 401/403, throttling, 5xx, resets, a hung
 * server and the deadline. Each either succeeds or ends in an error that says what to do.
 */
import * as assert from "node:assert/strict";
import { CredentialUnavailableError } from "@azure/identity";
import { setCredentialFactory } from "../../../provider";
import type { Clock, TimeoutsArgs } from "../../../provider/arm";
import {
    ensureFeatureRegistered,
    propagateToResourceProvider,
    readFeatureState,
    unregisterFeature,
} from "../../../provider/features/registration-calls";
import { installLoopbackGuard, violations } from "../../support/fake-arm/loopback-guard";
import { ScriptedClock } from "../../support/fake-arm/scripted-clock";
import type { FakeArm } from "../../support/fake-arm/server";
import { credentialOf, FAST, fakeArm, installTestCredentials, operationOn } from "../fake-arm-fixture";

const ref = (featureName: string) => ({ namespace: "Microsoft.Compute", featureName });

/** ensureFeatureRegistered as one operation with its own deadline and clients. */
function register(fake: FakeArm, featureName: string, timeouts: TimeoutsArgs = FAST, clock?: Clock) {
    const { ctx, clients } = operationOn(fake, timeouts, clock);
    return ensureFeatureRegistered(clients, ref(featureName), ctx);
}

describe("feature registration against ARM (fake server, real SDK clients)", () => {
    let fake: FakeArm;
    before(() => {
        installLoopbackGuard();
        installTestCredentials();
    });
    afterEach(async () => fake?.close());
    after(() => assert.deepEqual(violations, [], "a request left the loopback"));

    it("registers a feature, waits until Registered, over https with the test token for the endpoint's scope", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: { registerDelayMs: 300 } } });
        const { ctx, clients } = operationOn(fake);
        const result = await ensureFeatureRegistered(clients, ref("InGuestPatchVMPreview"), ctx);
        assert.deepEqual(result, { state: "Registered", changed: true });
        assert.equal(fake.featureState("InGuestPatchVMPreview"), "Registered");
        const [first, ...polls] = fake.requests;
        assert.equal(first.method, "POST");
        assert.match(first.path, /\/features\/InGuestPatchVMPreview\/register$/);
        assert.ok(polls.length >= 2 && polls.every((r) => r.method === "GET"), "polled with GET until Registered");
        assert.ok(fake.requests.every((r) => r.remoteAddress.endsWith("127.0.0.1") && r.outcome === 200));
        assert.deepEqual([...new Set(credentialOf(fake).scopes)], [`${fake.url}/.default`]);
        const waiting = ctx.messages.filter((m) => /Registering \(.* elapsed, next check in/.test(m));
        assert.equal(waiting.length, 1, "one status line per state (and per minute), not one per poll");
        assert.ok(
            ctx.messages.some((m) => /Registered after/.test(m)),
            "the end is reported too",
        );
    });

    it("is idempotent: an already Registered feature costs one request and reports no change", async () => {
        fake = await fakeArm({ features: { InGuestAutoPatchVMPreview: { state: "Registered" } } });
        const result = await register(fake, "InGuestAutoPatchVMPreview");
        assert.deepEqual(result, { state: "Registered", changed: false });
        assert.equal(fake.requests.length, 1);
    });

    it("waits out Unregistering and registers again", async () => {
        fake = await fakeArm({
            features: { InGuestHotPatchVMPreview: { state: "Registered", unregisterDelayMs: 300 } },
        });
        fake.setFeatureState("InGuestHotPatchVMPreview", "Registered");
        // Someone started unregistering it.
        await operationOn(fake).clients.features.features.unregister("Microsoft.Compute", "InGuestHotPatchVMPreview");
        const result = await register(fake, "InGuestHotPatchVMPreview");
        assert.equal(result.state, "Registered");
        assert.equal(fake.featureState("InGuestHotPatchVMPreview"), "Registered");
        assert.equal(fake.requestsMatching("POST", "/register").length, 2, "registered again once Unregistered");
    });

    it("ends Pending (manual approval) at once with an error that says so", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: { requiresApproval: true } } });
        await assert.rejects(
            register(fake, "InGuestPatchVMPreview"),
            (e: Error) =>
                /is Pending/.test(e.message) &&
                /manual approval/.test(e.message) &&
                /not recorded as registered/.test(e.message),
        );
        assert.equal(fake.requests.length, 1);
    });

    it("names an unknown feature and suggests the closest patching preview", async () => {
        fake = await fakeArm({ features: {} });
        await assert.rejects(
            register(fake, "InGuestPatchVMPreveiw"),
            (e: Error) =>
                /"Microsoft.Compute\/InGuestPatchVMPreveiw" is unknown to Azure/.test(e.message) &&
                /Did you mean "InGuestPatchVMPreview"/.test(e.message),
        );
        assert.equal(fake.requests.length, 1, "a 404 is not retried");
    });

    for (const [status, pattern] of [
        [401, /rejected the credentials \(401\).*az login/],
        [403, /Not allowed \(403\).*Owner or Contributor/],
    ] as const) {
        it(`stops at ${status} without retrying, saying how to fix the credentials`, async () => {
            fake = await fakeArm({ features: { InGuestPatchVMPreview: {} } });
            fake.addFault({
                path: "/features/",
                action: { kind: "status", status, body: { error: { code: "X", message: "denied" } } },
            });
            await assert.rejects(
                register(fake, "InGuestPatchVMPreview"),
                (e: Error) => pattern.test(e.message) && !e.message.includes(fake.token),
            );
            assert.equal(fake.requests.length, 1);
        });
    }

    it("says how to sign in when no token can be had, without calling ARM", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: {} } });
        setCredentialFactory(() => ({
            getToken: async () => {
                throw new CredentialUnavailableError("EnvironmentCredential is unavailable. No credentials found.");
            },
        }));
        try {
            await assert.rejects(
                register(fake, "InGuestPatchVMPreview"),
                (e: Error) => /Could not get an Azure AD token/.test(e.message) && /az login/.test(e.message),
            );
        } finally {
            installTestCredentials();
        }
        assert.equal(fake.requests.length, 0);
    });

    it("honours Retry-After on 429, then succeeds", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: {} } });
        fake.addFault({ method: "POST", action: { kind: "status", status: 429, headers: { "retry-after": "1" } } });
        const clock = new ScriptedClock();
        const { ctx, clients } = operationOn(fake, FAST, clock);
        const result = await ensureFeatureRegistered(clients, ref("InGuestPatchVMPreview"), ctx);
        assert.equal(result.state, "Registered");
        assert.deepEqual(
            fake.requests.slice(0, 2).map((r) => r.outcome),
            [429, 200],
        );
        assert.equal(clock.sleeps[0], 1000, "waited what Retry-After said before asking again");
        assert.ok(ctx.messages.some((m) => /throttling/.test(m) && /retrying in 1\.0s/.test(m)));
    });

    it("gives up at once when Retry-After is beyond the deadline, saying so", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: {} } });
        fake.addFault({ method: "POST", action: { kind: "status", status: 429, headers: { "retry-after": "3600" } } });
        await assert.rejects(
            register(fake, "InGuestPatchVMPreview"),
            (e: Error) =>
                /Gave up/.test(e.message) && /asked to wait 3600s more/.test(e.message) && /pulumi up/.test(e.message),
        );
        assert.equal(fake.requests.length, 1);
    });

    it("retries 5xx answers and connection resets, then succeeds", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: { registerDelayMs: 30 } } });
        fake.addFault({ method: "POST", action: { kind: "status", status: 503 }, times: 2 });
        fake.addFault({ method: "GET", action: { kind: "reset" } });
        fake.addFault({ method: "GET", action: { kind: "status", status: 500 } });
        const result = await register(fake, "InGuestPatchVMPreview");
        assert.equal(result.state, "Registered");
        assert.deepEqual(
            fake.requests.slice(0, 5).map((r) => `${r.method} ${r.outcome}`),
            ["POST 503", "POST 503", "POST 200", "GET reset", "GET 500"],
        );
    });

    it("abandons a hung request after the request timeout and retries", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: {} } });
        fake.addFault({ method: "POST", action: { kind: "hang" } });
        const clock = new ScriptedClock();
        const { ctx, clients } = operationOn(fake, { ...FAST, requestTimeoutSeconds: 0.2 }, clock);
        const result = await ensureFeatureRegistered(clients, ref("InGuestPatchVMPreview"), ctx);
        // Had the hung request lasted until the 5 s deadline, the registration would have failed.
        assert.equal(result.state, "Registered");
        assert.deepEqual(
            fake.requests.map((r) => r.outcome),
            ["hang", 200],
        );
        assert.ok(ctx.messages.some((m) => /did not answer in time.*retrying in/.test(m)));
        assert.deepEqual(clock.sleeps, [10], "one backoff after the abandoned request, no more");
    });

    it("keeps failing 5xx end in a clear error at the deadline, not a hang", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: {} } });
        fake.addFault({ action: { kind: "status", status: 502 }, times: 1000 });
        const clock = new ScriptedClock();
        await assert.rejects(
            register(fake, "InGuestPatchVMPreview", { ...FAST, timeoutSeconds: 2 }, clock),
            (e: Error) => /Gave up testing/.test(e.message) && /502/.test(e.message),
        );
        // Every retry waited its backoff, and the waits stopped short of the 2 s deadline.
        assert.equal(fake.requests.length, clock.sleeps.length + 1);
        assert.ok(clock.sleptMs < 2000, `waited ${clock.sleptMs} ms in all`);
        assert.ok(clock.sleptMs > 2000 - 40 - 1000, "and kept retrying until the deadline was near");
    });

    it("stops at the deadline while still Registering, saying Azure continues and how to resume", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: { registerDelayMs: 60_000 } } });
        await assert.rejects(
            register(fake, "InGuestPatchVMPreview", { ...FAST, timeoutSeconds: 1.5 }, new ScriptedClock()),
            (e: Error) => /is still Registering after/.test(e.message) && /run `pulumi up` again/.test(e.message),
        );
    });

    it("converges after an interrupted wait: the next run continues the registration Azure kept going", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: { registerDelayMs: 1500 } } });
        await assert.rejects(
            register(fake, "InGuestPatchVMPreview", { ...FAST, timeoutSeconds: 0.5 }),
            /still Registering|Gave up/,
        );
        const result = await register(fake, "InGuestPatchVMPreview");
        assert.equal(result.state, "Registered");
        // One register call per run; nothing unregistered.
        assert.equal(fake.requestsMatching("POST", "/register").length, 2);
        assert.equal(fake.requestsMatching("POST", "/unregister").length, 0);
    });

    it("propagates: re-registers Microsoft.Compute and waits for registrationState Registered", async () => {
        fake = await fakeArm({
            features: { InGuestPatchVMPreview: { state: "Registered" } },
            providerRegisterDelayMs: 60,
        });
        const { ctx, clients } = operationOn(fake);
        const state = await propagateToResourceProvider(clients, "Microsoft.Compute", ctx);
        assert.equal(state, "Registered");
        assert.equal(fake.propagations.length, 1);
        assert.match(fake.requests[0].path, /\/providers\/Microsoft.Compute\/register$/);
        assert.ok(
            fake.requests.slice(1).every((r) => r.method === "GET" && r.path.endsWith("/providers/Microsoft.Compute")),
        );
        assert.ok(ctx.messages.some((m) => /Registering/.test(m)));
    });

    it("reads the real state, and unregisters only when asked", async () => {
        fake = await fakeArm({ features: { InGuestPatchVMPreview: { state: "Registered", unregisterDelayMs: 30 } } });
        const read = () => {
            const { ctx, clients } = operationOn(fake);
            return readFeatureState(clients, ref("InGuestPatchVMPreview"), ctx);
        };
        assert.equal(await read(), "Registered");
        const { ctx, clients } = operationOn(fake);
        assert.equal(await unregisterFeature(clients, ref("InGuestPatchVMPreview"), ctx), "Unregistered");
        assert.equal(await read(), "Unregistered");
    });
});
