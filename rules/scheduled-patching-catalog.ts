/**
 * Azure Update Manager's list of marketplace images supported for scheduled patching (customer-managed
 * schedules: AutomaticByPlatform with bypassPlatformSafetyChecksOnUserSchedule = true and a maintenance
 * configuration), as data with its source and date on every entry. It is a different list from the
 * automatic-patching catalog (image-catalog.ts): Update Manager supports many images for schedules
 * that automatic guest patching does not (Debian, Oracle Linux, Rocky, every Canonical image...).
 *
 * Source: Microsoft's "Support matrix for Azure Update Manager" (updates), ms.date 2025-01-06
 * (MicrosoftDocs/azure-docs articles/update-manager/support-matrix-updates.md, commit 051502b4). Its
 * rows use `*` in offers and SKUs, and some list excluded SKUs. This file holds the rows of the main
 * operating-system publishers (Microsoft, Canonical, Red Hat, SUSE, Oracle, Debian, AlmaLinux, Rocky,
 * CIS); the article lists more vendor appliances. Publisher, offer and SKU match case-insensitively.
 *
 * To update: compare with the article's current marketplace tables and change the rows and the date.
 */
import { skuMatches } from "./images";
import type { ImageRef, OsType } from "./profile";

export interface ScheduledPatchingImage {
    readonly publisher: string;
    /** `*` matches any run of characters. */
    readonly offer: string;
    /** `*` matches any run of characters. */
    readonly sku: string;
    readonly os: OsType;
    /** SKUs of the row the source lists as not supported. */
    readonly excludedSkus?: readonly string[];
    readonly source: string;
    /** When the source said so (its ms.date). */
    readonly date: string;
}

export const UPDATE_MANAGER_SUPPORT_LIST = {
    url: "https://learn.microsoft.com/azure/update-manager/support-matrix-updates",
    source: "learn.microsoft.com/azure/update-manager/support-matrix-updates (MicrosoftDocs/azure-docs articles/update-manager/support-matrix-updates.md, commit 051502b4)",
    date: "2025-01-06",
} as const;

type Row = readonly [publisher: string, offer: string, skus: readonly string[], excluded?: readonly string[]];

const WINDOWS_ROWS: readonly Row[] = [
    ["microsoftwindowsserver", "windowsserver", ["*"]],
    ["microsoftwindowsserver", "windowsserver-hub", ["2012-r2-datacenter-hub", "2016-datacenter-hub"]],
    ["microsoftwindowsserver", "windows-cvm", ["*"]],
    ["microsoftwindowsserver", "windowsserverdotnet", ["*"]],
    ["microsoftwindowsserver", "windowsserver-gen2preview", ["*"]],
    ["microsoftwindowsserver", "windowsserversemiannual", ["*"]],
    ["microsoftwindowsserver", "windowsserverupgrade", ["*"]],
    ["microsoftwindowsserverhpcpack", "windowsserverhpcpack", ["*"]],
    ["microsoftsqlserver", "*", ["*"]],
    ["microsoftvisualstudio", "visualstudio*", ["*-ws2012r2", "*-ws2016", "*-ws2019", "*-ws2022"]],
    ["microsoft-dsvm", "dsvm-windows", ["*"]],
    ["microsoft-dsvm", "dsvm-win-2019", ["*"]],
    ["microsoft-dsvm", "dsvm-win-2022", ["*"]],
    ["microsoftbiztalkserver", "biztalk-server", ["*"]],
    ["microsoftdynamicsax", "dynamics", ["*"]],
    ["microsoftpowerbi", "*", ["*"]],
    ["microsoftsharepoint", "microsoftsharepointserver", ["*"]],
    ["center-for-internet-security-inc", "cis-windows-server-2022-l1", ["*"]],
    ["center-for-internet-security-inc", "cis-windows-server-2022-l2", ["*"]],
    [
        "center-for-internet-security-inc",
        "cis-windows-server",
        [
            "cis-windows-server2016-l*",
            "cis-windows-server2019-l*",
            "cis-windows-server2022-l*",
            "cis-windows-server2019-stig-gen1",
        ],
        ["cis-windows-server-l*-azure-observability"],
    ],
];

