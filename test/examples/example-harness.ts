/**
 * Runs a compiled example (dist/examples/<name>/index.js) under Pulumi's mocks, in this process, the way
 * a user's unit test would: config set, the program run inside a root stack, every registration
 * recorded with its inputs, and the stack outputs returned. Mock outputs can be given per resource type
 * (for example the counts an assessment would return). The runner is the tests' one
 * (test/support/mock-program.ts).
 */
import * as path from "node:path";
import { isEngineSecret } from "../../provider/engine";
import { type RegisteredResource, runProgram } from "../support/mock-program";

/** One registration as the engine saw it (inputs with secrets as the mocks deliver them). */
export type Registration = RegisteredResource;

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

/** Runs the example through the tests' one mock-program runner, as its stack's main module. */
export async function runExample(name: string, options: RunExampleOptions): Promise<ExampleRun> {
    const entry = exampleEntry(name);
    const run = await runProgram(
        () => {
            delete require.cache[require.resolve(entry)];
            return require(entry) as Record<string, unknown>;
        },
        {
            project: options.project,
            stack: "dev",
            config: options.config,
            preview: options.preview,
            resolveAliases: options.resolveAliases,
            rootStack: true,
            id: (r) => `${r.name}-id`,
            state: (r) => ({ name: r.name, ...r.inputs, ...(options.outputsByType?.[r.type]?.(r.inputs) ?? {}) }),
        },
    );
    if (run.error !== undefined) throw run.error;
    const registrations = run.resources;
    return {
        registrations,
        outputs: (run.result ?? {}) as Record<string, unknown>,
        ofType: (type) => registrations.filter((r) => r.type === type),
        named: (n) => {
            const found = registrations.filter((r) => r.name === n);
            if (found.length !== 1) throw new Error(`expected one resource named ${n}, found ${found.length}`);
            return found[0];
        },
    };
}

/** Whether a mock input is Pulumi's secret envelope (the mocks wrap the object that holds a secret). */
export function isSecretEnvelope(value: unknown): value is { value: unknown } {
    return isEngineSecret(value);
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
