/**
 * What the policy SDK hands a policy, turned back into plain values the rule core reads.
 *
 * During `pulumi preview` a property computed from another resource is unknown. @pulumi/policy marks
 * such values with sentinel strings and wraps the properties in a proxy that throws UnknownValueError
 * when a policy reads one. The rule core has its own UNKNOWN and never throws: the pack reads the
 * proxy's target (plain values, sentinels included) and tells the core which values are unknown.
 * Reading through the proxy would work too (the core's reader turns a throwing read into UNKNOWN);
 * the target is read because it is faster and keeps the unknown's exact place.
 */

import { Secret } from "@pulumi/policy";

/**
 * The policy SDK's unknown sentinels, one per type (`@pulumi/policy/proxy`; the engine sends the
 * string one for every unknown). Protocol constants: the tests check them against the SDK.
 */
export const POLICY_UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (and the engine's only unknown)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The key under which the SDK's proxies hand out their target (`getSpecialProxyTarget`). */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** True for a value the policy SDK marks as unknown during preview. */
export function isPolicyUnknown(value: unknown): boolean {
    return typeof value === "string" && POLICY_UNKNOWN_SENTINELS.has(value);
}

/** The object behind one of the SDK's proxies (or the value itself when it is not one). */
function proxyTarget(props: unknown): unknown {
    if (props === null || typeof props !== "object") return props;
    try {
        const target = (props as Record<string, unknown>)[PROXY_TARGET];
        return target !== null && typeof target === "object" ? target : props;
    } catch {
        // A proxy that refuses the read: use it as it is; the core's reader handles throwing reads.
        return props;
    }
}

/**
 * The plain object behind the SDK's proxies: one checks for unknowns; when secrets are kept wrapped
 * (deserialization.ts, and always in remediation) a second one unwraps them on reads.
 * Secrets stay `Secret` wrappers in the result, for {@link unwrapSecret}.
 */
export function rawProperties(props: unknown): unknown {
    let current = props;
    for (let depth = 0; depth < 4; depth++) {
        const next = proxyTarget(current);
        if (next === current) break;
        current = next;
    }
    return current;
}

/** For the rule core's reader: what a policy SDK `Secret` holds; undefined for any other value. */
export function unwrapSecret(value: unknown): { secret: true; value: unknown } | undefined {
    return value instanceof Secret ? { secret: true, value: value.value } : undefined;
}

/** The value, or what it holds when it is a policy SDK `Secret`. */
function plain(value: unknown): unknown {
    return value instanceof Secret ? value.value : value;
}

/**
 * Tags with their secret values unwrapped. Tag values are matched (W4's record of a custom patching
 * solution, exemptions) but never shown in a message, so they can be read as plain values.
 */
export function withPlainTags(raw: unknown): unknown {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
    const record = raw as Record<string, unknown>;
    const tags = plain(record.tags);
    if (tags === null || typeof tags !== "object" || Array.isArray(tags)) {
        return tags === record.tags ? raw : { ...record, tags };
    }
    const entries = Object.entries(tags as Record<string, unknown>);
    if (tags === record.tags && !entries.some(([, v]) => v instanceof Secret)) return raw;
    return { ...record, tags: Object.fromEntries(entries.map(([k, v]) => [k, plain(v)])) };
}
