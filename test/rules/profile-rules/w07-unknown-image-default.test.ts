/**
 * W7 (rules/profile-rules/w07-unknown-image-default.ts): an image the catalog does not know, where a
 * default depends on it (the components' patch mode, Azure's hotpatch default); the nearest known SKU
 * is suggested. Source: Microsoft's supported-images list and hotpatch article.
 */
import assert from "node:assert/strict";
import { resolvePatchSettings } from "../../../rules";
import { expectFinding, expectNone, IMG, TEST_CATALOG } from "../fixtures";
import { classic, P, win } from "./support";

const TYPO = { ...IMG.win2019, sku: "2022-datacenter-azure-editon-core" };

describe("W7 an image the catalog does not know, where a default depends on it", () => {
    it("a component's defaults fall back on a misspelled SKU: says so and suggests the nearest SKU", () => {
        const result = resolvePatchSettings({}, { os: "Windows", image: TYPO, catalog: TEST_CATALOG });
        assert.ok(result.ok);
        assert.equal(result.settings.patchMode, "AutomaticByOS");
        const f = expectFinding(result.evaluation, {
            ruleId: "W7",
            path: "image",
            fix: "did you mean MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition-core?",
        });
        assert.match(f.message, /not in the image catalog dated/);
        assert.match(f.message, /the patch mode and hotpatch fell back/);
    });
    it("a raw Windows VM on a misspelled SKU of a known offer: hotpatch's default depends on it", () => {
        expectFinding(win({ image: TYPO, patchMode: "AutomaticByOS", assessmentMode: undefined }), {
            ruleId: "W7",
            path: "storageProfile.imageReference",
        });
        // The classic provider sends hotpatchingEnabled false itself: no default of Azure's follows the image.
        expectNone(classic({ os: "Windows", image: TYPO, patchMode: "AutomaticByOS" }), "W7");
    });
    it("no W7 for a listed image, written settings, or another publisher's image on a raw VM", () => {
        expectNone(win({}), "W7");
        expectNone(win({ image: IMG.winUnlisted }), "W7");
        expectNone(win({ image: TYPO, enableHotpatching: false }), "W7");
        const written = resolvePatchSettings(
            { patchMode: "AutomaticByOS", enableHotpatching: false },
            { os: "Windows", image: TYPO, catalog: TEST_CATALOG },
        );
        assert.ok(written.ok);
        expectNone(written.evaluation, "W7");
        assert.ok(P);
    });
});
