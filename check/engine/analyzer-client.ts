/**
 * A client for a CrossGuard policy pack, run the way the Pulumi CLI runs it: the pack's process is
 * started with `@pulumi/pulumi/cmd/run-policy-pack <engine-address> <pack-dir>`, it prints the port of
 * its Analyzer gRPC server on stdout, and the client calls that server (Handshake, GetAnalyzerInfo,
 * Configure, Analyze, Remediate) with the requests the CLI sends.
 *
 * The offline check and the tests use it to evaluate resources with the real pack, without the CLI.
 *
 * Properties are plain JavaScript in the engine's representation: an unknown (preview) value is
 * {@link ENGINE_UNKNOWN}; a secret is `{ [SECRET_SIG_KEY]: SECRET_SIG, value }` (see {@link engineSecret}).
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { type EngineLogServer, startEngineLogServer } from "./engine-log-server";

// The engine's wire values are @pulumi/pulumi's own, from the providers' engine adapter.
export {
    engineSecret,
    SECRET_SIG,
    SPECIAL_SIG_KEY as SECRET_SIG_KEY,
    UNKNOWN_VALUE as ENGINE_UNKNOWN,
} from "../../provider/engine";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type PolicySeverity = "unspecified" | "low" | "medium" | "high" | "critical";

/** One resource as the engine hands it to Analyze: its inputs, before it is created or updated. */
export interface AnalyzerResource {
    /** The type token, e.g. `azure-native:compute:VirtualMachine`. */
    readonly type: string;
    readonly name: string;
    /** Defaults to a URN built from type and name in stack `dev` of project `check`. */
    readonly urn?: string;
    /** Plain JS in the engine's representation (see the module comment). `undefined` values are dropped. */
    readonly properties: Record<string, unknown>;
    /** Resource options the engine would send (all optional). */
    readonly options?: {
        readonly protect?: boolean;
        readonly ignoreChanges?: readonly string[];
        readonly parent?: string;
    };
    /** For a stack analysis: the URNs of the resources it depends on. */
    readonly dependencies?: readonly string[];
    /** For a stack analysis: per input property, the URNs of the resources its value was computed from. */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    /** The resource's provider as the engine describes it (its inputs, e.g. a subscriptionId). Default: none sent. */
    readonly provider?: {
        readonly type: string;
        readonly name: string;
        readonly urn: string;
        readonly properties: Record<string, unknown>;
    };
}

/** A policy violation as the pack reported it. */
export interface AnalyzerDiagnostic {
    readonly policyName: string;
    readonly policyPackName: string;
    readonly policyPackVersion: string;
    readonly description: string;
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn: string;
    readonly severity: PolicySeverity;
}

export interface AnalyzeResult {
    readonly diagnostics: readonly AnalyzerDiagnostic[];
    /** Policies that said they do not apply to the resource, with their reason. */
    readonly notApplicable: readonly { readonly policyName: string; readonly reason: string }[];
}

export interface RemediationResult {
    readonly policyName: string;
    readonly description: string;
    /** The resource's new properties (plain JS, engine representation), when the policy changed them. */
    readonly properties?: Record<string, unknown>;
    /** Why the remediation could not run (for example an unknown value during preview). */
    readonly diagnostic?: string;
}

export interface PolicyInfo {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: PolicySeverity;
    readonly type: "resource" | "stack" | "unknown";
    /** The JSON schema of the policy's configuration properties, as the pack declared it. */
    readonly configSchema?: { readonly properties: Record<string, unknown>; readonly required: readonly string[] };
    readonly url: string;
    readonly remediationSteps: string;
}

export interface AnalyzerInfo {
    readonly name: string;
    readonly displayName: string;
    readonly version: string;
    readonly supportsConfig: boolean;
    readonly policies: readonly PolicyInfo[];
    /** The configuration the pack starts with (its defaults), per policy. */
    readonly initialConfig: Readonly<Record<string, PolicyConfigEntry>>;
}

/**
 * One policy's configuration, as in a `--policy-pack-config` file: an enforcement level, or an object
 * with an optional enforcementLevel and the policy's own properties.
 */
