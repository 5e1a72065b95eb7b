/**
 * Evaluations shared between profiles with the same content ({@link profileKey}): the rule core is a
 * pure function of a profile and the options, so a fleet written from a few templates needs a few
 * evaluations, not one per VM. The policy pack keeps one memo for its process; each preview sends it
 * every VM of the stack.
 *
 * The evaluations it returns are shared: callers read them and never change them (Evaluation's fields
 * are readonly).
 */
import { BoundedCache, type CacheLimits } from "./bounded-cache";
import { type EvaluateOptions, evaluateProfile } from "./evaluate";
import type { Evaluation } from "./findings";
import type { CatalogImage } from "./image-catalog";
import { DEFAULT_IMAGE_CATALOG } from "./image-catalog";
import type { PatchProfile } from "./profile";
import { profileKey } from "./profile-key";

/**
 * Room for every distinct profile of a large fleet; a profile key is a few hundred characters (more
 * with many tags), so the keys stay under ~20 MB, and a profile with a key longer than any template
 * would write (a crafted tag set) is evaluated without being kept.
 */
export const EVALUATION_MEMO_LIMITS: CacheLimits = { maxEntries: 20_000, maxKeyChars: 10_000_000, maxKeyLength: 8_192 };

/**
 * The options other than the catalog: flags, listed here so that an option added to EvaluateOptions
 * does not compile until the memo tells its values apart (else two choices would share answers).
 */
const FLAGS: Readonly<Record<Exclude<keyof EvaluateOptions, "catalog">, true>> = {
    errorsOnly: true,
    uniformScaleSetAutomaticPatching: true,
};
const FLAG_NAMES = Object.keys(FLAGS) as (keyof typeof FLAGS)[];

export class EvaluationMemo {
    /** One cache per catalog (catalogs are immutable arrays) and per choice of options. */
    private readonly byCatalog = new WeakMap<readonly CatalogImage[], Map<string, BoundedCache<Evaluation>>>();

    constructor(private readonly limits: CacheLimits = EVALUATION_MEMO_LIMITS) {}

    /** What `evaluateProfile(profile, options)` returns, computed once per distinct profile and options. */
    evaluate(profile: PatchProfile, options: EvaluateOptions = {}): Evaluation {
        const key = profileKey(profile);
        if (key === undefined) return evaluateProfile(profile, options);
        const cache = this.cacheFor(options);
        const known = cache.get(key);
        if (known) return known;
        const evaluation = evaluateProfile(profile, options);
        cache.set(key, evaluation);
        return evaluation;
    }

    private cacheFor(options: EvaluateOptions): BoundedCache<Evaluation> {
        const catalog = options.catalog ?? DEFAULT_IMAGE_CATALOG;
        let byChoices = this.byCatalog.get(catalog);
        if (!byChoices) {
            byChoices = new Map();
            this.byCatalog.set(catalog, byChoices);
        }
        // Called for every resource of a preview: a string of digits, no intermediate array.
        let choices = "";
        for (const flag of FLAG_NAMES) choices += options[flag] === true ? "1" : "0";
        let cache = byChoices.get(choices);
        if (!cache) {
            cache = new BoundedCache(this.limits);
            byChoices.set(choices, cache);
        }
        return cache;
    }
}
