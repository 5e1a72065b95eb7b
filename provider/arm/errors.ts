/**
 * What an error from an ARM call means for the caller: retry (and when), or stop with a message that
 * says what happened and what to do. Pure: it only looks at the error the SDK (or one of our pipeline
 * policies) threw. Every reason quoted from ARM is redacted here, before any message can carry it.
 */
import type { ArmAnswerKind } from "./answers";
import { redactSecrets } from "./redact";

export type ArmFailure =
    | {
          readonly retry: true;
          readonly reason: string;
          readonly retryAfterMs?: number;
          /** Not ARM's JSON (garbled, empty, incomplete): retried a few times, not until the deadline. */
          readonly malformed?: true;
      }
    | {
          readonly retry: false;
          readonly status?: number;
          readonly code?: string;
          readonly reason: string;
          /** Set when the answer was not ARM's (see answers.ts): the reason is a complete message. */
          readonly answer?: ArmAnswerKind;
      };

interface SdkErrorShape {
    name?: string;
    message?: string;
    code?: string;
    kind?: ArmAnswerKind;
    status?: number;
    statusCode?: number;
    retryAfterMs?: number;
    response?: { headers?: { get?(name: string): string | undefined }; status?: number };
    details?: { error?: { code?: string; message?: string } };
}

const NETWORK_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "ENOTFOUND",
    "EAI_AGAIN",
    "REQUEST_SEND_ERROR",
    "UND_ERR_SOCKET",
]);

/** Parse Retry-After (seconds or an HTTP date) and the ARM/SDK millisecond variants. */
export function retryAfterMs(headers: { get?(name: string): string | undefined } | undefined, now = Date.now()) {
    const get = (name: string) => headers?.get?.(name);
    for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
        const ms = Number(get(name));
        if (get(name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
    }
    const value = get("retry-after");
    if (value === undefined) return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The reason given when our per-request timeout aborted a call. */
export const REQUEST_TIMED_OUT = "ARM did not answer in time (request timed out)";

const isTransientStatus = (status: number | undefined) =>
    status !== undefined && (status === 408 || status === 429 || status >= 500);

/** An error our answer policy raised (answers.ts): its message already says what came back. */
function classifyAnswer(e: SdkErrorShape, reason: string): ArmFailure {
    const after = e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs };
    switch (e.kind) {
        case "not-json":
        case "incomplete":
            return { retry: true, reason, malformed: true, ...after };
        case "html":
            // An error page of a gateway in trouble may go away; a sign-in page will not.
            if (isTransientStatus(e.status)) return { retry: true, reason, ...after };
            return { retry: false, reason, answer: "html", ...(e.status === undefined ? {} : { status: e.status }) };
        default:
            return { retry: false, reason, answer: e.kind ?? "redirect" };
    }
}

/** Classify an error thrown by an Azure SDK call (or by the per-request timeout). */
export function classifyArmError(error: unknown): ArmFailure {
    const e = (error ?? {}) as SdkErrorShape;
    const status = e.statusCode ?? e.response?.status;
    const quoted = e.details?.error?.message ?? e.message;
    const armMessage = redactSecrets(quoted ?? String(error));
    const armCode = e.details?.error?.code ?? e.code;
    if (e.name === "ArmAnswerError") return classifyAnswer(e, armMessage);
    // Getting the token failed (not signed in, no identity): no request reached ARM; retrying will not help.
    if (
        e.name !== undefined &&
        /^(CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError)$/.test(e.name)
    ) {
        return { retry: false, code: "CredentialUnavailable", reason: armMessage };
    }
    // The credential did not answer in the time the request had: it may next time (a slow identity endpoint).
    if (e.name === "CredentialTimeoutError") {
        return {
            retry: true,
            reason: `no Azure AD token: ${armMessage} (check \`az login\`, the AZURE_* environment variables or the managed identity endpoint)`,
        };
    }
    if (e.name === "AbortError" || e.name === "TimeoutError") {
        return { retry: true, reason: REQUEST_TIMED_OUT };
    }
    if (status === undefined) {
        if (
            (armCode !== undefined && NETWORK_CODES.has(armCode)) ||
            /socket hang up|ECONNRESET|network/i.test(armMessage)
        ) {
            return { retry: true, reason: `connection to ARM failed (${armCode ?? armMessage})` };
        }
        return { retry: false, reason: armMessage };
    }
    // ARM's own words, when it gave any beyond the status line.
    const words = quoted && !/^Unexpected status code/.test(quoted) ? `: ${armMessage}` : "";
    if (status === 429) {
        const after = retryAfterMs(e.response?.headers);
        return {
            retry: true,
            reason: `ARM is throttling requests (429${armCode ? ` ${armCode}` : ""}${words})`,
            ...(after === undefined ? {} : { retryAfterMs: after }),
        };
    }
    if (isTransientStatus(status)) {
        const after = retryAfterMs(e.response?.headers);
        return {
            retry: true,
            reason: `ARM answered ${status}${armCode ? ` ${armCode}` : ""}${words}`,
            ...(after === undefined ? {} : { retryAfterMs: after }),
        };
    }
    return { retry: false, status, ...(armCode === undefined ? {} : { code: armCode }), reason: armMessage };
}

/** The what-to-do sentence for an error that will not go away by retrying. */
export function adviceFor(
    failure: Extract<ArmFailure, { retry: false }>,
    what: string,
    subscriptionId: string,
): string {
    if (failure.answer !== undefined) return `Stopped ${what}: ${failure.reason}`;
    if (failure.code === "CredentialUnavailable") {
        return `Could not get an Azure AD token while ${what}: ${failure.reason}. Sign in with \`az login\`, or set the AZURE_* environment variables (or workload identity / managed identity), or choose the source with \`credential: { kind }\`.`;
    }
    if (failure.code === "SubscriptionNotFound") {
        return `Subscription ${subscriptionId} was not found while ${what} (${failure.status} SubscriptionNotFound: ${failure.reason}). Check \`subscriptionId\` (\`az account list -o table\`) and that \`cloud\` or \`endpoint\` is the cloud the subscription lives in.`;
    }
    switch (failure.status) {
        case 401:
            return `ARM rejected the credentials (401) while ${what}: ${failure.reason}. Sign in again (\`az login\`), check the AZURE_* environment variables or the \`credential\` setting, and for a sovereign cloud set \`cloud\` so the token is issued for that cloud.`;
        case 403:
            return `Not allowed (403) while ${what} in subscription ${subscriptionId}: ${failure.reason}. Registering a feature needs Microsoft.Features/providers/features/register/action and registering a resource provider needs */register/action (Owner or Contributor on the subscription).`;
        default:
            return `ARM refused ${what}${failure.status === undefined ? "" : ` (${failure.status}${failure.code ? ` ${failure.code}` : ""})`}: ${failure.reason}`;
    }
}
