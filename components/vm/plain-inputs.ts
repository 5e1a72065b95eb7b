/**
 * Plain values stay plain: when every input of a derived value is already known at construction, the
 * component computes it right away (validation errors then stop the program before any resource is
 * registered, and 500 VMs do not cost 500 Output chains). Otherwise it waits for the Outputs.
 */
import * as pulumi from "@pulumi/pulumi";

/** True when a value holds no Output or Promise at any depth. */
export function isPlain(value: unknown, seen: Set<unknown> = new Set()): boolean {
    if (value === null || typeof value !== "object") return true;
    if (pulumi.Output.isInstance(value) || typeof (value as { then?: unknown }).then === "function") return false;
    if (pulumi.Resource.isInstance(value) || seen.has(value)) return true;
    seen.add(value);
    return Object.values(value as Record<string, unknown>).every((item) => isPlain(item, seen));
}

/**
 * `f` of the inputs' values: computed now when they are all plain, else an Output of it (Outputs and
 * Promises at any depth are resolved first, as `pulumi.all` does).
 */
export function combine<R>(values: readonly unknown[], f: (values: unknown[]) => R): pulumi.Input<R> {
    if (values.every((value) => isPlain(value))) return f([...values]);
    return pulumi.all(values.map((value) => pulumi.output(value))).apply((resolved) => f(resolved as unknown[]));
}
