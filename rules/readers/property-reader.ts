/**
 * Reading properties out of whatever a user or the engine hands us (plain objects, objects with unknown
 * values, wrong types, null) without ever throwing. Shape-specific readers build on these.
 */
import type { Field, ImageRef, RawField, Unknown } from "../profile";
import { UNKNOWN } from "../profile";

export interface ReadOptions {
    /**
     * Recognises the caller's representation of an unknown (preview) value, e.g. the policy SDK's
     * unknown sentinels. {@link UNKNOWN} is always recognised.
     */
    readonly isUnknown?: (value: unknown) => boolean;
    /**
     * Recognises secret wrappers and returns what they hold; the field is then marked secret and never
     * shown in messages.
     */
    readonly unwrapSecret?: (value: unknown) => { readonly secret: boolean; readonly value: unknown };
}

interface Lookup {
    /** undefined when absent; UNKNOWN when the value or an object on the way is unknown. */
    readonly value: unknown;
    readonly present: boolean;
    readonly secret: boolean;
}

export class PropertyReader {
    constructor(
        private readonly root: unknown,
        private readonly options: ReadOptions = {},
    ) {}

    private unwrap(value: unknown): { value: unknown; secret: boolean; unknown: boolean } {
        let secret = false;
        let current = value;
        if (this.options.unwrapSecret) {
            try {
                const unwrapped = this.options.unwrapSecret(current);
                secret = unwrapped.secret;
                current = unwrapped.value;
            } catch {
                // A reader must not throw; an unreadable wrapper is treated as unknown.
                return { value: UNKNOWN, secret: true, unknown: true };
            }
        }
        let unknown = current === UNKNOWN;
        if (!unknown && this.options.isUnknown) {
            try {
                unknown = this.options.isUnknown(current);
            } catch {
                unknown = true;
            }
        }
        return { value: unknown ? UNKNOWN : current, secret, unknown };
    }

    /** The value at a path of property names. */
    lookup(path: readonly string[]): Lookup {
        let current = this.unwrap(this.root);
        let secret = current.secret;
        for (const key of path) {
            if (current.unknown) return { value: UNKNOWN, present: true, secret };
            const holder = current.value;
            let next: unknown;
            try {
                // Lists are entered by index only (extensions.0.type); any other key of a list is absent.
                if (holder === null || typeof holder !== "object" || (Array.isArray(holder) && !/^\d+$/.test(key))) {
                    return { value: undefined, present: false, secret };
                }
                next = Object.hasOwn(holder, key) ? (holder as Record<string, unknown>)[key] : undefined;
            } catch {
                // A proxy that refuses access: the policy SDK's unknown-checking proxy, or a revoked one.
                next = UNKNOWN;
            }
            current = this.unwrap(next);
            secret = secret || current.secret;
        }
        const value = current.value;
        // null is how an engine or a user says "not set".
        const present = value !== undefined && value !== null;
        return { value: present ? value : undefined, present, secret };
    }

    /** The first of several paths that is present (e.g. a current name before its deprecated alias). */
    first(paths: readonly (readonly string[])[]): { path: readonly string[]; lookup: Lookup } {
        for (const path of paths) {
            const lookup = this.lookup(path);
            if (lookup.present) return { path, lookup };
        }
        return { path: paths[0], lookup: { value: undefined, present: false, secret: false } };
    }

    private typed<T>(paths: readonly (readonly string[])[], is: (v: unknown) => v is T): RawField<T> {
        const { path, lookup } = this.first(paths);
        const raw = lookup.value;
        const value: T | Unknown | undefined = raw === UNKNOWN ? UNKNOWN : is(raw) ? raw : undefined;
        return { value, raw, path: path.join("."), explicit: lookup.present, secret: lookup.secret };
    }

    string(...paths: (readonly string[])[]): RawField<string> {
        return this.typed(paths, (v): v is string => typeof v === "string");
    }

