/**
 * The ARM conversations behind feature registration: register a preview feature and wait until it is
 * Registered, re-register a resource provider so the change propagates, read both states, unregister.
 * Each function ends in a result or an ArmOperationError whose message says what to do.
 */
import { closestValue } from "../../rules/did-you-mean";
import {
    type ArmClients,
    ArmOperationError,
    backoffDelay,
    callArm,
    requiredField,
    seconds,
    type WaitContext,
} from "../arm";

/**
 * The preview features of automatic guest patching, on-demand assessment and hotpatch, as Microsoft's
 * preview articles named them (learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching).
 */
export const PATCHING_PREVIEW_FEATURES = [
    "InGuestAutoPatchVMPreview",
    "InGuestPatchVMPreview",
    "InGuestHotPatchVMPreview",
] as const;

/** States Microsoft.Features reports for a feature registration. */
export type FeatureState =
    | "NotRegistered"
    | "Registering"
    | "Registered"
    | "Pending"
    | "Unregistering"
    | "Unregistered";

export interface FeatureRef {
    readonly namespace: string;
    readonly featureName: string;
}

export interface FeatureRegistrationResult {
    readonly state: "Registered";
    /** True when this call moved the feature to Registered (it was not registered before). */
    readonly changed: boolean;
}

const NOT_REGISTERED = new Set(["NotRegistered", "Unregistered"]);

/** A 404 that means the feature (not the subscription: that is SubscriptionNotFound) is unknown. */
function unknownFeature(ref: FeatureRef, f: { status?: number; code?: string; reason: string }): string | undefined {
    return f.status === 404 && f.code !== "SubscriptionNotFound"
        ? unknownFeatureMessage(ref, f.status, f.reason)
        : undefined;
}

function unknownFeatureMessage(ref: FeatureRef, status: number | undefined, reason: string): string {
    const hint = closestValue(ref.featureName, PATCHING_PREVIEW_FEATURES);
    return `Feature "${ref.namespace}/${ref.featureName}" is unknown to Azure (${status} ${reason}). ${hint ? `Did you mean "${hint}"? ` : ""}List the features with \`az feature list --namespace ${ref.namespace} -o table\`; the patching previews are ${PATCHING_PREVIEW_FEATURES.join(", ")}.`;
}

function pendingMessage(ref: FeatureRef, subscriptionId: string): string {
    return `Feature ${ref.namespace}/${ref.featureName} is Pending in subscription ${subscriptionId}: it needs manual approval by Microsoft and may stay Pending indefinitely, so it was not recorded as registered. Ask for approval (Azure support request), then run \`pulumi up\` again; it continues from the current state.`;
}

/** GET the feature's state. */
export async function readFeatureState(clients: ArmClients, ref: FeatureRef, ctx: WaitContext): Promise<string> {
    return callArm(
        `GET feature ${ref.featureName}`,
        async (abortSignal) => {
            const result = await clients.features.features.get(ref.namespace, ref.featureName, { abortSignal });
            return requiredField(result.properties?.state, "properties.state", clients.answers);
        },
        ctx,
        (f) => unknownFeature(ref, f),
    );
}

async function postRegister(clients: ArmClients, ref: FeatureRef, ctx: WaitContext): Promise<string> {
    return callArm(
        `register feature ${ref.featureName}`,
        async (abortSignal) => {
            const result = await clients.features.features.register(ref.namespace, ref.featureName, { abortSignal });
            return requiredField(result.properties?.state, "properties.state", clients.answers);
        },
        ctx,
        (f) => unknownFeature(ref, f),
    );
}

/** A status line when the state changes, else at most once a minute: a 15-minute wait is not 40 lines. */
export const PROGRESS_EVERY_MS = 60_000;

/** What one wait last reported, so the next report can be skipped when nothing new happened. */
interface Reported {
    state?: string;
    at: number;
}

/** The deadline passed while Azure was still working: say where it stands and how to resume. */
function stillWaiting(ctx: WaitContext, state: string, subject: string, lastCheck?: string): ArmOperationError {
    return new ArmOperationError(
        `${subject} is still ${state} after ${seconds(ctx.deadline.elapsedMs())} (timeout ${seconds(ctx.timing.timeoutMs)})${lastCheck ? ` (the last check failed: ${lastCheck})` : ""}. Azure keeps working on it: run \`pulumi up\` again later to pick up where this stopped, or raise timeouts.timeoutSeconds. Nothing was recorded as registered.`,
        true,
    );
}

/**
 * Read the state again; when the deadline passes during that read, the state last seen is the answer
 * the user needs, not the read's own timeout.
 */
async function recheck(read: () => Promise<string>, ctx: WaitContext, state: string, subject: string) {
    try {
        return await read();
    } catch (error) {
        if (error instanceof ArmOperationError && error.deadlineReached) {
            throw stillWaiting(ctx, state, subject, error.message);
        }
        throw error;
    }
}

