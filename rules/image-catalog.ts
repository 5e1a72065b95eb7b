/**
 * The image catalog (R8, R9, R14): which platform images support AutomaticByPlatform patching and which
 * are hotpatch-capable. Data only: the matching lives in `images.ts`.
 *
 * Every entry says where it came from and when, so the list can be checked and updated (Microsoft adds
 * images regularly); users extend it with `extendCatalog` or the policy pack's `extraSupportedImages`.
 * Publisher, offer and SKU match case-insensitively (Azure does); a `*` in a SKU matches any run of
 * characters.
 *
 * To update: compare the tables below with the current "Supported OS images" section of Microsoft's
 * automatic VM guest patching article and its hotpatch article, then change the SKU lists and the
 * table's `date` (the article's ms.date, or the commit date when only the commit is known).
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
    /** Windows Server Azure Edition features of the image (Microsoft's Automanage article, 2021), when known. */
    readonly azureEditionFeatures?: readonly AzureEditionFeature[];
    /** Where the entry comes from: a public document, or "user". */
    readonly source: string;
    /** When the source said so (YYYY-MM-DD). */
    readonly date: string;
}

export type AzureEditionFeature = "Hotpatch" | "SMB over QUIC" | "Extended Network";

const WINDOWS = { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", os: "Windows" } as const;

/**
 * Microsoft's first automatic VM guest patching article (Windows only), "Supported OS images", as of
 * its 2020-09-09 revision (MicrosoftDocs/azure-docs articles/virtual-machines/windows/
 * automatic-vm-guest-patching.md; the page now redirects to the current article).
 */
const GUEST_PATCHING_DOC_2020 =
    "docs.microsoft.com/azure/virtual-machines/windows/automatic-vm-guest-patching (2020 revision, supported OS images)";
/** Microsoft's "Azure Automanage for Windows Server" article, Azure Edition capabilities (2021-07-09). */
const AUTOMANAGE_DOC_2021 =
    "learn.microsoft.com/azure/automanage/automanage-windows-server-services-overview (2021 revision, Azure Edition capabilities)";

/**
 * Microsoft's automatic VM guest patching article, "Supported OS images". Both stored revisions of
 * the article (commits 0ba239a8 and f9c32359) carry the same tables and ms.date 07/31/2024.
 */
const GUEST_PATCHING_DOC =
    "learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching " +
    "(MicrosoftDocs/azure-compute-docs articles/virtual-machines/automatic-vm-guest-patching.md, commit 0ba239a8)";
const GUEST_PATCHING_DOC_DATE = "2024-07-31";

/** Microsoft's list of images supported for automatic guest patching, as the shipped catalog has it. */
export const AUTOMATIC_PATCHING_LIST = {
    url: "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#supported-os-images",
    source: GUEST_PATCHING_DOC,
    date: GUEST_PATCHING_DOC_DATE,
} as const;

/**
 * Windows Server's hotpatch article, "Supported platforms". Its 2023-07-27 revision lists the four 2022
 * SKUs; the 2024-10-14 revision adds the four 2025 SKUs. The Terraform azurerm provider's
 * `IsValidHotPatchSourceImageReference` (internal/services/compute/helpers/shared_schema.go, commit
 * 2b7827cf) and the guest patching article's "Hotpatchable" table list the same eight SKUs.
 */
const HOTPATCH_DOC =
    "learn.microsoft.com/windows-server/get-started/hotpatch " +
    "(MicrosoftDocs/windowsserverdocs WindowsServerDocs/get-started/hotpatch.md); same list in azurerm's hotpatch SKU list";
const HOTPATCH_DOC_DATE = "2024-10-14";

/** The 2020 article's list (the first images automatic guest patching supported), by marketplace SKU id. */
const FIRST_IMAGES: readonly CatalogImage[] = [
    "2012-R2-Datacenter",
    "2016-Datacenter",
    "2016-Datacenter-Server-Core",
    "2019-Datacenter",
    // The 2020 article writes 2019-Datacenter-Server-Core; the marketplace SKU is 2019-Datacenter-Core.
    // The current article lists only 2019-Datacenter-Core; the 2020 spelling stays, as that article wrote it.
    "2019-Datacenter-Server-Core",
    "2019-Datacenter-Core",
].map((sku) => ({
    ...WINDOWS,
    sku,
    automaticByPlatform: true,
    hotpatch: false,
    source: GUEST_PATCHING_DOC_2020,
    date: "2020-09-09",
}));

/**
 * Windows Server Azure Edition images. The hotpatch-capable list is the one the current sources
 * (HOTPATCH_DOC, azurerm, the guest patching article's "Hotpatchable" table) agree on SKU for SKU. Not
 * added, on purpose:
 * - Microsoft's 2021 hotpatch preview article (MicrosoftDocs/azure-docs articles/automanage/
 *   automanage-hotpatch.md) ran the preview on "Windows Server 2019 Datacenter: Azure Edition"; no
 *   current source lists a 2019 Azure Edition SKU as supported or hotpatch-capable.
 * - the hotpatch article's Azure Arc table (2025-Datacenter-Edition, 2025-Standard-Edition) is about
 *   Arc-connected machines, not Azure VM marketplace images.
 * - the guest patching article lists two preview offers whose SKUs are named "...-hotpatch"
 *   (WindowsServerHotpatch-previews and MicrosoftServerOperatingSystems-previews) in its
 *   non-hotpatchable table, and no hotpatch source lists them: they are AutomaticByPlatform-only below.
 */
const AZURE_EDITION_IMAGES: readonly CatalogImage[] = [
    {
        ...WINDOWS,
        // Desktop Experience: the Automanage article gives it no Hotpatch; the current sources agree.
        sku: "2022-datacenter-azure-edition",
        automaticByPlatform: true,
        hotpatch: false,
        azureEditionFeatures: ["SMB over QUIC", "Extended Network"],
        source: AUTOMANAGE_DOC_2021,
        date: "2021-07-09",
    },
    ...["2022-datacenter-azure-edition-core", "2022-datacenter-azure-edition-core-smalldisk"].map((sku) => ({
        ...WINDOWS,
        sku,
        automaticByPlatform: true,
        hotpatch: true,
        azureEditionFeatures: ["Hotpatch", "SMB over QUIC", "Extended Network"] as const,
        source: AUTOMANAGE_DOC_2021,
        date: "2021-07-09",
    })),
    ...[
        "2022-datacenter-azure-edition-hotpatch",
        "2022-datacenter-azure-edition-hotpatch-smalldisk",
        // Unlike 2022, the 2025 Azure Edition with Desktop Experience is hotpatch-capable.
        "2025-datacenter-azure-edition",
        "2025-datacenter-azure-edition-smalldisk",
        "2025-datacenter-azure-edition-core",
        "2025-datacenter-azure-edition-core-smalldisk",
    ].map((sku) => ({
        ...WINDOWS,
        sku,
        automaticByPlatform: true,
        hotpatch: true,
        source: HOTPATCH_DOC,
        date: HOTPATCH_DOC_DATE,
    })),
];

/** One table of a source document: publisher -> offer -> SKUs, every row with the same flags. */
interface SourceTable {
    readonly source: string;
    readonly date: string;
    readonly os: OsType;
    readonly hotpatch: boolean;
    readonly images: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

function entriesOf(table: SourceTable): CatalogImage[] {
    return Object.entries(table.images).flatMap(([publisher, offers]) =>
        Object.entries(offers).flatMap(([offer, skus]) =>
            skus.map((sku) => ({
                publisher,
                offer,
                sku,
                os: table.os,
                automaticByPlatform: true,
                hotpatch: table.hotpatch,
                source: table.source,
                date: table.date,
            })),
        ),
    );
}

/** The guest patching article's "Supported Windows Images (Hotpatchable)" table. */
const WINDOWS_HOTPATCHABLE: SourceTable = {
    source: GUEST_PATCHING_DOC,
    date: GUEST_PATCHING_DOC_DATE,
    os: "Windows",
    hotpatch: true,
    images: {
        MicrosoftWindowsServer: {
            WindowsServer: [
                "2025-datacenter-azure-edition",
                "2025-datacenter-azure-edition-core",
                "2025-datacenter-azure-edition-smalldisk",
                "2025-datacenter-azure-edition-core-smalldisk",
                "2022-datacenter-azure-edition-core-smalldisk",
                "2022-datacenter-azure-edition-core",
                "2022-datacenter-azure-edition-hotpatch",
                "2022-datacenter-azure-edition-hotpatch-smalldisk",
            ],
        },
    },
};

/**
 * The guest patching article's "Supported Windows Images (non-Hotpatchable)" table, as written. The
 * article repeats its eight hotpatchable SKUs in this table too; the hotpatch sources say they are
 * hotpatch-capable, so those rows only confirm AutomaticByPlatform support (they are folded into the
 * hotpatch entries when the catalog is built).
 */
const WINDOWS_OTHER: SourceTable = {
    source: GUEST_PATCHING_DOC,
    date: GUEST_PATCHING_DOC_DATE,
    os: "Windows",
    hotpatch: false,
    images: {
        "Center-for-Internet-Security-Inc": {
            "cis-windows-server-2019-v1-0-0-l2": ["cis-ws2019-l2"],
            "cis-windows-server": [
                "cis-windows-server2019-l1-gen1",
                "cis-windows-server2022-l1-gen1",
                "cis-windows-server2022-l1-gen2",
                "cis-windows-server2022-l2-gen2",
            ],
            "cis-windows-server-2022-l2": ["cis-windows-server-2022-l2-gen2"],
        },
        MicrosoftWindowsServer: {
            WindowsServer: [
                "2008-R2-SP1",
                "2012-R2-Datacenter",
                "2012-R2-Datacenter-gensecond",
                "2012-R2-Datacenter-smalldisk",
                "2012-R2-Datacenter-smalldisk-g2",
                "2016-Datacenter",
                "2016-datacenter-gensecond",
                "2016-Datacenter-Server-Core",
                "2016-datacenter-smalldisk",
                "2016-datacenter-with-containers",
                "2019-Datacenter",
                "2019-Datacenter-Core",
                "2019-datacenter-gensecond",
                "2019-datacenter-smalldisk",
                "2019-datacenter-smalldisk-g2",
                "2019-datacenter-with-containers",
                "2022-datacenter",
                "2022-datacenter-azure-edition",
                "2022-datacenter-azure-edition-core",
                "2022-datacenter-azure-edition-core-smalldisk",
                "2022-datacenter-azure-edition-hotpatch",
                "2022-datacenter-azure-edition-hotpatch-smalldisk",
                "2022-datacenter-azure-edition-smalldisk",
                "2022-datacenter-core",
                "2022-datacenter-core-g2",
                "2022-datacenter-g2",
                "2022-datacenter-smalldisk",
                "2022-datacenter-smalldisk-g2",
                "2025-datacenter-azure-edition",
                "2025-datacenter-azure-edition-core",
                "2025-datacenter-azure-edition-core-smalldisk",
                "2025-datacenter-azure-edition-smalldisk",
                "2025-datacenter",
                "2025-datacenter-core",
                "2025-datacenter-core-smalldisk",
                "2025-datacenter-smalldisk",
            ],
            "WindowsServerHotpatch-previews": ["windows-server-2022-azure-edition-hotpatch"],
            "MicrosoftServerOperatingSystems-previews": ["windows-server-2025-azure-edition-hotpatch"],
        },
    },
};

/**
 * The guest patching article's "Supported Linux Images" table. Publisher ids as the article writes them
 * (it writes "Redhat" for the RedHat publisher; matching ignores case). Earlier revisions (2021) also
 * listed OpenLogic CentOS/centos-lvm; the current one lists no OpenLogic, Oracle or Debian image, so
 * none is here: add them with `extendCatalog` if Microsoft lists them again.
 */
const LINUX: SourceTable = {
    source: GUEST_PATCHING_DOC,
    date: GUEST_PATCHING_DOC_DATE,
    os: "Linux",
    hotpatch: false,
    images: {
        AlmaLinux: {
            "almalinux-hpc": [
                "8-hpc-gen2",
                "8_5-hpc",
                "8_5-hpc-gen2",
                "8_6-hpc",
                "8_6-hpc-gen2",
                "8_7-hpc-gen1",
                "8_7-hpc-gen2",
                "8_10-hpc-gen1",
                "8_10-hpc-gen2",
            ],
        },
        Canonical: {
            UbuntuServer: ["16.04-LTS", "16.04.0-LTS", "18.04-LTS", "18_04-LTS-arm64", "18_04-LTS-gen2"],
            "ubuntu-24_04-lts": ["cvm", "server", "server-arm64", "server-gen1", "ubuntu-pro", "ubuntu-pro-cvm"],
            "0001-com-ubuntu-confidential-vm-focal": ["20_04-lts-cvm"],
            "0001-com-ubuntu-confidential-vm-jammy": ["22_04-lts-cvm"],
            "0001-com-ubuntu-pro-bionic": ["pro-18_04-lts"],
            "0001-com-ubuntu-pro-focal": ["pro-20_04-lts", "pro-20_04-lts-gen2"],
            "0001-com-ubuntu-pro-jammy": ["pro-22_04-lts-gen2"],
            "0001-com-ubuntu-server-focal": ["20_04-lts", "20_04-lts-arm64", "20_04-lts-gen2"],
            "0001-com-ubuntu-server-jammy": ["22_04-lts", "22_04-lts-arm64", "22_04-lts-gen2"],
        },
        "Center-for-Internet-Security-Inc": {
            "cis-rhel-7-v2-2-0-l1": ["cis-redhat7-l1"],
            "cis-rhel": [
                "cis-redhat7-l2-gen1",
                "cis-redhat8-l1-gen1",
                "cis-redhat8-l1-gen2",
                "cis-redhat8-l2-gen1",
                "cis-redhat9-l1-gen2",
                "cis-redhat9-l2-gen2",
            ],
            "cis-ubuntu-linux-2004-l1": ["cis-ubuntu-linux-2004-l1"],
            "cis-ubuntu-linux-2204-l1": ["cis-ubuntu-linux-2204-l1"],
            "cis-ubuntu": [
                "cis-ubuntulinux2004-l1-gen1",
                "cis-ubuntulinux2204-l1-gen2",
                "cis-ubuntulinux2404-l1-gen1",
                "cis-ubuntulinux2404-l1-gen2",
            ],
        },
        MicrosoftCblMariner: {
            "azure-linux-3": ["azure-linux-3-gen2"],
            "cbl-mariner": [
                "cbl-mariner-1",
                "1-gen2",
                "cbl-mariner-2",
                "cbl-mariner-2-arm64",
                "cbl-mariner-2-gen2",
                "cbl-mariner-2-gen2-fips",
            ],
        },
        "Microsoft-AKS": {
            aks: ["aks-engine-ubuntu-1804-202112"],
        },
        "Microsoft-DSVM": {
            "aml-workstation": ["ubuntu-20", "ubuntu-20-gen2"],
            "ubuntu-hpc": ["1804", "1804-ncv4", "2004", "2004-preview-ndv5", "2204", "2204-preview-ndv5"],
        },
        Redhat: {
            RHEL: [
                "7.2",
                "7.3",
                "7.4",
                "7.5",
                "7.6",
                "7.7",
                "7.8",
                "7_9",
                "7-lvm",
                "7-raw",
                "8",
                "8.1",
                "81gen2",
                "8.2",
                "82gen2",
                "8_3",
                "83-gen2",
                "8_4",
                "84-gen2",
                "8_5",
                "85-gen2",
                "8_6",
                "86-gen2",
                "8_7",
                "8_8",
                "8_10",
                "8-lvm",
                "8-lvm-gen2",
                "9_0",
                "9_1",
                "9_2",
                "9_3",
                "9_4",
                "9-lvm",
                "9-lvm-gen2",
            ],
            "RHEL-RAW": ["8-raw", "8-raw-gen2"],
            "RHEL-ARM64": ["8_6-arm64", "9_0-arm64", "9_1-arm64"],
            "RHEL-SAP-APPS": ["86sapapps-gen2", "88sapapps-gen2"],
            "RHEL-SAP-HA": ["86sapha-gen2", "88sapha-gen2"],
        },
        SUSE: {
            "sles-12-sp5": ["gen1", "gen2"],
            "sles-15-sp2": ["gen1", "gen2"],
            "sles-sap-15-sp4": ["gen2"],
            "sles-sap-15-sp5": ["gen2"],
        },
    },
};

/**
 * The current public list of images supported for AutomaticByPlatform (Windows and Linux), from
 * Microsoft's "Automatic VM guest patching" documentation. The article uses no SKU patterns, so neither
 * does this list.
 */
const CURRENT_PUBLIC_IMAGES: readonly CatalogImage[] = [WINDOWS_HOTPATCHABLE, WINDOWS_OTHER, LINUX].flatMap(entriesOf);

const sameImage = (a: CatalogImage, b: CatalogImage): boolean =>
    a.publisher.toLowerCase() === b.publisher.toLowerCase() &&
    a.offer.toLowerCase() === b.offer.toLowerCase() &&
    a.sku.toLowerCase() === b.sku.toLowerCase();

/**
 * Drops an entry that an earlier entry for the same image already covers (it claims nothing the
 * earlier one does not). Several sources list the same image; since any matching entry counts, a
 * repeat adds no support, only noise in audits. The first listing is kept: the 2020 article, then the hotpatch
 * sources, then the guest patching article.
 */
function withoutRepeats(entries: readonly CatalogImage[]): CatalogImage[] {
    const kept: CatalogImage[] = [];
    for (const entry of entries) {
        const covered = kept.some(
            (k) =>
                sameImage(k, entry) &&
                (k.automaticByPlatform || !entry.automaticByPlatform) &&
                (k.hotpatch || !entry.hotpatch),
        );
        if (!covered) kept.push(entry);
    }
    return kept;
}

/** The catalog shipped with the library. Later entries do not override earlier ones: any match counts. */
export const DEFAULT_IMAGE_CATALOG: readonly CatalogImage[] = withoutRepeats([
    ...FIRST_IMAGES,
    ...AZURE_EDITION_IMAGES,
    ...CURRENT_PUBLIC_IMAGES,
]);
