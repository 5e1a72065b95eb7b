/**
 * Adapter: the engine's Log service (`@pulumi/pulumi/proto/engine_grpc_pb` and `engine_pb`), the one
 * gRPC service both sides of this package speak: the providers' progress messages call it from inside
 * the dynamic-provider host (arm/progress.ts), and the offline check serves it to the plugins it runs
 * (check/engine/engine-log-server.ts). Loaded on first use: a process that never logs to an engine never
 * loads the generated protobuf code. test/provider/engine/engine.contract.test.ts checks the surface.
 */
import type * as EngineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as EngineMessages from "@pulumi/pulumi/proto/engine_pb";

export type EngineClient = EngineGrpc.EngineClient;
export type { EngineMessages };

/**
 * The engine address when this process is Pulumi's dynamic-provider host, else undefined. The host
 * (`@pulumi/pulumi/cmd/dynamic-provider`) takes the engine's address as its first argument and sets
 * no environment variable for it, so the process is recognised by its script path.
 */
export function hostEngineAddress(argv: readonly string[] = process.argv): string | undefined {
    const script = (argv[1] ?? "").replace(/\\/g, "/");
    const isHost = /\/cmd\/dynamic-provider(\/index(\.js)?)?$/.test(script);
    const address = argv[2];
    return isHost && address !== undefined && /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

/** The generated service definitions and client (EngineService, EngineClient). */
export function engineGrpc(): typeof EngineGrpc {
    return require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof EngineGrpc;
}

/** The generated messages (LogRequest, LogSeverity, root-resource requests...). */
export function engineMessages(): typeof EngineMessages {
    return require("@pulumi/pulumi/proto/engine_pb") as typeof EngineMessages;
}
