/**
 * The shipped image catalog (R8, R9, R14), read through the same lookup the rules use: which images
 * support AutomaticByPlatform, which are hotpatch-capable, and how a user extends the list.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { type CatalogImage, DEFAULT_IMAGE_CATALOG } from "../../rules/image-catalog";
import { extendCatalog, lookupImage } from "../../rules/images";
import type { ImageRef } from "../../rules/profile";

const platform = (publisher: string, offer: string, sku: string): ImageRef => ({
    kind: "platform",
    publisher,
    offer,
    sku,
});
const windowsServer = (sku: string): ImageRef => platform("MicrosoftWindowsServer", "WindowsServer", sku);

/**
 * The hotpatch-capable SKUs, written out independently of the catalog: Microsoft's hotpatch article,
 * "Supported platforms" (learn.microsoft.com/windows-server/get-started/hotpatch).
 */
const HOTPATCH_SKUS = [
    "2022-datacenter-azure-edition-core",
    "2022-datacenter-azure-edition-core-smalldisk",
    "2022-datacenter-azure-edition-hotpatch",
    "2022-datacenter-azure-edition-hotpatch-smalldisk",
    "2025-datacenter-azure-edition",
    "2025-datacenter-azure-edition-smalldisk",
    "2025-datacenter-azure-edition-core",
    "2025-datacenter-azure-edition-core-smalldisk",
];

