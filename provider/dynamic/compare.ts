/** How `diff` compares a stored value with a new one. */

/** Equal as stored JSON; absent and null are the same. */
export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Equal as Azure compares names (subscription ids, namespaces, features, resource names): ignoring case. */
export const sameName = (a: unknown, b: unknown): boolean =>
    String(a ?? "").toLowerCase() === String(b ?? "").toLowerCase();
