/**
 * Update Manager's scheduled-patching support list (rules/scheduled-patching-catalog.ts), source:
 * Microsoft's "Support matrix for Azure Update Manager", ms.date 2025-01-06.
 */
import assert from "node:assert/strict";
import {
    type ImageRef,
    SCHEDULED_PATCHING_CUSTOM_IMAGE_OSES,
    SCHEDULED_PATCHING_IMAGES,
    scheduledPatchingSupport,
    UPDATE_MANAGER_SUPPORT_LIST,
} from "../../rules";

const platform = (publisher: string, offer: string, sku: string): ImageRef => ({
    kind: "platform",
    publisher,
    offer,
    sku,
});

describe("rule core: Update Manager's scheduled-patching support list", () => {
    it("every entry names its source and date", () => {
        assert.ok(SCHEDULED_PATCHING_IMAGES.length > 40);
        for (const e of SCHEDULED_PATCHING_IMAGES) {
            assert.match(e.date, /^\d{4}-\d{2}-\d{2}$/);
            assert.ok(e.source.includes("support-matrix-updates"), e.source);
        }
        assert.equal(SCHEDULED_PATCHING_CUSTOM_IMAGE_OSES.date, UPDATE_MANAGER_SUPPORT_LIST.date);
    });
    it("covers images the automatic-patching list does not (Debian 11, Oracle Linux 9, every Ubuntu, RHEL 9.5, SLES 15 SP5), whatever the case", () => {
        for (const image of [
            platform("Debian", "debian-11", "11-gen2"),
            platform("Oracle", "Oracle-Linux", "ol94-lvm-gen2"),
            platform("Canonical", "ubuntu-24_04-lts", "server"),
            platform("RedHat", "RHEL", "9_5"),
            platform("SUSE", "sles-15-sp5", "gen2"),
            platform("MicrosoftWindowsServer", "WindowsServer", "2025-datacenter-g2"),
        ]) {
            assert.ok(scheduledPatchingSupport(image).length > 0, JSON.stringify(image));
        }
    });
    it("leaves out what the source does not list or excludes: Debian 12, SLES 15 SP6, CentOS 8, custom images", () => {
        for (const image of [
            platform("Debian", "debian-12", "12-gen2"),
            platform("SUSE", "sles-15-sp6", "gen2"),
            platform("OpenLogic", "CentOS", "8_5"),
            platform("RedHat", "rhel-ha", "81_gen2"),
            {
                kind: "custom",
                id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/images/x",
            } as ImageRef,
        ]) {
            assert.deepEqual(scheduledPatchingSupport(image), [], JSON.stringify(image));
        }
    });
});
