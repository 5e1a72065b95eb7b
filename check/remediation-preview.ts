/**
 * What a policy at level "remediate" would do in `pulumi preview`: the engine asks the pack to
 * remediate each resource's inputs before it analyses them, and analyses the remediated inputs. The
 * offline check does the same, and reports each remediation with the properties it writes, so a
 * remediated finding reads as fixed-by-the-pack, not as a violation that fails the run.
 */
import { ENGINE_UNKNOWN, SECRET_SIG, SECRET_SIG_KEY } from "./engine/analyzer-client";

/** One property a remediation changes. Values are shown, secrets as "[secret]". */
export interface PropertyChange {
    /** Dotted property path (array items as [i]). */
    readonly path: string;
    readonly from: unknown;
    readonly to: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSecret(value: unknown): boolean {
    return isRecord(value) && value[SECRET_SIG_KEY] === SECRET_SIG;
}

function shown(value: unknown): unknown {
    if (isSecret(value)) return "[secret]";
    if (value === ENGINE_UNKNOWN) return "(unknown)";
    return value;
}

function join(prefix: string, key: string | number): string {
    return typeof key === "number" ? `${prefix}[${key}]` : prefix ? `${prefix}.${key}` : key;
}

/** The properties that differ between two engine-representation values, leaves first-found order. */
export function propertyChanges(before: unknown, after: unknown, prefix = ""): PropertyChange[] {
    if (before === after) return [];
    if (isSecret(before) || isSecret(after)) {
        const inner = propertyChanges(
            isSecret(before) ? (before as { value: unknown }).value : before,
            isSecret(after) ? (after as { value: unknown }).value : after,
            prefix,
        );
        return inner.map((c) => ({ path: c.path, from: "[secret]", to: "[secret]" }));
    }
    if (isRecord(before) && isRecord(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
        return keys.flatMap((k) => propertyChanges(before[k], after[k], join(prefix, k)));
    }
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
        return before.flatMap((v, i) => propertyChanges(v, after[i], join(prefix, i)));
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    return [{ path: prefix || "(all properties)", from: shown(before), to: shown(after) }];
}

/** "osProfile.x = false (was true)", one change per clause. */
export function describeChanges(changes: readonly PropertyChange[]): string {
    return changes
        .map(
            (c) =>
                `${c.path} = ${JSON.stringify(c.to) ?? "(removed)"} (was ${c.from === undefined ? "not set" : JSON.stringify(c.from)})`,
        )
        .join("; ");
}
