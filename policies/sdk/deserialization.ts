/**
 * Adapter (the policy SDK's deserializer, replaced in place; contract: test/policies/sdk/policy-sdk.contract.test.ts).
 *
 * How the policy SDK deserializes a resource's properties in this pack's process: secrets kept
 * wrapped, and once per request rather than once per policy.
 *
 * Secrets: the SDK's Analyze handler deserializes with secrets unwrapped, so a policy cannot see which
 * patch setting, image id or tag was a secret. Its Remediate handler keeps them wrapped (`Secret`)
 * behind a proxy that still reads as plain values. Analyze here does the same: what policies read
 * through the SDK's proxy is unchanged, and the wrappers stay visible in the proxy's target, which the
 * pack reads (../raw-properties.ts) and hands to the rule core as secret fields (shown as "[secret]").
 *
 * Once per request: the SDK deserializes the request's properties again for each policy, though the
 * request is the same (`req.getProperties()` returns the same Struct each time). Here the second
 * policy gets the object the first one got, so it is read and evaluated once (checks.ts keys its
 * memo on it). Policies never write to it; remediation copies what it changes (remediation.ts). The
 * last few requests' objects are kept by identity (../recent-objects.ts, not a WeakMap: cheaper for
 * the garbage collector).
 *
 * It replaces one function of the pinned @pulumi/policy (1.21.0), which reads a Struct only through
 * its `toJavaScript()`: server.js calls
 * `deserialize.deserializeProperties(struct, proxySecrets)` through the module's exports. If the
 * function is missing, the pack refuses to start (index.ts). If a later SDK exported it but no longer
 * called it through the exports, policies would get unwrapped secrets and a secret patch setting could
 * show in a message: the tests check through the real analyzer that it shows as [secret], so such an
 * SDK fails them before it reaches the pack's pinned version.
 */

import { RECENT_REQUESTS, RecentObjects } from "../recent-objects";
import { decodedProperties } from "./request-decoding";

type Deserialize = ((struct: unknown, proxySecrets: boolean) => unknown) & { packDeserialization?: true };

interface DeserializeModule {
    deserializeProperties: Deserialize;
}

/** Installs the pack's deserialization for every policy in this process. Returns whether it applied. */
export function installPackDeserialization(): boolean {
    const deserialize = require("@pulumi/policy/deserialize") as DeserializeModule;
    const original = deserialize.deserializeProperties;
    if (typeof original !== "function") return false;
    if (original.packDeserialization) return true;
    const recent = new RecentObjects<object, { readonly props: unknown }>(RECENT_REQUESTS);
    const packDeserialization: Deserialize = (struct) => {
        if (struct === null || typeof struct !== "object") return original(struct, true);
        const known = recent.get(struct);
        if (known) return known.props;
        // Properties the pack's request decoding (./request-decoding.ts) already turned into plain values
        // go to the SDK as what it reads of a Struct, `toJavaScript()`; any other struct, as it is.
        const decoded = decodedProperties(struct);
        const props = original(decoded ? { toJavaScript: () => decoded } : struct, true);
        recent.set(struct, { props });
        return props;
    };
    packDeserialization.packDeserialization = true;
    deserialize.deserializeProperties = packDeserialization;
    return true;
}
