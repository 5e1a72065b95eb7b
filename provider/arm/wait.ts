/**
 * Deadlines, backoff and retried ARM calls. The dynamic-provider plugin does not enforce
 * customTimeouts, so every wait here carries its own deadline and ends in a result or a clear error.
 */
import { type Clock, processClock } from "./clock";
import { adviceFor, classifyArmError, REQUEST_TIMED_OUT } from "./errors";
import { redactSecrets } from "./redact";
import type { WaitTiming } from "./timeouts";

/** The n-th polling interval (n from 0): geometric growth, capped. */
export function backoffDelay(attempt: number, timing: Pick<WaitTiming, "pollMs" | "maxPollMs">): number {
    return Math.min(timing.maxPollMs, timing.pollMs * 1.5 ** attempt);
}

export class Deadline {
    private readonly end: number;
    constructor(
        readonly totalMs: number,
        private readonly now: () => number = Date.now,
    ) {
        this.end = now() + totalMs;
    }
    remainingMs(): number {
        return Math.max(0, this.end - this.now());
    }
    elapsedMs(): number {
        return this.totalMs - (this.end - this.now());
    }
}

export type Progress = (message: string) => void;

/**
 * The context of one long operation: what it is (for messages), its deadline, timing and progress, and
 * the clock every wait of it runs on (the deadline reads the same clock).
 */
export interface WaitContext {
    readonly what: string;
    readonly subscriptionId: string;
    readonly timing: WaitTiming;
    readonly deadline: Deadline;
    readonly progress: Progress;
    readonly clock: Clock;
}

/** The context of an operation that starts now: its deadline runs on this process's clock. */
export function startOperation(
    what: string,
    subscriptionId: string,
    timing: WaitTiming,
    progress: Progress,
): WaitContext {
    const clock = processClock();
    return {
        what,
        subscriptionId,
        timing,
        deadline: new Deadline(timing.timeoutMs, () => clock.now()),
        progress,
        clock,
    };
}

/**
 * An error that ends an operation; its message is complete and meant for the user. It may quote ARM,
 * so it is redacted here, where every such message passes.
 */
export class ArmOperationError extends Error {
    /**
     * @param deadlineReached true when the operation stopped because its deadline passed (Azure may
     * still be working on it), not because ARM refused it.
     */
    constructor(
        message: string,
        readonly deadlineReached = false,
        /** true when the deadline cut the last request short and ARM had answered no attempt with an error. */
        readonly unansweredAtDeadline = false,
    ) {
        super(redactSecrets(message));
        this.name = "ArmOperationError";
    }
}

/**
 * How many answers in a row that are not ARM's JSON (garbled, empty, incomplete) are retried: one cut
 * short on the way is worth asking again; a server that keeps answering so is not ARM, and waiting out
 * the deadline would not change that.
 */
export const MALFORMED_ANSWERS_TRIED = 3;

export function seconds(ms: number): string {
    return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

/**
 * One ARM request, retried while the failure is transient (throttling, 5xx, resets, timeouts) and the
 * deadline allows; a permanent failure or the deadline ends it with an ArmOperationError.
 */
export async function callArm<T>(
    request: string,
    op: (signal: AbortSignal) => Promise<T>,
    ctx: WaitContext,
    onNonRetryable?: (failure: ReturnType<typeof classifyArmError> & { retry: false }) => string | undefined,
): Promise<T> {
    // The last failure that was not our own deadline cutting a request short: when the final attempt
    // only had the deadline's last milliseconds, this is what the user needs to hear (e.g. "502").
    let lastAnswer: string | undefined;
    let malformedInARow = 0;
    for (let attempt = 0; ; attempt++) {
        const remaining = ctx.deadline.remainingMs();
        const cutByDeadline = remaining < ctx.timing.requestTimeoutMs;
        const signal = AbortSignal.timeout(Math.max(1, Math.ceil(Math.min(ctx.timing.requestTimeoutMs, remaining))));
        try {
            return await op(signal);
        } catch (error) {
            if (error instanceof ArmOperationError) throw error;
            const failure = classifyArmError(error);
            if (!failure.retry) {
                throw new ArmOperationError(
                    onNonRetryable?.(failure) ?? adviceFor(failure, ctx.what, ctx.subscriptionId),
                );
            }
            malformedInARow = failure.malformed ? malformedInARow + 1 : 0;
            if (malformedInARow >= MALFORMED_ANSWERS_TRIED) {
                throw new ArmOperationError(
                    `Stopped ${ctx.what}: ${request}: ${failure.reason} (${malformedInARow} answers in a row). Nothing was recorded as done; run \`pulumi up\` again once the endpoint answers as Azure Resource Manager.`,
                );
            }
            const timedOut = failure.reason === REQUEST_TIMED_OUT;
            const reason = timedOut && cutByDeadline && lastAnswer ? lastAnswer : failure.reason;
            if (!(timedOut && cutByDeadline)) lastAnswer = failure.reason;
            const delay = Math.max(failure.retryAfterMs ?? 0, backoffDelay(attempt, ctx.timing));
            if (delay >= ctx.deadline.remainingMs()) {
                throw new ArmOperationError(
                    `Gave up ${ctx.what} after ${seconds(ctx.deadline.elapsedMs())} (timeout ${seconds(ctx.timing.timeoutMs)}): ${request}: ${reason}${failure.retryAfterMs === undefined ? "" : `, and ARM asked to wait ${seconds(failure.retryAfterMs)} more`}. Nothing was recorded as done; run \`pulumi up\` again to resume, or raise timeouts.timeoutSeconds.`,
                    true,
                    timedOut && cutByDeadline && lastAnswer === undefined,
                );
            }
            ctx.progress(`${ctx.what}: ${request}: ${failure.reason}; retrying in ${seconds(delay)}`);
            await ctx.clock.sleep(delay);
        }
    }
}
