/**
 * What a dynamic provider's `check` works with: the engine's placeholder for a value not known during
 * preview (never a failure), and failures as a property path with a reason.
 */

import { UNKNOWN_VALUE } from "../engine";

/** The engine's placeholder for a value not known during preview (@pulumi/pulumi's own, see ../engine). */
export const UNKNOWN = UNKNOWN_VALUE;

/** False for a value that is not known yet (preview): nothing about it can be checked. */
export const known = (value: unknown): boolean => value !== UNKNOWN;

export interface CheckFailure {
    property: string;
    reason: string;
}
