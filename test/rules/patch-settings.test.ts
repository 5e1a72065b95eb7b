/**
 * resolvePatchSettings: the components' `patching` argument. Defaults follow the image and what the
 * user wrote; a contradiction is an error (the rule's finding), never silently overwritten; typos get
 * a did-you-mean; Windows-only settings on Linux are refused; bad input never throws.
 */
import assert from "node:assert/strict";
import {
    evaluateProfile,
    type Finding,
    type ImageRef,
    type OsType,
    profileOfSettings,
    type ResolveResult,
    readAzureNativeVirtualMachine,
    resolvePatchSettings,
} from "../../rules";
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
                allowed: "true or false",
                fix: "set provisionVMAgent to true or false",
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

    describe("one reading with the policy pack: the same mistake, the same finding", () => {
        /** The pack's errors for an azure-native VM with these settings written where Azure has them. */
        function packErrors(os: OsType, written: Record<string, unknown>, image: ImageRef): Finding[] {
            const { enableAutomaticUpdates, provisionVMAgent, rebootSetting, ...patchSettings } = written;
            const configuration = {
                ...(enableAutomaticUpdates !== undefined ? { enableAutomaticUpdates } : {}),
                ...(provisionVMAgent !== undefined ? { provisionVMAgent } : {}),
                patchSettings: {
                    ...patchSettings,
                    ...(rebootSetting !== undefined ? { automaticByPlatformSettings: { rebootSetting } } : {}),
                },
            };
            const vm = {
                osProfile: { [os === "Windows" ? "windowsConfiguration" : "linuxConfiguration"]: configuration },
                storageProfile: {
                    imageReference: image.kind === "platform" ? image : image.kind === "custom" ? { id: image.id } : {},
                },
            };
            const profile = readAzureNativeVirtualMachine(vm, { catalog: TEST_CATALOG });
            return evaluateProfile(profile, { catalog: TEST_CATALOG, errorsOnly: true }).findings.filter(
                (f) => f.severity === "error",
            );
        }
        /** A finding with its property path taken out: what must read the same in both places. */
        function pathless(f: Finding) {
            const name = f.pathKeys.at(-1) ?? "";
            return {
                ruleId: f.ruleId,
                name,
                value: f.value,
                allowed: f.allowed,
                fix: f.fix,
                message: f.message.replace(f.path, name),
            };
        }
        const cases: [string, OsType, Record<string, unknown>, ImageRef][] = [
            ["a misspelt mode (R1)", "Windows", { patchMode: "AutomaticByPlatfom" }, IMG.win2019],
            [
                "a reboot setting outside the enumeration (R0)",
                "Windows",
                { patchMode: "AutomaticByPlatform", rebootSetting: "Sometimes" },
                IMG.win2019,
            ],
            [
                "a string for a boolean (R0)",
                "Windows",
                { patchMode: "AutomaticByOS", enableAutomaticUpdates: "yes" },
                IMG.win2019,
            ],
            ["a number for a mode (R0)", "Windows", { patchMode: 3 }, IMG.win2019],
            ["a Windows mode on Linux (R1)", "Linux", { patchMode: "Manual" }, IMG.linuxSupported],
            [
                "a read-back-only reboot setting (R0)",
                "Linux",
                { patchMode: "AutomaticByPlatform", rebootSetting: "Unknown" },
                IMG.linuxSupported,
            ],
            [
                "a misspelt mode on a hotpatch image (R1, R9)",
                "Windows",
                { patchMode: "Manul", provisionVMAgent: false },
                IMG.winHotpatch,
            ],
            [
                "several mistakes at once (R0, R1, R11)",
                "Windows",
                { patchMode: "AutomaticByPlatfom", provisionVMAgent: "no", rebootSetting: "Always" },
                IMG.win2019,
            ],
        ];
        for (const [name, os, written, image] of cases) {
            it(name, () => {
                const component = findingsOf(resolve(written, os, image)).findings;
                const pack = packErrors(os, written, image);
                assert.ok(pack.length > 0, "the pack reports it");
                assert.deepEqual(component.map(pathless), pack.map(pathless));
                for (const f of component) assert.equal(f.path, `patching.${f.pathKeys.at(-1)}`, f.message);
            });
        }
        it("every error is reported at once, not only the first wrong value", () => {
            const { findings } = findingsOf(
                resolve({ patchMode: "AutomaticByPlatfom", provisionVMAgent: "no", rebootSetting: "Always" }),
            );
            assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.path}`).sort(), [
                "R0 patching.provisionVMAgent",
                "R1 patching.patchMode",
                "R11 patching.rebootSetting",
            ]);
        });
        it("with a value invalid, nothing is derived from the rest: the settings not written are Azure's defaults", () => {
            // Derived, hotpatch would be on for this image and R7 would blame a mode the user misspelt.
            const { findings } = findingsOf(resolve({ patchMode: "AutomaticByPlatfom" }, "Windows", IMG.winHotpatch));
            assert.deepEqual(
                findings.map(pathless),
                packErrors("Windows", { patchMode: "AutomaticByPlatfom" }, IMG.winHotpatch).map(pathless),
            );
            for (const f of findings.filter((f) => f.path !== "patching.patchMode")) {
                assert.match(f.value, /not set/, `${f.message}: only what was written is shown as written`);
            }
        });
        it("null is not set, as the pack and the engine read it", () => {
            const r = resolve({ patchMode: null, enableAutomaticUpdates: null });
            assert.ok(r.ok, r.ok ? "" : r.findings.map((f) => f.message).join("\n"));
            assert.equal(r.settings.patchMode, "AutomaticByPlatform");
            assert.deepEqual(r.written, []);
        });
        it("a Windows-only setting on Linux is R0 alone: no hotpatch or update rule takes it as a value", () => {
            const { findings } = findingsOf(
                resolve({ patchMode: "AutomaticByPlatform", enableHotpatching: true }, "Linux", IMG.linuxSupported),
            );
            assert.deepEqual(
                findings.map((f) => `${f.ruleId} ${f.path} ${f.value}`),
                ["R0 patching.enableHotpatching true"],
            );
        });
    });
});
