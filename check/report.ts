/**
 * How the offline check's result is shown: a table for people (resource, policy, level, message; long
 * messages wrapped to the terminal's width), JSON for CI, and the exit code both lead to.
 */
import { EXIT, type ExitCode } from "./errors";
import type { OfflineCheckResult, Violation } from "./offline-check";

/** Version of the JSON report's shape; bumped on any incompatible change. */
export const REPORT_FORMAT_VERSION = 1;

export function exitCodeOf(result: OfflineCheckResult): ExitCode {
    return result.violations.some((v) => v.level === "mandatory") ? EXIT.mandatoryViolation : EXIT.ok;
}

export function summaryCounts(result: OfflineCheckResult): {
    mandatory: number;
    advisory: number;
    resourcesFlagged: number;
} {
    return {
        mandatory: result.violations.filter((v) => v.level === "mandatory").length,
        advisory: result.violations.filter((v) => v.level !== "mandatory").length,
        resourcesFlagged: new Set(result.violations.map((v) => v.urn)).size,
    };
}

export function toJsonReport(result: OfflineCheckResult): Record<string, unknown> {
    const counts = summaryCounts(result);
    return {
        formatVersion: REPORT_FORMAT_VERSION,
        program: result.program,
        project: result.project,
        stack: result.stack,
        policyPack: result.policyPack,
        summary: {
            resources: result.resources.length,
            resourcesFlagged: counts.resourcesFlagged,
            violations: result.violations.length,
            mandatory: counts.mandatory,
            advisory: counts.advisory,
        },
        exitCode: exitCodeOf(result),
        violations: result.violations,
        resources: result.resources,
        notes: result.notes,
    };
}

/** Splits text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
        let line = "";
        for (const word of paragraph.split(/\s+/).filter(Boolean)) {
            let rest = word;
            while (rest.length > width) {
                // A word longer than the column (a URL): cut it rather than overflow.
                if (line) {
                    lines.push(line);
                    line = "";
                }
                lines.push(rest.slice(0, width));
                rest = rest.slice(width);
            }
            if (!line) line = rest;
            else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
            else {
                lines.push(line);
                line = rest;
            }
        }
        lines.push(line);
    }
    return lines;
}

/** The type token without the provider's module noise: `azure-native:compute:VirtualMachine`. */
function resourceCell(v: Violation): string[] {
    return v.name ? [v.name, `(${v.type})`] : ["(stack)"];
}

const HEADERS = ["RESOURCE", "POLICY", "LEVEL", "MESSAGE"] as const;

/**
 * The table: one row per violation, mandatory ones first. Column widths fit the content; the message
 * column takes the rest of `width` (at least 40 characters) and wraps.
 */
export function toTable(result: OfflineCheckResult, width = 120): string {
    const out: string[] = [];
    const counts = summaryCounts(result);
    if (result.violations.length > 0) {
        const rows = result.violations.map((v) => [resourceCell(v), [v.policy], [v.level], [v.message]]);
        const fixed = [0, 1, 2].map((c) =>
            Math.min(60, Math.max(HEADERS[c].length, ...rows.flatMap((r) => r[c].map((l) => l.length)))),
        );
        const messageWidth = Math.max(40, width - fixed.reduce((a, b) => a + b, 0) - 3 * 2);
        const pad = (cells: string[]) =>
            cells
                .map((cell, c) => (c < 3 ? cell.padEnd(fixed[c]) : cell))
                .join("  ")
                .trimEnd();
        out.push(pad([...HEADERS]));
        out.push(pad([...fixed.map((w) => "-".repeat(w)), "-".repeat(Math.min(messageWidth, 40))]));
        for (const row of rows) {
            const cols = [
                row[0].flatMap((l) => wrap(l, fixed[0])),
                row[1].flatMap((l) => wrap(l, fixed[1])),
                row[2],
                wrap(row[3][0], messageWidth),
            ];
            const height = Math.max(...cols.map((c) => c.length));
            for (let i = 0; i < height; i++) out.push(pad(cols.map((c) => c[i] ?? "")));
            out.push("");
        }
    }
    const pack = `policy pack ${result.policyPack.name} ${result.policyPack.version}`;
    if (result.violations.length === 0) {
        out.push(`No policy violations in ${result.resources.length} resources (${pack}).`);
    } else {
        out.push(
            `${counts.mandatory} mandatory and ${counts.advisory} advisory violation(s) on ${counts.resourcesFlagged} of ` +
                `${result.resources.length} resources (${pack}).`,
        );
    }
    out.push(
        exitCodeOf(result) === EXIT.ok
            ? "Result: pass (no mandatory violations)."
            : "Result: FAIL (mandatory violations; a `pulumi preview` with this pack would stop here).",
    );
    return `${out.join("\n")}\n`;
}
