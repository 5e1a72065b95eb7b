/**
 * R7: hotpatch needs AutomaticByPlatform and the VM agent (rules/profile-rules/r07-hotpatch-needs-platform-and-agent.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import { expectFinding, IMG, ids } from "../fixtures";
import { P, win } from "./support";

describe("R7 hotpatch needs AutomaticByPlatform and the VM agent", () => {
    it("hotpatch with another mode fails at enableHotpatching", () => {
        expectFinding(win({ image: IMG.winHotpatch, patchMode: "AutomaticByOS", enableHotpatching: true }), {
            ruleId: "R7",
            path: P.hotpatch,
            value: "true",
            allowed: "only with patchMode AutomaticByPlatform",
        });
    });
    it("hotpatch without the agent fails at provisionVMAgent", () => {
        const ev = win({
            image: IMG.winHotpatch,
            enableHotpatching: true,
            provisionVMAgent: false,
            assessmentMode: undefined,
        });
        expectFinding(ev, { ruleId: "R7", path: P.agent, value: "false" });
    });
    it("hotpatch with AutomaticByPlatform and the agent passes", () => {
        const ev = win({ image: IMG.winHotpatch, enableHotpatching: true });
        assert.deepEqual(ids(ev), []);
    });
});
