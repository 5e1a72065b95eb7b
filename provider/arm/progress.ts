/**
 * Progress messages from inside the dynamic-provider host. `pulumi.log` does not reach the engine there
 * (the host never sets PULUMI_NODEJS_ENGINE; it gets the engine address as its first argument), so
 * this sends Log requests to that address itself, attached to the resource's URN when one is known.
 * Outside the host (scripts, tests), messages go to stderr.
 */
import { type EngineClient, engineGrpc, engineMessages, hostEngineAddress } from "../engine";
import { redactSecrets } from "./redact";
import type { Progress } from "./wait";

let engine: EngineClient | null | undefined;

function engineClient(): EngineClient | null {
    if (engine !== undefined) return engine;
    const address = hostEngineAddress();
    if (address === undefined) {
        engine = null;
        return engine;
    }
    const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
    const { EngineClient } = engineGrpc();
    engine = new EngineClient(address, grpc.credentials.createInsecure());
    return engine;
}

/**
 * A Progress that reports to the engine (info severity, attached to the URN when known, so the CLI shows
 * it under that resource) or to stderr.
 */
export function engineProgress(urn: string | undefined): Progress {
    return (text: string) => {
        // Progress may quote ARM (a retry's reason): redacted like every error message.
        const message = redactSecrets(text);
        const client = engineClient();
        if (client === null) {
            process.stderr.write(`${message}\n`);
            return;
        }
        const proto = engineMessages();
        const request = new proto.LogRequest();
        request.setSeverity(proto.LogSeverity.INFO);
        request.setMessage(message);
        request.setUrn(urn ?? "");
        request.setEphemeral(false);
        client.log(request, (error) => {
            if (error) process.stderr.write(`${message}\n`);
        });
    };
}
