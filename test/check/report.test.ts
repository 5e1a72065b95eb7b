/**
 * The report: exit code from the levels, the table's layout, JSON's shape.
 */
import * as assert from "node:assert/strict";
import type { OfflineCheckResult, Violation } from "../../check/offline-check";
import { sortViolations } from "../../check/offline-check";
import { exitCodeOf, shortType, toJsonReport, toTable, violationData, wrap } from "../../check/report";
import { checkResource } from "../../policies/checks";
import { makeConfigParser } from "../../policies/config";
import { decodeDiagnosticData, encodeDiagnosticData } from "../../policies/diagnostic-data";
import { RECOMMENDATION_RULES, RECOMMENDATIONS_SCOPE, SETTINGS_SCOPE } from "../../policies/policies";
import { POLICY_UNKNOWN_SENTINELS } from "../../policies/raw-properties";

/** A violation as the check builds it, its data decoded from the pack's encoding of `report`. */
function violation(name: string, level: Violation["level"], message: string): Violation {
    const ruleId = /^\[(\w+)\]/.exec(message)?.[1] ?? "R0";
    const description = encodeDiagnosticData({ ruleIds: [ruleId], kind: "violation", description: ruleId, message });
    return {
        urn: `urn:pulumi:dev::p::azure-native:compute:VirtualMachine::${name}`,
        name,
        type: "azure-native:compute:VirtualMachine",
        policyPack: "azure-vm-patching",
        policyPackVersion: "0.1.0",
        policy: level === "mandatory" ? "azure-vm-patch-settings" : "azure-vm-patch-recommendations",
        level,
        severity: "high",
        message,
        ...violationData(description),
    };
}

function result(violations: Violation[]): OfflineCheckResult {
    return {
        program: "/p/index.ts",
        projectDir: "/p",
        project: "p",
        stack: "dev",
        policyPack: { name: "azure-vm-patching", version: "0.1.0", policies: 2 },
        resources: [
            { urn: "u1", type: "t", name: "a" },
            { urn: "u2", type: "t", name: "b" },
        ],
        violations: sortViolations(violations),
        notes: [],
        logs: [],
    };
}

const LONG = `[R3] osProfile.windowsConfiguration.enableAutomaticUpdates = true: ${"words ".repeat(40)}See https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#patch-orchestration-modes`;

