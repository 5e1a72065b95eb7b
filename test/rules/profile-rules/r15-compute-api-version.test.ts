/**
 * R15: Compute API version of versioned resource types (rules/profile-rules/r15-compute-api-version.ts): a case that passes and a case that fails, through readResource on
 * the input shapes users write, with the message a user reads checked.
 */
import assert from "node:assert/strict";
import {
    COMPLIANT_LINUX,
    COMPLIANT_WINDOWS,
    evaluate,
    expectFinding,
    expectNone,
    nativeVm,
    nativeVmss,
    T,
} from "../fixtures";
import { P } from "./support";

describe("R15 Compute API version of versioned resource types", () => {
    const v2020 = "azure-native:compute/v20200601:VirtualMachine";
    it("a property newer than the pinned version fails, naming the version it needs", () => {
        expectFinding(evaluate(v2020, nativeVm({ ...COMPLIANT_WINDOWS })), {
            ruleId: "R15",
            path: P.assessment,
            allowed: "2021-03-01 or later",
            fix: "2021-03-01",
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
    it("revision-2 minimums: Linux patch settings 2020-12-01, assessmentMode 2021-03-01, Flexible 2021-03-01 (REST spec PR 11768; orchestration-modes doc)", () => {
        const linuxVm = nativeVm({ ...COMPLIANT_LINUX, assessmentMode: undefined });
        expectFinding(evaluate(v2020, linuxVm), { ruleId: "R15", path: P.linuxPatchMode, allowed: "2020-12-01" });
        expectNone(evaluate("azure-native:compute/v20201201:VirtualMachine", linuxVm), "R15");
        expectNone(evaluate("azure-native:compute/v20210301:VirtualMachine", nativeVm(COMPLIANT_WINDOWS)), "R15");
        const flexible = nativeVmss({
            ...COMPLIANT_LINUX,
            patchMode: undefined,
            assessmentMode: undefined,
            orchestrationMode: "Flexible",
        });
        const f = expectFinding(evaluate("azure-native:compute/v20201201:VirtualMachineScaleSet", flexible), {
            ruleId: "R15",
            path: "orchestrationMode",
            allowed: "2021-03-01",
        });
        assert.match(f.message, /Flexible orchestration/);
        expectNone(evaluate("azure-native:compute/v20210301:VirtualMachineScaleSet", flexible), "R15");
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
