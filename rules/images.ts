/**
 * Looking images up in the catalog (R8, R9, R14). Matching is case-insensitive, as Azure's is.
 */
import { z } from "zod";
import { BoundedCache, type CacheLimits } from "./bounded-cache";
import { AUTOMATIC_PATCHING_LIST, type CatalogImage, DEFAULT_IMAGE_CATALOG } from "./image-catalog";
import type { ImageRef, OsType } from "./profile";

/** What the catalog says about one image. */
export interface ImageSupport {
    /** True when the image is a platform image listed in the catalog. */
    readonly listed: boolean;
    readonly automaticByPlatform: boolean;
    readonly hotpatch: boolean;
    /** The catalog entries that matched, for messages and audits. */
    readonly entries: readonly CatalogImage[];
}

const NOT_LISTED: ImageSupport = { listed: false, automaticByPlatform: false, hotpatch: false, entries: [] };

/**
 * Whether a SKU matches a pattern whose `*` stands for any run of characters (newlines included: every
 * character is the same to it). No regular expression: the pieces between stars are found left to
 * right, each at its first place after the previous one, which is the match if any exists. The work
 * grows with the SKU's length, not with its length times the number of stars, so a crafted SKU cannot
 * stall a preview.
 */
export function skuMatches(pattern: string, sku: string): boolean {
    const p = pattern.toLowerCase();
    const s = sku.toLowerCase();
    if (!p.includes("*")) return p === s;
    const pieces = p.split("*");
    const first = pieces[0];
    const last = pieces[pieces.length - 1];
    if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
    let at = first.length;
    const end = s.length - last.length;
    for (const piece of pieces.slice(1, -1)) {
        if (piece === "") continue;
        const found = s.indexOf(piece, at);
        if (found < 0 || found + piece.length > end) return false;
        at = found + piece.length;
    }
    return true;
}

export function entryMatches(entry: CatalogImage, image: ImageRef): boolean {
    return (
        image.kind === "platform" &&
        entry.publisher.toLowerCase() === image.publisher.toLowerCase() &&
        entry.offer.toLowerCase() === image.offer.toLowerCase() &&
        skuMatches(entry.sku, image.sku)
    );
}

/**
 * Answers per catalog, by image identity (matching ignores case and version). Rules ask several times
 * per VM and fleets reuse a handful of images, while a scan compares every catalog entry; the policy
 * pack checks thousands of VMs per preview. Catalogs are immutable arrays (extendCatalog makes new ones).
 */
const LOOKUPS = new WeakMap<readonly CatalogImage[], BoundedCache<ImageSupport>>();
/** A fleet's images fit many times over; a crafted or mistaken SKU of any length cannot grow it past ~4 MB. */
export const IMAGE_LOOKUP_LIMITS: CacheLimits = { maxEntries: 10_000, maxKeyChars: 2_000_000, maxKeyLength: 2_048 };

export function lookupImage(image: ImageRef, catalog: readonly CatalogImage[] = DEFAULT_IMAGE_CATALOG): ImageSupport {
    if (image.kind !== "platform") return NOT_LISTED;
    let cache = LOOKUPS.get(catalog);
    if (!cache) {
        cache = new BoundedCache(IMAGE_LOOKUP_LIMITS);
        LOOKUPS.set(catalog, cache);
    }
    const key = `${image.publisher}\u0000${image.offer}\u0000${image.sku}`.toLowerCase();
    const cached = cache.get(key);
    if (cached) return cached;
    const entries = catalog.filter((entry) => entryMatches(entry, image));
    const support: ImageSupport =
        entries.length === 0
            ? NOT_LISTED
            : {
                  listed: true,
                  automaticByPlatform: entries.some((e) => e.automaticByPlatform),
                  hotpatch: entries.some((e) => e.hotpatch),
                  entries,
              };
    cache.set(key, support);
    return support;
}

/** Each catalog's OSes by publisher and offer (lower case), built once per catalog: its size bounds it. */
const OFFER_OSES = new WeakMap<readonly CatalogImage[], ReadonlyMap<string, readonly OsType[]>>();

/**
 * The OSes of the catalog's entries for an image's publisher and offer, whatever the SKU (W8 reads an
 * unlisted SKU's OS from its offer). An index, not a scan: the policy pack asks for every VM.
 */
