/**
 * The process the offline check runs a user's Pulumi program in (started by run-program.ts with an IPC
 * channel). It sets Pulumi's mocks on the program's own @pulumi/pulumi, runs the program inside a root
 * stack as the Pulumi CLI does, records every resource registration in the engine's wire form, and sends
 * the list back. A separate process keeps the program's console output, globals and `process.exit` away
 * from the check's own output (`--json` stays clean: the program's stdout goes to stderr).
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as PulumiModule from "@pulumi/pulumi";
import type { CollectedResource, HostMessage, HostRequest } from "./collected-resource";
import { registerTypeScript } from "./typescript-loader";

type Pulumi = typeof PulumiModule;
type Callback = (err: unknown, response: unknown) => void;

/** The subset of a RegisterResourceRequest the capture reads (protobuf getters). */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
    getProvider(): string;
    getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getAliasurnsList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}

/** Registrations between progress messages (a count, so large programs report the same way every run). */
export const PROGRESS_EVERY = 200;

function send(message: HostMessage): Promise<void> {
    return new Promise((resolve) => {
        if (!process.send) return resolve();
        process.send(message, undefined, {}, () => resolve());
    });
}

/** Pulumi's custom timeouts are duration strings ("5m"); the analyzer protocol wants seconds. */
function seconds(duration: string): number {
    const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)?$/.exec(duration.trim());
    if (!match) return 0;
    const factor: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    return Number(match[1]) * factor[match[2] ?? "s"];
}

function toCollected(req: RegisterRequest, urn: string): CollectedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
        propertyDependencies[key] = value.getUrnsList();
    });
    const timeouts = req.getCustomtimeouts();
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        properties: req.getObject()?.toJavaScript() ?? {},
        parent: req.getParent(),
        provider: req.getProvider(),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        options: {
            protect: req.getProtect() ?? false,
            ignoreChanges: req.getIgnorechangesList(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            aliases: req.getAliasurnsList(),
            ...(timeouts
                ? {
                      customTimeouts: {
                          create: seconds(timeouts.getCreate()),
                          update: seconds(timeouts.getUpdate()),
                          delete: seconds(timeouts.getDelete()),
                      },
                  }
                : {}),
        },
    };
}

/**
 * Mock outputs: the inputs echoed back, plus the `name` most providers return. A stack reference has
 * no outputs (`getOutput` gives undefined): without the `outputs` map, reading one would throw inside
 * Pulumi's serialization and silently drop the resource that uses it.
 */
function mockState(args: PulumiModule.runtime.MockResourceArgs): Record<string, unknown> {
    if (args.type === "pulumi:pulumi:StackReference") return { name: args.inputs.name ?? args.name, outputs: {} };
    return { name: args.name, ...args.inputs };
}

/** How long to wait for a program's outstanding Pulumi promises after it returned (ms). */
const SETTLE_LIMIT_MS = 10_000;

/**
 * Waits until the Pulumi runtime has no promise in flight: disconnect() drains registrations already
 * sent, but an input still being computed (an apply, a stack-reference read) is not sent yet, and its
 * failure would otherwise arrive after the report. Uses Pulumi's own leak tracking (the set its CLI
 * host checks at exit); bounded, since a promise that never settles is a leak Pulumi reports itself.
 */
