/**
 * What every CI report (SARIF, GitHub annotations, JUnit, Markdown) reads from a check's result: one
 * finding per rule a violation reports (a diagnostic that groups the rules an unknown value keeps
 * undecided becomes one finding per rule), its source location relative to the source root (the
 * directory CI checked the repository out to), whether it fails the run at the --fail-on level, and
 * the rule's metadata from the rule core. A finding without a rule id (a plain argument error, another
 * pack's policy, a stack policy's finding) is reported under its policy's name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_RULES } from "../../rules";
import type { RuleInfo } from "../../rules/findings";
import type { OfflineCheckResult, Violation } from "../offline-check";

/** The lowest level that fails the run: mandatory (default), or advisory too. */
export type FailOn = "mandatory" | "advisory";
export const FAIL_ON_LEVELS: readonly FailOn[] = ["mandatory", "advisory"];

export interface ReportOptions {
    readonly failOn: FailOn;
    /** Paths in the reports are relative to this directory (absolute). */
    readonly sourceRoot: string;
}

/**
 * The directory report paths are relative to when none is given: the repository the project is in
 * (the nearest directory with a .git), which is what GitHub and Azure DevOps resolve annotation and
 * SARIF paths against, wherever in it the check was run; else the working directory.
 */
export function defaultSourceRoot(projectDir: string, cwd: string = process.cwd()): string {
    for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, ".git"))) return dir;
        if (path.dirname(dir) === dir) return path.resolve(cwd);
    }
}

/**
 * Whether a finding fails the run: a mandatory one always; an advisory one with --fail-on advisory,
 * unless it only says a rule cannot be checked yet (an unknown value is no broken rule). Remediated
 * findings never do: a preview with the pack fixes them.
 */
export function failsAt(finding: Pick<Violation, "level" | "kind">, failOn: FailOn): boolean {
    if (finding.level === "mandatory") return true;
    return failOn === "advisory" && finding.level === "advisory" && finding.kind !== "undetermined";
}

/** A place in the repository: a path relative to the source root ("/" separators), 1-based line and column. */
export interface ReportLocation {
    readonly file: string;
    readonly line: number;
    readonly column: number;
}

export interface ReportedFinding {
    readonly violation: Violation;
    /** The rule's id (the ids, comma-separated, when grouped), or the policy's name when it names no rule. */
    readonly ruleId: string;
    /** The rule core's metadata, when the finding is about one of its rules. */
    readonly rule?: RuleInfo<string>;
    /** The rule core's metadata of every rule the finding is about. */
    readonly rules: readonly RuleInfo<string>[];
    /** The line that created the resource, when it is known. */
    readonly location?: ReportLocation;
    /** At the --fail-on level or above: this finding fails the run. */
    readonly failing: boolean;
    /** "Cannot be checked yet": a value the rule needs is unknown until the update. */
    readonly undetermined: boolean;
    /** The resource as people name it: `type "name"` (the stack itself for a stack-wide finding). */
    readonly resourceLabel: string;
}

const RULES_BY_ID = new Map<string, RuleInfo<string>>(ALL_RULES.map((r) => [r.id, r]));

/** The rule core's metadata of a rule id (undefined for a policy name or another pack's rule). */
export function ruleInfo(id: string): RuleInfo<string> | undefined {
    return RULES_BY_ID.get(id);
}

/** A path as the reports write it: relative to the source root when inside it, else absolute; "/" separators. */
export function reportPath(file: string, sourceRoot: string): string {
    const relative = path.relative(sourceRoot, file);
    const shown = relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
    return shown.split(path.sep).join("/");
}

export function resourceLabel(v: Pick<Violation, "type" | "name">): string {
    return v.name ? `${v.type} "${v.name}"` : "the stack";
}

/**
 * Every finding of the result, in its order (mandatory first): one per rule reported (SARIF and JUnit
 * track each rule), or with `grouped`, one per diagnostic as the pack reported it (what people read:
 * annotations and summaries do not repeat one message for each of the six rules an unknown value holds).
 */
export function reportedFindings(
    result: Pick<OfflineCheckResult, "violations" | "projectDir">,
    options: ReportOptions,
    grouped = false,
): ReportedFinding[] {
    return result.violations.flatMap((violation) => {
        const location = violation.source
            ? {
                  file: reportPath(path.resolve(result.projectDir, violation.source.file), options.sourceRoot),
                  line: violation.source.line,
                  column: violation.source.column,
              }
            : undefined;
        const ids = violation.ruleIds.length > 0 ? violation.ruleIds : [violation.ruleId ?? violation.policy];
        return (grouped ? [ids] : ids.map((id) => [id])).map((group) => {
            const rules = group.flatMap((id) => ruleInfo(id) ?? []);
            const rule = group.length === 1 ? rules[0] : undefined;
            return {
                violation,
                ruleId: group.join(", "),
                ...(rule ? { rule } : {}),
                rules,
                ...(location ? { location } : {}),
                failing: failsAt(violation, options.failOn),
                undetermined: violation.kind === "undetermined",
                resourceLabel: resourceLabel(violation),
            };
        });
    });
}

/** The first line of a message (a title, a test failure's message attribute). */
export function firstLine(text: string): string {
    return text.split("\n", 1)[0];
}
