/**
 * Runs a Pulumi program under mocks in its own process (program-host.ts) and returns the resources it
 * registered and the components that refused their arguments. The program's stdout and stderr go to
 * this process's stderr, so they never mix with the report on stdout. The host's Node settings (its
 * heap, its young generation) are chosen here, for programs of thousands of resources.
 */
import { fork } from "node:child_process";
import * as os from "node:os";
import type { CollectedRefusal, CollectedResource, HostMessage, HostRequest } from "./collected-resource";
import { LimitError, ProgramError, UsageError } from "./errors";
import { PROGRAM_HOST_SCRIPT } from "./program-host";

export interface RunProgramOptions {
    /** Called with the number of resources registered so far (throttled by the host). */
    readonly onProgress?: (registered: number) => void;
    /** Stops the program (its process is killed) and rejects with the signal's reason. */
    readonly signal?: AbortSignal;
    /** Extra environment for the program (the engine's address, placeholders). */
    readonly env?: Readonly<Record<string, string>>;
}

export interface ProgramRun {
    readonly resources: readonly CollectedResource[];
    readonly refusals: readonly CollectedRefusal[];
}

/** How long the host may take to write out the program's output after it reported (ms). */
const EXIT_GRACE_MS = 60_000;

/** Share of the machine's memory (or the container's limit) the program's heap may grow to. */
const HEAP_SHARE = 0.75;
/**
 * The young generation's semi-space (MB). Pulumi's SDK allocates short-lived promises and Outputs for
 * every resource at once; with Node's default (16 MB) most of them outlive two scavenges and fill
 * the old generation, which then costs full collections (bench/check-scale.bench.ts measures it).
 */
const SEMI_SPACE_MB = 64;

/** Memory the program may use: the container's limit when there is one, else the machine's. */
export function availableMemory(): number {
    const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
    const total = os.totalmem();
    return constrained && constrained > 0 && constrained < total ? constrained : total;
}

/** Whether the user already chose a V8 setting (NODE_OPTIONS, or this process's own flags). */
function userChose(flag: string): boolean {
    return (process.env.NODE_OPTIONS ?? "").includes(flag) || process.execArgv.some((a) => a.includes(flag));
}

/** The Node flags the program host runs with; the user's own NODE_OPTIONS win. */
export function hostNodeFlags(memory = availableMemory()): string[] {
    const flags: string[] = [];
    if (!userChose("--max-old-space-size")) {
        flags.push(`--max-old-space-size=${Math.floor((memory * HEAP_SHARE) / 2 ** 20)}`);
    }
    if (!userChose("--max-semi-space-size")) flags.push(`--max-semi-space-size=${SEMI_SPACE_MB}`);
    return flags;
}

/** The host's heap limit as the user reads it: ours, or the one their NODE_OPTIONS set. */
function heapLimitOf(flags: readonly string[]): string {
    const ours = flags.find((f) => f.startsWith("--max-old-space-size="));
    const theirs = /--max-old-space-size=(\d+)/.exec(process.env.NODE_OPTIONS ?? "");
    const mb = ours ? Number(ours.split("=")[1]) : theirs ? Number(theirs[1]) : undefined;
    if (mb === undefined) return "set in NODE_OPTIONS";
    const size = mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb} MB`;
    return ours ? size : `${size}, from NODE_OPTIONS`;
}

export function runProgram(request: HostRequest, options: RunProgramOptions = {}): Promise<ProgramRun> {
    return new Promise((resolve, reject) => {
        const flags = hostNodeFlags();
        const child = fork(PROGRAM_HOST_SCRIPT, [], {
            cwd: request.projectDir,
            execArgv: [...process.execArgv.filter((a) => !a.startsWith("--max-")), ...flags],
            // The program's stdout -> our stderr: a program that logs cannot corrupt --json output.
            stdio: ["ignore", process.stderr, process.stderr, "ipc"],
            // The host enables source maps itself when it compiles TypeScript; keep the user's NODE_OPTIONS.
            env: { ...process.env, ...options.env },
        });
        let registered = 0;
        let settled = false;
        /** What the host reported; the run ends when it has exited (after writing out the program's output). */
        let outcome: { error?: Error; run?: ProgramRun } | undefined;
        let grace: NodeJS.Timeout | undefined;
        const finish = (error: Error | undefined, run?: ProgramRun) => {
            if (settled) return;
            settled = true;
            if (grace) clearTimeout(grace);
            options.signal?.removeEventListener("abort", onAbort);
            // SIGKILL: a program that traps SIGTERM must not outlive the check.
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
            if (error) reject(error);
            else resolve(run ?? { resources: [], refusals: [] });
        };
        const onAbort = () => finish(options.signal?.reason as Error);
        if (options.signal?.aborted) return onAbort();
        options.signal?.addEventListener("abort", onAbort, { once: true });
        // The host exits by itself once the program's output has left; it is killed only if it does not.
        const report = (reported: { error?: Error; run?: ProgramRun }) => {
            outcome ??= reported;
            grace ??= setTimeout(() => finish(outcome?.error, outcome?.run), EXIT_GRACE_MS);
        };
        child.on("message", (message: HostMessage) => {
            if (message.kind === "progress") {
                registered = message.registered;
                options.onProgress?.(message.registered);
            } else if (message.kind === "done") {
                report({ run: { resources: message.resources, refusals: message.refusals } });
            } else if (message.kind === "failed" && message.usage) {
                report({ error: new UsageError(message.message) });
            } else if (message.kind === "failed") {
                report({
                    error: new ProgramError(
                        `the program failed under the mocks (${message.registered} resource(s) registered):\n${message.message}`,
                    ),
                });
            }
        });
        child.on("error", (error) => finish(new ProgramError(`cannot start the program host: ${error.message}`)));
        child.on("exit", (code, signal) => {
            if (outcome) return finish(outcome.error, outcome.run);
            // V8 aborts when the heap is full; the kernel kills (SIGKILL) when the machine is.
            if (signal === "SIGABRT" || signal === "SIGKILL" || code === 134) {
                finish(
                    new LimitError(
                        `the program ran out of memory ${registered > 0 ? `after about ${registered} resource registrations` : "before any resource registration completed"} ` +
                            `(heap limit ${heapLimitOf(flags)}, machine ${Math.round(availableMemory() / 2 ** 30)} GB). ` +
                            "Run the check on a machine with more memory, or split the program into smaller stacks; " +
                            "NODE_OPTIONS=--max-old-space-size=<MB> sets the heap limit yourself.",
                    ),
                );
                return;
            }
            finish(
                new ProgramError(
                    `the program exited (${signal ? `signal ${signal}` : `code ${code}`}) before it finished registering resources; ` +
                        "a program must not call process.exit.",
                ),
            );
        });
        child.send(request);
    });
}
