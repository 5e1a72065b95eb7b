/**
 * Adapter: the engine's Log service (`@pulumi/pulumi/proto/engine_grpc_pb` and `engine_pb`), the one
 * gRPC service both sides of this package speak: the providers' progress messages call it from inside
 * the dynamic-provider host (arm/progress.ts), and the offline check serves it to the plugins it runs
 * (check/engine-log-server.ts). Loaded on first use: a process that never logs to an engine never
 * loads the generated protobuf code. test/provider/engine/engine.contract.test.ts checks the surface.
 */
import type * as EngineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as EngineMessages from "@pulumi/pulumi/proto/engine_pb";

export type EngineClient = EngineGrpc.EngineClient;
export type { EngineMessages };

/** The generated service definitions and client (EngineService, EngineClient). */
export function engineGrpc(): typeof EngineGrpc {
    return require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof EngineGrpc;
}

/** The generated messages (LogRequest, LogSeverity, root-resource requests...). */
export function engineMessages(): typeof EngineMessages {
    return require("@pulumi/pulumi/proto/engine_pb") as typeof EngineMessages;
}
