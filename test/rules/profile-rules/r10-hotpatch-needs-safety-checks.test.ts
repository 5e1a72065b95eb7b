/**
 * R10: hotpatch needs the platform's safety checks (rules/profile-rules/r10-hotpatch-needs-safety-checks.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { expectFinding, expectNone, IMG } from "../fixtures";
import { P, win } from "./support";

describe("R10 hotpatch needs the platform's safety checks", () => {
    it("bypass with hotpatch written on fails at the bypass setting", () => {
        expectFinding(win({ image: IMG.winHotpatch, enableHotpatching: true, bypass: true }), {
            ruleId: "R10",
            path: P.bypass,
            value: "true",
            allowed: "false",
        });
    });
    it("bypass with hotpatch turned on by the image (not written) fails too", () => {
        expectFinding(win({ image: IMG.winHotpatch, bypass: true }), { ruleId: "R10", path: P.bypass });
    });
    it("bypass without hotpatch passes", () => {
        expectNone(win({ bypass: true }), "R10");
        expectNone(win({ image: IMG.winHotpatch, enableHotpatching: false, bypass: true }), "R10");
    });
});
