/**
 * The report: exit code from the levels, the table's layout, JSON's shape.
 */
import * as assert from "node:assert/strict";
import type { OfflineCheckResult, Violation } from "../../check/offline-check";
import { ruleOf, sortViolations } from "../../check/offline-check";
import { exitCodeOf, shortType, toJsonReport, toTable, wrap } from "../../check/report";

function violation(name: string, level: Violation["level"], message: string): Violation {
    return {
        urn: `urn:pulumi:dev::p::azure-native:compute:VirtualMachine::${name}`,
        name,
        type: "azure-native:compute:VirtualMachine",
        policyPack: "azure-vm-patching",
        policyPackVersion: "0.1.0",
        policy: level === "mandatory" ? "azure-vm-patch-settings" : "azure-vm-patch-recommendations",
        ...ruleOf(message),
        level,
        severity: "high",
        message,
        description: "",
    };
}

function result(violations: Violation[]): OfflineCheckResult {
    return {
        program: "/p/index.ts",
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
            (json.violations as Violation[]).map((v) => v.rule),
            ["R9", "W3"],
        );
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
