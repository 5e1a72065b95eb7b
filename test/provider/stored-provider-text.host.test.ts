/**
 * Resources stored before the host entry existed carry provider text that requires
 * `pulumi-azure-vm-patching/provider` and reads its handlers there by name; `pulumi refresh` and
 * `pulumi destroy` run that stored text. With this package installed, through Pulumi's real
 * dynamic-provider host against the fake ARM server, it still refreshes and deletes, while the public
 * entry does not list those names.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { type DynamicProviderHost, dynamicUrn } from "../support/dynamic-provider-harness";
import type { FakeArm } from "../support/fake-arm/server";
import { connectionTo, type HostedFakeArm, startHostWithFakeArm } from "./fake-arm-fixture";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** The `__provider` texts stored by the version before the host entry (captured from it). */
const STORED_TEXT: { featureRegistration: string; providerRegistration: string; patchAssessment: string } = JSON.parse(
    fs.readFileSync(
        path.join(REPO_ROOT, "test", "provider", "fixtures", "provider-text-before-host-entry.json"),
        "utf8",
    ),
);

type Props = Record<string, unknown>;

describe("provider text stored before the host entry existed", function () {
    this.timeout(60_000);
    let hosted: HostedFakeArm;
    let fake: FakeArm;
    let host: DynamicProviderHost;

    before(async () => {
        hosted = await startHostWithFakeArm({ features: { InGuestPatchVMPreview: { state: "Registered" } } });
        ({ fake, host } = hosted);
    });
    after(async () => hosted?.close());

    it("is the text that reads handlers from the public entry by name", () => {
        for (const text of [
            STORED_TEXT.featureRegistration,
            STORED_TEXT.providerRegistration,
            STORED_TEXT.patchAssessment,
        ]) {
            assert.match(text, /require\("pulumi-azure-vm-patching\/provider"\)\[name\]/);
        }
    });

    it("a FeatureRegistration refreshes from Azure and deletes without unregistering", async () => {
        const urn = dynamicUrn("FeatureRegistration", "patching-InGuestPatchVMPreview");
        const stored: Props = {
            __provider: STORED_TEXT.featureRegistration,
            schemaVersion: 1,
            connection: connectionTo(fake),
            namespace: "Microsoft.Compute",
            featureName: "InGuestPatchVMPreview",
            unregisterOnDelete: false,
            featureId: "id",
            state: "Registered",
        };
        fake.setFeatureState("InGuestPatchVMPreview", "Unregistered");
        const refreshed = await host.read(urn, "id", stored);
        assert.equal(refreshed.props.state, "Unregistered", "the refresh asked Azure");
        await host.delete(urn, "id", stored);
        assert.ok(!fake.requests.some((r) => r.path.endsWith("/unregister")));
    });

    it("a ResourceProviderRegistration refreshes from Azure and deletes", async () => {
        const urn = dynamicUrn("ResourceProviderRegistration", "patching-propagation");
        const stored: Props = {
            __provider: STORED_TEXT.providerRegistration,
            schemaVersion: 1,
            connection: connectionTo(fake),
            namespace: "Microsoft.Compute",
            triggers: [],
            providerId: "id",
            registrationState: "Registered",
        };
        fake.setProviderState("NotRegistered");
        const refreshed = await host.read(urn, "id", stored);
        assert.equal(refreshed.props.registrationState, "NotRegistered");
        await host.delete(urn, "id", stored);
    });

    it("a PatchAssessment refreshes (keeping its result) and deletes", async () => {
        const urn = dynamicUrn("PatchAssessment", "web-assessment");
        const stored: Props = {
            __provider: STORED_TEXT.patchAssessment,
            schemaVersion: 1,
            connection: connectionTo(fake),
            resourceGroupName: "rg-web",
            vmName: "web-1",
            triggers: {},
            status: "Succeeded",
            availablePatches: [],
            vmId: "vm",
            assessedAt: "2026-11-22T01:00:00.000Z",
        };
        const refreshed = await host.read(urn, "vm/patchAssessment", stored);
        assert.equal(refreshed.props.status, "Succeeded");
        await host.delete(urn, "vm/patchAssessment", stored);
    });

    it("finds its handlers on the public entry without the entry listing them", () => {
        const entry = require("pulumi-azure-vm-patching/provider");
        for (const name of ["featureRegistrationHandlers", "providerRegistrationHandlers", "patchAssessmentHandlers"]) {
            assert.equal(typeof entry[name]?.read, "function", name);
            assert.ok(!Object.keys(entry).includes(name), `${name} is not part of the public surface`);
        }
    });
});
