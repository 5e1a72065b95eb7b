/**
 * A long-running ARM operation (202 plus an operation-status URL), polled under the operation's
 * deadline. The SDK's poller sends the requests and reads the answers; the waiting between polls is
 * done here, on the operation's clock: the SDK's own pollUntilDone sleeps for whatever Retry-After a
 * poll carries, past any deadline. A Retry-After that would pass the deadline ends the wait at once,
 * quoting ARM. A poll that fails in a way worth retrying is retried from the state before it, since a
 * poller that saw an HTTP error stays failed.
 */
import type { ArmAnswers } from "./answers";
import { type ArmFailure, classifyArmError } from "./errors";
import { ArmOperationError, backoffDelay, callArm, seconds, type WaitContext } from "./wait";

/** What this module needs of an SDK poller (@azure/core-lro's PollerLike). */
export interface SteppablePoller<T> {
    submitted(): Promise<void>;
    poll(): Promise<unknown>;
    readonly isDone: boolean;
    readonly result?: T;
    readonly operationState?: { readonly status: string };
    serialize(): Promise<string>;
}

export interface LongRunningOperation<T> {
    /** For messages, e.g. `assessPatches on web-1`. */
    readonly request: string;
    /** For messages, e.g. `Patch assessment of VM "web-1"`. */
    readonly subject: string;
    /** Send the initial request (on submitted()). */
    start(): SteppablePoller<T>;
    /** A poller for the operation in this serialized state, sending nothing until polled. */
    restore(serialized: string): SteppablePoller<T>;
    /** The answers of the clients the pollers use (for Retry-After). */
    readonly answers: ArmAnswers;
}

type NonRetryable = (failure: Extract<ArmFailure, { retry: false }>) => string | undefined;

/** The deadline comes before the operation ends: say where it stands, quoting ARM's Retry-After. */
function stillRunning(ctx: WaitContext, subject: string, askedMs: number | undefined): ArmOperationError {
    const asked =
        askedMs === undefined
            ? ""
            : `; ARM asked to check again in ${seconds(askedMs)} (Retry-After), later than the ${seconds(ctx.deadline.remainingMs())} left`;
    return new ArmOperationError(
        `${subject} is still running after ${seconds(ctx.deadline.elapsedMs())} (timeout ${seconds(ctx.timing.timeoutMs)})${asked}. Azure keeps working on it, but nothing was recorded: run \`pulumi up\` again later, or raise timeouts.timeoutSeconds.`,
        true,
    );
}

/** Start the operation and poll it until it ends, within the deadline; returns the poller's result. */
export async function awaitLongRunning<T>(
    op: LongRunningOperation<T>,
    ctx: WaitContext,
    onNonRetryable?: NonRetryable,
): Promise<T | undefined> {
    // Wrapped: a poller is a thenable, and awaiting it would poll it to the end on the SDK's terms.
    let { poller } = await callArm(
        op.request,
        async () => {
            const started = op.start();
            await started.submitted();
            return { poller: started };
        },
        ctx,
        onNonRetryable,
    );
    let before = await poller.serialize();
    let reportedAt = Number.NEGATIVE_INFINITY;
    for (let attempt = 0; !poller.isDone; attempt++) {
        const asked = op.answers.last?.retryAfterMs;
        const delay = Math.max(asked ?? 0, backoffDelay(attempt, ctx.timing));
        if (delay >= ctx.deadline.remainingMs()) {
            throw stillRunning(ctx, op.subject, asked !== undefined && asked >= delay ? asked : undefined);
        }
        const elapsed = ctx.deadline.elapsedMs();
        if (elapsed - reportedAt >= 60_000) {
            ctx.progress(`${op.subject}: running (${seconds(elapsed)} elapsed, next check in ${seconds(delay)})`);
            reportedAt = elapsed;
        }
        await ctx.clock.sleep(delay);
        const state = before;
        await statusCheck(op.subject, ctx, () =>
            callArm(
                `status of ${op.request}`,
                async () => {
                    try {
                        await poller.poll();
                    } catch (error) {
                        if (poller.operationState?.status === "failed" && !isHttpFailure(error)) {
                            // Azure ran the operation and it failed: that is its answer, not a fault to retry.
                            throw new ArmOperationError(
                                `${op.subject} failed in Azure: ${classifyArmError(error).reason}`,
                            );
                        }
                        // A poller that met an error stays failed: the next attempt polls from the state before.
                        poller = op.restore(state);
                        throw error;
                    }
                },
                ctx,
                onNonRetryable,
            ),
        );
        before = await poller.serialize();
    }
    return poller.result;
}

/**
 * A status check that the deadline cut short before ARM answered: Azure accepted the operation and
 * keeps working on it, so the user hears that it is still running (not that a request timed out).
 */
async function statusCheck(subject: string, ctx: WaitContext, check: () => Promise<void>): Promise<void> {
    try {
        await check();
    } catch (error) {
        if (error instanceof ArmOperationError && error.unansweredAtDeadline)
            throw stillRunning(ctx, subject, undefined);
        throw error;
    }
}

function isHttpFailure(error: unknown): boolean {
    const e = error as { name?: string; statusCode?: number };
    return e.name === "RestError" || e.name === "ArmAnswerError" || e.statusCode !== undefined;
}
