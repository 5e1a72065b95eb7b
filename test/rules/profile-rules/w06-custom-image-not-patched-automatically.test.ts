/**
 * W6 (rules/profile-rules/w06-custom-image-not-patched-automatically.ts). Source: Update Manager's
 * "manage updates for customized images" (automatic guest patching does not run on them).
 */
import assert from "node:assert/strict";
import {
    COMPLIANT_LINUX,
    COMPLIANT_WINDOWS,
    classicOrchestratedVmss,
    evaluate,
    expectFinding,
    expectNone,
    IMG,
} from "../fixtures";
import { classic, linux, P, win } from "./support";

describe("W6 automatic guest patching never runs on a custom image", () => {
    it("AutomaticByPlatform on the platform's schedule on a custom image (or none) is a warning, not an error", () => {
        for (const image of [IMG.custom, IMG.none]) {
            const f = expectFinding(win({ image }), {
                ruleId: "W6",
                path: P.patchMode,
                fix: "maintenance configuration",
            });
            assert.equal(f.severity, "warning");
        }
        expectFinding(linux({ image: IMG.custom }), { ruleId: "W6", path: P.linuxPatchMode, fix: "ImageDefault" });
        expectFinding(classic({ ...COMPLIANT_WINDOWS, image: IMG.custom }), { ruleId: "W6", path: "patchMode" });
        const flexible = classicOrchestratedVmss({ ...COMPLIANT_LINUX, image: IMG.custom, healthExtension: true });
        expectFinding(evaluate(flexible.type, flexible.props), {
            ruleId: "W6",
            path: "osProfile.linuxConfiguration.patchMode",
        });
    });
    it("a schedule (bypass... true), another mode, or a platform image: no W6", () => {
        expectNone(win({ image: IMG.custom, bypass: true }), "W6");
        expectNone(win({ image: IMG.custom, patchMode: "AutomaticByOS", assessmentMode: undefined }), "W6");
        expectNone(win({}), "W6");
        expectNone(win({ image: IMG.winUnlisted }), "W6");
    });
});
