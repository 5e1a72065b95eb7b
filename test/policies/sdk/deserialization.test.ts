/**
 * The pack's deserialization (policies/sdk/deserialization.ts), installed into the policy SDK as the pack
 * installs it: one object per request for all the pack's policies, secrets kept wrapped. The SDK is
 * restored after each test, so no other test sees the pack's deserialization.
 */
import assert from "node:assert/strict";
import { Secret } from "@pulumi/policy";
import { engineSecret, toStruct } from "../../../check/engine/analyzer-client";
import { rawProperties } from "../../../policies/raw-properties";
import { RECENT_REQUESTS } from "../../../policies/recent-objects";
import { installPackDeserialization } from "../../../policies/sdk/deserialization";

type Deserialize = (struct: unknown, proxySecrets: boolean) => unknown;
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: Deserialize };

describe("policy pack: deserialization", () => {
    let original: Deserialize;
    beforeEach(() => {
        original = sdk.deserializeProperties;
        assert.equal(installPackDeserialization(), true);
    });
    afterEach(() => {
        sdk.deserializeProperties = original;
    });

    const vm = () =>
        toStruct({
            osProfile: {
                adminPassword: engineSecret("s3cret-P@ss"),
                windowsConfiguration: { patchSettings: { patchMode: engineSecret("Manual") } },
            },
        });

    it("gives every policy of one request the same properties, and each request its own", () => {
        const request = vm();
        // As the SDK calls it: once per policy, with the request's Struct, secrets unwrapped.
        const first = sdk.deserializeProperties(request, false);
        assert.equal(sdk.deserializeProperties(request, false), first);
        const next = sdk.deserializeProperties(vm(), false);
        assert.notEqual(next, first);
        assert.deepEqual(rawProperties(next), rawProperties(first));
    });

    it("shares while the engine's requests interleave, and never hands one request another's properties", () => {
        // A client with requests in flight (the offline check sends 8 at a time) has each request's first
        // policy run before any second one; RECENT_REQUESTS in flight still share, one more pushes the
        // oldest out.
        const requests = Array.from({ length: RECENT_REQUESTS + 1 }, (_, i) => toStruct({ location: `region-${i}` }));
        const firsts = requests.map((r) => sdk.deserializeProperties(r, false));
        for (let i = 1; i < requests.length; i++)
            assert.equal(sdk.deserializeProperties(requests[i], false), firsts[i]);
        // The oldest was pushed out by the last: deserialized again, its own values in a new object.
        const again = sdk.deserializeProperties(requests[0], false);
        assert.notEqual(again, firsts[0]);
        assert.deepEqual(rawProperties(again), { location: "region-0" });
    });

    it("keeps secrets wrapped behind the SDK's proxy, which still reads them as plain values", () => {
        const props = sdk.deserializeProperties(vm(), false) as { osProfile: { adminPassword: unknown } };
        assert.equal(props.osProfile.adminPassword, "s3cret-P@ss");
        const raw = rawProperties(props) as {
            osProfile: { adminPassword: unknown; windowsConfiguration: { patchSettings: { patchMode: unknown } } };
        };
        assert.ok(raw.osProfile.adminPassword instanceof Secret);
        assert.ok(raw.osProfile.windowsConfiguration.patchSettings.patchMode instanceof Secret);
    });

    it("installs once: a second install keeps the first", () => {
        const installed = sdk.deserializeProperties;
        assert.equal(installPackDeserialization(), true);
        assert.equal(sdk.deserializeProperties, installed);
    });
});
