/**
 * How the offline check's result is shown: a table for people (resource, policy, level, message; long
 * messages wrapped to the terminal's width), JSON for CI, and the exit code both lead to.
 */
import { type DiagnosticData, decodeDiagnosticData } from "../policies/diagnostic-data";
import { EXIT, type ExitCode } from "./errors";
import type { OfflineCheckResult } from "./offline-check";
import { type FailOn, failsAt } from "./reports/findings";

/** Version of the JSON report's shape; bumped on any incompatible change. */
export const REPORT_FORMAT_VERSION = 1;

/** What a violation says as data, read from the pack's diagnostic (policies/diagnostic-data.ts). */
export interface ViolationData {
    /** The rule reported, when the diagnostic reports one. */
    readonly ruleId?: string;
    /**
     * Every rule the diagnostic reports: one; several for rules an unknown value keeps undecided,
     * reported together; none for a configuration error, or a diagnostic without this pack's data.
     */
    readonly ruleIds: readonly string[];
    /** violation, exempted, undetermined or configuration; absent without this pack's data. */
    readonly kind?: DiagnosticData["kind"];
    /** The property the finding is about, as keys in the resource's own shape. */
    readonly path?: readonly string[];
    /** The properties, as keys, whose unknown values keep the rules undecided. */
    readonly unknownPaths?: readonly (readonly string[])[];
    /** One line naming the rules (the pack's summary), or the diagnostic's own description. */
    readonly description: string;
}

/** The data of a diagnostic, from its description; a diagnostic of another pack keeps its text. */
export function violationData(description: string): ViolationData {
    const data = decodeDiagnosticData(description);
    if (!data) return { ruleIds: [], description };
    return {
        ...(data.ruleIds.length === 1 ? { ruleId: data.ruleIds[0] } : {}),
        ruleIds: data.ruleIds,
        kind: data.kind,
        ...(data.path ? { path: data.path } : {}),
        ...(data.unknownPaths ? { unknownPaths: data.unknownPaths } : {}),
        description: data.summary,
    };
}

/** 1 when a finding is at the --fail-on level or above (mandatory by default), else 0. */
export function exitCodeOf(result: Pick<OfflineCheckResult, "violations">, failOn: FailOn = "mandatory"): ExitCode {
    return result.violations.some((v) => failsAt(v, failOn)) ? EXIT.mandatoryViolation : EXIT.ok;
}

export function summaryCounts(result: OfflineCheckResult): {
    mandatory: number;
    advisory: number;
    remediated: number;
    resourcesFlagged: number;
} {
    return {
        mandatory: result.violations.filter((v) => v.level === "mandatory").length,
        advisory: result.violations.filter((v) => v.level !== "mandatory" && v.level !== "remediate").length,
        remediated: result.violations.filter((v) => v.level === "remediate").length,
        resourcesFlagged: new Set(result.violations.map((v) => v.urn)).size,
    };
}

export function toJsonReport(result: OfflineCheckResult, failOn: FailOn = "mandatory"): Record<string, unknown> {
    const counts = summaryCounts(result);
    return {
        formatVersion: REPORT_FORMAT_VERSION,
        program: result.program,
        projectDir: result.projectDir,
        project: result.project,
        stack: result.stack,
        policyPack: result.policyPack,
        summary: {
            resources: result.resources.length,
            resourcesFlagged: counts.resourcesFlagged,
            violations: result.violations.length,
            mandatory: counts.mandatory,
            advisory: counts.advisory,
            remediated: counts.remediated,
        },
        exitCode: exitCodeOf(result, failOn),
        violations: result.violations,
        resources: result.resources,
        notes: result.notes,
        logs: result.logs,
    };
}

/**
 * The JSON report of a run that ended in an error (exit 2 to 5, or a signal): the same shape, with no
 * findings and the error, so a CI step that parses the report always can.
 */
export function toJsonErrorReport(
    error: { message: string; name?: string },
    exitCode: number,
): Record<string, unknown> {
    return {
        formatVersion: REPORT_FORMAT_VERSION,
        exitCode,
        error: { kind: error.name ?? "Error", message: error.message },
        summary: { resources: 0, resourcesFlagged: 0, violations: 0, mandatory: 0, advisory: 0, remediated: 0 },
        violations: [],
        resources: [],
        notes: [],
        logs: [],
    };
}

/**
 * Splits text into lines of at most `width` characters at spaces. A word longer than the width (a URL)
 * stays whole on its own line: cutting it would break copy and paste.
 */
export function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
        let line = "";
        for (const word of paragraph.split(/\s+/).filter(Boolean)) {
            if (!line) line = word;
            else if (line.length + 1 + word.length <= width) line += ` ${word}`;
            else {
                lines.push(line);
                line = word;
            }
        }
        lines.push(line);
    }
    return lines;
}

/** `azure-native:compute:VirtualMachine` -> `compute:VirtualMachine`: the provider is in the URN. */
export function shortType(type: string): string {
    const parts = type.split(":");
    return parts.length === 3 ? `${parts[1].split("/")[0]}:${parts[2]}` : type;
}

const HEADERS = ["RESOURCE", "TYPE", "POLICY", "LEVEL"] as const;
const MESSAGE_INDENT = "    ";

/**
 * The table: one row per violation (resource, type, policy, level), mandatory ones first, each followed
 * by its message, indented and wrapped to `width`, so a long message stays readable on a terminal.
 */
export function toTable(result: OfflineCheckResult, width = 120, failOn: FailOn = "mandatory"): string {
    const out: string[] = [];
    const counts = summaryCounts(result);
    if (result.violations.length > 0) {
        const rows = result.violations.map((v) => [v.name || "(stack)", shortType(v.type), v.policy, v.level]);
        const widths = HEADERS.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
        const line = (cells: readonly string[]) =>
            cells
                .map((cell, c) => cell.padEnd(widths[c]))
                .join("  ")
                .trimEnd();
        out.push(line(HEADERS), line(widths.map((w) => "-".repeat(w))));
        result.violations.forEach((v, i) => {
            out.push(line(rows[i]));
            for (const l of wrap(v.message, Math.max(40, width - MESSAGE_INDENT.length)))
                out.push(`${MESSAGE_INDENT}${l}`);
            out.push("");
        });
    }
    const summary: string[] = [];
    const pack = `policy pack ${result.policyPack.name} ${result.policyPack.version}`;
    if (result.violations.length === 0) {
        summary.push(`No policy violations in ${result.resources.length} resources (${pack}).`);
    } else {
        summary.push(
            `${counts.mandatory} mandatory and ${counts.advisory} advisory violation(s)` +
                `${counts.remediated > 0 ? `, ${counts.remediated} remediated by the pack` : ""} on ${counts.resourcesFlagged} of ` +
                `${result.resources.length} resources (${pack}).`,
        );
        const failing = [...new Set(result.violations.filter((v) => v.level === "mandatory").map((v) => v.name))];
        if (failing.length > 0) summary.push(`Mandatory violations on: ${failing.join(", ")}.`);
    }
    const advisoryFails = failOn === "advisory" && counts.advisory > 0;
    summary.push(
        exitCodeOf(result, failOn) === EXIT.ok
            ? `Result: pass (no ${failOn === "advisory" ? "mandatory or advisory findings" : "mandatory violations"}).`
            : counts.mandatory > 0
              ? "Result: FAIL (mandatory violations; `pulumi preview` with this pack would stop here)."
              : `Result: FAIL (advisory findings${advisoryFails ? ", and --fail-on advisory" : ""}).`,
    );
    for (const sentence of summary) out.push(...wrap(sentence, width));
    return `${out.join("\n")}\n`;
}
