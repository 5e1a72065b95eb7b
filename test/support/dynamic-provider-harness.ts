/**
 * Runs dynamic providers the way `pulumi up` does, without the CLI: spawns Pulumi's own dynamic-provider
 * host (`@pulumi/pulumi/cmd/dynamic-provider`), connects to it over gRPC as the engine would, and calls
 * Configure, Check, Diff, Create, Read, Update and Delete with the serialized provider in `__provider`.
 *
 * This is what proves a provider serializes (closure-serialization errors surface here, not at a user's
 * `pulumi up`) and that it behaves when its text is evaluated in a fresh process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { type EngineLogEntry, type EngineLogServer, startEngineLogServer } from "../../check/engine/engine-log-server";
import { engineSecret, UNKNOWN_VALUE } from "../../provider/engine";

/** How the engine sends a value that is not known yet (preview): @pulumi/pulumi's own constant. */
export { UNKNOWN_VALUE };

/**
 * How the engine wraps a secret. The engine strips these before calling dynamic providers (they do not
 * accept secrets), so use this only to test robustness against them.
 */
export function secretValue(value: unknown): Record<string, unknown> {
    return engineSecret(value);
}

/** The text Pulumi stores in a dynamic resource's `__provider` property. */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    return serialized.text;
}

type Props = Record<string, unknown>;

export interface CheckResult {
    readonly inputs: Props;
    readonly failures: readonly { readonly property: string; readonly reason: string }[];
}

export interface DiffResult {
    readonly changes: "none" | "some" | "unknown";
    readonly replaces: readonly string[];
    readonly deleteBeforeReplace: boolean;
}

export interface DynamicProviderHost {
    /** What the provider logged through the engine, in order. */
    readonly logs: readonly EngineLogEntry[];
    /** What the host process wrote to stderr (uncaught errors, console.error). */
    readonly stderr: () => string;
    check(urn: string, olds: Props, news: Props): Promise<CheckResult>;
    diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffResult>;
    create(urn: string, props: Props, options?: { timeoutSeconds?: number }): Promise<{ id: string; outs: Props }>;
    read(urn: string, id: string, props: Props, inputs?: Props): Promise<{ id: string; props: Props; inputs?: Props }>;
    update(
        urn: string,
        id: string,
        olds: Props,
        news: Props,
        options?: { timeoutSeconds?: number },
    ): Promise<{ outs: Props }>;
    delete(urn: string, id: string, props: Props): Promise<void>;
    close(): Promise<void>;
}

export interface HostOptions {
    /** The directory the host runs in: where `require` inside the provider resolves packages. */
    readonly cwd?: string;
    /** Extra environment for the host (merged over this process's). */
    readonly env?: NodeJS.ProcessEnv;
    /** Config passed to Configure, as the engine would from the stack's config. */
    readonly config?: Props;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

function struct(props: Props): structproto.Struct {
    return structproto.Struct.fromJavaScript(props as Record<string, structproto.JavaScriptValue>);
}

type UnaryMethod<Req, Res> = (request: Req, callback: (err: grpc.ServiceError | null, res: Res) => void) => void;

function unary<Req, Res>(client: grpc.Client, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        const fn = (client as unknown as Record<string, UnaryMethod<Req, Res>>)[method];
        fn.call(client, request, (err: grpc.ServiceError | null, res: Res) => {
            if (err) {
                // The engine shows the details string to the user: so should our assertions.
                const error = new Error(err.details || err.message) as Error & { code?: number };
                error.code = err.code;
                reject(error);
            } else {
                resolve(res);
            }
        });
    });
}

async function readPort(child: ChildProcess, stderr: () => string): Promise<number> {
    return new Promise((resolve, reject) => {
        let out = "";
        const onData = (chunk: Buffer) => {
            out += chunk.toString();
            const line = out.split("\n")[0].trim();
            if (out.includes("\n") && /^\d+$/.test(line)) {
                child.stdout?.off("data", onData);
                resolve(Number(line));
            }
        };
        child.stdout?.on("data", onData);
        child.once("exit", (code) => reject(new Error(`dynamic-provider host exited (${code}): ${stderr()}`)));
    });
}

export async function startDynamicProviderHost(options: HostOptions = {}): Promise<DynamicProviderHost> {
    const engine: EngineLogServer = await startEngineLogServer();
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [REPO_ROOT] });
    const child = spawn(process.execPath, [script, engine.address], {
        cwd: options.cwd ?? REPO_ROOT,
        env: { ...process.env, PULUMI_PROJECT: "test-project", PULUMI_STACK: "test", ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
    });
    const port = await readPort(child, () => stderr);
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(struct(options.config ?? {}));
    configure.setAcceptsecrets(true);
    configure.setAcceptresources(true);
    await unary(client, "configure", configure);

    return {
        logs: engine.logs,
        stderr: () => stderr,
        async check(urn, olds, news) {
            const req = new provproto.CheckRequest();
            req.setUrn(urn);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const res = await unary<provproto.CheckRequest, provproto.CheckResponse>(client, "check", req);
            return {
                inputs: (res.getInputs()?.toJavaScript() ?? {}) as Props,
                failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
            };
        },
        async diff(urn, id, olds, news) {
            const req = new provproto.DiffRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            const res = await unary<provproto.DiffRequest, provproto.DiffResponse>(client, "diff", req);
            const changes = res.getChanges();
            const kinds = provproto.DiffResponse.DiffChanges;
            return {
                changes: changes === kinds.DIFF_SOME ? "some" : changes === kinds.DIFF_NONE ? "none" : "unknown",
                replaces: res.getReplacesList(),
                deleteBeforeReplace: res.getDeletebeforereplace(),
            };
        },
        async create(urn, props, opts = {}) {
            const req = new provproto.CreateRequest();
            req.setUrn(urn);
            req.setProperties(struct(props));
            req.setTimeout(opts.timeoutSeconds ?? 0);
            const res = await unary<provproto.CreateRequest, provproto.CreateResponse>(client, "create", req);
            return { id: res.getId(), outs: (res.getProperties()?.toJavaScript() ?? {}) as Props };
        },
        async read(urn, id, props, inputs) {
            const req = new provproto.ReadRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setProperties(struct(props));
            if (inputs) req.setInputs(struct(inputs));
            const res = await unary<provproto.ReadRequest, provproto.ReadResponse>(client, "read", req);
            const resInputs = res.getInputs()?.toJavaScript() as Props | undefined;
            return {
                id: res.getId(),
                props: (res.getProperties()?.toJavaScript() ?? {}) as Props,
                ...(resInputs ? { inputs: resInputs } : {}),
            };
        },
        async update(urn, id, olds, news, opts = {}) {
            const req = new provproto.UpdateRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            req.setTimeout(opts.timeoutSeconds ?? 0);
            const res = await unary<provproto.UpdateRequest, provproto.UpdateResponse>(client, "update", req);
            return { outs: (res.getProperties()?.toJavaScript() ?? {}) as Props };
        },
        async delete(urn, id, props) {
            const req = new provproto.DeleteRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setProperties(struct(props));
            await unary(client, "delete", req);
        },
        async close() {
            client.close();
            child.kill();
            await engine.close();
        },
    };
}

/** A URN for a dynamic resource of the given type and name, as the engine would send it. */
export function dynamicUrn(type: string, name: string): string {
    return `urn:pulumi:test::test-project::pulumi-nodejs:dynamic:Resource$${type}::${name}`;
}
