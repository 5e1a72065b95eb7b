/**
 * FeatureRegistration and ResourceProviderRegistration through Pulumi's real dynamic-provider host over
 * gRPC, with the serialized providers, as the engine calls them: check, create, read (drift), diff,
 * update, delete; logs reach the engine; no token in the provider text or the state; stored state of
 * schema version 1 stays readable.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    featureRegistrationProvider,
    providerRegistrationProvider,
} from "../../../provider/features/dynamic-providers";
import {
    type DynamicProviderHost,
    dynamicUrn,
    serializeProvider,
    startDynamicProviderHost,
    UNKNOWN_VALUE,
} from "../../support/dynamic-provider-harness";
import type { FakeArm } from "../../support/fake-arm/server";
import { connectionTo, FAST, type HostedFakeArm, startHostWithFakeArm } from "../fake-arm-fixture";

type Props = Record<string, unknown>;

/** Logs travel on their own gRPC channel: they may arrive just after the call that sent them returns. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(condition(), what);
}

describe("feature registration through the dynamic-provider host (gRPC)", function () {
    this.timeout(60_000);
    let hosted: HostedFakeArm;
    let fake: FakeArm;
    let host: DynamicProviderHost;
    let featureText: string;
    let providerText: string;
    const urn = dynamicUrn("FeatureRegistration", "patching-InGuestPatchVMPreview");

    before(async () => {
        featureText = await serializeProvider(featureRegistrationProvider);
        providerText = await serializeProvider(providerRegistrationProvider);
        hosted = await startHostWithFakeArm({
            features: {
                InGuestPatchVMPreview: { registerDelayMs: 60 },
                InGuestAutoPatchVMPreview: { state: "Registered" },
                InGuestHotPatchVMPreview: { requiresApproval: true },
            },
            providerRegisterDelayMs: 40,
        });
        ({ fake, host } = hosted);
    });

    after(async () => hosted?.close());

    const inputs = (featureName: string, extra: Props = {}): Props => ({
        __provider: featureText,
        connection: connectionTo(fake),
        namespace: "Microsoft.Compute",
        featureName,
        unregisterOnDelete: false,
        timeouts: FAST,
        progressUrn: urn,
        ...extra,
    });

    it("serializes to a small text that requires the package's host entry by name and holds no token", () => {
        for (const text of [featureText, providerText]) {
            assert.ok(text.length < 4000, `serialized provider is ${text.length} characters`);
            assert.match(text, /require\("pulumi-azure-vm-patching\/provider\/host"\)/);
            assert.ok(!text.includes("@azure/"), "no Azure SDK module captured by value");
            assert.ok(!text.includes(fake.token));
        }
    });

    it("check reports bad inputs with their property paths before anything is deployed", async () => {
        const result = await host.check(
            urn,
            {},
            inputs("bad name!", { timeouts: { timeoutSeconds: -1, pollEvery: 3 } }),
        );
        const byProperty = Object.fromEntries(result.failures.map((f) => [f.property, f.reason]));
        assert.match(byProperty.featureName, /"bad name!" is not a feature name/);
        assert.match(byProperty["timeouts.timeoutSeconds"], /-1 must be a positive number/);
        assert.match(byProperty["timeouts.pollEvery"], /is not a timeout; allowed: timeoutSeconds/);
        assert.equal(fake.requests.length, 0, "check calls no ARM API");
        const preview = await host.check(urn, {}, inputs(UNKNOWN_VALUE));
        assert.deepEqual(preview.failures, [], "unknown values (preview) are not failures");
    });

    it("create registers and waits, records Registered with everything delete needs, and logs progress to the engine", async () => {
        const { id, outs } = await host.create(urn, inputs("InGuestPatchVMPreview"));
        assert.equal(
            id,
            `/subscriptions/${fake.subscriptionId}/providers/Microsoft.Features/providers/Microsoft.Compute/features/InGuestPatchVMPreview`,
        );
        assert.equal(outs.state, "Registered");
        assert.equal(outs.schemaVersion, 1);
        assert.deepEqual(outs.connection, connectionTo(fake));
        assert.equal(typeof outs.changedAt, "string");
        assert.equal(fake.featureState("InGuestPatchVMPreview"), "Registered");
        assert.ok(!JSON.stringify(outs).includes(fake.token), "no token in state");
        await eventually(
            () => host.logs.some((l) => l.urn === urn && /InGuestPatchVMPreview: Registered after/.test(l.message)),
            "progress reaches the engine, attached to the resource",
        );
    });

    it("create of an already Registered feature succeeds with one request and no changedAt", async () => {
        const before = fake.requests.length;
        const { outs } = await host.create(urn, inputs("InGuestAutoPatchVMPreview"));
        assert.equal(outs.state, "Registered");
        assert.equal(outs.changedAt, undefined);
        assert.equal(fake.requests.length - before, 1);
    });

    it("create of a Pending feature fails with the approval message and records nothing", async () => {
        await assert.rejects(host.create(urn, inputs("InGuestHotPatchVMPreview")), (e: Error) =>
            /Pending .* manual approval/.test(e.message),
        );
    });

    it("refresh shows a feature someone unregistered as drift; the next up registers it again", async () => {
        const { id, outs } = await host.create(urn, inputs("InGuestPatchVMPreview"));
        fake.setFeatureState("InGuestPatchVMPreview", "Unregistered");
        const refreshed = await host.read(urn, id, outs);
        assert.equal(refreshed.props.state, "Unregistered");
        const diff = await host.diff(urn, id, refreshed.props, inputs("InGuestPatchVMPreview"));
        assert.equal(diff.changes, "some");
        assert.deepEqual(diff.replaces, []);
        const updated = await host.update(urn, id, refreshed.props, inputs("InGuestPatchVMPreview"));
        assert.equal(updated.outs.state, "Registered");
        assert.equal(fake.featureState("InGuestPatchVMPreview"), "Registered");
        assert.notEqual(updated.outs.changedAt, outs.changedAt, "changedAt moves so propagation runs again");
        const settled = await host.diff(urn, id, updated.outs, inputs("InGuestPatchVMPreview"));
        assert.equal(settled.changes, "none");
    });

    it("diff replaces for another feature or subscription, updates for other settings", async () => {
        const { id, outs } = await host.create(urn, inputs("InGuestAutoPatchVMPreview"));
        const renamed = await host.diff(urn, id, outs, inputs("InGuestPatchVMPreview"));
        assert.deepEqual(renamed.replaces, ["featureName"]);
        const moved = await host.diff(urn, id, outs, {
            ...inputs("InGuestAutoPatchVMPreview"),
            connection: { ...connectionTo(fake), subscriptionId: "00000000-0000-0000-0000-000000000001" },
        });
        assert.deepEqual(moved.replaces, ["connection.subscriptionId"]);
        const optIn = await host.diff(urn, id, outs, inputs("InGuestAutoPatchVMPreview", { unregisterOnDelete: true }));
        assert.equal(optIn.changes, "some");
        assert.deepEqual(optIn.replaces, []);
        const sameButCase = await host.diff(urn, id, outs, inputs("inguestautopatchvmpreview"));
        assert.deepEqual(sameButCase.replaces, [], "feature names are case-insensitive in Azure");
    });

    it("delete leaves the subscription-wide registration in place unless unregisterOnDelete", async () => {
        const kept = await host.create(urn, inputs("InGuestPatchVMPreview"));
        await host.delete(urn, kept.id, kept.outs);
        assert.equal(fake.featureState("InGuestPatchVMPreview"), "Registered");
        await eventually(() => host.logs.some((l) => /stays registered/.test(l.message)), "the delete explains itself");
        const optedIn = await host.create(urn, inputs("InGuestPatchVMPreview", { unregisterOnDelete: true }));
        await host.delete(urn, optedIn.id, optedIn.outs);
        assert.equal(fake.featureState("InGuestPatchVMPreview"), "Unregistered");
    });

    it("reads state written as schema version 1 (fixture) and refuses state from a newer version", async () => {
        fake.setFeatureState("InGuestAutoPatchVMPreview", "Registered");
        // The shape version 1 writes, minus optional fields: what an early stack may hold.
        const stored: Props = {
            __provider: featureText,
            schemaVersion: 1,
            connection: connectionTo(fake),
            namespace: "Microsoft.Compute",
            featureName: "InGuestAutoPatchVMPreview",
            featureId: "id",
            state: "Registered",
        };
        const read = await host.read(urn, "id", stored);
        assert.equal(read.props.state, "Registered");
        await host.delete(urn, "id", stored);
        assert.equal(fake.featureState("InGuestAutoPatchVMPreview"), "Registered");
        await assert.rejects(host.read(urn, "id", { ...stored, schemaVersion: 2 }), (e: Error) =>
            /written by a newer pulumi-azure-vm-patching \(schema version 2/.test(e.message),
        );
    });

    it("propagation re-registers Microsoft.Compute, waits for Registered, and never unregisters it", async () => {
        const purn = dynamicUrn("ResourceProviderRegistration", "patching-propagation");
        const props: Props = {
            __provider: providerText,
            connection: connectionTo(fake),
            namespace: "Microsoft.Compute",
            triggers: ["a"],
            timeouts: FAST,
        };
        const before = fake.propagations.length;
        const { id, outs } = await host.create(purn, props);
        assert.equal(id, `/subscriptions/${fake.subscriptionId}/providers/Microsoft.Compute`);
        assert.equal(outs.registrationState, "Registered");
        assert.equal(fake.propagations.length, before + 1);
        assert.equal((await host.diff(purn, id, outs, props)).changes, "none");
        assert.equal((await host.diff(purn, id, outs, { ...props, triggers: ["b"] })).changes, "some");
        await host.update(purn, id, outs, { ...props, triggers: ["b"] });
        assert.equal(fake.propagations.length, before + 2);
        fake.setProviderState("NotRegistered");
        const refreshed = await host.read(purn, id, outs);
        assert.equal(refreshed.props.registrationState, "NotRegistered", "refresh reads the provider's real state");
        assert.equal((await host.diff(purn, id, refreshed.props, props)).changes, "some");
        await host.delete(purn, id, outs);
        assert.ok(
            !fake.requests.some((r) =>
                /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/unregister$/.test(r.path),
            ),
        );
    });

    it("says how to install the package when the stack's directory does not have it", async () => {
        const elsewhere = await startDynamicProviderHost({
            cwd: fs.mkdtempSync(path.join(os.tmpdir(), "no-package-")),
        });
        try {
            await assert.rejects(elsewhere.create(urn, inputs("InGuestPatchVMPreview")), (e: Error) =>
                /pulumi-azure-vm-patching is not installed where this stack runs .*npm install pulumi-azure-vm-patching/.test(
                    e.message,
                ),
            );
        } finally {
            await elsewhere.close();
        }
    });

    it("a 403 from ARM fails create with the permission it needs, and nothing is recorded", async () => {
        fake.addFault({ path: "/features/InGuestPatchVMPreview", action: { kind: "status", status: 403 } });
        fake.setFeatureState("InGuestPatchVMPreview", "NotRegistered");
        await assert.rejects(host.create(urn, inputs("InGuestPatchVMPreview")), (e: Error) =>
            /Not allowed \(403\).*register\/action/.test(e.message),
        );
        assert.equal(fake.featureState("InGuestPatchVMPreview"), "NotRegistered");
    });
});
