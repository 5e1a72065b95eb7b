/**
 * The scheduled-patching example registers what its README promises (a weekly schedule, its dynamic
 * scope, two component VMs on the schedule, a raw VM selected by the scope), and the offline check finds
 * nothing to report in it: the stack policy counts the dynamic scope for the raw VM. A fixture with a
 * scheduled VM lacking the bypass (R18) and an unscheduled VM with it (W5) shows the check reporting the
 * stack policy's findings with the resources they concern; the same fixture's schedule starting in the
 * past (W9) and dynamic scope over the recommended tag filters (W10) show in the JSON and text reports.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { type OfflineCheckResult, runOfflineCheck } from "../../check/offline-check";
import { renderReport } from "../../check/reports/render";
import { type ExampleRun, prop, runExample } from "./example-harness";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PASSWORD = "Example-test-passw0rd!";
const VM = "azure-native:compute:VirtualMachine";

describe("examples/scheduled-patching", function () {
    this.timeout(180_000);
    let run: ExampleRun;
    before(async () => {
        run = await runExample("scheduled-patching", {
            project: "vm-patching-scheduled",
            config: { adminPassword: PASSWORD },
        });
    });

    it("creates one weekly guest-patch schedule with a resource-group dynamic scope for tagged Windows VMs", () => {
        const [mc] = run.ofType("azure-native:maintenance:MaintenanceConfiguration");
        assert.equal(prop(mc.inputs, "maintenanceScope"), "InGuestPatch");
        assert.equal(prop(mc.inputs, "recurEvery"), "Week Saturday");
        assert.equal(prop(mc.inputs, "duration"), "03:00");
        const [scope] = run.ofType("azure-native:maintenance:ConfigurationAssignmentsForResourceGroup");
        assert.deepEqual(prop(scope.inputs, "filter.tagSettings.tags"), { "patch-window": ["weekly"] });
        assert.deepEqual(prop(scope.inputs, "filter.osTypes"), ["Windows"]);
    });

    it("puts both component VMs on the schedule: AutomaticByPlatform + bypass, and an assignment each", () => {
        for (const [name, config] of [
            ["web-win", "windowsConfiguration"],
            ["db-linux", "linuxConfiguration"],
        ]) {
            const vm = run.ofType(VM).find((r) => r.name === name);
            assert.ok(vm, name);
            assert.equal(prop(vm.inputs, `osProfile.${config}.patchSettings.patchMode`), "AutomaticByPlatform");
            assert.equal(
                prop(
                    vm.inputs,
                    `osProfile.${config}.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule`,
                ),
                true,
            );
        }
        const assignments = run.ofType("azure-native:maintenance:ConfigurationAssignment").map((a) => a.name);
        assert.deepEqual(assignments.sort(), ["db-linux-schedule", "web-win-schedule"]);
    });

    it("tags the raw VM for the dynamic scope, set up for schedules", () => {
        const legacy = run.named("legacy-win").inputs;
        assert.equal(prop(legacy, "tags.patch-window"), "weekly");
        assert.equal(
            prop(
                legacy,
                "osProfile.windowsConfiguration.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule",
            ),
            true,
        );
    });

    it("passes the offline check, in a preview too: the dynamic scope counts for the raw VM", async () => {
        for (const preview of [false, true]) {
            const result = await runOfflineCheck({
                program: path.join(ROOT, "examples", "scheduled-patching"),
                cwd: ROOT,
                preview,
                configPairs: ["adminPassword=Offline-check-only-1"],
            });
            const schedule = result.violations.filter((v) => v.policy === "azure-vm-patch-schedules");
            assert.deepEqual(
                schedule.map((v) => v.message),
                [],
            );
            assert.deepEqual(
                result.violations.filter((v) => v.level === "mandatory").map((v) => v.message),
                [],
            );
        }
    });

    describe("a fixture with a finding of each schedule rule the whole program decides", () => {
        // One check run shared by the tests below: each asserts a different part of the same report.
        let result: OfflineCheckResult;
        before(async () => {
            result = await runOfflineCheck({
                program: path.join(ROOT, "test", "check", "fixtures", "schedule-assignments"),
                cwd: ROOT,
                preview: true,
            });
        });

        it("the offline check reports R18 and W5 with the VMs they concern, in a preview", () => {
            const schedule = result.violations
                .filter((v) => v.policy === "azure-vm-patch-schedules" && v.type === VM)
                .map((v) => [v.name, v.type, v.ruleId, v.level, v.path?.at(-1)]);
            assert.deepEqual(schedule.sort(), [
                ["never-patched", VM, "W5", "advisory", "bypassPlatformSafetyChecksOnUserSchedule"],
                ["safety-checks-on", VM, "R18", "mandatory", "bypassPlatformSafetyChecksOnUserSchedule"],
            ]);
            for (const v of result.violations.filter((x) => x.policy === "azure-vm-patch-schedules")) {
                assert.match(v.urn, new RegExp(`::${v.name}$`));
            }
        });

        it("W9 (a schedule starting in the past) and W10 (51 tag filters) show in the JSON and text reports with the resource each concerns", () => {
            const expected = [
                ["started-long-ago", "azure-native:maintenance:MaintenanceConfiguration", "W9", "startDateTime"],
                ["many-tags", "azure-native:maintenance:ConfigurationAssignmentsForSubscription", "W10", "tags"],
            ];
            const options = { failOn: "mandatory", sourceRoot: ROOT, toolVersion: "0.0.0-test" } as const;
            const json = JSON.parse(renderReport("json", result, options)) as {
                violations: {
                    name: string;
                    type: string;
                    urn: string;
                    ruleId?: string;
                    level: string;
                    path?: string[];
                }[];
            };
            const recommendations = json.violations
                .filter((v) => v.ruleId === "W9" || v.ruleId === "W10")
                .map((v) => [v.name, v.type, v.ruleId, v.path?.at(-1)]);
            assert.deepEqual(recommendations.sort(), expected.sort());
            for (const v of json.violations.filter((x) => x.ruleId === "W9" || x.ruleId === "W10")) {
                assert.equal(v.level, "advisory");
                assert.match(v.urn, new RegExp(`::${v.name}$`));
            }
            const table = renderReport("text", result, options).split("\n");
            for (const [name, , rule] of expected) {
                const row = table.findIndex((l) => l.startsWith(`${name} `) && l.trimEnd().endsWith("advisory"));
                assert.ok(row >= 0, `no advisory row for ${name}:\n${table.join("\n")}`);
                assert.ok(table[row + 1].includes(`[${rule}]`), table[row + 1]);
            }
        });
    });
});
