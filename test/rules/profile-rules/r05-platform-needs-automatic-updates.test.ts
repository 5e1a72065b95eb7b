/**
 * R5: AutomaticByPlatform needs enableAutomaticUpdates = true (rules/profile-rules/r05-platform-needs-automatic-updates.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { expectFinding, expectNone } from "../fixtures";
import { linux, P, win } from "./support";

describe("R5 AutomaticByPlatform needs enableAutomaticUpdates = true", () => {
    it("AutomaticByPlatform with updates off fails", () => {
        expectFinding(win({ enableAutomaticUpdates: false }), {
            ruleId: "R5",
            path: P.eau,
            value: "false",
            allowed: "true",
        });
    });
    it("updates on passes; Linux has no such setting", () => {
        expectNone(win({ enableAutomaticUpdates: true }), "R5");
        expectNone(linux({}), "R5");
    });
});
