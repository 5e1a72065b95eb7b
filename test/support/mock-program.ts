/**
 * The tests' one runner for Pulumi programs: runs a program (a function, or an example's module inside
 * the root stack) under `pulumi.runtime.setMocks` in its own runtime state, and records what reached
 * the (mock) engine: every registered resource with its inputs, URN, parent and dependencies, and
 * every log line.
 *
 * setMocks is process-global unless the program runs inside its own async-local store: each program
 * here runs in a fresh store (the same isolation Pulumi's automation API uses for inline programs), so
 * one test's resources, errors or preview flag never leak into the next.
 */
import * as pulumi from "@pulumi/pulumi";
import { type EngineLogEntry, type EngineLogServer, startEngineLogServer } from "../../check/engine/engine-log-server";
import { mockMonitor } from "../../check/engine/program-runtime";
import { isEngineSecret } from "../../provider/engine";

// Internal runtime modules (test-side, docs/architecture.md): the store that makes a program's runtime state its own.
const state: {
    withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
    getStore(): {
        settings: { options: { engineAddr?: string }; engine?: { close(): void } };
        supportsAliasSpecs: boolean;
    };
} = require("@pulumi/pulumi/runtime/state");
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

export interface RegisteredResource {
    readonly type: string;
    readonly name: string;
    /** The inputs as the engine received them (secrets as `{ [SECRET_SIG]: ..., value }` wrappers). */
    readonly inputs: Record<string, unknown>;
    readonly custom: boolean;
    /** As the engine saw the registration (empty when the mock monitor did not answer it). */
    readonly urn: string;
    readonly parent: string;
    /** URNs this resource waits for (dependsOn and the resources its inputs come from). */
    readonly dependencies: readonly string[];
    /** The URNs of its aliases, when the SDK resolves them (see `RunOptions.resolveAliases`); empty otherwise. */
    readonly aliasUrns: readonly string[];
    /** The resource options the engine received with the registration (empty or false when not given). */
    readonly options: RegistrationOptions;
}

/** Resource options as the engine receives them in a registration. */
export interface RegistrationOptions {
    readonly importId: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly ignoreChanges: readonly string[];
    readonly deletedWith: string;
    /** Outputs the engine must store as secrets. */
    readonly additionalSecretOutputs: readonly string[];
    readonly customTimeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
}

const NO_OPTIONS: RegistrationOptions = {
    importId: "",
    protect: false,
    retainOnDelete: false,
    ignoreChanges: [],
    deletedWith: "",
    additionalSecretOutputs: [],
};

export interface ProgramRun<T> {
    readonly resources: readonly RegisteredResource[];
    readonly logs: readonly EngineLogEntry[];
    /** The program's result, resolved (Outputs' values), when it succeeded. */
    readonly result?: T;
    /** The first error the program raised (construction or a rejected Output), if any. */
    readonly error?: unknown;
    ofType(type: string): RegisteredResource[];
}

export interface RunOptions {
    /** Run as `pulumi preview` (unknown values stay unknown). Default: false. */
    readonly preview?: boolean;
    /** The state the mock returns for a resource: default its inputs plus a fake id. */
    readonly state?: (
        resource: RegisteredResource,
    ) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;
    /** The id the mock returns for a custom resource; default a fake ARM id. */
    readonly id?: (resource: RegisteredResource) => string;
    /** Project and stack names (config keys are namespaced by the project). Default: project, stack. */
    readonly project?: string;
    readonly stack?: string;
    /** Config values by key within the project namespace, or fully qualified (`ns:key`). */
    readonly config?: Record<string, string>;
    /**
     * Run the program as a program's main module: inside the root stack, its result being the stack's
     * outputs (resolved deeply). Default: a plain function, its result resolved as one Output.
     */
    readonly rootStack?: boolean;
    /** An Engine log service to reuse across many runs (its logs then accumulate); default: a new one. */
    readonly engine?: EngineLogServer;
    /** The mock's answer to an invoke (a data source such as getVirtualMachine); default: its arguments. */
    readonly call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;
    /**
     * Have the SDK resolve aliases to URNs itself (as it does for an engine without structured aliases),
     * so `aliasUrns` shows which URNs of the state a registration takes over. Default: false.
     */
    readonly resolveAliases?: boolean;
}