const LINUX_ROWS: readonly Row[] = [
    ["canonical", "*", ["*"]],
    ["redhat", "rhel", ["7*", "8*", "9*"]],
    ["redhat", "rhel-raw", ["7*", "8*", "9*"]],
    ["redhat", "rhel-byos", ["rhel-raw76", "rhel-lvm7*", "rhel-lvm8*", "rhel-lvm92", "rhel-lvm-92-gen2"]],
    ["redhat", "rhel-ha", ["8*", "9_2", "9_2-gen2"], ["81_gen2"]],
    ["redhat", "rhel-sap-apps", ["7*", "8*", "9_0", "90sapapps-gen2", "9_2", "92sapapps-gen2"]],
    ["redhat", "rhel-sap-ha", ["7*", "8*", "9_2", "92sapha-gen2"]],
    ["suse", "sles-12-sp5", ["gen1", "gen2"]],
    ["suse", "sles-15-sp2", ["gen1", "gen2"]],
    ["suse", "sles-15-sp3-basic", ["gen1", "gen2"]],
    ["suse", "sles-15-sp4", ["gen*"]],
    ["suse", "sles-15-sp5", ["gen*"]],
    ["suse", "sles-sap-15-*", ["gen*"]],
    ["oracle", "oracle-linux", ["7*", "ol7*", "ol8*", "ol9*", "ol9-lvm*", "8", "8-ci", "81", "81-ci", "81-gen2"]],
    ["debian", "debian-10", ["10", "10-gen2", "10-backports", "10-backports-gen2"]],
    ["debian", "debian-11", ["11", "11-gen2", "11-backports", "11-backports-gen2"]],
    ["almalinux", "almalinux", ["8-gen*", "9-gen*"]],
    ["almalinux", "almalinux-x86_64", ["8_7-gen2", "8-gen*", "9-gen*"]],
    ["erockyenterprisesoftwarefoundationinc1653071250513", "rockylinux", ["free"]],
    ["erockyenterprisesoftwarefoundationinc1653071250513", "rockylinux-9", ["rockylinux-9"]],
    ["microsoftcblmariner", "cbl-mariner", ["cbl-mariner-1", "1-gen2", "cbl-mariner-2", "cbl-mariner-2-gen2"]],
    ["openlogic", "centos", ["7*"], ["8*"]],
    [
        "center-for-internet-security-inc",
        "cis-rhel",
        ["cis-redhat7-l1-gen1", "cis-redhat8-l*-gen1", "cis-redhat9-l1-gen*"],
    ],
    [
        "center-for-internet-security-inc",
        "cis-ubuntu",
        ["cis-ubuntu1804-l1", "cis-ubuntulinux2004-l1-gen1", "cis-ubuntulinux2204-l1-gen*"],
    ],
];

function entries(rows: readonly Row[], os: OsType): ScheduledPatchingImage[] {
    return rows.flatMap(([publisher, offer, skus, excluded]) =>
        skus.map((sku) => ({
            publisher,
            offer,
            sku,
            os,
            ...(excluded ? { excludedSkus: excluded } : {}),
            source: UPDATE_MANAGER_SUPPORT_LIST.source,
            date: UPDATE_MANAGER_SUPPORT_LIST.date,
        })),
    );
}

/** The marketplace images Update Manager supports for scheduled patching (rows of the source, see above). */
export const SCHEDULED_PATCHING_IMAGES: readonly ScheduledPatchingImage[] = [
    ...entries(WINDOWS_ROWS, "Windows"),
    ...entries(LINUX_ROWS, "Linux"),
];

/**
 * The operating systems whose custom images (Azure Compute Gallery included) Update Manager supports
 * for scheduled patching, from the same article (2025-01-06). It validates nothing up front: support
 * shows when an operation runs (Microsoft's "manage updates for customized images").
 */
export const SCHEDULED_PATCHING_CUSTOM_IMAGE_OSES = {
    Windows: [
        "Windows Server 2022",
        "Windows Server 2019",
        "Windows Server 2016",
        "Windows Server 2012 R2",
        "Windows Server 2012",
    ],
    Linux: [
        "Oracle Linux 7.x, 8.x",
        "Red Hat Enterprise Linux 7, 8, 9",
        "SUSE Linux Enterprise Server 12.x, 15.0-15.4",
        "Ubuntu 16.04, 18.04, 20.04, 22.04 LTS",
    ],
    source: UPDATE_MANAGER_SUPPORT_LIST.source,
    date: UPDATE_MANAGER_SUPPORT_LIST.date,
} as const;

/** The rows of the list that cover a platform image (none for a custom image or an unlisted one). */
export function scheduledPatchingSupport(
    image: ImageRef,
    list: readonly ScheduledPatchingImage[] = SCHEDULED_PATCHING_IMAGES,
): readonly ScheduledPatchingImage[] {
    if (image.kind !== "platform") return [];
    return list.filter(
        (e) =>
            e.publisher.toLowerCase() === image.publisher.toLowerCase() &&
            skuMatches(e.offer, image.offer) &&
            skuMatches(e.sku, image.sku) &&
            !(e.excludedSkus ?? []).some((x) => skuMatches(x, image.sku)),
    );
}
