/**
 * W5 (rules/schedule-rules/w05-bypass-needs-an-assignment.ts): AutomaticByPlatform + bypass = true
 * and no schedule assigned means nothing is ever installed (Update Manager's user scenarios, row 2).
 */
import assert from "node:assert/strict";
import { evaluateScheduleAssignment } from "../../../rules";
import { COMPLIANT_LINUX, COMPLIANT_WINDOWS, classicVm, expectFinding, nativeVm, read, T } from "../fixtures";

const BYPASS =
    "osProfile.windowsConfiguration.patchSettings.automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule";

describe("rule core: W5, bypass = true has a schedule assigned", () => {
    const vm = read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, bypass: true }));

    it("bypass = true with no assignment: reported on the bypass flag, with both ways out", () => {
        const f = expectFinding(evaluateScheduleAssignment(vm, { assignment: "unassigned" }), {
            ruleId: "W5",
            path: BYPASS,
            value: "true",
            fix: "set bypassPlatformSafetyChecksOnUserSchedule to false",
        });
        assert.match(f.message, /nothing is ever installed/);
        assert.match(f.fix, /assign a maintenance configuration/);
    });

    it("an assignment (static or dynamic), or one said to be elsewhere, clears it", () => {
        assert.deepEqual(evaluateScheduleAssignment(vm, { assignment: "assigned" }).findings, []);
        assert.deepEqual(
            evaluateScheduleAssignment(vm, { assignment: "unassigned", assignedElsewhere: true }).findings,
            [],
        );
    });

    it("an assignment that may be this VM's (unknown during preview): undecided", () => {
        const e = evaluateScheduleAssignment(vm, { assignment: "unknown" });
        assert.deepEqual(e.findings, []);
        assert.deepEqual(
            e.undetermined.map((u) => [u.ruleId, u.paths]),
            [["W5", ["(maintenance configuration assignment)"]]],
        );
    });

    it("bypass false, or not AutomaticByPlatform: not W5's (R11 covers bypass on another mode)", () => {
        const platform = read(T.nativeVm, nativeVm(COMPLIANT_WINDOWS));
        assert.deepEqual(evaluateScheduleAssignment(platform, { assignment: "unassigned" }).findings, []);
        const byOs = read(T.nativeVm, nativeVm({ ...COMPLIANT_WINDOWS, patchMode: "AutomaticByOS", bypass: true }));
        assert.deepEqual(evaluateScheduleAssignment(byOs, { assignment: "unassigned" }).findings, []);
    });

    it("classic Linux VM: names bypassPlatformSafetyChecksOnUserScheduleEnabled", () => {
        const { type, props } = classicVm({ ...COMPLIANT_LINUX, bypass: true });
        expectFinding(evaluateScheduleAssignment(read(type, props), { assignment: "unassigned" }), {
            ruleId: "W5",
            path: "bypassPlatformSafetyChecksOnUserScheduleEnabled",
        });
    });
});
