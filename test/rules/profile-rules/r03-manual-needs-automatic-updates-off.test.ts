/**
 * R3: Manual needs enableAutomaticUpdates = false (rules/profile-rules/r03-manual-needs-automatic-updates-off.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { expectFinding, expectNone } from "../fixtures";
import { P, win } from "./support";

describe("R3 Manual needs enableAutomaticUpdates = false", () => {
    it("Manual with updates on, written or by default, fails", () => {
        expectFinding(win({ patchMode: "Manual", enableAutomaticUpdates: true }), {
            ruleId: "R3",
            path: P.eau,
            value: "true",
            allowed: "false",
            fix: "set enableAutomaticUpdates to false",
        });
        expectFinding(win({ patchMode: "Manual", enableAutomaticUpdates: undefined }), {
            ruleId: "R3",
            path: P.eau,
            value: "not set",
        });
    });
    it("Manual with updates off passes", () => {
        expectNone(win({ patchMode: "Manual", enableAutomaticUpdates: false }), "R3", "R2", "R5");
    });
});
