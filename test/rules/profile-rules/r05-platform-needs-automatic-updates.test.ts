/**
 * R5 (rules/profile-rules/r05-platform-needs-automatic-updates.ts): a new Windows VM with
 * AutomaticByPlatform needs enableAutomaticUpdates = true (Compute REST spec, patchMode description);
 * an existing VM created with it false may run AutomaticByPlatform with it false (Microsoft's guest
 * patching article, note under "Patch orchestration modes"). A check that sees one resource's inputs
 * cannot tell which, so the message says both and the pack reports it at an organisation-set level.
 */
import assert from "node:assert/strict";
import { platformNeedsAutomaticUpdates } from "../../../rules/profile-rules/r05-platform-needs-automatic-updates";
import { classicVm, evaluate, expectFinding, expectNone, IMG } from "../fixtures";
import { linux, P, win } from "./support";

describe("R5 a new VM with AutomaticByPlatform needs enableAutomaticUpdates = true", () => {
    it("AutomaticByPlatform with updates off: says it is valid only on an existing VM created with false", () => {
        const f = expectFinding(win({ enableAutomaticUpdates: false }), {
            ruleId: "R5",
            path: P.eau,
            value: "false",
            allowed: "true for a new VM; false only on an existing VM created with false",
        });
        assert.match(f.message, /valid only on an existing VM created with enableAutomaticUpdates = false/);
    });
    it("the classic shape reads the same, at its own property", () => {
        const vm = classicVm({
            os: "Windows",
            image: IMG.win2019,
            patchMode: "AutomaticByPlatform",
            enableAutomaticUpdates: false,
        });
        expectFinding(evaluate(vm.type, vm.props), { ruleId: "R5", path: "automaticUpdatesEnabled" });
    });
    it("updates on passes; Linux has no such setting", () => {
        expectNone(win({ enableAutomaticUpdates: true }), "R5");
        expectNone(linux({}), "R5");
    });
    it("where creation cannot be known (the policy pack), its default level is advisory", () => {
        assert.equal(platformNeedsAutomaticUpdates.levelWhereCreationUnknown, "advisory");
    });
});
