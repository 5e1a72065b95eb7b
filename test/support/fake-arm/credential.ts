/**
 * The test credential: hands out the fake ARM server's token and records the scopes asked for. Tests
 * never use DefaultAzureCredential (it probes a managed-identity address off the loopback).
 */
import type { AccessToken, TokenCredential } from "@azure/core-auth";

export class StaticTokenCredential implements TokenCredential {
    readonly scopes: string[] = [];
    constructor(private readonly token: string) {}
    async getToken(scopes: string | string[]): Promise<AccessToken> {
        this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
        return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
    }
}