/** A YYYY-MM-DD string naming a real calendar day. */
function isCalendarDate(value: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const identity = (e: CatalogImage): string => `${e.publisher}:${e.offer}:${e.sku}`.toLowerCase();

describe("image catalog: the shipped data", () => {
    it("gives every entry a source and a real, past date", () => {
        const today = new Date().toISOString().slice(0, 10);
        for (const entry of DEFAULT_IMAGE_CATALOG) {
            const name = identity(entry);
            assert.ok(entry.source.trim().length > 0, `${name} has no source`);
            assert.ok(isCalendarDate(entry.date), `${name} has date ${JSON.stringify(entry.date)}, not YYYY-MM-DD`);
            // Automatic VM guest patching did not exist before 2020 (its first article is dated 2020-09-09).
            assert.ok(entry.date >= "2020-01-01" && entry.date <= today, `${name} has date ${entry.date}`);
        }
    });

    it("holds well-formed ids and consistent flags", () => {
        for (const entry of DEFAULT_IMAGE_CATALOG) {
            const name = identity(entry);
            for (const id of [entry.publisher, entry.offer, entry.sku]) {
                assert.match(
                    id,
                    /^\S+$/,
                    `${name}: ids have no spaces (translated names such as "Windows Server" are not ids)`,
                );
            }
            assert.ok(entry.os === "Windows" || entry.os === "Linux", `${name}: os ${entry.os}`);
            if (entry.hotpatch) {
                assert.equal(entry.automaticByPlatform, true, `${name}: hotpatch needs AutomaticByPlatform`);
                assert.equal(entry.os, "Windows", `${name}: hotpatch is a Windows Server feature`);
            }
        }
    });

    it("has no entry listed twice with the same flags", () => {
        const seen = new Map<string, CatalogImage>();
        for (const entry of DEFAULT_IMAGE_CATALOG) {
            const key = `${identity(entry)}|${entry.automaticByPlatform}|${entry.hotpatch}`;
            const earlier = seen.get(key);
            assert.equal(
                earlier,
                undefined,
                `${identity(entry)} is listed by "${earlier?.source}" and "${entry.source}"`,
            );
            seen.set(key, entry);
        }
    });

    it("covers every publisher of Microsoft's current list", () => {
        const publishers = new Set(DEFAULT_IMAGE_CATALOG.map((e) => e.publisher.toLowerCase()));
        for (const p of [
            "MicrosoftWindowsServer",
            "Center-for-Internet-Security-Inc",
            "AlmaLinux",
            "Canonical",
            "MicrosoftCblMariner",
            "Microsoft-AKS",
            "Microsoft-DSVM",
            "RedHat",
            "SUSE",
        ]) {
            assert.ok(publishers.has(p.toLowerCase()), `no image from publisher ${p}`);
        }
    });
});

describe("image catalog: lookups", () => {
    it("supports the 2020 guest patching article's Windows Server list (real SKU ids)", () => {
        for (const sku of [
            "2012-R2-Datacenter",
            "2016-Datacenter",
            "2016-Datacenter-Server-Core",
            "2019-Datacenter",
            "2019-Datacenter-Server-Core",
            "2019-Datacenter-Core",
        ]) {
            const support = lookupImage(windowsServer(sku));
            assert.equal(support.listed, true, sku);
            assert.equal(support.automaticByPlatform, true, sku);
            assert.equal(support.hotpatch, false, sku);
            assert.ok(
                support.entries.every((e) => e.os === "Windows"),
                sku,
            );
        }
    });

    it("supports current Windows Server variants and the Linux images Microsoft lists", () => {
        const supported: [ImageRef, "Windows" | "Linux"][] = [
            [windowsServer("2008-R2-SP1"), "Windows"],
            [windowsServer("2012-R2-Datacenter-smalldisk-g2"), "Windows"],
            [windowsServer("2016-datacenter-gensecond"), "Windows"],
            [windowsServer("2019-datacenter-with-containers"), "Windows"],
            [windowsServer("2022-datacenter-core-g2"), "Windows"],
            [windowsServer("2022-datacenter-azure-edition-smalldisk"), "Windows"],
            [windowsServer("2025-datacenter-core-smalldisk"), "Windows"],
            [
                platform("Center-for-Internet-Security-Inc", "cis-windows-server", "cis-windows-server2022-l1-gen2"),
                "Windows",
            ],
            [platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"), "Linux"],
            [platform("Canonical", "ubuntu-24_04-lts", "server"), "Linux"],
            [platform("RedHat", "RHEL", "9_4"), "Linux"],
            [platform("RedHat", "RHEL-SAP-HA", "88sapha-gen2"), "Linux"],
            [platform("SUSE", "sles-15-sp2", "gen2"), "Linux"],
            [platform("MicrosoftCblMariner", "azure-linux-3", "azure-linux-3-gen2"), "Linux"],
            [platform("AlmaLinux", "almalinux-hpc", "8_10-hpc-gen2"), "Linux"],
            [platform("Center-for-Internet-Security-Inc", "cis-rhel", "cis-redhat9-l1-gen2"), "Linux"],
        ];
        for (const [image, os] of supported) {
            const support = lookupImage(image);
            const name = JSON.stringify(image);
            assert.equal(support.automaticByPlatform, true, name);
            assert.equal(support.hotpatch, false, name);
            assert.ok(
                support.entries.every((e) => e.os === os),
                `${name} should be ${os}`,
            );
        }
    });

    it("matches publisher, offer and SKU case-insensitively, as Azure does", () => {
        const support = lookupImage(platform("microsoftwindowsserver", "WINDOWSSERVER", "2019-DATACENTER"));
        assert.equal(support.automaticByPlatform, true);
        // The article writes the RedHat publisher "Redhat"; Azure's id is "RedHat".
        assert.equal(lookupImage(platform("REDHAT", "rhel", "8-LVM-GEN2")).automaticByPlatform, true);
        assert.equal(lookupImage(windowsServer("2022-DATACENTER-AZURE-EDITION-CORE")).hotpatch, true);

        // Any casing of any shipped entry finds at least what the entry says.
        fc.assert(
            fc.property(fc.constantFrom(...DEFAULT_IMAGE_CATALOG), fc.infiniteStream(fc.boolean()), (entry, flips) => {
                const recase = (s: string) =>
                    [...s].map((c) => (flips.next().value ? c.toUpperCase() : c.toLowerCase())).join("");
                const support = lookupImage(platform(recase(entry.publisher), recase(entry.offer), recase(entry.sku)));
                return (
                    support.listed &&
                    (!entry.automaticByPlatform || support.automaticByPlatform) &&
                    (!entry.hotpatch || support.hotpatch)
                );
            }),
            { numRuns: 300 },
        );
    });

    it("matches SKUs exactly: no prefix, suffix or regex reading of a listed SKU", () => {
        for (const sku of [
            "2019-Datacenter-gen3",
            "2022-datacenter-azure-edition-core-smalldisk-x",
            "x2019-Datacenter",
        ]) {
            assert.equal(lookupImage(windowsServer(sku)).listed, false, sku);
        }
        // "7.2" is listed; the dot is a character, not "any character".
        assert.equal(lookupImage(platform("RedHat", "RHEL", "7.2")).listed, true);
        assert.equal(lookupImage(platform("RedHat", "RHEL", "7x2")).listed, false);
        // The right SKU under another offer or publisher is another image.
        assert.equal(
            lookupImage(platform("MicrosoftWindowsServer", "WindowsServer-gen2preview", "2019-Datacenter")).listed,
            false,
        );
        assert.equal(lookupImage(platform("Canonical", "UbuntuServer", "22_04-lts-gen2")).listed, false);
    });

    it("leaves out names that machine translations of Microsoft's articles made up", () => {
        const translated: ImageRef[] = [
            windowsServer("2016-centre-de-données"),
            windowsServer("2016-Data Center"),
            platform("Microsoft Corporation", "WindowsServer", "2016-Datacenter"),
            platform("MicrosoftWindowsServer", "Windows Server", "2016-Datacenter"),
            platform("Microsoft Corporation", "Windows Server", "2019-Datacenter"),
        ];
        for (const image of translated) {
            const support = lookupImage(image);
            assert.equal(support.listed, false, JSON.stringify(image));
            assert.equal(support.automaticByPlatform, false, JSON.stringify(image));
        }
    });

    it("never matches a custom image or a VM without an image reference", () => {
        const everything = extendCatalog([
            { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "*", os: "Windows", hotpatch: true },
        ]);
        const custom: ImageRef = {
            kind: "custom",
            id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/2022-datacenter-azure-edition-core",
        };
        for (const catalog of [DEFAULT_IMAGE_CATALOG, everything]) {
            for (const image of [custom, { kind: "none" } as const]) {
                const support = lookupImage(image, catalog);
                assert.deepEqual(
                    {
                        listed: support.listed,
                        abp: support.automaticByPlatform,
                        hotpatch: support.hotpatch,
                        n: support.entries.length,
                    },
                    { listed: false, abp: false, hotpatch: false, n: 0 },
                );
            }
        }
    });
});

describe("image catalog: hotpatch and Azure Edition", () => {
    it("makes the documented hotpatch SKUs hotpatch-capable and AutomaticByPlatform-supported", () => {
        for (const sku of HOTPATCH_SKUS) {
            const support = lookupImage(windowsServer(sku));
            assert.equal(support.hotpatch, true, sku);
            assert.equal(support.automaticByPlatform, true, sku);
        }
    });

    it("makes no other shipped image hotpatch-capable", () => {
        const hotpatch = new Set(DEFAULT_IMAGE_CATALOG.filter((e) => e.hotpatch).map(identity));
        const expected = new Set(HOTPATCH_SKUS.map((sku) => `microsoftwindowsserver:windowsserver:${sku}`));
        assert.deepEqual([...hotpatch].sort(), [...expected].sort());
    });

    it("keeps the 2022 Azure Edition with Desktop Experience and the preview offers AutomaticByPlatform-only", () => {
        const notHotpatch: ImageRef[] = [
            windowsServer("2022-datacenter-azure-edition"),
            windowsServer("2022-datacenter-azure-edition-smalldisk"),
            platform(
                "MicrosoftWindowsServer",
                "WindowsServerHotpatch-previews",
                "windows-server-2022-azure-edition-hotpatch",
            ),
            platform(
                "MicrosoftWindowsServer",
                "MicrosoftServerOperatingSystems-previews",
                "windows-server-2025-azure-edition-hotpatch",
            ),
        ];
        for (const image of notHotpatch) {
            const support = lookupImage(image);
            assert.equal(support.automaticByPlatform, true, JSON.stringify(image));
            assert.equal(support.hotpatch, false, JSON.stringify(image));
        }
    });

    it("records the Azure Edition capability matrix (Microsoft's Automanage for Windows Server article)", () => {
        const features = (sku: string) =>
            lookupImage(windowsServer(sku)).entries.find((e) => e.azureEditionFeatures)?.azureEditionFeatures;
        assert.deepEqual(features("2022-datacenter-azure-edition"), ["SMB over QUIC", "Extended Network"]);
        assert.deepEqual(features("2022-datacenter-azure-edition-core"), [
            "Hotpatch",
            "SMB over QUIC",
            "Extended Network",
        ]);
        // Wherever features are recorded, "Hotpatch" among them agrees with the hotpatch flag.
        for (const entry of DEFAULT_IMAGE_CATALOG.filter((e) => e.azureEditionFeatures)) {
            assert.equal(entry.azureEditionFeatures?.includes("Hotpatch"), entry.hotpatch, identity(entry));
        }
    });
});

describe("image catalog: extendCatalog", () => {
    it("adds a user image as AutomaticByPlatform-supported, recorded as the user's, without touching the default", () => {
        const before = DEFAULT_IMAGE_CATALOG.length;
        const image = platform("Contoso", "hardened-ubuntu", "22_04-cis");
        assert.equal(lookupImage(image).listed, false);

        const catalog = extendCatalog([
            { publisher: "Contoso", offer: "hardened-ubuntu", sku: "22_04-cis", os: "Linux" },
        ]);
        const support = lookupImage(image, catalog);
        assert.equal(support.automaticByPlatform, true);
        assert.equal(support.hotpatch, false);
        assert.equal(support.entries.length, 1);
        assert.equal(support.entries[0].source, "user");
        assert.equal(support.entries[0].os, "Linux");
        assert.ok(isCalendarDate(support.entries[0].date));

        assert.equal(DEFAULT_IMAGE_CATALOG.length, before);
        assert.equal(lookupImage(image).listed, false);
        // The shipped images are still there.
        assert.equal(lookupImage(windowsServer("2019-Datacenter"), catalog).automaticByPlatform, true);
    });

    it("keeps what the user says: flags, source and date", () => {
        const catalog = extendCatalog([
            {
                publisher: "MicrosoftWindowsServer",
                offer: "WindowsServer",
                sku: "2028-datacenter-azure-edition",
                os: "Windows",
                hotpatch: true,
                source: "change request CR-1234",
                date: "2027-01-15",
            },
            { publisher: "Contoso", offer: "legacy", sku: "app-1", os: "Windows", automaticByPlatform: false },
        ]);
        const hot = lookupImage(windowsServer("2028-Datacenter-Azure-Edition"), catalog);
        assert.equal(hot.hotpatch, true);
        assert.equal(hot.entries[0].source, "change request CR-1234");
        assert.equal(hot.entries[0].date, "2027-01-15");

        const legacy = lookupImage(platform("contoso", "LEGACY", "App-1"), catalog);
        assert.equal(legacy.listed, true);
        assert.equal(legacy.automaticByPlatform, false);
    });

    it("matches `*` in a SKU as any run of characters, anchored at both ends", () => {
        const catalog = extendCatalog([
            { publisher: "Contoso", offer: "hardened-ubuntu", sku: "ubuntu-22*-gen2", os: "Linux" },
            { publisher: "Contoso", offer: "rhel-byos", sku: "8.*", os: "Linux" },
            { publisher: "Contoso", offer: "anything", sku: "*", os: "Linux" },
        ]);
        const listed = (offer: string, sku: string) => lookupImage(platform("Contoso", offer, sku), catalog).listed;

        assert.equal(listed("hardened-ubuntu", "ubuntu-22_04-lts-gen2"), true);
        assert.equal(listed("hardened-ubuntu", "UBUNTU-22-GEN2"), true, "`*` may match nothing; case is ignored");
        assert.equal(listed("hardened-ubuntu", "ubuntu-20_04-lts-gen2"), false);
        assert.equal(listed("hardened-ubuntu", "xubuntu-22_04-gen2"), false, "anchored at the start");
        assert.equal(listed("hardened-ubuntu", "ubuntu-22_04-gen2-arm64"), false, "anchored at the end");

        assert.equal(listed("rhel-byos", "8.10"), true);
        assert.equal(listed("rhel-byos", "8_10"), false, "the dot before `*` is a dot, not a regex wildcard");

        assert.equal(listed("anything", "whatever-sku"), true);
        assert.equal(listed("something-else", "whatever-sku"), false, "a SKU pattern does not widen the offer");
    });
});
