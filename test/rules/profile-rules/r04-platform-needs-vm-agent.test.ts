/**
 * R4: AutomaticByPlatform needs provisionVMAgent = true (rules/profile-rules/r04-platform-needs-vm-agent.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { COMPLIANT_WINDOWS, expectFinding, expectNone } from "../fixtures";
import { classic, linux, P, win } from "./support";

describe("R4 AutomaticByPlatform needs provisionVMAgent = true", () => {
    it("Windows and Linux without the agent fail", () => {
        expectFinding(win({ provisionVMAgent: false, assessmentMode: "ImageDefault" }), {
            ruleId: "R4",
            path: P.agent,
            value: "false",
            allowed: "true",
        });
        expectFinding(linux({ provisionVMAgent: false, assessmentMode: undefined }), {
            ruleId: "R4",
            path: P.linuxAgent,
        });
        expectFinding(classic({ ...COMPLIANT_WINDOWS, provisionVMAgent: false }), {
            ruleId: "R4",
            path: "provisionVmAgent",
        });
    });
    it("the agent on or unset passes; other modes do not need it", () => {
        expectNone(win({ provisionVMAgent: undefined }), "R4");
        expectNone(win({ patchMode: "AutomaticByOS", provisionVMAgent: false, assessmentMode: undefined }), "R4");
    });
});
