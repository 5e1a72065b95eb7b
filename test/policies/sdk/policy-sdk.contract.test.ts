/**
 * Contract of the policy SDK internals the pack relies on (policies/sdk), against the pinned
 * @pulumi/policy: each test names the adapter it guards, so an SDK upgrade that changes one fails here
 * with the surface to mend, before it can reach a user's pack (docs/architecture.md lists them).
 *
 * The SDK's own Analyze handler (`makeAnalyzeRpcFun`, what run-policy-pack serves) runs in this process
 * with a real AnalyzeRequest, so the contract is the SDK's behaviour, not its source text.
 */
import assert from "node:assert/strict";
import { Secret, unknownCheckingProxy } from "@pulumi/policy";
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { analyzeRequest, engineSecret } from "../../../check/engine/analyzer-client";
import { rawProperties } from "../../../policies/raw-properties";
import {
    installPackDeserialization,
    POLICY_UNKNOWN_SENTINELS,
    PROXY_TARGET_KEY,
    reportLeveled,
    secretValue,
} from "../../../policies/sdk";

type Deserialize = (struct: unknown, proxySecrets: boolean) => unknown;
const sdkDeserialize = require("@pulumi/policy/deserialize") as { deserializeProperties: Deserialize };

interface SdkDiagnostic {
    getPolicyname(): string;
    getDescription(): string;
    getMessage(): string;
    getEnforcementlevel(): number;
}
type AnalyzeHandler = (
    call: { request: unknown },
    callback: (error: unknown, response?: { getDiagnosticsList(): SdkDiagnostic[] }) => void,
) => void;
/** The SDK's Analyze handler (exported from its server module, marked internal in its typings). */
const { makeAnalyzeRpcFun } = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun(
        pack: string,
        version: string,
        level: string,
        policies: ResourceValidationPolicy[],
    ): AnalyzeHandler;
};
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb") as { EnforcementLevel: Record<string, number> };

/** Runs one policy through the SDK's Analyze handler on one resource; its diagnostics. */
function analyze(policy: ResourceValidationPolicy, properties: Record<string, unknown>): Promise<SdkDiagnostic[]> {
    const handler = makeAnalyzeRpcFun("contract-pack", "0.0.1", "advisory", [policy]);
    const request = analyzeRequest({ type: "azure-native:compute:VirtualMachine", name: "vm", properties });
    return new Promise((resolve, reject) =>
        handler({ request }, (error, response) =>
            error ? reject(error) : resolve(response?.getDiagnosticsList() ?? []),
        ),
    );
}

describe("contract: the policy SDK (policies/sdk) against the pinned @pulumi/policy", () => {
    it("sdk/report-violation: the SDK's reportViolation takes the object form, keeping its description and level", async () => {
        const diagnostics = await analyze(
            {
                name: "contract-policy",
                description: "the policy's own description",
                enforcementLevel: "advisory",
                validateResource: (_args, reportViolation) =>
                    reportLeveled(reportViolation, {
                        message: "the finding",
                        description: "the finding as data",
                        enforcementLevel: "mandatory",
                    }),
            },
            {},
        );
        assert.equal(diagnostics.length, 1);
        assert.equal(diagnostics[0].getMessage(), "the finding");
        assert.equal(diagnostics[0].getDescription(), "the finding as data");
        assert.equal(diagnostics[0].getEnforcementlevel(), analyzerProto.EnforcementLevel.MANDATORY);
    });

    describe("sdk/deserialization: the SDK deserializes through its module's exports", () => {
        let original: Deserialize;
        beforeEach(() => {
            original = sdkDeserialize.deserializeProperties;
        });
        afterEach(() => {
            sdkDeserialize.deserializeProperties = original;
        });

        it("exports deserializeProperties, and its Analyze handler calls the installed replacement", async () => {
            assert.equal(
                typeof original,
                "function",
                "@pulumi/policy/deserialize no longer exports deserializeProperties",
            );
            assert.equal(installPackDeserialization(), true);
            const seen: unknown[] = [];
            const policy = (name: string): ResourceValidationPolicy => ({
                name,
                description: name,
                enforcementLevel: "advisory",
                validateResource: (args) => {
                    seen.push(rawProperties(args.props));
                },
            });
            const handler = makeAnalyzeRpcFun("contract-pack", "0.0.1", "advisory", [policy("a"), policy("b")]);
            const request = analyzeRequest({
                type: "azure-native:compute:VirtualMachine",
                name: "vm",
                properties: { osProfile: { adminPassword: engineSecret("pw-contract") } },
            });
            await new Promise<void>((resolve, reject) => handler({ request }, (e) => (e ? reject(e) : resolve())));
            assert.equal(seen.length, 2);
            // The replacement ran: secrets stay wrapped, and both policies got the one deserialization.
            assert.equal(seen[0], seen[1], "the SDK no longer calls deserializeProperties through its exports");
            const password = (seen[0] as { osProfile: { adminPassword: unknown } }).osProfile.adminPassword;
            assert.ok(password instanceof Secret, "the SDK no longer keeps secrets wrapped when asked to");
            assert.deepEqual(secretValue(password), { secret: true, value: "pw-contract" });
        });
        it("reads a struct only through its toJavaScript() (what sdk/request-decoding hands it stands in for a Struct)", () => {
            const request = analyzeRequest({
                type: "azure-native:compute:VirtualMachine",
                name: "vm",
                properties: { osProfile: { adminPassword: engineSecret("pw-contract"), computerName: "vm" }, n: 1 },
            });
            const struct = request.getProperties();
            const plain = struct?.toJavaScript();
            const viaStruct = rawProperties(original(struct, true));
            const viaToJavaScript = rawProperties(original({ toJavaScript: () => plain }, true));
            assert.deepStrictEqual(viaToJavaScript, viaStruct);
            const password = (viaToJavaScript as { osProfile: { adminPassword: unknown } }).osProfile.adminPassword;
            assert.ok(password instanceof Secret);
        });
    });

    describe("sdk/proxy: unknown sentinels, proxy targets and secrets", () => {
        it("the SDK's proxy throws on exactly the sentinels the pack treats as unknown", () => {
            assert.equal(POLICY_UNKNOWN_SENTINELS.size, 7, "the SDK's unknown sentinels changed");
            for (const sentinel of POLICY_UNKNOWN_SENTINELS) {
                assert.equal(
                    typeof sentinel,
                    "string",
                    "a sentinel the pack reads is missing from @pulumi/policy/proxy",
                );
                const props = unknownCheckingProxy({ value: sentinel }) as { value: unknown };
                assert.throws(() => props.value, /can't be known during preview/);
            }
            const props = unknownCheckingProxy({ value: "a known string" }) as { value: unknown };
            assert.equal(props.value, "a known string");
        });

        it("the SDK's proxy hands out its target under the key the pack reads", () => {
            const target = { patchMode: [...POLICY_UNKNOWN_SENTINELS][0] };
            const props = unknownCheckingProxy(target) as Record<string, unknown>;
            assert.equal(props[PROXY_TARGET_KEY], target);
            assert.equal(rawProperties(props), target);
        });

        it("the SDK's Secret holds its value where the pack reads it", () => {
            assert.deepEqual(secretValue(new Secret("s")), { secret: true, value: "s" });
            assert.equal(secretValue({ value: "s" }), undefined);
        });
    });
});
