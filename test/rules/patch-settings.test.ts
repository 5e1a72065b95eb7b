/**
 * resolvePatchSettings: the components' `patching` argument. Defaults follow the image and what the
 * user wrote; a contradiction is an error (the rule's finding), never silently overwritten; typos get
 * a did-you-mean; Windows-only settings on Linux are refused; bad input never throws.
 */
import assert from "node:assert/strict";
import { type ImageRef, type OsType, profileOfSettings, type ResolveResult, resolvePatchSettings } from "../../rules";
import { expectFinding, IMG, ids, TEST_CATALOG } from "./fixtures";

function resolve(input: unknown, os: OsType = "Windows", image: ImageRef = IMG.win2019): ResolveResult {
    return resolvePatchSettings(input, { os, image, catalog: TEST_CATALOG });
}

function settingsOf(result: ResolveResult) {
    assert.ok(result.ok, `expected ok; got ${result.ok ? "" : result.findings.map((f) => f.message).join("\n")}`);
    return result.settings;
}

function findingsOf(result: ResolveResult) {
    assert.ok(!result.ok, `expected errors; got ok with ${JSON.stringify(result.ok && result.settings)}`);
    return { findings: result.findings };
}

describe("rule core: resolvePatchSettings", () => {
    describe("defaults", () => {
        it("Windows on a supported image: AutomaticByPlatform, updates on, agent on, periodic assessment", () => {
            for (const input of [undefined, null, {}]) {
                const r = resolve(input);
                assert.deepEqual(settingsOf(r), {
                    os: "Windows",
                    patchMode: "AutomaticByPlatform",
                    enableAutomaticUpdates: true,
                    provisionVMAgent: true,
                    enableHotpatching: false,
                    assessmentMode: "AutomaticByPlatform",
                });
                assert.ok(r.ok);
                assert.deepEqual(r.evaluation.findings, [], "no recommendation is left over");
            }
        });
        it("a hotpatch-capable image gets hotpatch on", () => {
            const s = settingsOf(resolve({}, "Windows", IMG.winHotpatch));
            assert.equal(s.patchMode, "AutomaticByPlatform");
            assert.equal(s.enableHotpatching, true);
        });
        it("an image without platform support gets the OS's default mode", () => {
            const s = settingsOf(resolve({}, "Windows", IMG.winUnlisted));
            assert.equal(s.patchMode, "AutomaticByOS");
            assert.equal(s.enableAutomaticUpdates, true);
            assert.equal(s.enableHotpatching, false);
            assert.equal(settingsOf(resolve({}, "Windows", IMG.custom)).patchMode, "AutomaticByOS");
            const linux = settingsOf(resolve({}, "Linux", IMG.linuxUnlisted));
            assert.equal(linux.patchMode, "ImageDefault");
        });
        it("Linux on a supported image: AutomaticByPlatform and no Windows-only settings", () => {
            const s = settingsOf(resolve({}, "Linux", IMG.linuxSupported));
            assert.deepEqual(s, {
                os: "Linux",
                patchMode: "AutomaticByPlatform",
                provisionVMAgent: true,
                assessmentMode: "AutomaticByPlatform",
            });
        });
        it("enableAutomaticUpdates follows the mode: false for Manual, true otherwise", () => {
            assert.equal(settingsOf(resolve({ patchMode: "Manual" })).enableAutomaticUpdates, false);
            assert.equal(settingsOf(resolve({ patchMode: "AutomaticByOS" })).enableAutomaticUpdates, true);
            assert.equal(settingsOf(resolve({ patchMode: "AutomaticByPlatform" })).enableAutomaticUpdates, true);
        });
        it("without the VM agent, assessment stays ImageDefault and the mode is not AutomaticByPlatform", () => {
            const s = settingsOf(resolve({ provisionVMAgent: false }));
            assert.equal(s.assessmentMode, "ImageDefault");
            assert.equal(s.patchMode, "AutomaticByOS");
            assert.equal(
                settingsOf(resolve({ provisionVMAgent: false }, "Linux", IMG.linuxSupported)).patchMode,
                "ImageDefault",
            );
        });
        it("updates written off choose the one mode that allows it (Manual), never AutomaticByPlatform", () => {
            const s = settingsOf(resolve({ enableAutomaticUpdates: false }));
            assert.equal(s.patchMode, "Manual");
            assert.equal(s.enableAutomaticUpdates, false);
        });
        it("recommendations that still apply are returned, never as errors", () => {
            const r = resolve({ patchMode: "Manual" });
            assert.ok(r.ok);
            assert.deepEqual(ids(r.evaluation), ["W1", "W4"]);
            const documented = resolve({ patchMode: "Manual", customPatchingSolution: "WSUS, owned by team-x" });
            assert.ok(documented.ok);
            assert.deepEqual(ids(documented.evaluation), ["W1"]);
        });
        it("the path prefix names the component's argument", () => {
            const r = resolvePatchSettings(
                { patchMode: "Manual", enableAutomaticUpdates: true },
                {
                    os: "Windows",
                    image: IMG.win2019,
                    pathPrefix: "spec.patching",
                },
            );
            expectFinding(findingsOf(r), { ruleId: "R3", path: "spec.patching.enableAutomaticUpdates" });
        });
    });

    describe("one reading per VM", () => {
        it("says which settings were written, in the order written", () => {
            const r = resolve({ provisionVMAgent: true, patchMode: "Manual", rebootSetting: undefined });
            assert.ok(r.ok);
            assert.deepEqual(r.written, ["provisionVMAgent", "patchMode"]);
            // The profile's "written" is the same list: the others were derived.
            const { patchMode, provisionVMAgent, enableAutomaticUpdates, assessmentMode } = r.profile;
            assert.deepEqual(
                [patchMode, provisionVMAgent, enableAutomaticUpdates, assessmentMode].map((f) => f.explicit),
                [true, true, false, false],
            );
        });
        it("the same recorded settings give the same profile object; other settings another", () => {
            const r = resolve({ patchMode: "AutomaticByOS" });
            assert.ok(r.ok);
            const again = profileOfSettings({ ...r.settings }, { ...IMG.win2019 }, "patching", new Set(r.written));
            assert.equal(again, r.profile);
            const other = profileOfSettings({ ...r.settings, patchMode: "Manual" }, IMG.win2019, "patching");
            assert.notEqual(other, r.profile);
            assert.equal(other.patchMode.value, "Manual");
        });
    });

    describe("contradictions are errors, not overwritten", () => {
        it("Manual with updates on is R3", () => {
            expectFinding(findingsOf(resolve({ patchMode: "Manual", enableAutomaticUpdates: true })), {
                ruleId: "R3",
                path: "patching.enableAutomaticUpdates",
                value: "true",
                allowed: "false",
            });
        });
        it("AutomaticByOS with updates off is R2; AutomaticByPlatform with updates off is R5", () => {
            expectFinding(findingsOf(resolve({ patchMode: "AutomaticByOS", enableAutomaticUpdates: false })), {
                ruleId: "R2",
                path: "patching.enableAutomaticUpdates",
            });
            expectFinding(findingsOf(resolve({ patchMode: "AutomaticByPlatform", enableAutomaticUpdates: false })), {
                ruleId: "R5",
                path: "patching.enableAutomaticUpdates",
            });
        });
        it("AutomaticByPlatform written on an unlisted marketplace image is R14, not quietly downgraded", () => {
            expectFinding(findingsOf(resolve({ patchMode: "AutomaticByPlatform" }, "Windows", IMG.winUnlisted)), {
                ruleId: "R14",
                path: "patching.patchMode",
            });
        });
        it("hotpatch written on a non-hotpatch image is R8; another mode on a hotpatch image is R9", () => {
            expectFinding(findingsOf(resolve({ enableHotpatching: true })), {
                ruleId: "R8",
                path: "patching.enableHotpatching",
            });
            expectFinding(findingsOf(resolve({ patchMode: "AutomaticByOS" }, "Windows", IMG.winHotpatch)), {
                ruleId: "R9",
                path: "patching.patchMode",
            });
        });
        it("rebootSetting without AutomaticByPlatform is R11", () => {
            expectFinding(findingsOf(resolve({ patchMode: "AutomaticByOS", rebootSetting: "Never" })), {
                ruleId: "R11",
                path: "patching.rebootSetting",
            });
        });
    });

    describe("input that is not a valid patching argument", () => {
        it("the typo AutomaticByPlatfom (once in Microsoft's own article) gets a did-you-mean (R1)", () => {
            expectFinding(findingsOf(resolve({ patchMode: "AutomaticByPlatfom" })), {
                ruleId: "R1",
                path: "patching.patchMode",
                value: '"AutomaticByPlatfom"',
                fix: 'did you mean "AutomaticByPlatform"?',
            });
        });
        it("a Linux mode on Windows and a Windows mode on Linux are R1", () => {
            expectFinding(findingsOf(resolve({ patchMode: "ImageDefault" })), {
                ruleId: "R1",
                path: "patching.patchMode",
            });
            expectFinding(findingsOf(resolve({ patchMode: "Manual" }, "Linux", IMG.linuxSupported)), {
                ruleId: "R1",
                path: "patching.patchMode",
                allowed: "ImageDefault, AutomaticByPlatform",
            });
        });
        it("misspelled keys get a did-you-mean for the key", () => {
            const r = findingsOf(resolve({ pachMode: "Manual", enableAutomaticUpdate: false }));
            expectFinding(r, {
                ruleId: "R0",
                path: "patching.pachMode",
                value: '"Manual"',
                fix: 'did you mean "patchMode"?',
            });
            expectFinding(r, {
                ruleId: "R0",
                path: "patching.enableAutomaticUpdate",
                fix: 'did you mean "enableAutomaticUpdates"?',
            });
            const far = findingsOf(resolve({ colour: "blue" }));
            expectFinding(far, { ruleId: "R0", path: "patching.colour", fix: "remove it." });
        });
        it("wrong types are reported with the value written", () => {
            expectFinding(findingsOf(resolve({ provisionVMAgent: "yes" })), {
                ruleId: "R0",
                path: "patching.provisionVMAgent",
                value: '"yes"',
                allowed: "boolean",
            });
            expectFinding(findingsOf(resolve({ assessmentMode: "Periodic" })), {
                ruleId: "R0",
                path: "patching.assessmentMode",
                allowed: "ImageDefault, AutomaticByPlatform",
            });
        });
        it("a blank customPatchingSolution is refused with what to write", () => {
            expectFinding(findingsOf(resolve({ patchMode: "Manual", customPatchingSolution: "   " })), {
                ruleId: "R0",
                path: "patching.customPatchingSolution",
                allowed: "a non-empty description",
                fix: "WSUS",
            });
        });
        it("Windows-only settings on Linux are refused", () => {
            const r = findingsOf(
                resolve({ enableAutomaticUpdates: true, enableHotpatching: false }, "Linux", IMG.linuxSupported),
            );
            expectFinding(r, { ruleId: "R0", path: "patching.enableAutomaticUpdates", allowed: "not set on Linux" });
            expectFinding(r, { ruleId: "R0", path: "patching.enableHotpatching", allowed: "not set on Linux" });
        });
        it("a value that is not an object, or that JSON cannot show, is reported without throwing", () => {
            expectFinding(findingsOf(resolve("AutomaticByPlatform")), {
                ruleId: "R0",
                path: "patching",
                value: '"AutomaticByPlatform"',
                allowed: "an object",
            });
            const cyclic: Record<string, unknown> = {};
            cyclic.self = cyclic;
            for (const input of [
                42,
                [],
                { patchMode: 10n },
                { patchMode: cyclic },
                cyclic,
                { rebootSetting: Symbol("x") },
            ]) {
                const r = resolve(input);
                assert.ok(!r.ok, String(typeof input));
                for (const f of r.findings) assert.ok(f.path.startsWith("patching") && f.fix.length > 0, f.message);
            }
        });
    });
});
