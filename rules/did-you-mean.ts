/**
 * "Did you mean" for enumerated values: Microsoft's own guest patching article once carried the typo
 * `AutomaticByPlatfom` (its translations still do), and Azure's own error for it only says the value
 * is invalid.
 */
import { distance } from "fastest-levenshtein";

/** The closest allowed value when the written one is a near miss (case or a few letters), else none. */
export function closestValue(written: string, allowed: readonly string[]): string | undefined {
    let best: { value: string; distance: number } | undefined;
    for (const value of allowed) {
        const d = distance(written.toLowerCase(), value.toLowerCase());
        if (best === undefined || d < best.distance) best = { value, distance: d };
    }
    if (best === undefined) return undefined;
    // A third of the length tolerates a dropped or swapped letter or two, not a different word.
    return best.distance <= Math.max(2, Math.floor(best.value.length / 3)) ? best.value : undefined;
}

/** A sentence start for fixes: `did you mean "AutomaticByPlatform"? ` or nothing. */
export function suggest(written: string, allowed: readonly string[]): string {
    const closest = closestValue(written, allowed);
    return closest === undefined ? "" : `did you mean "${closest}"? Otherwise `;
}
