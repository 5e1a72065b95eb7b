/**
 * Contract of the engine protocol the providers and the offline check rely on (provider/engine),
 * against the pinned @pulumi/pulumi: the wire values are the SDK's own exports, so what can change is
 * that it stops exporting them or stops reading them as an unknown and a secret; the Log service must
 * keep the calls and messages both sides use. docs/architecture.md lists the surfaces.
 */
import assert from "node:assert/strict";
import { isUnknown } from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import {
    engineGrpc,
    engineMessages,
    engineSecret,
    isEngineSecret,
    SECRET_SIG,
    SPECIAL_SIG_KEY,
    UNKNOWN_VALUE,
} from "../../../provider/engine";

describe("contract: the engine protocol (provider/engine) against the pinned @pulumi/pulumi", () => {
    describe("engine/wire-values", () => {
        it("the SDK exports the unknown placeholder and the secret signature as strings", () => {
            for (const [name, value] of Object.entries({ UNKNOWN_VALUE, SPECIAL_SIG_KEY, SECRET_SIG })) {
                assert.equal(typeof value, "string", `${name}: @pulumi/pulumi/runtime/rpc no longer exports it`);
                assert.ok(value.length > 0, name);
            }
            assert.equal(new Set([UNKNOWN_VALUE, SPECIAL_SIG_KEY, SECRET_SIG]).size, 3);
        });

        it("the SDK reads a value wrapped by engineSecret as a secret, and unwraps it", () => {
            const wrapped = engineSecret({ password: "pw" });
            assert.equal(rpc.isRpcSecret(wrapped), true);
            assert.deepEqual(rpc.unwrapRpcSecret(wrapped), { password: "pw" });
            assert.equal(isEngineSecret(wrapped), true);
            assert.equal(isEngineSecret({ value: "pw" }), false);
        });

        it("the SDK reads the unknown placeholder as unknown when asked to keep unknowns, and drops it otherwise", () => {
            assert.equal(isUnknown(rpc.deserializeProperty(UNKNOWN_VALUE, true)), true);
            assert.equal(rpc.deserializeProperty(UNKNOWN_VALUE), undefined);
        });
    });

    describe("engine/log-service", () => {
        it("the Engine service keeps the calls the check serves and the providers call", () => {
            const { EngineService, EngineClient } = engineGrpc();
            for (const call of [
                "log",
                "getRootResource",
                "setRootResource",
                "requirePulumiVersion",
                "startDebugging",
            ]) {
                assert.ok(call in EngineService, `EngineService.${call} is gone`);
            }
            assert.equal(EngineService.log.path, "/pulumirpc.Engine/Log");
            assert.equal(typeof EngineClient.prototype.log, "function");
        });

        it("a LogRequest keeps the fields and severities both sides read and write", () => {
            const { LogRequest, LogSeverity, GetRootResourceResponse, SetRootResourceResponse } = engineMessages();
            const request = new LogRequest();
            request.setSeverity(LogSeverity.WARNING);
            request.setMessage("m");
            request.setUrn("urn:pulumi:s::p::t::n");
            request.setEphemeral(true);
            const read = LogRequest.deserializeBinary(request.serializeBinary());
            assert.deepEqual(
                [read.getSeverity(), read.getMessage(), read.getUrn(), read.getEphemeral()],
                [LogSeverity.WARNING, "m", "urn:pulumi:s::p::t::n", true],
            );
            assert.deepEqual(
                [LogSeverity.DEBUG, LogSeverity.INFO, LogSeverity.WARNING, LogSeverity.ERROR].map((s) => typeof s),
                ["number", "number", "number", "number"],
            );
            assert.equal(new GetRootResourceResponse().setUrn("u").getUrn(), "u");
            assert.ok(new SetRootResourceResponse());
        });
    });
});
