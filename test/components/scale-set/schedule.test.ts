/**
 * A scale set takes no schedule: Azure Update Manager lists Virtual Machine Scale Sets as an
 * unsupported workload (https://learn.microsoft.com/azure/update-manager/unsupported-workloads). The
 * scale-set components' types say so (`schedule?: never`), and a `schedule` that reaches them anyway
 * (JavaScript, a cast) is refused before anything is registered, with the rule core's R18 finding for a
 * scale set with a guest schedule: the finding the pack's stack policy reports for the same scale set.
 */
import * as assert from "node:assert/strict";
import { type EngineLogServer, startEngineLogServer } from "../../../check/engine/engine-log-server";
import {
    PatchedLinuxVirtualMachineScaleSet,
    type PatchedLinuxVirtualMachineScaleSetArgs,
    PatchedWindowsVirtualMachineScaleSet,
    type PatchedWindowsVirtualMachineScaleSetArgs,
} from "../../../components";
import { scaleSetScheduleRefusal } from "../../../components/scale-set/schedule-refusal";
import { evaluateScheduleAssignment, type Finding, readAzureNativeScaleSet } from "../../../rules";
import { runProgram } from "../../support/mock-program";
import { linuxScaleSetArgs, SCALE_SET_TYPE, windowsScaleSetArgs } from "./support/fixtures";

const WEEKLY =
    "/subscriptions/0000/resourceGroups/rg-ops/providers/Microsoft.Maintenance/maintenanceConfigurations/weekly";

/** The fields of a finding that say what is wrong and how to fix it (the message also names who assigns). */
function substance(f: Finding) {
    return {
        ruleId: f.ruleId,
        severity: f.severity,
        pathKeys: f.pathKeys,
        path: f.path,
        value: f.value,
        allowed: f.allowed,
        fix: f.fix,
        docUrl: f.docUrl,
    };
}

/** What the pack's stack policy reports for a raw scale set with a guest-patch schedule assigned. */
function packFinding(orchestrationMode: string, configuration: string): Finding {
    const vmss = readAzureNativeScaleSet({
        orchestrationMode,
        virtualMachineProfile: {
            osProfile: { [configuration]: { patchSettings: { patchMode: "AutomaticByPlatform" } } },
        },
    });
    const { findings } = evaluateScheduleAssignment(vmss, {
        assignment: "assigned",
        assignedBy: 'maintenance ConfigurationAssignment "fleet-weekly"',
    });
    assert.equal(findings.length, 1);
    return findings[0];
}

describe("PatchedVirtualMachineScaleSet: schedule (R18)", function () {
    this.timeout(60_000);
    let engine: EngineLogServer;
    before(async () => {
        engine = await startEngineLogServer();
    });
    after(async () => engine?.close());

    it("the types offer no schedule: a TypeScript user sees why in the editor", () => {
        // Compiled by `tsc -p .`: each line below would fail the build if the property were accepted.
        const windows: PatchedWindowsVirtualMachineScaleSetArgs = {
            ...windowsScaleSetArgs(),
            // @ts-expect-error a scale set takes no schedule (R18: see the property's documentation)
            schedule: WEEKLY,
        };
        const linux: PatchedLinuxVirtualMachineScaleSetArgs = {
            ...linuxScaleSetArgs(),
            // @ts-expect-error nor a schedule assigned elsewhere
            scheduleAssignedElsewhere: "dynamic scope 'weekly'",
        };
        assert.ok(windows.schedule !== undefined && linux.scheduleAssignedElsewhere !== undefined);
    });

    for (const [os, build] of [
        ["Windows", (args: object) => new PatchedWindowsVirtualMachineScaleSet("web", windowsScaleSetArgs(args))],
        ["Linux", (args: object) => new PatchedLinuxVirtualMachineScaleSet("api", linuxScaleSetArgs(args))],
    ] as const) {
        for (const orchestrationMode of ["Flexible", "Uniform"] as const) {
            it(`${os} ${orchestrationMode}: a schedule given anyway is refused with R18 before anything is registered`, async () => {
                const result = await runProgram(() => build({ orchestrationMode, schedule: WEEKLY }).urn, { engine });
                const message = String((result.error as Error)?.message);
                assert.match(
                    message,
                    /^\[R18\] \(resource type\) = "virtualMachineScaleSets": a guest-patch schedule is assigned to a scale set \(the component's `schedule`\)/,
                );
                // What works instead: the rule core's fix, then what this component does about it.
                assert.match(
                    message,
                    /Fix: .*AutomaticByPlatform.*Flexible scale set with the Application Health extension/,
                );
                assert.match(
                    message,
                    /PatchedWindowsVirtualMachine or PatchedLinuxVirtualMachine and give those `schedule`/,
                );
                assert.match(message, /https:\/\/learn\.microsoft\.com\/azure\/update-manager\//);
                assert.doesNotMatch(message, /\n\s+at /);
                assert.deepEqual(
                    result.resources.filter((r) => r.custom).map((r) => r.type),
                    [],
                );
                assert.equal(result.ofType(SCALE_SET_TYPE).length, 0);
            });
        }
    }

    it("the refusal carries the rule core's R18 finding: the pack's for a scale set with a schedule, field for field", () => {
        for (const orchestrationMode of ["Flexible", "Uniform"] as const) {
            for (const [os, configuration] of [
                ["Windows", "windowsConfiguration"],
                ["Linux", "linuxConfiguration"],
            ] as const) {
                for (const args of [{ schedule: WEEKLY }, { scheduleAssignedElsewhere: "dynamic scope 'weekly'" }]) {
                    const refusal = scaleSetScheduleRefusal(os, orchestrationMode, args);
                    assert.ok(refusal, `${os} ${orchestrationMode} ${JSON.stringify(args)}`);
                    assert.deepEqual(refusal.findings.map(substance), [
                        substance(packFinding(orchestrationMode, configuration)),
                    ]);
                    const [finding] = refusal.findings;
                    assert.deepEqual(finding.pathKeys, []);
                    assert.equal(finding.value, '"virtualMachineScaleSets"');
                    // The error's message is the finding's, then what this component does instead.
                    assert.ok(refusal.message.startsWith(`${finding.message}\n`), refusal.message);
                }
            }
        }
        // Not given (or null, "not set" as everywhere in the arguments): nothing to refuse.
        assert.equal(scaleSetScheduleRefusal("Linux", "Flexible", {}), undefined);
        assert.equal(
            scaleSetScheduleRefusal("Windows", "Flexible", { schedule: undefined, scheduleAssignedElsewhere: null }),
            undefined,
        );
    });

    it("refuses scheduleAssignedElsewhere too, naming it", async () => {
        const result = await runProgram(
            () =>
                new PatchedWindowsVirtualMachineScaleSet(
                    "web",
                    windowsScaleSetArgs({ scheduleAssignedElsewhere: "dynamic scope 'weekly' in ops" as never }),
                ).urn,
            { engine },
        );
        assert.match(
            String((result.error as Error)?.message),
            /^\[R18\] .*assigned to a scale set \(the component's `scheduleAssignedElsewhere`\)/,
        );
        assert.equal(result.resources.filter((r) => r.custom).length, 0);
    });
});
