/**
 * W4: Manual patching says which solution patches the VM (rules/profile-rules/w04-manual-names-its-solution.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import { CUSTOM_PATCHING_TAG } from "../../../rules";
import { expectFinding, expectNone } from "../fixtures";
import { P, win } from "./support";

describe("W4 Manual patching says which solution patches the VM", () => {
    const manual = { patchMode: "Manual", enableAutomaticUpdates: false } as const;
    it("Manual without the tag, or with a blank one, is flagged", () => {
        expectFinding(win(manual), { ruleId: "W4", path: P.patchMode, fix: CUSTOM_PATCHING_TAG });
        expectFinding(win({ ...manual, tags: { [CUSTOM_PATCHING_TAG]: "  " } }), {
            ruleId: "W4",
            path: P.patchMode,
        });
    });
    it("Manual with the tag, and other modes, pass", () => {
        expectNone(win({ ...manual, tags: { [CUSTOM_PATCHING_TAG]: "WSUS, owned by team-x" } }), "W4");
        expectNone(win({}), "W4");
    });
});
