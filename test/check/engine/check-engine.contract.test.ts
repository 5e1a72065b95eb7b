/**
 * Contract of the engine internals the offline check relies on (check/engine), against the pinned
 * @pulumi/pulumi: the Analyzer service and the host that runs a pack, and the runtime internals the
 * program host reaches (program-runtime.ts). The program host looks each runtime internal up
 * defensively (a missing one costs speed, not the run), so only this test notices when an upgrade
 * moves one: it fails naming it. Nothing here changes the SDK this process uses.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runPolicyPackScript } from "../../../check/engine/analyzer-client";
import { isUserFacingError, promisesInFlight, waitForRPCs } from "../../../check/engine/program-runtime";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const sdk = (module: string) =>
    require(path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), module));

describe("contract: the check's engine side (check/engine) against the pinned @pulumi/pulumi", () => {
    it("analyzer-client: the Analyzer service keeps every call the client makes", () => {
        const { AnalyzerService, AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
        for (const call of ["handshake", "getAnalyzerInfo", "configure", "configureStack", "analyze", "remediate"]) {
            assert.ok(call in AnalyzerService, `AnalyzerService.${call} is gone`);
            assert.equal(typeof AnalyzerClient.prototype[call], "function", `AnalyzerClient.${call} is gone`);
        }
    });

    it("analyzer-client: the SDK ships the host the CLI runs a pack with", () => {
        assert.match(runPolicyPackScript(), /[\\/]cmd[\\/]run-policy-pack[\\/]index\.js$/);
    });

    it("program-runtime: the store of promises in flight and the promise bookkeeping are where the host looks", () => {
        const state = sdk("runtime/state");
        assert.equal(typeof state.getStore, "function", "runtime/state no longer exports getStore");
        assert.ok(state.getStore().leakCandidates instanceof Set, "the store no longer keeps leakCandidates");
        assert.equal(typeof state.withLocalStorage, "function", "runtime/state no longer exports withLocalStorage");
        assert.equal(typeof sdk("runtime/debuggable").debuggablePromise, "function", "debuggablePromise is gone");
        assert.equal(typeof promisesInFlight(REPO_ROOT)?.(), "number");
    });

    it("program-runtime: waitForRPCs is exported, and Pulumi's user-facing errors carry the flags the host reads", () => {
        assert.equal(typeof waitForRPCs(pulumi), "function", "pulumi.runtime.waitForRPCs is gone");
        assert.equal(isUserFacingError(new pulumi.RunError("stop")), true, "RunError lost its flag");
        assert.equal(
            isUserFacingError(new pulumi.ResourceError("stop", undefined)),
            true,
            "ResourceError lost its flag",
        );
        assert.equal(isUserFacingError(new pulumi.InputPropertyError({ propertyPath: "p", reason: "r" })), true);
        assert.equal(isUserFacingError(new Error("plain")), false);
    });
});
