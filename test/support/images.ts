/**
 * The images every test uses, by what the catalog says about them: one set, written once, in the
 * shapes the tests need (the rule core's ImageRef, an azure-native imageReference). Which images are
 * supported and hotpatch-capable: https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#supported-os-images
 * and https://learn.microsoft.com/windows-server/get-started/hotpatch.
 */
import { type CatalogImage, DEFAULT_IMAGE_CATALOG, extendCatalog, type ImageRef } from "../../rules";

export interface PlatformImage {
    readonly publisher: string;
    readonly offer: string;
    readonly sku: string;
}

const WS = { publisher: "MicrosoftWindowsServer", offer: "WindowsServer" } as const;

export const TEST_IMAGES = {
    /** Supported for AutomaticByPlatform, not hotpatch-capable. */
    windowsSupported: { ...WS, sku: "2019-Datacenter" },
    /** Hotpatch-capable Azure Edition Core image. */
    windowsHotpatch: { ...WS, sku: "2022-datacenter-azure-edition-core" },
    /** Azure Edition with Desktop Experience: supported, not hotpatch-capable. */
    windowsAzureEditionDesktop: { ...WS, sku: "2022-datacenter-azure-edition" },
    /** A Windows platform image no catalog lists (a made-up publisher). */
    windowsUnlisted: { publisher: "ContosoTestPublisher", offer: "HardenedWindows", sku: "2022" },
    /** A Linux image of the shipped catalog (for the pack, which reads the shipped catalog unless configured). */
    linuxShipped: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2" },
    /** A Linux image listed in {@link TEST_CATALOG} only, so tests do not depend on the shipped Linux list. */
    linuxTestCatalog: { publisher: "ContosoLinux", offer: "contoso-server", sku: "24_04-lts-gen2" },
    /** A Linux platform image no catalog lists. */
    linuxUnlisted: { publisher: "Contoso", offer: "appliance", sku: "1-gen2" },
} as const satisfies Record<string, PlatformImage>;

/** A custom (gallery) image: never supported for platform patching or hotpatch. */
export const CUSTOM_IMAGE_ID =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/golden";

/** The shipped catalog plus the test Linux image. */
export const TEST_CATALOG: readonly CatalogImage[] = extendCatalog(
    [{ ...TEST_IMAGES.linuxTestCatalog, os: "Linux", source: "test" }],
    DEFAULT_IMAGE_CATALOG,
);

/** A platform image as the rule core describes it. */
export function platformRef(image: PlatformImage, version?: string): PlatformRef {
    return { kind: "platform", ...image, ...(version !== undefined ? { version } : {}) };
}

/** The rule core's platform ImageRef. */
export type PlatformRef = Extract<ImageRef, { kind: "platform" }>;

/** A platform image as an azure-native imageReference (version `latest`). */
export function imageReference(image: PlatformImage): PlatformImage & { readonly version: string } {
    return { ...image, version: "latest" };
}
