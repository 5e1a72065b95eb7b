/**
 * Runs a compiled example (dist/examples/<name>/index.js) under Pulumi's mocks, in this process, the way
 * a user's unit test would: config set, the program run inside a root stack, every registration
 * recorded with its inputs, and the stack outputs returned. Mock outputs can be given per resource type
 * (for example the counts an assessment would return).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

export interface Registration {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly parent: string;
    /** URNs this resource waits for (dependsOn and the resources its inputs come from). */
    readonly dependencies: readonly string[];
    /** The URNs of its aliases, resolved by the SDK (see `resolveAliases`); empty otherwise. */
    readonly aliasUrns: readonly string[];
    /** Inputs as the program gave them (secrets unwrapped, as MockResourceArgs delivers them). */
    readonly inputs: Record<string, unknown>;
    readonly custom: boolean;
}

export interface ExampleRun {
    readonly registrations: readonly Registration[];
    readonly outputs: Record<string, unknown>;
    ofType(type: string): Registration[];
    named(name: string): Registration;
}

export interface RunExampleOptions {
    /** The project name in the example's Pulumi.yaml (config keys are namespaced by it). */
    readonly project: string;
    /** Config values by key within the project namespace, or fully qualified (`ns:key`). */
    readonly config?: Record<string, string>;
    /** Extra outputs per resource type, merged over the echoed inputs. */
    readonly outputsByType?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
    readonly preview?: boolean;
    /**
     * Have the SDK resolve aliases to URNs (as it does for an engine without structured aliases), so
     * `aliasUrns` shows which URNs of the state a registration takes over. Default: false.
     */
    readonly resolveAliases?: boolean;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** The compiled example's entry module. */
export function exampleEntry(name: string): string {
    return path.join(REPO_ROOT, "dist", "examples", name, "index.js");
}

/** Pulumi's JSON-serialized secrets and unknowns are resolved by the mocks; outputs may still hold Outputs. */
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

interface WireRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getAliasurnsList(): string[];
}

export async function runExample(name: string, options: RunExampleOptions): Promise<ExampleRun> {
    const mocked: { type: string; name: string; inputs: Record<string, unknown>; custom: boolean }[] = [];
    const wire = new Map<string, { urn: string; parent: string; dependencies: string[]; aliasUrns: string[] }>();
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.config ?? {})) {
        config[key.includes(":") ? key : `${options.project}:${key}`] = value;
    }
    pulumi.runtime.setAllConfig(config, []);
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                mocked.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    custom: args.custom ?? true,
                });
                const extra = options.outputsByType?.[args.type]?.(args.inputs) ?? {};
                return { id: `${args.name}-id`, state: { name: args.name, ...args.inputs, ...extra } };
            },
            call: (args) => args.inputs,
        },
        options.project,
        "dev",
        options.preview ?? false,
    );
    // The mocks do not see URNs or dependencies; the monitor's requests carry them.
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: WireRequest, cb: (err: unknown, res: { getUrn(): string }) => void): Promise<void>;
        supportsFeature(req: { getId(): string }, cb: (err: unknown, res: { getHassupport(): boolean }) => void): void;
    };
    if (options.resolveAliases) {
        // An engine without structured aliases: the SDK sends every alias as the URN it resolves to.
        const supports = monitor.supportsFeature.bind(monitor);
        monitor.supportsFeature = (req, cb) =>
            req.getId() === "aliasSpecs" ? cb(null, { getHassupport: () => false }) : supports(req, cb);
    }
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) =>
        register(req, (err, res) => {
            if (!err && res) {
                wire.set(`${req.getType()}::${req.getName()}`, {
                    urn: res.getUrn(),
                    parent: req.getParent(),
                    dependencies: req.getDependenciesList(),
                    aliasUrns: req.getAliasurnsList(),
                });
            }
            cb(err, res);
        });
    const entry = exampleEntry(name);
    delete require.cache[require.resolve(entry)];
    const outputs = await pulumi.runtime.runInPulumiStack(async () => require(entry));
    await pulumi.runtime.disconnect();
    const resolved = ((await resolveDeep(outputs)) ?? {}) as Record<string, unknown>;
    const registrations: Registration[] = mocked.map((m) => {
        const w = wire.get(`${m.type}::${m.name}`);
        return {
            ...m,
            urn: w?.urn ?? "",
            parent: w?.parent ?? "",
            dependencies: w?.dependencies ?? [],
            aliasUrns: w?.aliasUrns ?? [],
        };
    });
    return {
        registrations,
        outputs: resolved,
        ofType: (type) => registrations.filter((r) => r.type === type),
        named: (n) => {
            const found = registrations.filter((r) => r.name === n);
            if (found.length !== 1) throw new Error(`expected one resource named ${n}, found ${found.length}`);
            return found[0];
        },
    };
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Whether a mock input is Pulumi's secret envelope (the mocks wrap the object that holds a secret). */
export function isSecretEnvelope(value: unknown): value is { value: unknown } {
    return (
        typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
    );
}

/**
 * Reads a nested property by dotted path (`osProfile.windowsConfiguration.patchSettings.patchMode`),
 * looking through secret envelopes on the way.
 */
export function prop(inputs: unknown, dotted: string): unknown {
    const open = (v: unknown) => (isSecretEnvelope(v) ? v.value : v);
    let current: unknown = open(inputs);
    for (const key of dotted.split(".")) {
        if (current === null || typeof current !== "object") return undefined;
        current = open((current as Record<string, unknown>)[key]);
    }
    return current;
}
