/**
 * R16: scale sets (rules/profile-rules/r16-scale-set-orchestration.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import {
    COMPLIANT_LINUX,
    COMPLIANT_WINDOWS,
    classicOrchestratedVmss,
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
