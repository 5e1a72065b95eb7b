/**
 * R14: automatic guest patching only on the marketplace images Microsoft lists (source: Microsoft's
 * automatic guest patching article, "Supported OS images"; custom images are W6, schedules are not R14) (rules/profile-rules/r14-platform-only-on-supported-images.ts): a case that passes and a case that fails, through readResource on
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
    nativeVmss,
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
        // What is known is our catalog and its date, not an error Azure was seen to return.
        assert.match(f.message, /not in the automatic-patching catalog dated 2024-07-31/);
        assert.doesNotMatch(f.message, /Azure refuses/);
        assert.match(f.fix, /AutomaticByOS/);
        assert.match(f.fix, /bypassPlatformSafetyChecksOnUserSchedule true/);
    });
    it("an unlisted image fails on every shape; a Linux one suggests ImageDefault", () => {
        expectFinding(linux({ image: IMG.linuxUnlisted }), {
            ruleId: "R14",
            path: P.linuxPatchMode,
            fix: "ImageDefault",
        });
        expectFinding(classic({ ...COMPLIANT_WINDOWS, image: IMG.winUnlisted }), { ruleId: "R14", path: "patchMode" });
        expectFinding(
            evaluate(
                T.nativeVmss,
                nativeVmss({
                    ...COMPLIANT_WINDOWS,
                    image: IMG.winUnlisted,
                    orchestrationMode: "Flexible",
                    healthExtension: true,
                }),
            ),
            { ruleId: "R14", path: `virtualMachineProfile.${P.patchMode}` },
        );
        expectFinding(
            evaluate(
                "azure-native:compute/v20230301:VirtualMachine",
                nativeVm({ ...COMPLIANT_WINDOWS, image: IMG.winUnlisted }),
            ),
            { ruleId: "R14", path: P.patchMode },
        );
    });
    it("a customer-managed schedule (bypass... true) is not automatic patching: no R14 on any image", () => {
        for (const image of [IMG.winUnlisted, IMG.custom, IMG.none]) {
            expectNone(win({ image, bypass: true }), "R14", "W6");
            expectNone(classic({ ...COMPLIANT_WINDOWS, image, bypass: true }), "R14", "W6");
        }
        expectNone(linux({ image: IMG.linuxUnlisted, bypass: true }), "R14");
    });
    it("a custom image is accepted by Azure: W6, not R14", () => {
        expectNone(win({ image: IMG.custom }), "R14");
        expectFinding(win({ image: IMG.custom }), { ruleId: "W6", path: P.patchMode });
        expectNone(classic({ ...COMPLIANT_WINDOWS, image: IMG.custom }), "R14");
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
    it("a VM naming no image (attached OS disk) is not refused: it is W6's", () => {
        expectNone(win({ image: IMG.none }), "R14");
        const f = expectFinding(win({ image: IMG.none }), { ruleId: "W6", path: P.patchMode });
        assert.match(f.message, /attached or specialized OS disk/);
        // Hotpatch-capability is a property of a platform image: none here, so no R9.
        expectNone(win({ image: IMG.none, patchMode: "AutomaticByOS" }), "R14", "R9", "W1");
    });
});
