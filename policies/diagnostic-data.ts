/**
 * The data of one diagnostic of this pack, for programs (the offline check, CI tooling): the rules it
 * reports, what kind of report it is, and the rule core's finding (the property as keys, the value,
 * what is allowed, the fix, the doc link) or the properties whose values are unknown. Its encoder (the
 * pack) and its decoder (the offline check, anyone reading the pack's diagnostics) are both here.
 *
 * Where it travels: the Analyzer protocol's AnalyzeDiagnostic has policyName, policyPackName,
 * policyPackVersion, description, message, enforcementLevel, urn and severity, and nothing meant for
 * data (@pulumi/policy 1.21 sets no other field). The pack has two policies, not one per rule (one
 * per rule would rename what organisations configure, and cost more per resource than the pack's
 * budget: docs/policy-pack.md, "Cost"), so policyName cannot name the rule. `message` is what people
 * read: the Pulumi CLI prints it, and nothing may be parsed back out of it. `description` is the
 * policy's description, which the pack already replaces per diagnostic and the CLI does not print:
 * it carries this record, as one JSON object.
 *
 *     {"format":"azure-vm-patching/diagnostic","version":1,"summary":"R3: Manual needs ...",
 *      "kind":"violation","ruleIds":["R3"],"finding":{"ruleId":"R3","path":["osProfile",
 *      "windowsConfiguration","enableAutomaticUpdates"],"value":"true","allowed":"false",
 *      "fix":"set enableAutomaticUpdates to false ...","docUrl":"https://learn.microsoft.com/..."}}
 *
 * `version` changes with any incompatible change; a reader that does not know a version reads no data
 * (rather than wrong data). Secrets: the finding's value is the rule core's shown value ("[secret]"
 * for a secret), the same text the message already carries.
 */
import { z } from "zod";
import type { PolicyReport } from "./checks";

export const DIAGNOSTIC_DATA_FORMAT = "azure-vm-patching/diagnostic";
export const DIAGNOSTIC_DATA_VERSION = 1;

const findingData = z.object({
    /** The rule broken. */
    ruleId: z.string(),
    /** The property, as keys in the resource's own shape ([] when the finding is about no one property). */
    path: z.array(z.string()),
    /** The value as the message shows it (never a secret). */
    value: z.string(),
    allowed: z.string(),
    fix: z.string(),
    docUrl: z.string(),
});

const diagnosticData = z.object({
    format: z.literal(DIAGNOSTIC_DATA_FORMAT),
    version: z.literal(DIAGNOSTIC_DATA_VERSION),
    /** One line for people: the rule ids and what they check (what the description said before). */
    summary: z.string(),
    /**
     * violation: the rule is broken; exempted: broken, but an exemption covers the resource;
     * undetermined: a value the rules need is unknown (or whether an exemption applies is);
     * configuration: the policy's configuration is invalid (no rule).
     */
    kind: z.enum(["violation", "exempted", "undetermined", "configuration"]),
    /** Every rule the diagnostic reports: one, several for a grouped "cannot be checked yet", none for configuration. */
    ruleIds: z.array(z.string()),
    /** The rule core's finding (violation, exempted, and an undetermined exemption). */
    finding: findingData.optional(),
    /** The properties, as keys, whose unknown values keep the rules undecided. */
    unknownPaths: z.array(z.array(z.string())).optional(),
});

export type FindingData = z.infer<typeof findingData>;
export type DiagnosticData = z.infer<typeof diagnosticData>;

/**
 * The description of a pack diagnostic: its report as one JSON record. Written field by field: the
 * pack encodes about one record per resource of every preview, and building an intermediate object
 * for JSON.stringify to walk costs more than the strings it holds.
 */
export function encodeDiagnosticData(report: PolicyReport): string {
    const { finding, unknownPaths } = report;
    let json = `{"format":"${DIAGNOSTIC_DATA_FORMAT}","version":${DIAGNOSTIC_DATA_VERSION},"summary":${JSON.stringify(report.description)},"kind":"${report.kind}","ruleIds":${JSON.stringify(report.ruleIds)}`;
    if (finding) {
        json += `,"finding":{"ruleId":${JSON.stringify(finding.ruleId)},"path":${JSON.stringify(finding.pathKeys)},"value":${JSON.stringify(finding.value)},"allowed":${JSON.stringify(finding.allowed)},"fix":${JSON.stringify(finding.fix)},"docUrl":${JSON.stringify(finding.docUrl)}}`;
    }
    if (unknownPaths) json += `,"unknownPaths":${JSON.stringify(unknownPaths)}`;
    return `${json}}`;
}

/**
 * The record in a diagnostic's description, or undefined when there is none this reader knows: a
 * diagnostic of another pack (free text), of a later format version, or not well-formed.
 */
export function decodeDiagnosticData(description: string): DiagnosticData | undefined {
    if (!description.startsWith("{")) return undefined;
    let json: unknown;
    try {
        json = JSON.parse(description);
    } catch {
        return undefined;
    }
    const parsed = diagnosticData.safeParse(json);
    return parsed.success ? parsed.data : undefined;
}