describe("check/report", () => {
    it("exit code 1 only for a mandatory violation", () => {
        assert.equal(exitCodeOf(result([])), 0);
        assert.equal(exitCodeOf(result([violation("a", "advisory", "[W1] x")])), 0);
        assert.equal(
            exitCodeOf(result([violation("a", "advisory", "[W1] x"), violation("b", "mandatory", "[R1] y")])),
            1,
        );
    });

    it("wraps at spaces and never cuts a URL", () => {
        const lines = wrap(LONG, 50);
        assert.ok(lines.every((l) => l.length <= 50 || !l.includes(" ")));
        assert.ok(lines.some((l) => l.startsWith("https://learn.microsoft.com/")));
        assert.equal(lines.join(" "), LONG.replace(/\s+/g, " ").trim());
    });

    it("the table lists mandatory rows first, each message under its row, then a summary", () => {
        const text = toTable(
            result([violation("zeta", "advisory", "[W2] later"), violation("alpha", "mandatory", LONG)]),
            80,
        );
        const lines = text.split("\n");
        assert.match(lines[0], /^RESOURCE\s+TYPE\s+POLICY\s+LEVEL$/);
        assert.match(lines[2], /^alpha\s+compute:VirtualMachine\s+azure-vm-patch-settings\s+mandatory$/);
        assert.match(lines[3], /^ {4}\[R3\] osProfile/);
        assert.ok(
            lines.every((l) => l.length <= 80 || /https:/.test(l)),
            "fits the width",
        );
        assert.ok(text.indexOf("zeta") > text.indexOf("alpha"));
        assert.match(text, /1 mandatory and 1 advisory violation\(s\) on 2 of 2 resources/);
        assert.match(text, /Mandatory violations on: alpha\./);
        assert.match(text, /Result: FAIL/);
    });

    it("a clean run says so", () => {
        assert.equal(
            toTable(result([])),
            "No policy violations in 2 resources (policy pack azure-vm-patching 0.1.0).\nResult: pass (no mandatory violations).\n",
        );
    });

    it("JSON carries the summary, the rule ids and the exit code", () => {
        const json = toJsonReport(
            result([violation("a", "mandatory", "[R9] x"), violation("a", "advisory", "[W3] y")]),
        );
        assert.deepEqual(json.summary, {
            resources: 2,
            resourcesFlagged: 1,
            violations: 2,
            mandatory: 1,
            advisory: 1,
            remediated: 0,
        });
        assert.equal(json.exitCode, 1);
        assert.deepEqual(
            (json.violations as Violation[]).map((v) => v.ruleId),
            ["R9", "W3"],
        );
    });

    describe("the pack's diagnostic data", () => {
        const VM = "azure-native:compute:VirtualMachine";
        const windows = (windowsConfiguration: unknown) => ({
            osProfile: { windowsConfiguration },
            storageProfile: {
                imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2019-Datacenter" },
            },
        });
        const recommendations = makeConfigParser(
            "recommendations",
            RECOMMENDATION_RULES.map((r) => r.id),
            { allowedModes: true },
        );
        /** What the check reads from each of the pack's reports for a resource, through the encoding. */
        const decoded = (props: unknown, config = recommendations({})) =>
            [SETTINGS_SCOPE, RECOMMENDATIONS_SCOPE].flatMap((scope) =>
                checkResource({ type: VM, name: "vm", props }, scope, config).map((r) =>
                    violationData(encodeDiagnosticData(r)),
                ),
            );

        it("gives every finding its rule id and property keys, read as data, not from the message", () => {
            const [r3] = decoded(windows({ enableAutomaticUpdates: true, patchSettings: { patchMode: "Manual" } }));
            assert.equal(r3.ruleId, "R3");
            assert.deepEqual(r3.ruleIds, ["R3"]);
            assert.equal(r3.kind, "violation");
            assert.deepEqual(r3.path, ["osProfile", "windowsConfiguration", "enableAutomaticUpdates"]);
            assert.equal(r3.description, "R3: Manual needs enableAutomaticUpdates = false");
        });

        it("allowedPatchModes and grouped 'cannot be checked yet' reports keep their rule ids", () => {
            const config = recommendations({ allowedPatchModes: ["AutomaticByPlatform"] });
            const allowed = decoded(windows({ patchSettings: { patchMode: "AutomaticByOS" } }), config).find(
                (v) => v.ruleId === "allowedPatchModes",
            );
            assert.deepEqual(allowed?.path, ["osProfile", "windowsConfiguration", "patchSettings", "patchMode"]);
            const unknown = [...POLICY_UNKNOWN_SENTINELS][2];
            const grouped = decoded(windows({ patchSettings: { patchMode: unknown } }), config).filter(
                (v) => v.kind === "undetermined",
            );
            assert.equal(grouped.length, 3); // one per policy, and R5 at its own level
            const ids = grouped.flatMap((v) => v.ruleIds);
            for (const id of ["R1", "R2", "R3", "W1", "W4", "allowedPatchModes"]) assert.ok(ids.includes(id), id);
            for (const v of grouped) {
                // Several rules: each is in ruleIds. One rule (R5 at its own level): it is the ruleId too.
                assert.equal(v.ruleId, v.ruleIds.length > 1 ? undefined : v.ruleIds[0]);
                assert.deepEqual(v.unknownPaths, [["osProfile", "windowsConfiguration", "patchSettings", "patchMode"]]);
            }
        });

        it("another pack's description stays text, with no rule; an unknown format version is not read", () => {
            assert.deepEqual(violationData("Buckets must be private."), {
                ruleIds: [],
                description: "Buckets must be private.",
            });
            const report = { ruleIds: ["R1"], kind: "violation" as const, description: "R1: x", message: "m" };
            const later = encodeDiagnosticData(report).replace('"version":1', '"version":2');
            assert.equal(decodeDiagnosticData(later), undefined);
            assert.deepEqual(violationData(later).ruleIds, []);
            assert.equal(decodeDiagnosticData("{not json"), undefined);
        });
    });

    it("shortens type tokens", () => {
        assert.equal(shortType("azure-native:compute:VirtualMachine"), "compute:VirtualMachine");
        assert.equal(
            shortType("azure:compute/windowsVirtualMachine:WindowsVirtualMachine"),
            "compute:WindowsVirtualMachine",
        );
        assert.equal(shortType("pulumi:pulumi:Stack"), "pulumi:Stack");
    });
});
