/**
 * The user's timeouts (seconds, as written in state), their defaults and validation, and the timing in
 * milliseconds a wait runs with.
 */

/** Timing of one wait, in milliseconds. */
export interface WaitTiming {
    /** Give up after this long in total. */
    readonly timeoutMs: number;
    /** First polling interval; each next one is 1.5 times longer, up to maxPollMs. */
    readonly pollMs: number;
    readonly maxPollMs: number;
    /** One ARM request may take this long before it counts as hung. */
    readonly requestTimeoutMs: number;
}

/** User-facing timeouts (seconds; fractions allowed), stored in state as written. */
export interface TimeoutsArgs {
    /** Total time to wait for Registered (default 1200: Azure says registration takes up to 15 minutes). */
    timeoutSeconds?: number;
    /** First polling interval (default 5). */
    pollSeconds?: number;
    /** Longest polling interval (default 30). */
    maxPollSeconds?: number;
    /** Time one ARM request may take before it is retried (default 60). */
    requestTimeoutSeconds?: number;
}

export const DEFAULT_TIMEOUTS: Required<TimeoutsArgs> = {
    timeoutSeconds: 1200,
    pollSeconds: 5,
    maxPollSeconds: 30,
    requestTimeoutSeconds: 60,
};

/** Problems in a TimeoutsArgs value, as [property, reason] pairs (empty when valid). */
export function timeoutsProblems(value: unknown, path = "timeouts"): Array<[string, string]> {
    if (value === undefined) return [];
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return [[path, `must be an object with ${Object.keys(DEFAULT_TIMEOUTS).join(", ")} (seconds)`]];
    }
    const problems: Array<[string, string]> = [];
    for (const [key, v] of Object.entries(value)) {
        // Own keys only: "constructor" or "toString" are not timeouts.
        if (!Object.hasOwn(DEFAULT_TIMEOUTS, key)) {
            problems.push([`${path}.${key}`, `is not a timeout; allowed: ${Object.keys(DEFAULT_TIMEOUTS).join(", ")}`]);
        } else if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v <= 0)) {
            problems.push([`${path}.${key}`, `${JSON.stringify(v)} must be a positive number of seconds`]);
        }
    }
    return problems;
}

export function waitTiming(timeouts: TimeoutsArgs | undefined): WaitTiming {
    const t = { ...DEFAULT_TIMEOUTS, ...definedOnly(timeouts ?? {}) };
    return {
        timeoutMs: t.timeoutSeconds * 1000,
        pollMs: t.pollSeconds * 1000,
        maxPollMs: Math.max(t.pollSeconds, t.maxPollSeconds) * 1000,
        requestTimeoutMs: t.requestTimeoutSeconds * 1000,
    };
}

function definedOnly<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
