/**
 * Looking images up in the catalog (R8, R9, R14). Matching is case-insensitive, as Azure's is.
 */
import { type CatalogImage, DEFAULT_IMAGE_CATALOG } from "./image-catalog";
import type { ImageRef } from "./profile";

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

function skuMatches(pattern: string, sku: string): boolean {
    const p = pattern.toLowerCase();
    const s = sku.toLowerCase();
    if (!p.includes("*")) return p === s;
    const parts = p.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${parts.join(".*")}$`).test(s);
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
const LOOKUPS = new WeakMap<readonly CatalogImage[], Map<string, ImageSupport>>();
const MAX_CACHED_IMAGES = 10_000;

export function lookupImage(image: ImageRef, catalog: readonly CatalogImage[] = DEFAULT_IMAGE_CATALOG): ImageSupport {
    if (image.kind !== "platform") return NOT_LISTED;
    let cache = LOOKUPS.get(catalog);
    if (!cache) {
        cache = new Map();
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
    if (cache.size < MAX_CACHED_IMAGES) cache.set(key, support);
    return support;
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
