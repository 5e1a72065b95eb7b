/**
 * R18 (rules/schedule-rules/r18-assigned-vm-needs-customer-managed-schedule.ts) through
 * evaluateScheduleAssignment: a VM with a schedule assigned needs AutomaticByPlatform + bypass = true
 * (Update Manager's prerequisites, user scenarios 3, 5 and 7); a scale set cannot take a guest schedule.
 */
import assert from "node:assert/strict";
import { evaluateScheduleAssignment, UNKNOWN } from "../../../rules";
import {
    COMPLIANT_LINUX,
    COMPLIANT_WINDOWS,
    classicVm,
    expectFinding,
    nativeVm,
    nativeVmss,
    read,
    T,
} from "../fixtures";

const MODE = "osProfile.windowsConfiguration.patchSettings.patchMode";
const BYPASS =
    "osProfile.windowsConfiguration.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule";
const assigned = { assignment: "assigned", assignedBy: 'ConfigurationAssignment "web"' } as const;

describe("rule core: R18, a VM with a schedule assigned meets its prerequisites", () => {
    it("scenario 1: AutomaticByPlatform + bypass = true with a schedule passes", () => {
        const e = evaluateScheduleAssignment(
            read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, bypass: true })),
            assigned,
        );
        assert.deepEqual(e.findings, []);
    });

    it("scenario 3: AutomaticByPlatform without bypass, scheduled: refused on the bypass flag", () => {
        const f = expectFinding(evaluateScheduleAssignment(read(T.nativeVm, nativeVm(COMPLIANT_WINDOWS)), assigned), {
            ruleId: "R18",
            path: BYPASS,
            allowed: "AutomaticByPlatform with bypassPlatformSafetyChecksOnUserSchedule = true",
            fix: "or remove the schedule's assignment",
        });
        assert.match(f.message, /prerequisites for schedule patching are not met/);
        assert.match(f.message, /ConfigurationAssignment "web"/);
    });

    it("scenarios 5 and 7: another patch mode (written or Azure's default), scheduled: refused on the mode", () => {
        expectFinding(
            evaluateScheduleAssignment(
                read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, patchMode: "AutomaticByOS", bypass: true })),
                assigned,
            ),
            { ruleId: "R18", path: MODE, value: '"AutomaticByOS"' },
        );
        const f = expectFinding(
            evaluateScheduleAssignment(read(T.nativeVm, nativeVm({ os: "Windows", patchMode: undefined })), assigned),
            { ruleId: "R18", path: MODE },
        );
        assert.match(f.value, /AutomaticByOS/);
    });

    it("names the classic provider's properties", () => {
        const { type, props } = classicVm({ ...COMPLIANT_LINUX, bypass: false });
        expectFinding(evaluateScheduleAssignment(read(type, props), assigned), {
            ruleId: "R18",
            path: "bypassPlatformSafetyChecksOnUserScheduleEnabled",
            fix: "bypassPlatformSafetyChecksOnUserScheduleEnabled to true",
        });
    });

    it("no schedule: not R18's", () => {
        const e = evaluateScheduleAssignment(read(T.nativeVm, nativeVm(COMPLIANT_WINDOWS)), {
            assignment: "unassigned",
        });
        assert.deepEqual(e.findings, []);
    });

    it("an assignment that may be this VM's (unknown during preview): undecided only when the settings would break it", () => {
        const broken = evaluateScheduleAssignment(read(T.nativeVm, nativeVm(COMPLIANT_WINDOWS)), {
            assignment: "unknown",
        });
        assert.deepEqual(broken.findings, []);
        assert.deepEqual(
            broken.undetermined.map((u) => u.ruleId),
            ["R18"],
        );
        const fine = evaluateScheduleAssignment(read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, bypass: true })), {
            assignment: "unknown",
        });
        assert.deepEqual(
            fine.undetermined.filter((u) => u.ruleId === "R18"),
            [],
        );
        const unknownMode = evaluateScheduleAssignment(
            read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, patchMode: UNKNOWN })),
            assigned,
        );
        assert.deepEqual(
            unknownMode.undetermined.map((u) => u.paths),
            [[MODE]],
        );
    });

    it("a scale set with a guest schedule assigned is refused whatever its settings (Update Manager: scale sets unsupported)", () => {
        const vmss = read(
            T.nativeVmss,
            nativeVmss({ ...COMPLIANT_WINDOWS, bypass: true, orchestrationMode: "Flexible" }),
        );
        const e = evaluateScheduleAssignment(vmss, assigned);
        assert.deepEqual(
            e.findings.map((f) => [f.ruleId, f.path]),
            [["R18", "(resource type)"]],
        );
        assert.match(e.findings[0].fix, /automatic OS image upgrades/);
    });
});
