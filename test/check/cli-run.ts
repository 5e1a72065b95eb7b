/**
 * Runs the built `azure-vm-patching-check` as a user's shell does (its own process, from the
 * repository's root) without blocking the test process, so several runs can share the machine.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const CLI = path.join(ROOT, "dist", "check", "cli.js");

export interface CliRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** A run still going after this long is killed (SIGKILL: status null), so a hung check fails its test. */
const RUN_LIMIT_MS = 240_000;

export function runCli(args: readonly string[], cwd = ROOT): Promise<CliRun> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        const timer = setTimeout(() => child.kill("SIGKILL"), RUN_LIMIT_MS);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => {
            stdout += c.toString("utf8");
        });
        child.stderr.on("data", (c: Buffer) => {
            stderr += c.toString("utf8");
        });
        child.on("close", (status) => {
            clearTimeout(timer);
            resolve({ status, stdout, stderr });
        });
    });
}

/**
 * A runCli that starts at most `limit` runs at a time, the rest queued in call order: each run is three
 * processes that spend part of their time waiting on one another, so two runs at once keep both cores
 * busy where one alone leaves one idle, and more would only contend.
 */
export function limitedRunCli(limit: number): typeof runCli {
    let running = 0;
    const waiting: (() => void)[] = [];
    return async (args, cwd) => {
        if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
        running++;
        try {
            return await runCli(args, cwd);
        } finally {
            running--;
            waiting.shift()?.();
        }
    };
}
