/**
 * Reading properties out of whatever a user or the engine hands us (plain objects, objects with unknown
 * values, wrong types, null) without ever throwing. Shape-specific readers build on these.
 *
 * The policy pack reads every VM of every preview through here, so paths are built once per shape
 * ({@link propertyPath}) and a read allocates only its result.
 */
import type { Field, ImageRef, PropertyPath, RawField, Unknown } from "../profile";
import { childPath, UNKNOWN } from "../profile";

export { childPath, type PropertyPath, propertyPath } from "../profile";

export interface ReadOptions {
    /**
     * Recognises the caller's representation of an unknown (preview) value, e.g. the policy SDK's
     * unknown sentinels. {@link UNKNOWN} is always recognised.
     */
    readonly isUnknown?: (value: unknown) => boolean;
    /**
     * Recognises secret wrappers and returns what they hold; the field is then marked secret and never
     * shown in messages. Wrappers are objects: it is called for object values only, and may return
     * undefined for a value that is not one.
     */
    readonly unwrapSecret?: (value: unknown) => { readonly secret: boolean; readonly value: unknown } | undefined;
}

interface Lookup {
    /** undefined when absent; UNKNOWN when the value or an object on the way is unknown. */
    readonly value: unknown;
    readonly present: boolean;
    readonly secret: boolean;
}

const ABSENT: Lookup = { value: undefined, present: false, secret: false };

/** Lists are entered by index only (extensions.0.type); any other key of a list is absent. */
const LIST_INDEX = /^\d+$/;

export interface ImagePaths {
    /** The `{publisher, offer, sku, version}` object of a platform image. */
    readonly reference: PropertyPath;
    readonly publisher: PropertyPath;
    readonly offer: PropertyPath;
    readonly sku: PropertyPath;
    readonly version: PropertyPath;
    /** Where a custom image's id may be written, in order. */
    readonly customIds: readonly PropertyPath[];
}

export function imagePaths(reference: PropertyPath, customIds: readonly PropertyPath[]): ImagePaths {
    return {
        reference,
        publisher: childPath(reference, "publisher"),
        offer: childPath(reference, "offer"),
        sku: childPath(reference, "sku"),
        version: childPath(reference, "version"),
        customIds,
    };
}

export class PropertyReader {
    /** Whether a secret wrapper was opened since the current lookup began. */
    private secretSeen = false;

    constructor(
        private readonly root: unknown,
        private readonly options: ReadOptions = {},
    ) {}

    /** The value behind a secret wrapper (recording that it was one), or UNKNOWN for an unknown value. */
    private open(value: unknown): unknown {
        if (value === UNKNOWN) return UNKNOWN;
        let current = value;
        const { unwrapSecret, isUnknown } = this.options;
        if (unwrapSecret && current !== null && typeof current === "object") {
            try {
                const unwrapped = unwrapSecret(current);
                if (unwrapped) {
                    if (unwrapped.secret) this.secretSeen = true;
                    current = unwrapped.value;
                }
            } catch {
                // A reader must not throw; an unreadable wrapper is treated as an unknown secret.
                this.secretSeen = true;
                return UNKNOWN;
            }
            if (current === UNKNOWN) return UNKNOWN;
        }
        if (isUnknown && current !== undefined && current !== null) {
            try {
                if (isUnknown(current)) return UNKNOWN;
            } catch {
                return UNKNOWN;
            }
        }
        return current;
    }

    /** The opened value of `key` in `holder`; undefined when absent, UNKNOWN when the holder is unknown. */
    private child(holder: unknown, key: string): unknown {
        if (holder === UNKNOWN) return UNKNOWN;
        try {
            if (holder === null || typeof holder !== "object") return undefined;
            if (Array.isArray(holder))
                return LIST_INDEX.test(key) ? this.open((holder as unknown[])[Number(key)]) : undefined;
            return this.open(serializedEntry(holder as Record<string, unknown>, key));
        } catch {
            // A proxy that refuses access: the policy SDK's unknown-checking proxy, or a revoked one.
            return UNKNOWN;
        }
    }

    /**
     * The last lookup's walk: its keys, and the opened value and secrecy after each step (index 0: the
     * root). A reader reads a dozen settings under the same few objects (osProfile.windowsConfiguration.
     * patchSettings.patchMode, then .assessmentMode...), and the pack reads every VM of every preview:
     * a lookup resumes from the longest prefix it shares with the last one instead of walking from the
     * root again. The root is opened once per reader; a reader never writes to what it reads.
     */
    private walkKeys: readonly string[] = [];
    private readonly walkValues: unknown[] = [];
    private readonly walkSecrets: boolean[] = [];
    /** How many entries of walkValues and walkSecrets hold the last walk (0: none yet). */
    private walked = 0;

