/**
 * R20 (rules/profile-rules/r20-automatic-os-upgrade-forces-updates-off.ts). Source: the Compute REST
 * spec's AutomaticOSUpgradePolicy.enableAutomaticOSUpgrade ("enableAutomaticUpdates is automatically set
 * to false and cannot be set to true"), Azure's error quoted in aks-engine issue 1795.
 */
import assert from "node:assert/strict";
import {
    COMPLIANT_LINUX,
    classicUniformVmss,
    evaluate,
    expectFinding,
    expectNone,
    nativeVmss,
    type ScaleSetSpec,
    T,
} from "../fixtures";
import { LIN, WIN } from "./support";

const UNIFORM_WINDOWS: ScaleSetSpec = { os: "Windows", assessmentMode: "ImageDefault" };
const upgrading = (props: Record<string, unknown>, on: unknown = true) => ({
    ...props,
    upgradePolicy: { mode: "Automatic", automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: on } },
});

describe("R20 automatic OS image upgrades force enableAutomaticUpdates off (Windows Uniform)", () => {
    const VP = `virtualMachineProfile.${WIN}`;
    it("an explicit enableAutomaticUpdates true is refused, quoting what Azure does", () => {
        const f = expectFinding(
            evaluate(T.nativeVmss, upgrading(nativeVmss({ ...UNIFORM_WINDOWS, enableAutomaticUpdates: true }))),
            { ruleId: "R20", path: `${VP}.enableAutomaticUpdates`, value: "true", allowed: "false" },
        );
        assert.match(f.message, /upgradePolicy\.automaticOSUpgradePolicy\.enableAutomaticOSUpgrade is true/);
        expectFinding(
            evaluate(
                "azure-native:compute/v20230301:VirtualMachineScaleSet",
                upgrading(nativeVmss({ ...UNIFORM_WINDOWS, enableAutomaticUpdates: true })),
            ),
            { ruleId: "R20", path: `${VP}.enableAutomaticUpdates` },
        );
        const classic = classicUniformVmss({ ...UNIFORM_WINDOWS, enableAutomaticUpdates: true });
        const props = { ...classic.props, automaticOsUpgradePolicy: { enableAutomaticOsUpgrade: true } };
        expectFinding(evaluate(classic.type, props), { ruleId: "R20", path: "enableAutomaticUpdates" });
    });
    it("patchMode AutomaticByOS is refused there", () => {
        expectFinding(
            evaluate(T.nativeVmss, upgrading(nativeVmss({ ...UNIFORM_WINDOWS, patchMode: "AutomaticByOS" }))),
            { ruleId: "R20", path: `${VP}.patchSettings.patchMode` },
        );
    });
    it("false or not set passes, and R2 does not ask for true where Azure forces false", () => {
        for (const enableAutomaticUpdates of [false, undefined]) {
            const ev = evaluate(T.nativeVmss, upgrading(nativeVmss({ ...UNIFORM_WINDOWS, enableAutomaticUpdates })));
            expectNone(ev, "R20", "R2", "R3");
        }
    });
    it("does not apply without automatic OS upgrades, on Flexible, or on Linux", () => {
        expectNone(
            evaluate(T.nativeVmss, upgrading(nativeVmss({ ...UNIFORM_WINDOWS, enableAutomaticUpdates: true }), false)),
            "R20",
        );
        expectNone(
            evaluate(
                T.nativeVmss,
                upgrading(
                    nativeVmss({
                        ...UNIFORM_WINDOWS,
                        enableAutomaticUpdates: true,
                        orchestrationMode: "Flexible",
                    }),
                ),
            ),
            "R20",
        );
        const linux = evaluate(T.nativeVmss, upgrading(nativeVmss({ ...COMPLIANT_LINUX, patchMode: undefined })));
        expectNone(linux, "R20");
        assert.ok(LIN);
    });
});
