/**
 * R6: assessmentMode AutomaticByPlatform needs provisionVMAgent = true (rules/profile-rules/r06-platform-assessment-needs-vm-agent.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { COMPLIANT_LINUX, expectFinding, expectNone } from "../fixtures";
import { classic, P, win } from "./support";

describe("R6 assessmentMode AutomaticByPlatform needs provisionVMAgent = true", () => {
    it("periodic assessment without the agent fails at provisionVMAgent", () => {
        expectFinding(win({ patchMode: "AutomaticByOS", provisionVMAgent: false }), {
            ruleId: "R6",
            path: P.agent,
            value: "false",
            allowed: "true",
            fix: "assessmentMode to ImageDefault",
        });
        expectFinding(classic({ ...COMPLIANT_LINUX, patchMode: "ImageDefault", provisionVMAgent: false }), {
            ruleId: "R6",
            path: "provisionVmAgent",
        });
    });
    it("ImageDefault assessment without the agent passes", () => {
        expectNone(win({ patchMode: "AutomaticByOS", provisionVMAgent: false, assessmentMode: "ImageDefault" }), "R6");
    });
});
