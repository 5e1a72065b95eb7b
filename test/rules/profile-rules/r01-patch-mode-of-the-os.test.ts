/**
 * R1: patchMode is one of the OS's modes (rules/profile-rules/r01-patch-mode-of-the-os.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import { COMPLIANT_LINUX, expectFinding, expectNone } from "../fixtures";
import { classic, linux, P, win } from "./support";

describe("R1 patchMode is one of the OS's modes", () => {
    it("a Linux mode on Windows names the OS's modes", () => {
        const f = expectFinding(win({ patchMode: "ImageDefault" }), {
            ruleId: "R1",
            path: P.patchMode,
            value: '"ImageDefault"',
            allowed: "Manual, AutomaticByOS, AutomaticByPlatform",
        });
        assert.match(f.message, /is a Linux patch mode/);
    });
    it("a Windows mode on Linux is refused (azure-native and classic)", () => {
        expectFinding(linux({ patchMode: "AutomaticByOS" }), {
            ruleId: "R1",
            path: P.linuxPatchMode,
            allowed: "ImageDefault, AutomaticByPlatform",
        });
        expectFinding(classic({ ...COMPLIANT_LINUX, patchMode: "Manual" }), { ruleId: "R1", path: "patchMode" });
    });
    it("the typo AutomaticByPlatfom (once in Microsoft's own article) gets a did-you-mean, and no W1 over it", () => {
        const ev = win({ patchMode: "AutomaticByPlatfom" });
        expectFinding(ev, { ruleId: "R1", path: P.patchMode, fix: 'did you mean "AutomaticByPlatform"?' });
        expectNone(ev, "W1", "R14", "R4", "R5");
    });
    it("every valid mode of each OS passes", () => {
        for (const mode of ["Manual", "AutomaticByOS", "AutomaticByPlatform"]) {
            expectNone(win({ patchMode: mode, enableAutomaticUpdates: mode !== "Manual" }), "R1");
        }
        for (const mode of ["ImageDefault", "AutomaticByPlatform"]) expectNone(linux({ patchMode: mode }), "R1");
    });
});
