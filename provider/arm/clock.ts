/**
 * Where the providers read the time and wait. Waits are the only place time passes on purpose, so a
 * test can script them: it installs its own clock in the process (also inside the dynamic-provider
 * host, through a `--require` preload) and every deadline, backoff and Retry-After runs on it.
 */

export interface Clock {
    /** Milliseconds, as Date.now(). */
    now(): number;
    /** Resolves after `ms` milliseconds of this clock. */
    sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// On globalThis, so that two copies of this module (a bundled and a required one) share it.
const CLOCK_KEY = Symbol.for("pulumi-azure-vm-patching.clock");

/** The clock of this process: the system's, unless a test harness put another under CLOCK_KEY. */
export function processClock(): Clock {
    return ((globalThis as Record<symbol, unknown>)[CLOCK_KEY] as Clock | undefined) ?? systemClock;
}