export type PolicyConfigEntry =
    | EnforcementLevel
    | ({ readonly enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

/** The content of a `--policy-pack-config` file: policy name (or "all") to its configuration. */
export type PolicyPackConfig = Readonly<Record<string, PolicyConfigEntry>>;

export interface StartAnalyzerOptions {
    /** The policy pack's directory (where PulumiPolicy.yaml and package.json are). */
    readonly packDir: string;
    /** An engine to log to; when absent, the client starts its own and closes it with the client. */
    readonly engine?: EngineLogServer;
    /** Extra environment for the pack's process. */
    readonly env?: Readonly<Record<string, string>>;
    /** How long to wait for the pack to print its port (ms). Default 60 s (the first start loads TypeScript). */
    readonly startTimeoutMs?: number;
    /** Stops a pack that is still starting (its process is killed) and rejects with the signal's reason. */
    readonly signal?: AbortSignal;
}

export interface AnalyzerClient {
    /** The pack's process id (for resource accounting, e.g. its CPU time in benchmarks). */
    readonly pid: number | undefined;
    /** Everything the pack logged to the engine (and its stderr, see {@link AnalyzerClient.stderr}). */
    readonly engine: EngineLogServer;
    /** What the pack wrote to stderr so far. */
    stderr(): string;
    getInfo(): Promise<AnalyzerInfo>;
    /**
     * Sends a policy-pack configuration, as `--policy-pack-config` does: every policy gets its level
     * from the file or, when the file says nothing, the pack's default. Replaces the previous one.
     * Throws for a policy name the pack does not have or an unknown level.
     */
    configure(config: PolicyPackConfig): Promise<void>;
    /** Stack information some policies read (tags); the CLI sends it before analysing. */
    configureStack(stack: {
        stack: string;
        project: string;
        organization?: string;
        dryRun?: boolean;
        tags?: Record<string, string>;
    }): Promise<void>;
    /** Analyses one resource's inputs, as the engine does before each create or update. */
    analyze(resource: AnalyzerResource): Promise<AnalyzeResult>;
    /**
     * Analyses many resources with at most `concurrency` requests in flight (as the engine does when it
     * steps resources in parallel). Results are in input order.
     */
    analyzeAll(resources: readonly AnalyzerResource[], concurrency?: number): Promise<AnalyzeResult[]>;
    /**
     * Analyses the whole stack, as the engine does after all resources are registered: the pack's stack
     * policies see every resource (with their dependencies) at once.
     */
    analyzeStack(resources: readonly AnalyzerResource[]): Promise<AnalyzeResult>;
    /** Runs the pack's remediations (policies at level "remediate") on one resource. */
    remediate(resource: AnalyzerResource): Promise<RemediationResult[]>;
    /** Stops the pack's process and, if the client started it, the engine. */
    close(): Promise<void>;
}

const LEVELS: Record<number, EnforcementLevel> = {
    [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};

const LEVEL_CODES: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
};

const SEVERITIES: Record<number, PolicySeverity> = {
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** Preloaded into the pack's process: it ends with this one (check/parent-watchdog.ts). */
const PARENT_WATCHDOG = path.join(__dirname, "..", "parent-watchdog.js");

/**
 * The path of `run-policy-pack`, the host the CLI starts a Node.js pack with: the pack's own
 * @pulumi/pulumi, as the CLI uses it (an installed, published pack has its own), else this package's.
 */
export function runPolicyPackScript(packDir?: string): string {
    if (packDir) {
        try {
            return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        } catch {
            // The pack resolves @pulumi/pulumi from elsewhere (e.g. a clone's root): use this package's.
        }
    }
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
}

/**
 * Plain JS to what protobuf's Struct accepts: undefined dropped (in arrays: null). Anything JSON cannot
 * hold (functions, symbols, bigints, class instances such as Outputs) is refused with its property path.
 */
function toStructValue(value: unknown, path: string): unknown {
    if (value === undefined) return null;
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") {
        if (!Number.isFinite(value))
            throw new Error(`property ${path} = ${value}: a policy pack receives finite numbers only.`);
        return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => toStructValue(v, `${path}[${i}]`));
    const proto = typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
    if (typeof value !== "object" || (proto !== Object.prototype && proto !== null)) {
        const what = typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
        throw new Error(
            `property ${path} is a ${what}: a policy pack receives plain JSON values (resolve Outputs first; secrets as engineSecret(value), unknowns as ENGINE_UNKNOWN).`,
        );
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
        if (v !== undefined) out[k] = toStructValue(v, path ? `${path}.${k}` : k);
    return out;
}

/** Engine-representation properties as a protobuf Struct. */
export function toStruct(properties: Record<string, unknown>): structproto.Struct {
    return structproto.Struct.fromJavaScript(
        toStructValue(properties, "") as Record<string, structproto.JavaScriptValue>,
    );
}

function defaultUrn(type: string, name: string): string {
    return `urn:pulumi:dev::check::${type}::${name}`;
}

/** The AnalyzeRequest the CLI would send for one resource (also what the SDK contract tests feed its server). */
export function analyzeRequest(resource: AnalyzerResource): analyzerproto.AnalyzeRequest {
    const options = new analyzerproto.AnalyzerResourceOptions();
    options.setProtect(resource.options?.protect ?? false);
    options.setIgnorechangesList([...(resource.options?.ignoreChanges ?? [])]);
    options.setAliasesList([]);
    options.setAdditionalsecretoutputsList([]);
    options.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
    if (resource.options?.parent) options.setParent(resource.options.parent);
    return new analyzerproto.AnalyzeRequest()
        .setType(resource.type)
        .setName(resource.name)
        .setUrn(resource.urn ?? defaultUrn(resource.type, resource.name))
        .setProperties(toStruct(resource.properties))
        .setOptions(options);
}

function stackResource(resource: AnalyzerResource): analyzerproto.AnalyzerResource {
    const request = analyzeRequest(resource);
    const r = new analyzerproto.AnalyzerResource()
        .setType(request.getType())
        .setName(request.getName())
        .setUrn(request.getUrn())
        .setProperties(request.getProperties())
        .setOptions(request.getOptions());
    if (resource.options?.parent) r.setParent(resource.options.parent);
    r.setDependenciesList([...(resource.dependencies ?? [])]);
    const map = r.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        map.set(key, new analyzerproto.AnalyzerPropertyDependencies().setUrnsList([...urns]));
    }
    if (resource.provider) {
        const { type, name, urn, properties } = resource.provider;
        r.setProvider(
            new analyzerproto.AnalyzerProviderResource()
                .setType(type)
                .setName(name)
                .setUrn(urn)
                .setProperties(toStruct(properties)),
        );
    }
    return r;
}

function toDiagnostic(d: analyzerproto.AnalyzeDiagnostic): AnalyzerDiagnostic {
    return {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
        urn: d.getUrn(),
        severity: SEVERITIES[d.getSeverity()] ?? "unspecified",
    };
}

function toPolicyInfo(p: analyzerproto.PolicyInfo): PolicyInfo {
    const schema = p.getConfigschema();
    const type = p.getPolicyType();
    return {
        name: p.getName(),
        displayName: p.getDisplayname(),
        description: p.getDescription(),
        enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
        severity: SEVERITIES[p.getSeverity()] ?? "unspecified",
        type:
            type === analyzerproto.PolicyType.POLICY_TYPE_RESOURCE
                ? "resource"
                : type === analyzerproto.PolicyType.POLICY_TYPE_STACK
                  ? "stack"
                  : "unknown",
        ...(schema
            ? {
                  configSchema: {
                      properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                      required: schema.getRequiredList(),
                  },
              }
            : {}),
        url: p.getUrl(),
        remediationSteps: p.getRemediationSteps(),
    };
}

function levelCode(where: string, level: unknown): analyzerproto.EnforcementLevel {
    const code = typeof level === "string" ? LEVEL_CODES[level as EnforcementLevel] : undefined;
    if (code === undefined) {
        throw new Error(
            `policy-pack config ${where} = ${JSON.stringify(level)}: allowed: ${Object.keys(LEVEL_CODES).join(", ")}. Fix: use one of them.`,
        );
    }
    return code;
}

/**
 * The Configure request the CLI sends for a `--policy-pack-config` file: every policy of the pack, with
 * its level from the file (its own entry, else "all", else the pack's default) and its properties.
 */
export function configRequest(
    config: PolicyPackConfig,
    policies: readonly Pick<PolicyInfo, "name" | "enforcementLevel">[],
): analyzerproto.ConfigureAnalyzerRequest {
    const known = new Set(policies.map((p) => p.name));
    for (const name of Object.keys(config)) {
        if (name !== "all" && !known.has(name)) {
            throw new Error(
                `policy-pack config names policy "${name}", which the pack does not have. Allowed: all, ${[...known].join(", ")}. Fix: correct the policy name.`,
            );
        }
    }
    const split = (entry: PolicyConfigEntry | undefined): { level?: unknown; properties: Record<string, unknown> } => {
        if (entry === undefined) return { properties: {} };
        if (typeof entry === "string") return { level: entry, properties: {} };
        const { enforcementLevel, ...properties } = entry;
        return { level: enforcementLevel, properties };
    };
    const all = split(config.all);
    const request = new analyzerproto.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const policy of policies) {
        const own = split(config[policy.name]);
        const level = own.level ?? all.level ?? policy.enforcementLevel;
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(levelCode(`${own.level !== undefined ? policy.name : "all"}.enforcementLevel`, level));
        pc.setProperties(toStruct(own.properties));
        map.set(policy.name, pc);
    }
    return request;
}

/** Calls a unary method of the gRPC client as a promise. */
function call<Req, Res>(
    client: analyzerrpc.AnalyzerClient,
    method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
    request: Req,
): Promise<Res> {
    return new Promise((resolve, reject) => {
        method.call(client, request, (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res)));
    });
}

