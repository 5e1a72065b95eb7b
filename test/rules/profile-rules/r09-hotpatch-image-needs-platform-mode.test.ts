/**
 * R9: a hotpatch-capable image needs AutomaticByPlatform (rules/profile-rules/r09-hotpatch-image-needs-platform-mode.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { COMPLIANT_WINDOWS, expectFinding, expectNone, IMG } from "../fixtures";
import { classic, P, win } from "./support";

describe("R9 a hotpatch-capable image needs AutomaticByPlatform", () => {
    it("another mode fails even when hotpatch was never written", () => {
        expectFinding(win({ image: IMG.winHotpatch, patchMode: "AutomaticByOS" }), {
            ruleId: "R9",
            path: P.patchMode,
            value: '"AutomaticByOS"',
            allowed: "AutomaticByPlatform",
        });
        expectFinding(win({ image: IMG.winHotpatch, patchMode: undefined }), {
            ruleId: "R9",
            path: P.patchMode,
            value: "not set",
        });
    });
    it("the classic VM, whose provider sends hotpatch false, fails too", () => {
        expectFinding(classic({ ...COMPLIANT_WINDOWS, image: IMG.winHotpatch, patchMode: "AutomaticByOS" }), {
            ruleId: "R9",
            path: "patchMode",
        });
    });
    it("AutomaticByPlatform passes; the Desktop Azure Edition image is not hotpatch-capable", () => {
        expectNone(win({ image: IMG.winHotpatch }), "R9");
        expectNone(win({ image: IMG.winAzureEditionDesktop, patchMode: "AutomaticByOS" }), "R9");
    });
});
