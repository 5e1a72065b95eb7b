/** Results as plain JSON, so they can be stored in state and printed: dates as ISO strings, no undefined. */

export const iso = (d: Date | undefined) => (d === undefined ? undefined : d.toISOString());

export function definedOnly<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
