/**
 * R13 (rules/transition-rules/r13-patch-mode-transitions.ts) through checkTransition: every cell of
 * the documented transition table (Windows: a row per mode and create-time enableAutomaticUpdates;
 * Linux both ways; scale sets exempt) and the explicit opt-in to replacement. Table: Microsoft's guest
 * patching article, note under "Patch orchestration modes".
 */
import assert from "node:assert/strict";
import {
    checkTransition,
    profileOfSettings,
    resolvePatchSettings,
    UNKNOWN,
    WINDOWS_MODE_TRANSITIONS,
} from "../../../rules";
import { classicVm, expectFinding, IMG, ids, nativeVm, nativeVmss, read, T } from "../fixtures";
import { MODE, windowsIn } from "./support";

/**
 * The documented table, written out independently of the rule core's copy: Microsoft's guest patching
 * article, note under "Patch orchestration modes" (Manual <-> AutomaticByPlatform is supported on VMs
 * with enableAutomaticUpdates = false, AutomaticByOS <-> AutomaticByPlatform on VMs with it true,
 * AutomaticByOS <-> Manual is not). A row: the mode in the stack and the VM's create-time value.
 */
const ROWS: { from: string; created: boolean; to: Record<string, "ok" | "not supported"> }[] = [
    { from: "Manual", created: false, to: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "ok" } },
    {
        from: "AutomaticByOS",
        created: true,
        to: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    },
    {
        from: "AutomaticByPlatform",
        created: true,
        to: { Manual: "not supported", AutomaticByOS: "ok", AutomaticByPlatform: "ok" },
    },
    {
        from: "AutomaticByPlatform",
        created: false,
        to: { Manual: "ok", AutomaticByOS: "not supported", AutomaticByPlatform: "ok" },
    },
];

/** What the mode needs on a new VM; an existing VM keeps its create-time value (R12) whatever the mode. */
const NEEDS: Record<string, boolean | undefined> = {
    Manual: false,
    AutomaticByOS: true,
    AutomaticByPlatform: undefined,
};

describe("rule core: R13 patch-mode transitions of an existing VM", () => {
    it("the rule core's table is the documented one", () => {
        assert.deepEqual(
            WINDOWS_MODE_TRANSITIONS.map((r) => ({ from: r.from, created: r.createdWithAutomaticUpdates, to: r.to })),
            ROWS,
        );
    });

    for (const { from, created, to: row } of ROWS) {
        for (const [to, cell] of Object.entries(row)) {
            describe(`Windows ${from} (created with enableAutomaticUpdates = ${created}) -> ${to} (${cell})`, () => {
                const before = windowsIn(from, { enableAutomaticUpdates: created });
                // The VM keeps its create-time flag (R12) unless the new mode cannot have it.
                const after = windowsIn(to, { enableAutomaticUpdates: NEEDS[to] ?? created });
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
                        const f = expectFinding(result, { ruleId: "R13", path: MODE, value: `"${to}"` });
                        assert.match(f.message, new RegExp(`from ${from} to ${to} is not supported`));
                        assert.match(f.message, new RegExp(`this VM was created with ${created}`));
                        assert.match(f.message, /enableAutomaticUpdates can only be set when a VM is created/);
                        assert.match(f.fix, new RegExp(`^keep patchMode ${from}`));
                        assert.match(f.fix, /allowReplacement: true/);
                        assert.match(f.fix, /OS disk/);
                        const okTargets = Object.keys(row).filter((m) => row[m] === "ok");
                        assert.equal(
                            f.allowed,
                            `from ${from} on a VM created with enableAutomaticUpdates = ${created}: ${okTargets.join(", ")}`,
                        );
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

    it("Manual -> AutomaticByPlatform that also turns enableAutomaticUpdates on is R12 (the flag is create-only)", () => {
        const result = checkTransition(windowsIn("Manual"), windowsIn("AutomaticByPlatform"));
        assert.deepEqual(ids(result), ["R12"]);
    });

    it("scale sets: neither R12 nor R13 applies (enableAutomaticUpdates can be updated there)", () => {
        const vmss = (mode: string, enableAutomaticUpdates: boolean) =>
            read(
                T.nativeVmss,
                nativeVmss({
                    os: "Windows",
                    image: IMG.win2019,
                    patchMode: mode,
                    enableAutomaticUpdates,
                    orchestrationMode: "Flexible",
                }),
            );
        const result = checkTransition(vmss("AutomaticByOS", true), vmss("Manual", false));
        assert.deepEqual(result.findings, []);
        assert.equal(result.replace, false);
    });

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
        expectFinding(checkTransition(classic("AutomaticByOS"), classic("Manual")), {
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
        expectFinding(checkTransition(resolved("Manual"), resolved("AutomaticByOS")), {
            ruleId: "R13",
            path: "patching.patchMode",
        });
        assert.deepEqual(checkTransition(resolved("AutomaticByPlatform"), resolved("AutomaticByOS")).findings, []);
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
