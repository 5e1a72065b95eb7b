/**
 * R16: scale sets (rules/profile-rules/r16-scale-set-orchestration.ts). Sources: Microsoft's
 * orchestration-modes comparison (Uniform: no in-guest security patching), its hotpatch article
 * (no Uniform scale set on Azure Edition hotpatch images), AVM issue 3634 (the gated Uniform preview),
 * azurerm's orchestrated scale-set checks and Azure's error quoted in azurerm PR 24335 (Flexible keeps
 * hotpatch on). Cases that pass and fail, through readResource on the shapes users write.
 */
import assert from "node:assert/strict";
import {
    COMPLIANT_LINUX,
    COMPLIANT_WINDOWS,
    classicOrchestratedVmss,
    classicUniformVmss,
    evaluate,
    expectFinding,
    expectNone,
    IMG,
    ids,
    nativeVmss,
    type ScaleSetSpec,
    T,
} from "../fixtures";
import { LIN, WIN, win } from "./support";

describe("R16 scale sets", () => {
    const vmssWin = (spec: Partial<ScaleSetSpec>, options = {}) =>
        evaluate(T.nativeVmss, nativeVmss({ ...COMPLIANT_WINDOWS, ...spec }), options);
    const VP = `virtualMachineProfile.${WIN}`;
    it("Uniform (written or by default): AutomaticByPlatform is an error unless the organisation opts in", () => {
        for (const orchestrationMode of ["Uniform", undefined]) {
            const f = expectFinding(vmssWin({ orchestrationMode }), {
                ruleId: "R16",
                path: `${VP}.patchSettings.patchMode`,
                value: '"AutomaticByPlatform"',
                fix: "uniformScaleSetAutomaticPatching",
            });
            assert.match(f.message, /InGuestAutoPatchVmssUniformPreview/);
            expectNone(vmssWin({ orchestrationMode }, { uniformScaleSetAutomaticPatching: true }), "R16");
        }
        expectFinding(
            evaluate("azure-native:compute/v20230301:VirtualMachineScaleSet", nativeVmss({ ...COMPLIANT_LINUX })),
            { ruleId: "R16", path: `virtualMachineProfile.${LIN}.patchSettings.patchMode`, fix: "ImageDefault" },
        );
        expectNone(vmssWin({ patchMode: "AutomaticByOS", assessmentMode: undefined }), "R16");
    });
    it("Uniform: an Azure Edition hotpatch image is refused at all; hotpatch on another image too", () => {
        for (const enableHotpatching of [true, undefined]) {
            expectFinding(vmssWin({ image: IMG.winHotpatch, enableHotpatching, patchMode: undefined }), {
                ruleId: "R16",
                path: "virtualMachineProfile.storageProfile.imageReference",
                fix: "Flexible",
            });
        }
        const classic = classicUniformVmss({ ...COMPLIANT_WINDOWS, image: IMG.winHotpatch });
        expectFinding(evaluate(classic.type, classic.props), { ruleId: "R16", path: "sourceImageReference" });
        expectFinding(vmssWin({ image: IMG.winAzureEditionDesktop, enableHotpatching: true }), {
            ruleId: "R16",
            path: `${VP}.patchSettings.enableHotpatching`,
        });
    });
    it("Flexible: AutomaticByPlatform needs the Application Health extension", () => {
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
    it("Flexible: hotpatch stays on for a hotpatch-capable image (false written, or the classic provider's false)", () => {
        const f = expectFinding(
            vmssWin({
                orchestrationMode: "Flexible",
                healthExtension: true,
                image: IMG.winHotpatch,
                enableHotpatching: false,
            }),
            { ruleId: "R16", path: `${VP}.patchSettings.enableHotpatching`, value: "false" },
        );
        assert.match(f.message, /must be set to 'true' on Virtual Machine Scale Sets/);
        const orchestrated = classicOrchestratedVmss({
            ...COMPLIANT_WINDOWS,
            image: IMG.winHotpatch,
            healthExtension: true,
        });
        expectFinding(evaluate(orchestrated.type, orchestrated.props), {
            ruleId: "R16",
            path: `${WIN}.hotpatchingEnabled`,
            fix: "@pulumi/azure",
        });
    });
    it("Flexible with the extension and hotpatch on, and VMs, pass", () => {
        assert.deepEqual(ids(vmssWin({ orchestrationMode: "Flexible", healthExtension: true })), []);
        for (const enableHotpatching of [true, undefined]) {
            expectNone(
                vmssWin({
                    orchestrationMode: "Flexible",
                    healthExtension: true,
                    image: IMG.winHotpatch,
                    enableHotpatching,
                }),
                "R16",
            );
        }
        const orchestrated = classicOrchestratedVmss({ ...COMPLIANT_WINDOWS, healthExtension: true });
        assert.deepEqual(ids(evaluate(orchestrated.type, orchestrated.props)), []);
        expectNone(win({ image: IMG.winHotpatch, enableHotpatching: true }), "R16");
    });
});