async function settle(pulumi: Pulumi, projectDir: string): Promise<void> {
    let store: { leakCandidates?: Set<unknown> } | undefined;
    try {
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
        store = (require(path.join(pulumiDir, "runtime", "state")) as { getStore(): typeof store }).getStore();
    } catch {
        store = undefined; // an older layout: fall back to one turn of the event loop
    }
    const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    do {
        if (waitForRPCs) await waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
        if (!store?.leakCandidates || store.leakCandidates.size === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
    } while (Date.now() < deadline);
}

/** The @pulumi/pulumi the program itself loads, so the mocks are set where its resources register. */
function loadPulumi(projectDir: string): Pulumi {
    let resolved: string;
    try {
        resolved = require.resolve("@pulumi/pulumi", { paths: [projectDir] });
    } catch {
        throw new Error(`${projectDir} has no @pulumi/pulumi installed; run npm install in the project first.`);
    }
    return require(resolved) as Pulumi;
}

async function loadProgram(request: HostRequest): Promise<unknown> {
    if (request.esm) {
        let exported = (await import(pathToFileURL(request.entry).href)) as Record<string, unknown>;
        if (Object.getOwnPropertyDescriptor(exported, "default") !== undefined) {
            if (Object.keys(exported).length !== 1) {
                throw new Error("expected the entry module to have either a default export or named exports, not both");
            }
            exported = exported.default as Record<string, unknown>;
        }
        return exported;
    }
    return require(request.entry);
}

/**
 * Runs the program under mocks and returns what it registered, in registration order. `resources` is
 * filled as registrations complete, so a caller still sees how far a failed program got.
 */
export async function hostProgram(
    request: HostRequest,
    resources: CollectedResource[] = [],
): Promise<readonly CollectedResource[]> {
    process.chdir(request.projectDir);
    const pulumi = loadPulumi(request.projectDir);
    pulumi.runtime.setAllConfig({ ...request.config }, [...request.secretKeys]);
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: args.id || `${args.name}-id`, state: mockState(args) }),
            call: (args) => ({ ...args.inputs }),
        },
        request.projectName,
        request.stackName,
        request.preview,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
    };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        original(req, (err, response) => {
            if (!err && response) {
                resources.push(toCollected(req, (response as { getUrn(): string }).getUrn()));
                if (resources.length % PROGRESS_EVERY === 0)
                    void send({ kind: "progress", registered: resources.length });
            }
            callback(err, response);
        });

    // A resource whose inputs fail to serialize, or an apply that throws, surfaces only as an unhandled
    // rejection or a logged error: either fails the run, as the Pulumi CLI fails the update. Missing it
    // would report a clean check on a program that never registered that resource.
    let asyncError: unknown;
    const onRejection = (error: unknown) => {
        asyncError ??= error;
    };
    process.on("unhandledRejection", onRejection);
    try {
        if (request.typescript) registerTypeScript(request.projectDir);
        await pulumi.runtime.runInPulumiStack(async () => {
            const exported = await loadProgram(request);
            return exported instanceof Function ? exported() : exported;
        });
        // Resources registered on later turns of the event loop (inside apply) finish here.
        await settle(pulumi, request.projectDir);
        await pulumi.runtime.disconnect();
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (asyncError !== undefined) throw asyncError;
    if (pulumi.log.hasErrors()) throw new Error("the program logged errors (above); Pulumi would fail this update.");
    return resources;
}

/** `type "name": ` of the resource a ResourceError is attached to, as the Pulumi CLI prefixes it. */
function resourceOf(error: Error): string {
    // Pulumi's internal fields: the resource's URN is an Output, not readable synchronously here.
    const resource = (error as { resource?: { __pulumiType?: unknown; __name?: unknown } }).resource;
    return typeof resource?.__pulumiType === "string" && typeof resource.__name === "string"
        ? `${resource.__pulumiType} "${resource.__name}": `
        : "";
}

function describe(error: unknown): string {
    if (error instanceof Error) {
        const stack = error.stack ?? "";
        // Pulumi's ResourceError and RunError (and subclasses, such as a component's argument error) are
        // written for users; other errors keep their first frames. Pulumi marks them with these flags
        // (its own isInstance checks), which survive a second copy of @pulumi/pulumi.
        const flags = error as unknown as Record<string, unknown>;
        const userFacing = [
            "__pulumiRunError",
            "__pulumResourceError",
            "__pulumiInputPropertyError",
            "__pulumiInputPropertiesError",
        ].some((flag) => flags[flag] === true);
        if (userFacing || !stack) return `${resourceOf(error)}${error.message}`;
        const frames = stack
            .split("\n")
            .filter(
                (l) =>
                    l.trim().startsWith("at ") &&
                    !l.includes("node_modules") &&
                    !l.includes("node:internal") &&
                    !l.includes(__dirname),
            )
            .slice(0, 5);
        return [error.message, ...frames].join("\n");
    }
    return String(error);
}

if (require.main === module) {
    const resources: CollectedResource[] = [];
    let failed = false;
    const fail = async (error: unknown) => {
        if (failed) return;
        failed = true;
        await send({ kind: "failed", message: describe(error), registered: resources.length });
        process.exit(1);
    };
    process.on("uncaughtException", (e) => void fail(e));
    process.on("unhandledRejection", (e) => void fail(e));
    process.once("message", (request: HostRequest) => {
        hostProgram(request, resources)
            .then(async () => {
                await send({ kind: "done", resources });
                // The program may leave timers or sockets open; its work is done.
                process.exit(0);
            })
            .catch(fail);
    });
}

/** This file's compiled path, for the check to start it. */
export const PROGRAM_HOST_SCRIPT = path.join(__dirname, "program-host.js");
