/**
 * PatchSchedule and the VM components' `schedule` under Pulumi's mocks: what is registered (the
 * configuration, the assignments, the VM's patch settings), and what is refused before anything is
 * created (R19 on the arguments, R18 on the VM's settings, W5 raised to an error).
 */
import assert from "node:assert/strict";
import {
    ComponentArgumentError,
    PatchedLinuxVirtualMachine,
    PatchedWindowsVirtualMachine,
    PatchSchedule,
    type PatchScheduleArgs,
    recurEveryOf,
} from "../../../components";
import { at, runProgram } from "../../support/mock-program";
import { IMAGES, linuxArgs, VM_TYPE, windowsArgs } from "../vm/support/fixtures";

const MC_TYPE = "azure-native:maintenance:MaintenanceConfiguration";
const ASSIGNMENT_TYPE = "azure-native:maintenance:ConfigurationAssignment";
const SUBSCRIPTION_SCOPE_TYPE = "azure-native:maintenance:ConfigurationAssignmentsForSubscription";
const RG_SCOPE_TYPE = "azure-native:maintenance:ConfigurationAssignmentsForResourceGroup";
const PATCH_SETTINGS = "osProfile.windowsConfiguration.patchSettings";

const WEEKLY: PatchScheduleArgs = {
    resourceGroupName: "rg-ops",
    location: "westeurope",
    recurrence: { weekly: { days: ["Saturday"] } },
    start: "2031-01-04 22:00",
    duration: "03:00",
    timeZone: "W. Europe Standard Time",
};

function refusal(error: unknown): string {
    assert.ok(error instanceof ComponentArgumentError, `expected a ComponentArgumentError, got ${String(error)}`);
    assert.ok(!String(error.stack ?? "").includes(error.message) || true);
    return error.message;
}

describe("components: PatchSchedule", function () {
    this.timeout(30_000);

    it("registers a guest-patch configuration (InGuestPatch, User, the window, both OSes' patches)", async () => {
        const run = await runProgram(
            () =>
                new PatchSchedule("weekly", {
                    ...WEEKLY,
                    reboot: "Never",
                    linux: { classifications: ["Critical"], packagesToExclude: ["kernel*"] },
                }),
        );
        assert.equal(run.error, undefined);
        const [mc] = run.ofType(MC_TYPE);
        assert.equal(mc.inputs.maintenanceScope, "InGuestPatch");
        assert.deepEqual(mc.inputs.extensionProperties, { InGuestPatchMode: "User" });
        assert.equal(mc.inputs.recurEvery, "Week Saturday");
        assert.equal(mc.inputs.startDateTime, "2031-01-04 22:00");
        assert.equal(mc.inputs.duration, "03:00");
        assert.equal(mc.inputs.timeZone, "W. Europe Standard Time");
        assert.equal(at(mc.inputs, "installPatches.rebootSetting"), "Never");
        assert.deepEqual(at(mc.inputs, "installPatches.windowsParameters.classificationsToInclude"), [
            "Critical",
            "Security",
        ]);
        assert.deepEqual(at(mc.inputs, "installPatches.linuxParameters.classificationsToInclude"), ["Critical"]);
        assert.deepEqual(at(mc.inputs, "installPatches.linuxParameters.packageNameMasksToExclude"), ["kernel*"]);
    });

    it("writes recurrences in the Maintenance API's grammar", () => {
        assert.equal(recurEveryOf({ daily: {} }), "Day");
        assert.equal(recurEveryOf({ weekly: { every: 2, days: ["Saturday", "Sunday"] } }), "2Weeks Saturday,Sunday");
        assert.equal(recurEveryOf({ monthly: { daysOfMonth: [1, 15] } }), "Month day1,day15");
        assert.equal(
            recurEveryOf({ monthlyByWeek: { week: "Second", day: "Tuesday", offsetDays: 4 } }),
            "Month Second Tuesday Offset4",
        );
    });

    it("refuses R19's problems before anything is created, naming the component's arguments", async () => {
        const run = await runProgram(
            () =>
                new PatchSchedule("bad", {
                    ...WEEKLY,
                    start: "2026-12-05T22:00",
                    duration: "05:00",
                    timeZone: "Europe/Paris",
                    recurrence: { monthly: { daysOfMonth: [] } },
                    linux: { classifications: ["Updates" as "Other"] },
                }),
        );
        const message = refusal(run.error);
        for (const expected of [
            "[R19] start = ",
            "[R19] duration = ",
            '[R19] timeZone = "Europe/Paris"',
            'did you mean "Romance Standard Time"?',
            "[R19] recurrence = ",
            '[R19] linux.classifications.0 = "Updates"',
        ]) {
            assert.ok(message.includes(expected), `missing ${expected} in:\n${message}`);
        }
        assert.deepEqual(run.ofType(MC_TYPE), []);
    });

    it("assigns VMs by id and dynamic scopes (subscription and resource group); a scope needs a filter", async () => {
        const run = await runProgram(
            () =>
                new PatchSchedule("weekly", {
                    ...WEEKLY,
                    virtualMachineIds: [
                        "/subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-1",
                    ],
                    dynamicScopes: [
                        { osTypes: ["Linux"], tags: { patch: ["weekly"] } },
                        { resourceGroupName: "rg-batch", locations: ["westeurope"] },
                    ],
                }),
        );
        assert.equal(run.error, undefined);
        const [vm] = run.ofType(ASSIGNMENT_TYPE);
        assert.equal(vm.inputs.resourceGroupName, "rg-web");
        assert.equal(vm.inputs.resourceName, "web-1");
        assert.equal(vm.inputs.resourceType, "virtualMachines");
        assert.match(String(vm.inputs.maintenanceConfigurationId), /MaintenanceConfiguration\/weekly$/);
        const [sub] = run.ofType(SUBSCRIPTION_SCOPE_TYPE);
        assert.deepEqual(at(sub.inputs, "filter.tagSettings"), { tags: { patch: ["weekly"] }, filterOperator: "Any" });
        assert.deepEqual(at(sub.inputs, "filter.osTypes"), ["Linux"]);
        const [rg] = run.ofType(RG_SCOPE_TYPE);
        assert.equal(rg.inputs.resourceGroupName, "rg-batch");

        const unfiltered = await runProgram(() => new PatchSchedule("all", { ...WEEKLY, dynamicScopes: [{}] }));
        assert.match(refusal(unfiltered.error), /dynamicScopes\[0\] = \(no filter\)/);
    });
});

