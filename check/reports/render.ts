/**
 * One report in the format asked for, of a finished check or of one that ended in an error: the one
 * place that knows every format (the CLI writes what it returns to stdout or to a file).
 */
import type { OutputFormat } from "../cli-args";
import type { OfflineCheckResult } from "../offline-check";
import { exitCodeOf, toJsonErrorReport, toJsonReport, toTable } from "../report";
import type { ReportOptions } from "./findings";
import { toGithubAnnotations, toGithubErrorAnnotation } from "./github-annotations";
import { toJunit, toJunitError } from "./junit";
import { toMarkdown, toMarkdownError } from "./markdown";
import { toSarif, toSarifError } from "./sarif";

export interface RenderOptions extends ReportOptions {
    /** The package's version (SARIF names the tool's version). */
    readonly toolVersion: string;
    /** Terminal width for the text table. */
    readonly width?: number;
}

export function renderReport(format: OutputFormat, result: OfflineCheckResult, options: RenderOptions): string {
    switch (format) {
        case "text":
            return toTable(result, options.width ?? 120, options.failOn);
        case "json":
            return `${JSON.stringify(toJsonReport(result, options.failOn), null, 2)}\n`;
        case "sarif":
            return toSarif(result, exitCodeOf(result, options.failOn), options.toolVersion, options);
        case "github":
            return toGithubAnnotations(result, options);
        case "junit":
            return toJunit(result, options);
        case "markdown":
            return toMarkdown(result, options);
    }
}

/** The report of a check that ended in an error (exit 2 to 5, or a signal); "" for text (stderr has it). */
export function renderErrorReport(
    format: OutputFormat,
    error: { readonly message: string; readonly name?: string },
    exitCode: number,
    options: RenderOptions,
): string {
    switch (format) {
        case "text":
            return "";
        case "json":
            return `${JSON.stringify(toJsonErrorReport(error, exitCode), null, 2)}\n`;
        case "sarif":
            return toSarifError(error, exitCode, options.toolVersion, options);
        case "github":
            return toGithubErrorAnnotation(error, exitCode);
        case "junit":
            return toJunitError(error, exitCode);
        case "markdown":
            return toMarkdownError(error, exitCode);
    }
}