/**
 * Wait out one polling interval, or fail when the deadline would pass first. `attempt` drives backoff.
 */
async function waitBeforeNextCheck(
    ctx: WaitContext,
    attempt: number,
    state: string,
    subject: string,
    reported: Reported,
): Promise<void> {
    const delay = backoffDelay(attempt, ctx.timing);
    if (delay >= ctx.deadline.remainingMs()) throw stillWaiting(ctx, state, subject);
    const elapsed = ctx.deadline.elapsedMs();
    if (reported.state !== state || elapsed - reported.at >= PROGRESS_EVERY_MS) {
        ctx.progress(`${subject}: ${state} (${seconds(elapsed)} elapsed, next check in ${seconds(delay)})`);
        reported.state = state;
        reported.at = elapsed;
    }
    await ctx.clock.sleep(delay);
}

/**
 * Register a feature (idempotent: a Registered feature costs one request) and wait until Registered.
 * Pending ends at once in an error: it waits for a human at Microsoft, not for time.
 */
export async function ensureFeatureRegistered(
    clients: ArmClients,
    ref: FeatureRef,
    ctx: WaitContext,
): Promise<FeatureRegistrationResult> {
    const subject = `Feature ${ref.namespace}/${ref.featureName}`;
    let state = await postRegister(clients, ref, ctx);
    const changed = state !== "Registered";
    const reported: Reported = { at: 0 };
    for (let attempt = 0; ; attempt++) {
        if (state === "Registered") {
            if (changed) ctx.progress(`${subject}: Registered after ${seconds(ctx.deadline.elapsedMs())}`);
            return { state: "Registered", changed };
        }
        if (state === "Pending") throw new ArmOperationError(pendingMessage(ref, ctx.subscriptionId));
        await waitBeforeNextCheck(ctx, attempt, state, subject, reported);
        state = await recheck(() => readFeatureState(clients, ref, ctx), ctx, state, subject);
        // Unregistering finished (someone unregistered it meanwhile), or ARM dropped the request: ask again.
        if (NOT_REGISTERED.has(state)) state = await postRegister(clients, ref, ctx);
    }
}

/** Unregister a feature and wait until it is no longer registered (only on the explicit opt-in). */
export async function unregisterFeature(clients: ArmClients, ref: FeatureRef, ctx: WaitContext): Promise<string> {
    const subject = `Feature ${ref.namespace}/${ref.featureName}`;
    let state: string;
    let gone = false;
    try {
        state = await callArm(
            `unregister feature ${ref.featureName}`,
            async (abortSignal) => {
                const result = await clients.features.features.unregister(ref.namespace, ref.featureName, {
                    abortSignal,
                });
                return requiredField(result.properties?.state, "properties.state", clients.answers);
            },
            ctx,
            (f) => {
                gone = unknownFeature(ref, f) !== undefined;
                return undefined;
            },
        );
    } catch (error) {
        // A feature Azure no longer knows is as unregistered as it gets.
        if (gone) return "NotRegistered";
        throw error;
    }
    const reported: Reported = { at: 0 };
    for (let attempt = 0; !NOT_REGISTERED.has(state); attempt++) {
        await waitBeforeNextCheck(ctx, attempt, state, subject, reported);
        state = await recheck(() => readFeatureState(clients, ref, ctx), ctx, state, subject);
    }
    return state;
}

/** GET the resource provider's registrationState for this subscription. */
export async function readProviderState(clients: ArmClients, namespace: string, ctx: WaitContext): Promise<string> {
    return callArm(
        `GET resource provider ${namespace}`,
        async (abortSignal) => {
            const result = await clients.resources.providers.get(namespace, { abortSignal });
            return requiredField(result.registrationState, "registrationState", clients.answers);
        },
        ctx,
    );
}

/**
 * Re-register the resource provider (POST .../providers/{namespace}/register) so that newly registered
 * features reach it, and wait until its registrationState is Registered.
 */
export async function propagateToResourceProvider(
    clients: ArmClients,
    namespace: string,
    ctx: WaitContext,
): Promise<string> {
    const subject = `Resource provider ${namespace}`;
    const post = () =>
        callArm(
            `register resource provider ${namespace}`,
            async (abortSignal) => {
                const result = await clients.resources.providers.register(namespace, { abortSignal });
                return requiredField(result.registrationState, "registrationState", clients.answers);
            },
            ctx,
        );
    let state = await post();
    const reported: Reported = { at: 0 };
    for (let attempt = 0; state !== "Registered"; attempt++) {
        await waitBeforeNextCheck(ctx, attempt, state, subject, reported);
        state = await recheck(() => readProviderState(clients, namespace, ctx), ctx, state, subject);
        if (NOT_REGISTERED.has(state)) state = await post();
    }
    ctx.progress(`${subject}: Registered (features propagated) after ${seconds(ctx.deadline.elapsedMs())}`);
    return state;
}