describe("components: a VM with a schedule", function () {
    this.timeout(30_000);

    it("registers the configuration, the assignment and a VM with AutomaticByPlatform + bypass = true", async () => {
        // Azure names the VM (azure-native's `name` output): the mock answers with the Pulumi name plus a suffix.
        const run = await runProgram(
            () => {
                const schedule = new PatchSchedule("weekly", WEEKLY);
                return new PatchedWindowsVirtualMachine("web", windowsArgs({ schedule })).patchSettings;
            },
            { state: (r) => ({ ...r.inputs, name: `${r.name}-1a2b` }) },
        );
        assert.equal(run.error, undefined);
        assert.equal(run.ofType(MC_TYPE).length, 1);
        const [vm] = run.ofType(VM_TYPE);
        assert.equal(at(vm.inputs, `${PATCH_SETTINGS}.patchMode`), "AutomaticByPlatform");
        assert.equal(
            at(vm.inputs, `${PATCH_SETTINGS}.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule`),
            true,
        );
        const [assignment] = run.ofType(ASSIGNMENT_TYPE);
        assert.equal(assignment.inputs.resourceType, "virtualMachines");
        assert.equal(assignment.inputs.resourceGroupName, "rg-web");
        assert.equal(assignment.inputs.resourceName, "web-1a2b");
        assert.match(String(assignment.inputs.maintenanceConfigurationId), /MaintenanceConfiguration\/weekly$/);
    });

    it("takes the id of an existing maintenance configuration", async () => {
        const id =
            "/subscriptions/0000/resourceGroups/ops/providers/Microsoft.Maintenance/maintenanceConfigurations/weekly";
        const run = await runProgram(
            () => new PatchedLinuxVirtualMachine("db", linuxArgs({ schedule: id })).patchSettings,
        );
        assert.equal(run.error, undefined);
        const [assignment] = run.ofType(ASSIGNMENT_TYPE);
        assert.equal(assignment.inputs.maintenanceConfigurationId, id);
        const [vm] = run.ofType(VM_TYPE);
        assert.equal(at(vm.inputs, "osProfile.linuxConfiguration.patchSettings.patchMode"), "AutomaticByPlatform");
    });

    it("refuses a schedule with settings that cannot run it (R18), naming the setting", async () => {
        const run = await runProgram(() => {
            const schedule = new PatchSchedule("weekly", WEEKLY);
            return new PatchedWindowsVirtualMachine(
                "web",
                windowsArgs({ schedule, patching: { bypassPlatformSafetyChecksOnUserSchedule: false } }),
            ).patchSettings;
        });
        const message = refusal(run.error);
        assert.match(message, /^\[R18\] patching\.bypassPlatformSafetyChecksOnUserSchedule = false/);
        assert.match(message, /the component's `schedule`/);
        assert.deepEqual(run.ofType(ASSIGNMENT_TYPE), []);
        assert.deepEqual(run.ofType(VM_TYPE), []);
    });

    it("without a schedule, bypass = true is refused (W5 as an error) naming both ways out", async () => {
        const run = await runProgram(
            () =>
                new PatchedWindowsVirtualMachine(
                    "web",
                    windowsArgs({
                        patching: { patchMode: "AutomaticByPlatform", bypassPlatformSafetyChecksOnUserSchedule: true },
                    }),
                ).patchSettings,
        );
        const message = refusal(run.error);
        assert.match(message, /^\[W5\] patching\.bypassPlatformSafetyChecksOnUserSchedule = true/);
        assert.match(message, /give `schedule`/);
        assert.match(message, /`scheduleAssignedElsewhere`/);
        assert.deepEqual(run.ofType(VM_TYPE), []);
    });

    it("scheduleAssignedElsewhere (the user's words) lets bypass = true through, with no assignment", async () => {
        const run = await runProgram(
            () =>
                new PatchedWindowsVirtualMachine(
                    "web",
                    windowsArgs({
                        patching: { patchMode: "AutomaticByPlatform", bypassPlatformSafetyChecksOnUserSchedule: true },
                        scheduleAssignedElsewhere: "dynamic scope prod-weekly in stack ops",
                    }),
                ).patchSettings,
        );
        assert.equal(run.error, undefined);
        assert.equal(run.ofType(VM_TYPE).length, 1);
        assert.deepEqual(run.ofType(ASSIGNMENT_TYPE), []);
    });

    it("a schedule on a hotpatch-capable image says hotpatch must be off (R10), with the fix", async () => {
        const run = await runProgram(() => {
            const schedule = new PatchSchedule("weekly", WEEKLY);
            return new PatchedWindowsVirtualMachine("edge", windowsArgs({ imageReference: IMAGES.hotpatch, schedule }))
                .patchSettings;
        });
        const message = refusal(run.error);
        assert.match(message, /\[R10\]/);
        assert.match(message, /set patching\.enableHotpatching to false to patch the VM on the schedule/);
        const fixed = await runProgram(() => {
            const schedule = new PatchSchedule("weekly", WEEKLY);
            return new PatchedWindowsVirtualMachine(
                "edge",
                windowsArgs({ imageReference: IMAGES.hotpatch, schedule, patching: { enableHotpatching: false } }),
            ).patchSettings;
        });
        assert.equal(fixed.error, undefined);
        assert.equal(fixed.ofType(ASSIGNMENT_TYPE).length, 1);
    });

    it("a start already past is a W9 warning at preview, never a refusal (the configuration may exist)", async () => {
        const warningsOf = (run: Awaited<ReturnType<typeof runProgram>>) =>
            run.logs.filter((l) => l.severity === "warning").map((l) => l.message);
        const copied = { ...WEEKLY, start: "2020-01-04 22:00" };
        const preview = await runProgram(() => new PatchSchedule("weekly", copied), { preview: true });
        assert.equal(preview.error, undefined);
        assert.equal(preview.ofType(MC_TYPE).length, 1, "the configuration is still registered");
        const [w9] = warningsOf(preview).filter((m) => m.includes("[W9]"));
        assert.match(w9 ?? "", /^\[W9\] start = "2020-01-04 22:00": the first window's start is already past/);
        assert.match(w9 ?? "", /If this configuration already exists, this does not apply/);
        assert.match(
            w9 ?? "",
            /Fix: set start to a later start, for example "\d{4}-\d\d-\d\d \d\d:00" in W\. Europe Standard Time/,
        );
        // At update (after the preview has said it), and with a start ahead: nothing.
        const update = await runProgram(() => new PatchSchedule("weekly", copied));
        assert.deepEqual(
            warningsOf(update).filter((m) => m.includes("[W9]")),
            [],
        );
        const ahead = await runProgram(() => new PatchSchedule("weekly", WEEKLY), { preview: true });
        assert.deepEqual(warningsOf(ahead), []);
    });

    it("Update Manager's recommended limits on its dynamic scopes are W10 warnings (source and date named)", async () => {
        const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`team${i}`, ["weekly"]]));
        const groups = Array.from({ length: 51 }, (_, i) => `rg-${i}`);
        const run = await runProgram(
            () =>
                new PatchSchedule("weekly", {
                    ...WEEKLY,
                    dynamicScopes: [{ tags }, { resourceGroups: groups }, { tags: { tier: ["web"] } }],
                }),
        );
        assert.equal(run.error, undefined);
        const w10 = run.logs.filter((l) => l.severity === "warning" && l.message.includes("[W10]"));
        assert.deepEqual(
            w10.map((l) => l.message.slice(0, l.message.indexOf(":"))),
            ["[W10] dynamicScopes.0.tags = 51", "[W10] dynamicScopes.1.resourceGroups = 51"],
        );
        assert.match(
            w10[0].message,
            /at most 50 tag filters in one dynamic scope.*dynamic-scope-overview, as of 2024-09-06/,
        );
        assert.equal(run.ofType(SUBSCRIPTION_SCOPE_TYPE).length, 3, "a warning refuses nothing");
    });
});
