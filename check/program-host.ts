/**
 * The process the offline check runs a user's Pulumi program in (started by run-program.ts with an IPC
 * channel). It sets Pulumi's mocks on the program's own @pulumi/pulumi, runs the program inside a root
 * stack as the Pulumi CLI does, records every resource registration in the engine's wire form, and sends
 * the list back, with every component that refused its arguments. A separate process keeps the
 * program's console output, globals and `process.exit` away from the check's own output (`--json`
 * stays clean: the program's stdout goes to stderr).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as PulumiModule from "@pulumi/pulumi";
import { type ComponentRefusal, REFUSAL_COLLECTOR } from "../components/refusal-collector";
import type {
    CollectedRefusal,
    CollectedResource,
    HostMessage,
    HostRequest,
    SourceLocation,
} from "./collected-resource";
import {
    dropDebugLogs,
    dropPromiseStacks,
    isUserFacingError,
    loadPulumi,
    mockMonitor,
    type Pulumi,
    promisesInFlight,
    type RegisterRequest,
    readTopLevelFrames,
    resourceLabelOf,
    type SourcePositionMessage,
    skipAliases,
    urnOf,
    waitForRPCs,
} from "./engine/program-runtime";
import { UsageError } from "./errors";
import { type StackFrame, userSourceLocation } from "./source-location";
import { registerTypeScript } from "./typescript-loader";

/** Registrations between progress messages (a count, so large programs report the same way every run). */
export const PROGRESS_EVERY = 200;

