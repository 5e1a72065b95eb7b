/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` in its own runtime state, and records what
 * reached the (mock) engine: every registered resource with its inputs, and every log line.
 *
 * setMocks is process-global unless the program runs inside its own async-local store: each program
 * here runs in a fresh store (the same isolation Pulumi's automation API uses for inline programs), so
 * one test's resources, errors or preview flag never leak into the next.
 */
import * as pulumi from "@pulumi/pulumi";
import { type EngineLogEntry, type EngineLogServer, startEngineLogServer } from "../../../../check/engine-log-server";

// Internal runtime modules: the store that makes a program's runtime state its own.
const state: {
    withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
    getStore(): { settings: { options: { engineAddr?: string }; engine?: { close(): void } } };
} = require("@pulumi/pulumi/runtime/state");
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

export interface RegisteredResource {
    readonly type: string;
    readonly name: string;
    /** The inputs as the engine received them (secrets as `{ [SECRET_SIG]: ..., value }` wrappers). */
    readonly inputs: Record<string, unknown>;
    readonly custom: boolean;
}

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
    /** An Engine log service to reuse across many runs (its logs then accumulate); default: a new one. */
    readonly engine?: EngineLogServer;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** True when the engine received this value as a secret. */
export function isSecretValue(value: unknown): boolean {
    return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG] !== undefined;
}

/**
 * Runs `program` and waits for every registration to finish. The program returns the Outputs the
 * test wants resolved (they are awaited; a rejected Output is the run's error).
 */
export async function runProgram<T>(program: () => T | Promise<T>, options: RunOptions = {}): Promise<ProgramRun<T>> {
    const engine = options.engine ?? (await startEngineLogServer());
    const logsBefore = engine.logs.length;
    const resources: RegisteredResource[] = [];
    try {
        return await state.withLocalStorage(async () => {
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
                        };
                        resources.push(resource);
                        const state = (await options.state?.(resource)) ?? args.inputs;
                        return {
                            id: args.custom ? `/subscriptions/0000/mock/${args.type}/${args.name}` : undefined,
                            state,
                        };
                    },
                    call: (args) => args.inputs,
                },
                "project",
                "stack",
                options.preview ?? false,
            );
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
                const value = await program();
                // `promise()` is the Output's own (internal) way to await it: it rejects when the Output does.
                const output = pulumi.output(value as pulumi.Input<T>) as unknown as { promise(): Promise<T> };
                result = await Promise.race([output.promise(), unhandled]);
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