/** Waits for the first line of stdout that is a port number. */
function readPort(child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
        let buffered = "";
        const fail = (why: string) => {
            cleanup();
            const err = stderr().trim();
            reject(new Error(`the policy pack did not start: ${why}${err ? `\n${err.slice(-4000)}` : ""}`));
        };
        const onData = (chunk: Buffer) => {
            buffered += chunk.toString("utf8");
            for (const line of buffered.split(/\r?\n/)) {
                if (/^\d+$/.test(line.trim())) {
                    cleanup();
                    resolve(Number(line.trim()));
                    return;
                }
            }
        };
        const onExit = (code: number | null, signal: string | null) =>
            fail(`it exited (code ${code}, signal ${signal})`);
        const onError = (e: Error) => fail(e.message);
        const timer = setTimeout(() => fail(`no port printed within ${timeoutMs} ms`), timeoutMs);
        const cleanup = () => {
            clearTimeout(timer);
            child.stdout?.off("data", onData);
            child.off("exit", onExit);
            child.off("error", onError);
        };
        child.stdout?.on("data", onData);
        child.on("exit", onExit);
        child.on("error", onError);
    });
}

/**
 * Starts the policy pack in `options.packDir` under `run-policy-pack` and connects to it.
 * Throws, with the pack's stderr, when the pack does not start.
 */
