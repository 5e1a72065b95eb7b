/**
 * What a dynamic provider's `check` works with: the engine's placeholder for a value not known during
 * preview (never a failure), and failures as a property path with a reason.
 */

/** The engine's placeholder for a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** False for a value that is not known yet (preview): nothing about it can be checked. */
export const known = (value: unknown): boolean => value !== UNKNOWN;

export interface CheckFailure {
    property: string;
    reason: string;
}
