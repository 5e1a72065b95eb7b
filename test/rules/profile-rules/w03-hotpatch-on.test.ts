/**
 * W3: hotpatch on for hotpatch-capable images (rules/profile-rules/w03-hotpatch-on.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import { COMPLIANT_WINDOWS, expectFinding, expectNone, IMG } from "../fixtures";
import { classic, P, win } from "./support";

describe("W3 hotpatch on for hotpatch-capable images", () => {
    it("hotpatch written off on a hotpatch-capable image is flagged", () => {
        expectFinding(win({ image: IMG.winHotpatch, enableHotpatching: false }), {
            ruleId: "W3",
            path: P.hotpatch,
            value: "false",
            fix: "set enableHotpatching to true",
        });
    });
    it("the classic VM, whose provider sends false when unset, is flagged without blaming Azure's default", () => {
        const f = expectFinding(
            classic({ ...COMPLIANT_WINDOWS, image: IMG.winHotpatch, enableHotpatching: undefined }),
            {
                ruleId: "W3",
                path: "hotpatchingEnabled",
                value: "false (not set: @pulumi/azure sends false)",
                fix: "set hotpatchingEnabled to true",
            },
        );
        assert.ok(!f.message.includes("Azure's default") && !f.fix.includes("remove it"), f.message);
    });
    it("hotpatch on or unset, or off on another image, passes", () => {
        expectNone(win({ image: IMG.winHotpatch, enableHotpatching: true }), "W3");
        expectNone(win({ image: IMG.winHotpatch }), "W3");
        expectNone(win({ enableHotpatching: false }), "W3");
    });
});
