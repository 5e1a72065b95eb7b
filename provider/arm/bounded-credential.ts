/**
 * A credential whose getToken cannot outlast the operation that asked for it. The SDK passes each
 * request's abort signal to getToken, but a credential may ignore it (a stuck `az` process, an
 * unreachable identity endpoint, a custom broker), and then every request of the operation waits on it
 * forever. This wrapper stops waiting when the signal aborts or the time allowed runs out, whichever
 * comes first, and remembers each token it hands out so that no message can quote it.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { rememberSecret } from "./redact";

/** getToken did not settle in the time the operation allowed. */
export class CredentialTimeoutError extends Error {
    constructor(
        readonly credentialName: string,
        readonly waitedMs: number,
    ) {
        super(`${credentialName} gave no Azure AD token within ${(waitedMs / 1000).toFixed(1)}s`);
        this.name = "CredentialTimeoutError";
    }
}

/**
 * @param allowedMs how long one getToken may take now (the request timeout, capped by the deadline).
 */
export function boundedCredential(credential: TokenCredential, allowedMs: () => number): TokenCredential {
    const name =
        credential.constructor?.name && credential.constructor.name !== "Object"
            ? credential.constructor.name
            : "the credential";
    return {
        getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
            const limit = Math.max(1, Math.ceil(allowedMs()));
            const signal = options?.abortSignal;
            return new Promise<AccessToken | null>((resolve, reject) => {
                const started = Date.now();
                const stop = () => {
                    clearTimeout(timer);
                    signal?.removeEventListener("abort", stop);
                    reject(new CredentialTimeoutError(name, Date.now() - started));
                };
                const timer = setTimeout(stop, limit);
                if (signal?.aborted) return stop();
                signal?.addEventListener("abort", stop, { once: true });
                credential.getToken(scopes, options).then(
                    (token) => {
                        clearTimeout(timer);
                        signal?.removeEventListener("abort", stop);
                        if (token !== null) rememberSecret(token.token);
                        resolve(token);
                    },
                    (error: unknown) => {
                        clearTimeout(timer);
                        signal?.removeEventListener("abort", stop);
                        reject(error);
                    },
                );
            });
        },
    };
}
