/**
 * R12 (rules/transition-rules/r12-automatic-updates-create-only.ts) through checkTransition:
 * enableAutomaticUpdates of an existing Windows VM cannot change, with or without a mode change.
 */
import assert from "node:assert/strict";
import { checkTransition, UNKNOWN } from "../../../rules";
import { expectFinding, IMG, ids, nativeVm, read, T } from "../fixtures";
import { EAU, windowsIn } from "./support";

describe("rule core: R12 enableAutomaticUpdates is create-only", () => {
    it("flipping it under an allowed mode is refused, naming the value the VM was created with", () => {
        const result = checkTransition(
            windowsIn("AutomaticByOS"),
            windowsIn("AutomaticByOS", { enableAutomaticUpdates: false }),
        );
        const f = expectFinding(result, {
            ruleId: "R12",
            path: EAU,
            value: "false",
            allowed: "true (the value the VM was created with)",
            fix: "set enableAutomaticUpdates back to true",
        });
        assert.match(f.message, /PropertyChangeNotAllowed/);
        assert.match(f.fix, /allowReplacement: true/);
        assert.deepEqual(ids(result), ["R12"]);
    });
    it("false -> true under Manual is refused too; with allowReplacement it asks for replacement", () => {
        const before = windowsIn("Manual");
        const after = windowsIn("Manual", { enableAutomaticUpdates: true });
        expectFinding(checkTransition(before, after), {
            ruleId: "R12",
            path: EAU,
            value: "true",
            allowed: "false",
        });
        const replaced = checkTransition(before, after, { allowReplacement: true });
        assert.equal(replaced.replace, true);
        assert.deepEqual(replaced.findings, []);
        assert.match(replaced.replaceReasons[0], /^\[R12\]/);
    });
    it("writing the default explicitly is no change", () => {
        const before = read(T.nativeVm, nativeVm({ os: "Windows", image: IMG.win2019, patchMode: "AutomaticByOS" }));
        assert.deepEqual(checkTransition(before, windowsIn("AutomaticByPlatform")).findings, []);
    });
    it("Linux has no such flag: nothing to check", () => {
        const linux = read(T.nativeVm, nativeVm({ os: "Linux", image: IMG.linuxSupported, patchMode: "ImageDefault" }));
        assert.deepEqual(checkTransition(linux, linux).findings, []);
    });

    describe("unknown values", () => {
        it("a flipped flag is still refused (R12) while the mode is unknown", () => {
            const result = checkTransition(
                windowsIn("AutomaticByOS"),
                windowsIn("AutomaticByOS", { patchMode: UNKNOWN, enableAutomaticUpdates: false }),
            );
            expectFinding(result, { ruleId: "R12", path: EAU });
            assert.deepEqual(
                result.undetermined.map((u) => u.ruleId),
                ["R13"],
            );
        });
        it("an unknown flag leaves R12 undetermined under an allowed mode change", () => {
            const result = checkTransition(
                windowsIn("AutomaticByOS"),
                windowsIn("AutomaticByPlatform", { enableAutomaticUpdates: UNKNOWN }),
            );
            assert.deepEqual(result.findings, []);
            assert.deepEqual(
                result.undetermined.map((u) => [u.ruleId, u.paths]),
                [["R12", [EAU]]],
            );
        });
    });
});
