/**
 * A minimal Pulumi Engine gRPC service on 127.0.0.1: what a plugin process (the dynamic-provider host,
 * a policy pack) calls while it runs, mainly `Log`. The offline check and the tests start one so they
 * can run the real plugins without the Pulumi CLI, and read what the plugins logged.
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { engineGrpc, engineMessages, type EngineMessages as engineproto } from "../../provider/engine";

export interface EngineLogEntry {
    readonly severity: "debug" | "info" | "warning" | "error";
    readonly message: string;
    readonly urn: string;
    readonly ephemeral: boolean;
}

export interface EngineLogServer {
    /** `127.0.0.1:<port>`: the first argument plugins take. */
    readonly address: string;
    /** Everything plugins logged so far, in order. */
    readonly logs: readonly EngineLogEntry[];
    /** Called for each log entry as it arrives (progress reporting). */
    onLog?: (entry: EngineLogEntry) => void;
    close(): Promise<void>;
}

const { LogSeverity, GetRootResourceResponse, SetRootResourceResponse, RequirePulumiVersionResponse } =
    engineMessages();
const SEVERITIES: Record<number, EngineLogEntry["severity"]> = {
    [LogSeverity.DEBUG]: "debug",
    [LogSeverity.INFO]: "info",
    [LogSeverity.WARNING]: "warning",
    [LogSeverity.ERROR]: "error",
};

export async function startEngineLogServer(): Promise<EngineLogServer> {
    const logs: EngineLogEntry[] = [];
    let rootResource = "";
    const server = new grpc.Server();
    const result: EngineLogServer = {
        address: "",
        logs,
        close: () =>
            new Promise<void>((resolve) => {
                server.tryShutdown(() => resolve());
            }),
    };
    const empty = (callback: grpc.sendUnaryData<emptyproto.Empty>) => callback(null, new emptyproto.Empty());
    server.addService(engineGrpc().EngineService, {
        log(
            call: grpc.ServerUnaryCall<engineproto.LogRequest, emptyproto.Empty>,
            callback: grpc.sendUnaryData<emptyproto.Empty>,
        ) {
            const req = call.request;
            const entry: EngineLogEntry = {
                severity: SEVERITIES[req.getSeverity()] ?? "info",
                message: req.getMessage(),
                urn: req.getUrn(),
                ephemeral: req.getEphemeral(),
            };
            logs.push(entry);
            result.onLog?.(entry);
            empty(callback);
        },
        getRootResource(_call: unknown, callback: grpc.sendUnaryData<engineproto.GetRootResourceResponse>) {
            callback(null, new GetRootResourceResponse().setUrn(rootResource));
        },
        setRootResource(
            call: grpc.ServerUnaryCall<engineproto.SetRootResourceRequest, engineproto.SetRootResourceResponse>,
            callback: grpc.sendUnaryData<engineproto.SetRootResourceResponse>,
        ) {
            rootResource = call.request.getUrn();
            callback(null, new SetRootResourceResponse());
        },
        requirePulumiVersion(_call: unknown, callback: grpc.sendUnaryData<unknown>) {
            callback(null, new RequirePulumiVersionResponse());
        },
        startDebugging(_call: unknown, callback: grpc.sendUnaryData<emptyproto.Empty>) {
            empty(callback);
        },
    } as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
            err ? reject(err) : resolve(p),
        ),
    );
    return Object.assign(result, { address: `127.0.0.1:${port}` });
}
