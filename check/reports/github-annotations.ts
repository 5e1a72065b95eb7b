/**
 * The check's result as GitHub Actions workflow commands on stdout: one annotation per finding
 * (`::error file=infra/index.ts,line=21,col=16,title=...::message`), shown on the run and on the pull
 * request's changed lines. A finding that fails the run (--fail-on) is an error, an advisory one a
 * warning, a remediated or "cannot be checked yet" one a notice. Escaping as the Actions toolkit does
 * it (@actions/core, command.ts): in the message %, CR and LF; in a property also ":" and ",".
 * https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
 */
import type { OfflineCheckResult } from "../offline-check";
import { type ReportedFinding, type ReportOptions, reportedFindings, reportPath } from "./findings";

export function escapeData(text: string): string {
    return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

type Command = "error" | "warning" | "notice";

function command(name: Command, properties: Record<string, string | number | undefined>, message: string): string {
    const props = Object.entries(properties)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
        .join(",");
    return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}\n`;
}

function commandOf(finding: ReportedFinding): Command {
    if (finding.failing) return "error";
    return finding.violation.level === "advisory" && !finding.undetermined ? "warning" : "notice";
}

function annotation(finding: ReportedFinding, program: string): string {
    const where = finding.location;
    const title = `${finding.ruleId} ${finding.violation.level}${finding.undetermined ? " (cannot be checked yet)" : ""}: ${finding.resourceLabel}`;
    return command(
        commandOf(finding),
        { file: where?.file ?? program, line: where?.line, col: where?.column, title },
        finding.violation.message,
    );
}

/** One annotation per finding, then the notes as notices. */
export function toGithubAnnotations(result: OfflineCheckResult, options: ReportOptions): string {
    const program = reportPath(result.program, options.sourceRoot);
    const lines = reportedFindings(result, options, true).map((f) => annotation(f, program));
    for (const note of result.notes) lines.push(command("notice", { title: "azure-vm-patching-check" }, note));
    return lines.join("");
}

/** A check that ended in an error: one error annotation. */
export function toGithubErrorAnnotation(error: { readonly message: string }, exitCode: number): string {
    return command("error", { title: `azure-vm-patching-check failed (exit ${exitCode})` }, error.message);
}
