/**
 * Runs a Pulumi program under mocks in its own process (program-host.ts) and returns the resources it
 * registered. The program's stdout and stderr go to this process's stderr, so they never mix with the
 * report on stdout.
 */
import { fork } from "node:child_process";
import type { CollectedResource, HostMessage, HostRequest } from "./collected-resource";
import { ProgramError } from "./errors";
import { PROGRAM_HOST_SCRIPT } from "./program-host";

export interface RunProgramOptions {
    /** Called with the number of resources registered so far (throttled by the host). */
    readonly onProgress?: (registered: number) => void;
    /** Stops the program (its process is killed) and rejects with the signal's reason. */
    readonly signal?: AbortSignal;
}

export function runProgram(
    request: HostRequest,
    options: RunProgramOptions = {},
): Promise<readonly CollectedResource[]> {
    return new Promise((resolve, reject) => {
        const child = fork(PROGRAM_HOST_SCRIPT, [], {
            cwd: request.projectDir,
            // The program's stdout -> our stderr: a program that logs cannot corrupt --json output.
            stdio: ["ignore", process.stderr, process.stderr, "ipc"],
            // The host enables source maps itself when it compiles TypeScript; keep the user's NODE_OPTIONS.
            env: { ...process.env },
        });
        let settled = false;
        const finish = (error: Error | undefined, resources?: readonly CollectedResource[]) => {
            if (settled) return;
            settled = true;
            if (child.exitCode === null) child.kill();
            if (error) reject(error);
            else resolve(resources ?? []);
        };
        child.on("message", (message: HostMessage) => {
            if (message.kind === "progress") options.onProgress?.(message.registered);
            else if (message.kind === "done") finish(undefined, message.resources);
            else if (message.kind === "failed") {
                finish(
                    new ProgramError(
                        `the program failed under the mocks (${message.registered} resource(s) registered):\n${message.message}`,
                    ),
                );
            }
        });
        options.signal?.addEventListener("abort", () => finish(options.signal?.reason as Error), { once: true });
        child.on("error", (error) => finish(new ProgramError(`cannot start the program host: ${error.message}`)));
        child.on("exit", (code, signal) =>
            finish(
                new ProgramError(
                    `the program exited (${signal ? `signal ${signal}` : `code ${code}`}) before it finished registering resources; ` +
                        "a program must not call process.exit.",
                ),
            ),
        );
        child.send(request);
    });
}
