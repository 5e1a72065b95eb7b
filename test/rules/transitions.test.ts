/**
 * R12 and R13 through checkTransition: every cell of DOMAIN.md's transition table (Windows 3x3, Linux
 * both ways), the explicit opt-in to replacement, and the create-only enableAutomaticUpdates.
 */
import assert from "node:assert/strict";
import {
    checkTransition,
    type PatchProfile,
    profileOfSettings,
    resolvePatchSettings,
    UNKNOWN,
    WINDOWS_MODE_TRANSITIONS,
} from "../../rules";
import { classicVm, expectFinding, IMG, ids, nativeVm, read, T, type VmSpec } from "./fixtures";

const EAU = "osProfile.windowsConfiguration.enableAutomaticUpdates";
const MODE = "osProfile.windowsConfiguration.patchSettings.patchMode";

/** DOMAIN.md's table, written out independently of the rule core's copy. */
const TABLE: Record<string, Record<string, "ok" | "not supported">> = {
    Manual: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "not supported" },
    AutomaticByOS: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    AutomaticByPlatform: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
};

/** A valid Windows VM in `mode`: enableAutomaticUpdates as that mode needs it (false only for Manual). */
function windowsIn(mode: string, changes: Partial<VmSpec> = {}): PatchProfile {
    return read(
        T.nativeVm,
        nativeVm({
            os: "Windows",
            image: IMG.win2019,
            patchMode: mode,
            enableAutomaticUpdates: mode !== "Manual",
            ...changes,
        }),
    );
}

describe("rule core: transitions (R12, R13)", () => {
    it("the rule core's table is DOMAIN.md's table", () => {
        assert.deepEqual(WINDOWS_MODE_TRANSITIONS, TABLE);
    });

    for (const [from, row] of Object.entries(TABLE)) {
        for (const [to, cell] of Object.entries(row)) {
            describe(`Windows ${from} -> ${to} (${cell})`, () => {
                const before = windowsIn(from);
                const after = windowsIn(to);
                if (cell === "ok") {
                    it("is accepted in place, with nothing to replace", () => {
                        const result = checkTransition(before, after);
                        assert.deepEqual(result.findings, []);
                        assert.deepEqual(result.undetermined, []);
                        assert.equal(result.replace, false);
                        assert.deepEqual(result.replaceReasons, []);
                        assert.equal(checkTransition(before, after, { allowReplacement: true }).replace, false);
                    });
                } else {
                    it("is refused by R13 saying what was asked, why, and the way out", () => {
                        const result = checkTransition(before, after);
                        const f = expectFinding(result, {
                            ruleId: "R13",
                            path: MODE,
                            value: `"${to}"`,
                            fix: `keep patchMode ${from}`,
                        });
                        assert.match(f.message, new RegExp(`from ${from} to ${to} is not supported`));
                        assert.match(f.message, /enableAutomaticUpdates can only be set when the VM is created/);
                        assert.match(f.fix, /allowReplacement: true/);
                        assert.match(f.fix, /OS disk/);
                        const okTargets = Object.keys(TABLE[from]).filter((m) => TABLE[from][m] === "ok");
                        assert.equal(f.allowed, `from ${from}: ${okTargets.join(", ")}`);
                        // R13's message covers the flag: no second finding for the same change.
                        assert.deepEqual(ids(result), ["R13"]);
                        assert.equal(result.replace, false);
                    });
                    it("with allowReplacement asks for replacement instead, with the reasons and no errors", () => {
                        const result = checkTransition(before, after, { allowReplacement: true });
                        assert.equal(result.replace, true);
                        assert.deepEqual(result.findings, []);
                        assert.equal(result.replaceReasons.length, 1);
                        assert.match(result.replaceReasons[0], new RegExp(`^\\[R13\\].*from ${from} to ${to}`));
                    });
                }
            });
        }
    }

    it("Linux ImageDefault <-> AutomaticByPlatform is accepted both ways", () => {
        const linux = (mode: string) =>
            read(T.nativeVm, nativeVm({ os: "Linux", image: IMG.linuxSupported, patchMode: mode }));
        for (const [from, to] of [
            ["ImageDefault", "AutomaticByPlatform"],
            ["AutomaticByPlatform", "ImageDefault"],
        ]) {
            const result = checkTransition(linux(from), linux(to));
            assert.deepEqual(result.findings, [], `${from} -> ${to}`);
            assert.deepEqual(result.undetermined, []);
            assert.equal(result.replace, false);
        }
    });

    it("a default mode counts as Azure's default: unset (AutomaticByOS) -> Manual is refused", () => {
        const before = read(T.nativeVm, nativeVm({ os: "Windows", image: IMG.win2019 }));
        expectFinding(checkTransition(before, windowsIn("Manual")), { ruleId: "R13", path: MODE });
    });

    it("the classic shape is checked the same way, at its own property path", () => {
        const classic = (mode: string) =>
            read(
                T.classicWindowsVm,
                classicVm({
                    os: "Windows",
                    image: IMG.win2019,
                    patchMode: mode,
                    enableAutomaticUpdates: mode !== "Manual",
                }).props,
            );
        expectFinding(checkTransition(classic("AutomaticByPlatform"), classic("Manual")), {
            ruleId: "R13",
            path: "patchMode",
        });
        assert.deepEqual(checkTransition(classic("AutomaticByOS"), classic("AutomaticByPlatform")).findings, []);
    });

    it("component settings (profileOfSettings) are checked the same way", () => {
        const resolved = (patchMode: string) => {
            const r = resolvePatchSettings({ patchMode }, { os: "Windows", image: IMG.win2019 });
            assert.ok(r.ok);
            return profileOfSettings(r.settings, IMG.win2019);
        };
        expectFinding(checkTransition(resolved("Manual"), resolved("AutomaticByPlatform")), {
            ruleId: "R13",
            path: "patching.patchMode",
        });
        assert.deepEqual(checkTransition(resolved("AutomaticByPlatform"), resolved("AutomaticByOS")).findings, []);
    });

    describe("R12 enableAutomaticUpdates is create-only", () => {
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
            const before = read(
                T.nativeVm,
                nativeVm({ os: "Windows", image: IMG.win2019, patchMode: "AutomaticByOS" }),
            );
            assert.deepEqual(checkTransition(before, windowsIn("AutomaticByPlatform")).findings, []);
        });
        it("Linux has no such flag: nothing to check", () => {
            const linux = read(
                T.nativeVm,
                nativeVm({ os: "Linux", image: IMG.linuxSupported, patchMode: "ImageDefault" }),
            );
            assert.deepEqual(checkTransition(linux, linux).findings, []);
        });
    });

    describe("unknown values", () => {
        it("an unknown new mode leaves R13 undetermined, never guessed", () => {
            const result = checkTransition(windowsIn("Manual"), windowsIn("Manual", { patchMode: UNKNOWN }));
            assert.deepEqual(result.findings, []);
            assert.deepEqual(
                result.undetermined.map((u) => [u.ruleId, u.paths]),
                [["R13", [MODE]]],
            );
            assert.equal(
                checkTransition(windowsIn("Manual"), windowsIn("Manual", { patchMode: UNKNOWN })).replace,
                false,
            );
        });
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
        it("a refused mode change is decided (R13) whatever the unknown flag", () => {
            const result = checkTransition(
                windowsIn("Manual"),
                windowsIn("AutomaticByOS", { enableAutomaticUpdates: UNKNOWN }),
            );
            expectFinding(result, { ruleId: "R13", path: MODE });
            assert.deepEqual(result.undetermined, []);
        });
    });
});
