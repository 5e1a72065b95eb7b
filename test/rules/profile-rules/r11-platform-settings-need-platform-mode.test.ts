/**
 * R11: rebootSetting and bypass only with AutomaticByPlatform (rules/profile-rules/r11-platform-settings-need-platform-mode.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { COMPLIANT_WINDOWS, expectFinding, expectNone } from "../fixtures";
import { classic, LIN, linux, P, win } from "./support";

describe("R11 rebootSetting and bypass only with AutomaticByPlatform", () => {
    it("rebootSetting with AutomaticByOS and bypass with Manual fail", () => {
        expectFinding(win({ patchMode: "AutomaticByOS", rebootSetting: "IfRequired" }), {
            ruleId: "R11",
            path: P.reboot,
            value: '"IfRequired"',
            allowed: "only with patchMode AutomaticByPlatform",
        });
        const manual = win({ patchMode: "Manual", enableAutomaticUpdates: false, bypass: true });
        expectFinding(manual, { ruleId: "R11", path: P.bypass, value: "true" });
        expectFinding(linux({ patchMode: "ImageDefault", rebootSetting: "Never" }), {
            ruleId: "R11",
            path: `${LIN}.patchSettings.automaticByPlatformSettings.rebootSetting`,
        });
        expectFinding(classic({ ...COMPLIANT_WINDOWS, patchMode: "AutomaticByOS", rebootSetting: "Always" }), {
            ruleId: "R11",
            path: "rebootSetting",
        });
    });
    it("both with AutomaticByPlatform, and bypass false with any mode, pass", () => {
        expectNone(win({ rebootSetting: "IfRequired", bypass: true }), "R11");
        expectNone(win({ patchMode: "AutomaticByOS", bypass: false }), "R11");
    });
});