    boolean(...paths: (readonly string[])[]): RawField<boolean> {
        return this.typed(paths, (v): v is boolean => typeof v === "boolean");
    }

    record(path: readonly string[]): Field<Readonly<Record<string, unknown>> | undefined> {
        const lookup = this.lookup(path);
        const v = lookup.value;
        const value =
            v === UNKNOWN
                ? UNKNOWN
                : v !== null && typeof v === "object" && !isList(v)
                  ? (v as Record<string, unknown>)
                  : undefined;
        return { value, path: path.join("."), explicit: lookup.present, secret: lookup.secret };
    }

    /** The items of a list, each read like any property (an unknown item is UNKNOWN); [] when absent. */
    list(path: readonly string[]): { value: readonly unknown[] | Unknown; path: string } {
        const lookup = this.lookup(path);
        const v = lookup.value;
        if (v === UNKNOWN) return { value: UNKNOWN, path: path.join(".") };
        if (!isList(v)) return { value: [], path: path.join(".") };
        let length: number;
        try {
            length = v.length;
        } catch {
            return { value: UNKNOWN, path: path.join(".") };
        }
        return {
            value: Array.from({ length }, (_, i) => this.lookup([...path, String(i)]).value),
            path: path.join("."),
        };
    }

    /**
     * Whether an item of the list at `path` has `key` equal to one of `values` (ignoring case). UNKNOWN
     * when none does but an unknown list, item or key could: rules must not guess.
     */
    someItem(path: readonly string[], key: string, values: readonly string[]): Field<boolean> {
        const list = this.list(path);
        const field = { path: list.path, explicit: list.value === UNKNOWN || list.value.length > 0 };
        if (list.value === UNKNOWN) return { ...field, value: UNKNOWN };
        const wanted = values.map((v) => v.toLowerCase());
        let unknown = false;
        for (let i = 0; i < list.value.length; i++) {
            const item = this.lookup([...path, String(i), key]).value;
            if (item === UNKNOWN) unknown = true;
            else if (typeof item === "string" && wanted.includes(item.toLowerCase())) return { ...field, value: true };
        }
        return { ...field, value: unknown ? UNKNOWN : false };
    }

    /** An image from `{publisher, offer, sku, version}` at `platformPath`, or a custom image id. */
    image(platformPath: readonly string[], customIdPaths: readonly (readonly string[])[]): Field<ImageRef> {
        const publisher = this.string([...platformPath, "publisher"]);
        const offer = this.string([...platformPath, "offer"]);
        const sku = this.string([...platformPath, "sku"]);
        const custom = this.first(customIdPaths);
        const parts = [publisher, offer, sku];
        const path = platformPath.join(".");
        // A secret publisher, offer, SKU or id makes the whole reference secret: messages name none of it.
        const secret = parts.some((f) => f.secret) || custom.lookup.secret;
        if (parts.some((f) => f.value === UNKNOWN) || custom.lookup.value === UNKNOWN) {
            return { value: UNKNOWN, path, explicit: true, secret };
        }
        if (typeof publisher.value === "string" && typeof offer.value === "string" && typeof sku.value === "string") {
            const version = this.string([...platformPath, "version"]).value;
            return {
                value: {
                    kind: "platform",
                    publisher: publisher.value,
                    offer: offer.value,
                    sku: sku.value,
                    ...(typeof version === "string" ? { version } : {}),
                },
                path,
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
                path: custom.path.join("."),
                explicit: true,
                secret,
            };
        }
        return { value: { kind: "none" }, path, explicit: false, secret };
    }
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
export function absent<T>(path: string): RawField<T> {
    return { value: undefined, raw: undefined, path, explicit: false };
}

/** A value the provider sets when the user does not (classic azurerm sends some defaults explicitly). */
export function withProviderDefault<T>(field: RawField<T>, providerDefault: T, provider: string): RawField<T> {
    return field.explicit
        ? field
        : { ...field, value: providerDefault, defaultBy: `${provider} sends ${String(providerDefault)}` };
}
