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

import { POLICY_UNKNOWN_SENTINELS, PROXY_TARGET_KEY, secretValue } from "./sdk";

export { POLICY_UNKNOWN_SENTINELS };

/** True for a value the policy SDK marks as unknown during preview. */
export function isPolicyUnknown(value: unknown): boolean {
    return typeof value === "string" && POLICY_UNKNOWN_SENTINELS.has(value);
}

/** The object behind one of the SDK's proxies (or the value itself when it is not one). */
function proxyTarget(props: unknown): unknown {
    if (props === null || typeof props !== "object") return props;
    try {
        const target = (props as Record<string, unknown>)[PROXY_TARGET_KEY];
        return target !== null && typeof target === "object" ? target : props;
    } catch {
        // A proxy that refuses the read: use it as it is; the core's reader handles throwing reads.
        return props;
    }
}

/**
 * The plain object behind the SDK's proxies: one checks for unknowns; when secrets are kept wrapped
 * (sdk/deserialization.ts, and always in remediation) a second one unwraps them on reads.
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
    return secretValue(value);
}

/** The value, or what it holds when it is a policy SDK `Secret`. */
function plain(value: unknown): unknown {
    const secret = secretValue(value);
    return secret ? secret.value : value;
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
    if (tags === record.tags && !entries.some(([, v]) => secretValue(v) !== undefined)) return raw;
    return { ...record, tags: Object.fromEntries(entries.map(([k, v]) => [k, plain(v)])) };
}