/** True when the engine received this value as a secret. */
export function isSecretValue(value: unknown): boolean {
    return isEngineSecret(value);
}

/**
 * Runs `program` and waits for every registration to finish. The program returns the Outputs the
 * test wants resolved (they are awaited; a rejected Output is the run's error).
 */
export async function runProgram<T>(program: () => T | Promise<T>, options: RunOptions = {}): Promise<ProgramRun<T>> {
    const engine = options.engine ?? (await startEngineLogServer());
    const logsBefore = engine.logs.length;
    const resources: RegisteredResource[] = [];
    const project = options.project ?? "project";
    try {
        return await state.withLocalStorage(async () => {
            const config: Record<string, string> = {};
            for (const [key, value] of Object.entries(options.config ?? {})) {
                config[key.includes(":") ? key : `${project}:${key}`] = value;
            }
            pulumi.runtime.setAllConfig(config, []);
            // warn/error logs go to a real Engine service, as in `pulumi up`, so tests read them with their URNs.
            state.getStore().settings.options.engineAddr = engine.address;
            await pulumi.runtime.setMocks(
                {
                    async newResource(args) {
                        const resource: RegisteredResource = {
                            type: args.type,
                            name: args.name,
                            inputs: args.inputs,
                            custom: args.custom ?? false,
                            urn: "",
                            parent: "",
                            dependencies: [],
                            aliasUrns: [],
                            options: NO_OPTIONS,
                        };
                        resources.push(resource);
                        const state = (await options.state?.(resource)) ?? args.inputs;
                        const id = options.id?.(resource) ?? `/subscriptions/0000/mock/${args.type}/${args.name}`;
                        return { id: args.custom ? id : undefined, state };
                    },
                    call: (args) => options.call?.(args) ?? args.inputs,
                },
                project,
                options.stack ?? "stack",
                options.preview ?? false,
            );
            if (options.resolveAliases) {
                // setMocks recorded the monitor's features in the store; a stack that starts asks the monitor again.
                state.getStore().supportsAliasSpecs = false;
                withoutAliasSpecs();
            }
            captureRegistrations(resources);
            let result: T | undefined;
            let error: unknown;
            // A real program ends on its first unhandled rejection (a resource whose inputs failed): so does this.
            let onUnhandled: (reason: unknown) => void = () => undefined;
            const unhandled = new Promise<never>((_, reject) => {
                onUnhandled = reject;
            });
            unhandled.catch(() => undefined);
            process.on("unhandledRejection", onUnhandled);
            try {
                if (options.rootStack) {
                    const outputs = await pulumi.runtime.runInPulumiStack(async () => program());
                    result = (await Promise.race([resolveDeep(outputs), unhandled])) as T;
                } else {
                    const value = await program();
                    // `promise()` is the Output's own (internal) way to await it: it rejects when the Output does.
                    const output = pulumi.output(value as pulumi.Input<T>) as unknown as { promise(): Promise<T> };
                    result = await Promise.race([output.promise(), unhandled]);
                }
            } catch (e) {
                error = e;
            } finally {
                process.off("unhandledRejection", onUnhandled);
            }
            if (error === undefined) {
                await settings.waitForRPCs();
            } else {
                // A registration whose inputs rejected never reports done (a real program exits on the
                // error): give the others a moment, then stop waiting.
                await Promise.race([settings.waitForRPCs(), new Promise((resolve) => setTimeout(resolve, 300))]);
            }
            // The runtime's client to the engine would keep the log server (and mocha) alive.
            state.getStore().settings.engine?.close();
            return {
                resources,
                logs: engine.logs.slice(logsBefore),
                ...(error === undefined ? { result } : { error }),
                ofType: (type: string) => resources.filter((r) => r.type === type),
            };
        });
    } finally {
        if (!options.engine) await engine.close();
    }
}

/**
 * Makes the mock engine answer that it lacks structured aliases: the SDK then resolves each alias to
 * the URN it stands for (its resolution for such engines) and sends the URNs, what a real engine
 * matches against the stack's state. (The runtime asks the monitor again when a stack starts, so the
 * answer is changed at the monitor, not in the runtime's store.)
 */
