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

export function lookupImage(image: ImageRef, catalog: readonly CatalogImage[] = DEFAULT_IMAGE_CATALOG): ImageSupport {
    if (image.kind !== "platform") return NOT_LISTED;
    const entries = catalog.filter((entry) => entryMatches(entry, image));
    if (entries.length === 0) return NOT_LISTED;
    return {
        listed: true,
        automaticByPlatform: entries.some((e) => e.automaticByPlatform),
        hotpatch: entries.some((e) => e.hotpatch),
        entries,
    };
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
