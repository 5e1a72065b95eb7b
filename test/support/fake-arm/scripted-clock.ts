/**
 * A clock for tests where time matters: waits take no time but are recorded, and the clock moves on by
 * each wait, on top of the real time that passes (requests to the fake ARM server still take real
 * time). So a test sees every backoff and Retry-After the providers waited, and a 20 s wait costs
 * nothing; what a test asserts is what the providers decided, not how fast the machine was.
 */
import * as fs from "node:fs";
import type { Clock } from "../../../provider/arm/clock";

// The key processClock() reads (provider/arm/clock.ts).
const CLOCK_KEY = Symbol.for("pulumi-azure-vm-patching.clock");

export class ScriptedClock implements Clock {
    /** Each wait, in milliseconds, in order. */
    readonly sleeps: number[] = [];
    private skippedMs = 0;

    constructor(private readonly onSleep?: (ms: number) => void) {}

    now(): number {
        return Date.now() + this.skippedMs;
    }

    sleep(ms: number): Promise<void> {
        this.sleeps.push(ms);
        this.skippedMs += ms;
        this.onSleep?.(ms);
        return new Promise((resolve) => setImmediate(resolve));
    }

    /** Total time waited. */
    get sleptMs(): number {
        return this.sleeps.reduce((sum, ms) => sum + ms, 0);
    }
}

/** Make `clock` the clock of every provider operation in this process (undefined: the system's again). */
export function installProcessClock(clock: Clock | undefined): void {
    (globalThis as Record<symbol, unknown>)[CLOCK_KEY] = clock;
}

/** A scripted clock that also appends each wait to a file, for a test to read from another process. */
export function scriptedClockLoggingTo(file: string): ScriptedClock {
    return new ScriptedClock((ms) => fs.appendFileSync(file, `${ms}\n`));
}

/** The waits a clock made by scriptedClockLoggingTo(file) has recorded so far. */
export function sleepsLoggedIn(file: string): number[] {
    if (!fs.existsSync(file)) return [];
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map(Number);
}
