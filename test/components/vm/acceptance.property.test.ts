/**
 * Property: for any patch settings and image, the component accepts exactly what the rule core finds
 * no error in, and what it accepts reaches the VM as the rule core resolved it.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { type EngineLogServer, startEngineLogServer } from "../../../check/engine/engine-log-server";
import {
    PatchedLinuxVirtualMachine,
    PatchedWindowsVirtualMachine,
    type PatchingArgs,
    patchSettingsBlock,
} from "../../../components";
import { imageRefOf } from "../../../components/vm/patch-validation";
import { evaluateScheduleAssignment, type OsType, resolvePatchSettings } from "../../../rules";
import { at, runProgram } from "../../support/mock-program";
import { IMAGES, LINUX_CATALOG, linuxArgs, VM_TYPE, windowsArgs } from "./support/fixtures";

/** Mostly Azure's values, sometimes a near miss or a wrong type; often not set at all. */
function setting<T>(valid: readonly T[], invalid: readonly unknown[]): fc.Arbitrary<T | unknown | undefined> {
    return fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 12 },
        ...(valid.length > 0 ? [{ arbitrary: fc.constantFrom(...valid), weight: 7 }] : []),
        { arbitrary: fc.constantFrom(...invalid), weight: 1 },
    );
}

const common = {
    provisionVMAgent: setting([true, false], ["yes"]),
    assessmentMode: setting(["ImageDefault", "AutomaticByPlatform"], ["Periodic"]),
    rebootSetting: setting(["IfRequired", "Never", "Always"], ["Sometimes"]),
    bypassPlatformSafetyChecksOnUserSchedule: setting([true, false], [1]),
    customPatchingSolution: setting(["WSUS", "SCCM, team-x"], [" "]),
};

/** Each OS's settings; the other OS's modes and (on Linux) Windows-only settings are the near misses. */
const patching = {
    Windows: fc.record({
        ...common,
        patchMode: setting(["Manual", "AutomaticByOS", "AutomaticByPlatform"], ["ImageDefault", "AutomaticByPlatfom"]),
        enableAutomaticUpdates: setting([true, false], ["true"]),
        enableHotpatching: setting([true, false], ["false"]),
    }),
    Linux: fc.record({
        ...common,
        patchMode: setting(["ImageDefault", "AutomaticByPlatform"], ["Manual", "AutomaticByOS"]),
        enableHotpatching: setting([], [true, false]),
    }),
};

const images = {
    Windows: fc.constantFrom(IMAGES.supported, IMAGES.hotpatch, IMAGES.unlisted, IMAGES.custom),
    Linux: fc.constantFrom(IMAGES.linuxSupported, IMAGES.linuxUnlisted, IMAGES.custom),
};

describe("property: the component accepts exactly the settings the rule core accepts", function () {
    this.timeout(120_000);
    let engine: EngineLogServer;
    before(async () => {
        engine = await startEngineLogServer();
    });
    after(async () => engine?.close());

    for (const os of ["Windows", "Linux"] as OsType[]) {
        it(os, async () => {
            const seen = { accepted: 0, rejected: 0 };
            await fc.assert(
                fc.asyncProperty(
                    patching[os] as fc.Arbitrary<Record<string, unknown>>,
                    images[os],
                    async (settings, imageReference) => {
                        const expected = resolvePatchSettings(settings, {
                            os,
                            image: imageRefOf(imageReference),
                            ...(os === "Linux" ? { catalog: LINUX_CATALOG } : {}),
                        });
                        const run = await runProgram(
                            () => {
                                const args = { imageReference, patching: settings as PatchingArgs };
                                const vm =
                                    os === "Windows"
                                        ? new PatchedWindowsVirtualMachine("vm", windowsArgs(args))
                                        : new PatchedLinuxVirtualMachine("vm", linuxArgs(args));
                                return vm.urn;
                            },
                            { engine },
                        );
                        const [vm] = run.ofType(VM_TYPE);
                        seen[expected.ok ? "accepted" : "rejected"]++;
                        if (!expected.ok) {
                            assert.equal(vm, undefined, "no VM for settings the rule core rejects");
                            assert.equal(
                                (run.error as Error)?.message,
                                expected.findings.map((f) => f.message).join("\n"),
                            );
                            return;
                        }
                        // With no schedule, the component raises the schedule rules (W5) to errors.
                        const unscheduled = evaluateScheduleAssignment(expected.profile, { assignment: "unassigned" });
                        if (unscheduled.findings.length > 0) {
                            assert.equal(vm, undefined, "no VM for bypass = true without a schedule");
                            assert.ok(
                                (run.error as Error)?.message.startsWith(unscheduled.findings[0].message),
                                String(run.error),
                            );
                            return;
                        }
                        assert.equal(
                            run.error,
                            undefined,
                            `accepted by the rule core, refused by the component: ${run.error}`,
                        );
                        const config = os === "Windows" ? "windowsConfiguration" : "linuxConfiguration";
                        assert.deepEqual(
                            at(vm.inputs, `osProfile.${config}.patchSettings`),
                            patchSettingsBlock(expected.settings),
                        );
                        assert.equal(
                            at(vm.inputs, `osProfile.${config}.provisionVMAgent`),
                            expected.settings.provisionVMAgent,
                        );
                        if (os === "Windows") {
                            assert.equal(
                                at(vm.inputs, `osProfile.${config}.enableAutomaticUpdates`),
                                expected.settings.enableAutomaticUpdates,
                            );
                        }
                    },
                ),
                { numRuns: 60 },
            );
            // The property means something only if both sides were exercised.
            assert.ok(seen.accepted >= 5 && seen.rejected >= 5, JSON.stringify(seen));
        });
    }
});