    /** The value at a path. */
    lookup(path: PropertyPath): Lookup {
        const keys = path.keys;
        let depth = 0;
        let current: unknown;
        if (this.walked === 0) {
            this.secretSeen = false;
            current = this.open(this.root);
            this.walkValues[0] = current;
            this.walkSecrets[0] = this.secretSeen;
        } else {
            const last = this.walkKeys;
            // Entry d holds the value after d keys; the last walk went walked - 1 keys deep.
            while (depth < keys.length && depth < this.walked - 1 && keys[depth] === last[depth]) depth++;
            current = this.walkValues[depth];
            this.secretSeen = this.walkSecrets[depth];
        }
        this.walkKeys = keys;
        this.walked = depth + 1;
        for (; depth < keys.length; depth++) {
            current = this.child(current, keys[depth]);
            this.walkValues[depth + 1] = current;
            this.walkSecrets[depth + 1] = this.secretSeen;
            this.walked = depth + 2;
            if (current === undefined) return this.secretSeen ? { ...ABSENT, secret: true } : ABSENT;
        }
        if (current === UNKNOWN) return { value: UNKNOWN, present: true, secret: this.secretSeen };
        // null is how an engine or a user says "not set".
        const present = current !== undefined && current !== null;
        return { value: present ? current : undefined, present, secret: this.secretSeen };
    }

    /** The first of several paths that is present (e.g. a current name before its deprecated alias). */
    first(paths: readonly PropertyPath[], from = 0): { path: PropertyPath; lookup: Lookup } {
        for (let i = from; i < paths.length; i++) {
            const lookup = this.lookup(paths[i]);
            if (lookup.present) return { path: paths[i], lookup };
        }
        return { path: paths[0], lookup: ABSENT };
    }

    private typed<T>(paths: readonly PropertyPath[], is: (v: unknown) => v is T): RawField<T> {
        let path = paths[0];
        let lookup = this.lookup(path);
        if (!lookup.present && paths.length > 1) {
            const later = this.first(paths, 1);
            // None present: the first path, and what was found there (a secret wrapper stays noted).
            if (later.lookup.present) ({ path, lookup } = later);
        }
        const raw = lookup.value;
        const value: T | Unknown | undefined = raw === UNKNOWN ? UNKNOWN : is(raw) ? raw : undefined;
        return { value, raw, path: path.text, pathKeys: path.keys, explicit: lookup.present, secret: lookup.secret };
    }

    string(...paths: PropertyPath[]): RawField<string> {
        return this.typed(paths, isString);
    }

    boolean(...paths: PropertyPath[]): RawField<boolean> {
        return this.typed(paths, isBoolean);
    }

    record(path: PropertyPath): Field<Readonly<Record<string, unknown>> | undefined> {
        const lookup = this.lookup(path);
        const v = lookup.value;
        let value: Readonly<Record<string, unknown>> | Unknown | undefined;
        try {
            value =
                v === UNKNOWN
                    ? UNKNOWN
                    : v !== null && typeof v === "object" && !isList(v)
                      ? serializedRecord(v as Record<string, unknown>)
                      : undefined;
        } catch {
            // A proxy that refuses access (a revoked one, or the policy SDK's unknown-checking proxy):
            // what it holds cannot be known, and a reader must not throw.
            value = UNKNOWN;
        }
        return { value, path: path.text, pathKeys: path.keys, explicit: lookup.present, secret: lookup.secret };
    }

    /**
     * Whether an item of the list at `path` has `key` equal to one of `values` (ignoring case). UNKNOWN
     * when none does but an unknown list, item or key could: rules must not guess.
     */
    someItem(path: PropertyPath, key: string, values: readonly string[]): Field<boolean> {
        const list = this.lookup(path).value;
        const at = { path: path.text, pathKeys: path.keys };
        if (list === UNKNOWN) return { ...at, explicit: true, value: UNKNOWN };
        if (!isList(list)) return { ...at, explicit: false, value: false };
        let length: number;
        try {
            length = list.length;
        } catch {
            return { ...at, explicit: true, value: UNKNOWN };
        }
        const field = { ...at, explicit: length > 0 };
        let unknown = false;
        for (let i = 0; i < length; i++) {
            const item = this.child(this.child(list, String(i)), key);
            if (item === UNKNOWN) unknown = true;
            else if (typeof item === "string" && values.some((v) => v.toLowerCase() === item.toLowerCase()))
                return { ...field, value: true };
        }
        return { ...field, value: unknown ? UNKNOWN : false };
    }

