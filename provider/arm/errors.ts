/**
 * What an error from an ARM call means for the caller: retry (and when), or stop with a message that
 * says what happened and what to do. Pure: it only looks at the error the SDK threw.
 */

export type ArmFailure =
    | { readonly retry: true; readonly reason: string; readonly retryAfterMs?: number }
    | { readonly retry: false; readonly status?: number; readonly code?: string; readonly reason: string };

interface SdkErrorShape {
    name?: string;
    message?: string;
    code?: string;
    statusCode?: number;
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

/** Classify an error thrown by an Azure SDK call (or by the per-request timeout). */
export function classifyArmError(error: unknown): ArmFailure {
    const e = (error ?? {}) as SdkErrorShape;
    const status = e.statusCode ?? e.response?.status;
    const armMessage = e.details?.error?.message ?? e.message ?? String(error);
    const armCode = e.details?.error?.code ?? e.code;
    // Getting the token failed (not signed in, no identity): no request reached ARM; retrying will not help.
    if (
        e.name !== undefined &&
        /^(CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError)$/.test(e.name)
    ) {
        return { retry: false, code: "CredentialUnavailable", reason: armMessage };
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
    if (status === 429) {
        const after = retryAfterMs(e.response?.headers);
        return {
            retry: true,
            reason: "ARM is throttling requests (429)",
            ...(after === undefined ? {} : { retryAfterMs: after }),
        };
    }
    if (status === 408 || status >= 500) {
        const after = retryAfterMs(e.response?.headers);
        return {
            retry: true,
            reason: `ARM answered ${status}${armCode ? ` ${armCode}` : ""}`,
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
    if (failure.code === "CredentialUnavailable") {
        return `Could not get an Azure AD token while ${what}: ${failure.reason}. Sign in with \`az login\`, or set the AZURE_* environment variables (or workload identity / managed identity), or choose the source with \`credential: { kind }\`.`;
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
