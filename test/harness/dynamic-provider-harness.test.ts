/**
 * The harness itself: a provider serialized as Pulumi does, evaluated in the real host, answering over
 * gRPC. If this fails, every dynamic-provider test after it would prove nothing.
 */
import * as assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { ALL_RULES } from "../../rules";
import {
    type DynamicProviderHost,
    dynamicUrn,
    serializeProvider,
    startDynamicProviderHost,
    UNKNOWN_VALUE,
} from "../support/dynamic-provider-harness";

/** A module-level string: the serialized provider captures it by value, not the harness module. */
const unknownValue = UNKNOWN_VALUE;

const echoProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        const failures = typeof news.size === "number" ? [] : [{ property: "size", reason: "size must be a number" }];
        return { inputs: news, failures };
    },
    async diff(_id, olds, news) {
        if (news.size === unknownValue) return { changes: true };
        return {
            changes: olds.size !== news.size || olds.name !== news.name,
            replaces: olds.name !== news.name ? ["name"] : [],
        };
    },
    async create(inputs) {
        // Resolved in the host process, by package name, as a user's stack would.
        const rules = require("pulumi-azure-vm-patching/rules");
        return { id: `id-${inputs.name}`, outs: { ...inputs, ruleCount: rules.ALL_RULES.length } };
    },
    async update(_id, _olds, news) {
        if (news.size === 13) throw new Error("size 13 is refused");
        return { outs: news };
    },
};

describe("dynamic-provider harness", () => {
    let host: DynamicProviderHost;
    let provider: string;
    const urn = dynamicUrn("Echo", "e1");

    before(async () => {
        host = await startDynamicProviderHost();
        provider = await serializeProvider(echoProvider);
    });
    after(async () => host?.close());

    it("runs check, diff, create and update of a serialized provider in the real host", async () => {
        const news = { __provider: provider, name: "a", size: 1 };
        const checked = await host.check(urn, {}, news);
        assert.deepEqual(checked.failures, []);
        const created = await host.create(urn, checked.inputs);
        assert.equal(created.id, "id-a");
        // The host resolved the rule core by package name: the same rules as this process.
        assert.equal(created.outs.ruleCount, ALL_RULES.length);
        const diff = await host.diff(urn, created.id, created.outs, { ...news, name: "b" });
        assert.equal(diff.changes, "some");
        assert.deepEqual(diff.replaces, ["name"]);
        const updated = await host.update(urn, created.id, created.outs, { ...news, size: 2 });
        assert.equal(updated.outs.size, 2);
    });

    it("reports check failures, unknowns and provider errors as the engine sees them", async () => {
        const checked = await host.check(urn, {}, { __provider: provider, name: "a", size: "big" });
        assert.deepEqual(checked.failures, [{ property: "size", reason: "size must be a number" }]);
        const diff = await host.diff(
            urn,
            "id-a",
            { __provider: provider, size: 1 },
            { __provider: provider, size: UNKNOWN_VALUE },
        );
        assert.equal(diff.changes, "some");
        await assert.rejects(host.update(urn, "id-a", {}, { __provider: provider, size: 13 }), /size 13 is refused/);
    });
});
