/**
 * Every profile rule (R0-R11, R14-R16) and recommendation (W1-W4): a case that passes and a case that
 * fails, through readResource on the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import { ALL_RULES, CUSTOM_PATCHING_TAG, extendCatalog } from "../../rules";
import {
    COMPLIANT_LINUX,
    COMPLIANT_WINDOWS,
    classicOrchestratedVmss,
    classicUniformVmss,
    classicVm,
    evaluate,
    expectFinding,
    expectNone,
    findingsOf,
    IMG,
    ids,
    nativeVm,
    nativeVmss,
    type ScaleSetSpec,
    T,
    TEST_CATALOG,
    type VmSpec,
} from "./fixtures";

const WIN = "osProfile.windowsConfiguration";
const LIN = "osProfile.linuxConfiguration";
const P = {
    patchMode: `${WIN}.patchSettings.patchMode`,
    eau: `${WIN}.enableAutomaticUpdates`,
    agent: `${WIN}.provisionVMAgent`,
    hotpatch: `${WIN}.patchSettings.enableHotpatching`,
    assessment: `${WIN}.patchSettings.assessmentMode`,
    reboot: `${WIN}.patchSettings.automaticByPlatformSettings.rebootSetting`,
    bypass: `${WIN}.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule`,
    linuxPatchMode: `${LIN}.patchSettings.patchMode`,
    linuxAgent: `${LIN}.provisionVMAgent`,
};

/** A compliant Windows VM with some settings changed, evaluated as azure-native input. */
function win(changes: Partial<VmSpec>) {
    return evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, ...changes }));
}

function linux(changes: Partial<VmSpec>) {
    return evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_LINUX, ...changes }));
}

function classic(spec: VmSpec) {
    const { type, props } = classicVm(spec);
    return evaluate(type, props);
}