function send(message: HostMessage): Promise<void> {
    return new Promise((resolve) => {
        if (!process.send || !process.connected) return resolve();
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

/**
 * Whether a JavaScript entry was compiled with a source map (`//# sourceMappingURL=` at its end). Only
 * then does the host have Node map stack frames: mapping costs on every stack the SDK formats.
 */
function hasSourceMap(entry: string): boolean {
    try {
        const size = fs.statSync(entry).size;
        const tail = Buffer.alloc(Math.min(size, 4096));
        const fd = fs.openSync(entry, "r");
        try {
            fs.readSync(fd, tail, 0, tail.length, size - tail.length);
        } finally {
            fs.closeSync(fd);
        }
        return tail.toString("utf8").includes("sourceMappingURL=");
    } catch {
        return false;
    }
}

/** The frames of a registration's stack, read one by one (the search stops at the user's first). */
function* framesOf(req: RegisterRequest): Generator<StackFrame | undefined> {
    const position = (p: SourcePositionMessage | undefined) =>
        p && { uri: p.getUri(), line: p.getLine(), column: p.getColumn() };
    const frames = req.getStacktrace?.()?.getFramesList();
    // SDKs without stack traces send one position (the frame below the resource's constructors).
    if (!frames) yield position(req.getSourceposition?.());
    else for (const frame of frames) yield position(frame.getPc());
}

/** Where the user's code created the resource: the first frame of its registration stack that is theirs. */
function sourceOf(req: RegisterRequest, projectDir: string): SourceLocation | undefined {
    return userSourceLocation(framesOf(req), projectDir);
}

function toCollected(req: RegisterRequest, urn: string, projectDir: string): CollectedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
        propertyDependencies[key] = value.getUrnsList();
    });
    const timeouts = req.getCustomtimeouts();
    const source = sourceOf(req, projectDir);
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
        ...(source ? { source } : {}),
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
 * After a component refused its arguments, what was built on them never finishes registering (the
 * SDK expects the process to die of the error): once nothing has moved for this long (ms), the rest
 * is that.
 */
const STUCK_AFTER_MS = 300;

/**
 * Resolves once work has stopped moving after a refusal: some promises are in flight, none finished
 * for {@link STUCK_AFTER_MS}. Never resolves while no component has refused.
 */
function stuckAfterRefusal(inFlight: (() => number) | undefined, refused: () => boolean): Promise<void> {
    return new Promise((resolve) => {
        let last = -1;
        let unchangedSince = Date.now();
        const timer = setInterval(() => {
            const count = inFlight ? inFlight() : 0;
            if (count !== last) {
                last = count;
                unchangedSince = Date.now();
            } else if (refused() && Date.now() - unchangedSince >= STUCK_AFTER_MS) {
                clearInterval(timer);
                resolve();
            }
        }, 20);
        timer.unref();
    });
}

/**
 * Waits until the Pulumi runtime has no promise in flight: disconnect() drains registrations already
 * sent, but an input still being computed (an apply, a stack-reference read) is not sent yet, and its
 * failure would otherwise arrive after the report. Bounded, since a promise that never settles is a
 * leak Pulumi reports itself. Returns whether everything finished (false: some work is stuck).
 */
async function settle(pulumi: Pulumi, inFlight: (() => number) | undefined, refused: () => boolean): Promise<boolean> {
    const drain = waitForRPCs(pulumi);
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    const stuck = stuckAfterRefusal(inFlight, refused).then(() => "stuck" as const);
    do {
        if (drain && !refused()) await drain();
        await new Promise((resolve) => setImmediate(resolve));
        if (!inFlight || inFlight() === 0) return true;
        if ((await Promise.race([stuck, new Promise((resolve) => setTimeout(resolve, 10))])) === "stuck") return false;
    } while (Date.now() < deadline);
    return false;
}

/** import() that stays import() in this CommonJS build (tsc would turn it into require). */
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

async function loadProgram(request: HostRequest): Promise<unknown> {
    if (request.esm) {
        let exported = (await importModule(pathToFileURL(request.entry).href)) as Record<string, unknown>;
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

/** Refusals as components report them, and the errors that carry them (to tell them from failures). */
class RefusalLog {
    readonly errors = new WeakSet<object>();
    private readonly pending: Promise<CollectedRefusal>[] = [];

    get count(): number {
        return this.pending.length;
    }

    readonly collect = (refusal: ComponentRefusal): void => {
        this.errors.add(refusal.error);
        const resource = refusal.resource as unknown as { __pulumiType?: string; __name?: string };
        this.pending.push(
            urnOf(refusal.resource).then((urn) => ({
                urn,
                type: resource.__pulumiType ?? "",
                name: resource.__name ?? "",
                message: refusal.message,
                findings: refusal.findings.map((f) => ({ ruleId: f.ruleId, path: f.path, message: f.message })),
            })),
        );
    };

    /** Whether an error is (or was caused by) a refusal already collected. */
    explains(error: unknown): boolean {
        let current: unknown = error;
        for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
            if (this.errors.has(current)) return true;
            current = (current as { cause?: unknown }).cause;
        }
        return false;
    }

    all(): Promise<CollectedRefusal[]> {
        return Promise.all(this.pending);
    }
}

/** This process's refusals: its handlers of last resort consult them too. */
const refusalLog = new RefusalLog();

export interface HostedProgram {
    readonly resources: readonly CollectedResource[];
    readonly refusals: readonly CollectedRefusal[];
}

/**
 * Runs the program under mocks and returns what it registered, in registration order. `resources` is
 * filled as registrations complete, so a caller still sees how far a failed program got.
 */
export async function hostProgram(request: HostRequest, resources: CollectedResource[] = []): Promise<HostedProgram> {
    process.chdir(request.projectDir);
    const pulumi = loadPulumi(request.projectDir);
    const inFlight = dropPromiseStacks(request.projectDir) ?? promisesInFlight(request.projectDir);
    readTopLevelFrames(pulumi);
    dropDebugLogs(pulumi);
    // A compiled main's stacks name its sources' lines through its maps (TypeScript enables them itself).
    if (!request.typescript && hasSourceMap(request.entry)) process.setSourceMapsEnabled(true);
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
    const monitor = mockMonitor(pulumi);
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        original(req, (err, response) => {
            if (!err && response) {
                resources.push(toCollected(req, (response as { getUrn(): string }).getUrn(), request.projectDir));
                if (resources.length % PROGRESS_EVERY === 0)
                    void send({ kind: "progress", registered: resources.length });
            }
            callback(err, response);
        });

    const refusals = refusalLog;
    (globalThis as Record<symbol, unknown>)[REFUSAL_COLLECTOR] = refusals.collect;

    // A resource whose inputs fail to serialize, or an apply that throws, surfaces only as an unhandled
    // rejection or a logged error: either fails the run, as the Pulumi CLI fails the update. Missing it
    // would report a clean check on a program that never registered that resource. A component's
    // refusal, collected above, is not a failure: what was built on it fails with the same error.
    let asyncError: unknown;
    const onRejection = (error: unknown) => {
        if (!refusals.explains(error)) asyncError ??= error;
    };
    process.on("unhandledRejection", onRejection);
    try {
        if (request.typescript) registerTypeScript(request.projectDir);
        const refused = () => refusals.count > 0;
        // A stack output read from a refused component never resolves: the program is done when the
        // rest is (see stuckAfterRefusal).
        await Promise.race([
            pulumi.runtime.runInPulumiStack(async () => {
                skipAliases(pulumi);
                const exported = await loadProgram(request);
                return exported instanceof Function ? exported() : exported;
            }),
            stuckAfterRefusal(inFlight, refused),
        ]);
        // Resources registered on later turns of the event loop (inside apply) finish here.
        const finished = await settle(pulumi, inFlight, refused);
        // Registrations stuck behind a refusal would keep disconnect() waiting forever.
        if (finished || !refused()) await pulumi.runtime.disconnect();
    } catch (error) {
        if (!refusals.explains(error)) throw error;
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (asyncError !== undefined) throw asyncError;
    if (pulumi.log.hasErrors()) throw new Error("the program logged errors (above); Pulumi would fail this update.");
    return { resources, refusals: await refusals.all() };
}

function describe(error: unknown): string {
    if (error instanceof Error) {
        const stack = error.stack ?? "";
        // Pulumi's ResourceError and RunError (and subclasses, such as a component's argument error) are
        // written for users; other errors keep their first frames.
        if (isUserFacingError(error) || error instanceof UsageError || !stack)
            return `${resourceLabelOf(error)}${error.message}`;
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

/**
 * Ends the host once what the program wrote has left: stdout and stderr are pipes in CI, and Node
 * writes to a full pipe later, so exiting at once would cut the program's output. A write's callback
 * may write more (a program that starts stderr once stdout has drained), so the host leaves only after
 * a turn that finds both streams empty.
 */
async function exitAfterOutput(code: number): Promise<never> {
    const pending = () => [process.stdout, process.stderr].filter((stream) => stream.writableLength > 0);
    for (let left = pending(); left.length > 0; left = pending()) {
        await Promise.all(left.map((stream) => new Promise<void>((resolve) => stream.write("", () => resolve()))));
        await new Promise<void>((resolve) => setImmediate(resolve));
    }
    process.exit(code);
}

if (require.main === module) {
    const resources: CollectedResource[] = [];
    let failed = false;
    const fail = async (error: unknown) => {
        if (failed) return;
        failed = true;
        const usage = error instanceof UsageError;
        await send({ kind: "failed", message: describe(error), registered: resources.length, usage });
        await exitAfterOutput(1);
    };
    process.on("uncaughtException", (e) => void fail(e));
    process.on("unhandledRejection", (e) => {
        if (!refusalLog.explains(e)) void fail(e);
    });
    // The check ended (killed, crashed): nothing is waiting for this program any more.
    process.on("disconnect", () => process.exit(1));
    process.once("message", (request: HostRequest) => {
        hostProgram(request, resources)
            .then(async (hosted) => {
                await send({ kind: "done", resources: hosted.resources, refusals: hosted.refusals });
                // The program may leave timers or sockets open; its work is done.
                await exitAfterOutput(0);
            })
            .catch(fail);
    });
}

/** This file's compiled path, for the check to start it. */
export const PROGRAM_HOST_SCRIPT = path.join(__dirname, "program-host.js");
