/**
 * Lets the pack tell a secret from a plain value, so that no secret reaches a message.
 *
 * The policy SDK's Analyze handler deserializes a resource's properties with secrets unwrapped, so a
 * policy cannot see which patch setting, image id or tag was a secret. Its Remediate handler keeps
 * them wrapped (`Secret`) behind a proxy that still reads as plain values. This makes Analyze do the
 * same in the pack's own process: what policies read through the SDK's proxy is unchanged, and the
 * wrappers stay visible in the proxy's target, which the pack reads (raw-properties.ts) and hands to
 * the rule core as secret fields (shown as "[secret]").
 *
 * It replaces one function of the pinned @pulumi/policy (1.21.0): server.js calls
 * `deserialize.deserializeProperties(struct, proxySecrets)` through the module's exports. If a later
 * SDK no longer does, nothing changes and the pack still never reads credentials (see docs). The tests
 * check through the real analyzer that a secret patch setting shows as [secret].
 */

interface DeserializeModule {
    deserializeProperties: ((struct: unknown, proxySecrets: boolean) => unknown) & { keepsSecrets?: boolean };
}

/** Makes the SDK keep secrets wrapped for every policy in this process. Returns whether it applied. */
export function keepSecretsWrapped(): boolean {
    const deserialize = require("@pulumi/policy/deserialize") as DeserializeModule;
    const original = deserialize.deserializeProperties;
    if (typeof original !== "function") return false;
    if (original.keepsSecrets) return true;
    const keeping: DeserializeModule["deserializeProperties"] = (struct) => original(struct, true);
    keeping.keepsSecrets = true;
    deserialize.deserializeProperties = keeping;
    return true;
}
