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

export function runCli(args: readonly string[], cwd = ROOT): Promise<CliRun> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c: Buffer) => {
            stdout += c.toString("utf8");
        });
        child.stderr.on("data", (c: Buffer) => {
            stderr += c.toString("utf8");
        });
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}
