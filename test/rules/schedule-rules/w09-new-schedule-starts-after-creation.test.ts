/**
 * W9 (rules/schedule-rules/w09-new-schedule-starts-after-creation.ts): a guest-patch schedule being
 * created starts at least 15 minutes after its creation (source: Microsoft's maintenance-configurations
 * page, guest scope limitations). "Now" is fixed by each test: the rule reads no clock.
 */
import assert from "node:assert/strict";
import {
    evaluateMaintenanceConfiguration,
    readMaintenanceConfiguration,
    type ScheduleClock,
    UNKNOWN,
    WINDOWS_TIME_ZONES,
    WINDOWS_TO_IANA,
    windowInstant,
} from "../../../rules";
import { expectFinding } from "../fixtures";

const NATIVE = "azure-native:maintenance:MaintenanceConfiguration";
const CLASSIC = "azure:maintenance/configuration:Configuration";

function native(start: unknown, timeZone: unknown = "UTC", extra: Record<string, unknown> = {}) {
    return {
        maintenanceScope: "InGuestPatch",
        extensionProperties: { InGuestPatchMode: "User" },
        startDateTime: start,
        duration: "03:00",
        timeZone,
        recurEvery: "Week Saturday",
        installPatches: { rebootSetting: "IfRequired", linuxParameters: { classificationsToInclude: ["Critical"] } },
        ...extra,
    };
}

/** 2026-12-02 10:00 UTC. */
const NOW = Date.UTC(2026, 11, 2, 10, 0);
const creating: ScheduleClock = { now: NOW, creation: "new" };

function w9(props: Record<string, unknown>, clock: ScheduleClock | undefined, type = NATIVE) {
    const mc = readMaintenanceConfiguration(type, props);
    assert.ok(mc);
    const evaluation = evaluateMaintenanceConfiguration(mc, clock);
    return {
        findings: evaluation.findings.filter((f) => f.ruleId === "W9"),
        undetermined: evaluation.undetermined.filter((u) => u.ruleId === "W9"),
    };
}

describe("rule core: W9, a new guest-patch schedule starts at least 15 minutes after its creation", () => {
    it("a start 15 minutes or more ahead passes; one 14 minutes ahead, or past, is reported with a later start", () => {
        assert.deepEqual(w9(native("2026-12-02 10:15"), creating).findings, []);
        assert.deepEqual(w9(native("2027-01-02 22:00"), creating).findings, []);
        const soon = expectFinding(w9(native("2026-12-02 10:14"), creating), {
            ruleId: "W9",
            path: "startDateTime",
            value: '"2026-12-02 10:14"',
            allowed: "a start after 2026-12-02 10:15 (UTC)",
            fix: 'set startDateTime to a later start, for example "2026-12-02 11:00" in UTC',
        });
        assert.match(soon.message, /less than 15 minutes away/);
        const past = expectFinding(w9(native("2025-06-01 22:00"), creating), { ruleId: "W9", path: "startDateTime" });
        assert.match(past.message, /already past/);
        // A component creating the configuration knows it is new: no "if it already exists" hedge.
        assert.doesNotMatch(past.message, /already exists/);
    });

    it("the start is read in the window's Windows time zone (daylight saving included)", () => {
        // 10:00 UTC is 11:00 in Berlin (CET) and 05:00 in New York (EST) on 2 December.
        assert.deepEqual(w9(native("2026-12-02 11:20", "W. Europe Standard Time"), creating).findings, []);
        expectFinding(w9(native("2026-12-02 11:10", "W. Europe Standard Time"), creating), {
            ruleId: "W9",
            path: "startDateTime",
            allowed: "a start after 2026-12-02 11:15 (W. Europe Standard Time)",
        });
        assert.deepEqual(w9(native("2026-12-02 05:30", "Eastern Standard Time"), creating).findings, []);
        expectFinding(w9(native("2026-12-02 05:00", "Eastern Standard Time"), creating), {
            ruleId: "W9",
            path: "startDateTime",
        });
        // In July Berlin is UTC+2: 12:10 local is 10:10 UTC, too soon for a creation at 10:00 UTC.
        const july: ScheduleClock = { now: Date.UTC(2026, 6, 1, 10, 0), creation: "new" };
        expectFinding(w9(native("2026-07-01 12:10", "W. Europe Standard Time"), july), {
            ruleId: "W9",
            path: "startDateTime",
        });
        assert.deepEqual(w9(native("2026-07-01 12:30", "W. Europe Standard Time"), july).findings, []);
    });

    it("every Windows id of the list is placed in time, or bounded by the widest offsets", () => {
        const start = { year: 2026, month: 12, day: 2, hour: 10, minute: 0 };
        for (const zone of WINDOWS_TIME_ZONES) {
            const { earliest, latest } = windowInstant(start, WINDOWS_TO_IANA[zone]);
            const wall = Date.UTC(2026, 11, 2, 10, 0) / 60_000;
            assert.ok(earliest >= wall - 14 * 60 && latest <= wall + 12 * 60, zone);
            if (WINDOWS_TO_IANA[zone]) assert.equal(earliest, latest, zone);
        }
    });

    it("a zone with no known offset reports only a start too soon in every zone on Earth", () => {
        // Mid-Atlantic Standard Time has no IANA equivalent: 14 hours ahead may still be the past somewhere.
        assert.deepEqual(w9(native("2026-12-02 20:00", "Mid-Atlantic Standard Time"), creating).findings, []);
        expectFinding(w9(native("2026-11-30 20:00", "Mid-Atlantic Standard Time"), creating), {
            ruleId: "W9",
            path: "startDateTime",
            fix: "in UTC (place it in your zone)",
        });
    });

    it("an existing configuration, or a check that is not told the time, has no finding", () => {
        assert.deepEqual(w9(native("2020-01-01 00:00"), { now: NOW, creation: "existing" }).findings, []);
        assert.deepEqual(w9(native("2020-01-01 00:00"), undefined).findings, []);
    });

    it("where creation is unknown (the pack), the finding says an existing schedule is fine", () => {
        const f = expectFinding(w9(native("2020-01-01 00:00"), { now: NOW, creation: "unknown" }), {
            ruleId: "W9",
            path: "startDateTime",
        });
        assert.match(f.message, /If this configuration already exists, this does not apply/);
    });

    it("the classic shape is read the same way (window.startDateTime, window.timeZone)", () => {
        const classic = (start: string) => ({
            scope: "InGuestPatch",
            inGuestUserPatchMode: "User",
            window: { startDateTime: start, duration: "03:00", timeZone: "UTC", recurEvery: "Day" },
            installPatches: { reboot: "IfRequired", linuxes: [{ classificationsToIncludes: ["Critical"] }] },
        });
        assert.deepEqual(w9(classic("2026-12-03 00:00"), creating, CLASSIC).findings, []);
        expectFinding(w9(classic("2026-12-01 00:00"), creating, CLASSIC), {
            ruleId: "W9",
            path: "window.startDateTime",
        });
    });

    it("a malformed start is R19's, an unknown one leaves W9 undecided, another scope is not a schedule", () => {
        assert.deepEqual(w9(native("tomorrow"), creating).findings, []);
        const unknown = w9(native(UNKNOWN), creating);
        assert.deepEqual(unknown.findings, []);
        assert.deepEqual(unknown.undetermined[0]?.paths, ["startDateTime"]);
        assert.deepEqual(w9({ maintenanceScope: "Host", startDateTime: "2020-01-01 00:00" }, creating).findings, []);
    });
});
