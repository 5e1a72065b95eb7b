/**
 * PreviewFeatureRegistrations as a Pulumi program sees it (pulumi.runtime.setMocks): one resource per
 * feature, registered independently (in parallel), and one propagation that Pulumi can only create
 * after every feature has its outputs, because it takes their changedAt as triggers.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { PATCHING_PREVIEW_FEATURES, PreviewFeatureRegistrations } from "../../../provider";

interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

const SUB = "55555555-5555-5555-5555-555555555555";

describe("PreviewFeatureRegistrations (Pulumi program under mocks)", () => {
    const registrations: Registration[] = [];
    let savedConfig: Record<string, string>;

    before(() => {
        // Other test files share this process's Pulumi config: add to it, and put it back afterwards.
        savedConfig = pulumi.runtime.allConfig();
        pulumi.runtime.setAllConfig({
            ...savedConfig,
            "azure-native:subscriptionId": SUB,
            "azure-native:environment": "usgovernment",
        });
        pulumi.runtime.setMocks(
            {
                newResource(args) {
                    registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
                    const extra =
                        args.inputs.featureName !== undefined
                            ? { state: "Registered", changedAt: `changed-${args.inputs.featureName}` }
                            : { registrationState: "Registered" };
                    return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
                },
                call: (args) => args.inputs,
            },
            "project",
            "stack",
            false,
        );
    });
    beforeEach(() => {
        registrations.length = 0;
    });
    after(() => pulumi.runtime.setAllConfig(savedConfig));

    const settle = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

    it("registers the three patching previews, then propagates once, after all of them", async () => {
        const component = new PreviewFeatureRegistrations("patching");
        const states = await settle(component.states);
        assert.deepEqual(states, Object.fromEntries(PATCHING_PREVIEW_FEATURES.map((f) => [f, "Registered"])));
        assert.equal(await settle(component.registrationState), "Registered");

        const features = registrations.filter((r) => r.type.endsWith(":FeatureRegistration"));
        const propagations = registrations.filter((r) => r.type.endsWith(":ResourceProviderRegistration"));
        assert.deepEqual(features.map((r) => r.inputs.featureName).sort(), [...PATCHING_PREVIEW_FEATURES].sort());
        assert.equal(propagations.length, 1, "one propagation for the whole set");
        const last = registrations.indexOf(propagations[0]);
        assert.ok(
            features.every((f) => registrations.indexOf(f) < last),
            "propagation registered after every feature",
        );
        assert.deepEqual(
            [...(propagations[0].inputs.triggers as string[])].sort(),
            PATCHING_PREVIEW_FEATURES.map((f) => `changed-${f}`).sort(),
        );
        for (const r of [...features, propagations[0]]) {
            // Subscription and cloud come from azure-native's stack config; no credential object, no secret.
            assert.deepEqual(r.inputs.connection, {
                subscriptionId: SUB,
                endpoint: "https://management.usgovcloudapi.net",
                authorityHost: "https://login.microsoftonline.us",
            });
            assert.equal(typeof r.inputs.__provider, "string");
        }
        assert.ok(
            features.every((f) => f.inputs.unregisterOnDelete === false),
            "delete keeps registrations by default",
        );
    });

    it("passes a chosen set, namespace and opt-in through to each feature", async () => {
        const component = new PreviewFeatureRegistrations("hotpatch", {
            features: ["InGuestHotPatchVMPreview"],
            unregisterOnDelete: true,
            subscriptionId: "66666666-6666-6666-6666-666666666666",
            timeouts: { timeoutSeconds: 600 },
        });
        await settle(component.registrationState);
        const [feature] = registrations.filter((r) => r.type.endsWith(":FeatureRegistration"));
        assert.equal(feature.inputs.featureName, "InGuestHotPatchVMPreview");
        assert.equal(feature.inputs.unregisterOnDelete, true);
        assert.deepEqual(feature.inputs.timeouts, { timeoutSeconds: 600 });
        assert.equal(
            (feature.inputs.connection as { subscriptionId: string }).subscriptionId,
            "66666666-6666-6666-6666-666666666666",
        );
    });

    it("refuses a duplicate feature or an unknown cloud before any child is registered", () => {
        assert.throws(
            () =>
                new PreviewFeatureRegistrations("dup", {
                    features: ["InGuestPatchVMPreview", "inguestpatchvmpreview"],
                }),
            /features: lists inguestpatchvmpreview twice/,
        );
        assert.throws(
            () => new PreviewFeatureRegistrations("cloud", { cloud: "Mars" }),
            /cloud: "Mars" is not a known Azure cloud/,
        );
        assert.ok(!registrations.some((r) => r.type.endsWith("FeatureRegistration")));
    });
});