describe("rule core: profile rules", () => {
    it("compliant Windows and Linux VMs have no findings at all, in either provider's shape", () => {
        assert.deepEqual(ids(win({})), []);
        assert.deepEqual(ids(linux({})), []);
        assert.deepEqual(ids(classic(COMPLIANT_WINDOWS)), []);
        assert.deepEqual(ids(classic(COMPLIANT_LINUX)), []);
    });

    it("ALL_RULES lists R0-R16 and W1-W4 once each, in id order, each with a doc link", () => {
        const expected = [
            ...Array.from({ length: 17 }, (_, i) => `R${i}`),
            ...Array.from({ length: 4 }, (_, i) => `W${i + 1}`),
        ];
        assert.deepEqual(
            ALL_RULES.map((r) => r.id),
            expected,
        );
        for (const rule of ALL_RULES) {
            assert.equal(rule.severity, rule.id.startsWith("W") ? "warning" : "error", rule.id);
            assert.match(rule.docUrl, /^https:\/\//);
        }
    });

    describe("R0 types and enumerated values", () => {
        it("a boolean written as a string is reported with the value as written", () => {
            expectFinding(win({ enableAutomaticUpdates: "false" }), {
                ruleId: "R0",
                path: P.eau,
                value: '"false"',
                allowed: "true or false",
                fix: "true or false",
            });
        });
        it("an assessmentMode that is not Azure's value suggests the near miss", () => {
            expectFinding(win({ assessmentMode: "AutomaticByPlatfom" }), {
                ruleId: "R0",
                path: P.assessment,
                value: '"AutomaticByPlatfom"',
                allowed: "ImageDefault, AutomaticByPlatform",
                fix: 'did you mean "AutomaticByPlatform"?',
            });
        });
        it("an unknown rebootSetting and a numeric classic patchAssessmentMode are reported", () => {
            expectFinding(win({ rebootSetting: "Sometimes" }), {
                ruleId: "R0",
                path: P.reboot,
                allowed: "IfRequired, Never, Always",
            });
            expectFinding(classic({ ...COMPLIANT_LINUX, assessmentMode: 5 }), {
                ruleId: "R0",
                path: "patchAssessmentMode",
                value: "5",
                allowed: "a string",
            });
        });
        it("a value of the wrong type is R0's alone: no other rule guesses what it meant", () => {
            // patchMode 5 is no mode: not the default AutomaticByOS (which would make R2 and W1 fire).
            const mode = win({ patchMode: 5, enableAutomaticUpdates: false });
            assert.deepEqual(ids(mode), ["R0"]);
            expectFinding(mode, { ruleId: "R0", path: P.patchMode, value: "5" });
            // "true" is not true, nor Azure's default true: R3 must not claim updates are on.
            const manual = win({ patchMode: "Manual", enableAutomaticUpdates: "true" });
            expectFinding(manual, { ruleId: "R0", path: P.eau, value: '"true"' });
            expectNone(manual, "R3");
            // "false" is not false: R4 must not claim the agent is off.
            const agent = win({ provisionVMAgent: "false" });
            assert.deepEqual(ids(agent), ["R0"]);
        });
        it("an object or list written where a value goes is named, not printed", () => {
            const ev = win({ provisionVMAgent: { adminPassword: "not-for-messages" }, patchMode: ["Manual"] });
            expectFinding(ev, {
                ruleId: "R0",
                path: P.agent,
                value: "(an object)",
                fix: "set provisionVMAgent to true or false",
            });
            expectFinding(ev, { ruleId: "R0", path: P.patchMode, value: "(a list)" });
            for (const f of ev.findings) assert.ok(!f.message.includes("not-for-messages"));
        });
        it("values of the right types and enumerations pass", () => {
            expectNone(win({ rebootSetting: "IfRequired", bypass: false }), "R0");
        });
    });

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
        it("the seeds' typo AutomaticByPlatfom gets a did-you-mean, and no W1 over it", () => {
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

    describe("R2 AutomaticByOS needs enableAutomaticUpdates = true", () => {
        it("written AutomaticByOS with updates off fails", () => {
            expectFinding(win({ patchMode: "AutomaticByOS", enableAutomaticUpdates: false }), {
                ruleId: "R2",
                path: P.eau,
                value: "false",
                allowed: "true",
                fix: "set enableAutomaticUpdates to true",
            });
        });
        it("the default mode (AutomaticByOS) with updates off fails, in every Windows shape", () => {
            expectFinding(win({ patchMode: undefined, enableAutomaticUpdates: false }), { ruleId: "R2", path: P.eau });
            // The fix names the property as the classic shape spells it.
            expectFinding(classic({ os: "Windows", enableAutomaticUpdates: false }), {
                ruleId: "R2",
                path: "automaticUpdatesEnabled",
                fix: "set automaticUpdatesEnabled to true",
            });
            // Classic Uniform scale sets cannot write patchMode: Azure's default AutomaticByOS applies.
            const uniform = classicUniformVmss({ os: "Windows", enableAutomaticUpdates: false });
            expectFinding(evaluate(uniform.type, uniform.props), { ruleId: "R2", path: "enableAutomaticUpdates" });
        });
        it("AutomaticByOS with updates on or unset passes", () => {
            expectNone(win({ patchMode: "AutomaticByOS", enableAutomaticUpdates: true }), "R2");
            expectNone(win({ patchMode: "AutomaticByOS", enableAutomaticUpdates: undefined }), "R2");
            const uniform = classicUniformVmss({ os: "Windows" });
            expectNone(evaluate(uniform.type, uniform.props), "R2");
        });
    });

    describe("R3 Manual needs enableAutomaticUpdates = false", () => {
        it("Manual with updates on, written or by default, fails", () => {
            expectFinding(win({ patchMode: "Manual", enableAutomaticUpdates: true }), {
                ruleId: "R3",
                path: P.eau,
                value: "true",
                allowed: "false",
                fix: "set enableAutomaticUpdates to false",
            });
            expectFinding(win({ patchMode: "Manual", enableAutomaticUpdates: undefined }), {
                ruleId: "R3",
                path: P.eau,
                value: "not set",
            });
        });
        it("Manual with updates off passes", () => {
            expectNone(win({ patchMode: "Manual", enableAutomaticUpdates: false }), "R3", "R2", "R5");
        });
    });

    describe("R4 AutomaticByPlatform needs provisionVMAgent = true", () => {
        it("Windows and Linux without the agent fail", () => {
            expectFinding(win({ provisionVMAgent: false, assessmentMode: "ImageDefault" }), {
                ruleId: "R4",
                path: P.agent,
                value: "false",
                allowed: "true",
            });
            expectFinding(linux({ provisionVMAgent: false, assessmentMode: undefined }), {
                ruleId: "R4",
                path: P.linuxAgent,
            });
            expectFinding(classic({ ...COMPLIANT_WINDOWS, provisionVMAgent: false }), {
                ruleId: "R4",
                path: "provisionVmAgent",
            });
        });
        it("the agent on or unset passes; other modes do not need it", () => {
            expectNone(win({ provisionVMAgent: undefined }), "R4");
            expectNone(win({ patchMode: "AutomaticByOS", provisionVMAgent: false, assessmentMode: undefined }), "R4");
        });
    });

    describe("R5 AutomaticByPlatform needs enableAutomaticUpdates = true", () => {
        it("AutomaticByPlatform with updates off fails", () => {
            expectFinding(win({ enableAutomaticUpdates: false }), {
                ruleId: "R5",
                path: P.eau,
                value: "false",
                allowed: "true",
            });
        });
        it("updates on passes; Linux has no such setting", () => {
            expectNone(win({ enableAutomaticUpdates: true }), "R5");
            expectNone(linux({}), "R5");
        });
    });

    describe("R6 assessmentMode AutomaticByPlatform needs provisionVMAgent = true", () => {
        it("periodic assessment without the agent fails at provisionVMAgent", () => {
            expectFinding(win({ patchMode: "AutomaticByOS", provisionVMAgent: false }), {
                ruleId: "R6",
                path: P.agent,
                value: "false",
                allowed: "true",
                fix: "assessmentMode to ImageDefault",
            });
            expectFinding(classic({ ...COMPLIANT_LINUX, patchMode: "ImageDefault", provisionVMAgent: false }), {
                ruleId: "R6",
                path: "provisionVmAgent",
            });
        });
        it("ImageDefault assessment without the agent passes", () => {
            expectNone(
                win({ patchMode: "AutomaticByOS", provisionVMAgent: false, assessmentMode: "ImageDefault" }),
                "R6",
            );
        });
    });

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

    describe("R8 hotpatch only on hotpatch-capable images", () => {
        it("hotpatch on a supported non-hotpatch image fails (azure-native and classic)", () => {
            expectFinding(win({ enableHotpatching: true }), {
                ruleId: "R8",
                path: P.hotpatch,
                value: "true",
                allowed: "hotpatch images",
                fix: "set enableHotpatching to false",
            });
            expectFinding(win({ image: IMG.winAzureEditionDesktop, enableHotpatching: true }), {
                ruleId: "R8",
                path: P.hotpatch,
            });
            expectFinding(classic({ ...COMPLIANT_WINDOWS, enableHotpatching: true }), {
                ruleId: "R8",
                path: "hotpatchingEnabled",
            });
        });
        it("hotpatch on a custom image fails and says custom images never are", () => {
            const f = expectFinding(win({ image: IMG.custom, enableHotpatching: true }), {
                ruleId: "R8",
                path: P.hotpatch,
            });
            assert.match(f.message, /custom images never are/);
        });
        it("the SKU matches case-insensitively, as Azure's does", () => {
            const shouting = {
                ...IMG.winHotpatch,
                publisher: "microsoftwindowsserver",
                sku: "2022-DATACENTER-AZURE-EDITION-CORE",
            };
            assert.deepEqual(ids(win({ image: shouting, enableHotpatching: true })), []);
        });
    });

    describe("R9 a hotpatch-capable image needs AutomaticByPlatform", () => {
        it("another mode fails even when hotpatch was never written", () => {
            expectFinding(win({ image: IMG.winHotpatch, patchMode: "AutomaticByOS" }), {
                ruleId: "R9",
                path: P.patchMode,
                value: '"AutomaticByOS"',
                allowed: "AutomaticByPlatform",
            });
            expectFinding(win({ image: IMG.winHotpatch, patchMode: undefined }), {
                ruleId: "R9",
                path: P.patchMode,
                value: "not set",
            });
        });
        it("the classic VM, whose provider sends hotpatch false, fails too", () => {
            expectFinding(classic({ ...COMPLIANT_WINDOWS, image: IMG.winHotpatch, patchMode: "AutomaticByOS" }), {
                ruleId: "R9",
                path: "patchMode",
            });
        });
        it("AutomaticByPlatform passes; the Desktop Azure Edition image is not hotpatch-capable", () => {
            expectNone(win({ image: IMG.winHotpatch }), "R9");
            expectNone(win({ image: IMG.winAzureEditionDesktop, patchMode: "AutomaticByOS" }), "R9");
        });
    });

    describe("R10 hotpatch needs the platform's safety checks", () => {
        it("bypass with hotpatch written on fails at the bypass setting", () => {
            expectFinding(win({ image: IMG.winHotpatch, enableHotpatching: true, bypass: true }), {
                ruleId: "R10",
                path: P.bypass,
                value: "true",
                allowed: "false",
            });
        });
        it("bypass with hotpatch turned on by the image (not written) fails too", () => {
            expectFinding(win({ image: IMG.winHotpatch, bypass: true }), { ruleId: "R10", path: P.bypass });
        });
        it("bypass without hotpatch passes", () => {
            expectNone(win({ bypass: true }), "R10");
            expectNone(win({ image: IMG.winHotpatch, enableHotpatching: false, bypass: true }), "R10");
        });
    });

    describe("R11 rebootSetting and bypass only with AutomaticByPlatform", () => {
        it("rebootSetting with AutomaticByOS and bypass with Manual fail", () => {
            expectFinding(win({ patchMode: "AutomaticByOS", rebootSetting: "IfRequired" }), {
                ruleId: "R11",
                path: P.reboot,
                value: '"IfRequired"',
                allowed: "only with patchMode AutomaticByPlatform",
            });
            const manual = win({ patchMode: "Manual", enableAutomaticUpdates: false, bypass: true });
            expectFinding(manual, { ruleId: "R11", path: P.bypass, value: "true" });
            expectFinding(linux({ patchMode: "ImageDefault", rebootSetting: "Never" }), {
                ruleId: "R11",
                path: `${LIN}.patchSettings.automaticByPlatformSettings.rebootSetting`,
            });
            expectFinding(classic({ ...COMPLIANT_WINDOWS, patchMode: "AutomaticByOS", rebootSetting: "Always" }), {
                ruleId: "R11",
                path: "rebootSetting",
            });
        });
        it("both with AutomaticByPlatform, and bypass false with any mode, pass", () => {
            expectNone(win({ rebootSetting: "IfRequired", bypass: true }), "R11");
            expectNone(win({ patchMode: "AutomaticByOS", bypass: false }), "R11");
        });
    });

    describe("R14 AutomaticByPlatform only on supported platform images", () => {
        it("an unlisted platform image fails and points at the catalog", () => {
            const f = expectFinding(win({ image: IMG.winUnlisted }), {
                ruleId: "R14",
                path: P.patchMode,
                value: '"AutomaticByPlatform"',
                fix: "extendCatalog",
            });
            assert.match(f.message, /ContosoTestPublisher:HardenedWindows:2022/);
            assert.match(f.fix, /AutomaticByOS/);
        });
        it("a custom image fails; a Linux one suggests ImageDefault", () => {
            const f = expectFinding(win({ image: IMG.custom }), { ruleId: "R14", path: P.patchMode });
            assert.match(f.message, /custom images are not supported/);
            expectFinding(linux({ image: IMG.linuxUnlisted }), {
                ruleId: "R14",
                path: P.linuxPatchMode,
                fix: "ImageDefault",
            });
            expectFinding(classic({ ...COMPLIANT_WINDOWS, image: IMG.custom }), { ruleId: "R14", path: "patchMode" });
        });
        it("supported images pass, whatever the case of publisher, offer and SKU", () => {
            expectNone(win({}), "R14");
            expectNone(linux({}), "R14");
            const lower = {
                ...IMG.win2019,
                publisher: "microsoftwindowsserver",
                offer: "windowsserver",
                sku: "2019-DATACENTER",
            };
            assert.deepEqual(ids(win({ image: lower })), []);
        });
        it("an image the user adds to the catalog (extendCatalog) is supported", () => {
            const catalog = extendCatalog(
                [{ publisher: "contosotestpublisher", offer: "hardenedwindows", sku: "2022", os: "Windows" }],
                TEST_CATALOG,
            );
            const ev = evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, image: IMG.winUnlisted }), { catalog });
            assert.deepEqual(ids(ev), []);
        });
        it("a VM naming no image (attached OS disk) is refused: Azure supports listed images only", () => {
            const f = expectFinding(win({ image: IMG.none }), { ruleId: "R14", path: P.patchMode });
            assert.match(f.message, /attached or specialized OS disk/);
            // Hotpatch-capability is a property of a platform image: none here, so no R9.
            expectNone(win({ image: IMG.none, patchMode: "AutomaticByOS" }), "R14", "R9", "W1");
        });
    });

    describe("R15 Compute API version of versioned resource types", () => {
        const v2020 = "azure-native:compute/v20200601:VirtualMachine";
        it("a property newer than the pinned version fails, naming the version it needs", () => {
            expectFinding(evaluate(v2020, nativeVm({ ...COMPLIANT_WINDOWS })), {
                ruleId: "R15",
                path: P.assessment,
                allowed: "2021-07-01 or later",
                fix: "2021-07-01",
            });
            expectFinding(evaluate("azure-native:compute/v20190701:VirtualMachine", nativeVm(COMPLIANT_WINDOWS)), {
                ruleId: "R15",
                path: P.patchMode,
                allowed: "2020-06-01",
            });
            const vmss = nativeVmss({
                ...COMPLIANT_WINDOWS,
                assessmentMode: undefined,
                orchestrationMode: "Flexible",
                healthExtension: true,
                rebootSetting: "IfRequired",
            });
            expectFinding(evaluate("azure-native:compute/v20201201:VirtualMachineScaleSet", vmss), {
                ruleId: "R15",
                path: `virtualMachineProfile.${P.reboot}`,
                allowed: "2022-03-01",
            });
        });
        it("properties the version knows, and unversioned types, pass", () => {
            const ev = evaluate(v2020, nativeVm({ ...COMPLIANT_WINDOWS, assessmentMode: undefined }));
            expectNone(ev, "R15");
            expectNone(
                evaluate(
                    "azure-native:compute/v20230301:VirtualMachine",
                    nativeVm({ ...COMPLIANT_WINDOWS, bypass: false }),
                ),
                "R15",
            );
            expectNone(evaluate(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, bypass: false })), "R15");
        });
    });

    describe("R16 scale sets", () => {
        const vmssWin = (spec: Partial<ScaleSetSpec>) =>
            evaluate(T.nativeVmss, nativeVmss({ ...COMPLIANT_WINDOWS, ...spec }));
        const VP = `virtualMachineProfile.${WIN}`;
        it("a Uniform scale set (written or by default) cannot use hotpatch", () => {
            for (const orchestrationMode of ["Uniform", undefined]) {
                expectFinding(vmssWin({ orchestrationMode, image: IMG.winHotpatch, enableHotpatching: true }), {
                    ruleId: "R16",
                    path: `${VP}.patchSettings.enableHotpatching`,
                    value: "true",
                    fix: "Flexible",
                });
            }
        });
        it("a Flexible scale set with AutomaticByPlatform needs the Application Health extension", () => {
            expectFinding(vmssWin({ orchestrationMode: "Flexible" }), {
                ruleId: "R16",
                path: `${VP}.patchSettings.patchMode`,
                allowed: "ApplicationHealth",
            });
            const orchestrated = classicOrchestratedVmss({ ...COMPLIANT_LINUX });
            expectFinding(evaluate(orchestrated.type, orchestrated.props), {
                ruleId: "R16",
                path: `${LIN}.patchMode`,
            });
        });
        it("Flexible with the extension, Uniform without hotpatch, and VMs pass", () => {
            assert.deepEqual(ids(vmssWin({ orchestrationMode: "Flexible", healthExtension: true })), []);
            assert.deepEqual(
                ids(
                    vmssWin({
                        orchestrationMode: "Flexible",
                        healthExtension: true,
                        image: IMG.winHotpatch,
                        enableHotpatching: true,
                    }),
                ),
                [],
            );
            expectNone(vmssWin({ orchestrationMode: "Uniform" }), "R16");
            const orchestrated = classicOrchestratedVmss({ ...COMPLIANT_WINDOWS, healthExtension: true });
            assert.deepEqual(ids(evaluate(orchestrated.type, orchestrated.props)), []);
            expectNone(win({ image: IMG.winHotpatch, enableHotpatching: true }), "R16");
        });
    });

    describe("W1 prefer AutomaticByPlatform where the image supports it", () => {
        it("AutomaticByOS and Manual on a supported Windows image, ImageDefault on a supported Linux image", () => {
            expectFinding(win({ patchMode: "AutomaticByOS" }), {
                ruleId: "W1",
                path: P.patchMode,
                value: '"AutomaticByOS"',
                allowed: "AutomaticByPlatform (recommended)",
                fix: "set patchMode to AutomaticByPlatform",
            });
            expectFinding(win({ patchMode: "Manual", enableAutomaticUpdates: false }), {
                ruleId: "W1",
                path: P.patchMode,
                fix: "cannot change in place (R13)",
            });
            expectFinding(linux({ patchMode: "ImageDefault" }), { ruleId: "W1", path: P.linuxPatchMode });
        });
        it("no W1 on unsupported images, invalid modes, or AutomaticByPlatform", () => {
            expectNone(win({ patchMode: "AutomaticByOS", image: IMG.winUnlisted }), "W1");
            expectNone(win({ patchMode: "AutomaticByOS", image: IMG.custom }), "W1");
            expectNone(win({ patchMode: "AutomaticByOS", image: IMG.none }), "W1");
            expectNone(linux({ patchMode: "AutomaticByOS" }), "W1");
            expectNone(win({ patchMode: "automatic" }), "W1");
            expectNone(win({}), "W1");
        });
        it("no W1 on Uniform scale sets, where patchMode does not apply; W1 on Flexible ones", () => {
            const uniform = classicUniformVmss({ os: "Windows", image: IMG.win2019 });
            expectNone(evaluate(uniform.type, uniform.props), "W1");
            const vmss = (orchestrationMode: string | undefined) =>
                evaluate(
                    T.nativeVmss,
                    nativeVmss({
                        ...COMPLIANT_WINDOWS,
                        patchMode: "AutomaticByOS",
                        orchestrationMode,
                        healthExtension: true,
                    }),
                );
            expectNone(vmss("Uniform"), "W1");
            expectNone(vmss(undefined), "W1");
            expectFinding(vmss("Flexible"), { ruleId: "W1", path: `virtualMachineProfile.${P.patchMode}` });
        });
        it("errorsOnly leaves every recommendation out", () => {
            const ev = evaluate(
                T.nativeVm,
                nativeVm({ os: "Windows", patchMode: "Manual", enableAutomaticUpdates: false }),
                {
                    errorsOnly: true,
                },
            );
            assert.deepEqual(ids(ev), []);
        });
    });

    describe("W2 periodic assessment", () => {
        it("ImageDefault or unset assessment is flagged", () => {
            expectFinding(win({ assessmentMode: undefined }), {
                ruleId: "W2",
                path: P.assessment,
                value: "not set",
                fix: "set assessmentMode to AutomaticByPlatform",
            });
            expectFinding(classic({ ...COMPLIANT_LINUX, assessmentMode: "ImageDefault" }), {
                ruleId: "W2",
                path: "patchAssessmentMode",
                value: '"ImageDefault"',
            });
        });
        it("AutomaticByPlatform assessment passes; an invalid value is R0's alone", () => {
            expectNone(win({}), "W2");
            const invalid = win({ assessmentMode: "Periodic" });
            assert.deepEqual(ids(invalid), ["R0"]);
            assert.deepEqual(ids(win({ assessmentMode: 1 })), ["R0"]);
        });
    });

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

    it("findings of one rule do not depend on the others being present (one place per rule)", () => {
        const ev = win({
            patchMode: "Manual",
            enableAutomaticUpdates: true,
            enableHotpatching: true,
            image: IMG.custom,
        });
        assert.deepEqual(ids(ev), ["R3", "R7", "R8", "W4"]);
        assert.equal(findingsOf(ev, "R7").length, 1);
    });
});
