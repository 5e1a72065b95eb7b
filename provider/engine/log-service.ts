/**
 * Adapter: the engine's Log service (`@pulumi/pulumi/proto/engine_grpc_pb` and `engine_pb`), the one
 * gRPC service both sides of this package speak: the providers' progress messages and the guard's
 * warnings call it from inside the dynamic-provider host (logToEngine), and the offline check serves it
 * to the plugins it runs (check/engine/engine-log-server.ts). Loaded on first use: a process that never logs to an engine never
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

let hostEngine: EngineClient | null | undefined;

/**
 * Sends one message to the engine from inside the dynamic-provider host, attached to `urn` when one is
 * given (the CLI shows it under that resource). Outside the host (scripts, tests), or when the engine
 * does not answer, the message goes to stderr.
 */
export function logToEngine(severity: "info" | "warning", message: string, urn?: string): void {
    if (hostEngine === undefined) {
        const address = hostEngineAddress();
        if (address === undefined) hostEngine = null;
        else {
            const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
            const { EngineClient } = engineGrpc();
            hostEngine = new EngineClient(address, grpc.credentials.createInsecure());
        }
    }
    if (hostEngine === null) {
        process.stderr.write(`${message}\n`);
        return;
    }
    const proto = engineMessages();
    const request = new proto.LogRequest();
    request.setSeverity(severity === "warning" ? proto.LogSeverity.WARNING : proto.LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn(urn ?? "");
    request.setEphemeral(false);
    hostEngine.log(request, (error) => {
        if (error) process.stderr.write(`${message}\n`);
    });
}
