/**
 * The check's result as a Markdown summary, for a GitHub job summary ($GITHUB_STEP_SUMMARY), a pull
 * request comment or an Azure DevOps summary (##vso[task.uploadsummary]): the verdict, the counts, one
 * table row per finding (level, resource, rule with its documentation, the source line, the message)
 * and the run's notes. It stays under a pull-request comment's size (65,536 characters): past
 * {@link MARKDOWN_BUDGET} the rest of the findings are counted, not listed (the SARIF and JSON reports
 * have them all).
 */
import type { OfflineCheckResult } from "../offline-check";
import { exitCodeOf, summaryCounts } from "../report";
import { type ReportedFinding, type ReportOptions, reportedFindings } from "./findings";

export const MARKDOWN_BUDGET = 60_000;

/** Text in a table cell: no line breaks, no pipes, no HTML or Markdown that changes the table. */
export function markdownCell(text: string): string {
    return text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/([\\`*_[\]|#])/g, "\\$1")
        .replace(/\r?\n/g, "<br>");
}

function levelCell(f: ReportedFinding): string {
    const level = f.undetermined ? `${f.violation.level}, cannot be checked yet` : f.violation.level;
    return f.failing ? `**${level}** (fails)` : level;
}

function row(f: ReportedFinding): string {
    const rule = f.rules.length > 0 ? f.rules.map((r) => `[${r.id}](${r.docUrl})`).join(", ") : markdownCell(f.ruleId);
    const where = f.location ? `\`${f.location.file.replace(/`/g, "'")}:${f.location.line}\`` : "";
    return `| ${levelCell(f)} | ${markdownCell(f.resourceLabel)} | ${rule} | ${where} | ${markdownCell(f.violation.message)} |`;
}

export function toMarkdown(result: OfflineCheckResult, options: ReportOptions): string {
    const counts = summaryCounts(result);
    const failed = exitCodeOf(result, options.failOn) !== 0;
    const findings = reportedFindings(result, options, true);
    const out: string[] = [
        `## Azure VM patching policy check: ${failed ? "❌ failed" : "✅ passed"}`,
        "",
        `Project \`${result.project}\`, stack \`${result.stack}\`, policy pack ${result.policyPack.name} ${result.policyPack.version}, ` +
            `fails on: ${options.failOn}.`,
        "",
        `**${counts.mandatory}** mandatory, **${counts.advisory}** advisory, **${counts.remediated}** remediated finding(s) ` +
            `on ${counts.resourcesFlagged} of ${result.resources.length} resources.`,
        "",
    ];
    if (findings.length > 0) {
        out.push("| Level | Resource | Rule | Source | Message |", "| --- | --- | --- | --- | --- |");
        let size = out.join("\n").length;
        let shown = 0;
        for (const f of findings) {
            const line = row(f);
            if (size + line.length + 1 > MARKDOWN_BUDGET) break;
            out.push(line);
            size += line.length + 1;
            shown++;
        }
        if (shown < findings.length) {
            out.push(
                "",
                `…and ${findings.length - shown} more finding(s): see the SARIF or JSON report for all of them.`,
            );
        }
        out.push("");
    }
    if (result.notes.length > 0) {
        out.push("Notes:", "", ...result.notes.map((n) => `- ${markdownCell(n)}`), "");
    }
    return `${out.join("\n")}\n`;
}

/** A check that ended in an error: the verdict and the error. */
export function toMarkdownError(error: { readonly message: string }, exitCode: number): string {
    const fence = error.message.includes("```") ? "~~~~" : "```";
    return `## Azure VM patching policy check: ❌ could not run (exit ${exitCode})\n\n${fence}\n${error.message}\n${fence}\n`;
}