function withoutAliasSpecs(): void {
    const monitor = mockMonitor(pulumi) as unknown as {
        supportsFeature(req: { getId(): string }, cb: (err: unknown, res: { getHassupport(): boolean }) => void): void;
    };
    const supports = monitor.supportsFeature.bind(monitor);
    monitor.supportsFeature = (req, cb) =>
        req.getId() === "aliasSpecs" ? cb(null, { getHassupport: () => false }) : supports(req, cb);
}

/**
 * The mocks do not see URNs or dependencies; the monitor's requests carry them: each registration's
 * answer is recorded on its resource (matched by type and name, as the mocks saw it).
 */
function captureRegistrations(resources: RegisteredResource[]): void {
    const monitor = mockMonitor(pulumi);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, res) => {
            const urn = (res as { getUrn?(): string } | undefined)?.getUrn?.();
            const resource = resources.find((r) => r.type === req.getType() && r.name === req.getName() && !r.urn);
            if (!err && urn && resource) {
                // The SDK's RegisterResourceRequest (proto/resource_pb): the options the check does not read.
                const request = req as typeof req & {
                    getImportid(): string;
                    getRetainondelete(): boolean | undefined;
                    getDeletedwith(): string;
                };
                const timeouts = request.getCustomtimeouts();
                const options: RegistrationOptions = {
                    importId: request.getImportid(),
                    protect: request.getProtect() ?? false,
                    retainOnDelete: request.getRetainondelete() ?? false,
                    ignoreChanges: request.getIgnorechangesList(),
                    deletedWith: request.getDeletedwith(),
                    additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
                    ...(timeouts
                        ? {
                              customTimeouts: {
                                  create: timeouts.getCreate() || undefined,
                                  update: timeouts.getUpdate() || undefined,
                                  delete: timeouts.getDelete() || undefined,
                              },
                          }
                        : {}),
                };
                Object.assign(resource, {
                    urn,
                    parent: req.getParent(),
                    dependencies: req.getDependenciesList(),
                    aliasUrns: req.getAliasurnsList(),
                    options,
                });
            }
            callback(err, res);
        });
}

/** The one registration of a resource by type and name; fails the test when there is none or several. */
export function registrationOf(run: { readonly resources: readonly RegisteredResource[] }, type: string, name: string) {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`${found.length} registrations of ${type} ${name}`);
    return found[0];
}

/** Whether the engine would find `oldUrn` of the stack's state for this registration: its own URN, or an alias's. */
export function addressesUrn(registration: RegisteredResource, oldUrn: string): boolean {
    return registration.urn === oldUrn || registration.aliasUrns.includes(oldUrn);
}

/** A stack's outputs with every Output inside resolved (resources are left as they are). */
async function resolveDeep(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        return resolveDeep(await new Promise((resolve) => (value as pulumi.Output<unknown>).apply(resolve)));
    }
    if (Array.isArray(value)) return Promise.all(value.map(resolveDeep));
    if (value && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = await resolveDeep(v);
        return out;
    }
    return value;
}

function unwrapSecret(value: unknown): unknown {
    return isSecretValue(value) ? (value as Record<string, unknown>).value : value;
}

/**
 * The deep value at a dotted path of an object (undefined when absent). Secret wrappers on the way are
 * looked through: the mock engine marks the nearest object holding a secret as secret.
 */
export function at(value: unknown, path: string): unknown {
    return unwrapSecret(
        path.split(".").reduce<unknown>((v, key) => {
            const holder = unwrapSecret(v);
            return holder !== null && typeof holder === "object" ? (holder as Record<string, unknown>)[key] : undefined;
        }, value),
    );
}

/** True when the value at the path, or an object holding it, reached the engine as a secret. */
export function isSecretAt(value: unknown, path: string): boolean {
    const keys = path.split(".");
    let current: unknown = value;
    for (const key of keys) {
        if (isSecretValue(current)) return true;
        current =
            current !== null && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined;
    }
    return isSecretValue(current);
}
