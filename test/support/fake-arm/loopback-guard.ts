/**
 * Refuses, and records, every TCP connection to anything but the loopback. Installed in the test
 * process and (through host-preload) in the dynamic-provider host, so a test fails if any request
 * would leave the machine, including the managed-identity probe of DefaultAzureCredential.
 */
import * as fs from "node:fs";
import * as net from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);

export const violations: string[] = [];

let installed = false;

function targetOf(args: unknown[]): { host?: string; port?: unknown; ipc: boolean } {
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    if (typeof first === "object" && first !== null) {
        const o = first as { host?: string; port?: unknown; path?: string };
        if (o.path !== undefined) return { ipc: true };
        return { host: o.host ?? "localhost", port: o.port, ipc: false };
    }
    if (typeof first === "string" && Number.isNaN(Number(first))) return { ipc: true };
    return { host: typeof args[1] === "string" ? args[1] : "localhost", port: first, ipc: false };
}

/** Install the guard; `recordFile` also appends each violation to a file (for a child process). */
export function installLoopbackGuard(recordFile?: string): void {
    if (installed) return;
    installed = true;
    const original = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
        const target = targetOf(args);
        if (!target.ipc && !LOOPBACK.has(String(target.host))) {
            const entry = `${target.host}:${String(target.port)}`;
            violations.push(entry);
            if (recordFile !== undefined) fs.appendFileSync(recordFile, `${entry}\n`);
            process.nextTick(() => this.destroy(new Error(`loopback guard: connection to ${entry} refused in tests`)));
            return this;
        }
        return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof original;
}
