/**
 * The one place the program host reaches into @pulumi/pulumi beyond its public API: the program's own
 * copy of the SDK (so mocks are set where its resources register), its store of promises in flight,
 * the RegisterResource request the mock monitor receives, and the promise bookkeeping the host makes
 * cheaper. Each internal is looked up defensively: an SDK that moved one loses the speed-up or the
 * extra wait, never the run.
 */
import * as path from "node:path";
import type * as PulumiModule from "@pulumi/pulumi";

export type Pulumi = typeof PulumiModule;

/** The subset of a RegisterResourceRequest the capture reads (protobuf getters). */
export interface RegisterRequest {
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
    /** Where the program created the resource (SDKs from 3.13x on). */
    getSourceposition?(): SourcePositionMessage | undefined;
    /** The stack at registration, innermost first (SDKs from 3.13x on). */
    getStacktrace?(): { getFramesList(): { getPc(): SourcePositionMessage | undefined }[] } | undefined;
}

export interface SourcePositionMessage {
    getUri(): string;
    getLine(): number;
    getColumn(): number;
}

export type RegisterCallback = (err: unknown, response: unknown) => void;

export interface MockMonitor {
    registerResource(req: RegisterRequest, callback: RegisterCallback): Promise<void>;
}

function pulumiDir(projectDir: string): string {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
}

/** The @pulumi/pulumi the program itself loads. */
export function loadPulumi(projectDir: string): Pulumi {
    let resolved: string;
    try {
        resolved = require.resolve("@pulumi/pulumi", { paths: [projectDir] });
    } catch {
        throw new Error(`${projectDir} has no @pulumi/pulumi installed; run npm install in the project first.`);
    }
    return require(resolved) as Pulumi;
}

interface Store {
    leakCandidates?: Set<Promise<unknown>>;
}

function internal<T>(projectDir: string, module: string): T | undefined {
    try {
        return require(path.join(pulumiDir(projectDir), module)) as T;
    } catch {
        return undefined;
    }
}

/** The SDK's store of promises in flight (what its CLI host checks at exit), if this SDK has one. */
export function promisesInFlight(projectDir: string): (() => number) | undefined {
    const state = internal<{ getStore(): Store }>(projectDir, "runtime/state");
    if (!state) return undefined;
    return () => state.getStore().leakCandidates?.size ?? 0;
}

/** Promises the SDK is waiting on, while the host's bookkeeping replaces its own (dropPromiseStacks). */
let pendingPromises = 0;
// Shared handlers, not a closure per promise: a program of thousands of resources has hundreds of
// thousands of these promises in flight at once.
const onSettled = <T>(value: T): T => {
    pendingPromises--;
    return value;
};
const onFailed = (error: unknown): never => {
    pendingPromises--;
    throw error;
};

/**
 * The SDK tags every internal promise with a formatted stack trace (`new Error().stack`) and keeps it
 * in a set, for its leak report at exit. That is most of its CPU beside garbage collection, and
 * garbage, on a program of thousands of resources; the host reports unfinished work itself (its
 * timeout), so it only counts the promises in flight. Returns that count, or undefined when this SDK
 * has no such hook (then {@link promisesInFlight} reads the SDK's own set).
 */
export function dropPromiseStacks(projectDir: string): (() => number) | undefined {
    const debuggable = internal<{ debuggablePromise?: unknown }>(projectDir, "runtime/debuggable");
    if (!debuggable || typeof debuggable.debuggablePromise !== "function") return undefined;
    debuggable.debuggablePromise = <T>(p: Promise<T>): Promise<T> => {
        pendingPromises++;
        return p.then(onSettled, onFailed);
    };
    return () => pendingPromises;
}

/**
 * The SDK reads each registration's stack (`new Error().stack`) with a pattern that skips a frame with
 * no function name: `at file:///app/index.mjs:3:1`, an ES module's top-level code, where most programs
 * create their resources. Widened to read those frames too, so they have a source line.
 */
export function readTopLevelFrames(pulumi: Pulumi): boolean {
    const resource = pulumi.Resource as unknown as { framePositionRegExp?: unknown };
    if (!(resource.framePositionRegExp instanceof RegExp)) return false;
    resource.framePositionRegExp = /^\s*at (?:.* \()?(?<file>[^()]+):(?<line>[0-9]+):(?<column>[0-9]+)\)?$/;
    return true;
}

/**
 * The SDK sends every debug line (several per resource registration: "Registering resource...",
 * "RegisterResource RPC prepared...") to the engine's Log service, one gRPC call after another, and
 * keeps the runtime waiting until each is answered. The check reports only warnings and errors (its
 * engine drops the rest, as `pulumi preview` hides debug output without `-v`): on a program of
 * thousands of resources, the debug lines cost more than the registrations and hold the end of the
 * run for seconds. They are dropped; warnings and errors go to the engine as before, in order.
 */
export function dropDebugLogs(pulumi: Pulumi): boolean {
    const log = pulumi.log as unknown as { debug?: unknown };
    if (typeof log.debug !== "function") return false;
    log.debug = () => Promise.resolve();
    return true;
}

/**
 * Aliases tell the engine which URNs a resource had before, so a deployment's state follows a rename;
 * offline there is no state, and the pack is not sent them (the check's AnalyzerResource has no
 * aliases). Yet the SDK turns every alias into several Outputs when the resource is constructed
 * (collapseAliasToUrn) and again when it registers, and azure-native gives each resource one alias per
 * API version (about 30 for a VirtualMachine): most of a VM's Outputs, and so of the program's memory
 * while its registrations are in flight. A stack transformation (public API, run in every resource's
 * constructor before the aliases are read) drops them. Call it inside the stack.
 */
export function skipAliases(pulumi: Pulumi): void {
    pulumi.runtime.registerStackTransformation(({ props, opts }) =>
        opts.aliases && opts.aliases.length > 0 ? { props, opts: { ...opts, aliases: undefined } } : undefined,
    );
}

/** `waitForRPCs`, when the SDK exports it (it drains registrations already sent). */
export function waitForRPCs(pulumi: Pulumi): (() => Promise<void>) | undefined {
    return (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
}

/** The mock monitor setMocks installed, whose registerResource the host wraps to capture requests. */
export function mockMonitor(pulumi: Pulumi): MockMonitor {
    return pulumi.runtime.getMonitor() as unknown as MockMonitor;
}

/** `type "name": ` of the resource a ResourceError is attached to, as the Pulumi CLI prefixes it. */
export function resourceLabelOf(error: Error): string {
    // Pulumi's internal fields: the resource's URN is an Output, not readable synchronously here.
    const resource = (error as { resource?: { __pulumiType?: unknown; __name?: unknown } }).resource;
    return typeof resource?.__pulumiType === "string" && typeof resource.__name === "string"
        ? `${resource.__pulumiType} "${resource.__name}": `
        : "";
}

/** Whether an error is one Pulumi writes for users (ResourceError, RunError...): flags that survive copies. */
export function isUserFacingError(error: Error): boolean {
    const flags = error as unknown as Record<string, unknown>;
    return [
        "__pulumiRunError",
        "__pulumResourceError",
        "__pulumiInputPropertyError",
        "__pulumiInputPropertiesError",
    ].some((flag) => flags[flag] === true);
}

/** The resource's URN once registered (an Output; read through its public `apply`). */
export function urnOf(resource: PulumiModule.Resource): Promise<string> {
    return new Promise((resolve) => {
        resource.urn.apply((urn) => {
            resolve(urn);
            return urn;
        });
    });
}
