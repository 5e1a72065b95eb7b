/**
 * Commands as a user types them (npm, npx, tsc, git), run in a temporary project: output captured,
 * a time limit, and an error that shows the command, its directory and the tail of what it printed.
 */
import { spawn } from "node:child_process";

export interface CommandResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export interface RunOptions {
    readonly cwd: string;
    readonly env?: Readonly<Record<string, string>>;
    /** Default 5 minutes. */
    readonly timeoutMs?: number;
    /** Exit codes that are not failures (default: 0). */
    readonly okCodes?: readonly number[];
}

/**
 * npm's settings for every install the consumer tests make: the registry only, the user's one npm cache
 * (warm from the repository's own `npm ci`, so the same versions are not fetched again), no audit.
 */
export const NPM_ENV: Readonly<Record<string, string>> = {
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_loglevel: "error",
};

export function run(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
    const timeoutMs = options.timeoutMs ?? 300_000;
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, {
            cwd: options.cwd,
            env: { ...process.env, ...NPM_ENV, ...options.env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => {
            stdout += c.toString("utf8");
        });
        child.stderr.on("data", (c: Buffer) => {
            stderr = (stderr + c.toString("utf8")).slice(-200_000);
        });
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        const started = Date.now();
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            if (process.env.CONSUMER_TESTS_TIMING) {
                process.stderr.write(
                    `[${((Date.now() - started) / 1000).toFixed(1)} s] ${command} ${args.join(" ")}\n`,
                );
            }
            const result = { code, stdout, stderr };
            if ((options.okCodes ?? [0]).includes(code ?? -1)) resolve(result);
            else reject(new Error(describeFailure(command, args, options.cwd, result)));
        });
    });
}

function describeFailure(command: string, args: readonly string[], cwd: string, r: CommandResult): string {
    const tail = (s: string) => s.trim().split("\n").slice(-40).join("\n");
    return `\`${command} ${args.join(" ")}\` in ${cwd} exited with ${r.code}\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`;
}

/** Runs tasks with at most `limit` at once (the machine has two cores). */
export async function inParallel<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const i = next++;
            results[i] = await tasks[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
    return results;
}
