/**
 * R2: AutomaticByOS needs enableAutomaticUpdates = true (rules/profile-rules/r02-automatic-by-os-needs-automatic-updates.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { classicUniformVmss, evaluate, expectFinding, expectNone } from "../fixtures";
import { classic, P, win } from "./support";

describe("R2 AutomaticByOS needs enableAutomaticUpdates = true", () => {
    it("written AutomaticByOS with updates off fails", () => {
        expectFinding(win({ patchMode: "AutomaticByOS", enableAutomaticUpdates: false }), {
            ruleId: "R2",
            path: P.eau,
            value: "false",
            allowed: "true",
            fix: "set enableAutomaticUpdates to true",
        });
    });
    it("the default mode (AutomaticByOS) with updates off fails, in every Windows shape", () => {
        expectFinding(win({ patchMode: undefined, enableAutomaticUpdates: false }), { ruleId: "R2", path: P.eau });
        // The fix names the property as the classic shape spells it.
        expectFinding(classic({ os: "Windows", enableAutomaticUpdates: false }), {
            ruleId: "R2",
            path: "automaticUpdatesEnabled",
            fix: "set automaticUpdatesEnabled to true",
        });
        // Classic Uniform scale sets cannot write patchMode: Azure's default AutomaticByOS applies.
        const uniform = classicUniformVmss({ os: "Windows", enableAutomaticUpdates: false });
        expectFinding(evaluate(uniform.type, uniform.props), { ruleId: "R2", path: "enableAutomaticUpdates" });
    });
    it("AutomaticByOS with updates on or unset passes", () => {
        expectNone(win({ patchMode: "AutomaticByOS", enableAutomaticUpdates: true }), "R2");
        expectNone(win({ patchMode: "AutomaticByOS", enableAutomaticUpdates: undefined }), "R2");
        const uniform = classicUniformVmss({ os: "Windows" });
        expectNone(evaluate(uniform.type, uniform.props), "R2");
    });
});
