/**
 * The VM's admin password as the transition guard keeps it: never the password, only a salted
 * HMAC-SHA256 digest, enough to tell whether the next run's password is the same (R17: a password
 * change needs a new VM, see rules/transition-rules/r17-create-only-vm-inputs.ts).
 *
 * Why HMAC and not a slow hash (scrypt): the guard checks every VM on every preview, and a slow hash
 * costs tens of milliseconds per VM. A slow hash would only matter to someone who can read the
 * stack's secrets, and they can read the password itself from the VM's own state (azure-native keeps
 * osProfile.adminPassword there as a secret). The digest is a secret output of the guard too
 * (additionalSecretOutputs), so it is encrypted in the state like the password is.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What the guard stores under `adminPassword`: the digest and its salt, never the password. */
export interface PasswordDigest {
    readonly algorithm: "HMAC-SHA256";
    /** base64, 16 random bytes per VM. */
    readonly salt: string;
    /** base64 HMAC-SHA256 of the password keyed by the salt. */
    readonly digest: string;
}

export function isPasswordDigest(value: unknown): value is PasswordDigest {
    if (value === null || typeof value !== "object") return false;
    const record = value as Record<string, unknown>;
    return record.algorithm === "HMAC-SHA256" && typeof record.salt === "string" && typeof record.digest === "string";
}

/** The password's digest with the given salt (a stored digest's, to compare), or a new random salt. */
export function digestPassword(password: string, salt?: string): PasswordDigest {
    const key = salt ?? randomBytes(16).toString("base64");
    return {
        algorithm: "HMAC-SHA256",
        salt: key,
        digest: createHmac("sha256", Buffer.from(key, "base64")).update(password, "utf8").digest("base64"),
    };
}

/** Whether two digests of one salt are equal, in constant time. */
export function sameDigest(a: PasswordDigest, b: PasswordDigest): boolean {
    const x = Buffer.from(a.digest, "base64");
    const y = Buffer.from(b.digest, "base64");
    return a.salt === b.salt && x.length === y.length && timingSafeEqual(x, y);
}
