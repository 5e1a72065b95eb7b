/**
 * Contract of the engine internals the offline check relies on (check/engine), against the pinned
 * @pulumi/pulumi: the Analyzer service and the host that runs a pack, and the runtime internals the
 * program host reaches (program-runtime.ts). The program host looks each runtime internal up
 * defensively (a missing one costs speed, not the run), so only this test notices when an upgrade
 * moves one: it fails naming it. Nothing here changes the SDK this process uses.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runPolicyPackScript } from "../../../check/engine/analyzer-client";
import {
    dropPromiseStacks,
    isUserFacingError,
    promisesInFlight,
    skipAliases,
    waitForRPCs,
} from "../../../check/engine/program-runtime";
import { runProgram } from "../../support/mock-program";

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

    it("program-runtime: the promise bookkeeping the host installs counts what is in flight", async () => {
        const debuggable = sdk("runtime/debuggable");
        const original = debuggable.debuggablePromise;
        try {
            const inFlight = dropPromiseStacks(REPO_ROOT);
            assert.ok(inFlight, "runtime/debuggable has no debuggablePromise to replace");
            const before = inFlight();
            let release: (v: number) => void = () => {};
            const tracked = debuggable.debuggablePromise(new Promise<number>((r) => (release = r)), "test");
            assert.equal(inFlight(), before + 1);
            release(7);
            assert.equal(await tracked, 7);
            assert.equal(inFlight(), before);
            await assert.rejects(debuggable.debuggablePromise(Promise.reject(new Error("no")), "test"), /no/);
            assert.equal(inFlight(), before);
        } finally {
            debuggable.debuggablePromise = original;
        }
    });

    it("program-runtime: a stack transformation runs before the SDK expands a resource's aliases", async () => {
        // The speed-up skipAliases gives rests on this order (Resource's constructor): were it lost, the
        // aliases would be expanded again (the check would only be slower).
        class Thing extends pulumi.CustomResource {
            constructor(name: string, opts: pulumi.CustomResourceOptions) {
                super("test:index:Thing", name, {}, opts);
            }
        }
        let aliases: unknown[] | undefined;
        const run = await runProgram(
            () => {
                skipAliases(pulumi);
                const thing = new Thing("thing", {
                    aliases: [{ name: "old" }, "urn:pulumi:stack::project::test:index:Thing::older"],
                });
                aliases = (thing as unknown as { __aliases?: unknown[] }).__aliases;
                return {};
            },
            { rootStack: true },
        );
        assert.equal(run.error, undefined);
        assert.equal(run.ofType("test:index:Thing").length, 1, "the resource still registers");
        assert.deepEqual(aliases, []);
    });

    it("program-runtime: the SDK's own debug lines go through the log module the host replaces", () => {
        // dropDebugLogs replaces `debug` on pulumi.log: the runtime's modules must call it through
        // that same module object, or the debug lines would still go to the engine one by one.
        assert.equal(sdk("log"), pulumi.log, "pulumi.log is no longer the runtime's log module");
        assert.equal(typeof pulumi.log.debug, "function");
        for (const module of ["runtime/resource", "runtime/rpc"]) {
            const source = fs.readFileSync(require.resolve(`@pulumi/pulumi/${module}`), "utf8");
            assert.match(source, /\blog\.debug\(/, `${module} no longer logs through log.debug`);
        }
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
