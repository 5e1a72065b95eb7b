/**
 * R14: AutomaticByPlatform only on supported platform images (rules/profile-rules/r14-platform-only-on-supported-images.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import { extendCatalog } from "../../../rules";
import {
    COMPLIANT_WINDOWS,
    evaluate,
    expectFinding,
    expectNone,
    IMG,
    ids,
    nativeVm,
    T,
    TEST_CATALOG,
} from "../fixtures";
import { classic, linux, P, win } from "./support";

describe("R14 AutomaticByPlatform only on supported platform images", () => {
    it("an unlisted platform image fails and points at the catalog", () => {
        const f = expectFinding(win({ image: IMG.winUnlisted }), {
            ruleId: "R14",
            path: P.patchMode,
            value: '"AutomaticByPlatform"',
            fix: "extendCatalog",
        });
        assert.match(f.message, /ContosoTestPublisher:HardenedWindows:2022/);
        assert.match(f.fix, /AutomaticByOS/);
    });
    it("a custom image fails; a Linux one suggests ImageDefault", () => {
        const f = expectFinding(win({ image: IMG.custom }), { ruleId: "R14", path: P.patchMode });
        assert.match(f.message, /custom images are not supported/);
        expectFinding(linux({ image: IMG.linuxUnlisted }), {
            ruleId: "R14",
            path: P.linuxPatchMode,
            fix: "ImageDefault",
        });
        expectFinding(classic({ ...COMPLIANT_WINDOWS, image: IMG.custom }), { ruleId: "R14", path: "patchMode" });
    });
    it("supported images pass, whatever the case of publisher, offer and SKU", () => {
        expectNone(win({}), "R14");
        expectNone(linux({}), "R14");
        const lower = {
            ...IMG.win2019,
            publisher: "microsoftwindowsserver",
            offer: "windowsserver",
            sku: "2019-DATACENTER",
        };
        assert.deepEqual(ids(win({ image: lower })), []);
    });
    it("an image the user adds to the catalog (extendCatalog) is supported", () => {
        const catalog = extendCatalog(
            [{ publisher: "contosotestpublisher", offer: "hardenedwindows", sku: "2022", os: "Windows" }],
            TEST_CATALOG,
        );
        const ev = evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, image: IMG.winUnlisted }), { catalog });
        assert.deepEqual(ids(ev), []);
    });
    it("a VM naming no image (attached OS disk) is refused: Azure supports listed images only", () => {
        const f = expectFinding(win({ image: IMG.none }), { ruleId: "R14", path: P.patchMode });
        assert.match(f.message, /attached or specialized OS disk/);
        // Hotpatch-capability is a property of a platform image: none here, so no R9.
        expectNone(win({ image: IMG.none, patchMode: "AutomaticByOS" }), "R14", "R9", "W1");
    });
});