    /** An image from `{publisher, offer, sku, version}`, or a custom image id. */
    image(paths: ImagePaths): Field<ImageRef> {
        const publisher = this.string(paths.publisher);
        const offer = this.string(paths.offer);
        const sku = this.string(paths.sku);
        const custom = this.first(paths.customIds);
        const path = paths.reference.text;
        const pathKeys = paths.reference.keys;
        // A secret publisher, offer, SKU or id makes the whole reference secret: messages name none of it.
        const secret = publisher.secret || offer.secret || sku.secret || custom.lookup.secret;
        if (
            publisher.value === UNKNOWN ||
            offer.value === UNKNOWN ||
            sku.value === UNKNOWN ||
            custom.lookup.value === UNKNOWN
        ) {
            return { value: UNKNOWN, path, pathKeys, explicit: true, secret };
        }
        if (typeof publisher.value === "string" && typeof offer.value === "string" && typeof sku.value === "string") {
            const version = this.string(paths.version).value;
            return {
                value: {
                    kind: "platform",
                    publisher: publisher.value,
                    offer: offer.value,
                    sku: sku.value,
                    ...(typeof version === "string" ? { version } : {}),
                },
                path,
                pathKeys,
                explicit: true,
                secret,
            };
        }
        if (custom.lookup.present) {
            return {
                // An id that is not a string is shown as written, not converted (its toString may throw).
                value: {
                    kind: "custom",
                    id: typeof custom.lookup.value === "string" ? custom.lookup.value : "(not a string)",
                },
                path: custom.path.text,
                pathKeys: custom.path.keys,
                explicit: true,
                secret,
            };
        }
        return { value: { kind: "none" }, path, pathKeys, explicit: false, secret };
    }
}

/**
 * An own `__proto__` key (JSON.parse and Object.defineProperty make one; an object literal does not) is
 * not dropped on its way to the engine: Pulumi's serializer copies each key with `result[key] = value`,
 * which makes the `__proto__` value the copy's prototype, and protobuf's Struct.fromJavaScript then
 * walks the copy with `for...in`, prototype included. So the engine, the policy pack and Azure get
 * the `__proto__` object's keys as the holder's own, wherever the holder has none of that name (an own
 * `undefined` is dropped by the serializer, so it does not hide one). The rule core reads a program's
 * objects the same way, or it would judge settings Azure never gets and miss the ones it does.
 * Serializer: @pulumi/pulumi runtime/rpc.ts serializeProperty
 * (https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/runtime/rpc.ts); Struct.fromJavaScript:
 * google-protobuf struct_pb.js (https://github.com/protocolbuffers/protobuf-javascript).
 */
const PROTO_KEY = "__proto__";

function serializedEntry(holder: Record<string, unknown>, key: string): unknown {
    let current: Record<string, unknown> = holder;
    // Bounded: each step goes one `__proto__` deeper; a cycle (only possible by hand) ends as absent.
    for (let depth = 0; depth < 32; depth++) {
        if (Object.hasOwn(current, key) && current[key] !== undefined) return current[key];
        if (key === PROTO_KEY || !Object.hasOwn(current, PROTO_KEY)) return undefined;
        const next = current[PROTO_KEY];
        if (next === null || typeof next !== "object" || isList(next)) return undefined;
        current = next as Record<string, unknown>;
    }
    return undefined;
}

/** A record as the engine gets it: the keys of an own `__proto__` object merged in (see {@link serializedEntry}). */
function serializedRecord(record: Record<string, unknown>): Record<string, unknown> {
    if (!Object.hasOwn(record, PROTO_KEY)) return record;
    const merged: Record<string, unknown> = Object.create(null);
    let current: unknown = record;
    for (let depth = 0; depth < 32 && current !== null && typeof current === "object" && !isList(current); depth++) {
        for (const [key, value] of Object.entries(current)) {
            if (key !== PROTO_KEY && value !== undefined && !Object.hasOwn(merged, key)) merged[key] = value;
        }
        current = Object.hasOwn(current, PROTO_KEY) ? (current as Record<string, unknown>)[PROTO_KEY] : undefined;
    }
    return merged;
}

function isString(v: unknown): v is string {
    return typeof v === "string";
}

function isBoolean(v: unknown): v is boolean {
    return typeof v === "boolean";
}

/** Array.isArray that does not throw (it does on a revoked proxy). */
function isList(value: unknown): value is readonly unknown[] {
    try {
        return Array.isArray(value);
    } catch {
        return false;
    }
}

/** A field that does not exist for this shape (e.g. enableAutomaticUpdates on Linux). */
export function absent<T>(path: PropertyPath): RawField<T> {
    return { value: undefined, raw: undefined, path: path.text, pathKeys: path.keys, explicit: false };
}

/** A value the provider sets when the user does not (classic azurerm sends some defaults explicitly). */
export function withProviderDefault<T>(field: RawField<T>, providerDefault: T, provider: string): RawField<T> {
    return field.explicit
        ? field
        : { ...field, value: providerDefault, defaultBy: `${provider} sends ${String(providerDefault)}` };
}
