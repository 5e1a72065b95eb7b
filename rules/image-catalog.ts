/**
 * The image catalog (R8, R9, R14): which platform images support AutomaticByPlatform patching and which
 * are hotpatch-capable. Data only: the matching lives in `images.ts`.
 *
 * Every entry says where it came from and when, so the list can be checked and updated (Microsoft adds
 * images regularly); users extend it with `extendCatalog` or the policy pack's `extraSupportedImages`.
 * Publisher, offer and SKU match case-insensitively (Azure does); a `*` in a SKU matches any run of
 * characters.
 */
import type { OsType } from "./profile";

export interface CatalogImage {
    readonly publisher: string;
    readonly offer: string;
    /** The marketplace SKU; `*` matches any run of characters. */
    readonly sku: string;
    readonly os: OsType;
    /** Supported for patchMode AutomaticByPlatform (R14). */
    readonly automaticByPlatform: boolean;
    /** Hotpatch-capable (R8, R9). */
    readonly hotpatch: boolean;
    /** Windows Server Azure Edition features of the image (seed 004), when known. */
    readonly azureEditionFeatures?: readonly AzureEditionFeature[];
    /** Where the entry comes from: a seed id, a public document, or "user". */
    readonly source: string;
    /** When the source said so (YYYY-MM-DD). */
    readonly date: string;
}

export type AzureEditionFeature = "Hotpatch" | "SMB over QUIC" | "Extended Network";

const WINDOWS = { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", os: "Windows" } as const;

const SEED_000 = "seed 000 (Automatic VM guest patching for Windows VMs, supported OS images)";
const SEED_004 = "seed 004 (Automanage for Windows Server, Azure Edition capability matrix)";
const HOTPATCH_DOC =
    "learn.microsoft.com/windows-server/get-started/hotpatch (supported images) and azurerm's hotpatch SKU list";

/** The seeds' list, with the seeds' translated names replaced by the real SKU ids (DOMAIN.md). */
const SEED_IMAGES: readonly CatalogImage[] = [
    "2012-R2-Datacenter",
    "2016-Datacenter",
    "2016-Datacenter-Server-Core",
    "2019-Datacenter",
    // The seeds write 2019-Datacenter-Server-Core; the marketplace SKU is 2019-Datacenter-Core.
    "2019-Datacenter-Server-Core",
    "2019-Datacenter-Core",
].map((sku) => ({ ...WINDOWS, sku, automaticByPlatform: true, hotpatch: false, source: SEED_000, date: "2020-09-09" }));

/** Windows Server Azure Edition images whose Core variants are hotpatch-capable (seed 004, current docs). */
const AZURE_EDITION_IMAGES: readonly CatalogImage[] = [
    {
        ...WINDOWS,
        sku: "2022-datacenter-azure-edition",
        automaticByPlatform: true,
        hotpatch: false,
        azureEditionFeatures: ["SMB over QUIC", "Extended Network"],
        source: SEED_004,
        date: "2021-11-02",
    },
    ...["2022-datacenter-azure-edition-core", "2022-datacenter-azure-edition-core-smalldisk"].map((sku) => ({
        ...WINDOWS,
        sku,
        automaticByPlatform: true,
        hotpatch: true,
        azureEditionFeatures: ["Hotpatch", "SMB over QUIC", "Extended Network"] as const,
        source: SEED_004,
        date: "2021-11-02",
    })),
    ...[
        "2022-datacenter-azure-edition-hotpatch",
        "2022-datacenter-azure-edition-hotpatch-smalldisk",
        "2025-datacenter-azure-edition",
        "2025-datacenter-azure-edition-smalldisk",
        "2025-datacenter-azure-edition-core",
        "2025-datacenter-azure-edition-core-smalldisk",
    ].map((sku) => ({ ...WINDOWS, sku, automaticByPlatform: true, hotpatch: true, source: HOTPATCH_DOC, date: "2025-11-01" })),
];

/**
 * The current public list of images supported for AutomaticByPlatform (Windows and Linux), from
 * Microsoft's "Automatic VM guest patching" documentation.
 */
// CURRENT-PUBLIC-LIST: filled from the public documentation, each entry with its source and date.
const CURRENT_PUBLIC_IMAGES: readonly CatalogImage[] = [];

/** The catalog shipped with the library. Later entries do not override earlier ones: any match counts. */
export const DEFAULT_IMAGE_CATALOG: readonly CatalogImage[] = [
    ...SEED_IMAGES,
    ...AZURE_EDITION_IMAGES,
    ...CURRENT_PUBLIC_IMAGES,
];