export function offerOses(
    image: ImageRef,
    catalog: readonly CatalogImage[] = DEFAULT_IMAGE_CATALOG,
): readonly OsType[] {
    if (image.kind !== "platform") return [];
    let byOffer = OFFER_OSES.get(catalog);
    if (!byOffer) {
        const index = new Map<string, OsType[]>();
        for (const entry of catalog) {
            const key = `${entry.publisher}\u0000${entry.offer}`.toLowerCase();
            const oses = index.get(key);
            if (!oses) index.set(key, [entry.os]);
            else if (!oses.includes(entry.os)) oses.push(entry.os);
        }
        byOffer = index;
        OFFER_OSES.set(catalog, byOffer);
    }
    return byOffer.get(`${image.publisher}\u0000${image.offer}`.toLowerCase()) ?? [];
}

/**
 * The default catalog plus the caller's entries. A user entry needs only publisher, offer, sku and os;
 * it is recorded with source "user" unless it says otherwise.
 */
export function extendCatalog(
    extra: readonly (Pick<CatalogImage, "publisher" | "offer" | "sku" | "os"> & Partial<CatalogImage>)[],
    base: readonly CatalogImage[] = DEFAULT_IMAGE_CATALOG,
): readonly CatalogImage[] {
    const today = new Date().toISOString().slice(0, 10);
    return [
        ...base,
        ...extra.map((e) => ({
            automaticByPlatform: true,
            hotpatch: false,
            source: "user",
            date: today,
            ...e,
        })),
    ];
}

const SHIPPED = new Set(DEFAULT_IMAGE_CATALOG);

/**
 * The date of a catalog as messages cite it: the date of Microsoft's list when the catalog holds the
 * shipped entries (a user's additions do not make that list newer), else its newest entry's.
 */
export function catalogDate(catalog: readonly CatalogImage[]): string {
    if (catalog.some((entry) => SHIPPED.has(entry))) return AUTOMATIC_PATCHING_LIST.date;
    let newest = "";
    for (const entry of catalog) if (entry.date > newest) newest = entry.date;
    return newest || "(undated)";
}

/** A short human name for an image, for messages. */
export function describeImage(image: ImageRef): string {
    switch (image.kind) {
        case "platform":
            return `${image.publisher}:${image.offer}:${image.sku}`;
        case "custom":
            return `custom image ${image.id}`;
        case "none":
            return "no image reference";
    }
}

const CatalogEntrySchema = z.object({
    publisher: z.string().min(1),
    offer: z.string().min(1),
    sku: z.string().min(1),
    os: z.enum(["Windows", "Linux"]),
    automaticByPlatform: z.boolean(),
    hotpatch: z.boolean(),
    azureEditionFeatures: z.array(z.enum(["Hotpatch", "SMB over QUIC", "Extended Network"])).optional(),
    source: z.string(),
    date: z.string(),
});
const CatalogSchema = z.array(CatalogEntrySchema);

/**
 * A catalog given as an argument, checked before any lookup: an array of entries as `extendCatalog`
 * makes them. undefined means the shipped catalog. A wrong shape is an argument error naming the entry
 * and property, never a TypeError from deep inside a rule.
 */
export function readCatalogArgument(
    value: unknown,
    argument: string,
): { ok: true; catalog: readonly CatalogImage[] } | { ok: false; message: string } {
    if (value === undefined) return { ok: true, catalog: DEFAULT_IMAGE_CATALOG };
    const parsed = CatalogSchema.safeParse(value);
    if (parsed.success) return { ok: true, catalog: value as readonly CatalogImage[] };
    const issue = parsed.error.issues[0];
    const where = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
    const shown = (v: unknown) => (v === undefined ? "(not set)" : typeof v === "string" ? `"${v}"` : describe(v));
    const at = issue.path.reduce<unknown>(
        (v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined),
        value,
    );
    return {
        ok: false,
        message: `${argument}${where} = ${shown(at)}: not an image catalog (${issue.message}). Allowed: an array of catalog entries {publisher, offer, sku, os: "Windows" | "Linux", automaticByPlatform, hotpatch, source, date}, or nothing for the shipped catalog. Fix: build it with extendCatalog([{publisher, offer, sku, os}]), which fills in the rest.`,
    };
}

function describe(value: unknown): string {
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (value === null) return "null";
    return typeof value === "object" ? "an object" : String(value).slice(0, 80);
}
