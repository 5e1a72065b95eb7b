/**
 * The check's result as JUnit XML, for test tabs (Azure DevOps PublishTestResults@2 with
 * testResultsFormat JUnit, GitLab, Jenkins). The mapping (docs/offline-check.md, "JUnit"):
 * - one <testsuite> per run: the project and stack;
 * - one <testcase> per finding, per rule: name `<rule> <resource name>`, classname the resource type;
 *   at the --fail-on level it has a <failure> (message: the first line; text: the whole message, the
 *   source line, the rule's documentation), a "cannot be checked yet" finding is <skipped>, any other
 *   (advisory under --fail-on mandatory, remediated) passes and says why in <system-out>;
 * - one passing <testcase> per resource with no finding, so the tab counts every resource checked;
 * - a check that ended in an error (exit 2 to 5) is one <testcase> with an <error>.
 * Components and the stack itself are resources like the others.
 */
import type { OfflineCheckResult } from "../offline-check";
import { firstLine, type ReportedFinding, type ReportOptions, reportedFindings } from "./findings";

/** XML 1.0 text: the five entities, and no character XML forbids (control characters become spaces). */
export function escapeXml(text: string): string {
    return text
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, " ")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;");
}

function attributes(values: Record<string, string | number | undefined>): string {
    return Object.entries(values)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
        .join("");
}

function findingCase(f: ReportedFinding, options: ReportOptions): string {
    const v = f.violation;
    const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : undefined;
    const details = [
        v.message,
        `Resource: ${f.resourceLabel} (${v.urn})`,
        where ? `Created at: ${where}` : undefined,
        `Policy: ${v.policy} (${v.level})`,
        f.rule ? `Rule ${f.rule.id}: ${f.rule.title}. ${f.rule.docUrl}` : undefined,
    ]
        .filter((line) => line !== undefined)
        .join("\n");
    const open = `    <testcase${attributes({ name: `${f.ruleId} ${v.name || "(stack)"}`, classname: v.type, file: f.location?.file, line: f.location?.line })}>`;
    let body: string;
    if (f.failing) {
        body = `      <failure${attributes({ message: firstLine(v.message), type: v.level })}>${escapeXml(details)}</failure>`;
    } else if (f.undetermined) {
        body = `      <skipped${attributes({ message: firstLine(v.message) })}/>\n      <system-out>${escapeXml(details)}</system-out>`;
    } else {
        body = `      <system-out>${escapeXml(`Reported, not failing: level ${v.level}, and the check fails on ${options.failOn}.\n${details}`)}</system-out>`;
    }
    return `${open}\n${body}\n    </testcase>`;
}

function suite(name: string, cases: readonly string[], counts: { failures: number; errors: number; skipped: number }) {
    const head = attributes({
        name,
        tests: cases.length,
        failures: counts.failures,
        errors: counts.errors,
        skipped: counts.skipped,
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${head}>\n  <testsuite${head}>\n${cases.join("\n")}\n  </testsuite>\n</testsuites>\n`;
}

export function toJunit(result: OfflineCheckResult, options: ReportOptions): string {
    const findings = reportedFindings(result, options);
    const flagged = new Set(findings.map((f) => f.violation.urn));
    const clean = result.resources
        .filter((r) => !flagged.has(r.urn))
        .map((r) => `    <testcase${attributes({ name: `policies ${r.name || "(stack)"}`, classname: r.type })}/>`);
    return suite(
        `azure-vm-patching-check ${result.project} (${result.stack})`,
        [...findings.map((f) => findingCase(f, options)), ...clean],
        {
            failures: findings.filter((f) => f.failing).length,
            errors: 0,
            skipped: findings.filter((f) => !f.failing && f.undetermined).length,
        },
    );
}

/** A check that ended in an error: one test case in error, so the tab shows the run failed and why. */
export function toJunitError(error: { readonly message: string; readonly name?: string }, exitCode: number): string {
    const body = `    <testcase${attributes({ name: "azure-vm-patching-check", classname: "azure-vm-patching-check" })}>\n      <error${attributes({ message: firstLine(error.message), type: `${error.name ?? "Error"} (exit ${exitCode})` })}>${escapeXml(error.message)}</error>\n    </testcase>`;
    return suite("azure-vm-patching-check", [body], { failures: 0, errors: 1, skipped: 0 });
}
