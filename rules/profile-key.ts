/**
 * A patch profile's content as one string: two profiles with the same key have fields with the same
 * values, raw values, paths, explicitness, secrecy and defaults, so every rule reads the same facts and
 * the rule core gives them the same evaluation. A pack sees thousands of VMs per preview, most of them
 * written from a few templates: their profiles differ in no field (the name and the password are no
 * part of a profile), so it evaluates each distinct profile once (policies/checks.ts).
 *
 * undefined when the profile holds a value this encoding cannot tell apart from another (a wrongly
 * typed raw value that is not plain data, such as a class instance or a proxy): such a profile is
 * evaluated on its own. Keys are never shown: a tag or setting written as a secret is in the key only
 * as what the rule core itself holds, in memory.
 */
import { type PatchProfile, UNKNOWN } from "./profile";

/**
 * Ends each part of a key. Every encoding below delimits itself (a string carries its length, JSON
 * escapes the separator, the other codes are fixed letters and digits), so two different sequences of
 * parts never make the same key.
 */
const SEP = "\u0001";

/**
 * Names of profile parts, by a short id: the readers write the same dozen names for every VM, so the
 * key does not spell them out each time (keys are hashed and compared on every lookup). Bounded: a
 * name past the limit is written out in full.
 */
const NAME_IDS = new Map<string, string>();
const MAX_NAME_IDS = 512;

function nameId(name: string): string {
    let id = NAME_IDS.get(name);
    if (id === undefined) {
        if (NAME_IDS.size >= MAX_NAME_IDS) return `~${text(name)}`;
        id = NAME_IDS.size.toString(36);
        NAME_IDS.set(name, id);
    }
    return id;
}

/** A string by its length and itself: no escaping, so nothing to scan or copy but the key itself. */
function text(value: string): string {
    return `${value.length}:${value}`;
}

export function profileKey(profile: PatchProfile): string | undefined {
    let key = "";
    for (const name in profile) {
        const part = (profile as unknown as Record<string, unknown>)[name];
        const encoded =
            part !== null && typeof part === "object" && "path" in part
                ? fieldKey(part as FieldLike)
                : encodeValue(part);
        if (encoded === undefined) return undefined;
        key += `${nameId(name)}=${encoded}${SEP}`;
    }
    return key;
}

interface FieldLike {
    readonly value: unknown;
    readonly raw?: unknown;
    readonly path: string;
    readonly pathKeys: readonly string[];
    readonly explicit: boolean;
    readonly secret?: boolean;
    readonly defaultBy?: string;
    readonly [more: string]: unknown;
}

/** The parts of a field every field has, encoded in a fixed order; any other part is encoded by name. */
function isFixedPart(name: string): boolean {
    // A switch, not a Set: called for every part of every field of every VM a preview sends.
    switch (name) {
        case "path":
        case "pathKeys":
        case "explicit":
        case "secret":
        case "value":
        case "raw":
        case "defaultBy":
            return true;
        default:
            return false;
    }
}

/** Every part of a field the rules or their messages can read. */
function fieldKey(field: FieldLike): string | undefined {
    let key = isUnwritten(field) ? `${pathPart(field)}${SEP}~` : writtenFieldKey(field);
    if (key === undefined) return undefined;
    for (const name in field) {
        if (isFixedPart(name)) continue;
        const encoded = encodeValue(field[name]);
        if (encoded === undefined) return undefined;
        key += `${SEP}${text(name)}${encoded}`;
    }
    return key;
}

/**
 * A setting the user did not write and nothing defaulted: half of a profile's fields. One code ("~",
 * where a written field's flags are digits) stands for its value, raw value, flags and default.
 */
function isUnwritten(field: FieldLike): boolean {
    return (
        field.value === undefined &&
        field.raw === undefined &&
        !field.explicit &&
        !field.secret &&
        field.defaultBy === undefined &&
        "raw" in field
    );
}

function writtenFieldKey(field: FieldLike): string | undefined {
    const value = encodeValue(field.value);
    // The raw value is most often the value itself (a setting of the right type): one character.
    const raw = !("raw" in field) ? "-" : Object.is(field.raw, field.value) ? "=" : encodeValue(field.raw);
    if (value === undefined || raw === undefined) return undefined;
    const defaultBy = field.defaultBy === undefined ? "" : text(String(field.defaultBy));
    return `${pathPart(field)}${SEP}${field.explicit ? 1 : 0}${field.secret ? 1 : 0}${SEP}${value}${SEP}${raw}${SEP}${defaultBy}`;
}

/**
 * Readers build each property path once (rules/profile.ts, frozen) and hand the same keys to every
 * field read there, so a path is named by a short id instead of its text: keys stay a few hundred
 * characters, and the memo's lookups hash less. Any other path is written out in full.
 */
const PATH_IDS = new WeakMap<readonly string[], { readonly text: string; readonly id: string }>();
let pathCount = 0;

function pathPart(field: FieldLike): string {
    const keys = field.pathKeys;
    if (Array.isArray(keys) && Object.isFrozen(keys)) {
        let known = PATH_IDS.get(keys);
        if (!known) {
            known = { text: field.path, id: `#${(pathCount++).toString(36)}` };
            PATH_IDS.set(keys, known);
        }
        if (known.text === field.path) return known.id;
    }
    return `${JSON.stringify(keys)}${text(String(field.path))}`;
}

/** One value with its type, so that "true" and true, or UNKNOWN and undefined, differ. */
function encodeValue(value: unknown): string | undefined {
    if (value === UNKNOWN) return "?";
    switch (typeof value) {
        case "undefined":
            return "u";
        case "string":
            return `s${text(value)}`;
        case "boolean":
            return value ? "T" : "F";
        case "number":
            return Object.is(value, -0) ? "n-0" : `n${value}`;
        case "object":
            return value === null ? "null" : isPlainData(value, 0) ? `o${JSON.stringify(value)}` : undefined;
        default:
            return undefined;
    }
}

/**
 * Plain data all the way down (plain objects, arrays, strings, finite numbers, booleans, null): what
 * JSON.stringify encodes without loss. A prototype, an accessor, a symbol key or an unknown marker
 * would not survive it, so such a value gives no key.
 */
function isPlainData(value: unknown, depth: number): boolean {
    if (depth > 16) return false;
    if (value === null || typeof value === "string" || typeof value === "boolean") return true;
    if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
    if (typeof value !== "object") return false;
    try {
        if (Array.isArray(value)) {
            // A hole and null both encode as null: only arrays without holes give a key.
            for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainData(value[i], depth + 1)) return false;
            return true;
        }
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) return false;
        if (Object.getOwnPropertySymbols(value).length > 0) return false;
        for (const name of Object.keys(value)) {
            const descriptor = Object.getOwnPropertyDescriptor(value, name);
            if (!descriptor || !("value" in descriptor) || !isPlainData(descriptor.value, depth + 1)) return false;
        }
        return true;
    } catch {
        // A proxy that refuses to be read.
        return false;
    }
}
