/**
 * The check's result as a SARIF 2.1.0 log, for GitHub code scanning (github/codeql-action/upload-sarif)
 * and any SARIF viewer: every rule of the rule core with its metadata (title, documentation, sources),
 * one result per finding with its level, message and the line that created the resource, and the run's
 * notes and error as tool notifications. Specification:
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html; what GitHub reads of it:
 * https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ALL_RULES } from "../../rules";
import type { RuleInfo } from "../../rules/findings";
import { BIN_NAME } from "../cli-args";
import type { OfflineCheckResult } from "../offline-check";
import {
    firstLine,
    type ReportedFinding,
    type ReportLocation,
    type ReportOptions,
    reportedFindings,
    reportPath,
} from "./findings";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
/** The base every result's path is relative to (the source root, given as an absolute URI in the log). */
const SOURCE_ROOT_ID = "SRCROOT";

type Json = Record<string, unknown>;

/** `patchMode is one of the OS's patch modes` -> `PatchModeIsOneOfTheOSsPatchModes`: SARIF's readable rule name. */
function ruleName(title: string): string {
    return title
        .replace(/[^A-Za-z0-9 ]+/g, "")
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join("");
}

function ruleDescriptor(rule: RuleInfo<string>): Json {
    const sources = rule.sources.map((s) => `- ${s.title}: ${s.url}`).join("\n");
    const appliesTo = rule.appliesTo ? ` Applies to ${rule.appliesTo}.` : "";
    return {
        id: rule.id,
        name: ruleName(rule.title),
        shortDescription: { text: `${rule.id}: ${rule.title}` },
        fullDescription: { text: `${rule.title}.${appliesTo}` },
        helpUri: rule.docUrl,
        help: {
            text: `${rule.id}: ${rule.title}.${appliesTo}\nDocumentation: ${rule.docUrl}\nSources:\n${sources}`,
            markdown: `**${rule.id}**: ${rule.title}.${appliesTo}\n\n[Documentation](${rule.docUrl})\n\nSources:\n${rule.sources.map((s) => `- [${s.title}](${s.url})`).join("\n")}`,
        },
        defaultConfiguration: { level: rule.severity === "error" ? "error" : "warning" },
        properties: { tags: ["azure", "patching", "pulumi"] },
    };
}

/** A policy reported without a rule id (an argument error, another pack's policy, a stack policy). */
function policyDescriptor(finding: ReportedFinding): Json {
    const text = finding.violation.description || `Policy ${finding.ruleId}`;
    return {
        id: finding.ruleId,
        name: ruleName(finding.ruleId.replace(/[-_:]/g, " ")),
        shortDescription: { text: firstLine(text) },
        fullDescription: { text },
        properties: { tags: ["azure", "pulumi"] },
    };
}

function sarifLevel(finding: ReportedFinding): "error" | "warning" | "note" {
    if (finding.failing) return "error";
    if (finding.violation.level === "advisory" && !finding.undetermined) return "warning";
    return "note";
}

function physicalLocation(location: ReportLocation): Json {
    const absolute = path.isAbsolute(location.file);
    return {
        artifactLocation: absolute
            ? { uri: pathToFileURL(location.file).href }
            : { uri: encodeURI(location.file), uriBaseId: SOURCE_ROOT_ID },
        region: { startLine: location.line, startColumn: Math.max(1, location.column) },
    };
}

/** Stable across runs and line moves: the resource, the rule, the policy. */
function fingerprint(finding: ReportedFinding): string {
    const v = finding.violation;
    return createHash("sha256").update(`${v.urn}\n${finding.ruleId}\n${v.policy}`).digest("hex").slice(0, 32);
}

function sarifResult(finding: ReportedFinding, ruleIndex: number, fallback: ReportLocation): Json {
    const v = finding.violation;
    return {
        ruleId: finding.ruleId,
        ruleIndex,
        level: sarifLevel(finding),
        message: { text: v.message },
        locations: [
            {
                physicalLocation: physicalLocation(finding.location ?? fallback),
                logicalLocations: [
                    {
                        name: v.name || "(stack)",
                        fullyQualifiedName: v.urn,
                        kind: "resource",
                    },
                ],
            },
        ],
        partialFingerprints: { "azureVmPatchingFinding/v1": fingerprint(finding) },
        properties: {
            resourceType: v.type,
            resourceUrn: v.urn,
            policy: v.policy,
            policyPack: v.policyPack,
            enforcementLevel: v.level,
            ...(v.kind ? { findingKind: v.kind } : {}),
            ...(v.path ? { propertyPath: v.path.join(".") } : {}),
            ...(finding.location ? {} : { locationIsProgram: true }),
            ...(v.remediation ? { remediation: v.remediation.changes } : {}),
        },
    };
}

interface SarifRunInput {
    readonly result?: OfflineCheckResult;
    readonly error?: { readonly message: string; readonly name?: string };
    readonly exitCode: number;
    readonly toolVersion: string;
}

function sarifLog(input: SarifRunInput, options: ReportOptions): Json {
    const rules: Json[] = ALL_RULES.map(ruleDescriptor);
    const indexOf = new Map(ALL_RULES.map((r, i) => [r.id as string, i]));
    const results: Json[] = [];
    const notifications: Json[] = [];
    if (input.result) {
        const result = input.result;
        const program = { file: reportPath(result.program, options.sourceRoot), line: 1, column: 1 };
        for (const finding of reportedFindings(result, options)) {
            let index = indexOf.get(finding.ruleId);
            if (index === undefined) {
                index = rules.push(policyDescriptor(finding)) - 1;
                indexOf.set(finding.ruleId, index);
            }
            results.push(sarifResult(finding, index, program));
        }
        for (const note of result.notes) notifications.push({ level: "note", message: { text: note } });
    }
    if (input.error) {
        notifications.push({
            level: "error",
            message: { text: input.error.message },
            descriptor: { id: input.error.name ?? "Error" },
        });
    }
    const category = input.result ? `${input.result.project}/${input.result.stack}` : "check";
    return {
        $schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: BIN_NAME,
                        version: input.toolVersion,
                        semanticVersion: input.toolVersion,
                        rules,
                    },
                },
                automationDetails: { id: `${BIN_NAME}/${category}/` },
                originalUriBaseIds: {
                    [SOURCE_ROOT_ID]: { uri: pathToFileURL(options.sourceRoot + path.sep).href },
                },
                invocations: [
                    {
                        executionSuccessful: !input.error,
                        exitCode: input.exitCode,
                        toolExecutionNotifications: notifications,
                    },
                ],
                results,
            },
        ],
    };
}

/** The SARIF log of a finished check. */
export function toSarif(
    result: OfflineCheckResult,
    exitCode: number,
    toolVersion: string,
    options: ReportOptions,
): string {
    return `${JSON.stringify(sarifLog({ result, exitCode, toolVersion }, options), null, 2)}\n`;
}

/** The SARIF log of a check that ended in an error: no results, the error as a notification. */
export function toSarifError(
    error: { readonly message: string; readonly name?: string },
    exitCode: number,
    toolVersion: string,
    options: ReportOptions,
): string {
    return `${JSON.stringify(sarifLog({ error, exitCode, toolVersion }, options), null, 2)}\n`;
}
