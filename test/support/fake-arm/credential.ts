/**
 * The test credentials: one hands out the fake ARM server's token and records the scopes asked for;
 * one never answers, ignoring its abort signal, as a stuck `az` or an unreachable identity endpoint
 * would. Tests never use DefaultAzureCredential (it probes a managed-identity address off the loopback).
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";

export class StaticTokenCredential implements TokenCredential {
    readonly scopes: string[] = [];
    constructor(private readonly token: string) {}
    async getToken(scopes: string | string[]): Promise<AccessToken> {
        this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
        return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
    }
}

export class HangingCredential implements TokenCredential {
    calls = 0;
    getToken(_scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
        this.calls++;
        return new Promise(() => {});
    }
}

/** What @azure/identity's credentials throw when their source is not there (no `az login`, no identity). */
export class UnavailableCredential implements TokenCredential {
    async getToken(): Promise<AccessToken> {
        const error = new Error("EnvironmentCredential is unavailable. No credentials found.");
        error.name = "CredentialUnavailableError";
        throw error;
    }
}

/** Connections whose credential settings name these tenants get the hanging or unavailable credential. */
export const HANGING_CREDENTIAL_TENANT = "00000000-0000-0000-0000-0000000000de";
export const UNAVAILABLE_CREDENTIAL_TENANT = "00000000-0000-0000-0000-0000000000ad";

/** The test credential a connection asks for, by its tenant: hanging, unavailable, or the fake's token. */
export function credentialFor(connection: { credential?: { tenantId?: string } }, token: string): TokenCredential {
    switch (connection.credential?.tenantId) {
        case HANGING_CREDENTIAL_TENANT:
            return new HangingCredential();
        case UNAVAILABLE_CREDENTIAL_TENANT:
            return new UnavailableCredential();
        default:
            return new StaticTokenCredential(token);
    }
}