export async function startAnalyzer(options: StartAnalyzerOptions): Promise<AnalyzerClient> {
    const ownEngine = options.engine === undefined;
    const engine = options.engine ?? (await startEngineLogServer());
    const packDir = path.resolve(options.packDir);
    let stderrText = "";
    // The watchdog ends the pack when this process goes, even by SIGKILL (stdin is its lifeline).
    const child = spawn(
        process.execPath,
        ["--require", PARENT_WATCHDOG, runPolicyPackScript(packDir), engine.address, packDir],
        {
            cwd: packDir,
            env: { ...process.env, ...options.env },
            stdio: ["pipe", "pipe", "pipe"],
        },
    );
    const onAbort = () => child.kill();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stderr?.on("data", (chunk: Buffer) => {
        // Keep the tail only: a misbehaving pack must not grow the test's memory without bound.
        stderrText = (stderrText + chunk.toString("utf8")).slice(-64_000);
    });
    const stderr = () => stderrText;
    // The pack's server keeps its process alive: never leave it behind when this process ends.
    const killOnExit = () => child.kill();
    process.once("exit", killOnExit);
    let port: number;
    try {
        port = await readPort(child, stderr, options.startTimeoutMs ?? 60_000);
    } catch (e) {
        child.kill();
        process.off("exit", killOnExit);
        options.signal?.removeEventListener("abort", onAbort);
        if (ownEngine) await engine.close();
        throw options.signal?.aborted ? options.signal.reason : e;
    }
    options.signal?.removeEventListener("abort", onAbort);
    // Keep draining stdout so the pack never blocks on a full pipe.
    child.stdout?.resume();
    const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    });

    // The CLI opens with Handshake; packs built on @pulumi/policy answer UNIMPLEMENTED, which it accepts.
    try {
        const handshake = new analyzerproto.AnalyzerHandshakeRequest()
            .setEngineAddress(engine.address)
            .setRootDirectory(packDir)
            .setProgramDirectory(packDir);
        await call<analyzerproto.AnalyzerHandshakeRequest, analyzerproto.AnalyzerHandshakeResponse>(
            client,
            client.handshake,
            handshake,
        );
    } catch (e) {
        if ((e as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) {
            client.close();
            child.kill();
            process.off("exit", killOnExit);
            if (ownEngine) await engine.close();
            throw e;
        }
    }

    let closed = false;
    let info: AnalyzerInfo | undefined;
    const api: AnalyzerClient = {
        pid: child.pid,
        engine,
        stderr,
        async getInfo() {
            const info = await call<emptyproto.Empty, analyzerproto.AnalyzerInfo>(
                client,
                client.getAnalyzerInfo,
                new emptyproto.Empty(),
            );
            const initialConfig: Record<string, PolicyConfigEntry> = {};
            for (const [name, pc] of info.getInitialconfigMap().entries()) {
                initialConfig[name] = {
                    enforcementLevel: LEVELS[pc.getEnforcementlevel()] ?? "advisory",
                    ...((pc.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>),
                };
            }
            return {
                name: info.getName(),
                displayName: info.getDisplayname(),
                version: info.getVersion(),
                supportsConfig: info.getSupportsconfig(),
                policies: info.getPoliciesList().map(toPolicyInfo),
                initialConfig,
            };
        },
        async configure(config) {
            // The pack's own default levels fill in what the file leaves out, as the CLI does.
            info ??= await api.getInfo();
            await call<analyzerproto.ConfigureAnalyzerRequest, emptyproto.Empty>(
                client,
                client.configure,
                configRequest(config, info.policies),
            );
        },
        async configureStack(stack) {
            const request = new analyzerproto.AnalyzerStackConfigureRequest()
                .setStack(stack.stack)
                .setProject(stack.project)
                .setOrganization(stack.organization ?? "organization")
                .setDryRun(stack.dryRun ?? true);
            for (const [k, v] of Object.entries(stack.tags ?? {})) request.getTagsMap().set(k, v);
            await call<analyzerproto.AnalyzerStackConfigureRequest, analyzerproto.AnalyzerStackConfigureResponse>(
                client,
                client.configureStack,
                request,
            );
        },
        async analyze(resource) {
            const response = await call<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(
                client,
                client.analyze,
                analyzeRequest(resource),
            );
            return {
                diagnostics: response.getDiagnosticsList().map(toDiagnostic),
                notApplicable: response
                    .getNotApplicableList()
                    .map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
            };
        },
        async analyzeAll(resources, concurrency = 8) {
            const results: AnalyzeResult[] = new Array(resources.length);
            let next = 0;
            const worker = async () => {
                while (next < resources.length) {
                    const i = next++;
                    results[i] = await api.analyze(resources[i]);
                }
            };
            await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, resources.length)) }, worker));
            return results;
        },
        async analyzeStack(resources) {
            const request = new analyzerproto.AnalyzeStackRequest().setResourcesList(resources.map(stackResource));
            const response = await call<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(
                client,
                client.analyzeStack,
                request,
            );
            return {
                diagnostics: response.getDiagnosticsList().map(toDiagnostic),
                notApplicable: response
                    .getNotApplicableList()
                    .map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
            };
        },
        async remediate(resource) {
            const response = await call<analyzerproto.AnalyzeRequest, analyzerproto.RemediateResponse>(
                client,
                client.remediate,
                analyzeRequest(resource),
            );
            return response.getRemediationsList().map((r) => {
                const props = r.getProperties();
                const diagnostic = r.getDiagnostic();
                return {
                    policyName: r.getPolicyname(),
                    description: r.getDescription(),
                    ...(props ? { properties: props.toJavaScript() as Record<string, unknown> } : {}),
                    ...(diagnostic ? { diagnostic } : {}),
                };
            });
        },
        async close() {
            if (closed) return;
            closed = true;
            client.close();
            if (child.exitCode === null && child.signalCode === null) {
                const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
                child.kill();
                await exited;
            }
            process.off("exit", killOnExit);
            if (ownEngine) await engine.close();
        },
    };
    return api;
}
